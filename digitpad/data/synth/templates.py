"""Digits as stroke templates on the 56x56 pad, in several handwriting styles.

Used by the window's `--smoke-test` (a scripted drawing), the tests and the drawing
benchmark. Styles include those MNIST lacks: open 4, crossed and curled 7, straight and curly 9, 1 with
a long flag or a base, slashed 0. Training on "MNIST + pen digits" draws them too
(`digitpad.data.datasets`), for the shapes neither MNIST nor the pen writers have much of.
"""

from __future__ import annotations

import math


def _oval(cx: float, cy: float, rx: float, ry: float, steps: int = 24) -> list[tuple[float, float]]:
    return [
        (cx + rx * math.sin(2 * math.pi * i / steps), cy - ry * math.cos(2 * math.pi * i / steps))
        for i in range(steps + 1)
    ]


# (label, style) -> strokes, each a list of (x, y) in pad units (0-56).
TEMPLATES: dict[tuple[str, str], list[list[tuple[float, float]]]] = {
    ("0", "oval"): [_oval(28, 28, 12, 18)],
    ("0", "slashed"): [_oval(28, 28, 12, 18), [(38, 8), (18, 48)]],
    ("1", "bar"): [[(28, 8), (28, 48)]],
    ("1", "flag"): [[(21, 15), (29, 8), (29, 48)]],
    ("1", "long flag"): [[(15, 24), (31, 8), (30, 48)]],
    ("1", "flag and base"): [[(21, 15), (29, 8), (29, 48)], [(20, 48), (38, 48)]],
    ("2", "curved"): [[(16, 16), (22, 9), (32, 8), (39, 14), (38, 22), (16, 47), (41, 47)]],
    ("2", "looped"): [[(16, 15), (24, 8), (35, 10), (37, 20), (22, 42), (18, 47), (24, 42), (30, 45), (41, 46)]],
    ("3", "round"): [[(16, 12), (28, 8), (38, 14), (36, 23), (26, 27), (38, 32), (39, 42), (28, 48), (15, 44)]],
    ("4", "closed"): [[(34, 8), (14, 34), (42, 34)], [(34, 8), (34, 48)]],
    ("4", "open"): [[(18, 8), (16, 32), (40, 32)], [(34, 14), (34, 48)]],
    ("5", "flag"): [[(18, 9), (16, 26), (30, 23), (39, 31), (38, 42), (28, 48), (16, 44)], [(18, 9), (38, 9)]],
    ("6", "round"): [[(36, 8), (22, 18), (16, 34), (20, 46), (30, 48), (38, 40), (36, 30), (26, 28), (17, 36)]],
    ("7", "plain"): [[(14, 9), (40, 9), (24, 48)]],
    ("7", "crossed"): [[(14, 9), (40, 9), (24, 48)], [(20, 29), (38, 29)]],
    ("7", "curled"): [[(14, 12), (16, 9), (40, 9), (33, 21), (28, 33), (26, 43), (29, 48)]],
    ("8", "two loops"): [
        [
            (28, 27),
            (18, 20),
            (20, 11),
            (28, 8),
            (36, 11),
            (38, 20),
            (28, 27),
            (17, 36),
            (20, 46),
            (28, 48),
            (36, 46),
            (39, 36),
            (28, 27),
        ]
    ],
    ("9", "round"): [[(38, 16), (30, 8), (20, 11), (17, 19), (22, 26), (32, 25), (38, 16), (37, 30), (32, 48)]],
    ("9", "curly tail"): [
        [(38, 16), (30, 8), (20, 11), (17, 19), (22, 26), (32, 25), (38, 16), (37, 31), (33, 43), (26, 48), (18, 45)]
    ],
    ("9", "straight"): [[(38, 16), (30, 8), (20, 11), (17, 19), (22, 26), (32, 25), (38, 16)], [(38, 12), (38, 48)]],
}


def template(label: str) -> list[list[tuple[float, float]]]:
    """The first style of `label`."""
    return next(strokes for (name, _), strokes in TEMPLATES.items() if name == label)
