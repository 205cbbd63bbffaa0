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
import stat
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from digitpad import __version__
from digitpad.base.atomic import atomic_path
from digitpad.base.errors import first_line
from digitpad.personal.sample_store import (
    LABELS,
    MAX_SOURCE_IMAGE_BYTES,
    SampleStore,
    StoreError,
    image_problem,
    valid_strokes,
)

FORMAT = "digitpad-samples"
VERSION = 1
IMAGE_BYTES = 28 * 28 * 4
MAX_MANIFEST_BYTES = 64 * 1024 * 1024
MAX_ENTRIES = 100_000
# Stroke points in one archive, all samples together: every point is a Python list once the
# manifest is parsed (about 150 bytes), so this keeps import and export to a few hundred MB.
# (A manifest of 21 million empty lists, 24 KB zipped, took 1.6 GB.) An export past it keeps
# every sample's image and leaves out the strokes of the rest.
MAX_ARCHIVE_POINTS = 1_000_000
# Lists and objects a manifest may hold: the points, plus each entry's own and its strokes'.
MAX_MANIFEST_CONTAINERS = MAX_ARCHIVE_POINTS + 4 * MAX_ENTRIES
# What reading one member may raise when it is damaged, encrypted or compressed in a way
# Python's zipfile cannot undo (deflate64): that entry is refused, the others imported.
_MEMBER_ERRORS = (zipfile.BadZipFile, zlib.error, RuntimeError, NotImplementedError, OSError, EOFError, ValueError)


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


@dataclass
class ExportReport:
    samples: int = 0
    strokes_left_out: int = 0  # samples whose strokes passed MAX_ARCHIVE_POINTS

    def summary(self, path) -> str:
        text = f"exported {self.samples} sample{'s' if self.samples != 1 else ''} to {path}"
        if self.strokes_left_out:
            text += (
                f" (the strokes of {self.strokes_left_out} left out: an archive keeps "
                f"{MAX_ARCHIVE_POINTS:,} points; their images are all there)"
            )
        return text


def export_samples(store: SampleStore, path: str | Path) -> ExportReport:
    """Write every usable sample to the zip file `path` (atomically)."""
    try:
        return _write_archive(store.samples(with_blobs=True), path)
    except OSError as exc:
        raise StoreError(f"{path}: cannot write the archive ({exc.strerror or exc})") from None


def _write_archive(samples, path) -> ExportReport:
    entries, report, points = [], ExportReport(len(samples)), 0
    with atomic_path(path) as tmp:
        with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as archive:
            for number, sample in enumerate(samples, 1):
                image = np.ascontiguousarray(sample.image28, "<f4").tobytes()
                strokes = sample.strokes
                if strokes:
                    points += sum(map(len, strokes))
                    if points > MAX_ARCHIVE_POINTS:
                        strokes, report.strokes_left_out = None, report.strokes_left_out + 1
                entry = dict(
                    label=sample.label,
                    image=f"images/{number}.f32",
                    image_sha256=hashlib.sha256(image).hexdigest(),
                    origin=sample.origin,
                    created=sample.created,
                    predicted=sample.predicted,
                    model_id=sample.model_id,
                    strokes=strokes,
                    pen_width=sample.pen_width,
                    source=None,
                )
                archive.writestr(entry["image"], image)
                if sample.source_image:
                    entry["source"] = f"sources/{number}.png"
                    archive.writestr(entry["source"], sample.source_image)
                entries.append(entry)
            manifest = dict(format=FORMAT, version=VERSION, app_version=__version__, samples=entries)
            archive.writestr("manifest.json", json.dumps(manifest, indent=1))
    return report


def import_samples(store: SampleStore, path: str | Path) -> ImportReport:
    """Add the samples of the zip file `path`; a bad archive as a whole raises StoreError and adds nothing."""
    path = Path(path)
    try:
        if not stat.S_ISREG(path.stat().st_mode):  # a FIFO or a device would be read for ever
            raise StoreError(f"{path}: not a file")
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
            except ValueError as exc:  # our own reasons, in words
                report.invalid.append(f"entry {number}: {exc}")
            except _MEMBER_ERRORS as exc:  # a damaged, encrypted or deflate64 member
                report.invalid.append(f"entry {number}: a file of it cannot be read ({first_line(exc)})")
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
        text = archive.read(info)
        # Counted before parsing: every bracket would become a Python object (bytes in a string count too).
        if text.count(b"[") + text.count(b"{") > MAX_MANIFEST_CONTAINERS:
            raise StoreError(
                f"{path}: manifest.json holds more than {MAX_ARCHIVE_POINTS:,} stroke points; "
                "not an archive DigitPad writes"
            )
        manifest = json.loads(text)
    except RecursionError:
        raise StoreError(f"{path}: unreadable manifest.json (nested too deeply)") from None
    except (*_MEMBER_ERRORS, UnicodeDecodeError) as exc:
        raise StoreError(f"{path}: unreadable manifest.json ({first_line(exc)})") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise StoreError(f"{path}: not a DigitPad sample archive")
    version = manifest.get("version")
    if type(version) is not int or version < 1:  # (bool is an int to Python: true is no version)
        raise StoreError(
            f"{path}: archive version {json.dumps(version)} is not a version DigitPad writes "
            f"(whole numbers from 1; this one reads up to {VERSION})"
        )
    if version > VERSION:
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
    if name.startswith(("/", "\\")) or "\\" in name or ":" in name or normal == ".." or normal.startswith("../"):
        raise ValueError(f"{name!r} points outside the archive")
    for candidate in (name, normal):  # "images/./5.f32" is images/5.f32
        if candidate in members:
            return candidate
    raise ValueError(f"{name!r} is not in the archive")


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
    if image_problem(image) is not None or image.max() == 0:
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
    return dict(
        label=label,
        image28=image,
        origin=f"import {archive_name}"[:200],
        created=text("created"),
        predicted=text("predicted"),
        model_id=text("model_id"),
        strokes=strokes,
        pen_width=pen_width,
        source_image=source,
    )
