"""Numbers as people write them: tight and touching digits, a 1 leaning into its neighbour, a
wide 0, amounts on forms (a printed frame, ruled and textured paper, closing marks)."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from PIL import Image, ImageDraw

from digitpad import load_recognizer
from digitpad.data.synth.forms import PAPERS, render_amount
from digitpad.imaging.drawing import Drawing
from digitpad.reading.reader import layout_of
from tests.number_fixtures import number_drawing, number_image, number_strokes, reshaped


@pytest.fixture(scope="module")
def recognizer():
    return load_recognizer()


def both(digits, gaps=None):
    return {"pad": number_drawing(digits, gaps), "image": number_image(digits, gaps)}


@pytest.mark.parametrize("where", ["pad", "image"])
@pytest.mark.parametrize("gap", [4.5, 3.0], ids=["tight", "touching"])
def test_digits_written_tight_or_touching_are_all_read(recognizer, where, gap):
    # With a 4-unit pen, 4.5 leaves half a unit between the inks (about 0.01 digit heights, as a
    # quarter of real writers' gaps); 3.0 makes them overlap by one.
    assert recognizer.read(both(["3", "8", "5", "2", "6"], gaps=[gap] * 4)[where]).text == "38526"


@pytest.mark.parametrize("where", ["pad", "image"])
def test_a_one_leaning_into_its_neighbour_stays_a_one(recognizer, where):
    leaning_one = reshaped("1", "bar", lean_deg=14)
    assert recognizer.read(both(["2", leaning_one, "4"], gaps=[4.0, -1.0])[where]).text == "214"  # its ink over the 4's


@pytest.mark.parametrize("where", ["pad", "image"])
def test_a_wide_zero_is_one_digit(recognizer, where):
    wide_zero = reshaped("0", "oval", widen=1.6)
    assert recognizer.read(both(["1", wide_zero, "5"])[where]).text == "105"


def framed(image: np.ndarray, margin: int = 14, thickness: int = 3) -> np.ndarray:
    """The number in a printed field: a grey rectangle round it, a little away from the ink."""
    ink_rows = np.flatnonzero(image.min(axis=1) < 128)
    ink_cols = np.flatnonzero(image.min(axis=0) < 128)
    canvas = Image.fromarray(np.pad(image, margin + thickness, constant_values=255))
    top, bottom = ink_rows[0] + thickness, ink_rows[-1] + 2 * margin + thickness
    left, right = ink_cols[0] + thickness, ink_cols[-1] + 2 * margin + thickness
    ImageDraw.Draw(canvas).rectangle((left, top, right, bottom), outline=90, width=thickness)
    return np.asarray(canvas)


def test_a_printed_frame_round_the_number_is_no_pair_of_ones(recognizer):
    assert recognizer.read(framed(number_image(["4", "2", "7"]))).text == "427"


@pytest.mark.parametrize("where", ["pad", "image"])
@pytest.mark.parametrize("closing", [["/", "-"], ["-"], [".", "-"]])
def test_a_mark_closing_an_amount_is_left_out(recognizer, where, closing):
    assert recognizer.read(both(["2", "5", "0"] + closing)[where]).text == "250"


@pytest.mark.parametrize("where", ["pad", "image"])
@pytest.mark.parametrize("digits", [["7", "3", "2"], ["9", "1", "4"]])
def test_a_closing_slash_written_steep_as_a_one_is_left_out(recognizer, where, digits):
    # A slash of 20 degrees is too steep for the rules to call it one: the path reads it as a
    # last 1 (7321), which the sequence model sees no character in.
    steep_slash = reshaped("1", "bar", lean_deg=20)
    assert recognizer.read(both(digits + [steep_slash, "-"])[where]).text == "".join(digits)


@pytest.mark.parametrize("where", ["pad", "image"])
@pytest.mark.parametrize("ones_lean, slash_lean", [(-8, 6), (-10, 8)])
def test_a_closing_slash_leaning_a_little_more_than_the_writers_ones_is_left_out(
    recognizer, where, ones_lean, slash_lean
):
    # Writers' slashes of "/-" lean 7-32 degrees, most under the 26 a slash between digits
    # needs, and more than their own 1s: 2141 before.
    one, slash = reshaped("1", "bar", lean_deg=ones_lean), reshaped("1", "bar", lean_deg=slash_lean)
    assert recognizer.read(both(["2", one, "4", slash, "-"])[where]).text == "214"
    assert recognizer.read(both(["5", "0", reshaped("1", "bar", lean_deg=18), "-"])[where]).text == "50"


@pytest.mark.parametrize("where", ["pad", "image"])
def test_a_last_one_before_a_closing_dash_stays_a_one(recognizer, where):
    one = reshaped("1", "bar", lean_deg=10)
    assert recognizer.read(both(["2", one, "4", one, "-"])[where]).text == "2141"  # leaning as the writer's 1s
    assert recognizer.read(both(["9", one, "-"])[where]).text == "91"  # the line's only 1: a slash leans more
    assert recognizer.read(both(["9", one, ".", "-"])[where]).text == "91"  # the slash of "/-" is right before it


def field_side_and_bottom(image: np.ndarray, margin: int = 14) -> np.ndarray:
    """The number in a printed field of which only the left side and the bottom line show."""
    rows, cols = np.flatnonzero(image.min(axis=1) < 128), np.flatnonzero(image.min(axis=0) < 128)
    canvas = Image.fromarray(np.pad(image, margin, constant_values=255))
    draw = ImageDraw.Draw(canvas)
    left, bottom = cols[0] + margin // 2, rows[-1] + 2 * margin - 4
    draw.line((left, rows[0] - 2, left, bottom + 4), fill=90, width=1)
    draw.line((left, bottom, canvas.width - 3, bottom), fill=90, width=1)
    return np.asarray(canvas)


@pytest.mark.parametrize("digits", [["4", "2", "7"], ["6", "0", "5"]])
def test_a_fields_printed_side_is_no_one(recognizer, digits):
    assert recognizer.read(field_side_and_bottom(number_image(digits))).text == "".join(digits)  # 1427 before


def test_a_closing_slash_in_a_printed_field_is_left_out(recognizer):
    # The field's corner after the dash (a thin L, not a straight line) closes the amount too.
    one, slash = reshaped("1", "bar", lean_deg=-6), reshaped("1", "bar", lean_deg=10)
    image = render_amount(number_strokes(["2", one, "4", "0", slash, "-"]), 4.0, np.random.default_rng(3), 4, "boxed")
    assert recognizer.read(image).text == "2140"  # 21401 before


@pytest.mark.parametrize("gap", [2.0, 3.0])
def test_a_one_touching_the_digit_before_it_in_an_image_is_read(recognizer, gap):
    # The 1 touches the 8's right tips: one piece, where the sequence model reads "81" but
    # emits the 1 at the piece's right edge, too near it to cut there ("8" before).
    assert recognizer.read(number_image(["8", "1"], gaps=[gap])).text == "81"


def test_a_speck_at_the_digits_top_above_a_period_makes_no_colon(recognizer):
    # What a form's frame leaves where a digit touched it, right above the period ("81,460:24").
    image = number_image(["1", "2", ".", "5", "0"])
    layout, _ = layout_of(image)
    period = min(layout.set_aside + layout.pieces, key=lambda piece: piece.width * piece.height)
    top, middle = min(p.top for p in layout.pieces), (period.left + period.right) // 2
    image[top + 2 : top + 16, middle - 7 : middle + 7] = 0
    assert recognizer.read(image).text == "12.50"  # 12:50 before


def test_a_field_cropped_at_its_frame_is_read(recognizer):
    # Cropped at the field's thin frame, with a thick line under it: half the picture's edge
    # is dark, which made the paper the ink ("??0??" for 81,460.24 on a boxed form).
    framed = number_image(["8", "1", "4", "6"])
    framed[:3], framed[:, :3], framed[:, -3:] = 40, 40, 40
    framed = np.vstack([framed, np.full((framed.shape[0] // 8, framed.shape[1]), 40, np.uint8)])
    assert recognizer.read(framed).text == "8146"


def test_a_digit_written_lighter_than_its_neighbours_is_read(recognizer):
    """A light pencil stroke between dark ones ("417" was read "47": the sequence model, which
    learnt dark strips, saw no digit there and outvoted the recognizer)."""
    image = number_image(["4", "1", "7"]).astype(np.float32)
    ink = 255.0 - image
    columns = np.flatnonzero(ink.max(axis=0) > 0)
    gaps = np.flatnonzero(np.diff(columns) > 1)  # the blank columns round the 1
    one = slice(columns[gaps[0] + 1], columns[gaps[1]] + 1)
    ink[:, one] *= 0.5  # half as dark
    assert recognizer.read(np.round(255.0 - ink).astype(np.uint8)).text == "417"


def test_a_seven_crossed_last_is_no_closing_dash(recognizer):
    assert recognizer.read(number_drawing(["4", ("7", "crossed")])).text == "47"


@pytest.mark.parametrize("paper", PAPERS)
def test_amounts_on_textured_patterned_ruled_and_boxed_paper(recognizer, paper):
    strokes = number_strokes(["3", "6", "0", "8"])
    image = render_amount(strokes, 4.0, np.random.default_rng(3), 4, paper)
    assert recognizer.read(image).text == "3608"


def test_forms_paper_is_drawn_round_the_ink():
    strokes = number_strokes(["1", "2"])
    ink = Drawing(tuple(tuple(s) for s in strokes), 4.0)
    image = np.asarray(render_amount(list(ink.strokes), 4.0, np.random.default_rng(0), 2, "boxed").convert("L"))
    assert image.shape[0] == 112 and image.min() < 100  # the frame and the ink are there


# The sequence model's word on separators, set by each test: over each piece of the layout and
# each mark set aside (left to right) the character it emits there, or None for nothing.


def said_over_pieces(monkeypatch, characters, doubt: float = 1e-5) -> None:
    """`doubt`: every other character's share in every column (1e-5: a text about 100 % likely)."""
    from digitpad.reading import reader as reading
    from digitpad.reading.sequence_model import ALPHABET, MARGIN, SequenceEvidence, line_strip

    def evidence(layout, path=None):
        strip, scale, left = line_strip(layout)
        step = 4
        probabilities = np.full((strip.shape[1] // step, 1 + len(ALPHABET)), doubt)
        probabilities[:, 0] = 1.0
        pieces = sorted(layout.pieces + layout.set_aside, key=lambda p: p.left)
        assert len(pieces) == len(characters), [(p.left, p.width) for p in pieces]
        for piece, character in zip(pieces, characters):
            if character is None:
                continue
            x0, x1 = ((piece.left - left) * scale + MARGIN) / step, ((piece.right - left) * scale + MARGIN) / step
            columns = range(int(x0), max(int(np.ceil(x1)), int(x0) + 1))
            probabilities[columns, 0] = 1e-5
            # a character, or {character: its share} where it is torn between two
            for each, share in (character if isinstance(character, dict) else {character: 1.0}).items():
                probabilities[columns, ALPHABET.index(each) + 1] = share
        probabilities /= probabilities.sum(axis=1, keepdims=True)
        return SequenceEvidence(probabilities, scale, left, step)

    monkeypatch.setattr(reading, "sequence_evidence", evidence)


def test_a_one_the_rules_call_a_slash_stays_a_one_when_the_sequence_model_reads_it(recognizer, monkeypatch):
    # (In an image: there the slash is read as a 1 first, then by its shape. On the pad a
    # piece shaped and placed like a separator is left out of the digits at once.)
    number = both(["2", "/", "3"])["image"]
    assert recognizer.read(number).text == "2/3"
    said_over_pieces(monkeypatch, ["2", "1", "3"])
    assert recognizer.read(number).text == "213"


def emitted_at(monkeypatch, places) -> None:
    """The sequence model's word, set by a test: `places(pieces)` gives (x, character) pairs,
    each character emitted surely in the one column at x (pieces: the layout's, left to right)."""
    from digitpad.reading import reader as reading
    from digitpad.reading.sequence_model import ALPHABET, MARGIN, SequenceEvidence, line_strip

    def evidence(layout, path=None):
        strip, scale, left = line_strip(layout)
        probabilities = np.full((strip.shape[1] // 4, 1 + len(ALPHABET)), 0.001)
        probabilities[:, 0] = 1.0
        for x, character in places(sorted(layout.pieces, key=lambda p: p.left)):
            t = int(((x - left) * scale + MARGIN) / 4)
            probabilities[t, 0] = 0.001
            probabilities[t, ALPHABET.index(character) + 1] = 1.0
        probabilities /= probabilities.sum(axis=1, keepdims=True)
        return SequenceEvidence(probabilities, scale, left, 4)

    monkeypatch.setattr(reading, "sequence_evidence", evidence)


def seven_dash_three(pieces):
    """`emitted_at`'s places of "17-3" over the pieces of a "173" whose 7 and 3 stand apart."""
    one, seven, three = pieces
    return [(one.centre_x, "1"), (seven.centre_x, "7"), ((seven.right + three.left) / 2, "-"), (three.centre_x, "3")]


def test_a_separator_whose_ink_went_into_a_digit_is_read_where_the_sequence_model_sees_it(recognizer, monkeypatch):
    # Its ink joined to the 7 before it ("7-" as one piece): the rules find no mark in the gap.
    image = both(["1", "7", "3"], gaps=[6.0, 14.0])["image"]
    assert recognizer.read(image).text == "173"
    emitted_at(monkeypatch, seven_dash_three)
    reading_ = recognizer.read(image)
    assert reading_.text == "17-3"
    dash = dict(reading_.separators)[2]
    assert reading_.digits[1].box[2] <= (dash.box[0] + dash.box[2]) / 2 <= reading_.digits[2].box[0]  # in the gap


def test_a_dash_the_sequence_model_sees_in_an_empty_gap_on_the_pad_is_no_separator(recognizer, monkeypatch):
    # On the pad a separator is a stroke of its own: where no stroke is left in the gap, what
    # the sequence model reads there is a digit's stroke (a 4's long bar, read as a dash).
    emitted_at(monkeypatch, seven_dash_three)
    assert recognizer.read(number_drawing(["1", "7", "3"], gaps=[6.0, 14.0])).text == "173"


# A 4 written as an "L" whose bar reaches far past the stem drawn through it, as some people do.
LONG_BARRED_FOUR = [[(0.0, 8.0), (-2.0, 34.0), (56.0, 31.0)], [(18.0, 14.0), (19.0, 48.0)]]


@pytest.mark.parametrize(
    "digits",
    [
        ["1", LONG_BARRED_FOUR, "1", "7"],
        ["5", "6", LONG_BARRED_FOUR, "5", "6"],
        [LONG_BARRED_FOUR, "6", "6", "7"],
        ["5", "1", LONG_BARRED_FOUR, "7", "7"],
    ],
)
@pytest.mark.parametrize("where", ["pad", "image"])
def test_a_fours_bar_reaching_past_its_stem_is_no_dash(recognizer, digits, where):
    # On the pad the bar is cut from the 4's stroke where it reaches out ("14-17", "564-56"
    # before); in an image the sequence model reads a dash where the ink is the 4's ("4-667").
    assert recognizer.read(both(digits)[where]).text == "".join(d if isinstance(d, str) else "4" for d in digits)


def test_a_dash_the_sequence_model_sees_over_a_four_is_no_separator(recognizer, monkeypatch):
    # It took the first stroke of a 4 for a dash, surely ("30-43" of 3043): only slashes of its
    # sure text are read where it emits them over a digit.
    image = both(list("3043"))["image"]
    assert recognizer.read(image).text == "3043"

    def places(pieces):
        four = pieces[2]
        return [
            (pieces[0].centre_x, "3"),
            (pieces[1].centre_x, "0"),
            (four.left + 0.45 * four.width, "-"),
            (four.left + 0.85 * four.width, "4"),
            (pieces[3].centre_x, "3"),
        ]

    emitted_at(monkeypatch, places)
    assert recognizer.read(image).text == "3043"


TICK = [[(0.0, 36.0), (1.5, 37.5)]]  # the pen's tick as it leaves a digit, above the line


@pytest.mark.parametrize("where", ["pad", "image"])
def test_a_tick_the_sequence_model_surely_reads_as_nothing_is_no_period(recognizer, monkeypatch, where):
    # A "period" that begins within the digit before it above the line is a tick. A dot on the
    # line stays, even within the 0's box (the model misses real periods that crowd a digit),
    # and so do a dash and a comma (it misses drawn ones of shapes it never learnt), even where
    # its text is all but certain: they are marks of their own.
    from digitpad.reading import reader as reading
    from digitpad.reading.separator_checks import SEPARATOR_DENIED_SURE

    close = [6.0, -2.0, 6.0, 6.0]
    for characters, gaps, without in (
        (["1", "2", TICK, "3", "6"], [12.0, -1.0, 6.0, 6.0], "1236"),
        (list("20.36"), close, "20.36"),
        (list("20.36"), None, "20.36"),
        (list("20-36"), None, "20-36"),
        (list("20,36"), None, "20,36"),
    ):
        written = both(characters, gaps)[where]
        said = [c if isinstance(c, str) else "." for c in characters]
        said_over_pieces(monkeypatch, said)
        assert recognizer.read(written).text == "".join(said)
        digits_only = [c if c.isdigit() else None for c in said]
        said_over_pieces(monkeypatch, digits_only, doubt=6e-4)
        sure = reading.sequence_evidence(reading.layout_of(written)[0]).text_probability
        assert SEPARATOR_DENIED_SURE <= sure < 0.95
        assert recognizer.read(written).text == without
        said_over_pieces(monkeypatch, digits_only)  # certain
        assert recognizer.read(written).text == without


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


def test_a_separator_cut_from_a_digits_ink_stays_only_where_the_sequence_model_sees_one(recognizer, monkeypatch):
    # A 2's tail end cut off and read as a period ("992.4949", "7022.955"), a 4's bar as a dash
    # ("29747-41"), however unsure the sequence model's text; a real one touching a digit stays
    # where it sees it. (In an image, where a separator may touch a digit; on the pad a part of
    # a stroke is never one: test_a_fours_bar_reaching_past_its_stem_is_no_dash.)
    from digitpad.reading import separator_rules

    def every_piece_carved(layout):
        return frozenset(id(p) for p in layout.pieces + layout.set_aside)

    for characters in (list("20.36"), list("20-36")):
        written = both(characters)["image"]
        digits_only = [c if c.isdigit() else None for c in characters]
        monkeypatch.setattr(separator_rules, "cut_from_more", every_piece_carved)
        said_over_pieces(monkeypatch, digits_only)  # certain
        assert recognizer.read(written).text == "2036"
        said_over_pieces(monkeypatch, digits_only, doubt=6e-4)  # sure, not certain
        assert recognizer.read(written).text == "2036"
        said_over_pieces(monkeypatch, digits_only, doubt=0.02)  # unsure
        assert recognizer.read(written).text == "2036"
        said_over_pieces(monkeypatch, characters)
        assert recognizer.read(written).text == "".join(characters)
        monkeypatch.undo()


@pytest.mark.parametrize("where", ["pad", "image"])
def test_a_separator_the_rules_read_otherwise_is_what_the_sequence_model_surely_sees(recognizer, monkeypatch, where):
    # A colon whose upper dot went into a digit leaves one dot: a "period" to the rules; a dash
    # whose ink partly joined a digit leaves a stub. The sequence model sees the line whole.
    written = both(list("12.30"), gaps=[6.0, 12.0, 12.0, 6.0])[where]
    assert recognizer.read(written).text == "12.30"
    for character in ":-,":
        said_over_pieces(monkeypatch, ["1", "2", character, "3", "0"])
        assert recognizer.read(written).text == f"12{character}30"


@pytest.mark.parametrize("where", ["pad", "image"])
def test_a_leaning_one_with_a_period_beside_it_is_a_one(recognizer, where):
    # "81.22" with a 1 leaning as far as a slash: no one writes "/." between two digits.
    slanted_one = reshaped("1", "bar", lean_deg=35)
    assert recognizer.read(both(["8", slanted_one, ".", "2", "2"])[where]).text == "81.22"
    assert recognizer.read(both(["8", "/", "2", "2"])[where]).text == "8/22"  # a slash alone stays


@pytest.mark.parametrize("where", ["pad", "image"])
def test_two_ones_written_close_are_two_digits(recognizer, where):
    # Two straight strokes that do not touch are no single digit, however near they stand
    # (the wholeness network took "11" in a date for one).
    assert recognizer.read(both(list("29/11/2026"))[where]).text == "29/11/2026"
    assert recognizer.read(both(list("1111"))[where]).text == "1111"
    leaning = reshaped("1", "bar", lean_deg=15)  # their boxes overlap, their inks stand apart
    assert recognizer.read(both([leaning] * 4, gaps=[-5.0] * 3)[where]).text == "1111"


ZIGZAG = [[(0, 30), (6, 20), (12, 40), (18, 20), (24, 40), (30, 20), (36, 30)]]


@pytest.mark.parametrize("where", ["pad", "image"])
def test_a_mark_after_the_number_is_no_unsure_digit_when_the_sequence_model_sees_no_digit_there(
    recognizer, monkeypatch, where
):
    number = both(["2", "3", "0", ZIGZAG])[where]
    said_over_pieces(monkeypatch, ["2", "3", "0", None])
    assert recognizer.read(number).text == "230"  # a closing mark
    monkeypatch.undo()
    label = recognizer.read(number).digits[-1].prediction.label  # the recognizer's guess for the zigzag
    said_over_pieces(monkeypatch, ["2", "3", "0", "8" if label != "8" else "6"])
    assert recognizer.read(number).text == "230?"  # a digit it reads otherwise: still an unsure place


@pytest.mark.parametrize("where", ["pad", "image"])
def test_ones_leaning_like_slashes_are_ones_unless_they_part_a_date(recognizer, where):
    slanted_one = reshaped("1", "bar", lean_deg=35)  # as far as a slash leans
    assert recognizer.read(both(["0", "8", slanted_one, "1", slanted_one, "9"])[where]).text == "081119"
    assert recognizer.read(both(["4", "/", "1", "3", "6"])[where]).text == "41136"  # no date parts 4 from 136
    amount = both(["0", slanted_one, "3", "6", ".", "9", "3", "5"])[where]
    assert recognizer.read(amount).text == "0136.935"  # nor with a thousands separator beside it
    for date in ("29/11/2026", "3/4", "11/2026"):
        assert recognizer.read(both(list(date))[where]).text == date


@pytest.mark.parametrize("where", ["pad", "image"])
def test_a_one_leaning_like_a_slash_between_groups_that_say_nothing_is_a_one(recognizer, where):
    # One slash parts a month and a year, a day and a month or a fraction: 44/23 is none.
    slanted_one = reshaped("1", "bar", lean_deg=35)
    assert recognizer.read(both(["4", "4", slanted_one, "2", "3"])[where]).text == "44123"
    assert recognizer.read(both(["0", slanted_one, "3", "8"])[where]).text == "0138"
    for parted in ("15/16", "29/11", "12/26"):
        assert recognizer.read(both(list(parted))[where]).text == parted


@pytest.mark.parametrize("where", ["pad", "image"])
def test_nearly_upright_slashes_of_a_date_are_slashes_when_the_writers_ones_lean_back(recognizer, monkeypatch, where):
    # Some people write slashes only a little off upright (here 7 degrees), but still well
    # forward of their own 1s (here 8 degrees back): where a date's slashes stand, they are slashes.
    monkeypatch.setattr(recognizer, "sequence_path", False)  # the rules alone
    slash, one = reshaped("1", "bar", lean_deg=7), reshaped("1", "bar", lean_deg=-8)
    date = both(["2", "3", slash, "3", "2", slash, one, "2", "0", "9"])[where]
    assert recognizer.read(date).text == "23/32/1209"
    assert recognizer.read(both(["2", "3", slash, "3", "2", slash, "6", "2", "0", "9"])[where]).text == "2313216209"


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


@pytest.mark.parametrize("where", ["pad", "image"])
def test_slashes_written_steeper_than_the_rules_still_part_a_date(recognizer, monkeypatch, where):
    steep_slash = reshaped("1", "bar", lean_deg=18)  # under the rules' 26 degrees
    date = ["2", "9", steep_slash, "1", "1", steep_slash, "2", "0", "2", "6"]
    assert recognizer.read(both(date)[where]).text == "29/11/2026"  # they lean more than its 1s
    monkeypatch.setattr(recognizer, "sequence_path", False)  # the rules alone (the sequence model has its own view)
    assert recognizer.read(both(["4", steep_slash, "4", steep_slash, "4", "0"])[where]).text == "414140"  # too short
    assert recognizer.read(both(date)[where]).text == "29/11/2026"
    # All its 1s alike: the digits settle it. 29/11/2026 exists (a number that reads as a date
    # that exists is read as one: docs/numbers.md, known limits); there is no 13th month.
    upright = ["2", "9", "1", "1", "1", "1", "2", "0", "2", "6"]
    assert recognizer.read(both(upright)[where]).text == "29/11/2026"
    no_such_month = ["2", "9", "1", "1", "3", "1", "2", "0", "2", "6"]
    assert recognizer.read(both(no_such_month)[where]).text == "2911312026"


@pytest.mark.parametrize("where", ["pad", "image"])
def test_a_date_whose_slashes_lean_as_its_ones_is_read_when_the_sequence_model_sees_a_slash(
    recognizer, monkeypatch, where
):
    stroke = reshaped("1", "bar", lean_deg=20)  # the writer's slashes and 1s alike
    date = both(["2", "8", stroke, "3", "0", stroke, "2", "0", "6", stroke])[where]
    said_over_pieces(monkeypatch, list("2813012061"))
    assert recognizer.read(date).text == "2813012061"  # neither reader sees a slash: ten digits
    said_over_pieces(monkeypatch, list("28130/2061"))
    assert recognizer.read(date).text == "28/30/2061"  # the second slash seen, the first leans alike
    number = both(["2", stroke, "3", "0", "6"], gaps=[12.0, 12.0, 8.0, 8.0])[where]
    said_over_pieces(monkeypatch, list("2/306"))
    assert recognizer.read(number).text == "21306"  # no date parts 2 from 306
    short = number_drawing(["8", stroke, "9", "2"], gaps=[12.0, 12.0, 8.0])
    said_over_pieces(monkeypatch, list("8/92"))  # (in an image, a text this sure is spelt, `_spelled`)
    assert recognizer.read(short).text == "8192"  # more often a number than a short date


@pytest.mark.parametrize("where", ["pad", "image"])
def test_a_dates_steep_slash_the_sequence_model_half_sees_is_the_other_slash(recognizer, monkeypatch, where):
    # "13/23/2001" of a writer whose first slash stands as upright as its 1s and whose second
    # leans 20 degrees: it sees the second, and is torn over the first (a slash at 40 %).
    upright, leaning = reshaped("1", "bar", lean_deg=0), reshaped("1", "bar", lean_deg=20)
    date = both(["1", "3", upright, "2", "3", leaning, "2", "0", "0", "1"])[where]
    torn = {"/": 0.4, "1": 0.6}
    said_over_pieces(monkeypatch, ["1", "3", torn, "2", "3", "/", "2", "0", "0", "1"])
    assert recognizer.read(date).text == "13/23/2001"  # 1312312001 before
    said_over_pieces(monkeypatch, ["1", "3", {"/": 0.1, "1": 0.9}, "2", "3", "/", "2", "0", "0", "1"])
    assert recognizer.read(date).text == "1312312001"  # a slash it hardly sees, leaning unlike the other: a 1


def test_a_one_written_into_the_next_digits_box_on_the_pad_stays_a_one(recognizer):
    leaning_one = reshaped("1", "bar", lean_deg=8)
    for gap in (-4.0, -8.0):  # its stroke reaching well under the 2's hook, never touching it
        assert recognizer.read(number_drawing(["5", leaning_one, "2", "3"], gaps=[5.0, gap, 5.0])).text == "5123"


def test_only_ones_are_merged_repeats_to_the_sequence_model():
    # Its columns can merge two close 1s into one, not other equal digits: a "41022" it reads
    # 4102 (a closing "/-" the path took for a 2) is spelt as it reads it.
    from digitpad.reading.agreement import without_repeats

    assert without_repeats("29111") == without_repeats("291") == "291"
    assert without_repeats("41022") == "41022"


def test_a_slash_the_sequence_models_sure_text_has_over_a_digit_is_read():
    # Slashes written into the 4 and the 9 of "11/49/5556": the model emits each over a digit's
    # ink, not in the gap, and the rules find no mark. Its sure text of the same digits has them.
    from types import SimpleNamespace

    from digitpad.reading import separator_checks
    from digitpad.reading.sequence_model import ALPHABET, MARGIN, SequenceEvidence

    def digit(label, left, right):
        return SimpleNamespace(prediction=SimpleNamespace(label=label), box=(left, 0, right, 100))

    digits = [digit("1", 0, 100), digit("2", 90, 190)]  # written close: their boxes overlap
    probabilities = np.full((60, 1 + len(ALPHABET)), 1e-5)
    probabilities[:, 0] = 1.0
    for x, character in ((10, "1"), (30, "/"), (150, "2")):  # the slash over the 1's ink
        column = int((x + MARGIN) / 4)
        probabilities[column, 0] = 1e-5
        probabilities[column, ALPHABET.index(character) + 1] = 1.0
    evidence = SequenceEvidence(probabilities / probabilities.sum(axis=1, keepdims=True), 1.0, 0.0, 4)
    assert evidence.text == "1/2" and separator_checks.emitted_separator(evidence, 90, 100) is None
    (slash,) = separator_checks.separators_checked([], digits, [], evidence)
    assert slash.character == "/" and slash.after == 1
    evidence.probabilities[int((30 + MARGIN) / 4), ALPHABET.index("/") + 1] = 0.0  # (a text without it)
    assert (
        separator_checks.separators_checked(
            [],
            digits,
            [],
            SequenceEvidence(evidence.probabilities / evidence.probabilities.sum(axis=1, keepdims=True), 1.0, 0.0, 4),
        )
        == []
    )


@pytest.mark.parametrize(
    "character, likely, read",
    [(",", 1.0, True), (".", 1.0, True), (",", 0.8, False), ("/", 0.8, True)],
    ids=["comma-certain", "period-certain", "comma-less-sure", "slash-less-sure"],
)
def test_a_dot_the_sequence_models_certain_text_has_over_a_digit_is_read(character, likely, read):
    # A comma written into the 0 of "2,02" (one piece of ink with it): the model emits it over the
    # 0, not in the gap, and the rules find no mark. Only a text it is sure of (90 %) places it
    # there: a slash is surer to be one than a dot, which may be a stray pixel.
    from types import SimpleNamespace

    from digitpad.reading import separator_checks
    from digitpad.reading.sequence_model import ALPHABET, MARGIN, SequenceEvidence

    def digit(label, left, right):
        return SimpleNamespace(prediction=SimpleNamespace(label=label), box=(left, 0, right, 100))

    digits = [digit("2", 0, 80), digit("0", 70, 170)]
    probabilities = np.full((60, 1 + len(ALPHABET)), 1e-5)
    probabilities[:, 0] = 1.0
    for x, label, p in ((40, "2", 1.0), (90, character, likely), (130, "0", 1.0)):  # the mark over the 0's ink
        column = int((x + MARGIN) / 4)
        probabilities[column, 0] = 1.0 - p
        probabilities[column, ALPHABET.index(label) + 1] = p
    evidence = SequenceEvidence(probabilities / probabilities.sum(axis=1, keepdims=True), 1.0, 0.0, 4)
    assert evidence.text == f"2{character}0" and separator_checks.emitted_separator(evidence, 70, 80) is None
    found = separator_checks.separators_checked([], digits, [], evidence)
    assert [(f.character, f.after) for f in found] == ([(character, 1)] if read else [])


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


# A comma written in two goes: its dot, then (the pen lifted) its tail.
COMMA_IN_TWO = [[(1.0, 44.0), (1.3, 44.3)], [(2.0, 50.0), (0.0, 57.0)]]


@pytest.mark.parametrize("sequence_model", [True, False])
def test_a_comma_written_as_a_dot_and_a_tail_is_a_comma(recognizer, monkeypatch, sequence_model):
    if not sequence_model:
        monkeypatch.setattr(recognizer, "sequence_path", False)  # the rules alone
    written = number_drawing(["3", COMMA_IN_TWO, "7", "5"], gaps=[4.0, 6.0, 6.0])
    assert recognizer.read(written).text == "3,75"


def test_a_small_mark_is_no_slash_however_sure_the_sequence_model(recognizer, monkeypatch):
    from digitpad.reading import separator_checks

    written = both(list("5,12"), gaps=[6.0, 6.0, 6.0])["image"]
    assert recognizer.read(written).text == "5,12"
    for said, read in (("/", "5,12"), (".", "5.12")):  # (it took a long comma for a slash; a dot it may say)
        first_gap = lambda evidence, x0, x1, said=said: (said, 0.98) if x0 < 140 < x1 else None  # noqa: E731
        monkeypatch.setattr(separator_checks, "emitted_separator", first_gap)
        assert recognizer.read(written).text == read


UPRIGHT_SLASH = [[(0.0, 48.0), (1.5, 8.0)]]  # as upright as a 1


@pytest.mark.parametrize("where", ["pad", "image"])
def test_upright_slashes_of_a_date_that_exists_are_slashes_and_of_one_that_does_not_ones(
    recognizer, monkeypatch, where
):
    monkeypatch.setattr(recognizer, "sequence_path", False)  # the rules alone

    def written(text):
        return both([UPRIGHT_SLASH if c == "/" else c for c in text])[where]

    assert recognizer.read(written("12/06/2026")).text == "12/06/2026"
    assert recognizer.read(written("04/77/2026")).text == "0417712026"  # no 77th month
    assert recognizer.read(written("3/9/2026")).text == "3/9/2026"
