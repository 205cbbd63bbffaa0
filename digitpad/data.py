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


DIGITS = tuple(str(i) for i in range(10))


@dataclass(frozen=True)
class Dataset:
    """Images as uint8 (N, 28, 28) with ink bright on black; labels are class indices (N,)."""

    x_train: np.ndarray
    y_train: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray
    source: str
    checksum: str  # SHA-256 over the files' contents, recorded in model metadata
    class_labels: tuple[str, ...] = DIGITS  # what each class index stands for
    name: str = "mnist"
    # Training images labelled len(class_labels) are generated non-digits (dots, dashes,
    # scribbles): a model trained on them gets one more output, "not a digit".
    not_a_digit: bool = False


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


def _checked_images_and_labels(images: np.ndarray, labels: np.ndarray, what: str, num_classes: int = 10):
    if images.ndim != 3 or images.dtype != np.uint8 or images.shape[1:] != (28, 28):
        raise DataError(f"{what}: images must be 28x28 uint8, got {images.dtype} {images.shape}")
    if labels.ndim != 1 or len(labels) != len(images):
        raise DataError(f"{what}: {len(labels)} labels for {len(images)} images")
    if len(labels) and (labels.min() < 0 or labels.max() >= num_classes):
        raise DataError(f"{what}: labels outside 0-{num_classes - 1}")
    return images, labels.astype(np.int32)


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
    return _read_only(_load_cached(str(path.resolve())))


def _read_only(dataset: Dataset) -> Dataset:
    """Cached datasets are shared between callers: nobody may change them in place."""
    for array in (dataset.x_train, dataset.y_train, dataset.x_test, dataset.y_test):
        array.flags.writeable = False
    return dataset


# ---------------------------------------------------------------- EMNIST

EMNIST_SETS = ("balanced", "byclass", "bymerge", "digits", "letters", "mnist")


def _emnist_prefixes(folder: Path) -> list[str]:
    """EMNIST sets present in `folder`, as file-name prefixes such as "emnist-letters"."""
    found = set()
    for path in folder.glob("emnist-*-train-images-idx3-ubyte*"):
        found.add(path.name.split("-train-images")[0])
    return sorted(found)


def find_datasets(folder: str | Path) -> list[str]:
    """Data sets DigitPad can train on in `folder`: EMNIST prefixes, and "mnist" for MNIST files."""
    folder = Path(folder)
    if not folder.is_dir():
        return []
    names = _emnist_prefixes(folder)
    if any(folder.glob("train-images*idx3-ubyte*")) or (folder / "mnist.npz").is_file():
        names.insert(0, "mnist")
    return names


def read_emnist_mapping(path: Path) -> dict[int, str]:
    """EMNIST's mapping file: lines "label code [code...]" -> {label: characters}, e.g. {1: "Aa"}."""
    if not path.is_file():
        raise DataError(f"{path}: mapping file not found (it comes with the EMNIST files)")
    mapping: dict[int, str] = {}
    try:
        for number, line in enumerate(path.read_text("ascii").splitlines(), 1):
            if line.strip():
                label, *codes = (int(v) for v in line.split())
                if not codes:
                    raise ValueError(f"line {number} has no character code")
                mapping[label] = "".join(chr(code) for code in codes)
    except (ValueError, UnicodeDecodeError) as exc:
        raise DataError(f"{path}: not an EMNIST mapping file ({exc})") from None
    if not mapping:
        raise DataError(f"{path}: empty mapping file")
    return mapping


def load_emnist(prefix: str | Path) -> Dataset:
    """An EMNIST set, given as folder/emnist-NAME (the common prefix of its files).

    EMNIST stores images transposed (column by column) and labels by the codes of its
    mapping file; both are turned into DigitPad's layout: upright images, class indices
    0..C-1, and class labels taken from the mapping.
    """
    prefix = Path(prefix)
    folder, name = prefix.parent, prefix.name
    mapping = read_emnist_mapping(folder / f"{name}-mapping.txt")
    files = [_find_idx(folder, f"{name}-{split}-{kind}") for split in ("train", "test")
             for kind in ("images-idx3-ubyte", "labels-idx1-ubyte")]
    verify_checksums(folder, files)
    codes = sorted(mapping)
    index_of = np.full(max(codes) + 1, -1, np.int64)
    index_of[codes] = np.arange(len(codes))
    arrays = []
    for images_path, labels_path in (files[:2], files[2:]):
        images = read_idx(images_path)
        if images.ndim != 3:
            raise DataError(f"{images_path}: images must be (N, 28, 28), got {images.shape}")
        raw = read_idx(labels_path).astype(np.int64)
        if len(raw) and (raw.min() < 0 or raw.max() > max(codes) or (index_of[raw] < 0).any()):
            raise DataError(f"{labels_path}: labels not listed in the mapping file")
        labels = index_of[raw] if len(raw) else raw
        arrays += _checked_images_and_labels(np.ascontiguousarray(images.transpose(0, 2, 1)), labels,
                                             str(images_path), len(codes))
    return Dataset(*arrays, str(prefix), _dataset_checksum(files), tuple(mapping[c] for c in codes), name)


def load_data_files(location: str | Path | None = None) -> Dataset:
    """MNIST (default: the bundled copy) or EMNIST, from a folder, an mnist.npz or an EMNIST prefix.

    A folder holding exactly one EMNIST set may be named directly; with several, name the
    set as folder/emnist-NAME.
    """
    if location is None:
        return load_mnist()
    path = Path(location)
    if path.name.startswith("emnist-") and not path.is_dir():
        dataset = _load_emnist_cached(str(path.resolve()))
    elif path.is_dir() and "mnist" not in find_datasets(path):
        sets = _emnist_prefixes(path)
        if len(sets) > 1:
            raise DataError(f"{path}: holds several EMNIST sets ({', '.join(sets)}); "
                            f"name one, e.g. {path / sets[0]}")
        dataset = _load_emnist_cached(str((path / sets[0]).resolve())) if sets else load_mnist(path)
    else:
        return load_mnist(path)
    return _read_only(dataset)


@functools.lru_cache(maxsize=2)
def _load_emnist_cached(prefix: str) -> Dataset:
    return load_emnist(prefix)
