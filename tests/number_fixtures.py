"""Numbers written with the stroke templates of `digitpad.data.synth.templates`, for the reading tests."""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw

from digitpad.data.synth.templates import TEMPLATES
from digitpad.imaging.drawing import Drawing
from digitpad.imaging.preprocess import rasterize_strokes

PAD_HEIGHT = 56


def template_strokes(label: str, style: str | None = None) -> list[list[tuple[float, float]]]:
    return next(strokes for (name, kind), strokes in TEMPLATES.items() if name == label and style in (None, kind))


# Separators as people write them between templates (y 8-48): a dot on the baseline, a comma
# reaching below it, a dash at mid-height, a slash as tall as the digits, a colon's two dots.
SEPARATOR_STROKES = {
    ".": [[(0.0, 47.0), (0.4, 47.3)]],
    ",": [[(1.0, 45.0), (1.2, 48.0), (0.0, 52.0)]],
    "-": [[(0.0, 28.0), (12.0, 28.5)]],
    "/": [[(0.0, 48.0), (22.0, 8.0)]],
    ":": [[(0.0, 22.0), (0.4, 22.3)], [(0.0, 44.0), (0.4, 44.3)]],
}


ZIGZAG = [[(0, 30), (6, 20), (12, 40), (18, 20), (24, 40), (30, 20), (36, 30)]]  # a scribble, no digit


def number_strokes(digits, gaps=None) -> list[list[tuple[float, float, float]]]:
    """Templates side by side: `digits` are labels or (label, style), separators (".,-/:"), or
    strokes of their own (a list of [(x, y), ...], y 8-48 like the templates); `gaps` between
    their strokes' extents, in pad units (default 6; negative overlaps)."""
    strokes, x = [], 4.0
    for i, digit in enumerate(digits):
        if isinstance(digit, list):
            shape = digit
        else:
            label, style = digit if isinstance(digit, tuple) else (digit, None)
            shape = SEPARATOR_STROKES[label] if label in SEPARATOR_STROKES else template_strokes(label, style)
        low = min(p[0] for s in shape for p in s)
        high = max(p[0] for s in shape for p in s)
        strokes += [[(px - low + x, py, 0.5) for px, py in stroke] for stroke in shape]
        x += high - low + (6.0 if gaps is None else gaps[i] if i < len(gaps) else 0.0)
    return strokes


def number_drawing(digits, gaps=None, pen_width: float = 4.0) -> Drawing:
    return Drawing(tuple(tuple(s) for s in number_strokes(digits, gaps)), pen_width)


def number_image(digits, gaps=None, pen_width: float = 4.0, scale: int = 4) -> np.ndarray:
    """The number as dark ink on white paper, uint8, `scale` pixels per pad unit."""
    strokes = number_strokes(digits, gaps)
    width = int(max(p[0] for s in strokes for p in s) + 8)
    ink = rasterize_strokes(strokes, (width, PAD_HEIGHT), pen_width, scale)
    return np.round(255 * (1 - ink)).astype(np.uint8)


def reshaped(label: str, style: str | None = None, widen: float = 1.0, lean_deg: float = 0.0) -> list:
    """A template made `widen` times as wide and leaning `lean_deg` degrees forward (its top to
    the right), for `number_strokes`."""
    shear = np.tan(np.radians(lean_deg))
    return [[(px * widen + (48.0 - py) * shear, py) for px, py in stroke] for stroke in template_strokes(label, style)]


def both(digits, gaps=None) -> dict:
    """The number written both ways: as strokes on the pad and as an image of them ({"pad": ..., "image": ...})."""
    return {"pad": number_drawing(digits, gaps), "image": number_image(digits, gaps)}


def field_side_and_bottom(image: np.ndarray, margin: int = 14) -> np.ndarray:
    """The number in a printed field of which only the left side and the bottom line show."""
    rows, cols = np.flatnonzero(image.min(axis=1) < 128), np.flatnonzero(image.min(axis=0) < 128)
    canvas = Image.fromarray(np.pad(image, margin, constant_values=255))
    draw = ImageDraw.Draw(canvas)
    left, bottom = cols[0] + margin // 2, rows[-1] + 2 * margin - 4
    draw.line((left, rows[0] - 2, left, bottom + 4), fill=90, width=1)
    draw.line((left, bottom, canvas.width - 3, bottom), fill=90, width=1)
    return np.asarray(canvas)
