"""A DigitPad model on disk: `stem.keras` (source of truth), `stem.onnx` (inference),
`stem.json` (metadata). The three are written together or not at all."""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import os
import tempfile
import warnings
from pathlib import Path

from . import __version__
from .errors import ModelError

FORMAT = "digitpad-model"
FORMAT_VERSION = 1


def model_paths(stem: str | os.PathLike) -> dict[str, Path]:
    stem = Path(stem)
    if stem.suffix in (".keras", ".onnx", ".json"):
        stem = stem.with_suffix("")
    return {ext: stem.with_name(stem.name + "." + ext) for ext in ("keras", "onnx", "json")}


def sha256_file(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def with_embedding_output(model):
    """The same network answering twice: its class probabilities, and the input of its last
    layer (the embedding in which the recognizer compares a drawing with the user's samples)."""
    import keras
    import numpy as np

    both = keras.Model(model.inputs[0], [model.outputs[0], model.layers[-1].input])
    both(np.zeros((1, 28, 28, 1), np.float32))  # Keras exports only models that have been called
    return both


def save_model(model, stem: str | os.PathLike, metadata: dict) -> dict[str, Path]:
    """Save a Keras model as the .keras/.onnx/.json trio without ever exposing half of it.

    The .keras file holds the model as trained; the .onnx file adds a second output, the
    embedding (see `with_embedding_output`), recorded in the metadata as `embedding_size`.

    All three files are first written into a private temporary folder beside the
    target (same file system), then renamed into place, metadata last: it records the
    ONNX file's hash, so a reader can tell a matching pair. Any failure before the
    renames leaves an earlier model of the same name untouched and no files behind.
    """
    paths = model_paths(stem)
    folder = paths["json"].parent
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".saving-", dir=folder) as tmp_dir:
        tmp = {ext: Path(tmp_dir) / f"model.{ext}" for ext in paths}
        model.save(tmp["keras"])
        with warnings.catch_warnings():  # tf2onnx trips NumPy 2 deprecation warnings; nothing for a user
            warnings.simplefilter("ignore", FutureWarning)
            warnings.simplefilter("ignore", DeprecationWarning)
            inference = with_embedding_output(model)
            inference.export(str(tmp["onnx"]), format="onnx", verbose=False)
        meta = dict(metadata)
        meta.update(
            embedding_size=int(inference.outputs[1].shape[-1]),
            format=FORMAT,
            format_version=FORMAT_VERSION,
            name=paths["json"].with_suffix("").name,
            created=_dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
            app_version=__version__,
            onnx_sha256=sha256_file(tmp["onnx"]),
        )
        tmp["json"].write_text(json.dumps(meta, indent=1, sort_keys=True), "utf-8")
        for ext in ("keras", "onnx", "json"):
            os.replace(tmp[ext], paths[ext])
    return paths


def read_metadata(path: str | os.PathLike) -> dict:
    """The metadata of the model whose .onnx, .keras or .json file is `path`."""
    json_path = model_paths(path)["json"]
    if not json_path.is_file():
        raise ModelError(f"{json_path}: model metadata not found")
    try:
        meta = json.loads(json_path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ModelError(f"{json_path}: corrupt model metadata ({exc})") from None
    if not isinstance(meta, dict) or meta.get("format") != FORMAT:
        raise ModelError(f"{json_path}: not a DigitPad model description")
    return meta
