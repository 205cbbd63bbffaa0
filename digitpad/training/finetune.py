"""Fine-tune a model on the user's handwriting: a few epochs on MNIST + pen digits + their samples.

The story, keras-io style: split the personal samples (a held-out part to judge on) -> build the
mix (a subset of the usual training data, the personal samples repeated so that a few dozen
weigh about PERSONAL_SHARE of every epoch) -> fit from the current weights at a low learning rate
-> blend the weights with the current ones (FinetuneConfig.blend) -> score before and after, on
the held-out samples and on the MNIST test set. The result is an ordinary DigitPad model.
This module holds what the window needs (the settings, the scores, the checks before a run);
the run itself, which imports TensorFlow, is `digitpad.training.finetune_training.finetune`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from digitpad.base.errors import ConfigError, ModelError
from digitpad.inference.modelfile import model_paths
from digitpad.training.settings import FINETUNE_DEFAULTS, FINETUNE_RANGES
from digitpad.training.support import check_training_available

PERSONAL_SHARE = 0.15  # of each epoch's images, the personal samples (repeated, augmented) make up this much
MIN_SAMPLES = 10


@dataclass(frozen=True)
class FinetuneConfig:
    epochs: int = FINETUNE_DEFAULTS["epochs"]
    learning_rate: float = FINETUNE_DEFAULTS["learning_rate"]
    batch_size: int = FINETUNE_DEFAULTS["batch_size"]
    base_images: int = FINETUNE_DEFAULTS["base_images"]  # MNIST images in the mix (besides pen digits, non-digits)
    holdout: float = FINETUNE_DEFAULTS["holdout"]  # of the personal samples, kept out of training to judge on
    # The result's weights: this share of the fine-tuned ones, the rest the current model's. Measured
    # on 12 held-out writers (RESULTS.md): 0.7 fixed more errors than 1.0, cost fewer writers a digit,
    # and read MNIST better than either end.
    blend: float = FINETUNE_DEFAULTS["blend"]
    seed: int = FINETUNE_DEFAULTS["seed"]

    def validated(self) -> "FinetuneConfig":
        check_training_available()
        for name, what in (
            ("epochs", "fine-tuning epochs"),
            ("learning_rate", "learning rate"),
            ("batch_size", "batch size"),
            ("base_images", "base images"),
            ("holdout", "the held-out share"),
        ):
            low, high = FINETUNE_RANGES[name]
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not low <= value <= high:
                raise ConfigError(f"{what} must be between {low:,g} and {high:,g}, got {value!r}")
        if not 0.0 < self.blend <= 1.0:
            raise ConfigError(f"the blend must be above 0 and at most 1, got {self.blend}")
        return self


CLASS_LOSS_WARNING = 1.0  # percentage points a digit may lose on MNIST before the result warns


def per_class_accuracy(predicted: np.ndarray, labels: np.ndarray, classes: int = 10) -> tuple[float, ...]:
    """Accuracy on each class's images (0 for a class with none)."""
    return tuple(float(np.mean(predicted[labels == c] == c)) if np.any(labels == c) else 0.0 for c in range(classes))


@dataclass(frozen=True)
class FinetuneScores:
    """Before and after, side by side (what the window and the command line show)."""

    personal_before: float | None  # accuracy on the held-out personal samples, None if none held out
    personal_after: float | None
    mnist_before: float
    mnist_after: float
    held_out: int
    trained_on: int
    seconds: float
    # MNIST test accuracy of each digit 0-9, before and after: a fine-tune can pull one class
    # down while the overall figure hardly moves (nine 7-like 1s: 99.60 -> 99.22 %, but 7s
    # 99.1 -> 96.3 %).
    mnist_per_class_before: tuple[float, ...] = ()
    mnist_per_class_after: tuple[float, ...] = ()

    def classes_that_lost(self, points: float = CLASS_LOSS_WARNING) -> list[tuple[int, float, float]]:
        """(digit, before, after) of every digit whose MNIST accuracy fell by more than `points`
        percentage points, the worst first."""
        lost = [
            (digit, before, after)
            for digit, (before, after) in enumerate(zip(self.mnist_per_class_before, self.mnist_per_class_after))
            if (before - after) * 100 > points
        ]
        return sorted(lost, key=lambda row: row[2] - row[1])


def split_personal(labels: np.ndarray, holdout: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Indices to train on and to hold out: `holdout` of each digit's samples, rounded down."""
    rng = np.random.default_rng(seed)
    train, held = [], []
    for digit in np.unique(labels):
        members = rng.permutation(np.flatnonzero(labels == digit))
        cut = int(len(members) * holdout)
        held += list(members[:cut])
        train += list(members[cut:])
    return np.array(sorted(train), np.int64), np.array(sorted(held), np.int64)


def check_can_finetune(model_path: str | Path, sample_count: int) -> None:
    """Fail early (before a child process starts) with the reason a fine-tune cannot run."""
    check_training_available()
    if sample_count < MIN_SAMPLES:
        raise ConfigError(f"teach at least {MIN_SAMPLES} samples first (there are {sample_count})")
    keras_path = model_paths(model_path)["keras"]
    if not keras_path.is_file():
        raise ModelError(f"{keras_path.name}: missing; only DigitPad models with their .keras file can be fine-tuned")
