"""The user's saved models and the choice of the current one (Qt-free, used by the GUI and CLI)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .errors import DigitPadError
from .modelfile import read_metadata
from .paths import bundled_model_path, user_models_dir


@dataclass(frozen=True)
class SavedModel:
    name: str
    path: Path  # the .onnx file
    test_accuracy: float | None
    architecture: str


def saved_models(folder: Path | None = None) -> list[SavedModel]:
    """Models in the user's library, by name; unreadable ones are skipped, never fatal."""
    folder = folder or user_models_dir()
    models = []
    for onnx in sorted(folder.glob("*.onnx")) if folder.is_dir() else []:
        try:
            meta = read_metadata(onnx)
        except DigitPadError:
            continue
        models.append(SavedModel(onnx.stem, onnx, meta.get("test_accuracy"), meta.get("architecture", "?")))
    return models


def is_bundled(path: Path) -> bool:
    return Path(path).resolve() == bundled_model_path().resolve()
