"""The Keras side of DigitPad's models: networks built from the zoo's specs, their optimizers,
and a trained network saved as the .keras/.onnx/.json trio.

The only module outside the training code that imports Keras (inside its functions), and
nothing on the path of a prediction or of the window imports it: the zoo's specs and the model
files' metadata (`zoo`, `modelfile`) stay free of TensorFlow.
"""

from __future__ import annotations

import datetime as _dt
import os
import warnings
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from digitpad import __version__
from digitpad.imaging.preprocess import PREPROCESSING_VERSION
from digitpad.inference.evaluation import Evaluation
from digitpad.inference.modelfile import FORMAT, FORMAT_VERSION, install_model, model_paths, staging_folder
from digitpad.training.runs import TrainConfig
from digitpad.training.zoo import (
    DECAY_RATE,
    INPUT_SHAPE,
    get_architecture,
    get_optimizer,
    padding_of,
    resolve_optimizer_params,
    validate_schedule,
)


def build_model(name: str, num_classes: int = 10):
    """The Keras model for architecture `name` ."""
    import keras
    from keras import layers as L

    arch = get_architecture(name)
    model_layers: list = [keras.Input(INPUT_SHAPE)]
    for spec in arch.layers:
        kind = spec[0]
        if kind == "conv":
            model_layers.append(L.Conv2D(spec[1], spec[2], activation=spec[3], padding=padding_of(spec)))
        elif kind == "conv_bn":
            model_layers += [
                L.Conv2D(spec[1], spec[2], padding=padding_of(spec), use_bias=False),
                L.BatchNormalization(),
                L.Activation("relu"),
            ]
        elif kind == "pool":
            model_layers.append(L.MaxPooling2D(spec[1]))
        elif kind == "flatten":
            model_layers.append(L.Flatten())
        elif kind == "gap":
            model_layers.append(L.GlobalAveragePooling2D())
        elif kind == "dense":
            model_layers.append(L.Dense(spec[1], activation=spec[2]))
        elif kind == "dense_bn":
            model_layers += [L.Dense(spec[1], use_bias=False), L.BatchNormalization(), L.Activation("relu")]
        elif kind == "dropout":
            model_layers.append(L.Dropout(spec[1]))
        else:  # a spec typo is a programming error, not a user error
            raise ValueError(f"unknown layer spec {spec!r} in {name}")
    model_layers.append(L.Dense(num_classes, activation="softmax"))
    return keras.Sequential(model_layers, name=name.replace("-", "_"))


def build_optimizer(
    name: str,
    params: dict[str, Any],
    schedule: str = "constant",
    steps_per_epoch: int = 1,
    epochs: int = 1,
    decay_rate: float = DECAY_RATE.default,
):
    """The Keras optimizer."""
    import keras

    optimizer = get_optimizer(name)
    resolved = resolve_optimizer_params(name, params)
    validate_schedule(schedule)
    lr = resolved.pop("learning_rate")
    if schedule == "cosine":
        lr = keras.optimizers.schedules.CosineDecay(lr, decay_steps=max(1, steps_per_epoch * epochs))
    elif schedule == "exponential":
        lr = keras.optimizers.schedules.ExponentialDecay(
            lr, decay_steps=max(1, steps_per_epoch), decay_rate=DECAY_RATE.validate(decay_rate)
        )
    if resolved.get("weight_decay") == 0.0:
        resolved["weight_decay"] = None
    return getattr(keras.optimizers, optimizer.keras_class)(learning_rate=lr, **resolved)


def with_embedding_output(model):
    """The same network answering twice: its class probabilities, and the input of its last
    layer (the embedding in which the recognizer compares a drawing with the user's samples)."""
    import keras
    import numpy as np

    both = keras.Model(model.inputs[0], [model.outputs[0], model.layers[-1].input])
    both(np.zeros((1, 28, 28, 1), np.float32))  # Keras exports only models that have been called
    return both


def save_model(model, stem: str | os.PathLike, metadata: dict) -> dict[str, Path]:
    """Save a Keras model as the .keras/.onnx/.json trio without ever exposing half of it.

    The .keras file holds the model as trained; the .onnx file adds a second output, the
    embedding (see `with_embedding_output`), recorded in the metadata as `embedding_size`.
    The files are written into a private staging folder beside the target, then
    installed by `install_model`.
    """
    paths = model_paths(stem)
    with staging_folder(paths["json"].parent) as tmp_dir:
        tmp = model_paths(tmp_dir / "model")
        model.save(tmp["keras"])
        with warnings.catch_warnings():  # tf2onnx trips NumPy 2 deprecation warnings; nothing for a user
            warnings.simplefilter("ignore", FutureWarning)
            warnings.simplefilter("ignore", DeprecationWarning)
            inference = with_embedding_output(model)
            inference.export(str(tmp["onnx"]), format="onnx", verbose=False)
        meta = dict(metadata)
        meta.update(
            embedding_size=int(inference.outputs[1].shape[-1]),
            format=FORMAT,
            format_version=FORMAT_VERSION,
            name=metadata.get("name") or paths["json"].with_suffix("").name,  # a readable name, or the stem
            created=_dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
            app_version=__version__,
        )
        install_model(tmp, paths, meta)
    return paths


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
    not_a_digit_output: bool = False  # the model has one more output than classes: "not a digit"

    def metadata(self) -> dict:
        return {
            "architecture": self.config.architecture,
            "optimizer": self.config.optimizer,
            "optimizer_params": self.config.optimizer_params,
            "training": asdict(self.config),
            "dataset": {
                "checksum": self.dataset_checksum,
                "n_train": self.n_train,
                "name": self.dataset_name,
                "location": self.dataset_location,
            },
            "test_accuracy": self.test.accuracy,
            "per_class_accuracy": self.test.per_class,
            "confusion": self.test.confusion.tolist(),
            "class_labels": self.class_labels,
            "not_a_digit_output": self.not_a_digit_output,
            "preprocessing_version": PREPROCESSING_VERSION,
            "history": self.history,
            "training_seconds": round(self.seconds, 1),
        }

    def save(self, stem, name: str | None = None) -> dict:
        """Save as the trio at `stem`; `name` is what the app calls it (default: the stem)."""
        return save_model(self.model, stem, {**self.metadata(), **({"name": name} if name else {})})
