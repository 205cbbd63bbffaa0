"""Where touching digits meet: the top-to-bottom seams through a piece of ink that cross the least
ink (`cut_paths`), or the seams near where another reader sees two characters meet
(`hinted_paths`); and the piece cut along them (`cut_piece`)."""

from __future__ import annotations

import itertools
from typing import Callable, Sequence

import numpy as np

from digitpad.reading.pieces import INK_LEVEL, Piece, stroke_width, trimmed

CUT_WIDTH = 0.95  # a component wider than this (x digit height) may hold touching digits
# A stroke holds two digits far more rarely (only a joined-up hand): cut only clearly wide ones.
STROKE_CUT_WIDTH = 1.3
CUT_SPACING = 0.3  # cuts at least this far apart (x digit height)
CUT_EVERY = 0.45  # at most one cut per this much width (x digit height)
CUT_MARGIN = 0.08  # no cut nearer a piece's side than this (x digit height): a 1 is narrow
CUT_MAX_STROKES = 2.5  # a cut crosses at most this many stroke widths of ink
CUT_MIN_SHARE = 0.1  # a cut leaves at least this share of the ink on each side
# Digits written in one stroke are joined at one place, so a cut across two strokes of it (the
# top and bottom of a wide 0) goes through one digit. Digits whose ink touches may meet in
# several places (a 3's tips against an 8): in images only the ink crossed limits a cut.
STROKE_CUT_CROSSINGS, CUT_MAX_CROSSINGS = 1, None
CUT_BAND = 0.2  # a cut may bend this far (x digit height) from where it starts
# Cuts where the sequence model sees two characters meet (`Layout.recut`): at least HINT_NEAR
# digit heights from a piece's sides and from the cuts already there, within HINT_BAND of the
# place it says, crossing at most HINT_MAX_STROKES stroke widths of ink.
HINT_NEAR, HINT_BAND, HINT_MAX_STROKES, HINT_DRIFT = 0.2, 0.25, 3.5, 0.1
HINT_NEAR_ONE = 0.08  # ... and this far where one of the two is a 1 (as narrow as CUT_MARGIN)
SIDE_STEP = 0.05  # the price of a cut's sideways step, in pixels of ink


def hinted_paths(piece: Piece, digit_height: float, hints: Sequence[float]) -> list[np.ndarray]:
    """Seams near `hints` (columns of `piece` where another reader sees two characters meet):
    for each, among the paths starting within HINT_BAND digit heights of it, the one crossing
    the least ink (plus HINT_DRIFT per pixel away from the hint), kept when it crosses at most
    HINT_MAX_STROKES stroke widths of ink and leaves a share of it on both sides."""
    ink = (piece.ink > INK_LEVEL).astype(np.float32)
    margin = max(1, int(CUT_MARGIN * digit_height))
    share = np.cumsum(ink.sum(axis=0)) / max(float(ink.sum()), 1.0)
    limit = HINT_MAX_STROKES * stroke_width(ink > 0)
    reach = max(1, int(HINT_BAND * digit_height))
    bend = max(1, int(CUT_BAND * digit_height / 2))
    paths = []
    for hint in hints:
        seeds = np.arange(int(hint) - reach, int(hint) + reach + 1, max(1, int(digit_height / 24)))
        seeds = seeds[(seeds >= margin) & (seeds < piece.width - margin)]
        seeds = seeds[(share[seeds] >= CUT_MIN_SHARE) & (share[seeds] <= 1 - CUT_MIN_SHARE)] if len(seeds) else seeds
        if not len(seeds):
            continue
        costs, path_of = _cheapest_paths(ink, seeds, bend, margin)
        best = int(np.argmin(costs + HINT_DRIFT * np.abs(seeds - hint)))
        if costs[best] <= limit:
            paths.append(path_of(best))
    return paths


def cut_paths(
    piece: Piece, digit_height: float, cut_width: float = CUT_WIDTH, crossings: int | None = CUT_MAX_CROSSINGS
) -> list[np.ndarray]:
    """Where touching digits in `piece` may meet: top-to-bottom paths (one column per row) that
    cross the least ink, each a few stroke widths at most, as many as the piece is wide enough for.

    A path may bend (one column per row at most) within a band around its start, so digits
    that lean into each other are parted along their seam rather than by a straight line."""
    if piece.width <= cut_width * digit_height:
        return []
    ink = (piece.ink > INK_LEVEL).astype(np.float32)
    margin = max(1, int(CUT_MARGIN * digit_height))
    # A cut leaves a real share of the ink on both sides, else it only shaves an edge.
    share = np.cumsum(ink.sum(axis=0)) / max(float(ink.sum()), 1.0)
    seeds = np.arange(margin, piece.width - margin, max(1, int(digit_height / 24)))
    seeds = seeds[(share[seeds] >= CUT_MIN_SHARE) & (share[seeds] <= 1 - CUT_MIN_SHARE)]
    if not len(seeds):
        return []
    costs, path_of = _cheapest_paths(ink, seeds, max(1, int(CUT_BAND * digit_height)), margin)
    limit = CUT_MAX_STROKES * stroke_width(ink > 0)
    minima = [
        i
        for i in range(len(seeds))
        if costs[i] <= limit
        and (i == 0 or costs[i] <= costs[i - 1])
        and (i == len(seeds) - 1 or costs[i] <= costs[i + 1])
        and (crossings is None or _crossings(ink, path_of(i)) <= crossings)
    ]
    if not minima and piece.width > 1.1 * digit_height:  # touching hard: the cheapest seam in the middle
        middle = [i for i in range(len(seeds)) if 0.3 * piece.width <= seeds[i] <= 0.7 * piece.width]
        minima = [min(middle, key=lambda i: costs[i])] if middle else []
    wanted = max(1, int(piece.width / (CUT_EVERY * digit_height)))
    chosen: list[int] = []
    for i in sorted(minima, key=lambda i: (costs[i], seeds[i])):
        if all(abs(seeds[i] - seeds[j]) >= CUT_SPACING * digit_height for j in chosen):
            chosen.append(i)
            if len(chosen) == wanted:
                break
    result, previous = [], None
    for i in sorted(chosen, key=lambda i: seeds[i]):
        path = path_of(i) if previous is None else np.maximum(path_of(i), previous)  # seams never cross
        result.append(path)
        previous = path
    return result


def _crossings(ink: np.ndarray, path: np.ndarray) -> int:
    """How many separate strokes a path crosses (runs of ink along it)."""
    along = ink[np.arange(len(path)), path] > 0
    return int(along[0]) + int(np.count_nonzero(along[1:] & ~along[:-1]))


def _cheapest_paths(
    ink: np.ndarray, seeds: np.ndarray, band: int, margin: int
) -> tuple[np.ndarray, Callable[[int], np.ndarray]]:
    """For each seed column, the top-to-bottom path within seed +- band crossing the least ink,
    kept `margin` columns inside the edges (where it would cut nothing off), a small price per
    sideways step keeping it straight where nothing is in the way.
    Returns the paths' costs, and a function giving seed i's path (one column per row)."""
    height, width = ink.shape
    wanted = seeds[:, None] + np.arange(-band, band + 1)[None, :]
    columns = np.clip(wanted, 0, width - 1)  # (seeds, band width)
    barrier = np.where((wanted < margin) | (wanted >= width - margin), np.inf, 0.0)
    total = ink[0][columns] + barrier
    moves = np.zeros((height, *columns.shape), np.int8)
    blocked = np.full((len(seeds), 1), np.inf)
    for row in range(1, height):
        stacked = np.stack(
            [
                np.concatenate([blocked, total[:, :-1]], axis=1) + SIDE_STEP,
                total,
                np.concatenate([total[:, 1:], blocked], axis=1) + SIDE_STEP,
            ]
        )
        moves[row] = stacked.argmin(axis=0) - 1  # -1: from the left above, 0: above, 1: from the right
        total = stacked.min(axis=0) + ink[row][columns] + barrier
    ends = total.argmin(axis=1)

    def path(i: int) -> np.ndarray:
        result, position = np.empty(height, np.int64), int(ends[i])
        for row in range(height - 1, -1, -1):
            result[row] = columns[i, position]
            position += int(moves[row, i, position])
        return result

    return total[np.arange(len(seeds)), ends], path


def cut_piece(
    piece: Piece, digit_height: float, origin: int, cut_width: float, crossings: int | None, hints: Sequence[float] = ()
) -> list[Piece]:
    """`piece` cut along its seams: found by themselves, or near `hints` (`hinted_paths`)."""
    if hints:
        paths = sorted(hinted_paths(piece, digit_height, hints), key=lambda path: float(path.mean()))
        paths = list(itertools.accumulate(paths, np.maximum))  # seams never cross
    else:
        paths = cut_paths(piece, digit_height, cut_width, crossings)
    if not paths:
        return [Piece(piece.left, piece.top, piece.ink, origin)]
    columns = np.arange(piece.width)[None, :]
    bounds = [np.zeros(piece.height, np.int64), *paths, np.full(piece.height, piece.width)]
    parts = []
    for low, high in zip(bounds, bounds[1:]):
        inside = (columns >= low[:, None]) & (columns < high[:, None])
        part = trimmed(np.where(inside, piece.ink, 0.0).astype(np.float32), piece.left, piece.top, origin)
        if part is not None:
            parts.append(part)
    return parts
