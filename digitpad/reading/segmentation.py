"""Where the digits of a written number may be: ink -> pieces -> candidate digits.

Reading a number (`digitpad.reading.reader`) over-segments, then lets the recognizer re-join:
1. pieces: the ink in parts that each belong to one digit at most. On the pad these are the
   strokes (so digits that cross are apart already); in an image, the connected components.
   Lines drawn under or through the digits are taken away, specks and separate underlines
   set aside; a part wide enough to hold touching digits is also cut, along the top-to-bottom
   seams that cross the least ink.
2. candidates: every run of neighbouring pieces, left to right, narrow enough to be one digit.
3. `digitpad.reading.reader` reads every candidate and keeps the path through them that reads best,
   so a 5's detached bar, a 4 in two strokes and a gap in a 0 are joined again, and a cut
   that was not needed is undone.
All sizes are relative to the digit height of the line, so the same rules hold on the pad,
on a scan and on a photo. A piece is a `digitpad.reading.pieces.Piece`; where touching ink is
cut is `digitpad.reading.cuts`.
"""

from __future__ import annotations

import dataclasses
import functools
import itertools
from dataclasses import dataclass
from typing import Sequence

import numpy as np

from digitpad.base.errors import TooBusyError
from digitpad.imaging.preprocess import STROKE_SUPERSAMPLING, rasterize_strokes
from digitpad.reading.cuts import (
    CUT_MAX_CROSSINGS,
    CUT_WIDTH,
    HINT_NEAR,
    HINT_NEAR_ONE,
    STROKE_CUT_CROSSINGS,
    STROKE_CUT_WIDTH,
    cut_piece,
)
from digitpad.reading.pieces import INK_LEVEL, Piece, stroke_width, trimmed
from digitpad.reading.separators import SLASH_STRAIGHTNESS, line_shape

# Components are found at a lower level, so that a thin pen line, faint between its pixels
# after blur or JPEG, stays one piece.
CONNECTED_LEVEL = 0.1
SPECK_SIZE = 0.22  # pieces smaller than this (x digit height) both ways are dots or noise
UNDERLINE_WIDTH, UNDERLINE_HEIGHT = 1.4, 0.22  # a long flat piece is an underline
LINE_LENGTH = 1.6  # ink running flat this long (x digit height) is a line drawn under or through the digits
FRAME_SIDE = 1.1  # straight upright ink this tall (x digit height) between two such lines is a frame's side
FRAME_SIDE_ALONE = 1.35  # and this tall, wherever it ends
EDGE_PIXELS = 3
ONE_WIDTH = 0.5  # a 1's share of a piece's width beside another digit's (1.0)
ONE_SPAN = 0.7  # a 1 cut off a piece beside it is at most this wide (x digit height)
APART_GAP = 0.0  # pieces this far apart (x digit height) or more are apart (a 4's two strokes meet)
TALL, SIDE_BY_SIDE = 0.7, 0.3  # two groups this tall with centres this far apart (x digit height): two digits
LINES_APART = 0.08  # two straight strokes' centres this far apart (x digit height): not one retraced
MAX_DIGIT_WIDTH = 1.5  # a candidate digit is at most this wide (x digit height)
MAX_PIECES_PER_DIGIT = 8
MAX_PIECES = 80  # the largest pieces are kept, whatever noise a photo holds...
# ...but when pieces of a digit's size would be dropped, the image is too busy to be one number.
# (A strip of 100 digits was read as its first 80, at 97 % confidence.)
# Components looked at in all: 640,000 specks took 7 s as Python objects; the rest are noise.
MAX_COMPONENTS = 4 * MAX_PIECES
# Digits taller than this (pixels) are read from the ink map reduced until they are not: a digit
# filling a 1,600-pixel photo cost seconds and gigabytes, and 28x28 is what the model sees.
# (Digits in scans and photos of a number are 40-250 pixels tall: read as they are.)
MAX_DIGIT_PIXELS = 256
# Pieces after cutting touching ink, and runs of them that may be one digit: a picture of
# scribbles passed 80 marks only once cut, and its 2,000 candidates took 4 s.
MAX_PARTS = 2 * MAX_PIECES
MAX_CANDIDATES = MAX_PIECES * MAX_PIECES_PER_DIGIT
MIN_MASS = 2.0  # pixels' worth of ink a piece needs to be read
# A form's printed line is at most this thin: a share of the pen's stroke width (that of the
# pieces at least PRINTED_NEIGHBOUR digit heights tall), and of the digit height.
PRINTED_SHARE, PRINTED_LINE, PRINTED_NEIGHBOUR = 0.5, 0.04, 0.6
FLAT_LINE = 4.0  # a stroke this many times as wide as it is tall (and long) is a line, no digit
MAJOR_SHARE = 0.25  # pieces with at least this share of the largest one's ink set the digit height


class TooManyMarks(TooBusyError):
    """More marks than one number holds (MAX_PIECES): lines, a grid, a page of text."""

    def __init__(self, marks: int):
        super().__init__(f"too busy to be one number: {marks} marks (a number has at most {MAX_PIECES})")
        self.marks = marks


@dataclass(frozen=True)
class Layout:
    """The pieces of a line of ink, left to right, and the height of its digits (pixels)."""

    pieces: tuple[Piece, ...]
    digit_height: float
    set_aside: tuple[Piece, ...] = ()  # specks and underlines
    from_strokes: bool = False  # pieces are whole pen strokes (never slivers of broken ink)
    reduced_by: int = 1  # an image's ink map was reduced this many times (MAX_DIGIT_PIXELS)

    def box(self, start: int, end: int) -> tuple[int, int, int, int]:
        """(left, top, right, bottom) of pieces[start:end], exclusive ends."""
        chosen = self.pieces[start:end]
        return (
            min(p.left for p in chosen),
            min(p.top for p in chosen),
            max(p.right for p in chosen),
            max(p.bottom for p in chosen),
        )

    @functools.cached_property
    def printed_lines(self) -> frozenset[int]:
        """The pieces of an image that are what is left of a form's printed lines (a field's
        side or corner, a stretch of its bottom line): ink far thinner than the pen's (the tall
        pieces' median stroke width) and than PRINTED_LINE digit heights, half a digit height
        long or more. None on the pad, where a light pressure pen's stroke can be as thin."""
        if self.from_strokes:
            return frozenset()
        widths = [stroke_width(p.ink > INK_LEVEL) for p in self.pieces]
        tall = [w for w, p in zip(widths, self.pieces) if p.height >= PRINTED_NEIGHBOUR * self.digit_height]
        if not tall:
            return frozenset()
        thin = min(PRINTED_SHARE * float(np.median(tall)), PRINTED_LINE * self.digit_height)
        return frozenset(
            i
            for i, (p, width) in enumerate(zip(self.pieces, widths))
            if width <= thin and max(p.width, p.height) >= self.digit_height / 2
        )

    def candidates(self) -> list[tuple[int, int]]:
        """(start, end) of every run of pieces that may be one digit."""
        runs = []
        limit = MAX_DIGIT_WIDTH * self.digit_height
        for start in range(len(self.pieces)):
            for end in range(start + 1, min(len(self.pieces), start + MAX_PIECES_PER_DIGIT) + 1):
                left, _, right, _ = self.box(start, end)
                if end > start + 1 and right - left > limit:
                    break  # wider only grows with more pieces
                runs.append((start, end))
        if len(runs) > MAX_CANDIDATES:
            raise TooManyMarks(len(self.pieces))
        return runs

    def separations(self, start: int, end: int) -> int:
        """In how many places pieces[start:end] fall apart left and right with a gap between them,
        without cutting ink: each is a sign that they are two digits written close, not one."""
        chosen = sorted(self.pieces[start:end], key=lambda p: p.left)
        count, reach, origins = 0, chosen[0].right, {chosen[0].origin}
        gap = APART_GAP * self.digit_height
        for piece in chosen[1:]:
            if piece.left >= reach + gap and piece.origin not in origins:
                count += 1
            reach, origins = max(reach, piece.right), origins | {piece.origin}
        return count

    def side_by_side(self, start: int, end: int) -> bool:
        """Whether pieces[start:end] split, in left-to-right order, into two groups that are each
        nearly as tall as a digit, and stand apart: two digits written close, not one (a 4's or
        a 5's strokes are either short or on top of each other)."""
        chosen = sorted(self.pieces[start:end], key=lambda p: p.centre_x)
        tall, apart = TALL * self.digit_height, SIDE_BY_SIDE * self.digit_height
        for split in range(1, len(chosen)):
            left, right = chosen[:split], chosen[split:]
            if {p.origin for p in left} & {p.origin for p in right}:
                continue  # a cut stroke or component: one of them was one piece of ink
            if min(_height(left), _height(right)) >= tall and _centre(right) - _centre(left) >= apart:
                return True
        return False

    def is_line(self, index: int) -> bool:
        """Whether pieces[index] is one straight stroke nearly as tall as a digit."""
        piece = self.pieces[index]
        return piece.height >= TALL * self.digit_height and piece.line_shape[1] <= SLASH_STRAIGHTNESS

    def line_shape(self, start: int, end: int) -> tuple[float, float]:
        """`separators.line_shape` of pieces[start:end] together: lean and thickness as one line."""
        return self.pieces[start].line_shape if end == start + 1 else line_shape(self.ink(start, end))

    def lines_side_by_side(self, start: int, end: int) -> bool:
        """Whether pieces[start:end] are all straight, tall strokes, two or more side by side:
        1s (or a 1 and a slash) written close, never one digit however near they stand, if
        their ends touch or their slant makes their boxes overlap (no digit is straight tall
        strokes alone; the sequence model reads a close "11" as one "1", and the wholeness
        network took "11" and "1111" for one digit). Not one stroke drawn twice."""
        if end - start < 2 or not all(self.is_line(i) for i in range(start, end)):
            return False
        centres = [p.centre_x for p in self.pieces[start:end]]
        return max(centres) - min(centres) >= LINES_APART * self.digit_height

    def cut_through(self, start: int, end: int) -> bool:
        """Whether pieces[start:end] were cut from ink that goes on outside them."""
        inside = {p.origin for p in self.pieces[start:end]}
        return any(p.origin in inside for p in self.pieces[:start] + self.pieces[end:])

    def contexts(self, runs, inks=None, side: int = 28) -> np.ndarray:
        """Each run of pieces in its surroundings: (N, 2, side, side) float32, a square window two
        digit heights wide around its centre, holding its ink alone and all the ink there.
        `inks`: `self.ink(start, end)` of each run, when the caller has them already."""
        from PIL import Image

        def reduced(ink: np.ndarray) -> np.ndarray:  # the window's work at about 2 x `side` pixels, not 2 x H
            if step == 1:
                return ink
            size = (max(1, ink.shape[1] // step), max(1, ink.shape[0] // step))
            return np.asarray(Image.fromarray(ink, "F").resize(size, Image.Resampling.BOX))

        half = max(1, int(self.digit_height))
        step = max(1, half // side)
        half //= step
        origin_x, origin_y = min(p.left for p in self.pieces), min(p.top for p in self.pieces)
        everything = reduced(self.ink(0, len(self.pieces)))
        result = np.zeros((len(runs), 2, side, side), np.float32)
        for index, (start, end) in enumerate(runs):
            left, top, right, bottom = self.box(start, end)
            own = reduced(self.ink(start, end) if inks is None else inks[index])
            cx, cy = ((left + right) // 2 - origin_x) // step, ((top + bottom) // 2 - origin_y) // step
            x0, y0 = (left - origin_x) // step, (top - origin_y) // step
            for channel, (ink, px, py) in enumerate(((own, x0, y0), (everything, 0, 0))):
                # the part of `ink` (placed at px, py of the line) inside the window centred on (cx, cy)
                wx, wy = px - (cx - half), py - (cy - half)
                sx, sy = max(0, -wx), max(0, -wy)
                ex, ey = min(ink.shape[1], 2 * half - wx), min(ink.shape[0], 2 * half - wy)
                window = np.zeros((2 * half, 2 * half), np.float32)
                if ex > sx and ey > sy:
                    window[wy + sy : wy + ey, wx + sx : wx + ex] = ink[sy:ey, sx:ex]
                result[index, channel] = np.asarray(
                    Image.fromarray(window, "F").resize((side, side), Image.Resampling.BOX)
                )
        return result

    def recut(
        self,
        hints: Sequence[float],
        places: Sequence[tuple[float, bool]] = (),
        beside_ones: Sequence[tuple[float, bool, bool]] = (),
    ) -> "Layout":
        """This image layout with more cuts where another reader (`digitpad.reading.sequence_model`) sees
        one character end and the next begin (`hints`: x in this layout's pixels) inside a piece
        of touching ink, along the seam crossing the least ink near each; itself when none is
        new. `places`: where it reads each digit (x, and whether it is a 1); `beside_ones`: the
        character boundaries it sees beside a 1 (x, a 1 before it, a 1 after it), which may lie
        nearer a piece's side. Pieces of one stroke on the pad are never cut."""
        if self.from_strokes or not (hints or places or beside_ones):
            return self
        near, near_one = HINT_NEAR * self.digit_height, HINT_NEAR_ONE * self.digit_height
        parts, changed = [], False
        for piece in self.pieces:
            inside = [h - piece.left for h in hints if piece.left + near <= h <= piece.right - near]
            # (a 1 touching its neighbour: where it begins or ends lies near the piece's side)
            # (and leaves a 1 no wider than a 1: the 5 of "15" emitted late is no cut beside its 1)
            # (and one it sees begin nearer the side still, a 1 against the side of the digit
            # before it, as in "0410", is cut as near the side as may be)
            low, high = piece.left + near_one, piece.right - near_one
            seen = [(min(max(h, low), high), b, a) for h, b, a in beside_ones if piece.left < h < piece.right]
            inside += [x - piece.left for x, b, a in seen if low < high and self._narrow_one(piece, x, b, a)]
            over = [(x, one) for x, one in places if piece.left - near <= x <= piece.right + near]
            widths = [ONE_WIDTH if one else 1.0 for _, one in over]
            if not inside and len(widths) >= 2 and piece.width >= 2 * near * sum(widths):
                # it reads two digits or more over the piece but sees them meet near its sides
                # (a 9 first emitted at its right edge): part it between them, a 1 narrower
                ends = list(itertools.accumulate(widths))
                inside = [piece.width * end / ends[-1] for end in ends[:-1]]
            # two digits it reads over the piece, each where it first emits it (the 8 of a
            # touching "87" at its left edge, the 7 late over its right half): part them halfway
            # between too, when that is not near the piece's sides nor a cut already there
            # (each within HINT_NEAR_ONE of it: not the next piece's digit emitted early)
            own = [(x, one) for x, one in over if piece.left - near_one <= x <= piece.right + near_one]
            for (a, one_a), (b, one_b) in zip(own, own[1:]):
                margin = near_one if one_a or one_b else near
                middle = (a + b) / 2 - piece.left
                if margin <= middle <= piece.width - margin and all(abs(middle - c) > near for c in inside):
                    inside.append(middle)
            if inside and piece.line_shape[1] <= SLASH_STRAIGHTNESS:
                inside = []  # one straight stroke (a slash, a 1) is no two digits touching
            cut = (
                cut_piece(piece, self.digit_height, piece.origin, 0.0, CUT_MAX_CROSSINGS, inside) if inside else [piece]
            )
            changed |= len(cut) > 1
            parts += cut
        if not changed:
            return self
        parts = sorted((part for part in parts if part.mass >= MIN_MASS), key=lambda p: p.centre_x)
        return dataclasses.replace(self, pieces=tuple(parts))

    def _narrow_one(self, piece: Piece, x: float, before: bool, after: bool) -> bool:
        """Whether a cut of `piece` at x leaves the 1 before it (`before`) or after it
        (`after`), or either of two, at most ONE_SPAN digit heights wide."""
        span = ONE_SPAN * self.digit_height
        return (before and x - piece.left <= span) or (after and piece.right - x <= span)

    def ink(self, start: int, end: int) -> np.ndarray:
        """The ink of pieces[start:end] alone, cropped to their box (other digits' ink left out)."""
        left, top, right, bottom = self.box(start, end)
        canvas = np.zeros((bottom - top, right - left), np.float32)
        for piece in self.pieces[start:end]:
            region = canvas[piece.top - top : piece.bottom - top, piece.left - left : piece.right - left]
            np.maximum(region, piece.ink, out=region)
        return canvas


def _height(pieces) -> int:
    return max(p.bottom for p in pieces) - min(p.top for p in pieces)


def _centre(pieces) -> float:
    return (max(p.right for p in pieces) + min(p.left for p in pieces)) / 2


# ---------------------------------------------------------------- making a layout


def image_layout(ink: np.ndarray) -> Layout:
    """The pieces of an ink map (float 0..1, 1 = ink): its connected components. Positions are
    in the ink map's pixels divided by the layout's `reduced_by`. Raises TooManyMarks."""
    from scipy import ndimage  # connected components; imported here so single digits never pay for it

    mask = ink > CONNECTED_LEVEL
    pieces = _components(ink, mask, ndimage)
    reduced_by = 1
    if pieces and _digit_height(pieces) > MAX_DIGIT_PIXELS:
        reduced_by = int(np.ceil(_digit_height(pieces) / MAX_DIGIT_PIXELS))
        ink = _reduced(ink, reduced_by)
        mask = ink > CONNECTED_LEVEL
        pieces = _components(ink, mask, ndimage)
    if pieces:
        # A line under (or through) the digits joins them into one piece: take away ink that
        # runs flat for longer than any digit's bar, then look again.
        length = max(3, int(LINE_LENGTH * _digit_height(pieces)))
        lines = runs_at_least(mask, length, axis=1)
        if lines.any():
            ink = np.where(lines, 0.0, ink).astype(np.float32)
            pieces = _components(ink, mask & ~lines, ndimage)
            sides = _frame_sides(mask & ~lines, lines, _digit_height(pieces), ndimage) if pieces else None
            if sides is not None:
                ink = np.where(sides, 0.0, ink).astype(np.float32)
                pieces = _components(ink, mask & ~lines & ~sides, ndimage)
    if len(pieces) > MAX_PIECES:
        pieces = sorted(pieces, key=lambda p: -p.mass)[:MAX_PIECES]
    return dataclasses.replace(_layout(pieces, CUT_WIDTH, CUT_MAX_CROSSINGS), reduced_by=reduced_by)


def _reduced(ink: np.ndarray, factor: int) -> np.ndarray:
    """The ink map `factor` times smaller each way (box averages)."""
    from PIL import Image

    size = (max(1, ink.shape[1] // factor), max(1, ink.shape[0] // factor))
    return np.asarray(Image.fromarray(np.ascontiguousarray(ink, np.float32), "F").resize(size, Image.Resampling.BOX))


def runs_at_least(mask: np.ndarray, length: int, axis: int) -> np.ndarray:
    """The pixels of `mask` in straight runs of at least `length` along `axis` (1: rows): a
    binary opening by a line `length` long, in time independent of the length (running sums
    rather than scipy's pixel-by-pixel erosion, which took half of a large image's reading)."""
    rows = mask if axis == 1 else mask.T
    height, width = rows.shape
    if width < length:
        return np.zeros_like(mask)
    counts = np.zeros((height, width + 1), np.int32)
    np.cumsum(rows, axis=1, out=counts[:, 1:])
    full = (counts[:, length:] - counts[:, :-length]) == length  # a window all ink starts here
    # Every pixel some full window covers: one starts within `length` before it.
    starts = np.zeros((height, width + 1), np.int32)
    np.cumsum(full, axis=1, out=starts[:, 1 : full.shape[1] + 1])
    starts[:, full.shape[1] + 1 :] = starts[:, full.shape[1] : full.shape[1] + 1]
    covered = starts[:, 1:] - np.concatenate(
        [np.zeros((height, length), np.int32), starts[:, 1 : width + 1 - length]], axis=1
    )
    result = covered > 0
    return result if axis == 1 else result.T


def _frame_sides(mask: np.ndarray, lines: np.ndarray, digit_height: float, ndimage) -> np.ndarray | None:
    """The upright sides of a printed frame round the digits (a form's field, a ruled box):
    straight vertical ink taller than FRAME_SIDE digit heights whose ends both meet a line
    taken away or the image's edge, or taller than FRAME_SIDE_ALONE whatever it meets. A
    digit's 1 is about as tall as the others, and a 1 that touches an underline meets a line
    at one end only. None when there is none."""
    length = max(3, int(FRAME_SIDE * digit_height))
    upright = runs_at_least(mask, length, axis=0)
    if not upright.any():
        return None
    edge = np.zeros_like(mask)
    edge[:EDGE_PIXELS], edge[-EDGE_PIXELS:] = True, True
    stops = ndimage.binary_dilation(lines, iterations=2) | edge
    labels, _ = ndimage.label(upright)
    sides = np.zeros_like(mask)
    for index, found in enumerate(ndimage.find_objects(labels), 1):
        rows, cols = found
        column = labels[found] == index
        ends_stop = (stops[rows.start : rows.start + 2, cols] & column[:2]).any() and (
            stops[rows.stop - 2 : rows.stop, cols] & column[-2:]
        ).any()
        if ends_stop or rows.stop - rows.start >= FRAME_SIDE_ALONE * digit_height:
            sides[found] |= column
    if not sides.any():
        return None
    # The side's full width: the opening keeps only its straight core.
    return ndimage.binary_dilation(sides, structure=np.ones((1, 3), bool)) & mask


def _components(ink: np.ndarray, mask: np.ndarray, ndimage) -> list[Piece]:
    """The connected components holding MIN_MASS of ink or more, the MAX_COMPONENTS largest.
    Raises TooManyMarks before any is cropped (a busy image's crops took gigabytes)."""
    labels, count = ndimage.label(mask, structure=np.ones((3, 3), bool))
    masses = np.bincount(labels.ravel(), weights=ink.ravel(), minlength=count + 1)
    masses[0] = 0.0  # the background
    digit_sized = int((masses >= max(MAJOR_SHARE * masses.max(), MIN_MASS)).sum())
    if digit_sized > MAX_PIECES:
        raise TooManyMarks(digit_sized)
    wanted = np.flatnonzero(masses >= MIN_MASS)
    if len(wanted) > MAX_COMPONENTS:
        wanted = np.sort(wanted[np.argsort(-masses[wanted], kind="stable")[:MAX_COMPONENTS]])
    if not len(wanted):
        return []
    if len(wanted) < count:  # numbered anew, so that the specks cost no slice objects (640,000: 0.8 s)
        renumbered = np.zeros(count + 1, np.int32)
        renumbered[wanted] = np.arange(1, len(wanted) + 1)
        labels = renumbered[labels]
    pieces = []
    for index, found in enumerate(ndimage.find_objects(labels), 1):
        rows, cols = found
        crop = np.where(labels[found] == index, ink[found], 0.0).astype(np.float32)
        pieces.append(Piece(cols.start, rows.start, crop))
    return pieces


def stroke_layout(
    strokes: Sequence[Sequence[Sequence[float]]], widths: Sequence[float], scale: int = STROKE_SUPERSAMPLING
) -> Layout:
    """The pieces of strokes drawn on the pad: one per stroke, drawn at `scale` pixels per pad unit
    the way the pad and `preprocess_strokes` draw them. Positions are in those pixels."""
    pieces = []
    for stroke, width in zip(strokes, widths):
        points = np.asarray([p[:2] for p in stroke], np.float64)
        if not len(points):
            continue
        reach = width * 1.5 / 2 + 1  # a pressure pen widens the line up to 1.3x
        low = np.floor(points.min(axis=0) - reach)
        size = np.ceil(points.max(axis=0) + reach - low).astype(int)
        moved = [(p[0] - low[0], p[1] - low[1], *p[2:]) for p in stroke]
        raster = rasterize_strokes([moved], (int(size[0]), int(size[1])), width, scale)
        piece = trimmed(raster, int(low[0] * scale), int(low[1] * scale))
        if piece is not None:
            pieces.append(piece)
    return dataclasses.replace(_layout(pieces, STROKE_CUT_WIDTH, STROKE_CUT_CROSSINGS, strokes=True), from_strokes=True)


def _digit_height(pieces: Sequence[Piece], strokes: bool = False) -> float:
    """The height of a digit in this line: the (upper) median height of the pieces that hold
    a good share of the ink, so that dots, a 5's detached bar or an underline do not count.
    Of `strokes` on the pad, lines do not count: a stroke four times as wide as tall, longer
    than LINE_LENGTH times the tallest other piece (a line drawn under the number; an image's
    lines are taken away before) can hold four times a digit's ink, and its height then made
    every stroke "wide", cut into hundreds of parts ("too busy")."""
    counted = list(pieces)
    if strokes:
        tallest = max((p.height for p in pieces if p.width <= FLAT_LINE * p.height), default=0)
        counted = [p for p in pieces if p.width <= max(FLAT_LINE * p.height, LINE_LENGTH * tallest)] or counted
    largest = max(p.mass for p in counted)
    heights = sorted(p.height for p in counted if p.mass >= MAJOR_SHARE * largest)
    return float(heights[len(heights) // 2])


def _layout(pieces: list[Piece], cut_width: float, crossings: int | None, strokes: bool = False) -> Layout:
    if not pieces:
        return Layout((), 0.0)
    height = max(_digit_height(pieces, strokes), 1.0)
    kept: list[Piece] = []
    set_aside: list[Piece] = []
    for piece in pieces:
        speck = max(piece.width, piece.height) < SPECK_SIZE * height
        underline = piece.width > UNDERLINE_WIDTH * height and piece.height < UNDERLINE_HEIGHT * height
        (set_aside if speck or underline else kept).append(piece)
    if not kept:  # all of it is small marks: read them together (a dot is "not a digit")
        kept, set_aside = pieces, []
    parts = [
        part for origin, piece in enumerate(kept) for part in cut_piece(piece, height, origin, cut_width, crossings)
    ]
    # A sliver a cut left, or a pixel of noise, holds too little ink to be read on its own.
    set_aside += [part for part in parts if part.mass < MIN_MASS]
    parts = sorted((part for part in parts if part.mass >= MIN_MASS), key=lambda p: p.centre_x)
    if len(parts) > MAX_PARTS:
        raise TooManyMarks(len(parts))
    return Layout(tuple(parts), height, tuple(set_aside))
