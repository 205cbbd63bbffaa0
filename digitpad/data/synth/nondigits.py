"""Marks that are not digits, as strokes on the 56x56 pad: dots, dashes, scribbles, blobs,
squiggles, ticks, crosses, arrows, smileys, hatching, struck-through digits.

What people leave on a pad besides digits: a click (a dot), a stray flick or a minus sign
(a short dash that is not upright), a crossed-out attempt (a scribble, or a digit struck
through or crossed out), a filled-in blob, a doodle (a jittery squiggle, a smiley, an
arrow), a tick or a cross, shading. Real letters and symbols come from real writers
(`digitpad.data.unipen`); these are the marks no data set holds.
Training on "MNIST + pen digits" (`digitpad.data.datasets`) teaches the model's "not a digit"
output with them, next to plain upright strokes of every length labelled 1 (the boundary
they must not cross); benchmarks/not_a_digit.py and the tests check both sides.
"""

from __future__ import annotations

import numpy as np

from digitpad.data.synth.templates import TEMPLATES

PAD = 56


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
    bend = rng.uniform(-0.08, 0.08) * length * (1 - 4 * t**2) * direction[::-1] * np.array([1, -1])
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


def squiggle(rng: np.random.Generator) -> list[np.ndarray]:
    """A sparse, jittery random walk of 20-80 steps, a few pen widths across (the pen is
    picked by `pen_width_for`; the walk is sized here for the middle of its range)."""
    steps = int(rng.integers(20, 81))
    heading = np.cumsum(rng.normal(0, rng.uniform(0.4, 1.2), steps)) + rng.uniform(0, 2 * np.pi)
    walk = np.cumsum(np.stack([np.cos(heading), np.sin(heading)], axis=1) * rng.uniform(0.5, 1.5, (steps, 1)), axis=0)
    walk += rng.normal(0, 0.3, walk.shape)
    extent = max(np.ptp(walk, axis=0).max(), 1e-6)
    size = rng.uniform(2, 8) * rng.uniform(2.5, 6.0)  # 2-8 pen widths of an ordinary pen
    walk = (walk - walk.min(axis=0)) * size / extent
    return [walk + rng.uniform(4, 52 - walk.max(axis=0).clip(0, 44))]


def tick(rng: np.random.Generator) -> list[np.ndarray]:
    """A check mark: a short stroke down to the right, then a long one up to the right."""
    short, long = rng.uniform(4, 12), rng.uniform(12, 34)
    # Below and above horizontal; a steeper long stroke would be a 1 with a hooked foot.
    down, up = np.radians(rng.uniform(20, 70)), np.radians(rng.uniform(30, 60))
    start = np.array([rng.uniform(6, 20), rng.uniform(14, 36)])
    corner = start + short * np.array([np.cos(down), np.sin(down)])
    end = corner + long * np.array([np.cos(up), -np.sin(up)])
    return [np.clip(np.array([start, corner, end]), 1, PAD - 1)]


def cross(rng: np.random.Generator) -> list[np.ndarray]:
    """An x or a +: two strokes of similar length crossing near their middles."""
    centre, length = rng.uniform(16, 40, 2), rng.uniform(10, 34)
    tilt = np.radians(rng.uniform(30, 60) if rng.random() < 0.5 else rng.uniform(-8, 8))  # x or +
    strokes = []
    for angle in (tilt, tilt + np.pi / 2 + np.radians(rng.normal(0, 6))):
        half = length * rng.uniform(0.75, 1.25) / 2 * np.array([np.cos(angle), np.sin(angle)])
        shift = np.clip(rng.normal(0, length * 0.06, 2), -0.12 * length, 0.12 * length)  # further: a T (a 7)
        strokes.append(np.clip(np.array([centre + shift - half, centre + shift + half]), 1, PAD - 1))
    return strokes


def arrow(rng: np.random.Generator) -> list[np.ndarray]:
    """A shaft with a head, in any direction; the head in the same stroke or apart."""
    # Not within 25 degrees of upright: an upright arrow is a 1 with a flag (and a foot).
    angle = np.radians(rng.uniform(25, 155) + rng.choice([0, 180]))
    length = rng.uniform(18, 44)
    direction = np.array([np.sin(angle), np.cos(angle)])  # angle from the vertical
    tip = PAD / 2 + direction * length / 2 + rng.normal(0, 3, 2)
    tail = tip - direction * length
    barb, spread = rng.uniform(4, 10), np.radians(rng.uniform(25, 50))
    rotate = lambda a: np.array([[np.cos(a), -np.sin(a)], [np.sin(a), np.cos(a)]])  # noqa: E731
    left, right = tip - rotate(spread) @ direction * barb, tip - rotate(-spread) @ direction * barb
    head = np.array([left, tip, right])
    strokes = (
        [np.array([tail, tip, left]), np.array([tip, right])] if rng.random() < 0.4 else [np.array([tail, tip]), head]
    )
    return [np.clip(s, 1, PAD - 1) for s in strokes]


def smiley(rng: np.random.Generator) -> list[np.ndarray]:
    """A face: a circle, two eyes (dots or dashes) and a smile (or a frown)."""
    radius, centre = rng.uniform(10, 22), rng.uniform(24, 32, 2)
    t = np.linspace(0, 2 * np.pi * rng.uniform(0.95, 1.05), 28)
    face = centre + radius * np.stack([np.sin(t), -np.cos(t)], axis=1) * [rng.uniform(0.85, 1.15), 1]
    eyes = [
        centre + [side * radius * 0.38, -radius * 0.3] + rng.normal(0, 0.4, (int(rng.integers(1, 3)), 2))
        for side in (-1, 1)
    ]
    mouth_t = np.linspace(np.radians(-60), np.radians(60), 9)
    mood = 1 if rng.random() < 0.8 else -1
    mouth = (
        centre
        + [0, radius * 0.2 * mood]
        + radius * 0.5 * np.stack([np.sin(mouth_t), mood * 0.6 * np.cos(mouth_t) - mood * 0.3], axis=1)
    )
    return [face, *eyes, mouth]


def hatching(rng: np.random.Generator) -> list[np.ndarray]:
    """Shading: 3-8 parallel lines, each its own stroke, slanted or level (never all upright)."""
    count, length = int(rng.integers(3, 9)), rng.uniform(10, 40)
    angle = np.radians(rng.uniform(25, 155))  # from vertical
    direction, across = np.array([np.sin(angle), np.cos(angle)]), np.array([np.cos(angle), -np.sin(angle)])
    gap = rng.uniform(2.5, 6)
    centre = rng.uniform(20, 36, 2)
    strokes = []
    for i in range(count):
        middle = centre + across * gap * (i - (count - 1) / 2) + direction * rng.normal(0, 2)
        half = direction * length * rng.uniform(0.8, 1.2) / 2
        strokes.append(np.clip(np.array([middle - half, middle + half]), 1, PAD - 1))
    return strokes


# A digit struck through once: not these, whose own bar is a stroke through their middle
# (a crossed 7, a slashed or barred 0, the 4's crossbar).
_STRUCK_ONCE = [key for key in TEMPLATES if key[0] not in "047"]


def struck_digit(rng: np.random.Generator) -> list[np.ndarray]:
    """A digit struck through with a line well past both sides, or crossed out with an X."""
    keys = _STRUCK_ONCE if rng.random() < 0.5 else list(TEMPLATES)
    label, style = keys[int(rng.integers(len(keys)))]
    digit = [np.asarray(s, np.float64) for s in TEMPLATES[(label, style)]]
    points = np.concatenate(digit)
    low, high = points.min(axis=0), points.max(axis=0)
    if keys is _STRUCK_ONCE:
        y = rng.uniform(low[1] + 0.3 * (high[1] - low[1]), low[1] + 0.7 * (high[1] - low[1]))
        reach = (high[0] - low[0]) * rng.uniform(0.35, 0.8) + 4
        lean = rng.uniform(-0.25, 0.25) * (high[0] - low[0])
        marks = [np.array([(low[0] - reach, y + lean), (high[0] + reach, y - lean)])]
    else:
        pad_x, pad_y = rng.uniform(0, 5, 2)
        marks = [
            np.array([(low[0] - pad_x, low[1] - pad_y), (high[0] + pad_x, high[1] + pad_y)]),
            np.array([(high[0] + pad_x, low[1] - pad_y), (low[0] - pad_x, high[1] + pad_y)]),
        ]
    return [np.clip(s, 1, PAD - 1) for s in digit + marks]


GENERATORS = {
    "dot": dot,
    "dash": dash,
    "scribble": scribble,
    "blob": blob,
    "squiggle": squiggle,
    "tick": tick,
    "cross": cross,
    "arrow": arrow,
    "smiley": smiley,
    "hatching": hatching,
    "struck digit": struck_digit,
}
KINDS = tuple(GENERATORS)


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
