"""The data sets DigitPad trains on and is judged by, by name or location.

- MNIST (the bundled copy, or IDX/npz files in a folder), EMNIST sets: `digitpad.data`.
- "mnist+pen": MNIST plus real people's handwriting. The 7,494 pen trajectories of 30
  writers (`digitpad.pendigits`) and the stroke templates of `digitpad.samples` (shapes
  both sets lack, such as the slashed zero) are each drawn several times through the pad's
  own path (`digitpad.handwriting`), so that training sees what the window shows the model.
  Generated marks that are not digits (`digitpad.nondigits`) form one more class, "not a
  digit", beside plain upright strokes of every length labelled 1 (what a dash is not).
  Its test set stays MNIST's, so accuracies remain comparable with every other model.
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path
from typing import Sequence

import numpy as np

from .data import Dataset, load_data_files, load_mnist
from .handwriting import draw_as_is, render_drawings
from .nondigits import GENERATORS, pen_width_for, upright_stroke
from .pendigits import PenDigit, load_pendigits
from .preprocess import PREPROCESSING_VERSION
from .samples import TEMPLATES

MNIST_PLUS_PEN = "mnist+pen"
PEN_VARIANTS = 3  # each pen digit drawn this many times (sizes, places, pens, speeds)
TEMPLATE_DRAWINGS = 150  # drawings of each template style
NON_DIGITS_PER_KIND = 1000  # dots, dashes, scribbles, blobs: the "not a digit" output's examples
UPRIGHT_STROKES = 1000  # plain upright strokes of every length and pen, labelled 1: what a dash is not
_RECIPE_VERSION = 1  # bump when the drawing recipe changes: it is part of the data's checksum


def pen_images(digits: Sequence[PenDigit], variants: int = PEN_VARIANTS,
               seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Pen digits drawn `variants` times each through the pad's path -> uint8 images, labels."""
    rng = np.random.default_rng(seed)
    stroke_sets = [d.strokes for d in digits] * variants
    labels = np.array([int(d.label) for d in digits] * variants, dtype=np.int32)
    return render_drawings(stroke_sets, rng), labels


def template_images(per_style: int = TEMPLATE_DRAWINGS, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Every stroke template of `digitpad.samples`, drawn `per_style` times -> uint8 images, labels."""
    rng = np.random.default_rng(seed + 1_000_003)  # not the pen digits' stream
    keys = [key for key in TEMPLATES for _ in range(per_style)]
    stroke_sets = [[np.asarray(stroke, np.float64) for stroke in TEMPLATES[key]] for key in keys]
    return render_drawings(stroke_sets, rng), np.array([int(label) for label, _ in keys], dtype=np.int32)


def non_digit_images(per_kind: int = NON_DIGITS_PER_KIND, seed: int = 0) -> np.ndarray:
    """Generated marks that are not digits (`digitpad.nondigits`), drawn on the pad -> uint8 images."""
    rng = np.random.default_rng(seed + 2_000_003)
    images = []
    for kind in GENERATORS:
        for _ in range(per_kind):
            strokes = GENERATORS[kind](rng)
            images.append(draw_as_is(strokes, pen_width_for(kind, rng)))
    return np.stack(images)


def upright_stroke_images(count: int = UPRIGHT_STROKES, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Plain upright strokes, short and long, thin and thick, drawn on the pad -> uint8 images, all labelled 1."""
    rng = np.random.default_rng(seed + 3_000_003)
    images = []
    for _ in range(count):
        pen = pen_width_for("dash", rng)
        images.append(draw_as_is(upright_stroke(rng, pen), pen))
    return np.stack(images), np.ones(count, np.int32)


def mnist_plus_pen(pen_digits: Sequence[PenDigit] | None = None, variants: int = PEN_VARIANTS,
                   seed: int = 0, mnist: Dataset | None = None, templates_per_style: int = TEMPLATE_DRAWINGS,
                   non_digits_per_kind: int = NON_DIGITS_PER_KIND, upright_strokes: int = UPRIGHT_STROKES) -> Dataset:
    """MNIST's training images plus drawn pen digits, templates, upright strokes and non-digits; MNIST's test set.

    `pen_digits` defaults to all bundled ones; benchmarks pass a subset to hold writers out.
    """
    mnist = mnist or load_mnist()
    pen_digits = load_pendigits() if pen_digits is None else pen_digits
    x_pen, y_pen = pen_images(pen_digits, variants, seed)
    x_tpl, y_tpl = template_images(templates_per_style, seed)
    x_bar, y_bar = upright_stroke_images(upright_strokes, seed)
    x_non = non_digit_images(non_digits_per_kind, seed)
    y_non = np.full(len(x_non), len(mnist.class_labels), np.int32)  # the extra "not a digit" class
    recipe = hashlib.sha256(mnist.checksum.encode())
    for digit in pen_digits:  # the pen digits themselves, so a subset (held-out writers) has its own checksum
        recipe.update(f"{digit.label}{digit.writer}".encode())
        for stroke in digit.strokes:
            recipe.update(stroke.tobytes())
    recipe.update(f"{variants}/{seed}/{templates_per_style}/{non_digits_per_kind}/{upright_strokes}/{_RECIPE_VERSION}/"
                  f"{PREPROCESSING_VERSION}".encode())
    return Dataset(np.concatenate([mnist.x_train, x_pen, x_tpl, x_bar, x_non]),
                   np.concatenate([mnist.y_train, y_pen, y_tpl, y_bar, y_non]), mnist.x_test, mnist.y_test, MNIST_PLUS_PEN,
                   recipe.hexdigest(), mnist.class_labels, MNIST_PLUS_PEN, not_a_digit=True)


@functools.lru_cache(maxsize=1)
def _mnist_plus_pen_cached() -> Dataset:
    dataset = mnist_plus_pen()
    for array in (dataset.x_train, dataset.y_train):
        array.flags.writeable = False  # shared between callers
    return dataset


def load_dataset(location: str | Path | None = None) -> Dataset:
    """A data set by location: None for the bundled MNIST, "mnist+pen", or MNIST/EMNIST files."""
    if location is not None and str(location) == MNIST_PLUS_PEN:
        return _mnist_plus_pen_cached()
    return load_data_files(location)


def load_test_set(location: str | Path | None = None, training_images: bool = False) -> Dataset:
    """The data a model is judged on, without building training images nobody will look at.

    The training files are read only with `training_images` (a report shows some of them).
    """
    if location is not None and str(location) == MNIST_PLUS_PEN:
        return load_mnist(test_only=not training_images)
    return load_data_files(location, test_only=not training_images)
