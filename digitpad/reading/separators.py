"""Separators between the digits of a number: 12.50, 3,75, 29/11/2026, 12:45, 555-1234.

Once `digitpad.reading.reader` has found the digits, the marks between two of them are read by
where they sit and what shape they are, relative to the digits on either side (so the same
rules hold on the pad, a scan and a photo): a period is a small dot on the baseline, a comma
a small mark reaching below it, a colon two dots one above the other, a dash short and flat
at mid-height, a slash a straight line as tall as the digits, leaning forward. A mark that
fits none of them, or stands outside the digits (before the first, after the last), stays
left out: a lone speck is not a decimal point, and a dash before a number is not read as a
minus sign (DigitPad reads numerals, not signed quantities). A mark that closes an amount on
a form or a cheque ("1250/-", "75.-", "300-") is found (`trailing_marks`) so that it is never
read as a digit, and is left out too.

Each separator's confidence says how clearly it fits its shape: 0.5 at the edge of a rule,
approaching 1 well inside it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Sequence

import numpy as np

SEPARATORS = ".,-/:"
MIN_DOT = 0.08  # a dot at least this big (x digit height): smaller is dust, texture or a sliver of a digit
MAX_DOT = 0.32  # a dot or a comma at most this big
LOW = 0.62  # a period's centre lies below this share of the digits' height (from their top)
# A comma is a short stroke, larger than a period (at least MIN_COMMA, at most MAX_COMMA x digit
# height), about as tall as wide or taller, from its top down and to the left or straight down.
# A roundish mark of that size is a period, unless it reaches clearly below the baseline.
COMMA_THICKNESS, COMMA_LEAN, MIN_COMMA, MAX_COMMA = 0.65, (-40.0, 75.0), 0.2, 0.5
# People's commas are larger than that too (UNIPEN writers': 0.24-0.86 of their digits' height,
# median 0.48): one up to LONG_COMMA hanging below the line that is no straight line (`_a_long_comma`).
LONG_COMMA, LONG_COMMA_TOP, LONG_COMMA_DESCENT = 0.8, 0.3, 0.05
COMMA_UPRIGHT, COMMA_DESCENT = 1.3, 0.1
COMMA_BELOW = -0.03  # and reaches about the digits' baseline or below (x digit height)
DOT_ELONGATION = 2.2  # a period is roundish: a sliver of a stroke is not one
COLON_ALIGN = 0.3  # a colon's dots are within this (x digit height) of each other left to right
# Where a colon's upper dot's centre lies (x digit height from the digits' top): not at their
# very top, where a form's frame leaves a speck a digit touched (81,460:24), but near it: people's
# colons are 0.44-1.0 of their digits' height (UNIPEN writers'; 0.12 read fewer of those).
COLON_UPPER = (0.05, 0.65)
COMMA_TAIL_GAP = 0.1  # a comma's tail, written after its dot, starts at most this far below it (x digit height)
MAX_COLON_DOT = 0.35  # a colon's "dots" are often short strokes, up to this long (x digit height)
DASH_ELONGATION = 1.8  # a dash is this much wider than tall, at least
DASH_WIDTH = (0.18, 1.1)  # x digit height
DASH_MIDDLE = (0.25, 0.8)  # where a dash's centre lies, as a share of the digits' height from their top
SLASH_HEIGHT = 0.6  # a slash is at least this tall (x digit height)
# Degrees from upright: a 1 leans less. Of real writers' pieces (UNIPEN, straight and tall):
# slashes lean 14-45 degrees (5th-90th percentile), 1s -16-24. Within one line, 1s and slashes
# SLASH_SPLIT or more apart are told apart there (a slanted hand), if that is SLASH_LEAST or more.
SLASH_ANGLE = (26.0, 70.0)
SLASH_SPLIT, SLASH_LEAST = 12.0, 10.0
CLOSING_SLASH_LEAST = 5.0  # the slash of a closing "/-" leans at least this far forward (degrees)
# ... and this far where the line has no 1 to compare it with: writers' closing slashes of
# 12-14 degrees were read as a last 1 ("544/-" as 5441; 11 rather than 15: tuning +3, none lost).
CLOSING_SLASH_ALONE = 11.0
SLASH_STRAIGHTNESS = 0.2  # thickness over length of a straight line at most (a 1's flag or foot exceeds it)
# How far (x digit height) a separator may reach over its neighbours' boxes: a dot tucked under a
# leaning digit a little, a slash (leaning, written close) more.
OVERLAP, SLASH_OVERLAP = 0.15, 0.35


@dataclass(frozen=True)
class Mark:
    """Ink between digits that may be a separator: its box (left, top, right, bottom) and ink."""

    box: tuple
    ink: np.ndarray
    piece: Any = field(default=None, compare=False, repr=False)  # the layout's piece it is, if any

    @classmethod
    def of(cls, piece) -> "Mark":
        """A piece of a `digitpad.reading.segmentation.Layout` as a mark."""
        return cls((piece.left, piece.top, piece.right, piece.bottom), piece.ink, piece)

    @property
    def shape(self) -> tuple[float, float]:
        """`line_shape` of its ink (its piece's, worked out once a reading)."""
        return self.piece.line_shape if self.piece is not None else line_shape(self.ink)

    @property
    def width(self) -> int:
        return self.box[2] - self.box[0]

    @property
    def height(self) -> int:
        return self.box[3] - self.box[1]

    @property
    def centre(self) -> tuple[float, float]:
        return (self.box[0] + self.box[2]) / 2, (self.box[1] + self.box[3]) / 2


@dataclass(frozen=True)
class Found:
    """A separator found after `after` digits (1: between the first and the second)."""

    character: str
    after: int
    box: tuple
    confidence: float
    marks: tuple[Mark, ...]


def rule_fit(value: float, edge: float, scale: float) -> float:
    """0.5 at a rule's edge, towards 1 the further inside it (`value - edge` > 0 inside)."""
    return float(0.5 + 0.49 * np.tanh(max(0.0, value - edge) / scale))


def line_shape(ink: np.ndarray) -> tuple[float, float]:
    """The ink's lean from upright (degrees, positive when its top is to the right) and its
    thickness over its length (0 for a perfect line)."""
    rows, cols = np.nonzero(ink > 0.25)
    if len(rows) < 3:
        return 0.0, 1.0
    points = np.stack([cols, -rows], axis=1).astype(np.float64)  # y up
    points -= points.mean(axis=0)
    values, vectors = np.linalg.eigh(points.T @ points / len(points))
    major = vectors[:, 1] if vectors[1, 1] >= 0 else -vectors[:, 1]  # pointing up
    return float(np.degrees(np.arctan2(major[0], major[1]))), float(np.sqrt(max(values[0], 0) / max(values[1], 1e-9)))


def between(left: tuple, right: tuple) -> tuple[float, float]:
    """The top and height of the band two neighbouring digits' boxes span."""
    top = (left[1] + right[1]) / 2
    return top, max((left[3] + right[3]) / 2 - top, 1.0)


def _in_gap(mark: Mark, left: tuple, right: tuple, height: float) -> bool:
    """Whether a mark stands between two digits' boxes, reaching little into either (a 7's
    crossbar, a 4's bar reach well in: part of a digit, not between two)."""
    reach = (SLASH_OVERLAP if mark.height >= SLASH_HEIGHT * height else OVERLAP) * height
    return left[2] - reach <= mark.box[0] and mark.box[2] <= right[0] + reach


def classify_between(
    mark: Mark, left: tuple, right: tuple, slash_from: float = SLASH_ANGLE[0]
) -> tuple[str, float] | None:
    """`classify` for a mark standing in the gap between two digits' boxes (`_in_gap`); None otherwise."""
    top, height = between(left, right)
    return classify(mark, top, height, slash_from) if _in_gap(mark, left, right, height) else None


def could_be_separator(mark: Mark, left: tuple, right: tuple, slash_from: float = SLASH_ANGLE[0]) -> bool:
    """Whether a mark between two digits is a separator or a part of one (a colon's upper dot)."""
    if classify_between(mark, left, right, slash_from) is not None:
        return True
    _, height = between(left, right)
    return MIN_DOT <= max(mark.width, mark.height) / height <= MAX_COLON_DOT and _in_gap(mark, left, right, height)


def classify(mark: Mark, top: float, height: float, slash_from: float = SLASH_ANGLE[0]) -> tuple[str, float] | None:
    """One mark between two digits whose ink spans `top`..`top + height`: '.', ',', '-' or '/'
    (leaning `slash_from` degrees or more: see `slash_lean`) with its confidence, or None."""
    size = max(mark.width, mark.height) / height
    where = (mark.centre[1] - top) / height
    elongation = mark.height / max(mark.width, 1)
    if MIN_DOT <= size <= LONG_COMMA and where >= LOW:
        lean, thickness = mark.shape
        if (
            size >= MIN_COMMA
            and (size <= MAX_COMMA or _a_long_comma(mark, top, height, thickness))
            and thickness <= COMMA_THICKNESS
            and COMMA_LEAN[0] <= lean <= COMMA_LEAN[1]
            and mark.box[3] >= top + (1 + COMMA_BELOW) * height
            and (elongation >= COMMA_UPRIGHT or mark.box[3] >= top + (1 + COMMA_DESCENT) * height)
        ):
            return ",", rule_fit(size, MIN_COMMA, 0.1)
        if size <= MAX_DOT and max(elongation, 1 / max(elongation, 1e-6)) <= DOT_ELONGATION:
            return ".", rule_fit(where, LOW, 0.15) * rule_fit(MAX_DOT - size + MIN_DOT, MIN_DOT, 0.1)
    if (
        mark.width >= DASH_ELONGATION * mark.height
        and DASH_WIDTH[0] <= mark.width / height <= DASH_WIDTH[1]
        and DASH_MIDDLE[0] <= where <= DASH_MIDDLE[1]
    ):
        return "-", rule_fit(mark.width / max(mark.height, 1), DASH_ELONGATION, 2.0)
    if mark.height / height >= SLASH_HEIGHT:
        lean, thickness = mark.shape
        if slash_from <= lean <= SLASH_ANGLE[1] and thickness <= SLASH_STRAIGHTNESS:
            return "/", rule_fit(lean, slash_from, 8.0) * rule_fit(SLASH_STRAIGHTNESS - thickness, 0.0, 0.05)
    return None


def _a_long_comma(mark: Mark, top: float, height: float, thickness: float) -> bool:
    """Whether a mark larger than MAX_COMMA is a comma: no straight line (a slash, a 1), and
    hanging from below the digits' top (LONG_COMMA_TOP) to under their baseline (a 1's flag
    makes it no straight line, but it stands on the baseline from the digits' top). (Asking it
    to be taller than wide as well read 6 fewer of 1,200 numbers at their writers' own sizes.)"""
    return (
        thickness > SLASH_STRAIGHTNESS
        and mark.box[1] >= top + LONG_COMMA_TOP * height
        and mark.box[3] >= top + (1 + LONG_COMMA_DESCENT) * height
    )


def slash_lean(leans: Sequence[float], ones: Sequence[float] = ()) -> float:
    """The lean from which a straight, tall piece of this line is a slash, given the leans of all
    its straight, tall pieces (1s and slashes): where they split into two groups at least
    SLASH_SPLIT degrees apart (a slanted hand's 1s and its slashes), else SLASH_ANGLE's start.
    `ones`: the leans of those that are 1s for sure (first or last in the line, where no
    separator stands): anything leaning as much is a 1 too."""
    ordered = sorted(leans)
    gaps = [(b - a, (a + b) / 2) for a, b in zip(ordered, ordered[1:])]
    start = SLASH_ANGLE[0]
    if gaps:
        gap, middle = max(gaps)
        if gap >= SLASH_SPLIT and middle >= SLASH_LEAST:
            start = max(start, middle)
    return max([start] + [lean + SLASH_SPLIT / 2 for lean in ones])


def _colon(marks: Sequence[Mark], top: float, height: float) -> tuple[float, tuple[Mark, Mark]] | None:
    """Two dots one above the other, the upper in the digits' upper part (COLON_UPPER), the
    lower below it."""
    dots = [m for m in marks if MIN_DOT <= max(m.width, m.height) / height <= MAX_COLON_DOT]
    for upper in dots:
        for lower in dots:
            apart = (lower.centre[1] - upper.centre[1]) / height
            if (
                lower is not upper
                and apart >= 0.2
                and abs(lower.centre[0] - upper.centre[0]) <= COLON_ALIGN * height
                and COLON_UPPER[0] <= (upper.centre[1] - top) / height <= COLON_UPPER[1]
                and (lower.centre[1] - top) / height >= 0.45
            ):
                return rule_fit(apart, 0.2, 0.1), (upper, lower)
    return None


def find_separators(
    digit_boxes: Sequence[tuple], marks: Sequence[Mark], slash_from: float = SLASH_ANGLE[0]
) -> list[Found]:
    """The separators among `marks`, each between two of the digits in `digit_boxes` (left to
    right, (left, top, right, bottom)), at most one per gap; `slash_from` as `classify`'s."""
    found = []
    for after in range(1, len(digit_boxes)):
        left, right = digit_boxes[after - 1], digit_boxes[after]
        lo, hi = (left[0] + left[2]) / 2, (right[0] + right[2]) / 2
        marks_here = [m for m in marks if lo < m.centre[0] < hi]
        if not marks_here:
            continue
        top, height = between(left, right)
        colon = _colon(marks_here, top, height)
        if colon is not None:
            confidence, pair = colon
            box = (min(m.box[0] for m in pair), pair[0].box[1], max(m.box[2] for m in pair), pair[1].box[3])
            found.append(Found(":", after, box, confidence, pair))
            continue
        readings = [(result, m) for m in marks_here if (result := classify_between(m, left, right, slash_from))]
        comma = _comma_in_two(readings, height)
        if comma is not None:
            found.append(Found(",", after, *comma))
        elif readings:
            (character, confidence), mark = max(readings, key=lambda item: item[0][1])
            found.append(Found(character, after, mark.box, confidence, (mark,)))
    return found


def _comma_in_two(readings: Sequence[tuple[tuple[str, float], Mark]], height: float) -> tuple | None:
    """A comma written as a dot and, after a lift of the pen, its tail: a "period" and a
    "comma" below it in the same gap (the tail starting at most COMMA_TAIL_GAP digit heights
    under the dot, within COLON_ALIGN of it left to right). Its box, confidence and marks."""
    dots = [m for (character, _), m in readings if character == "."]
    tails = [(confidence, m) for (character, confidence), m in readings if character == ","]
    for dot in dots:
        for confidence, tail in tails:
            if (
                tail.centre[1] > dot.centre[1]
                and tail.box[1] - dot.box[3] <= COMMA_TAIL_GAP * height
                and abs(tail.centre[0] - dot.centre[0]) <= COLON_ALIGN * height
            ):
                box = (
                    min(dot.box[0], tail.box[0]),
                    dot.box[1],
                    max(dot.box[2], tail.box[2]),
                    max(dot.box[3], tail.box[3]),
                )
                return box, confidence, (dot, tail)
    return None


def trailing_marks(
    marks: Sequence[Mark],
    last_digit: tuple,
    top: float,
    height: float,
    slash_from: float = SLASH_ANGLE[0],
    closing_slash_from: float | None = None,
    printed: Sequence[bool] = (),
) -> int:
    """How many of `marks` (left to right, after the digits; `last_digit` the last digit's box,
    the digits spanning `top`..`top + height`) close the amount, counted from the right: dashes,
    periods, commas and specks, and a slash with a dash after it ("/-"). Each stands clear of
    the last digit (a 7's crossbar drawn last is inside its box).

    The slash of "/-" need not lean as far as a slash between digits: a straight stroke as tall
    as one, leaning `closing_slash_from` degrees or more (`closing_slash_lean`), is one too.
    `printed`: for each mark, whether it is what is left of a form's printed lines (see
    `digitpad.reading.reader`), which closes an amount too."""
    count, dash_after, next_character = 0, False, None
    printed = list(printed) or [False] * len(marks)
    for mark, printed_line in zip(reversed(marks), reversed(printed)):
        shape = classify(mark, top, height, slash_from)
        character = shape[0] if shape else None
        clear = mark.box[0] >= last_digit[2] - OVERLAP * height
        small = max(mark.width, mark.height) <= MAX_DOT * height  # a speck of any shape is no digit either
        if (clear and (character in ("-", ".", ",") or small)) or printed_line:
            dash_after |= character == "-"
        elif not (
            clear
            and dash_after
            and (
                character == "/"
                or (next_character == "-" and _leans_as_closing_slash(mark, height, closing_slash_from))
            )
        ):
            break
        count += 1
        next_character = character
    return count


def closing_slash_lean(other_leans: Sequence[float]) -> float:
    """The lean from which the straight stroke right before an amount's closing dash is the
    slash of "/-", given the leans of the line's other straight, tall strokes (its 1s): forward,
    and more than every one of them; with no 1 to compare, CLOSING_SLASH_ALONE (a last 1 of
    "91-" leans forward too). Writers' closing slashes (UNIPEN's, on forms) lean 7-32 degrees,
    most less than a slash between digits (SLASH_ANGLE), and more than the same writer's 1s."""
    if not other_leans:
        return CLOSING_SLASH_ALONE
    return max([CLOSING_SLASH_LEAST] + [lean + SLASH_SPLIT / 2 for lean in other_leans])


def _leans_as_closing_slash(mark: Mark, height: float, lean_from: float | None) -> bool:
    lean, thickness = mark.shape
    return (
        lean_from is not None
        and mark.height >= SLASH_HEIGHT * height
        and thickness <= SLASH_STRAIGHTNESS
        and lean_from <= lean <= SLASH_ANGLE[1]
    )


def straight_and_tall(piece, height: float) -> bool:
    """Whether a piece is one straight stroke as tall as a slash (a 1 or a slash), the digits
    being `height` tall."""
    return piece.height >= SLASH_HEIGHT * height and piece.line_shape[1] <= SLASH_STRAIGHTNESS
