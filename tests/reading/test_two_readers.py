"""Two readers of a number: where the sequence model's word on the digits (`digitpad.reading.agreement`)
makes the path surer, spells it, or is overruled by a digit the recognizer reads clearly."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from digitpad import load_recognizer
from digitpad.reading.reader import layout_of
from tests.number_fixtures import ZIGZAG, both, number_drawing, number_image, reshaped
from tests.reading.sequence_stand_ins import said_over_pieces


@pytest.fixture(scope="module")
def recognizer():
    return load_recognizer()


def test_a_digit_the_recognizer_reads_clearly_is_kept_where_the_sequence_model_misses_it(recognizer, monkeypatch):
    # It misses digits of shapes it never learnt (a cursive 4 at a number's end) and is then
    # all but certain of its text without them: "53496" of 534964 at 98 %.
    image = both(list("3047"))["image"]
    said_over_pieces(monkeypatch, ["3", "0", "4", None])
    assert recognizer.read(image).text == "3047"


def test_a_digit_cut_from_more_ink_is_no_digit_the_sequence_model_missed(recognizer):
    # The halves of a digit cut in two can each read clearly ("2300803834" for 230803834): a
    # digit the path has more than the sequence model stands only in ink of its own.
    from digitpad.reading import agreement
    from digitpad.reading.paths import Candidate

    layout, _ = layout_of(number_image(["3", reshaped("0", widen=1.8)]))
    whole = 0
    cut = max(range(1, len(layout.pieces)), key=lambda i: layout.pieces[i].height)  # (the 0 cut into three)
    assert layout.cut_through(cut, cut + 1) and not layout.cut_through(whole, whole + 1)
    clear = recognizer.predict_images28(np.zeros((1, 28, 28), np.float32))[0]
    clear = dataclasses.replace(clear, confidence=1.0, not_a_digit_probability=0.0)
    chosen = [Candidate(i, i + 1, 0.0, clear, layout.box(i, i + 1)) for i in (whole, cut)]
    tall = [i for i in (whole, cut) if layout.pieces[i].height >= 0.7 * layout.digit_height]
    assert tall == [whole, cut]
    read = clear.label * 2
    assert agreement._misses_a_clear_digit(layout, chosen[:1] + chosen[:1], read, clear.label)
    assert not agreement._misses_a_clear_digit(layout, [chosen[1], chosen[1]], read, clear.label)


@pytest.mark.parametrize("where", ["pad", "image"])
def test_a_place_both_readers_read_as_the_same_digit_is_a_digit(recognizer, monkeypatch, where):
    number = both(["2", ZIGZAG, "3"])[where]
    monkeypatch.setattr(recognizer, "sequence_path", False)
    alone = recognizer.read(number)
    assert alone.text == "2?3"  # the recognizer calls the zigzag no digit
    monkeypatch.undo()
    guess = alone.guess[1] if alone.guess[1] != "?" else alone.digits[1].prediction.label
    said_over_pieces(monkeypatch, ["2", guess, "3"])
    agreed = recognizer.read(number)
    assert agreed.text == f"2{guess}3"  # the sequence model's text has that digit there too


def test_a_digit_the_recognizer_hesitates_over_is_as_sure_as_the_sequence_models_text_of_it(recognizer, monkeypatch):
    import dataclasses

    from digitpad.reading import reader as reading
    from digitpad.reading.sequence_model import ALPHABET, MARGIN, SequenceEvidence, line_strip

    def hesitating_over_threes(images):
        predictions = original(images)
        for i, prediction in enumerate(predictions):
            if prediction.label == "3":  # "3 or 5?"
                probabilities = np.full(10, 0.15 / 8)
                probabilities[3], probabilities[5] = 0.45, 0.40
                predictions[i] = dataclasses.replace(prediction, confidence=0.45, probabilities=probabilities)
        return predictions

    def evidence(layout, path=None):
        # Its text is surely "2036", but it emits the 3 two columns after the 3's box (its
        # columns need not lie over the ink): its word on that place alone says nothing.
        strip, scale, left = line_strip(layout)
        probabilities = np.full((strip.shape[1] // 4, 1 + len(ALPHABET)), 1e-5)
        probabilities[:, 0] = 1.0
        for piece, character in zip(sorted(layout.pieces, key=lambda p: p.left), "2036"):
            x = piece.right + 2.5 * 4 / scale if character == "3" else piece.centre_x
            t = int(((x - left) * scale + MARGIN) / 4)
            probabilities[t, 0] = 1e-5
            probabilities[t, ALPHABET.index(character) + 1] = 1.0
        probabilities /= probabilities.sum(axis=1, keepdims=True)
        return SequenceEvidence(probabilities, scale, left, 4)

    original = recognizer.predict_images28
    monkeypatch.setattr(recognizer, "predict_images28", hesitating_over_threes)
    number = number_drawing(list("2036"), gaps=[6.0, 6.0, 30.0])
    monkeypatch.setattr(recognizer, "sequence_path", False)
    assert recognizer.read(number).text == "20?6"  # the recognizer alone
    monkeypatch.setattr(recognizer, "sequence_path", None)
    monkeypatch.setattr(reading, "sequence_evidence", evidence)
    assert recognizer.read(number).text == "2036"


def test_a_digit_the_recognizer_doubts_that_the_sequence_models_text_lacks_is_none(recognizer, monkeypatch):
    # A stray stroke between the 5 and the 0 of "508" (on the pad, "5?08-7344" of a writer):
    # the recognizer doubts it, the sequence model reads no digit there.
    written = both(["5", ZIGZAG, "0", "8"])["image"]
    said_over_pieces(monkeypatch, ["5", None, "0", "8"])
    assert recognizer.read(written).text == "508"  # 5?08 before


def test_only_a_doubted_digit_is_taken_out_where_the_sequence_models_text_lacks_it():
    from types import SimpleNamespace

    from digitpad.inference.prediction import Status
    from digitpad.reading.agreement import without_a_doubted_extra
    from tests.reading.sequence_stand_ins import emitted_in_columns

    def path(*statuses):
        return [SimpleNamespace(prediction=SimpleNamespace(label=d, status=s)) for d, s in zip("5108", statuses)]

    sure = emitted_in_columns([(10, "5", 1.0), (90, "0", 1.0), (130, "8", 1.0)])
    doubted = path(Status.DIGIT, Status.UNCERTAIN, Status.DIGIT, Status.DIGIT)
    assert [c.prediction.label for c in without_a_doubted_extra(sure, doubted)] == ["5", "0", "8"]
    clear = path(*[Status.DIGIT] * 4)  # the recognizer reads it clearly: it stays
    assert without_a_doubted_extra(sure, clear) == clear
    unsure = emitted_in_columns([(10, "5", 1.0), (90, "0", 0.6), (130, "8", 0.6)])  # a text it doubts itself
    assert unsure.text == "508" and unsure.text_probability < 0.5
    assert without_a_doubted_extra(unsure, doubted) == doubted
    nothing = emitted_in_columns([])  # a lone mark it reads no digit in: still a reading of one
    assert without_a_doubted_extra(nothing, doubted[1:2]) == doubted[1:2]


def test_only_ones_are_merged_repeats_to_the_sequence_model():
    # Its columns can merge two close 1s into one, not other equal digits: a "41022" it reads
    # 4102 (a closing "/-" the path took for a 2) is spelt as it reads it.
    from digitpad.reading.agreement import without_repeats

    assert without_repeats("29111") == without_repeats("291") == "291"
    assert without_repeats("41022") == "41022"


@pytest.mark.parametrize("sure, spelt", [(0.95, True), (0.85, False)], ids=["certain", "less-sure"])
def test_a_text_the_sequence_model_is_certain_of_is_spelt_at_a_higher_cost(monkeypatch, sure, spelt):
    # On paper the path reads "26" (the 1 and a 6 merged and dropped); the model reads "1266", its
    # text e^15 times likelier than "26". Spelling "1266" costs the path 20: more than that lead
    # of 15 when the text is 85 % likely, within twice it (SPELLING_LEAD_CERTAIN) at 95 %.
    import math
    from types import SimpleNamespace

    from digitpad.reading import agreement

    monkeypatch.setattr(agreement, "text_log_probability", lambda probabilities, text: math.log(sure))
    monkeypatch.setattr(agreement, "_digits_log_probability", lambda probabilities, digits, text: math.log(sure) - 15)
    monkeypatch.setattr(agreement, "fused", lambda prediction, evidence, box, weight=1.0: prediction)
    paths = {"1266": (["the path spelling 1266"], -30.0), "26": (["the path spelling 26"], -10.0)}
    monkeypatch.setattr(
        agreement, "spelling_path", lambda layout, candidates, separators, digits, digits_end: paths[digits]
    )
    chosen = [SimpleNamespace(prediction=SimpleNamespace(label=label), end=end) for label, end in (("2", 1), ("6", 4))]
    evidence = SimpleNamespace(text="1266", probabilities=None)
    result, _ = agreement.spelled(SimpleNamespace(pieces=[None] * 4), [], frozenset(), evidence, chosen, 0.5)
    assert result == (["the path spelling 1266"] if spelt else chosen)
