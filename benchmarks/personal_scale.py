"""Personal samples at scale: what a store of 0 to 100,000 taught samples costs.

    python benchmarks/personal_scale.py [--sizes 0 1000 10000 100000] [--runs 3]

For each size, a sample store is filled with MNIST training digits (each made unique by one
faint pixel) in a data folder of its own. Then, in fresh processes as a user meets them:
- the first `digitpad predict` after the samples arrive (it embeds every sample once and keeps
  the vectors in the store), then the time to the first answer of later runs (median of --runs),
  with their peak memory (RSS);
- in one process: predict median and p95 of one 28x28 image with the samples (500 calls);
- `digitpad teach` of 100 image files.
Targets (issue 21): with 10,000 samples, the first answer <= 0.5 s later than with none and
predict median <= 1.5 ms; with 100,000, <= 2 s and <= 5 ms; RSS <= 500 MB.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from PIL import Image

from digitpad.data.mnist import load_mnist
from digitpad.personal.sample_store import SampleStore, default_store_path

INSERT_CHUNK = 5000


def fill_store(count: int, mnist) -> None:
    images = mnist.x_train.astype(np.float32) / 255.0
    with SampleStore(default_store_path()) as store:
        for start in range(0, count, INSERT_CHUNK):
            batch = []
            for k in range(start, min(count, start + INSERT_CHUNK)):
                image = images[k % len(images)].copy()
                image[k // len(images), 0] = 0.001  # a faint pixel: each sample its own image
                batch.append(dict(label=str(mnist.y_train[k % len(images)]), image28=image, origin="benchmark"))
            store.add_many(batch)


# The command line, reporting its own peak memory (VmHWM, as benchmarks/memory.py): getrusage's
# figure would count this process's pages, which a forked child holds until it starts anew.
_CLI = (
    "import sys\nfrom digitpad.cli import main\ncode = main(sys.argv[1:])\n"
    "print(next(l.split()[1] for l in open('/proc/self/status') if l.startswith('VmHWM')), file=sys.stderr)\n"
    "sys.exit(code)"
)


def timed_cli(*args: str) -> tuple[float, float]:
    """(wall seconds, peak RSS MB) of one fresh `digitpad` process."""
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", _CLI, *args], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    seconds = time.perf_counter() - start
    return seconds, int(done.stderr.strip().splitlines()[-1]) / 1024  # VmHWM: kB (Linux)


def predict_times(image28: np.ndarray, calls: int = 500) -> tuple[float, float]:
    from digitpad import load_recognizer

    recognizer = load_recognizer(personal=True)
    for _ in range(20):
        recognizer.predict_image28(image28)
    times = []
    for _ in range(calls):
        start = time.perf_counter()
        recognizer.predict_image28(image28)
        times.append(time.perf_counter() - start)
    return 1000 * float(np.median(times)), 1000 * float(np.percentile(times, 95))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[0, 1000, 10000, 100000])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    mnist = load_mnist()
    print(
        "| samples | first run (embeds them) | time to first answer | peak RSS | predict median / p95 "
        "| CLI teach of 100 files |"
    )
    print("| ---: | ---: | ---: | ---: | ---: | ---: |")
    with tempfile.TemporaryDirectory() as folder:
        digit = Path(folder) / "digit.png"
        Image.fromarray(255 - mnist.x_test[0]).save(digit)
        files = Path(folder) / "files"
        files.mkdir()
        for k in range(100):
            Image.fromarray(255 - mnist.x_test[100 + k]).save(files / f"{k}.png")
        for size in args.sizes:
            os.environ["DIGITPAD_DATA_DIR"] = str(Path(folder) / f"data-{size}")
            fill_store(size, mnist)
            first, _ = timed_cli("predict", str(digit))
            runs = [timed_cli("predict", str(digit)) for _ in range(args.runs)]
            answer, rss = float(np.median([r[0] for r in runs])), max(r[1] for r in runs)
            median, p95 = predict_times(mnist.x_test[1].astype(np.float32) / 255.0)
            teach, _ = timed_cli("teach", "--label", "3", str(files))
            print(
                f"| {size:,} | {first:.2f} s | {answer:.2f} s | {rss:.0f} MB | {median:.2f} / {p95:.2f} ms "
                f"| {teach:.1f} s |",
                flush=True,
            )


if __name__ == "__main__":
    main()
