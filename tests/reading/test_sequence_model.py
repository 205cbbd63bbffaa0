"""The sequence model: its strip, its CTC decoding, its evidence, the cuts it hints at, its
training, and reading without it."""

import itertools

import numpy as np
import pytest

from digitpad.reading.reader import layout_of
from digitpad.reading.reading_aids import ReadingAid
from digitpad.reading.sequence_model import (
    ALPHABET,
    MARGIN,
    STRIP_DIGIT,
    STRIP_HEIGHT,
    STRIP_MULTIPLE,
    SequenceEvidence,
    column_probabilities,
    greedy_text,
    line_strip,
    sequence_path,
    text_log_probability,
)
from tests.number_fixtures import field_side_and_bottom, number_drawing, number_image, reshaped

CLASSES = 1 + len(ALPHABET)


def columns(*rows) -> np.ndarray:
    """Column probabilities from (class, probability) per column, the rest spread evenly."""
    result = np.zeros((len(rows), CLASSES))
    for t, (k, p) in enumerate(rows):
        result[t] = (1 - p) / (CLASSES - 1)
        result[t, k] = p
    return result


def code(character: str) -> int:
    return ALPHABET.index(character) + 1


def test_greedy_text_merges_repeats_and_drops_blanks():
    probabilities = columns(
        (code("1"), 0.9), (code("1"), 0.8), (0, 0.9), (code("1"), 0.7), (code("."), 0.9), (0, 0.9), (code("5"), 0.6)
    )
    assert greedy_text(probabilities) == "11.5"


def test_a_texts_probability_sums_every_alignment():
    rng = np.random.default_rng(0)
    logits = rng.normal(size=(5, CLASSES))
    probabilities = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    small = [0, code("1"), code("2")]  # enumerate alignments over three classes only

    def collapse(path):
        kept = [k for i, k in enumerate(path) if k != 0 and (i == 0 or k != path[i - 1])]
        return "".join(ALPHABET[k - 1] for k in kept)

    for text in ("12", "1", "11", ""):
        brute = sum(
            np.prod([probabilities[t, k] for t, k in enumerate(path)])
            for path in itertools.product(small, repeat=5)
            if collapse(path) == text
        )
        assert np.isclose(np.exp(text_log_probability(probabilities, text)), brute)


def test_the_strip_holds_the_line_at_the_models_digit_height():
    layout, _ = layout_of(number_image("2026"))
    strip, scale, left = line_strip(layout)
    assert strip.shape[0] == STRIP_HEIGHT and strip.shape[1] % STRIP_MULTIPLE == 0 and strip.dtype == np.float32
    assert scale == pytest.approx(STRIP_DIGIT / layout.digit_height)
    rows = np.flatnonzero(strip.max(axis=1) > 0.5)
    assert STRIP_DIGIT - 3 <= rows[-1] - rows[0] + 1 <= STRIP_DIGIT + 3  # the digits, scaled
    first_ink = int(np.flatnonzero(strip.max(axis=0) > 0.5)[0])
    assert abs(first_ink - ((layout.pieces[0].left - left) * scale + MARGIN)) <= 2


def test_a_forms_printed_side_is_left_out_of_the_strip():
    # The model met printed fields only as its training drew them; a field's bare left side
    # (a hairline as tall as the digits) it read as a "1" ("1427").
    image = field_side_and_bottom(number_image("427"))
    layout, _ = layout_of(image)
    side = min(layout.printed_lines)
    strip, scale, left = line_strip(layout)
    x = int(round((layout.pieces[side].left - left) * scale)) + MARGIN
    above_the_bottom_line = strip[: STRIP_HEIGHT // 2, x - 1 : x + 2]
    assert above_the_bottom_line.max() < 0.05


def test_evidence_says_where_characters_are_and_how_many():
    # Columns: blank, "4" over two columns, blank, "2", blank: strip x 0-24, layout scale 1.
    evidence = SequenceEvidence(
        columns((0, 0.95), (code("4"), 0.9), (code("4"), 0.9), (0, 0.95), (code("2"), 0.95), (0, 0.95)),
        scale=1.0,
        left=float(MARGIN),
    )
    # layout x = strip x here: column t covers x 4t..4t+4.
    assert evidence.emitted(4, 12)[code("4") - 1] > 0.95
    assert evidence.emitted(4, 12)[code("2") - 1] < 0.1
    assert evidence.count(4, 12) == pytest.approx(1.0, abs=0.2)  # "4" spans two columns: one character
    assert evidence.count(0, 24) == pytest.approx(2.0, abs=0.45)  # (and a little of every class everywhere)
    assert evidence.boundaries() == [pytest.approx(20.0)]  # where the "2"'s ink begins: its column, + EMISSION_LEAD
    assert evidence.digit_places() == [(pytest.approx(6.0), False), (pytest.approx(18.0), False)]  # first emitted
    assert evidence.boundaries_beside() == [(pytest.approx(20.0), False, False)]  # no 1 either side


def test_a_hint_cuts_ink_where_a_seam_crosses_little_of_it():
    layout, _ = layout_of(number_image([("0", "oval")]))  # narrow enough not to be cut by itself
    assert len(layout.pieces) == 1
    one = layout.pieces[0]
    recut = layout.recut([one.left + one.width / 2])
    assert len(recut.pieces) == 2 and recut.pieces[0].left < recut.pieces[1].left
    assert recut.recut([]) is recut and layout_of(number_drawing("38"))[0].recut([30.0]).from_strokes


def test_two_digits_read_over_one_piece_part_it_when_it_sees_them_meet_near_its_sides():
    # "09" overlapping: the sequence model emits the 0 over its left edge and the 9 as late as
    # the piece's right edge, so where it sees the 9 begin is too near a side to cut at.
    layout, _ = layout_of(number_image(["0", "9"], gaps=[-8.0]))
    assert len(layout.pieces) == 1
    one = layout.pieces[0]
    nine_begins = [one.right + 2.0]
    assert layout.recut(nine_begins) is layout
    recut = layout.recut(nine_begins, places=[(one.left + 4.0, False), (one.right - 4.0, False)])
    assert len(recut.pieces) == 2 and recut.pieces[0].right < one.right and recut.pieces[1].left > one.left
    assert layout.recut(nine_begins, places=[(one.left + 4.0, False)]) is layout  # one digit read: one digit


def test_two_digits_read_over_a_narrow_piece_are_parted_halfway_between_where_each_is_emitted():
    # "87" overlapping, too narrow for three digits' widths (the next digit, emitted early, is
    # counted near its side): the 8 emitted at its left edge, the 7 late over its right part
    # (10880 of a touching 108780). Not halfway to the next digit's place beyond its side.
    layout, _ = layout_of(number_image(["8", "7", "3"], gaps=[-12.0, 6.0]))
    pair = layout.pieces[0]
    assert len(layout.pieces) == 2 and pair.width < 1.2 * layout.digit_height
    eight, seven, three = pair.left + 2.0, pair.left + 0.8 * pair.width, pair.right + 20.0
    recut = layout.recut([], places=[(eight, False), (seven, False), (three, False)])
    assert len(recut.pieces) == 3 and recut.pieces[0].right < seven and recut.pieces[1].left > eight
    assert layout.recut([], places=[(eight, False), (pair.right + 40.0, False)]) is layout  # one digit read: one


def test_a_one_touching_the_digit_after_it_is_parted_halfway_to_where_that_digit_is_emitted():
    # "145" whose 1 touches the 4: the model emits the 1 at its left edge and the 4 over its
    # middle, and sees the 4 begin a little after that, inside the 4 (45-6650 of 145-6650).
    layout, _ = layout_of(number_image(["1", "4"], gaps=[-2.0]))
    assert len(layout.pieces) == 1
    pair = layout.pieces[0]
    height = layout.digit_height
    one, four, four_begins = pair.left + 2.0, pair.left + 0.3 * height, pair.left + 0.5 * height
    recut = layout.recut([], places=[(one, True), (four, False)], beside_ones=[(four_begins, True, False)])
    assert recut.pieces[0].left == pair.left and recut.pieces[0].width < 0.3 * height  # the 1 alone


def test_a_one_touching_its_neighbour_is_cut_off_near_the_side():
    # "81" whose 1 touches the 8's right tips: one piece, the 1 a narrow strip at its right.
    layout, _ = layout_of(number_image(["8", "1"], gaps=[2.0]))
    assert len(layout.pieces) == 1
    one = layout.pieces[0]
    one_begins = one.right - 0.1 * layout.digit_height  # nearer the side than HINT_NEAR
    assert layout.recut([one_begins]) is layout
    recut = layout.recut([], beside_ones=[(one_begins, False, True)])
    assert len(recut.pieces) == 2 and recut.pieces[1].width < 0.3 * layout.digit_height
    # Seen to begin nearer the side still (its columns lead the ink: the 1 of "0410" against
    # the 4's right side): cut as near the side as a cut beside a 1 may be.
    recut = layout.recut([], beside_ones=[(one.right - 0.03 * layout.digit_height, False, True)])
    assert len(recut.pieces) == 2 and recut.pieces[1].width < 0.3 * layout.digit_height
    # A cut the model places beside a 1 leaves that 1 narrow: "15" whose 5 it emits late sees
    # the two meet near the right side, where a cut would leave a 1 as wide as the piece.
    wide, _ = layout_of(number_image(["1", reshaped("5", widen=1.5)], gaps=[2.0]))
    assert len(wide.pieces) == 1
    five_begins = wide.pieces[0].right - 0.1 * wide.digit_height
    assert wide.recut([], beside_ones=[(five_begins, True, False)]) is wide
    assert len(wide.recut([], beside_ones=[(five_begins, False, True)]).pieces) == 2  # (as if a 1 ended it)
    # read as a 1 beside an 8 (a 1 is narrow) where it sees both begin only near the sides
    places = [(one.left + 4.0, False), (one.right - 4.0, True)]
    assert len(layout.recut([one.right + 2.0], places=places).pieces) == 2


def test_the_shipped_model_reads_a_number_on_the_pad_and_in_an_image():
    assert sequence_path().is_file() and sequence_path().stat().st_size < 5_000_000
    for source in (number_drawing("4096"), number_image("4096"), number_image(["1", "2", "/", "0", "5"])):
        layout, _ = layout_of(source)
        probabilities = column_probabilities(line_strip(layout)[0])
        assert greedy_text(probabilities) in ("4096", "12/05")


def test_touching_digits_an_image_cut_wrongly_alone_are_read_with_its_help(recognizer):
    # Inks overlapping by two pad units: the seams alone part them wrongly ("33526").
    assert recognizer.read(number_image(["3", "8", "5", "2", "6"], gaps=[2.0] * 4)).text == "38526"


def test_reading_goes_on_without_the_model(recognizer, tmp_path, monkeypatch, caplog):
    broken = tmp_path / "number-sequence.onnx"
    broken.write_bytes(b"not a model")
    monkeypatch.setattr("digitpad.reading.sequence_model.sequence_path", lambda: broken)
    assert column_probabilities(np.zeros((STRIP_HEIGHT, 64), np.float32)) is None
    monkeypatch.setattr(recognizer, "sequence_path", broken)
    assert recognizer.read(number_image("2026")).text == "2026"
    monkeypatch.setattr(recognizer, "sequence_path", tmp_path / "missing.onnx")
    assert recognizer.read(number_drawing("42")).text == "42"
    assert "cannot be used" in caplog.text and "missing" in caplog.text


def test_one_digit_reads_as_predict_reads_it(recognizer):
    image = number_image("7")
    assert recognizer.read(image).digits[0].prediction.confidence == pytest.approx(recognizer.predict(image).confidence)


@pytest.fixture(scope="module")
def recognizer():
    from digitpad import load_recognizer

    return load_recognizer()


@pytest.mark.slow
def test_training_batches_of_any_width_follow_batches_as_wide_as_each_other():
    # Keras guessed a PyDataset's shapes from its first two batches: when both were 64 pixels
    # wide, a fold's training stopped at the first wider batch.
    pytest.importorskip("tensorflow")
    from digitpad.training import sequence_training

    strips = [np.zeros((STRIP_HEIGHT, width), np.float32) for width in (64, 64, 64, 160)]
    dataset, count = sequence_training._batches_each_epoch(strips, [[1], [2], [3], [4]], 1, seed=0)
    for _ in range(2):  # each epoch anew
        widths = sorted(int(x.shape[2]) for x, _ in dataset)
        assert count == 4 and widths == [64, 64, 64, 160]


@pytest.mark.slow
def test_training_writes_a_model_that_reads_a_strip(tmp_path, monkeypatch):
    pytest.importorskip("tensorflow")
    import sys

    from digitpad.training import sequence_training

    out = tmp_path / "sequence.onnx"
    monkeypatch.setattr(sys, "argv", ["x", "--numbers", "80", "--epochs", "1", "--out", str(out)])
    sequence_training.main()
    probabilities = column_probabilities(np.zeros((STRIP_HEIGHT, 96), np.float32), ReadingAid(out))
    assert probabilities is not None and probabilities.shape == (96 // sequence_training.DEFAULT_STEP, CLASSES)
    assert np.allclose(probabilities.sum(axis=1), 1.0)
