"""Train a zoo architecture on MNIST with Keras, reporting progress and honouring cancel.

One linear story: prepare the data -> build the model -> fit -> evaluate on the test
set -> (optionally) save. TensorFlow is imported inside `train`, never at module
import, so that the GUI and the CLI start without it.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from dataclasses import asdict, dataclass, field
from typing import Any, Callable

import numpy as np

from . import zoo
from .data import Dataset, load_mnist
from .errors import Cancelled, ConfigError
from .evaluation import Evaluation, evaluate_probabilities
from .preprocess import PREPROCESSING_VERSION


@dataclass
class TrainConfig:
    architecture: str = "digitpad-cnn"
    optimizer: str = "adam"
    optimizer_params: dict[str, Any] = field(default_factory=dict)
    schedule: str = "constant"
    epochs: int = 10
    batch_size: int = 128
    validation_split: float = 0.1
    augment: bool = False
    limit: int | None = None  # size of the training subset; None for all of it
    seed: int = 0
    hidden: tuple[int, ...] | None = None  # numpy-mlp's hidden layer sizes; None for its default

    def validated(self) -> "TrainConfig":
        """A copy with optimizer defaults filled in; ConfigError on any invalid value."""
        arch = zoo.get_architecture(self.architecture)
        params = zoo.resolve_optimizer_params(self.optimizer, self.optimizer_params)
        hidden = _checked_hidden(arch, self.hidden)
        if arch.engine == "numpy":
            from .numpy_mlp import SUPPORTED_OPTIMIZERS

            if self.optimizer.lower() not in SUPPORTED_OPTIMIZERS:
                raise ConfigError(f"numpy-mlp trains with {' or '.join(SUPPORTED_OPTIMIZERS)}, "
                                  f"not {self.optimizer}")
            if self.augment:
                raise ConfigError("augmentation runs in TensorFlow; numpy-mlp trains without it")
        zoo.validate_schedule(self.schedule)
        _check_int("epochs", self.epochs, 1, 1000)
        _check_int("batch size", self.batch_size, 1, 8192)
        _check_int("seed", self.seed, 0, 2**31 - 1)
        if self.limit is not None:
            _check_int("training subset size", self.limit, 10, 10_000_000)
        if not isinstance(self.validation_split, (int, float)) or not 0.0 <= self.validation_split <= 0.5:
            raise ConfigError(f"validation split must be between 0 and 0.5, got {self.validation_split}")
        return TrainConfig(self.architecture, self.optimizer.lower(), params, self.schedule, self.epochs,
                           self.batch_size, float(self.validation_split), bool(self.augment), self.limit,
                           self.seed, hidden)


def _checked_hidden(arch, hidden) -> tuple[int, ...] | None:
    if hidden is None:
        return None
    if arch.engine != "numpy":
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


@dataclass
class TrainResult:
    model: Any  # keras.Model
    config: TrainConfig
    history: dict[str, list[float]]
    test: Evaluation
    dataset_checksum: str
    n_train: int
    seconds: float
    class_labels: list[str]
    dataset_name: str = "mnist"
    dataset_location: str | None = None  # where to find the data again; None for the bundled MNIST

    def metadata(self) -> dict:
        return {
            "architecture": self.config.architecture,
            "optimizer": self.config.optimizer,
            "optimizer_params": self.config.optimizer_params,
            "training": asdict(self.config),
            "dataset": {"checksum": self.dataset_checksum, "n_train": self.n_train, "name": self.dataset_name,
                        "location": self.dataset_location},
            "test_accuracy": self.test.accuracy,
            "per_class_accuracy": self.test.per_class,
            "confusion": self.test.confusion.tolist(),
            "class_labels": self.class_labels,
            "preprocessing_version": PREPROCESSING_VERSION,
            "history": self.history,
            "training_seconds": round(self.seconds, 1),
        }

    def save(self, stem) -> dict:
        from .modelfile import save_model

        return save_model(self.model, stem, self.metadata())


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


def train(
    config: TrainConfig,
    dataset: Dataset | None = None,
    on_progress: Callable[[Progress], None] | None = None,
    should_cancel: Callable[[], bool] | None = None,
) -> TrainResult:
    """Train `config` on `dataset` (default: the bundled MNIST) and score it on the test set.

    `on_progress` is called after every batch and every epoch (from the training
    thread); `should_cancel` is polled after every batch, and a True answer stops
    training within that batch and raises `Cancelled`.
    """
    config = config.validated()
    dataset = dataset or load_mnist()
    if zoo.get_architecture(config.architecture).engine == "numpy":
        from .numpy_mlp import train_numpy

        return train_numpy(config, dataset, on_progress, should_cancel)
    (x_train, y_train), (x_val, y_val) = split_train_validation(dataset, config)

    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")  # TensorFlow's start-up chatter is not for users
    import keras
    import tensorflow as tf

    from .augment import make_augmenter

    tf.get_logger().setLevel("ERROR")  # AutoGraph's notes (e.g. no sources in a frozen app) are not for users
    keras.utils.set_random_seed(config.seed)
    train_ds = tf.data.Dataset.from_tensor_slices((x_train, y_train))
    train_ds = train_ds.shuffle(len(x_train), seed=config.seed, reshuffle_each_iteration=True)
    train_ds = train_ds.batch(config.batch_size)
    if config.augment:
        augment = make_augmenter(seed=config.seed)
        train_ds = train_ds.map(lambda x, y: (augment(x), y), num_parallel_calls=tf.data.AUTOTUNE)
    train_ds = train_ds.prefetch(tf.data.AUTOTUNE)
    val_data = (x_val, y_val) if len(x_val) else None

    steps_per_epoch = int(np.ceil(len(x_train) / config.batch_size))
    model = zoo.build_model(config.architecture, num_classes=len(dataset.class_labels))
    optimizer = zoo.build_optimizer(config.optimizer, config.optimizer_params, config.schedule,
                                    steps_per_epoch=steps_per_epoch, epochs=config.epochs)
    model.compile(optimizer=optimizer, loss="sparse_categorical_crossentropy", metrics=["accuracy"])

    start = time.monotonic()
    reporter = _make_reporter(keras, config.epochs, steps_per_epoch, start, on_progress, should_cancel)
    fit = model.fit(train_ds, validation_data=val_data, epochs=config.epochs, verbose=0,
                    callbacks=[reporter], shuffle=False)  # train_ds shuffles itself
    if reporter.cancelled:
        raise Cancelled("training cancelled")
    seconds = time.monotonic() - start

    x_test = dataset.x_test.astype(np.float32)[..., None] / 255.0
    probabilities = model.predict(x_test, batch_size=1024, verbose=0)
    history = {k: [float(v) for v in values] for k, values in fit.history.items()}
    return TrainResult(model, config, history, evaluate_probabilities(probabilities, dataset.y_test),
                       dataset.checksum, len(x_train), seconds, list(dataset.class_labels), *dataset_origin(dataset))


def dataset_origin(dataset: Dataset) -> tuple[str, str | None]:
    """The data set's name, and its location unless it is the bundled MNIST (recorded in model metadata)."""
    from .paths import bundled_mnist_dir

    bundled = Path(dataset.source).resolve() == bundled_mnist_dir().resolve()
    return dataset.name, None if bundled else str(Path(dataset.source).resolve())


def _make_reporter(keras, epochs, steps, start, on_progress, should_cancel):
    class Reporter(keras.callbacks.Callback):
        cancelled = False

        def on_epoch_begin(self, epoch, logs=None):
            self._epoch = epoch + 1

        def on_train_batch_end(self, batch, logs=None):
            if should_cancel is not None and should_cancel():
                self.cancelled = True
                self.model.stop_training = True  # Keras 3 checks this after every batch
            if on_progress is not None:
                on_progress(Progress(self._epoch, epochs, batch + 1, steps, _floats(logs),
                                     time.monotonic() - start))

        def on_epoch_end(self, epoch, logs=None):
            if on_progress is not None and not self.cancelled:
                on_progress(Progress(epoch + 1, epochs, None, steps, _floats(logs), time.monotonic() - start))

    return Reporter()


def _floats(logs) -> dict[str, float]:
    return {k: float(v) for k, v in (logs or {}).items()}
