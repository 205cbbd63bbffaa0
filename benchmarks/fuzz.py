"""The fault battery: malformed images, random arrays, hostile models and bomb data files;
busy images read as numbers, sample stores with damaged rows, damaged archives, models that
fail only on real drawings and damaged reading aids (issue 21).

Every outcome must be an answer or a one-line `DigitPadError`; anything else is a crash.
Prints, per kind of input: tried / handled / crashed / slow (over 1 s) / peak memory of
the process so far (the peak only grows, so a kind that needed more than those before it shows).
A run that never returns would never print: the per-call model limit is what prevents it.

    python benchmarks/fuzz.py [--images 50000] [--arrays 3000] [--busy 300] [--seed 0]
"""

from __future__ import annotations

import argparse
import collections
import io
import json
import logging
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/ holds the generators

from digitpad import load_recognizer
from digitpad.base.errors import DigitPadError
from digitpad.data.mnist import load_mnist
from digitpad.imaging.preprocess import display_rgba, load_image
from digitpad.recognizer import Recognizer
from tests import hostile_models
from tests.image_fuzz import busy_images, malformed_files, random_busy_images
from tests.number_fixtures import number_drawing

SLOW_S = 1.0


class Tally:
    def __init__(self, kind: str):
        self.kind, self.tried, self.handled, self.slow, self.slowest = kind, 0, 0, 0, 0.0
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
        except Exception as exc:
            self.crashes[f"{type(exc).__name__}: {str(exc)[:70]}"] += 1
        seconds = time.perf_counter() - start
        self.slowest = max(self.slowest, seconds)
        if seconds > SLOW_S:
            self.slow += 1

    def row(self) -> str:
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        return (
            f"| {self.kind} | {self.tried:,} | {self.handled:,} | {sum(self.crashes.values())} | "
            f"{self.slow} | {peak:.0f} MB |"
        )


SLEEPER_MODELS = {
    "loop": hostile_models.loop_on_real_drawings_model,
    "nan": hostile_models.nan_on_real_drawings_model,
    "fewer rows": lambda: hostile_models.fewer_rows_model(2),
}


def png_bytes(pixels: np.ndarray) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.fromarray(pixels).save(buffer, format="PNG")
    return buffer.getvalue()


def damaged_stores(folder: Path):
    """A store of five good samples and one damaged row, per kind of damage."""
    import sqlite3

    from digitpad.personal.sample_store import SampleStore

    good = np.random.default_rng(0).random((5, 28, 28), dtype=np.float32)
    damage = {
        "short image": {"image28": b"\0" * 100},
        "text image": {"image28": "text"},
        "label x": {"label": "x"},
        "label 10": {"label": "10"},
        "NaN image": {"image28": np.full(784, np.nan, np.float32).tobytes()},
        "huge values": {"image28": np.full(784, 3e38, np.float32).tobytes()},
        "bad strokes": {"strokes": "[[[1, 2"},
        "not UTF-8 origin": {"origin": b"\xff\xfe"},
    }
    for name, change in damage.items():
        path = folder / f"store-{name.replace(' ', '-')}.sqlite3"
        with SampleStore(path) as store:
            store.add_many([dict(label=str(i), image28=image) for i, image in enumerate(good)])
        row = dict(
            label="3", image28=np.zeros(784, np.float32).tobytes(), image_hash=name, origin="pad", created="2026-11-30"
        )
        row.update(change)
        db = sqlite3.connect(path)
        db.execute(f"INSERT INTO samples ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})", tuple(row.values()))
        db.commit()
        db.close()
        yield path


def use_store(path: Path, folder: Path) -> None:
    """What the CLI and the window do with a store: read with it, teach, list, export."""
    from digitpad.personal.sample_archive import export_samples
    from digitpad.personal.sample_store import SampleStore

    with SampleStore(path) as store:
        recognizer = load_recognizer(personal=store)
        recognizer.predict(np.eye(28, dtype=np.float32))
        recognizer.read(number_drawing("42"))
        recognizer.teach(number_drawing("7"), "7")
        store.samples(with_blobs=True)
        store.find_damaged()
        export_samples(store, folder / f"{path.stem}.zip")


def damaged_archives(folder: Path):
    from tests.archive_damage import damage, three_samples, write_manifest

    for how in ("corrupt", "encrypted", "deflate64"):
        path = three_samples(folder / f"archive-{how}.zip")
        damage(path, "images/1.f32", how)
        yield path
    yield write_manifest(folder / "nested.zip", "[" * 100_000 + "]" * 100_000)
    yield write_manifest(
        folder / "lists.zip",
        '{"format": "digitpad-samples", "version": 1, "samples": [' + ",".join(["[]"] * 2_000_000) + "]}",
    )
    for version in ('"1"', "1.0", "true", "-7"):
        yield write_manifest(
            folder / f"version-{version.strip(chr(34))}.zip",
            f'{{"format": "digitpad-samples", "version": {version}, "samples": []}}',
        )
    bomb = [[[1.0, 2.0, 0.5]] * 100_000] * 50
    yield write_manifest(
        folder / "strokes-bomb.zip",
        json.dumps({"format": "digitpad-samples", "version": 1, "samples": [{"label": "1", "strokes": bomb}]}),
    )


def import_into_new_store(path: Path, folder: Path) -> None:
    from digitpad.personal.sample_archive import import_samples
    from digitpad.personal.sample_store import SampleStore

    with SampleStore(folder / f"import-{path.stem}.sqlite3") as store:
        import_samples(store, path)


def read_with_aid(recognizer, aid: str, path: Path) -> None:
    saved = getattr(recognizer, aid)
    setattr(recognizer, aid, path)
    try:
        recognizer.read(number_drawing("945531"))
    finally:
        setattr(recognizer, aid, saved)


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
    for field, value in [
        ("class_labels", 10),
        ("test_accuracy", "0.99"),
        ("test_accuracy", 1e308),
        ("embedding_size", -1),
        ("name", [1]),
        ("per_class_accuracy", {"a": 1}),
    ]:
        yield hostile_models.write_model(
            folder, f"meta-{field}-{type(value).__name__}", hostile_models.digit_model(), **{field: value}
        )
    junk = folder / "junk.onnx"
    junk.write_bytes(b"\0junk" * 100)
    yield junk


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--images", type=int, default=50_000)
    parser.add_argument("--arrays", type=int, default=3000)
    parser.add_argument("--busy", type=int, default=300, help="random busy images read as numbers")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    logging.getLogger("digitpad").addHandler(logging.NullHandler())  # what DigitPad logs is expected here
    logging.getLogger("digitpad").propagate = False
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

    busy = Tally("busy images read as numbers")
    for pixels in [*busy_images().values(), *random_busy_images(args.busy, args.seed)]:
        busy.attempt(lambda data=png_bytes(pixels): recognizer.read(data))
    read_peak = 0
    for pixels in busy_images().values():  # again, for the memory (tracemalloc slows the reading)
        tracemalloc.start()  # NumPy reports its arrays to it: the reading's own working memory
        Tally("").attempt(lambda data=png_bytes(pixels): recognizer.read(data))
        read_peak = max(read_peak, tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()
    print(
        busy.row(),
        f"<!-- slowest {busy.slowest:.2f} s; largest working memory of one read of the nine "
        f"shapes {read_peak / 2**20:.0f} MB -->",
    )

    with tempfile.TemporaryDirectory() as tmp:
        stores = Tally("sample stores with damaged rows")
        for path in damaged_stores(Path(tmp)):
            stores.attempt(lambda path=path: use_store(path, Path(tmp)))
        print(stores.row())

        archives = Tally("damaged or hostile sample archives")
        for path in damaged_archives(Path(tmp)):
            archives.attempt(lambda path=path: import_into_new_store(path, Path(tmp)))
        print(archives.row())

        sleepers = Tally("models failing only on real drawings")
        aids = Tally("damaged wholeness or sequence networks")
        for name, build in SLEEPER_MODELS.items():
            path = hostile_models.write_model(Path(tmp), f"sleeper-{name}", build())
            sleepers.attempt(lambda path=path: Recognizer(path).read(number_drawing("2026")))
            for aid in ("wholeness_path", "sequence_path"):
                aids.attempt(lambda path=path, aid=aid: read_with_aid(recognizer, aid, path))
        print(sleepers.row())
        print(aids.row())

    for tally in (images, arrays, models, data, busy, stores, archives, sleepers, aids):
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
        for stem in (
            "train-images-idx3-ubyte",
            "train-labels-idx1-ubyte",
            "t10k-images-idx3-ubyte",
            "t10k-labels-idx1-ubyte",
        ):
            (sub / stem).write_bytes(content)
        yield sub
    npz = folder / "promise.npz"
    with zipfile.ZipFile(npz, "w") as archive:
        for member in ("x_train", "y_train", "x_test", "y_test"):
            buffer = __import__("io").BytesIO()
            np.lib.format.write_array_header_1_0(
                buffer, {"descr": "|u1", "fortran_order": False, "shape": (10**9, 28, 28)}
            )
            archive.writestr(f"{member}.npy", buffer.getvalue() + bytes(16))
    yield npz
    zip_bomb = folder / "bomb.npz"
    np.savez_compressed(
        zip_bomb,
        x_train=np.zeros((60000, 28, 28), np.uint8),
        y_train=np.zeros(60000, np.uint8),
        x_test=np.zeros((10, 28, 28), np.uint8),
        y_test=np.zeros(10, np.uint8),
    )
    yield zip_bomb
    labels = folder / "labels.npz"
    np.savez(
        labels,
        x_train=np.zeros((2, 28, 28), np.uint8),
        y_train=np.array([np.nan, 1.0]),
        x_test=np.zeros((2, 28, 28), np.uint8),
        y_test=np.array(["a", "b"]),
    )
    yield labels


if __name__ == "__main__":
    main()
