"""The user's saved models and the choice of the current one (Qt-free, used by the GUI and CLI)."""

from __future__ import annotations

import json
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .errors import DigitPadError, ModelAlreadyExists
from .modelfile import model_paths, read_metadata
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

    The copies are staged in a temporary folder beside the library and renamed into
    place, metadata last, so the library never holds half a model.
    """
    name = check_model_name(name)
    folder = folder or user_models_dir()
    folder.mkdir(parents=True, exist_ok=True)
    source, target = model_paths(model), model_paths(folder / name)
    if target["onnx"].exists() and not overwrite:
        raise ModelAlreadyExists(f"a saved model named {name!r} already exists")
    meta = read_metadata(source["onnx"])
    meta["name"] = name
    with tempfile.TemporaryDirectory(prefix=".saving-", dir=folder) as tmp_dir:
        staged = model_paths(Path(tmp_dir) / name)
        shutil.copyfile(source["keras"], staged["keras"])
        shutil.copyfile(source["onnx"], staged["onnx"])
        staged["json"].write_text(json.dumps(meta, indent=1, sort_keys=True), "utf-8")
        for ext in ("keras", "onnx", "json"):
            staged[ext].replace(target[ext])
    return target["onnx"]
