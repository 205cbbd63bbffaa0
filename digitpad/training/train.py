"""Train a zoo architecture on a data set, reporting progress and honouring cancel.

`train` hands the run to the engine the architecture names: Keras here (`train_keras`),
or the NumPy network of `digitpad.training.numpy_mlp`. The Keras story is linear: prepare the
data -> build the model -> fit -> evaluate on the test set -> (optionally) save.
`compare_optimizers` trains one architecture once per optimizer (`digitpad.training.experiments`
holds the comparison and its parsing, without training).
TensorFlow is imported inside `train_keras`, never at module import, so that the GUI and
the CLI start without it.
"""

from __future__ import annotations

import os
import time
from dataclasses import asdict
from typing import Any, Callable

import numpy as np

from digitpad.base.errors import Cancelled
from digitpad.data.mnist import Dataset, load_mnist
from digitpad.training import keras_models, zoo
from digitpad.training.experiments import Comparison, OptimizerRun
from digitpad.training.keras_models import TrainResult
from digitpad.training.numpy_mlp import train_numpy
from digitpad.training.runs import (
    Progress,
    TrainConfig,
    dataset_origin,
    evaluate_on_test_set,
    floats,
    output_count,
    split_train_validation,
)


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
    trainer = TRAINERS[zoo.get_architecture(config.architecture).engine]
    return trainer(config, dataset, on_progress, should_cancel)


def train_keras(config: TrainConfig, dataset: Dataset, on_progress=None, should_cancel=None) -> TrainResult:
    """The Keras story: prepare the data -> build the model -> fit -> score on the test set."""
    (x_train, y_train), (x_val, y_val) = split_train_validation(dataset, config)

    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")  # TensorFlow's start-up chatter is not for users
    import keras
    import tensorflow as tf

    from digitpad.training.augment import make_augmenter

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
    model = keras_models.build_model(config.architecture, num_classes=output_count(dataset))
    optimizer = keras_models.build_optimizer(
        config.optimizer,
        config.optimizer_params,
        config.schedule,
        steps_per_epoch=steps_per_epoch,
        epochs=config.epochs,
    )
    model.compile(optimizer=optimizer, loss="sparse_categorical_crossentropy", metrics=["accuracy"])

    start = time.monotonic()
    reporter = make_reporter(keras, config.epochs, steps_per_epoch, start, on_progress, should_cancel)
    fit = model.fit(
        train_ds, validation_data=val_data, epochs=config.epochs, verbose=0, callbacks=[reporter], shuffle=False
    )  # train_ds shuffles itself
    if reporter.cancelled:
        raise Cancelled("training cancelled")
    seconds = time.monotonic() - start

    x_test = dataset.x_test.astype(np.float32)[..., None] / 255.0
    probabilities = model.predict(x_test, batch_size=1024, verbose=0)
    history = {k: [float(v) for v in values] for k, values in fit.history.items()}
    return TrainResult(
        model,
        config,
        history,
        evaluate_on_test_set(probabilities, dataset),
        dataset.checksum,
        len(x_train),
        seconds,
        list(dataset.class_labels),
        *dataset_origin(dataset),
        not_a_digit_output=dataset.not_a_digit,
    )


TRAINERS = {"keras": train_keras, "numpy": train_numpy}  # an architecture's `engine` names its trainer


def make_reporter(keras, epochs, steps, start, on_progress, should_cancel):
    """A Keras callback reporting `Progress` after every batch and epoch, and stopping on cancel."""

    class Reporter(keras.callbacks.Callback):
        cancelled = False

        def on_epoch_begin(self, epoch, logs=None):
            self._epoch = epoch + 1

        def on_train_batch_end(self, batch, logs=None):
            if should_cancel is not None and should_cancel():
                self.cancelled = True
                self.model.stop_training = True  # Keras 3 checks this after every batch
            if on_progress is not None:
                on_progress(Progress(self._epoch, epochs, batch + 1, steps, floats(logs), time.monotonic() - start))

        def on_epoch_end(self, epoch, logs=None):
            if on_progress is not None and not self.cancelled:
                on_progress(Progress(epoch + 1, epochs, None, steps, floats(logs), time.monotonic() - start))

    return Reporter()


def compare_optimizers(
    base: TrainConfig,
    optimizers: dict[str, dict[str, Any]],
    dataset: Dataset | None = None,
    on_progress: Callable[[str, Progress], None] | None = None,
    on_run_done: Callable[[OptimizerRun], None] | None = None,
    should_cancel: Callable[[], bool] | None = None,
) -> Comparison:
    """Train `base` once per optimizer (name -> its parameters); everything else stays equal."""
    configs = {
        name: TrainConfig(**{**asdict(base), "optimizer": name, "optimizer_params": params}).validated()
        for name, params in optimizers.items()
    }  # all checked before the first run starts
    dataset = dataset or load_mnist()
    comparison = Comparison(base.architecture, base)
    for name, config in configs.items():
        epoch_ends: list[float] = []

        def report(progress: Progress, name=name, epoch_ends=epoch_ends) -> None:
            if progress.batch is None:
                epoch_ends.append(progress.elapsed_s)
            if on_progress is not None:
                on_progress(name, progress)

        result = train(config, dataset, on_progress=report, should_cancel=should_cancel)
        run = OptimizerRun(
            name,
            config.optimizer_params,
            result.history,
            result.test.accuracy,
            result.seconds / max(1, len(epoch_ends)),
        )
        comparison.runs.append(run)
        if on_run_done is not None:
            on_run_done(run)
    return comparison
