"""Strokes drawn on the pad as different people would, and turned into what the model sees.

Training images made from pen trajectories (or stroke templates) take exactly the window's
path: points in pad units -> `preprocess_strokes` (the pad's rasterizer and the MNIST
recipe). What varies is what varies between people and devices: size and place on the pad
(often small or off-centre), slant, rotation and aspect, pen width (the pen-width slider,
mouse or pressure pen), drawing speed (a fast mouse gives few points joined by straight
segments, a tablet many) and a little hand wobble.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Sequence

import numpy as np

from digitpad.imaging.preprocess import preprocess_strokes

PAD = 56  # the pad's canvas, in its units (digitpad.gui.pad.PAD_SIZE)


@dataclass(frozen=True)
class DrawingStyle:
    """Ranges each drawing is sampled from; the defaults span what the pad meets."""

    height: tuple[float, float] = (0.35, 0.95)  # digit height as a fraction of the pad
    rotation_deg: float = 10.0
    shear: float = 0.3  # slant, either way
    aspect: tuple[float, float] = (0.8, 1.2)
    pen_width: tuple[float, float] = (1.7, 7.0)  # most of the slider (2-10) at mouse or pen pressure
    spacing: tuple[float, float] = (0.3, 4.0)  # pad units between points: slow pen .. fast mouse
    wobble: float = 0.4  # hand jitter, pad units
    p_pressure: float = 0.3  # share drawn with a pressure pen rather than a mouse


def _resample(stroke: np.ndarray, spacing: float) -> np.ndarray:
    """Points every `spacing` units along the stroke, ends kept (how fast the hand moved)."""
    if len(stroke) < 2:
        return stroke
    steps = np.hypot(*np.diff(stroke, axis=0).T)
    distance = np.concatenate([[0.0], np.cumsum(steps)])
    if distance[-1] <= spacing:
        return stroke[[0, -1]]
    targets = np.append(np.arange(0.0, distance[-1], spacing), distance[-1])
    return np.stack([np.interp(targets, distance, stroke[:, i]) for i in (0, 1)], axis=1)


def draw_on_pad(
    strokes: Sequence[np.ndarray], rng: np.random.Generator, style: DrawingStyle = DrawingStyle()
) -> tuple[list[list[tuple[float, float, float]]], float]:
    """Strokes in any units (y down) -> (strokes in pad units with pressure, pen width), as one person drew them."""
    points = np.concatenate([np.asarray(s, np.float64)[:, :2] for s in strokes])
    low, high = points.min(axis=0), points.max(axis=0)
    centre = (low + high) / 2
    angle = np.radians(rng.uniform(-style.rotation_deg, style.rotation_deg))
    rotation = np.array([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]])
    shear = np.array([[1.0, rng.uniform(-style.shear, style.shear)], [0.0, 1.0]])
    aspect = np.diag([rng.uniform(*style.aspect), 1.0])
    matrix = rotation @ shear @ aspect
    moved = [(np.asarray(s, np.float64)[:, :2] - centre) @ matrix.T for s in strokes]
    all_moved = np.concatenate(moved)
    extent = all_moved.max(axis=0) - all_moved.min(axis=0)
    pen = rng.uniform(*style.pen_width)
    # The height is what people control; very wide shapes are also kept inside the pad.
    room = PAD - 2 - pen
    scale = min(
        rng.uniform(*style.height) * PAD / max(extent[1], 1e-6),
        room / max(extent[0], 1e-6),
        room / max(extent[1], 1e-6),
    )
    moved = [s * scale for s in moved]
    all_moved = np.concatenate(moved)
    low, high = all_moved.min(axis=0), all_moved.max(axis=0)
    margin = 1 + pen / 2
    offset = np.array(
        [
            rng.uniform(margin - low[i], PAD - margin - high[i])
            if PAD - margin - high[i] > margin - low[i]
            else PAD / 2 - (low[i] + high[i]) / 2
            for i in (0, 1)
        ]
    )
    spacing = rng.uniform(*style.spacing)
    pressure_pen = rng.random() < style.p_pressure
    result = []
    for stroke in moved:
        path = _resample(stroke + offset, spacing)
        path = path + rng.normal(0.0, style.wobble, path.shape)
        # A mouse reports no pressure (the pad uses 0.5); a pen presses harder mid-stroke.
        pressure = (
            np.clip(0.5 + 0.25 * np.sin(np.linspace(0, np.pi, len(path))) + rng.normal(0, 0.05, len(path)), 0, 1)
            if pressure_pen
            else np.full(len(path), 0.5)
        )
        result.append([(float(x), float(y), float(p)) for (x, y), p in zip(np.clip(path, 0, PAD), pressure)])
    return result, pen


def draw_as_is(strokes: Sequence[Any], pen_width: float) -> np.ndarray:
    """Strokes already in pad units (generated marks), drawn without variation -> uint8 (28, 28)."""
    image = preprocess_strokes([[tuple(point) for point in stroke] for stroke in strokes], (PAD, PAD), pen_width)
    return np.round(image * 255).astype(np.uint8)


def render_drawings(
    stroke_sets: Sequence[Sequence[np.ndarray]], rng: np.random.Generator, style: DrawingStyle = DrawingStyle()
) -> np.ndarray:
    """Each stroke set drawn once on the pad -> uint8 (N, 28, 28), ink bright on black (MNIST's layout)."""
    images = np.empty((len(stroke_sets), 28, 28), np.uint8)
    for i, strokes in enumerate(stroke_sets):
        drawn, pen = draw_on_pad(strokes, rng, style)
        images[i] = np.round(preprocess_strokes(drawn, (PAD, PAD), pen) * 255)
    return images
