"""Where bundled files and the user's own files live.

Bundled files are found relative to the package, never the working directory:
an installed wheel and a frozen (PyInstaller) app carry them inside the package as
`digitpad/models` and `digitpad/resources`; a source checkout has them at the top
level of the repository, beside the package.
"""

from __future__ import annotations

import os
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent.parent  # digitpad/ (this file is in digitpad/base/)


def _bundled_dir(name: str) -> Path:
    for candidate in (_PACKAGE_DIR / name, _PACKAGE_DIR.parent / name):
        if candidate.is_dir():
            return candidate
    return _PACKAGE_DIR / name  # missing: callers report it by path


def resources_dir() -> Path:
    return _bundled_dir("resources")


def models_dir() -> Path:
    return _bundled_dir("models")


def bundled_mnist_dir() -> Path:
    return resources_dir() / "mnist"


def bundled_model_path() -> Path:
    return models_dir() / "digitpad-cnn.onnx"


def user_data_dir() -> Path:
    """Per-user folder for saved models; DIGITPAD_DATA_DIR overrides it (tests, portable use)."""
    override = os.environ.get("DIGITPAD_DATA_DIR")
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_data_dir("DigitPad", "DigitPad"))


def user_models_dir() -> Path:
    return user_data_dir() / "models"


def user_cache_dir() -> Path:
    """Files DigitPad can always make again (e.g. embeddings of reference digits per model)."""
    return user_data_dir() / "cache"
