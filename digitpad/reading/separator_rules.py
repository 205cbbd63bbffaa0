"""The separators of a reading, by the rules of `digitpad.reading.separators`.

Before the path: which pieces are shaped and placed like separators (`separator_like`), which
close an amount ("/-", `trailing_pieces`), and from which lean a straight stroke of this line is
a slash (`line_slash_lean`). After it: the marks it left out, and single-piece "digits" shaped
as slashes or dashes, read as separators (`read_separators`); a leaning 1 beside a period taken
back as a 1 (`ones_beside_dots`).
"""

from __future__ import annotations

from typing import Sequence

import numpy as np

from digitpad.reading.paths import Candidate
from digitpad.reading.result import Box
from digitpad.reading.segmentation import Layout
from digitpad.reading.separator_checks import cut_from_more, read_as_one, separators_checked
from digitpad.reading.separators import (
    SLASH_HEIGHT,
    Found,
    Mark,
    classify_between,
    closing_slash_lean,
    could_be_separator,
    find_separators,
    slash_lean,
    straight_and_tall,
    trailing_marks,
)

SEPARATOR_NEIGHBOUR = 0.6  # separators stand between pieces at least this tall (x digit height)
SEPARATOR_APART = 0.04  # a separator's ink is at least this far from the digits' (x digit height)
SEPARATOR_APART_PIXELS = 3  # and this many pixels (in small images a sliver lies 1-2 pixels off)


def separator_like(layout: Layout, slash_from: float) -> frozenset[int]:
    """The pieces shaped and placed like a separator, or a colon's dot, between the tall pieces
    on either side."""
    tall = [p for p in layout.pieces if p.height >= SEPARATOR_NEIGHBOUR * layout.digit_height]
    found = set()
    for index, piece in enumerate(layout.pieces):
        left = [p for p in tall if p.centre_x < piece.centre_x and p is not piece]
        right = [p for p in tall if p.centre_x > piece.centre_x and p is not piece]
        if left and right:
            before, after = (max(left, key=lambda p: p.centre_x), min(right, key=lambda p: p.centre_x))
            if could_be_separator(
                Mark.of(piece),
                (before.left, before.top, before.right, before.bottom),
                (after.left, after.top, after.right, after.bottom),
                slash_from,
            ):
                found.add(index)
    return frozenset(found)


def trailing_pieces(layout: Layout, slash_from: float, printed: frozenset[int] = frozenset()) -> set[int]:
    """The pieces after the digits that close an amount (`trailing_marks`): everything after
    the last tall piece, or after the one before it (which leaves a slash of "/-" to them).
    `printed`: the pieces that are a form's printed lines (`Layout.printed_lines`)."""
    pieces = layout.pieces
    marks = [Mark.of(p) for p in pieces]
    tall = [
        i for i, p in enumerate(pieces) if p.height >= SEPARATOR_NEIGHBOUR * layout.digit_height and i not in printed
    ]
    if len(tall) < 2:
        return set()
    top = float(np.median([pieces[i].top for i in tall]))
    height = max(float(np.median([pieces[i].bottom for i in tall])) - top, 1.0)
    for last in (tall[-2], tall[-1]):
        after = len(pieces) - 1 - last
        # the line's 1s: its straight, tall strokes up to the last digit
        ones = [p.line_shape[0] for p in pieces[: last + 1] if straight_and_tall(p, height)]
        closing_from = closing_slash_lean(ones)
        printed_after = [i in printed for i in range(last + 1, len(pieces))]
        closing = trailing_marks(
            marks[last + 1 :], marks[last].box, top, height, slash_from, closing_from, printed_after
        )
        if after and closing == after:
            return set(range(last + 1, len(pieces)))
    return set()


def closing_slash_at(layout: Layout, trailing: frozenset[int]) -> int | None:
    """Where the marks closing an amount begin when they hold a slash ("/-"), which the sequence
    model reads as a 1; None otherwise (a small "closing mark" may be a digit's end cut off)."""
    tall = [i for i in trailing if layout.pieces[i].height >= SLASH_HEIGHT * layout.digit_height]
    return min(trailing) if tall else None


def line_slash_lean(layout: Layout) -> float:
    """The lean from which a straight, tall piece of this line is a slash (`slash_lean`); the
    first and last tall pieces are digits (no separator stands there)."""
    tall = [p for p in layout.pieces if p.height >= SLASH_HEIGHT * layout.digit_height]
    straight = [(piece, piece.line_shape[0]) for piece in tall if straight_and_tall(piece, layout.digit_height)]
    edges = set()
    if tall:
        # (The last is no sure digit when marks follow it: it may be the slash of a closing "/-".)
        edges = {id(tall[0])} if tall[-1] is not layout.pieces[-1] else {id(tall[0]), id(tall[-1])}
    return slash_lean([lean for _, lean in straight], [lean for piece, lean in straight if id(piece) in edges])


def read_separators(
    layout: Layout, chosen: list[Candidate], slash_from: float, evidence=None
) -> tuple[list[Candidate], list[Found]]:
    """The separators between the chosen digits: marks left out or set aside, and single-piece
    "digits" between two others that are a slash or a dash by their shape (a slash reads as a
    1), unless a period, a comma or a dash shares their gap (no one writes two separators
    between two digits).
    `slash_from`: the lean from which a straight, tall piece is a slash (`line_slash_lean`).
    With the sequence model's `evidence`, a separator it clearly emits there settles what the
    rules leave open: a mark the rules call nothing, a period they call a comma or a colon."""
    cut = cut_from_more(layout)
    # On the pad a part of a stroke is never a separator: people lift the pen before and after
    # one, so a dash-like part of a longer stroke is a digit's own (the long bar of a 4 written
    # as an "L" and a stem, a 7's crossbar reaching past its stem). In an image a separator may
    # touch a digit, and its ink is then cut from the digit's.
    stroke_parts = cut if layout.from_strokes else frozenset()
    marks = [m for m in _marks(layout, chosen) if id(m.piece) not in stroke_parts]
    converted: list[Found] = []
    kept: list[Candidate] = []
    for index, candidate in enumerate(chosen):
        if (
            0 < index < len(chosen) - 1
            and candidate.end == candidate.start + 1
            and id(layout.pieces[candidate.start]) not in stroke_parts
        ):
            before, after = chosen[index - 1].box, chosen[index + 1].box
            shape = classify_between(Mark.of(layout.pieces[candidate.start]), before, after, slash_from)
            if (
                shape is not None
                and shape[0] in "/-"
                and not read_as_one(evidence, candidate.box, shape[0])
                and not _separator_between(marks, before, after, slash_from)
            ):
                converted.append(Found(shape[0], len(kept), candidate.box, shape[1], ()))
                continue
        kept.append(candidate)
    taken = {f.after for f in converted}
    found = converted + [f for f in find_separators([c.box for c in kept], marks, slash_from) if f.after not in taken]
    if evidence is not None:
        found = separators_checked(found, kept, marks, evidence, cut, not layout.from_strokes)
    return kept, sorted(found, key=lambda f: f.after)


def _marks(layout: Layout, chosen: list[Candidate]) -> list[Mark]:
    """The ink the path leaves out of its digits, and the marks set aside (in an image, those
    that stand apart from the digits' ink)."""
    covered = {i for c in chosen for i in range(c.start, c.end)}
    digit_ink = [layout.pieces[i] for i in sorted(covered)]
    return [
        Mark.of(p)
        for p in [p for i, p in enumerate(layout.pieces) if i not in covered] + list(layout.set_aside)
        if layout.from_strokes or _apart(p, digit_ink, layout.digit_height)
    ]


def _separator_between(marks: Sequence[Mark], before: Box, after: Box, slash_from: float) -> bool:
    """Whether a period, a comma or a dash stands in the gap between two digits' boxes."""
    return any((classify_between(m, before, after, slash_from) or ("",))[0] in ".,-" for m in marks)


def ones_beside_dots(
    layout: Layout, candidates: Sequence[Candidate], chosen: list[Candidate], slash_from: float
) -> list[Candidate]:
    """The path with a straight piece it left out as a slash taken back as a 1 (when the
    recognizer reads it so) where a period, a comma or a dash stands beside it between the same
    two digits: "81.22" and "171-5099" written with 1s leaning as far as a slash
    (`read_separators` keeps it a 1). No one writes two separators between two digits."""
    ones = {id(layout.pieces[c.start]): c for c in candidates if c.end == c.start + 1 and c.prediction.label == "1"}
    marks = _marks(layout, chosen)
    added = []
    for before, after in zip(chosen, chosen[1:]):
        slashes = [
            ones[id(m.piece)]
            for m in marks
            if id(m.piece) in ones and (classify_between(m, before.box, after.box, slash_from) or ("",))[0] == "/"
        ]
        if len(slashes) == 1 and _separator_between(marks, before.box, after.box, slash_from):
            added += slashes
    return sorted(chosen + added, key=lambda c: c.start) if added else chosen


def _apart(piece, digits, height: float) -> bool:
    """Whether a mark's ink in an image stands apart from every digit's: a sliver broken off a
    stroke (a thin line at low resolution, JPEG) lies against the ink it came from, a period
    does not. (On the pad every piece is a whole stroke: no such test.)"""
    reach = max(SEPARATOR_APART * height, SEPARATOR_APART_PIXELS)
    points = None
    for digit in digits:
        if (
            digit.left - reach > piece.right
            or piece.left - reach > digit.right
            or digit.top - reach > piece.bottom
            or piece.top - reach > digit.bottom
        ):
            continue
        points = _ink_points(piece) if points is None else points
        other = _ink_points(digit)
        if len(points) and len(other) and (((points[:, None, :] - other[None, :, :]) ** 2).sum(-1).min() < reach**2):
            return False
    return True


def _ink_points(piece, limit: int = 300) -> np.ndarray:
    rows, cols = np.nonzero(piece.ink > 0.25)
    points = np.stack([cols + piece.left, rows + piece.top], axis=1).astype(np.float32)
    return points[:: len(points) // limit + 1]
