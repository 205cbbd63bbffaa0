"""MNIST-format datasets: IDX files (gzip or raw), Keras' mnist.npz, the bundled copy.

Every problem with a file is raised as `DataError` naming the file; no NumPy or
gzip traceback reaches the user.
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import struct
import zlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .errors import DataError
from .paths import bundled_mnist_dir

# IDX type codes (the third byte of the magic number) and the dtypes they stand for.
_IDX_DTYPES = {
    0x08: np.dtype(">u1"),
    0x09: np.dtype(">i1"),
    0x0B: np.dtype(">i2"),
    0x0C: np.dtype(">i4"),
    0x0D: np.dtype(">f4"),
    0x0E: np.dtype(">f8"),
}
_GZIP_MAGIC = b"\x1f\x8b"
_MAX_IDX_BYTES = 2 << 30  # refuse headers that promise absurd amounts of data

SPLITS = {
    "train": ("train-images-idx3-ubyte", "train-labels-idx1-ubyte"),
    "test": ("t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"),
}


@dataclass(frozen=True)
class Dataset:
    """Images as uint8 (N, 28, 28) with ink bright on black, labels as uint8 (N,)."""

    x_train: np.ndarray
    y_train: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray
    source: str
    checksum: str  # SHA-256 over the files' contents, recorded in model metadata

    @property
    def class_labels(self) -> list[str]:
        return [str(i) for i in range(10)]


def _open_maybe_gzip(path: Path):
    with open(path, "rb") as f:
        head = f.read(2)
    return gzip.open(path, "rb") if head == _GZIP_MAGIC else open(path, "rb")


def read_idx(path: str | Path) -> np.ndarray:
    """Read one IDX file, gzip-compressed or raw, validating header and size."""
    path = Path(path)
    if not path.is_file():
        raise DataError(f"{path}: file not found")
    try:
        with _open_maybe_gzip(path) as f:
            header = f.read(4)
            if len(header) < 4:
                raise DataError(f"{path}: not an IDX file (too short for a header)")
            zero1, zero2, type_code, ndim = header
            if zero1 or zero2 or type_code not in _IDX_DTYPES or not 1 <= ndim <= 4:
                raise DataError(f"{path}: not an IDX file (bad magic number {header.hex()})")
            dims_raw = f.read(4 * ndim)
            if len(dims_raw) < 4 * ndim:
                raise DataError(f"{path}: truncated IDX header")
            dims = struct.unpack(f">{ndim}I", dims_raw)
            dtype = _IDX_DTYPES[type_code]
            expected = int(np.prod(dims, dtype=np.int64)) * dtype.itemsize
            if expected > _MAX_IDX_BYTES:
                raise DataError(f"{path}: IDX header promises {expected} bytes, refusing to read")
            payload = f.read(expected)
            if len(payload) < expected:
                raise DataError(
                    f"{path}: truncated IDX file ({len(payload)} of {expected} data bytes)"
                )
            if f.read(1):
                raise DataError(f"{path}: IDX file has data beyond its declared size {dims}")
    except (OSError, EOFError, zlib.error) as exc:
        raise DataError(f"{path}: cannot read ({exc})") from None
    return np.frombuffer(payload, dtype=dtype).reshape(dims).astype(dtype.newbyteorder("="))


def _find_idx(folder: Path, stem: str) -> Path:
    # Files circulate as "train-images-idx3-ubyte" and "train-images.idx3-ubyte", gzip or not.
    alt = stem.replace("-idx", ".idx")
    for name in (f"{stem}.gz", stem, f"{alt}.gz", alt):
        if (folder / name).is_file():
            return folder / name
    raise DataError(f"{folder}: no {stem}[.gz] found (expected MNIST IDX files or mnist.npz)")


def _checked_images_and_labels(images: np.ndarray, labels: np.ndarray, what: str):
    if images.ndim != 3 or images.dtype != np.uint8:
        raise DataError(f"{what}: images must be uint8 of shape (N, H, W), got {images.dtype} {images.shape}")
    if labels.ndim != 1 or len(labels) != len(images):
        raise DataError(f"{what}: {len(labels)} labels for {len(images)} images")
    if len(labels) and (labels.min() < 0 or labels.max() > 9):
        raise DataError(f"{what}: labels outside 0-9")
    return images, labels.astype(np.uint8)


def _read_sums(path: Path) -> dict[str, str]:
    sums = {}
    for line in path.read_text().splitlines():
        parts = line.split()
        if len(parts) >= 2:
            sums[parts[-1]] = parts[-2].lower()
    return sums


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def verify_checksums(folder: Path, files: list[Path]) -> None:
    """Check files against SHA256SUMS / SHA256SUMS.raw in `folder`, where listed."""
    sums = {}
    for name in ("SHA256SUMS", "SHA256SUMS.raw"):
        if (folder / name).is_file():
            sums.update(_read_sums(folder / name))
    for path in files:
        expected = sums.get(path.name)
        if expected and _sha256(path) != expected:
            raise DataError(f"{path}: checksum mismatch, the file is damaged (expected SHA-256 {expected[:12]}…)")


def _dataset_checksum(files: list[Path]) -> str:
    h = hashlib.sha256()
    for path in files:
        h.update(_sha256(path).encode())
    return h.hexdigest()


def _load_npz(path: Path) -> Dataset:
    try:
        with np.load(path, allow_pickle=False) as npz:
            arrays = {k: npz[k] for k in ("x_train", "y_train", "x_test", "y_test")}
    except KeyError as exc:
        raise DataError(f"{path}: not an MNIST .npz (missing {exc})") from None
    except (OSError, ValueError, zlib.error) as exc:
        raise DataError(f"{path}: cannot read .npz ({exc})") from None
    x_train, y_train = _checked_images_and_labels(arrays["x_train"], arrays["y_train"], f"{path} train")
    x_test, y_test = _checked_images_and_labels(arrays["x_test"], arrays["y_test"], f"{path} test")
    return Dataset(x_train, y_train, x_test, y_test, str(path), _dataset_checksum([path]))


@functools.lru_cache(maxsize=4)
def _load_cached(location: str) -> Dataset:
    path = Path(location)
    if path.is_file() and path.suffix == ".npz":
        return _load_npz(path)
    if not path.is_dir():
        raise DataError(f"{path}: no such folder")
    if not any((path / n).is_file() or (path / f"{n}.gz").is_file() for pair in SPLITS.values() for n in pair):
        if (path / "mnist.npz").is_file():
            return _load_npz(path / "mnist.npz")
    files = [_find_idx(path, stem) for pair in SPLITS.values() for stem in pair]
    verify_checksums(path, files)
    arrays = [read_idx(f) for f in files]
    x_train, y_train = _checked_images_and_labels(arrays[0], arrays[1], f"{files[0]}")
    x_test, y_test = _checked_images_and_labels(arrays[2], arrays[3], f"{files[2]}")
    return Dataset(x_train, y_train, x_test, y_test, str(path), _dataset_checksum(files))


def load_mnist(location: str | Path | None = None) -> Dataset:
    """Load MNIST from a folder of IDX files, an mnist.npz, or (default) the bundled copy.

    The bundled files are verified against their SHA-256 sums on first use in a process.
    Arrays are read-only and shared between calls; copy before modifying.
    """
    path = Path(location) if location is not None else bundled_mnist_dir()
    dataset = _load_cached(str(path.resolve()))
    for array in (dataset.x_train, dataset.y_train, dataset.x_test, dataset.y_test):
        array.flags.writeable = False
    return dataset
