"""Ways of writing a digit that real writers use and the data sets barely hold, as families.

Each family draws one style with real variation (where a bar sits, how far a slash sticks
out, how open a hook is, how long a lead-in is), in pad units (56 tall, y down), for the
pad's own path (`digitpad.data.synth.handwriting`) to draw like any pen digit. They came from the
errors on writers nobody on the team had seen: each one was misread by the model before.
`digitpad.data.synth.templates.TEMPLATES` keeps one fixed shape per style, for tests and the numbers.
"""

from __future__ import annotations

import numpy as np

Strokes = list[np.ndarray]


def _arc(cx, cy, rx, ry, start_deg, sweep_deg, steps=24) -> np.ndarray:
    """Points along an ellipse, clockwise on screen from `start_deg` (0 = top)."""
    t = np.radians(start_deg + np.linspace(0.0, sweep_deg, steps))
    return np.stack([cx + rx * np.sin(t), cy - ry * np.cos(t)], axis=1)


def slashed_zero(rng: np.random.Generator) -> Strokes:
    """An oval, small or full, with a slash that may stick out well past it (either order)."""
    rx, ry = rng.uniform(6, 13), rng.uniform(10, 19)
    oval = _arc(28, 28, rx, ry, rng.uniform(-40, 40), rng.choice([-1, 1]) * rng.uniform(340, 380))
    angle = np.radians(rng.uniform(15, 60) * rng.choice([-1, 1]))  # from vertical
    half = ry * rng.uniform(0.9, 1.7)
    centre = np.array([28, 28]) + rng.normal(0, 2, 2)
    along = np.array([np.sin(angle), -np.cos(angle)]) * half
    slash = np.stack([centre + along, centre - along])
    return [oval, slash] if rng.random() < 0.7 else [slash, oval]


def open_zero(rng: np.random.Generator) -> Strokes:
    """A C-shaped, narrow or open 0: an oval whose ends do not meet."""
    rx, ry = rng.uniform(4, 13), rng.uniform(13, 19)
    return [_arc(28, 28, rx, ry, rng.uniform(-30, 60), -rng.uniform(290, 340))]


def stemless_four(rng: np.random.Generator) -> Strokes:
    """One stroke: down-left, across, down; the stem never rises above the bar."""
    bar = rng.uniform(28, 38)
    top = (rng.uniform(26, 36), rng.uniform(7, 12))
    left = (rng.uniform(12, 18), bar + rng.normal(0, 1))
    right = (rng.uniform(38, 44), bar + rng.normal(0, 1.5))
    stem = rng.uniform(30, right[0])
    return [np.array([top, left, right, (stem, bar + rng.uniform(0, 3)), (stem + rng.normal(0, 2), 48)])]


def zigzag_four(rng: np.random.Generator) -> Strokes:
    """One stroke: down, across, back up to the top, then down the stem."""
    bar = rng.uniform(26, 36)
    start = (rng.uniform(14, 24), rng.uniform(7, 12))
    stem = rng.uniform(30, 38)
    return [
        np.array(
            [
                start,
                (rng.uniform(12, 18), bar),
                (rng.uniform(38, 44), bar + rng.normal(0, 1)),
                (stem + rng.uniform(-2, 3), rng.uniform(7, 14)),
                (stem + rng.normal(0, 1.5), 48),
            ]
        )
    ]


def looped_seven(rng: np.random.Generator) -> Strokes:
    """The crossbar in the same stroke: down the diagonal, a loop out to the left and back, on down."""
    bar = rng.uniform(24, 36)
    top_left, top_right = (rng.uniform(12, 18), rng.uniform(7, 12)), (rng.uniform(38, 42), rng.uniform(7, 11))
    foot = (rng.uniform(20, 28), 48)
    t = (bar - top_right[1]) / (foot[1] - top_right[1])
    x = top_right[0] + t * (foot[0] - top_right[0])
    reach = rng.uniform(6, 11)
    loop = [
        (x - reach, bar - rng.uniform(0, 3)),
        (x - reach - 1, bar + 1.5),
        (x + rng.uniform(4, 9), bar + 1),
        (x, bar + 2.5),
    ]
    return [np.array([top_left, top_right, (x, bar), *loop, foot])]


def low_bar_seven(rng: np.random.Generator) -> Strokes:
    """A plain 7 with a crossbar hung anywhere from the middle to low."""
    top_left, top_right = (rng.uniform(12, 18), rng.uniform(7, 12)), (rng.uniform(38, 42), rng.uniform(7, 11))
    foot = (rng.uniform(20, 28), 48)
    bar = rng.uniform(24, 40)
    t = (bar - top_right[1]) / (foot[1] - top_right[1])
    x = top_right[0] + t * (foot[0] - top_right[0])
    half = rng.uniform(6, 11)
    return [np.array([top_left, top_right, foot]), np.array([(x - half, bar), (x + half * rng.uniform(0.6, 1.1), bar)])]


def _nine_head(rng: np.random.Generator, closed: bool) -> tuple[np.ndarray, tuple[float, float]]:
    """The head drawn anticlockwise from its right side; open, it stops short of its start."""
    rx, ry = rng.uniform(8, 12), rng.uniform(6, 10)
    cx, cy = rng.uniform(26, 30), rng.uniform(14, 20)
    sweep = rng.uniform(340, 370) if closed else rng.uniform(220, 300)
    head = _arc(cx, cy, rx, ry, 80, -sweep)
    return head, (cx + rx, cy)


def open_hook_nine(rng: np.random.Generator) -> Strokes:
    """A head like an upside-down hook, not closed; the tail from its right side, or apart."""
    head, right = _nine_head(rng, closed=False)
    tail = np.array([(right[0] + rng.normal(0, 1), right[1] - rng.uniform(2, 6)), (right[0] - rng.uniform(0, 6), 48)])
    if rng.random() < 0.5:
        return [np.concatenate([head, tail])]
    return [head, tail]


def hooked_tail_nine(rng: np.random.Generator) -> Strokes:
    """A g-like 9: the tail hooks back to the left at the bottom, sometimes up again."""
    head, right = _nine_head(rng, closed=True)
    low = rng.uniform(40, 46)
    hook = [
        (right[0] - rng.uniform(0, 3), low),
        (right[0] - rng.uniform(6, 10), 48),
        (right[0] - rng.uniform(14, 22), rng.uniform(40, 47)),
    ]
    return [np.concatenate([head, [right], hook])]


def slanted_tail_nine(rng: np.random.Generator) -> Strokes:
    """A long tail slanting far down to the left."""
    head, right = _nine_head(rng, closed=rng.random() < 0.6)
    return [np.concatenate([head, [right], [(rng.uniform(12, 22), 48)]])]


def lead_in_one(rng: np.random.Generator) -> Strokes:
    """A 1 begun with a long lead-in up from the baseline, then down its stem."""
    top = (rng.uniform(26, 32), rng.uniform(7, 11))
    start = (top[0] - rng.uniform(6, 16), rng.uniform(28, 48))
    return [np.array([start, top, (top[0] + rng.normal(0, 1.5), 48)])]


def looped_flag_one(rng: np.random.Generator) -> Strokes:
    """The flag made as a small loop at the top."""
    top = np.array([rng.uniform(26, 32), rng.uniform(7, 11)])
    radius = rng.uniform(1.5, 4)
    loop = _arc(top[0] - radius, top[1] + radius, radius, radius, 90, rng.choice([-1, 1]) * 300, 10)
    start = top + (-rng.uniform(6, 10), rng.uniform(4, 9))
    return [np.concatenate([[start], [top], loop, [top + (0, 2)], [(top[0] + rng.normal(0, 1.5), 48)]])]


def curled_foot_one(rng: np.random.Generator) -> Strokes:
    """A 1 whose foot curls away at the bottom, left or right."""
    x = rng.uniform(24, 32)
    side = rng.choice([-1, 1])
    curl = [(x + side * rng.uniform(2, 4), 48), (x + side * rng.uniform(6, 10), rng.uniform(42, 47))]
    strokes = [np.array([(x - rng.uniform(0, 3), rng.uniform(7, 11)), (x, rng.uniform(40, 44)), *curl])]
    if rng.random() < 0.4:  # with a flag
        strokes[0] = np.concatenate([[(x - rng.uniform(5, 9), rng.uniform(13, 18))], strokes[0]])
    return strokes


def joined_top_five(rng: np.random.Generator) -> Strokes:
    """A 5 in one stroke whose top rounds into the body, as a 3's top would."""
    right = (rng.uniform(34, 40), rng.uniform(8, 12))
    return [
        np.array(
            [
                right,
                (rng.uniform(24, 28), rng.uniform(7, 9)),
                (rng.uniform(17, 20), rng.uniform(10, 14)),
                (rng.uniform(15, 18), rng.uniform(22, 27)),
                (rng.uniform(26, 30), rng.uniform(21, 24)),
                (rng.uniform(37, 40), rng.uniform(29, 33)),
                (rng.uniform(36, 39), rng.uniform(40, 44)),
                (rng.uniform(26, 30), 48),
                (rng.uniform(14, 18), rng.uniform(42, 46)),
            ]
        )
    ]


FAMILIES = {
    ("0", "slashed"): slashed_zero,
    ("0", "open"): open_zero,
    ("1", "lead-in"): lead_in_one,
    ("1", "looped flag"): looped_flag_one,
    ("1", "curled foot"): curled_foot_one,
    ("4", "stemless"): stemless_four,
    ("4", "zig-zag"): zigzag_four,
    ("5", "joined top"): joined_top_five,
    ("7", "looped bar"): looped_seven,
    ("7", "low bar"): low_bar_seven,
    ("9", "open hook"): open_hook_nine,
    ("9", "hooked tail"): hooked_tail_nine,
    ("9", "slanted tail"): slanted_tail_nine,
}
