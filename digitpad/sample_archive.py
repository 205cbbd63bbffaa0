"""Personal samples in a zip file: to back them up, or to carry them to another computer.

The archive holds `manifest.json` (format, version, and one entry per sample) and, per sample,
its 28x28 float32 image (`images/N.f32`, raw little-endian) and, for file samples, a PNG copy
of the source (`sources/N.png`). Nothing is ever extracted to disk or unpickled: import reads
each named member, checks its size and hash, and refuses names that point outside the archive.
"""

from __future__ import annotations

import hashlib
import json
import posixpath
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from . import __version__
from .atomic import atomic_path
from .sample_store import LABELS, MAX_SOURCE_IMAGE_BYTES, SampleStore, StoreError, valid_strokes

FORMAT = "digitpad-samples"
VERSION = 1
IMAGE_BYTES = 28 * 28 * 4
MAX_MANIFEST_BYTES = 64 * 1024 * 1024
MAX_ENTRIES = 100_000


@dataclass
class ImportReport:
    added: int = 0
    duplicates: int = 0
    invalid: list[str] = field(default_factory=list)  # one line per refused entry

    def summary(self) -> str:
        text = f"{self.added} sample{'s' if self.added != 1 else ''} added, {self.duplicates} already there"
        if self.invalid:
            text += f", {len(self.invalid)} refused ({self.invalid[0]}{'; …' if len(self.invalid) > 1 else ''})"
        return text


def export_samples(store: SampleStore, path: str | Path) -> int:
    """Write every sample to the zip file `path` (atomically); returns how many."""
    samples = store.samples(with_blobs=True)
    try:
        _write_archive(samples, path)
    except OSError as exc:
        raise StoreError(f"{path}: cannot write the archive ({exc.strerror or exc})") from None
    return len(samples)


def _write_archive(samples, path) -> None:
    entries = []
    with atomic_path(path) as tmp:
        with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as archive:
            for number, sample in enumerate(samples, 1):
                image = np.ascontiguousarray(sample.image28, "<f4").tobytes()
                entry = dict(label=sample.label, image=f"images/{number}.f32",
                             image_sha256=hashlib.sha256(image).hexdigest(), origin=sample.origin,
                             created=sample.created, predicted=sample.predicted, model_id=sample.model_id,
                             strokes=sample.strokes, pen_width=sample.pen_width, source=None)
                archive.writestr(entry["image"], image)
                if sample.source_image:
                    entry["source"] = f"sources/{number}.png"
                    archive.writestr(entry["source"], sample.source_image)
                entries.append(entry)
            manifest = dict(format=FORMAT, version=VERSION, app_version=__version__, samples=entries)
            archive.writestr("manifest.json", json.dumps(manifest, indent=1))


def import_samples(store: SampleStore, path: str | Path) -> ImportReport:
    """Add the samples of the zip file `path`; a bad archive as a whole raises StoreError and adds nothing."""
    path = Path(path)
    try:
        archive = zipfile.ZipFile(path)
    except FileNotFoundError:
        raise StoreError(f"{path}: file not found") from None
    except (zipfile.BadZipFile, OSError) as exc:
        raise StoreError(f"{path}: not a sample archive (not a readable zip file: {exc})") from None
    report = ImportReport()
    with archive:
        entries = _read_manifest(archive, path)
        members = set(archive.namelist())
        samples = []
        for number, entry in enumerate(entries, 1):
            try:
                samples.append(_read_entry(archive, members, entry, path.name))
            except ValueError as exc:
                report.invalid.append(f"entry {number}: {exc}")
    ids = store.add_many(samples) if samples else []
    report.added = sum(i is not None for i in ids)
    report.duplicates = len(ids) - report.added
    return report


def _read_manifest(archive: zipfile.ZipFile, path: Path) -> list:
    try:
        info = archive.getinfo("manifest.json")
    except KeyError:
        raise StoreError(f"{path}: not a DigitPad sample archive (no manifest.json)") from None
    if info.file_size > MAX_MANIFEST_BYTES:
        raise StoreError(f"{path}: manifest.json is implausibly large ({info.file_size:,} bytes)")
    try:
        manifest = json.loads(archive.read(info))
    except (ValueError, zipfile.BadZipFile, OSError) as exc:
        raise StoreError(f"{path}: unreadable manifest.json ({exc})") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise StoreError(f"{path}: not a DigitPad sample archive")
    version = manifest.get("version")
    if not isinstance(version, int) or version > VERSION:
        raise StoreError(f"{path}: made by a newer DigitPad (archive version {version}); this one reads {VERSION}")
    entries = manifest.get("samples")
    if not isinstance(entries, list) or len(entries) > MAX_ENTRIES:
        raise StoreError(f"{path}: the manifest's sample list is missing or too long")
    return entries


def _member(members: set, name) -> str:
    """`name` if it is a plain relative name present in the archive; ValueError otherwise."""
    if not isinstance(name, str) or not name:
        raise ValueError("a file name is missing")
    normal = posixpath.normpath(name)
    if name.startswith(("/", "\\")) or "\\" in name or ":" in name or normal.startswith("..") or normal != name:
        raise ValueError(f"{name!r} points outside the archive")
    if name not in members:
        raise ValueError(f"{name!r} is not in the archive")
    return name


def _read_entry(archive: zipfile.ZipFile, members: set, entry, archive_name: str) -> dict:
    if not isinstance(entry, dict):
        raise ValueError("not a sample description")
    label = str(entry.get("label"))
    if label not in LABELS:
        raise ValueError(f"label {entry.get('label')!r} is not a digit")
    image_name = _member(members, entry.get("image"))
    if archive.getinfo(image_name).file_size != IMAGE_BYTES:
        raise ValueError(f"{image_name} is not a 28x28 float32 image")
    data = archive.read(image_name)
    if hashlib.sha256(data).hexdigest() != entry.get("image_sha256"):
        raise ValueError(f"{image_name} does not match its checksum")
    image = np.frombuffer(data, "<f4").reshape(28, 28).astype(np.float32)
    if not np.isfinite(image).all() or image.min() < 0 or image.max() > 1 or image.max() == 0:
        raise ValueError(f"{image_name} holds no valid image (values outside 0-1, or blank)")
    source = None
    if entry.get("source") is not None:
        source_name = _member(members, entry["source"])
        if archive.getinfo(source_name).file_size <= MAX_SOURCE_IMAGE_BYTES:
            source = archive.read(source_name)
    strokes = entry.get("strokes")
    if strokes is not None and not valid_strokes(strokes):
        raise ValueError("its strokes are not lists of [x, y, pressure] points")
    pen_width = entry.get("pen_width")
    if pen_width is not None and not (isinstance(pen_width, (int, float)) and 0 < pen_width < 100):
        raise ValueError(f"pen width {pen_width!r} is not plausible")
    text = lambda key: str(entry[key])[:200] if entry.get(key) is not None else None  # noqa: E731
    return dict(label=label, image28=image, origin=f"import {archive_name}"[:200], created=text("created"),
                predicted=text("predicted"), model_id=text("model_id"), strokes=strokes, pen_width=pen_width,
                source_image=source)

