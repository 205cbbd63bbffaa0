"""A piece of a line's ink: one pen stroke, one connected component of an image, or a part cut
from either (`digitpad.reading.cuts`): what a `digitpad.reading.segmentation.Layout` holds."""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np

from digitpad.reading.separators import line_shape

INK_LEVEL = 0.25  # what counts as ink when finding cuts (the ink map is 0..1)


@dataclass(frozen=True, eq=False)
class Piece:
    """A part of the ink: `ink` (float32, zero outside the part) placed at (left, top) of the whole."""

    left: int
    top: int
    ink: np.ndarray
    origin: int = 0  # pieces cut from one stroke or component share it

    @functools.cached_property
    def line_shape(self) -> tuple[float, float]:
        """Its lean and thickness as a line (`separators.line_shape`), worked out once."""
        return line_shape(self.ink)

    @property
    def right(self) -> int:
        return self.left + self.ink.shape[1]

    @property
    def bottom(self) -> int:
        return self.top + self.ink.shape[0]

    @property
    def width(self) -> int:
        return self.ink.shape[1]

    @property
    def height(self) -> int:
        return self.ink.shape[0]

    @property
    def centre_x(self) -> float:
        return self.left + self.width / 2

    @property
    def mass(self) -> float:
        return float(self.ink.sum())


def trimmed(ink: np.ndarray, left: int, top: int, origin: int = 0) -> Piece | None:
    """The piece of `ink` cropped to where its ink is; None when there is none."""
    rows = np.flatnonzero(ink.max(axis=1) > 0)
    cols = np.flatnonzero(ink.max(axis=0) > 0)
    if not len(rows):
        return None
    return Piece(
        left + int(cols[0]),
        top + int(rows[0]),
        np.ascontiguousarray(ink[rows[0] : rows[-1] + 1, cols[0] : cols[-1] + 1], np.float32),
        origin,
    )


def stroke_width(mask: np.ndarray) -> float:
    """Mean stroke width in pixels: the ink's area over half its outline."""
    area = int(mask.sum())
    padded = np.pad(mask, 1)
    interior = padded[:-2, 1:-1] & padded[2:, 1:-1] & padded[1:-1, :-2] & padded[1:-1, 2:] & mask
    return 2.0 * area / max(area - int(interior.sum()), 1)
