"""MNIST-format datasets: IDX files (gzip or raw), Keras' mnist.npz, the bundled copy.

Every problem with a file is raised as `DataError` naming the file; no NumPy or
gzip traceback reaches the user.
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import math
import struct
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from digitpad.base.errors import DataError
from digitpad.base.paths import bundled_mnist_dir
from digitpad.inference.modelfile import MAX_CLASSES

# IDX type codes (the third byte of the magic number) and the dtypes they stand for.
_IDX_DTYPES: dict[int, np.dtype] = {
    0x08: np.dtype(">u1"),
    0x09: np.dtype(">i1"),
    0x0B: np.dtype(">i2"),
    0x0C: np.dtype(">i4"),
    0x0D: np.dtype(">f4"),
    0x0E: np.dtype(">f8"),
}
_GZIP_MAGIC = b"\x1f\x8b"
# The largest real set, EMNIST byclass, is 550 MB of training images: refuse more than twice that.
MAX_DATA_BYTES = 1 << 30
# MNIST-style files shrink 4-8 times in gzip; hundreds of times means a file built to explode.
MAX_GZIP_RATIO = 200
_READ_CHUNK = 1 << 22

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


def _gzip_claimed_size(path: Path) -> int | None:
    """The uncompressed size a gzip file records in its last 4 bytes (modulo 4 GiB), or None."""
    with open(path, "rb") as f:
        if f.read(2) != _GZIP_MAGIC:
            return None
        f.seek(-4, 2)
        return struct.unpack("<I", f.read(4))[0]


def read_idx(path: str | Path) -> np.ndarray:
    """Read one IDX file, gzip-compressed or raw, validating header and size.

    What the header promises is checked against the file before anything is allocated:
    a raw file must hold exactly that many bytes; a gzip file must record that size and
    may not expand more than MAX_GZIP_RATIO times (a small file promising gigabytes is a
    decompression bomb). The data is then read straight into its array, a chunk at a time.
    """
    path = Path(path)
    try:
        if not path.is_file():
            raise DataError(f"{path}: file not found")
        file_size = path.stat().st_size
        claimed = _gzip_claimed_size(path) if file_size >= 18 else None
        with gzip.open(path, "rb") if claimed is not None else open(path, "rb") as f:
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
            expected = math.prod(dims) * dtype.itemsize  # Python integers: no overflow to 0
            _check_promised_size(path, expected, 4 + 4 * ndim, file_size, claimed)
            data = np.empty(expected, np.uint8)
            view, filled = memoryview(data.data), 0
            while filled < expected:
                count = f.readinto(view[filled : filled + _READ_CHUNK])
                if not count:
                    raise DataError(f"{path}: truncated IDX file ({filled} of {expected} data bytes)")
                filled += count
            if f.read(1):
                raise DataError(f"{path}: IDX file has data beyond its declared size {dims}")
    except (OSError, EOFError, zlib.error) as exc:
        raise DataError(f"{path}: cannot read ({getattr(exc, 'strerror', None) or exc})") from None
    return data.view(dtype).reshape(dims).astype(dtype.newbyteorder("="), copy=False)


def _check_promised_size(path: Path, expected: int, header: int, file_size: int, gzip_claim: int | None) -> None:
    if expected > MAX_DATA_BYTES:
        raise DataError(
            f"{path}: IDX header promises {expected:,} bytes (more than "
            f"{MAX_DATA_BYTES // 2**30} GiB), refusing to read"
        )
    if gzip_claim is None and expected + header != file_size:
        raise DataError(
            f"{path}: IDX header promises {expected:,} data bytes but the file holds {max(file_size - header, 0):,}"
        )
    if gzip_claim is not None:
        if (expected + header) % 2**32 != gzip_claim:
            raise DataError(f"{path}: IDX header does not match the compressed file's recorded size")
        if expected > MAX_GZIP_RATIO * file_size + 2**20:
            raise DataError(
                f"{path}: {file_size:,} compressed bytes claim to hold {expected:,} "
                "(a decompression bomb?), refusing to read"
            )


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
    if len(images) == 0:
        raise DataError(f"{what}: holds no images")
    if labels.ndim != 1 or len(labels) != len(images):
        raise DataError(f"{what}: {len(labels)} labels for {len(images)} images")
    if not (np.issubdtype(labels.dtype, np.integer) or labels.dtype == bool):
        raise DataError(f"{what}: labels must be whole numbers, got {labels.dtype}")
    if labels.min() < 0 or labels.max() >= num_classes:
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


@functools.lru_cache(maxsize=8)
def read_verified(location: str, reader) -> tuple:
    """The file at `location`, checked against its folder's SHA256SUMS, then parsed by `reader`:
    once a process (the bundled pen data is read by training, benchmarks and tests alike)."""
    path = Path(location)
    verify_checksums(path.parent, [path])
    return tuple(reader(path))


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


def _check_npz_members(path: Path, names: tuple[str, ...]) -> None:
    """Refuse before loading: arrays whose headers promise more than the budget or than the
    member holds, and members that expand suspiciously (a zip bomb)."""
    with zipfile.ZipFile(path) as archive:
        for name in names:
            try:
                info = archive.getinfo(f"{name}.npy")
            except KeyError:
                raise DataError(f"{path}: not an MNIST .npz (missing {name!r})") from None
            if info.file_size > MAX_DATA_BYTES or info.file_size > MAX_GZIP_RATIO * info.compress_size + 2**20:
                raise DataError(f"{path}: {name} would expand to {info.file_size:,} bytes, refusing to read")
            with archive.open(info) as member:
                version = np.lib.format.read_magic(member)
                shape, _, dtype = (
                    np.lib.format.read_array_header_1_0(member)
                    if version == (1, 0)
                    else np.lib.format.read_array_header_2_0(member)
                )
            if dtype.hasobject or math.prod(shape) * dtype.itemsize > info.file_size:
                raise DataError(f"{path}: {name} promises more data than it holds, refusing to read")


def _load_npz(path: Path, test_only: bool = False) -> Dataset:
    names = ("x_test", "y_test") if test_only else ("x_train", "y_train", "x_test", "y_test")
    try:
        _check_npz_members(path, names)
        with np.load(path, allow_pickle=False) as npz:
            arrays = {k: npz[k] for k in names}
    except (OSError, ValueError, zlib.error, zipfile.BadZipFile, EOFError) as exc:
        raise DataError(f"{path}: cannot read .npz ({str(exc)[:120]})") from None
    x_test, y_test = _checked_images_and_labels(arrays["x_test"], arrays["y_test"], f"{path} test")
    if test_only:
        return Dataset(*_no_training_images(), x_test, y_test, str(path), _dataset_checksum([path]))
    x_train, y_train = _checked_images_and_labels(arrays["x_train"], arrays["y_train"], f"{path} train")
    return Dataset(x_train, y_train, x_test, y_test, str(path), _dataset_checksum([path]))


def _no_training_images() -> tuple[np.ndarray, np.ndarray]:
    """What a test-only dataset holds for training (`evaluate` never reads the training files)."""
    return np.zeros((0, 28, 28), np.uint8), np.zeros(0, np.int32)


@functools.lru_cache(maxsize=4)
def _load_cached(location: str, test_only: bool = False) -> Dataset:
    path = Path(location)
    if path.is_file() and path.suffix == ".npz":
        return _load_npz(path, test_only)
    if not path.is_dir():
        raise DataError(f"{path}: no such folder")
    if not any((path / n).is_file() or (path / f"{n}.gz").is_file() for pair in SPLITS.values() for n in pair):
        if (path / "mnist.npz").is_file():
            return _load_npz(path / "mnist.npz", test_only)
    splits = ("test",) if test_only else ("train", "test")
    files = [_find_idx(path, stem) for split in splits for stem in SPLITS[split]]
    verify_checksums(path, files)
    arrays = [read_idx(f) for f in files]
    x_test, y_test = _checked_images_and_labels(arrays[-2], arrays[-1], f"{files[-2]}")
    x_train, y_train = (
        _no_training_images() if test_only else _checked_images_and_labels(arrays[0], arrays[1], f"{files[0]}")
    )
    return Dataset(x_train, y_train, x_test, y_test, str(path), _dataset_checksum(files))


def load_mnist(location: str | Path | None = None, test_only: bool = False) -> Dataset:
    """Load MNIST from a folder of IDX files, an mnist.npz, or (default) the bundled copy.

    `test_only` reads the test split alone (the training arrays are then empty).
    The bundled files are verified against their SHA-256 sums on first use in a process.
    Arrays are read-only and shared between calls; copy before modifying.
    """
    path = Path(location) if location is not None else bundled_mnist_dir()
    try:
        resolved = str(path.resolve())
    except (OSError, RuntimeError) as exc:  # a symlink loop, an unreadable parent
        raise DataError(f"{path}: cannot be read ({exc})") from None
    return _read_only(_load_cached(resolved, test_only))


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
                if not 0 <= label < MAX_CLASSES or label in mapping:
                    raise ValueError(f"line {number}: label {label} is repeated or not in 0-{MAX_CLASSES - 1}")
                if not all(32 < code < 0x110000 for code in codes):
                    raise ValueError(f"line {number}: character codes must be printable Unicode")
                mapping[label] = "".join(chr(code) for code in codes)
    except (ValueError, UnicodeDecodeError) as exc:
        raise DataError(f"{path}: not an EMNIST mapping file ({exc})") from None
    if not mapping:
        raise DataError(f"{path}: empty mapping file")
    return mapping


def load_emnist(prefix: str | Path, test_only: bool = False) -> Dataset:
    """An EMNIST set, given as folder/emnist-NAME (the common prefix of its files).

    EMNIST stores images transposed (column by column) and labels by the codes of its
    mapping file; both are turned into DigitPad's layout: upright images, class indices
    0..C-1, and class labels taken from the mapping.
    """
    prefix = Path(prefix)
    folder, name = prefix.parent, prefix.name
    mapping = read_emnist_mapping(folder / f"{name}-mapping.txt")
    splits = ("test",) if test_only else ("train", "test")
    files = [
        _find_idx(folder, f"{name}-{split}-{kind}")
        for split in splits
        for kind in ("images-idx3-ubyte", "labels-idx1-ubyte")
    ]
    verify_checksums(folder, files)
    codes = sorted(mapping)
    index_of = np.full(max(codes) + 1, -1, np.int64)
    index_of[codes] = np.arange(len(codes))
    arrays: list[np.ndarray] = list(_no_training_images()) if test_only else []
    for images_path, labels_path in zip(files[::2], files[1::2]):
        images = read_idx(images_path)
        if images.ndim != 3:
            raise DataError(f"{images_path}: images must be (N, 28, 28), got {images.shape}")
        raw = read_idx(labels_path).astype(np.int64)
        if len(raw) and (raw.min() < 0 or raw.max() > max(codes) or (index_of[raw] < 0).any()):
            raise DataError(f"{labels_path}: labels not listed in the mapping file")
        labels = index_of[raw] if len(raw) else raw
        arrays += _checked_images_and_labels(
            np.ascontiguousarray(images.transpose(0, 2, 1)), labels, str(images_path), len(codes)
        )
    x_train, y_train, x_test, y_test = arrays
    return Dataset(
        x_train, y_train, x_test, y_test, str(prefix), _dataset_checksum(files), tuple(mapping[c] for c in codes), name
    )


def load_data_files(location: str | Path | None = None, test_only: bool = False) -> Dataset:
    """MNIST (default: the bundled copy) or EMNIST, from a folder, an mnist.npz or an EMNIST prefix.

    A folder holding exactly one EMNIST set may be named directly; with several, name the
    set as folder/emnist-NAME. `test_only` reads the test split alone.
    """
    if location is None:
        return load_mnist(test_only=test_only)
    path = Path(location)
    if path.name.startswith("emnist-") and not path.is_dir():
        dataset = _load_emnist_cached(str(path.resolve()), test_only)
    elif path.is_dir() and "mnist" not in find_datasets(path):
        sets = _emnist_prefixes(path)
        if len(sets) > 1:
            raise DataError(f"{path}: holds several EMNIST sets ({', '.join(sets)}); name one, e.g. {path / sets[0]}")
        dataset = (
            _load_emnist_cached(str((path / sets[0]).resolve()), test_only) if sets else load_mnist(path, test_only)
        )
    else:
        return load_mnist(path, test_only)
    return _read_only(dataset)


@functools.lru_cache(maxsize=2)
def _load_emnist_cached(prefix: str, test_only: bool = False) -> Dataset:
    return load_emnist(prefix, test_only)
