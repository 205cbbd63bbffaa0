"""The fault battery: malformed images, random arrays, hostile models and bomb data files.

Every outcome must be an answer or a one-line `DigitPadError`; anything else is a crash.
Prints, per kind of input: tried / handled / crashed / slow (over 1 s) / peak memory of
the process so far (the peak only grows, so a kind that needed more than those before it shows).

    python benchmarks/fuzz.py [--images 50000] [--arrays 3000] [--seed 0]
"""

from __future__ import annotations

import argparse
import collections
import resource
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/ holds the generators

from digitpad import load_recognizer  # noqa: E402
from digitpad.data import load_mnist  # noqa: E402
from digitpad.errors import DigitPadError  # noqa: E402
from digitpad.preprocess import display_rgba, load_image  # noqa: E402
from digitpad.recognizer import Recognizer  # noqa: E402
from tests import hostile_models  # noqa: E402
from tests.image_fuzz import malformed_files  # noqa: E402

SLOW_S = 1.0


class Tally:
    def __init__(self, kind: str):
        self.kind, self.tried, self.handled, self.slow = kind, 0, 0, 0
        self.crashes: collections.Counter = collections.Counter()

    def attempt(self, action) -> None:
        self.tried += 1
        start = time.perf_counter()
        try:
            action()
            self.handled += 1
        except DigitPadError as exc:
            self.handled += "\n" not in str(exc)  # a multi-line message counts as a crash
            if "\n" in str(exc):
                self.crashes["multi-line message"] += 1
        except Exception as exc:  # noqa: BLE001 - this is what the battery counts
            self.crashes[f"{type(exc).__name__}: {str(exc)[:70]}"] += 1
        if time.perf_counter() - start > SLOW_S:
            self.slow += 1

    def row(self) -> str:
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        return (f"| {self.kind} | {self.tried:,} | {self.handled:,} | {sum(self.crashes.values())} | "
                f"{self.slow} | {peak:.0f} MB |")


def read_and_show(recognizer, data: bytes) -> None:
    """What the window does with an opened file: read it, then make its display copy."""
    recognizer.predict(data)
    display_rgba(load_image(data), 1024)


def random_arrays(count: int, seed: int):
    rng = np.random.default_rng(seed)
    dtypes = [np.uint8, np.uint16, np.float32, np.float64, np.int32, bool, np.complex64, np.int8]
    for _ in range(count):
        ndim = int(rng.integers(0, 5))
        shape = tuple(int(rng.choice([0, 1, 2, 3, 4, 28, 300, 5000])) for _ in range(ndim))
        if np.prod(shape, dtype=np.int64) > 20_000_000:
            shape = shape[:1]
        dtype = dtypes[int(rng.integers(len(dtypes)))]
        array = (rng.normal(0, 1e3, shape) if shape else np.array(rng.normal())).astype(dtype)
        if array.dtype.kind == "f" and array.size and rng.random() < 0.3:
            array.flat[int(rng.integers(array.size))] = [np.nan, np.inf, -np.inf][int(rng.integers(3))]
        yield array


def hostile_model_files(folder: Path):
    builders = {
        "uint8 input": lambda: hostile_models.digit_model(input_type=hostile_models.UINT8),
        "double input": lambda: hostile_models.digit_model(input_type=hostile_models.DOUBLE),
        "batch of one": lambda: hostile_models.digit_model(batch=1),
        "rank-3 output": lambda: hostile_models.digit_model(scores="rank3"),
        "scalar output": lambda: hostile_models.digit_model(scores="scalar"),
        "zeros": lambda: hostile_models.digit_model(scores="zeros"),
        "NaN": lambda: hostile_models.digit_model(scores="nan"),
        "12 classes": lambda: hostile_models.digit_model(classes=12),
        "4 TB at run time": hostile_models.huge_allocation_model,
        "endless loop": hostile_models.endless_loop_model,
    }
    for name, build in builders.items():
        yield hostile_models.write_model(folder, name.replace(" ", "-"), build())
    for field, value in [("class_labels", 10), ("test_accuracy", "0.99"), ("test_accuracy", 1e308),
                         ("embedding_size", -1), ("name", [1]), ("per_class_accuracy", {"a": 1})]:
        yield hostile_models.write_model(folder, f"meta-{field}-{type(value).__name__}",
                                         hostile_models.digit_model(), **{field: value})
    junk = folder / "junk.onnx"
    junk.write_bytes(b"\0junk" * 100)
    yield junk


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--images", type=int, default=50_000)
    parser.add_argument("--arrays", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    recognizer = load_recognizer()
    print("| input | tried | handled | crashed | slow (> 1 s) | peak memory so far |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")

    start = time.perf_counter()
    images = Tally("malformed image files")
    for _, data in malformed_files(args.images, args.seed):
        images.attempt(lambda data=data: read_and_show(recognizer, data))
    print(images.row(), f"<!-- {time.perf_counter() - start:.0f} s -->")

    arrays = Tally("random NumPy arrays")
    for array in random_arrays(args.arrays, args.seed):
        arrays.attempt(lambda array=array: recognizer.predict(array))
    print(arrays.row())

    with tempfile.TemporaryDirectory() as tmp:
        models = Tally("hostile or broken ONNX models")
        for path in hostile_model_files(Path(tmp)):
            models.attempt(lambda path=path: Recognizer(path).predict(np.eye(28, dtype=np.float32)))
        print(models.row())

        data = Tally("bomb data files")
        for path in bomb_data_files(Path(tmp)):
            data.attempt(lambda path=path: load_mnist(path))
        print(data.row())

    for tally in (images, arrays, models, data):
        for crash, count in tally.crashes.most_common(5):
            print(f"crash ({tally.kind}): {count} x {crash}")


def bomb_data_files(folder: Path):
    """Small files that promise huge arrays (see tests/test_data_hardening.py for each case)."""
    import gzip
    import struct
    import zipfile

    def header(dims):
        return bytes([0, 0, 8, len(dims)]) + struct.pack(f">{len(dims)}I", *dims)

    cases = {
        "gzip-bomb": gzip.compress(header((60000, 28, 28 * 20)) + bytes(20_000_000)),
        "overflow": header((2**31, 2**31, 2**31)) + bytes(100),
        "short": header((60000, 28, 28)) + bytes(1000),
    }
    for name, content in cases.items():
        sub = folder / name
        sub.mkdir()
        for stem in ("train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte",
                     "t10k-labels-idx1-ubyte"):
            (sub / stem).write_bytes(content)
        yield sub
    npz = folder / "promise.npz"
    with zipfile.ZipFile(npz, "w") as archive:
        for member in ("x_train", "y_train", "x_test", "y_test"):
            buffer = __import__("io").BytesIO()
            np.lib.format.write_array_header_1_0(buffer, {"descr": "|u1", "fortran_order": False,
                                                          "shape": (10**9, 28, 28)})
            archive.writestr(f"{member}.npy", buffer.getvalue() + bytes(16))
    yield npz
    zip_bomb = folder / "bomb.npz"
    np.savez_compressed(zip_bomb, x_train=np.zeros((60000, 28, 28), np.uint8), y_train=np.zeros(60000, np.uint8),
                        x_test=np.zeros((10, 28, 28), np.uint8), y_test=np.zeros(10, np.uint8))
    yield zip_bomb
    labels = folder / "labels.npz"
    np.savez(labels, x_train=np.zeros((2, 28, 28), np.uint8), y_train=np.array([np.nan, 1.0]),
             x_test=np.zeros((2, 28, 28), np.uint8), y_test=np.array(["a", "b"]))
    yield labels


if __name__ == "__main__":
    main()
