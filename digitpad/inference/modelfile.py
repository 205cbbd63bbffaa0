"""A DigitPad model on disk: `stem.keras` (source of truth), `stem.onnx` (inference),
`stem.json` (metadata). The three are written together or not at all: see `install_model`."""

from __future__ import annotations

import contextlib
import hashlib
import json
import math
import os
import shutil
import tempfile
import time
from pathlib import Path
from typing import Iterator

from digitpad.base.atomic import write_text_atomic
from digitpad.base.errors import ModelError, os_error_message

FORMAT = "digitpad-model"
FORMAT_VERSION = 1
MAX_CLASSES = 1000  # the most classes a model (or a data set's mapping) may have
MAX_METADATA_BYTES = 16 * 2**20  # a model's description is a few KB; more is not one
STALE_STAGING_S = 3600  # a staging folder this old was left by a killed save
STAGING_PREFIX = ".saving-"
_HASH_CHUNK = 2**20


def model_paths(stem: str | os.PathLike) -> dict[str, Path]:
    stem = Path(stem)
    if stem.suffix in (".keras", ".onnx", ".json"):
        stem = stem.with_suffix("")
    return {ext: stem.with_name(stem.name + "." + ext) for ext in ("keras", "onnx", "json")}


def sha256_file(path: Path) -> str:
    """The file's SHA-256, read a megabyte at a time (a model can be large)."""
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(_HASH_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


@contextlib.contextmanager
def staging_folder(folder: Path) -> Iterator[Path]:
    """A private temporary folder in `folder` (same file system: renames out of it are atomic).

    Staging folders left behind by a save that was killed are removed first.
    """
    folder.mkdir(parents=True, exist_ok=True)
    _remove_stale_staging(folder)
    with tempfile.TemporaryDirectory(prefix=STAGING_PREFIX, dir=folder) as tmp_dir:
        yield Path(tmp_dir)


def _remove_stale_staging(folder: Path) -> None:
    now = time.time()
    for stale in folder.glob(STAGING_PREFIX + "*"):
        try:
            if stale.is_dir() and now - stale.stat().st_mtime > STALE_STAGING_S:
                shutil.rmtree(stale, ignore_errors=True)
        except OSError:
            continue  # another process's, or already gone


def install_model(staged: dict[str, Path], target: dict[str, Path], meta: dict) -> None:
    """Move a staged trio into place so that a crash at any moment leaves a whole model.

    Three renames cannot be one atomic step, so the metadata covers the moment between
    them: first the target's .json is replaced by the new metadata that also keeps the
    old one under "previous" (a reader accepts whichever of the two matches the .onnx
    file it finds, by hash); then the .onnx and .keras files are replaced; last the
    .json loses "previous". Killed after any step, the old or the new model is whole.
    Each file is flushed to disk before the rename that publishes it.
    """
    meta = {**meta, "onnx_sha256": sha256_file(staged["onnx"]), "keras_sha256": sha256_file(staged["keras"])}
    meta.pop("previous", None)
    for path in (staged["onnx"], staged["keras"]):
        _fsync(path)
    previous = _current_metadata(target["json"])
    if previous is not None and target["onnx"].exists():
        _write_metadata(target["json"], {**meta, "previous": previous})
    os.replace(staged["onnx"], target["onnx"])
    os.replace(staged["keras"], target["keras"])
    _write_metadata(target["json"], meta)
    _fsync_folder(target["json"].parent)


def _write_metadata(json_path: Path, meta: dict) -> None:
    write_text_atomic(json_path, json.dumps(meta, indent=1, sort_keys=True))


def _current_metadata(json_path: Path) -> dict | None:
    """The metadata a model being replaced answers with now (None if there is no whole model)."""
    try:
        meta = read_metadata(json_path)
        return matching_metadata(meta, sha256_file(model_paths(json_path)["onnx"]), json_path)
    except (ModelError, OSError):
        return None


def matching_metadata(meta: dict, onnx_sha256: str, where: Path) -> dict:
    """The metadata that describes an .onnx file of this hash: the current one, or the
    "previous" one kept while a save replaces the model (see `install_model`)."""
    previous = meta.get("previous")
    if meta.get("onnx_sha256") == onnx_sha256:
        return {k: v for k, v in meta.items() if k != "previous"}
    if isinstance(previous, dict) and previous.get("onnx_sha256") == onnx_sha256:
        return previous
    raise ModelError(f"{where}: does not match its metadata (changed or damaged file)")


def verified_metadata(path: str | os.PathLike) -> dict:
    """The metadata that describes the model's .onnx file, checked by the file's hash.

    Read twice at most: a save in another process may replace the model between the
    two reads, and the second read then sees the replacement (see `install_model`).
    """
    onnx_path = model_paths(path)["onnx"]
    for attempt in range(2):
        meta = read_metadata(onnx_path)
        try:
            return matching_metadata(meta, sha256_file(onnx_path), onnx_path)
        except ModelError:
            if attempt:
                raise
        except OSError as exc:
            raise ModelError(os_error_message(exc, "cannot read the model")) from None
    raise AssertionError("unreachable")


def check_keras_file(keras_path: Path, meta: dict) -> None:
    """Refuse a .keras file that is not the one its metadata describes (older models name no hash)."""
    expected = meta.get("keras_sha256")
    try:
        actual = sha256_file(keras_path) if expected is not None else None
    except OSError as exc:
        raise ModelError(os_error_message(exc, "cannot read the model")) from None
    if actual != expected:
        raise ModelError(f"{keras_path}: does not match its metadata (changed or damaged file)")


def _fsync(path: Path) -> None:
    with open(path, "rb+") as f:
        os.fsync(f.fileno())


def _fsync_folder(folder: Path) -> None:
    """Make the renames in `folder` durable (POSIX; Windows cannot open a folder and needs no such step)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def read_metadata(path: str | os.PathLike) -> dict:
    """The metadata of the model whose .onnx, .keras or .json file is `path`, with its
    fields checked (types and ranges: it is untrusted input like any file)."""
    json_path = model_paths(path)["json"]
    if not is_readable_file(json_path):
        raise ModelError(f"{json_path}: model metadata not found")
    try:
        if json_path.stat().st_size > MAX_METADATA_BYTES:
            raise ModelError(f"{json_path}: model metadata too large ({json_path.stat().st_size // 2**20} MB)")
        meta = json.loads(json_path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        reason = "nested too deeply" if isinstance(exc, RecursionError) else exc
        raise ModelError(f"{json_path}: corrupt model metadata ({reason})") from None
    if not isinstance(meta, dict) or meta.get("format") != FORMAT:
        raise ModelError(f"{json_path}: not a DigitPad model description")
    problem = metadata_problem(meta)
    if problem is None and isinstance(meta.get("previous"), dict):
        problem = metadata_problem(meta["previous"])
    if problem:
        raise ModelError(f"{json_path}: invalid model metadata ({problem})")
    return meta


def is_readable_file(path: Path) -> bool:
    """Whether `path` is a file; ModelError when its folder cannot even be looked into."""
    try:
        return path.is_file()
    except OSError as exc:  # e.g. a folder without permission, a name too long
        raise ModelError(os_error_message(exc, "cannot read the model")) from None


def _is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def metadata_problem(meta: dict) -> str | None:
    """What is wrong with the fields DigitPad relies on, or None."""
    labels = meta.get("class_labels", list(range(10)))
    if (
        not isinstance(labels, list)
        or not 2 <= len(labels) <= MAX_CLASSES
        or not all(isinstance(x, (str, int)) and not isinstance(x, bool) and len(str(x)) <= 16 for x in labels)
        or len({str(x) for x in labels}) != len(labels)
    ):
        return f"class_labels must be a list of 2 to {MAX_CLASSES} distinct short labels"
    accuracy = meta.get("test_accuracy")
    if accuracy is not None and not (_is_number(accuracy) and 0.0 <= accuracy <= 1.0):
        return "test_accuracy must be a number from 0 to 1"
    per_class = meta.get("per_class_accuracy")
    if per_class is not None and not (
        isinstance(per_class, list) and len(per_class) == len(labels) and all(_is_number(v) for v in per_class)
    ):
        return "per_class_accuracy must be one number per class"
    for key in ("name", "architecture", "optimizer", "created", "app_version"):
        if key in meta and meta[key] is not None and not isinstance(meta[key], str):
            return f"{key} must be text"
    size = meta.get("embedding_size")
    if size is not None and not (isinstance(size, int) and not isinstance(size, bool) and 0 < size <= 65536):
        return "embedding_size must be a whole number from 1 to 65536"
    for key in ("onnx_sha256", "keras_sha256"):
        value = meta.get(key)
        if value is not None and not (isinstance(value, str) and len(value) == 64):
            return f"{key} must be a SHA-256 in hex"
    if "onnx_sha256" not in meta:
        return "no onnx_sha256, so nothing ties it to an .onnx file"
    if not isinstance(meta.get("not_a_digit_output", False), bool):
        return "not_a_digit_output must be true or false"
    return None
