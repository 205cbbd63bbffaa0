"""The user's saved models and the choice of the current one (Qt-free, used by the GUI and CLI)."""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from .errors import DigitPadError, ModelAlreadyExists, os_error_message
from .modelfile import check_keras_file, install_model, model_paths, read_metadata, staging_folder, verified_metadata
from .paths import bundled_model_path, user_models_dir


@dataclass(frozen=True)
class SavedModel:
    name: str
    path: Path  # the .onnx file
    test_accuracy: float | None
    architecture: str


def saved_models(folder: Path | None = None) -> list[SavedModel]:
    """Models in the user's library, by name; unreadable ones are skipped, never fatal."""
    return read_library(folder)[0]


def read_library(folder: Path | None = None) -> tuple[list[SavedModel], list[str]]:
    """The library's readable models, and one line for each entry skipped and why."""
    folder = folder or user_models_dir()
    models, skipped = [], []
    try:
        candidates = sorted(folder.glob("*.onnx")) if folder.is_dir() else []
    except OSError as exc:
        return [], [os_error_message(exc, "cannot read the model library")]
    for onnx in candidates:
        try:
            meta = read_metadata(onnx)
        except DigitPadError as exc:
            skipped.append(str(exc))
            continue
        models.append(SavedModel(onnx.stem, onnx, meta.get("test_accuracy"), meta.get("architecture") or "?"))
    return models, skipped


def is_bundled(path: Path) -> bool:
    return Path(path).resolve() == bundled_model_path().resolve()


_NAME = re.compile(r"^[\w][\w .+-]{0,63}$")


def check_model_name(name: str) -> str:
    name = name.strip()
    if not _NAME.match(name) or name.endswith((".", " ")):
        raise DigitPadError(f"{name!r} is not a usable model name: use up to 64 letters, digits, spaces, "
                            "'.', '_', '+' or '-'")
    return name


def save_to_library(model: str | Path, name: str, overwrite: bool = False,
                    folder: Path | None = None) -> Path:
    """Copy the model trio at `model` into the library as `name`; returns the new .onnx path.

    The copies are staged in a temporary folder beside the library and installed by
    `modelfile.install_model`, so the library never holds half a model.
    """
    name = check_model_name(name)
    folder = folder or user_models_dir()
    source, target = model_paths(model), model_paths(folder / name)
    if target["onnx"].exists() and not overwrite:
        raise ModelAlreadyExists(f"a saved model named {name!r} already exists")
    meta = verified_metadata(source["onnx"])
    check_keras_file(source["keras"], meta)
    meta["name"] = name
    try:
        with staging_folder(folder) as tmp_dir:
            staged = model_paths(tmp_dir / name)
            shutil.copyfile(source["keras"], staged["keras"])
            shutil.copyfile(source["onnx"], staged["onnx"])
            install_model(staged, target, meta)
    except OSError as exc:  # a full disk, a read-only library, a file where the folder should be
        raise DigitPadError(os_error_message(exc, f"cannot save {name!r} to the model library")) from None
    return target["onnx"]
