"""Training data for the wholeness model: candidate digits of written numbers, labelled whole or not.

A number is composed from digits whose ink is known one by one (MNIST training digits side by
side, and the stroke templates of `digitpad.data.synth.templates` written on the wide pad), segmented as
`Recognizer.read` segments it, and each candidate is labelled by whose ink it holds: whole
when at least WHOLE_SHARE of its ink is one digit's and it holds that share of that digit's
ink. Everything else is a fragment (half a 0, a 5 without its bar) or a merge ("14" read as
one). No pen writer's digits are used, so the numbers benchmark stays writer-disjoint.
"""

from __future__ import annotations

import numpy as np

from digitpad.data.datasets import writer_key
from digitpad.data.synth.number_writing import PEOPLES_GAPS, NumberStyle, mnist_number_layout, write_number
from digitpad.data.synth.templates import TEMPLATES
from digitpad.imaging.preprocess import STROKE_SUPERSAMPLING, ink_to_mnist, rasterize_strokes
from digitpad.reading.segmentation import Layout, image_layout, stroke_layout
from digitpad.reading.wholeness import wholeness_input

WHOLE_SHARE = 0.85
CUT_WHOLE_SHARE = 0.7
LINED = 0.2
OWNED = 0.3  # a digit owns the pixels where its own ink is at least this


def candidate_examples(layout: Layout, owners: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Every candidate of `layout` as the wholeness model's input, and 1 where it is one whole
    digit. `owners`: (digits, height, width) ink of each digit alone, in the layout's pixels."""
    owned = owners >= OWNED
    digit_mass = owned.sum(axis=(1, 2)).astype(np.float64)
    runs = layout.candidates()
    images, labels = [], []
    for start, end in runs:
        left, top, right, bottom = layout.box(start, end)
        ink = layout.ink(start, end)
        mine = ink > OWNED
        region = owned[:, top:bottom, left:right]
        shared = (region[:, : mine.shape[0], : mine.shape[1]] & mine).sum(axis=(1, 2))
        best = int(shared.argmax())
        # A seam between touching digits never parts their ink exactly: a cut candidate that
        # is mostly one digit, and most of it, is that digit.
        share = CUT_WHOLE_SHARE if layout.cut_through(start, end) else WHOLE_SHARE
        whole = shared[best] >= share * max(mine.sum(), 1) and shared[best] >= share * max(digit_mass[best], 1)
        images.append(ink_to_mnist(ink))
        labels.append(int(whole))
    return wholeness_input(np.stack(images), layout.contexts(runs)), np.array(labels, np.int64)


def mnist_examples(images: np.ndarray, count: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Candidates of `count` numbers of 2-7 MNIST digits, a share LINED of them with a line drawn
    under or through the digits (which reading takes away, leaving digits with a gap)."""
    xs, ys = [], []
    for _ in range(count):
        picked = images[rng.integers(0, len(images), int(rng.integers(2, 8)))]
        canvas, owners = mnist_number_layout(list(picked), rng)
        if rng.random() < LINED:
            row, thickness = int(rng.integers(8, 36)), int(rng.integers(1, 3))
            canvas = canvas.copy()
            canvas[row : row + thickness, 2:-2] = 255
        ink = canvas.astype(np.float32) / 255
        layout = image_layout(ink)
        if layout.pieces:
            x, y = candidate_examples(layout, owners.astype(np.float32) / 255)
            xs.append(x)
            ys.append(y)
    return np.concatenate(xs), np.concatenate(ys)


def template_examples(count: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Candidates of `count` numbers written on the wide pad with the stroke templates."""
    keys = list(TEMPLATES)
    numbers = (
        [
            [np.asarray(s, np.float64) for s in TEMPLATES[keys[i]]]
            for i in rng.integers(0, len(keys), int(rng.integers(2, 8)))
        ]
        for _ in range(count)
    )
    return _written_examples(numbers, rng, NumberStyle(), image_share=0.0)


def pen_examples(digits, count: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Candidates of `count` numbers, each of 2-7 digits of one real pen writer (`digits`: pen
    digits with `.strokes` and a writer), with people's gaps (`PEOPLES_GAPS`: tight, touching);
    half read as pad strokes, half as an image of the same ink (its connected components)."""
    by_writer: dict = {}
    for digit in digits:
        by_writer.setdefault(writer_key(digit), []).append(digit)
    own = list(by_writer.values())
    numbers = (
        [
            [np.asarray(s, np.float64) for s in d.strokes]
            for d in (mine[i] for i in rng.integers(0, len(mine), int(rng.integers(2, 8))))
        ]
        for mine in (own[int(rng.integers(len(own)))] for _ in range(count))
    )
    return _written_examples(numbers, rng, PEOPLES_GAPS, image_share=0.5)


def _written_examples(
    numbers, rng: np.random.Generator, style: NumberStyle, image_share: float
) -> tuple[np.ndarray, np.ndarray]:
    """Candidates of numbers written from digits' strokes (each a list of (n, 2) arrays): on
    the pad, or for a share `image_share` as an image of the ink at 1-3 pixels per pad unit."""
    xs, ys = [], []
    for chosen in numbers:
        strokes, pen, _ = write_number(chosen, rng, style)
        if min(p[1] for s in strokes for p in s) - pen < 0:
            continue  # (a digit pushed off the pad's top by the baseline's drift)
        as_image = rng.random() < image_share
        scale = int(rng.integers(1, 4)) if as_image else STROKE_SUPERSAMPLING
        width = int(max(p[0] for s in strokes for p in s) + pen + 4)
        height = int(max(p[1] for s in strokes for p in s) + pen + 4)
        owners, first = [], 0
        for digit in chosen:
            owners.append(rasterize_strokes(strokes[first : first + len(digit)], (width, height), pen, scale))
            first += len(digit)
        if as_image:
            layout = image_layout(rasterize_strokes(strokes, (width, height), pen, scale))
        else:
            layout = stroke_layout(strokes, [pen] * len(strokes))
        if not layout.pieces:
            continue
        x, y = candidate_examples(layout, np.stack(owners))
        xs.append(x)
        ys.append(y)
    return np.concatenate(xs), np.concatenate(ys)
