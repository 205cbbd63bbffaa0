"""The user's saved models and the choice of the current one (Qt-free, used by the GUI and CLI)."""

from __future__ import annotations

import datetime
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from digitpad.base.errors import DigitPadError, ModelAlreadyExists, os_error_message
from digitpad.base.paths import bundled_model_path, user_models_dir
from digitpad.inference.modelfile import (
    check_keras_file,
    install_model,
    model_paths,
    read_metadata,
    staging_folder,
    verified_metadata,
)


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
        raise DigitPadError(
            f"{name!r} is not a usable model name: use up to 64 letters, digits, spaces, '.', '_', '+' or '-'"
        )
    return name


def save_to_library(model: str | Path, name: str, overwrite: bool = False, folder: Path | None = None) -> Path:
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


def rename_model(model: Path, new_name: str, folder: Path | None = None) -> Path:
    """Give a saved model another name; returns its new .onnx path.

    Done as a crash-safe copy under the new name (`save_to_library`), then the old one is
    deleted: at no moment is the model in neither place.
    """
    new_path = save_to_library(model, new_name, folder=folder or Path(model).parent)
    delete_model(model)
    return new_path


def delete_model(model: Path) -> None:
    """Remove a saved model's files, its .json first: from then on it is gone from the list,
    even if the removal of the other two is interrupted (they are then ignored, never read)."""
    paths = model_paths(model)
    try:
        for ext in ("json", "onnx", "keras"):
            paths[ext].unlink(missing_ok=True)
    except OSError as exc:
        raise DigitPadError(os_error_message(exc, "cannot delete")) from None


def _section(meta: dict, key: str) -> dict:
    """meta[key] when it is a dict (metadata is read from files: anything else reads as empty)."""
    value = meta.get(key)
    return value if isinstance(value, dict) else {}


def model_details(model: Path) -> list[tuple[str, str]]:
    """What the library shows of a model: (field, value) rows from its metadata."""
    meta = read_metadata(model)
    training, dataset = _section(meta, "training"), _section(meta, "dataset")
    accuracy = meta.get("test_accuracy")
    rows = [
        ("Name", meta.get("name") or Path(model).stem),
        ("Architecture", meta.get("architecture") or "?"),
        ("Optimizer", meta.get("optimizer") or "?"),
        ("Test accuracy", f"{accuracy:.2%}" if accuracy is not None else "?"),
        ("Epochs", str(training.get("epochs", "?"))),
        ("Trained on", str(dataset.get("name") or dataset.get("location") or "?")),
        ("Created", readable_timestamp(meta.get("created"))),
        ("Classes", " ".join(str(label) for label in meta.get("class_labels", range(10)))),
        ("Files", str(model_paths(model)["onnx"].with_suffix(".*"))),
    ]
    fine_tuned = meta.get("fine_tuned")
    if isinstance(fine_tuned, dict):
        rows.insert(2, ("Fine-tuned from", str(fine_tuned.get("from"))))
        config = _section(fine_tuned, "config")
        # The training block is the base model's: its epochs are not this model's.
        epochs = (
            f"{config.get('epochs', '?')} of fine-tuning on {fine_tuned.get('personal_samples', '?')} "
            f"of your samples (the base model: {training.get('epochs', '?')})"
        )
        rows = [(field, epochs if field == "Epochs" else value) for field, value in rows]
    return rows


def readable_timestamp(stamp) -> str:
    """An ISO 8601 time as people read it, in local time: "6 Dec 2026, 15:43"; "?" if it is none."""
    try:
        moment = datetime.datetime.fromisoformat(str(stamp))
    except ValueError:
        return "?" if not stamp else str(stamp)
    if moment.tzinfo is not None:
        moment = moment.astimezone()  # the user's zone
    return f"{moment.day} {moment:%b %Y, %H:%M}"
