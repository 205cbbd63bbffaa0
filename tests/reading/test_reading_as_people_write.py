"""Numbers as people write them: tight and touching digits, a 1 leaning into its neighbour, a
wide 0, amounts on forms (a printed frame, ruled and textured paper, closing marks)."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw

from digitpad import load_recognizer
from digitpad.data.synth.forms import PAPERS, render_amount
from digitpad.imaging.drawing import Drawing
from tests.number_fixtures import (
    ZIGZAG,
    both,
    field_side_and_bottom,
    number_drawing,
    number_image,
    number_strokes,
    reshaped,
)
from tests.reading.sequence_stand_ins import said_over_pieces


@pytest.fixture(scope="module")
def recognizer():
    return load_recognizer()


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
def test_a_closing_slash_with_no_one_to_compare_is_left_out_from_a_small_lean(recognizer, where):
    # A writer's closing slash of 13 degrees, in a line without 1s: 5441 before.
    slash = reshaped("1", "bar", lean_deg=13)
    assert recognizer.read(both(["5", "4", "4", slash, "-"])[where]).text == "544"


def in_two(strokes: list, gap: tuple[float, float] = (0.45, 0.6)) -> list:
    """A straight one-stroke mark (a template "1") with its ink broken between the shares `gap`
    of its length, as a form's pattern or a faint scan breaks a line."""
    (stroke,) = strokes
    (x0, y0), (x1, y1) = stroke[0], stroke[-1]

    def at(share):
        return (x0 + (x1 - x0) * share, y0 + (y1 - y0) * share)

    return [[at(0.0), at(gap[0])], [at(gap[1]), at(1.0)]]


@pytest.mark.parametrize("digits", [["7", "3", "2"], ["9", "1", "4"]])
def test_a_closing_slash_broken_in_two_in_an_image_is_left_out(recognizer, digits):
    # A form's pattern broke a closing slash of 13 degrees in two: the path read its pieces as a
    # last 1 (7321), which the sequence model sees no character in, but only a 1 of one piece
    # could be the slash.
    slash = in_two(reshaped("1", "bar", lean_deg=13))
    assert recognizer.read(number_image(digits + [slash, "-"])).text == "".join(digits)


@pytest.mark.parametrize("where", ["pad", "image"])
def test_a_last_one_before_a_closing_dash_stays_a_one(recognizer, where):
    one = reshaped("1", "bar", lean_deg=10)
    assert recognizer.read(both(["2", one, "4", one, "-"])[where]).text == "2141"  # leaning as the writer's 1s
    assert recognizer.read(both(["9", one, "-"])[where]).text == "91"  # the line's only 1: a slash leans more
    assert recognizer.read(both(["9", one, ".", "-"])[where]).text == "91"  # the slash of "/-" is right before it


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


@pytest.mark.parametrize("where", ["pad", "image"])
def test_two_ones_written_close_are_two_digits(recognizer, where):
    # Two straight strokes that do not touch are no single digit, however near they stand
    # (the wholeness network took "11" in a date for one).
    assert recognizer.read(both(list("29/11/2026"))[where]).text == "29/11/2026"
    assert recognizer.read(both(list("1111"))[where]).text == "1111"
    leaning = reshaped("1", "bar", lean_deg=15)  # their boxes overlap, their inks stand apart
    assert recognizer.read(both([leaning] * 4, gaps=[-5.0] * 3)[where]).text == "1111"


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


def test_a_one_written_into_the_next_digits_box_on_the_pad_stays_a_one(recognizer):
    leaning_one = reshaped("1", "bar", lean_deg=8)
    for gap in (-4.0, -8.0):  # its stroke reaching well under the 2's hook, never touching it
        assert recognizer.read(number_drawing(["5", leaning_one, "2", "3"], gaps=[5.0, gap, 5.0])).text == "5123"
