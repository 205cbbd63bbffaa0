"""Accuracy on synthetic mouse drawings, including styles MNIST lacks.

Stroke templates of each digit in several styles (open and closed 4, crossed 7, straight
and round 9, 1 with flag and base...) on the 56x56 pad, drawn with random slant,
rotation, size, position (often off-centre and small), pen width and hand jitter,
then sent through the pad's path: `preprocess_strokes` -> Recognizer.

A proxy for people drawing with a mouse, not a substitute for real users' drawings.

    python benchmarks/drawings.py [--per-style 200] [--model PATH]
"""

from __future__ import annotations

import argparse
from collections import defaultdict

import numpy as np

from digitpad import load_recognizer
from digitpad.data.synth.templates import TEMPLATES
from digitpad.imaging.preprocess import preprocess_strokes


def jittered(strokes, rng: np.random.Generator):
    """The template as one person might draw it: slant, rotation, size, place, wobble."""
    angle = np.radians(rng.uniform(-12, 12))
    shear = rng.uniform(-0.3, 0.3)
    scale = rng.uniform(0.35, 1.05) * np.array([rng.uniform(0.8, 1.15), 1.0])
    matrix = (
        np.array([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]])
        @ np.array([[1, shear], [0, 1]])
        @ np.diag(scale)
    )
    points = np.concatenate([np.asarray(s, float) for s in strokes])
    moved = (points - 28) @ matrix.T
    low, high = moved.min(axis=0), moved.max(axis=0)
    # anywhere on the pad where the whole digit fits, often far from the centre
    offset = np.array(
        [
            rng.uniform(2 - low[i], 54 - high[i]) if 54 - high[i] > 2 - low[i] else 28 - (low[i] + high[i]) / 2
            for i in range(2)
        ]
    )
    result, start = [], 0
    for stroke in strokes:
        part = moved[start : start + len(stroke)] + offset + rng.normal(0, 0.6, (len(stroke), 2))
        result.append([tuple(p) for p in part])
        start += len(stroke)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--per-style", type=int, default=200)
    parser.add_argument("--model")
    args = parser.parse_args()
    recognizer = load_recognizer(args.model)
    rng = np.random.default_rng(0)
    right: dict = defaultdict(int)
    for (label, style), strokes in TEMPLATES.items():
        for _ in range(args.per_style):
            pen = rng.uniform(2.0, 7.0)
            image = preprocess_strokes(jittered(strokes, rng), (56, 56), pen_width=pen)
            right[label, style] += recognizer.predict_image28(image).label == label
    total = sum(right.values()) / (len(TEMPLATES) * args.per_style)
    print(f"model {recognizer.name}: {total:.2%} of {len(TEMPLATES) * args.per_style} synthetic drawings\n")
    print("| digit | style | accuracy |\n| --- | --- | ---: |")
    for (label, style), count in right.items():
        print(f"| {label} | {style} | {count / args.per_style:.1%} |")


if __name__ == "__main__":
    main()
