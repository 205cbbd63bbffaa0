"""Sample archives damaged as a disk or a careless copy damages them: shared by
tests/test_sample_archive_damage.py and benchmarks/fuzz.py."""

from __future__ import annotations

import hashlib
import json
import struct
import zipfile

import numpy as np


def image(seed: int) -> np.ndarray:
    return np.random.default_rng(seed).random((28, 28), dtype=np.float32)


def three_samples(path):
    """An archive of three good samples, labels 0, 1 and 2 (members images/0.f32 to images/2.f32)."""
    members = {f"images/{i}.f32": image(i).tobytes() for i in range(3)}
    entries = [
        {"label": str(i), "image": name, "image_sha256": hashlib.sha256(data).hexdigest()}
        for i, (name, data) in enumerate(members.items())
    ]
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("manifest.json", json.dumps({"format": "digitpad-samples", "version": 1, "samples": entries}))
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def patch_member(path, name: str, local_offset: int, central_offset: int, value: bytes) -> None:
    """Overwrite a field of member `name` in its local header and its central directory record."""
    data = bytearray(path.read_bytes())
    info = zipfile.ZipFile(path).getinfo(name)
    data[info.header_offset + local_offset : info.header_offset + local_offset + len(value)] = value
    at = data.find(b"PK\x01\x02")
    while at >= 0:
        length = struct.unpack_from("<H", data, at + 28)[0]
        if data[at + 46 : at + 46 + length] == name.encode():
            data[at + central_offset : at + central_offset + len(value)] = value
        at = data.find(b"PK\x01\x02", at + 4)
    path.write_bytes(bytes(data))


def damage(path, name: str, how: str) -> None:
    if how == "corrupt":  # its bytes changed: the CRC no longer matches
        data = bytearray(path.read_bytes())
        start = zipfile.ZipFile(path).getinfo(name).header_offset + 30 + len(name)
        data[start : start + 16] = bytes(16)
        path.write_bytes(bytes(data))
    elif how == "encrypted":  # general purpose flag bit 0
        patch_member(path, name, 6, 8, struct.pack("<H", 1))
    elif how == "deflate64":  # compression method 9, which zipfile cannot read
        patch_member(path, name, 8, 10, struct.pack("<H", 9))


def write_manifest(path, text: str):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("manifest.json", text)
    return path
