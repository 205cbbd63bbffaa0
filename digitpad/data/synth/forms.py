"""Amounts written on forms and cheques, for benchmarks and tests: paper that is textured or
patterned, a ruled or boxed field, a line drawn under the amount, thousands separators and a
trailing mark ("1,250/-"), as people fill in real forms.

An amount is one writer's digits and separators (`write_separated`), its extra strokes (the
underline, the trailing mark) drawn with the same pen, then rendered on paper with what was
printed on it before the pen (`render_on_paper(printed=...)`). What is compared is its digits.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np
from scipy import ndimage

from digitpad.data.synth.number_writing import PEOPLES_GAPS, NumberStyle, render_on_paper, write_separated

PAPERS = ("textured", "patterned", "ruled", "boxed")
TRAILING_MARKS = ("", "-", "/-", ".-")


def amount_pattern(rng: np.random.Generator) -> str:
    """A pattern of "d" and separators: 3-7 digits, thousands separated by "," or "." (or not),
    sometimes with cents, sometimes with a trailing mark."""
    count = int(rng.integers(3, 8))
    thousands = str(rng.choice([",", ".", ""]))
    digits = "d" * count
    groups = [digits[max(0, i - 3) : i] for i in range(len(digits), 0, -3)][::-1]
    pattern = thousands.join(groups)
    if rng.random() < 0.3:
        pattern += ("." if thousands != "." else ",") + "dd"
    return pattern + str(rng.choice(TRAILING_MARKS))


def write_amount(
    parts: Sequence[tuple[str, Sequence[np.ndarray]]],
    rng: np.random.Generator,
    style: NumberStyle = PEOPLES_GAPS,
    underline: bool = False,
) -> tuple[list, float]:
    """An amount's strokes in pad units and the pen width (as `write_separated`), with a line
    drawn under it when `underline`."""
    strokes, pen = write_separated(parts, rng, style)
    if underline:
        points = np.concatenate([np.array(s)[:, :2] for s in strokes])
        (left, top), (right, bottom) = points.min(axis=0), points.max(axis=0)
        height = bottom - top
        y = bottom + pen + height * rng.uniform(0.08, 0.25)
        xs = np.linspace(left - height * rng.uniform(0.0, 0.3), right + height * rng.uniform(0.0, 0.3), 40)
        ys = y + (xs - xs[0]) * rng.uniform(-0.03, 0.03) + rng.normal(0, 0.2, len(xs))
        strokes = strokes + [[(float(x), float(min(yy, 54.0)), 0.5) for x, yy in zip(xs, ys)]]
    return strokes, pen


def printed_paper(kind: str, strokes, pixels_per_unit: float):
    """`render_on_paper`'s `printed` for a kind of paper (`PAPERS`): darkness in [0, 1]."""
    scale = max(1, int(round(pixels_per_unit)))
    points = np.concatenate([np.array(s)[:, :2] for s in strokes]) * scale
    (left, top), (right, bottom) = points.min(axis=0), points.max(axis=0)

    def printed(shape, rng: np.random.Generator) -> np.ndarray:
        height, width = shape
        rows, cols = np.mgrid[0:height, 0:width].astype(np.float32)
        if kind == "textured":  # fibres and grain at two scales, and a few specks
            coarse = ndimage.gaussian_filter(rng.normal(0, 1, shape), 3 * scale)
            fine = ndimage.gaussian_filter(rng.normal(0, 1, shape), 0.7 * scale)
            darkness = rng.uniform(0.02, 0.08) * coarse / (coarse.std() + 1e-6) + rng.uniform(0.01, 0.05) * fine / (
                fine.std() + 1e-6
            )
            for _ in range(int(rng.integers(0, 6))):
                y, x = rng.integers(0, height), rng.integers(0, width)
                darkness[max(0, y - scale) : y + scale, max(0, x - scale) : x + scale] += rng.uniform(0.2, 0.5)
            return np.clip(darkness, -0.1, 0.6)
        if kind == "patterned":  # a cheque's fine waves, printed light
            period = rng.uniform(2.0, 5.0) * scale
            angle = rng.uniform(0, np.pi)
            wave = np.sin(
                2 * np.pi * (cols * np.cos(angle) + rows * np.sin(angle)) / period
                + rng.uniform(1, 4) * np.sin(cols / (rng.uniform(8, 20) * scale))
            )
            return rng.uniform(0.08, 0.22) * np.clip(wave, 0, 1) ** 2
        darkness = np.zeros(shape, np.float32)
        thickness = max(1, int(round(rng.uniform(0.3, 0.8) * scale)))
        strength = rng.uniform(0.25, 0.6)
        ink_height = bottom - top
        if kind == "ruled":  # printed lines across the page, one under the writing
            spacing = ink_height * rng.uniform(1.2, 1.6)
            first = bottom + ink_height * rng.uniform(0.02, 0.2)
            for y in np.arange(first, -spacing, -spacing):
                darkness[int(y) : int(y) + thickness] = strength
            return darkness
        # a boxed field: a rectangle round the amount, a little away from the ink
        margin = ink_height * rng.uniform(0.1, 0.4)
        y0, y1 = int(max(0, top - margin)), int(min(height - thickness, bottom + margin))
        x0, x1 = int(max(0, left - margin * 2)), int(min(width - thickness, right + margin * 2))
        darkness[y0 : y0 + thickness, x0:x1] = strength
        darkness[y1 : y1 + thickness, x0:x1] = strength
        darkness[y0:y1, x0 : x0 + thickness] = strength
        darkness[y0:y1, x1 : x1 + thickness] = strength
        return darkness

    return printed


def render_amount(strokes, pen: float, rng: np.random.Generator, pixels_per_unit: float, paper: str):
    """The amount on a kind of paper (`PAPERS`), scanned or photographed: a PIL image."""
    return render_on_paper(strokes, pen, rng, pixels_per_unit, printed_paper(paper, strokes, pixels_per_unit))
