"""The fine-tune run itself (`digitpad.training.finetune` tells the story and holds its settings and
scores): the mix of usual training data and the user's samples, the fit from the current
weights, the blend and the scores before and after. Imports Keras and TensorFlow inside
`finetune`; run in a child process by the window (`digitpad.jobs.training_jobs`).
"""

from __future__ import annotations

import dataclasses
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import numpy as np

from digitpad.base.errors import Cancelled, ModelError
from digitpad.inference.modelfile import check_keras_file, model_paths, verified_metadata
from digitpad.training.finetune import (
    PERSONAL_SHARE,
    FinetuneConfig,
    FinetuneScores,
    check_can_finetune,
    per_class_accuracy,
    split_personal,
)
from digitpad.training.keras_models import save_model
from digitpad.training.runs import Progress, readable_time


@dataclass
class FinetuneResult:
    model: Any  # keras.Model
    metadata: dict
    scores: FinetuneScores
    history: dict = field(default_factory=dict)

    def save(self, stem) -> dict:
        return save_model(self.model, stem, self.metadata)


def base_mix(size: int, seed: int):
    """The usual training data, in proportion to `size` MNIST images: pen digits of all writers
    (half as many, at least 2,000, each drawn once), fewer drawings and marks."""
    from digitpad.data.datasets import bundled_pen_digits, mnist_plus_pen
    from digitpad.data.mnist import load_mnist

    mnist = load_mnist()
    rng = np.random.default_rng(seed)
    pick = rng.permutation(len(mnist.x_train))[:size]
    subset = dataclasses.replace(mnist, x_train=mnist.x_train[pick], y_train=mnist.y_train[pick])
    every_pen_digit = bundled_pen_digits()
    pen = [every_pen_digit[i] for i in np.sort(rng.permutation(len(every_pen_digit))[: max(2000, size // 2)])]
    return mnist_plus_pen(
        pen,
        variants=1,
        seed=seed + 17,
        mnist=subset,
        templates_per_style=40,
        non_digits_per_kind=150,
        upright_strokes=300,
        real_non_digit_count=size // 10,
        family_drawings=40,
        low_res=size // 20,
    )


def finetune(
    model_path: str | Path,
    images28: np.ndarray,
    labels: np.ndarray,
    config: FinetuneConfig | None = None,
    on_progress: Callable[[Progress], None] | None = None,
    should_cancel: Callable[[], bool] | None = None,
    on_status: Callable[[str], None] | None = None,
    base=None,
) -> FinetuneResult:
    """Fine-tune the model at `model_path` (its .keras file) on `images28` (N, 28, 28) float32 / `labels`.

    `base`: the data mixed in (a Dataset); default `base_mix` (benchmarks pass one without held-out writers).
    """
    config = (config or FinetuneConfig()).validated()
    status = on_status or (lambda text: None)
    labels = np.asarray(labels, np.int64)
    check_can_finetune(model_path, len(labels))
    keras_path = model_paths(model_path)["keras"]
    metadata = verified_metadata(keras_path)
    check_keras_file(keras_path, metadata)
    train_idx, held_idx = split_personal(labels, config.holdout, config.seed)

    status("Preparing the training data…")
    base = base if base is not None else base_mix(config.base_images, config.seed)
    repeats = max(1, int(round(PERSONAL_SHARE * len(base.x_train) / (1 - PERSONAL_SHARE) / max(len(train_idx), 1))))
    x = np.concatenate([base.x_train.astype(np.float32) / 255.0, np.repeat(images28[train_idx], repeats, axis=0)])
    y = np.concatenate([base.y_train.astype(np.int64), np.repeat(labels[train_idx], repeats)])

    status("Loading TensorFlow…")
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")  # TensorFlow's start-up chatter is not for users
    import keras
    import tensorflow as tf

    from digitpad.training.augment import make_augmenter
    from digitpad.training.train import make_reporter

    tf.get_logger().setLevel("ERROR")
    keras.utils.set_random_seed(config.seed)
    try:
        model = keras.saving.load_model(keras_path, safe_mode=True)
    except Exception as exc:  # Keras raises many kinds for a bad file
        raise ModelError(f"{keras_path}: cannot be loaded ({str(exc).splitlines()[0][:120]})") from None
    outputs = model.outputs[0].shape[-1]
    if outputs == len(base.class_labels):  # a digits-only model: no "not a digit" examples in its mix
        x, y = x[y < outputs], y[y < outputs]
    elif outputs != len(base.class_labels) + 1:
        raise ModelError(f"{keras_path}: gives {outputs} outputs; only digit models can be fine-tuned")

    x_test = base.x_test.astype(np.float32)[..., None] / 255.0

    def scores() -> tuple[float | None, float, tuple[float, ...]]:
        predicted = model.predict(x_test, batch_size=1024, verbose=0)[:, :10].argmax(1)
        mnist = float(np.mean(predicted == base.y_test))
        per_class = per_class_accuracy(predicted, base.y_test)
        if not len(held_idx):
            return None, mnist, per_class
        held = model.predict(images28[held_idx][..., None], verbose=0)[:, :10].argmax(1)
        return float(np.mean(held == labels[held_idx])), mnist, per_class

    status("Scoring the current model…")
    personal_before, mnist_before, per_class_before = scores()
    current_weights = model.get_weights()

    augment = make_augmenter(seed=config.seed)
    data = tf.data.Dataset.from_tensor_slices((x[..., None], y)).shuffle(len(x), seed=config.seed)
    data = data.batch(config.batch_size).map(lambda a, b: (augment(a), b)).prefetch(tf.data.AUTOTUNE)
    steps = int(np.ceil(len(x) / config.batch_size))
    model.compile(
        optimizer=keras.optimizers.Adam(config.learning_rate),
        loss="sparse_categorical_crossentropy",
        metrics=["accuracy"],
    )
    status("Fine-tuning…")
    start = time.monotonic()
    reporter = make_reporter(keras, config.epochs, steps, start, on_progress, should_cancel)
    fit = model.fit(data, epochs=config.epochs, verbose=0, callbacks=[reporter])
    if reporter.cancelled:
        raise Cancelled("fine-tuning cancelled")
    seconds = time.monotonic() - start
    model.set_weights(
        [
            (1.0 - config.blend) * before + config.blend * after
            for before, after in zip(current_weights, model.get_weights())
        ]
    )
    status("Scoring the fine-tuned model…")
    personal_after, mnist_after, per_class_after = scores()

    history = {k: [float(v) for v in values] for k, values in fit.history.items()}
    meta = {k: v for k, v in metadata.items() if k not in ("confusion", "per_class_accuracy")}
    meta.update(
        name=f"{metadata.get('name', 'model')} + my handwriting ({readable_time()})",
        test_accuracy=mnist_after,
        history=history,
        training_seconds=round(seconds, 1),
        fine_tuned={
            "from": metadata.get("name"),
            "from_onnx_sha256": metadata.get("onnx_sha256"),
            "personal_samples": int(len(train_idx)),
            "held_out": int(len(held_idx)),
            "personal_before": personal_before,
            "personal_after": personal_after,
            "mnist_before": mnist_before,
            "config": dataclasses.asdict(config),
        },
    )
    if len(metadata.get("class_labels") or ()) == len(per_class_after):
        meta["per_class_accuracy"] = list(per_class_after)  # what Retrain's comparison and the report read
    scores_ = FinetuneScores(
        personal_before,
        personal_after,
        mnist_before,
        mnist_after,
        len(held_idx),
        len(train_idx),
        seconds,
        per_class_before,
        per_class_after,
    )
    return FinetuneResult(model, meta, scores_, history)
