"""Is a candidate one whole digit? A small network's answer, shipped beside the bundled model.

The recognizer reads what it is shown: half a 0 can look like a 6 to it, and a 1 pressed
against a 4 like a 4. This network looks at a candidate digit of a number as the recognizer
sees it (its 28x28) and in its surroundings (its own ink and all the ink in a window two digit
heights wide), and says how likely it is to be exactly one whole digit rather than a fragment
or several digits merged. `digitpad.reading.reader` adds the log of that to each candidate's score.
It was trained on MNIST's training digits, the stroke templates and the bundled pen writers'
numbers with people's gaps (`digitpad.training.wholeness_data`, `python -m digitpad.training.wholeness_training`),
and runs on ONNX Runtime.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from digitpad.base.paths import models_dir
from digitpad.reading.reading_aids import ReadingAid

WHOLENESS_FILE = "digit-wholeness.onnx"


def wholeness_input(images28: np.ndarray, contexts: np.ndarray) -> np.ndarray:
    """(N, 28, 28, 3) float32: the 28x28 the recognizer reads, the candidate's own ink and all
    the ink around it."""
    return np.concatenate([images28[..., None], np.moveaxis(contexts, 1, -1)], axis=-1).astype(np.float32)


def wholeness_path() -> Path:
    return models_dir() / WHOLENESS_FILE


def whole_probability(inputs: np.ndarray, aid: ReadingAid | None = None) -> np.ndarray | None:
    """P(one whole digit) for each row of `wholeness_input`, or None when the network is not
    installed or cannot run (reading then goes by the recognizer and geometry alone).
    `aid`: the network to run (a reader's own, or another than the shipped one, as the
    numbers benchmark's, one per fold); without one, the shipped network is opened for this call."""
    logits = (aid or ReadingAid(wholeness_path())).run(inputs)
    if logits is None:
        return None
    return 1.0 / (1.0 + np.exp(-np.asarray(logits, np.float64).reshape(-1)))
