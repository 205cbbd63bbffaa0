"""What a training run is, whichever engine trains it: its settings, reports and result.

`digitpad.training.train` (Keras) and `digitpad.training.numpy_mlp` (by hand) both take a `TrainConfig`,
report `Progress` and return a `TrainResult`, so that the CLI, the Retrain dialog and the
optimizer comparison treat every architecture alike.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from digitpad.base.errors import ConfigError
from digitpad.base.paths import bundled_mnist_dir
from digitpad.data.datasets import MNIST_PLUS_PEN
from digitpad.data.mnist import Dataset
from digitpad.inference.evaluation import Evaluation, evaluate_probabilities, split_outputs
from digitpad.training import zoo
from digitpad.training.settings import TRAINING_DEFAULTS, TRAINING_RANGES
from digitpad.training.support import check_training_available


@dataclass
class TrainConfig:
    architecture: str = "digitpad-cnn"
    optimizer: str = "adam"
    optimizer_params: dict[str, Any] = field(default_factory=dict)
    schedule: str = "constant"
    epochs: int = TRAINING_DEFAULTS["epochs"]
    batch_size: int = TRAINING_DEFAULTS["batch_size"]
    validation_split: float = TRAINING_DEFAULTS["validation_split"]
    augment: bool = False
    limit: int | None = None  # size of the training subset; None for all of it
    seed: int = TRAINING_DEFAULTS["seed"]
    hidden: tuple[int, ...] | None = None  # numpy-mlp's hidden layer sizes; None for its default

    def validated(self) -> "TrainConfig":
        """A copy with optimizer defaults filled in; ConfigError on any invalid value, or when
        this Python cannot train at all (no TensorFlow)."""
        check_training_available()
        arch = zoo.get_architecture(self.architecture)
        params = zoo.resolve_optimizer_params(self.optimizer, self.optimizer_params)
        hidden = _checked_hidden(arch, self.hidden)
        if arch.optimizers is not None and self.optimizer.lower() not in arch.optimizers:
            raise ConfigError(f"{arch.name} trains with {' or '.join(arch.optimizers)}, not {self.optimizer}")
        if self.augment and not arch.augmentable:
            raise ConfigError(f"augmentation runs in TensorFlow; {arch.name} trains without it")
        zoo.validate_schedule(self.schedule)
        _check_int("epochs", self.epochs, *TRAINING_RANGES["epochs"])
        _check_int("batch size", self.batch_size, *TRAINING_RANGES["batch_size"])
        _check_int("seed", self.seed, *TRAINING_RANGES["seed"])
        if self.limit is not None:
            _check_int("training subset size", self.limit, *TRAINING_RANGES["limit"])
        low, high = TRAINING_RANGES["validation_split"]
        if not isinstance(self.validation_split, (int, float)) or not low <= self.validation_split <= high:
            raise ConfigError(f"validation split must be between {low:g} and {high:g}, got {self.validation_split}")
        return TrainConfig(
            self.architecture,
            self.optimizer.lower(),
            params,
            self.schedule,
            self.epochs,
            self.batch_size,
            float(self.validation_split),
            bool(self.augment),
            self.limit,
            self.seed,
            hidden,
        )


def _checked_hidden(arch, hidden) -> tuple[int, ...] | None:
    if hidden is None:
        return None
    if not arch.hidden_sizes_configurable:
        raise ConfigError(f"hidden layer sizes are set for numpy-mlp only; {arch.name} has a fixed shape")
    hidden = tuple(hidden)
    if not 1 <= len(hidden) <= 5:
        raise ConfigError(f"numpy-mlp takes 1 to 5 hidden layers, got {len(hidden)}")
    for units in hidden:
        _check_int("hidden layer size", units, 1, 4096)
    return tuple(int(u) for u in hidden)


def parse_hidden(text: str) -> tuple[int, ...]:
    """ "256,128" -> (256, 128)."""
    try:
        return tuple(int(part) for part in text.replace(" ", "").split(",") if part)
    except ValueError:
        raise ConfigError(f"hidden layer sizes are whole numbers separated by commas, got {text!r}") from None


def _check_int(name: str, value: Any, low: int, high: int) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or not low <= value <= high:
        raise ConfigError(f"{name} must be a whole number between {low} and {high}, got {value!r}")


@dataclass(frozen=True)
class Progress:
    """One report from a running training; `batch` is None at the end of an epoch."""

    epoch: int  # 1-based
    epochs: int
    batch: int | None
    batches: int
    metrics: dict[str, float]
    elapsed_s: float


def readable_time() -> str:
    """Now, as a model's name shows it: "23 Nov 14:05"."""
    return datetime.datetime.now().strftime("%d %b %H:%M")


def split_train_validation(dataset: Dataset, config: TrainConfig):
    """Seeded subset of the training images, and the validation part held out of it."""
    rng = np.random.default_rng(config.seed)
    order = rng.permutation(len(dataset.x_train))
    if config.limit is not None:
        order = order[: config.limit]
    n_val = int(round(len(order) * config.validation_split))
    train_idx, val_idx = order[n_val:], order[:n_val]
    x = dataset.x_train.astype(np.float32)[..., None] / 255.0
    y = dataset.y_train.astype(np.int32)
    return (x[train_idx], y[train_idx]), (x[val_idx], y[val_idx])


def output_count(dataset: Dataset) -> int:
    """How many outputs a model trained on `dataset` has: its classes, plus "not a digit" if it has such samples."""
    return len(dataset.class_labels) + int(dataset.not_a_digit)


def evaluate_on_test_set(probabilities: np.ndarray, dataset: Dataset) -> Evaluation:
    """Score a model's outputs on the test set; a "not a digit" output is left out (test sets hold only classes)."""
    return evaluate_probabilities(split_outputs(probabilities, len(dataset.class_labels))[0], dataset.y_test)


def dataset_origin(dataset: Dataset) -> tuple[str, str | None]:
    """The data set's name, and how to find it again unless it is the bundled MNIST (recorded in model metadata)."""
    if dataset.source == MNIST_PLUS_PEN:
        return dataset.name, MNIST_PLUS_PEN
    bundled = Path(dataset.source).resolve() == bundled_mnist_dir().resolve()
    return dataset.name, None if bundled else str(Path(dataset.source).resolve())


def floats(logs) -> dict[str, float]:
    return {k: float(v) for k, v in (logs or {}).items()}
