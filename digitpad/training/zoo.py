"""Named architectures and optimizers, with their parameters and valid ranges.

Architectures are plain layer specs, so that listing them, describing them and counting
their parameters needs no TensorFlow (the retrain dialog shows them instantly);
`digitpad.training.keras_models.build_model` turns a spec into a Keras model, and `build_optimizer`
an optimizer's name and parameters into a Keras optimizer, when training.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from digitpad.base.errors import ConfigError

INPUT_SHAPE = (28, 28, 1)

# Layer specs: ("conv", filters, kernel, activation[, padding]), ("conv_bn", filters, kernel)
# (conv without bias, batch norm, relu), ("pool", size), ("flatten",), ("gap",),
# ("dense", units, activation), ("dense_bn", units) (dense, batch norm, relu), ("dropout", rate).
# Every model ends in a softmax layer over the classes, added by keras_models.build_model.


@dataclass(frozen=True)
class Architecture:
    name: str
    description: str
    layers: tuple
    default_epochs: int = 10
    default_batch_size: int = 128
    default_optimizer: str = "adam"
    engine: str = "keras"  # which trainer: "keras" (digitpad.training.train) or "numpy" (digitpad.training.numpy_mlp)
    # What the engine can do: the config checks, the Retrain dialog and the CLI ask these.
    optimizers: tuple[str, ...] | None = None  # None: every optimizer of the zoo
    augmentable: bool = True  # augmentation runs in TensorFlow's input pipeline
    hidden_sizes_configurable: bool = False
    engine_label: str = "Keras"

    def param_count(self, num_classes: int = 10) -> int:
        return _count_params(self.layers, num_classes)


ARCHITECTURES: dict[str, Architecture] = {
    a.name: a
    for a in [
        Architecture("mlp-256", "Flatten, Dense 256 relu, Dense 10 softmax", (("flatten",), ("dense", 256, "relu"))),
        Architecture("mlp-128", "Flatten, Dense 128 relu, Dense 10 softmax", (("flatten",), ("dense", 128, "relu"))),
        Architecture(
            "mlp-128-40",
            "Dense 128 (linear), Dense 40 relu, Dense 10 softmax",
            (("flatten",), ("dense", 128, "linear"), ("dense", 40, "relu")),
        ),
        Architecture(
            "mlp-256x2-dropout",
            "Dense 256 relu, Dropout 0.2, Dense 256 relu, Dense 10 softmax",
            (("flatten",), ("dense", 256, "relu"), ("dropout", 0.2), ("dense", 256, "relu")),
        ),
        Architecture(
            "mlp-512-256-128-64",
            "Dense 512-256-128-64 relu with Dropout 0.25/0.2, Dense 10 softmax",
            (
                ("flatten",),
                ("dense", 512, "relu"),
                ("dropout", 0.25),
                ("dense", 256, "relu"),
                ("dropout", 0.2),
                ("dense", 128, "relu"),
                ("dense", 64, "relu"),
            ),
        ),
        Architecture("mlp-800", "Dense 800 relu, Dense 10 softmax", (("flatten",), ("dense", 800, "relu"))),
        Architecture(
            "cnn-small",
            "Conv 32 3x3, MaxPool, Conv 16 2x2, MaxPool, Conv 8 3x3, Dense 64 relu, Dense 10",
            (
                ("conv", 32, 3, "relu"),
                ("pool", 2),
                ("conv", 16, 2, "relu"),
                ("pool", 2),
                ("conv", 8, 3, "relu"),
                ("flatten",),
                ("dense", 64, "relu"),
            ),
        ),
        Architecture(
            "cnn-lenet",
            "Conv 10 5x5, MaxPool, Conv 20 5x5, MaxPool, Dropout 0.25, Dense 100 relu, Dense 10",
            (
                ("conv", 10, 5, "relu"),
                ("pool", 2),
                ("conv", 20, 5, "relu"),
                ("pool", 2),
                ("dropout", 0.25),
                ("flatten",),
                ("dense", 100, "relu"),
            ),
        ),
        Architecture(
            "digitpad-cnn",
            "DigitPad's own: 2x(Conv 32) + 2x(Conv 64) + Conv 128, batch norm, Dense 128, dropout",
            (
                ("conv_bn", 32, 3),
                ("conv_bn", 32, 3),
                ("pool", 2),
                ("dropout", 0.1),
                ("conv_bn", 64, 3),
                ("conv_bn", 64, 3),
                ("pool", 2),
                ("dropout", 0.15),
                ("conv_bn", 128, 3, "valid"),
                ("flatten",),
                ("dense_bn", 128),
                ("dropout", 0.4),
            ),
            default_epochs=15,
            default_optimizer="adamw",
        ),
        Architecture(
            "numpy-mlp",
            "Written from scratch in NumPy: Dense hidden layers relu (default 128), Dense 10 softmax",
            (("flatten",), ("dense", 128, "relu")),
            engine="numpy",
            optimizers=("sgd", "adam"),
            augmentable=False,
            hidden_sizes_configurable=True,
            engine_label="NumPy, by hand",
        ),
    ]
}


def get_architecture(name: str) -> Architecture:
    try:
        return ARCHITECTURES[name]
    except KeyError:
        raise ConfigError(f"unknown architecture {name!r}; choose one of: {', '.join(ARCHITECTURES)}") from None


def padding_of(spec: tuple) -> str:
    """Course convs are unpadded ("valid"); DigitPad's batch-norm convs keep size ("same")."""
    if spec[0] == "conv":
        return spec[4] if len(spec) > 4 else "valid"
    return spec[3] if len(spec) > 3 else "same"


def _count_params(layers: tuple, num_classes: int) -> int:
    h, w, c = INPUT_SHAPE
    flat = 0  # length of the feature vector once flattened (every architecture flattens before its head)
    total = 0
    for spec in layers:
        kind = spec[0]
        if kind in ("conv", "conv_bn"):
            filters, k = spec[1], spec[2]
            padding = padding_of(spec)
            total += k * k * c * filters + (filters if kind == "conv" else 4 * filters)
            if padding == "valid":
                h, w = h - k + 1, w - k + 1
            c = filters
        elif kind == "pool":
            h, w = h // spec[1], w // spec[1]
        elif kind == "flatten":
            flat = h * w * c
        elif kind == "gap":
            flat = c
        elif kind in ("dense", "dense_bn"):
            units = spec[1]
            total += flat * units + (units if kind == "dense" else 4 * units)
            flat = units
    return total + flat * num_classes + num_classes


# ---------------------------------------------------------------- optimizers


@dataclass(frozen=True)
class Param:
    name: str
    default: Any
    low: float | None = None  # inclusive bounds for numbers; None for booleans
    high: float | None = None
    help: str = ""
    log_scale: bool = False  # learning rates and epsilons are best edited on a log scale

    def validate(self, value: Any) -> Any:
        if isinstance(self.default, bool):
            if isinstance(value, str):
                lowered = value.strip().lower()
                if lowered in ("1", "true", "yes", "on"):
                    return True
                if lowered in ("0", "false", "no", "off"):
                    return False
                raise ConfigError(f"{self.name} must be true or false, got {value!r}")
            return bool(value)
        try:
            number = float(value)
        except (TypeError, ValueError):
            raise ConfigError(f"{self.name} must be a number, got {value!r}") from None
        assert self.low is not None and self.high is not None  # (numbers have bounds; booleans returned above)
        if not math.isfinite(number) or not (self.low <= number <= self.high):
            raise ConfigError(f"{self.name} must be between {self.low:g} and {self.high:g}, got {value}")
        return number


def _lr(default: float) -> Param:
    return Param("learning_rate", default, 1e-6, 10.0, "step size", log_scale=True)


_BETA_1 = Param("beta_1", 0.9, 0.0, 0.9999, "decay of the first-moment estimate")
_BETA_2 = Param("beta_2", 0.999, 0.0, 0.999999, "decay of the second-moment estimate")
_EPSILON = Param("epsilon", 1e-7, 1e-12, 1.0, "numerical stability term", log_scale=True)


def _weight_decay(default: float = 0.0) -> Param:
    return Param("weight_decay", default, 0.0, 1.0, "decoupled weight decay")


@dataclass(frozen=True)
class Optimizer:
    name: str
    keras_class: str
    description: str
    params: tuple[Param, ...] = field(default_factory=tuple)

    def param(self, name: str) -> Param:
        for p in self.params:
            if p.name == name:
                return p
        raise KeyError(name)


OPTIMIZERS: dict[str, Optimizer] = {
    o.name: o
    for o in [
        Optimizer("adam", "Adam", "adaptive moments", (_lr(1e-3), _BETA_1, _BETA_2, _EPSILON, _weight_decay())),
        Optimizer(
            "nadam", "Nadam", "Adam with Nesterov momentum", (_lr(1e-3), _BETA_1, _BETA_2, _EPSILON, _weight_decay())
        ),
        Optimizer(
            "rmsprop",
            "RMSprop",
            "running average of squared gradients",
            (
                _lr(1e-3),
                Param("rho", 0.9, 0.0, 0.9999, "decay of the squared-gradient average"),
                Param("momentum", 0.0, 0.0, 0.9999, "momentum"),
                _EPSILON,
                _weight_decay(),
            ),
        ),
        Optimizer(
            "sgd",
            "SGD",
            "stochastic gradient descent, optional (Nesterov) momentum",
            (
                _lr(1e-2),
                Param("momentum", 0.0, 0.0, 0.9999, "momentum"),
                Param("nesterov", False, help="Nesterov momentum"),
                _weight_decay(),
            ),
        ),
        Optimizer(
            "adamax", "Adamax", "Adam with the infinity norm", (_lr(1e-3), _BETA_1, _BETA_2, _EPSILON, _weight_decay())
        ),
        Optimizer(
            "adagrad",
            "Adagrad",
            "per-parameter rates from accumulated squared gradients",
            (
                _lr(1e-2),
                Param("initial_accumulator_value", 0.1, 0.0, 10.0, "starting accumulator"),
                _EPSILON,
                _weight_decay(),
            ),
        ),
        Optimizer(
            "adamw",
            "AdamW",
            "Adam with decoupled weight decay",
            (_lr(1e-3), _BETA_1, _BETA_2, _EPSILON, _weight_decay(4e-3)),
        ),
    ]
}

DEFAULT_OPTIMIZERS = ("adam", "nadam", "rmsprop", "sgd", "adamax", "adagrad")  # the course's study

SCHEDULES = {
    "constant": "the same learning rate throughout",
    "cosine": "cosine decay to zero over the whole run",
    "exponential": "learning rate multiplied by decay_rate after every epoch",
}
DECAY_RATE = Param("decay_rate", 0.9, 0.01, 1.0, "per-epoch factor of the exponential schedule")


def get_optimizer(name: str) -> Optimizer:
    try:
        return OPTIMIZERS[name.lower()]
    except KeyError:
        raise ConfigError(f"unknown optimizer {name!r}; choose one of: {', '.join(OPTIMIZERS)}") from None


def resolve_optimizer_params(name: str, params: dict[str, Any] | None = None) -> dict[str, Any]:
    """Defaults merged with `params`, each validated; unknown names are refused."""
    optimizer = get_optimizer(name)
    params = dict(params or {})
    resolved = {}
    for p in optimizer.params:
        resolved[p.name] = p.validate(params.pop(p.name)) if p.name in params else p.default
    if params:
        valid = ", ".join(p.name for p in optimizer.params)
        raise ConfigError(f"{optimizer.name} has no parameter {', '.join(params)}; its parameters: {valid}")
    return resolved


def validate_schedule(schedule: str) -> str:
    if schedule not in SCHEDULES:
        raise ConfigError(f"unknown schedule {schedule!r}; choose one of: {', '.join(SCHEDULES)}")
    return schedule
