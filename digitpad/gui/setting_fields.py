"""The fields of the training dialogs, bounded and filled from the one source of truth the
configurations check and the command line reads (`digitpad.training.settings`)."""

from __future__ import annotations

from PySide6.QtWidgets import QDoubleSpinBox, QSpinBox

from digitpad.training.settings import FINETUNE_DEFAULTS, FINETUNE_RANGES, TRAINING_DEFAULTS, TRAINING_RANGES

# How each field steps and shows its value (the ranges and defaults come from the configurations).
_STEPS = {"limit": 1000, "base_images": 1000, "validation_split": 0.05, "holdout": 0.05, "learning_rate": 0.0001}
_DECIMALS = {"validation_split": 2, "holdout": 2, "learning_rate": 6}


def _field(name: str, ranges: dict, value):
    low, high = ranges[name]
    if isinstance(low, float) or isinstance(value, float):
        box = QDoubleSpinBox(decimals=_DECIMALS.get(name, 2))
    else:
        box = QSpinBox()
    box.setRange(low, high)
    if name in _STEPS:
        box.setSingleStep(_STEPS[name])
    box.setValue(value)
    return box


def training_fields(**defaults) -> dict:
    """Spin boxes for a training's epochs, batch size, validation split, subset and seed, at the
    configuration's defaults (or `defaults`); the subset's 0 means all the images."""
    values = {**TRAINING_DEFAULTS, "limit": 0, **defaults}
    fields = {name: _field(name, TRAINING_RANGES, values[name]) for name in values}
    subset = fields["limit"]
    subset.setMinimum(0)  # 0: all of them (below the smallest subset, 10)
    subset.setSpecialValueText("all training images")
    subset.setValue(values["limit"])  # (set before the 0 was allowed, "all" had become the smallest subset)
    return fields


def finetune_fields() -> dict:
    """Spin boxes for a fine-tune's epochs, learning rate, base images and held-out share."""
    return {
        name: _field(name, FINETUNE_RANGES, FINETUNE_DEFAULTS[name])
        for name in ("epochs", "learning_rate", "base_images", "holdout")
    }
