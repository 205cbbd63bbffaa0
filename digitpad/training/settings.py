"""Every training and fine-tuning setting's default and accepted range, in one place.

The configurations check them (`runs.TrainConfig`, `finetune.FinetuneConfig`), the window's
dialogs are bounded and filled by them (`gui/setting_fields.py`), and the command line takes
its defaults from them. (Retrain once allowed 1,000 epochs where Compare allowed 200, and a
subset of 1,000,000 images where Compare allowed 60,000.) Imports nothing: the command line
reads it at every start.
"""

from __future__ import annotations

from typing import Any

# (Values are ints and floats, by setting: Any, so that each configuration's field keeps its own type.)
TRAINING_DEFAULTS: dict[str, Any] = {"epochs": 10, "batch_size": 128, "validation_split": 0.1, "seed": 0}
TRAINING_RANGES: dict[str, tuple[Any, Any]] = {  # inclusive
    "epochs": (1, 1000),
    "batch_size": (1, 8192),
    "seed": (0, 2**31 - 1),
    "limit": (10, 10_000_000),  # the training subset's size; None (or 0 in a dialog) for all of it
    "validation_split": (0.0, 0.5),
}
COMPARE_EPOCHS = 5  # a comparison trains each optimizer in turn: fewer epochs by default than one training

FINETUNE_DEFAULTS: dict[str, Any] = {
    "epochs": 2,
    "learning_rate": 3e-4,
    "batch_size": 128,
    "base_images": 20000,
    "holdout": 0.25,
    "blend": 0.7,
    "seed": 0,
}
FINETUNE_RANGES: dict[str, tuple[Any, Any]] = {  # inclusive
    "epochs": (1, 50),
    "learning_rate": (1e-6, 0.1),
    "batch_size": (8, 4096),
    "base_images": (1000, 60000),
    "holdout": (0.0, 0.5),
}
