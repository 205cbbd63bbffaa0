"""Marks that are not digits, as strokes on the 56x56 pad: dots, dashes, scribbles, blobs.

What people leave on a pad besides digits: a click (a dot), a stray flick or a minus sign
(a short dash that is not upright), a crossed-out attempt (a scribble), a filled-in blob.
Training on "MNIST + pen digits" (`digitpad.datasets`) teaches the model's "not a digit"
output with them, next to plain upright strokes of every length labelled 1 (the boundary
they must not cross); benchmarks/not_a_digit.py and the tests check both sides.
"""

from __future__ import annotations

import numpy as np

PAD = 56
KINDS = ("dot", "dash", "scribble", "blob")


def dot(rng: np.random.Generator) -> list[np.ndarray]:
    """A click or a tiny jiggle of the pen."""
    centre = rng.uniform(8, 48, 2)
    count = int(rng.integers(1, 4))
    return [centre + rng.normal(0, rng.uniform(0, 0.8), (count, 2))]


def dash(rng: np.random.Generator) -> list[np.ndarray]:
    """A straight or slightly bent stroke at least 50 degrees away from upright (an upright one is a 1)."""
    length = rng.uniform(3, 40)
    angle = np.radians(rng.uniform(50, 130))  # from vertical: 90 is a horizontal minus sign
    direction = np.array([np.sin(angle), np.cos(angle)])
    centre = rng.uniform(12, 44, 2)
    t = np.linspace(-0.5, 0.5, 8)[:, None]
    bend = rng.uniform(-0.08, 0.08) * length * (1 - 4 * t ** 2) * direction[::-1] * np.array([1, -1])
    return [centre + t * length * direction + bend]


def scribble(rng: np.random.Generator) -> list[np.ndarray]:
    """Crossing out: a zig-zag back and forth, or a tangle of loops, over a patch of the pad."""
    width, height = rng.uniform(12, 44), rng.uniform(10, 40)
    origin = rng.uniform(4, 52 - np.array([width, height]))
    if rng.random() < 0.5:  # zig-zag: several passes back and forth, drifting down
        passes = int(rng.integers(5, 12))
        ys = np.linspace(0, height, passes) + rng.normal(0, 1.0, passes)
        xs = np.where(np.arange(passes) % 2 == 0, 0.0, width) + rng.normal(0, 1.5, passes)
        if rng.random() < 0.5:
            xs, ys = ys * width / height, xs * height / width  # vertical passes instead
        points = np.stack([xs, ys], axis=1)
    else:  # tangle: loops of varying size wandering over the patch
        turns = rng.uniform(4, 9)
        t = np.linspace(0, 2 * np.pi * turns, int(turns * 14))
        wander = np.cumsum(rng.normal(0, 0.6, (len(t), 2)), axis=0)
        points = np.stack([np.cos(t * rng.uniform(0.9, 1.1)), np.sin(t)], axis=1) * [width / 2.5, height / 2.5]
        points = points + [width / 2, height / 2] + wander
    return [np.clip(points + origin, 1, PAD - 1)]


def blob(rng: np.random.Generator) -> list[np.ndarray]:
    """A filled-in patch: a tight spiral that covers a small area solidly."""
    radius = rng.uniform(2, 8)
    centre = rng.uniform(10, 46, 2)
    t = np.linspace(0, 2 * np.pi * rng.uniform(3, 6), 80)
    r = radius * (t / t[-1])
    squash = np.array([1.0, rng.uniform(0.6, 1.0)])
    return [centre + np.stack([r * np.cos(t), r * np.sin(t)], axis=1) * squash]


GENERATORS = {"dot": dot, "dash": dash, "scribble": scribble, "blob": blob}


def upright_stroke(rng: np.random.Generator, pen: float) -> list[np.ndarray]:
    """The other side of the boundary: a plain stroke within 15 degrees of upright is a 1, however short,
    as long as it is longer than one and a half pen widths (shorter, it is a dot)."""
    length = rng.uniform(1.5 * pen, 50)
    lean = np.tan(np.radians(rng.uniform(-15, 15))) * length
    x, top = rng.uniform(8, 48), rng.uniform(2, 54 - length)
    return [np.array([(x, top), (x + lean, top + length)])]


def pen_width_for(kind: str, rng: np.random.Generator) -> float:
    """The pad's pen widths; a blob is drawn with a thick pen so that it fills in."""
    return float(rng.uniform(5.0, 9.0) if kind == "blob" else rng.uniform(1.7, 8.5))
