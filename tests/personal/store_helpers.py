"""Samples and sample archives made by the personal tests."""

from __future__ import annotations

import hashlib
import json
import zipfile

import numpy as np


def image(seed: int) -> np.ndarray:
    return np.random.default_rng(seed).random((28, 28), dtype=np.float32)


def write_archive(path, entries, members, manifest_extra=None):
    manifest = {"format": "digitpad-samples", "version": 1, "samples": entries, **(manifest_extra or {})}
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("manifest.json", json.dumps(manifest))
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def entry(name: str, data: bytes, label="3", **extra) -> dict:
    return {"label": label, "image": name, "image_sha256": hashlib.sha256(data).hexdigest(), **extra}
