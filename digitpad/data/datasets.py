"""The data sets DigitPad trains on and is judged by, by name or location.

- MNIST (the bundled copy, or IDX/npz files in a folder), EMNIST sets: `digitpad.data.mnist`.
- "mnist+pen": MNIST plus real people's handwriting. The pen trajectories of 150 writers
  (30 of `digitpad.data.pendigits`, 120 of UNIPEN, `digitpad.data.unipen`), the stroke templates of
  `digitpad.data.synth.templates` and the style families of `digitpad.data.synth.digit_styles` (shapes the data
  sets lack, such as the slashed zero or the stemless 4) are drawn through the pad's own
  path (`digitpad.data.synth.handwriting`), so that training sees what the window shows the model.
  Some digits are also read back from a low-resolution copy, as a coarse scan gives them.
  "Not a digit", one more class, learns from real letters and symbols that no digit
  resembles (UNIPEN's writers) and from generated marks (`digitpad.data.synth.nondigits`), beside
  plain upright strokes of every length labelled 1 (what a dash is not).
  Its test set stays MNIST's, so accuracies remain comparable with every other model.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import math
from pathlib import Path
from typing import Sequence

import numpy as np
from PIL import Image

from digitpad.base.errors import EmptyImageError
from digitpad.data.mnist import Dataset, load_data_files, load_mnist
from digitpad.data.pendigits import PenDigit, load_pendigits
from digitpad.data.synth.digit_styles import FAMILIES
from digitpad.data.synth.handwriting import draw_as_is, render_drawings
from digitpad.data.synth.nondigits import GENERATORS, pen_width_for, upright_stroke
from digitpad.data.synth.templates import TEMPLATES
from digitpad.data.unipen import PenCharacter, load_not_digit_characters, load_unipen_digits
from digitpad.imaging.preprocess import PREPROCESSING_VERSION, preprocess

MNIST_PLUS_PEN = "mnist+pen"
PEN_VARIANTS = 2  # each pen digit drawn this many times (sizes, places, pens, speeds)
TEMPLATE_DRAWINGS = 150  # drawings of each template style
FAMILY_DRAWINGS = 300  # drawings of each style family
NON_DIGITS_PER_KIND = 700  # generated marks of each kind (dots, squiggles, smileys...)
REAL_NON_DIGITS = 10_000  # real letters and symbols drawn as "not a digit" (all symbols, then letters)
UPRIGHT_STROKES = 1000  # plain upright strokes of every length and pen, labelled 1: what a dash is not
LOW_RES_COPIES = 4000  # digits read back from a low-resolution copy
# For a training subset, "mnist+pen" is composed at its scale: every part in proportion, at least
# SUBSET_MARGIN times the images asked for, of about MIX_IMAGES in the whole mix (drawing the
# whole mix takes a minute: a Retrain of 2,000 images waited that long before its first batch).
MIX_IMAGES, SUBSET_MARGIN = 120_000, 3
_RECIPE_VERSION = 2  # bump when the drawing recipe changes: it is part of the data's checksum


def pen_images(
    digits: Sequence[PenDigit | PenCharacter], variants: int = PEN_VARIANTS, seed: int = 0
) -> tuple[np.ndarray, np.ndarray]:
    """Pen digits drawn `variants` times each through the pad's path -> uint8 images, labels."""
    rng = np.random.default_rng(seed)
    stroke_sets = [d.strokes for d in digits] * variants
    labels = np.array([int(d.label) for d in digits] * variants, dtype=np.int32)
    return render_drawings(stroke_sets, rng), labels


def template_images(
    per_style: int = TEMPLATE_DRAWINGS, seed: int = 0, per_family: int = 0
) -> tuple[np.ndarray, np.ndarray]:
    """Every stroke template of `digitpad.data.synth.templates` drawn `per_style` times, and every style
    family of `digitpad.data.synth.digit_styles` `per_family` times -> uint8 images, labels."""
    rng = np.random.default_rng(seed + 1_000_003)  # not the pen digits' stream
    keys = [key for key in TEMPLATES for _ in range(per_style)]
    stroke_sets = [[np.asarray(stroke, np.float64) for stroke in TEMPLATES[key]] for key in keys]
    family_keys = [key for key in FAMILIES for _ in range(per_family)]
    stroke_sets += [FAMILIES[key](rng) for key in family_keys]
    labels = np.array([int(label) for label, _ in keys + family_keys], dtype=np.int32)
    return render_drawings(stroke_sets, rng), labels


def non_digit_images(per_kind: int = NON_DIGITS_PER_KIND, seed: int = 0, leave_out: Sequence[str] = ()) -> np.ndarray:
    """Generated marks that are not digits (`digitpad.data.synth.nondigits`), drawn on the pad -> uint8 images.
    `leave_out` names kinds to skip (a benchmark measures what a model never shown a kind makes of it)."""
    rng = np.random.default_rng(seed + 2_000_003)
    images = []
    for kind in GENERATORS:
        if kind in leave_out:
            continue
        for _ in range(per_kind):
            strokes = GENERATORS[kind](rng)
            images.append(draw_as_is(strokes, pen_width_for(kind, rng)))
    return np.stack(images) if images else np.zeros((0, 28, 28), np.uint8)


def real_non_digit_images(
    characters: Sequence[PenCharacter], count: int, seed: int = 0
) -> tuple[np.ndarray, list[str]]:
    """`count` real letters and symbols (all symbols first, then letters at random) drawn
    through the pad's path -> uint8 images, and the character each one is."""
    rng = np.random.default_rng(seed + 4_000_003)
    symbols = [c for c in characters if not c.label.isalpha()]
    letters = [c for c in characters if c.label.isalpha()]
    chosen = symbols[:count] + [letters[i] for i in rng.permutation(len(letters))[: max(0, count - len(symbols))]]
    if not chosen:
        return np.zeros((0, 28, 28), np.uint8), []
    return render_drawings([c.strokes for c in chosen], rng), [c.label for c in chosen]


def low_resolution_copies(
    images: np.ndarray, labels: np.ndarray, count: int, seed: int = 0
) -> tuple[np.ndarray, np.ndarray]:
    """Digits as a coarse scan gives them: cropped to their ink, shrunk to 8-32 pixels (half
    of them thresholded to black and white, as bitmap digit sets are), dark on light, and
    read back through the MNIST recipe (`preprocess`, as a user's file would be)."""
    rng = np.random.default_rng(seed + 5_000_003)
    out: list[np.ndarray] = []
    kept: list = []
    for index in rng.permutation(len(images)):
        if len(out) == count:
            break
        ink = images[index]
        rows, cols = np.nonzero(ink > 30)
        if not len(rows):
            continue
        crop = ink[rows.min() : rows.max() + 1, cols.min() : cols.max() + 1]
        side = max(crop.shape) + 2 * int(rng.integers(0, 3))
        square = np.zeros((side, side), np.uint8)
        top, left = (side - crop.shape[0]) // 2, (side - crop.shape[1]) // 2
        square[top : top + crop.shape[0], left : left + crop.shape[1]] = crop
        target = int(rng.choice([8, 12, 16, 32]))
        small = np.asarray(Image.fromarray(square).resize((target, target), Image.Resampling.BOX))
        if rng.random() < 0.5:
            small = np.where(small >= rng.uniform(60, 140), 255, 0).astype(np.uint8)
        try:
            out.append(np.round(preprocess(255 - small, name="low-resolution copy") * 255).astype(np.uint8))
        except EmptyImageError:
            continue
        kept.append(labels[index])
    return np.array(out, np.uint8).reshape(-1, 28, 28), np.array(kept, np.int32)


def upright_stroke_images(count: int = UPRIGHT_STROKES, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Plain upright strokes, short and long, thin and thick, drawn on the pad -> uint8 images, all labelled 1."""
    rng = np.random.default_rng(seed + 3_000_003)
    images = []
    for _ in range(count):
        pen = pen_width_for("dash", rng)
        images.append(draw_as_is(upright_stroke(rng, pen), pen))
    return np.stack(images), np.ones(count, np.int32)


def writer_key(sample) -> str:
    """A writer's name across the pen sets: "pendigits/7" for pendigits' numbered writers,
    UNIPEN's own "site/id" otherwise (for writer-disjoint splits)."""
    return f"pendigits/{sample.writer}" if isinstance(sample.writer, (int, np.integer)) else sample.writer


def bundled_pen_digits() -> tuple[PenDigit | PenCharacter, ...]:
    """The pen digits of all 150 bundled writers: pendigits' 30, then UNIPEN's 120."""
    return load_pendigits() + load_unipen_digits()


def mnist_plus_pen(
    pen_digits: Sequence[PenDigit | PenCharacter] | None = None,
    variants: int = PEN_VARIANTS,
    seed: int = 0,
    mnist: Dataset | None = None,
    templates_per_style: int = TEMPLATE_DRAWINGS,
    non_digits_per_kind: int = NON_DIGITS_PER_KIND,
    upright_strokes: int = UPRIGHT_STROKES,
    real_non_digits: Sequence[PenCharacter] | None = None,
    real_non_digit_count: int = REAL_NON_DIGITS,
    family_drawings: int = FAMILY_DRAWINGS,
    low_res: int = LOW_RES_COPIES,
    leave_out: Sequence[str] = (),
    share: float = 1.0,
) -> Dataset:
    """MNIST's training images plus drawn pen digits, templates and style families, low-resolution
    copies, upright strokes, and real and generated non-digits; MNIST's test set.

    `pen_digits` and `real_non_digits` default to all bundled ones; benchmarks pass subsets to
    hold writers out, and `leave_out` to hold a generated kind of mark out. `share` < 1 composes
    that share of every part (a random choice of the images, writers' digits and letters; that
    share of each generated kind), for a training subset.
    """
    mnist = mnist or load_mnist()
    pen_digits = bundled_pen_digits() if pen_digits is None else pen_digits
    real_non_digits = load_not_digit_characters() if real_non_digits is None else real_non_digits
    if share < 1.0:
        rng = np.random.default_rng(seed + 7_000_001)

        def some(count: int) -> int:
            return max(1, math.ceil(share * count))

        def chosen(items: Sequence) -> list:
            return [items[i] for i in sorted(rng.choice(len(items), some(len(items)), replace=False))]

        kept = np.sort(rng.choice(len(mnist.y_train), some(len(mnist.y_train)), replace=False))
        mnist = dataclasses.replace(mnist, x_train=mnist.x_train[kept], y_train=mnist.y_train[kept])
        pen_digits, real_non_digits = chosen(pen_digits), chosen(real_non_digits)
        templates_per_style, family_drawings = some(templates_per_style), some(family_drawings)
        non_digits_per_kind, upright_strokes = some(non_digits_per_kind), some(upright_strokes)
        real_non_digit_count, low_res = some(real_non_digit_count), some(low_res)
    x_pen, y_pen = pen_images(pen_digits, variants, seed)
    x_tpl, y_tpl = template_images(templates_per_style, seed, family_drawings)
    x_bar, y_bar = upright_stroke_images(upright_strokes, seed)
    x_low, y_low = low_resolution_copies(
        np.concatenate([mnist.x_train, x_pen]), np.concatenate([mnist.y_train, y_pen]), low_res, seed
    )
    x_non = np.concatenate(
        [
            non_digit_images(non_digits_per_kind, seed, leave_out),
            real_non_digit_images(real_non_digits, real_non_digit_count, seed)[0],
        ]
    )
    y_non = np.full(len(x_non), len(mnist.class_labels), np.int32)  # the extra "not a digit" class
    recipe = hashlib.sha256(mnist.checksum.encode())
    for sample in (
        *pen_digits,
        *real_non_digits,
    ):  # the samples themselves: a subset (held-out writers) has its own checksum
        recipe.update(f"{sample.label}{sample.writer}".encode())
        for stroke in sample.strokes:
            recipe.update(stroke.tobytes())
    recipe.update(
        f"{variants}/{seed}/{templates_per_style}/{non_digits_per_kind}/{upright_strokes}/"
        f"{real_non_digit_count}/{family_drawings}/{low_res}/{sorted(leave_out)}/{_RECIPE_VERSION}/"
        f"{PREPROCESSING_VERSION}{'' if share >= 1.0 else f'/{share}'}".encode()
    )
    return Dataset(
        np.concatenate([mnist.x_train, x_pen, x_tpl, x_low, x_bar, x_non]),
        np.concatenate([mnist.y_train, y_pen, y_tpl, y_low, y_bar, y_non]),
        mnist.x_test,
        mnist.y_test,
        MNIST_PLUS_PEN,
        recipe.hexdigest(),
        mnist.class_labels,
        MNIST_PLUS_PEN,
        not_a_digit=True,
    )


@functools.lru_cache(maxsize=1)
def _mnist_plus_pen_cached(share: float = 1.0) -> Dataset:
    dataset = mnist_plus_pen(share=share)
    for array in (dataset.x_train, dataset.y_train):
        array.flags.writeable = False  # shared between callers
    return dataset


def load_dataset(location: str | Path | None = None, subset: int | None = None) -> Dataset:
    """A data set by location: None for the bundled MNIST, "mnist+pen", or MNIST/EMNIST files.
    `subset`: the training images the caller will take from it at most, if it takes a subset
    ("mnist+pen" is then composed at that scale: `MIX_IMAGES`, `SUBSET_MARGIN`)."""
    if location is not None and str(location) == MNIST_PLUS_PEN:
        share = 1.0 if subset is None else min(1.0, round(SUBSET_MARGIN * subset / MIX_IMAGES, 3))
        return _mnist_plus_pen_cached(share)
    return load_data_files(location)


def load_test_set(location: str | Path | None = None, training_images: bool = False) -> Dataset:
    """The data a model is judged on, without building training images nobody will look at.

    The training files are read only with `training_images` (a report shows some of them).
    """
    if location is not None and str(location) == MNIST_PLUS_PEN:
        return load_mnist(test_only=not training_images)
    return load_data_files(location, test_only=not training_images)
