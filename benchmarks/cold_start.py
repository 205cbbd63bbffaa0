"""Cold start in a fresh process: import digitpad, load the bundled model, first prediction.

    python benchmarks/cold_start.py [--runs 5]

Each run is a new Python process (so nothing is cached in memory but the OS file cache).
Target (DESIGN.md): first prediction <= 1.0 s after start, TensorFlow never imported.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time

PROBE = r"""
import json, sys, time
t0 = time.perf_counter()
import digitpad
t1 = time.perf_counter()
recognizer = digitpad.load_recognizer()
t2 = time.perf_counter()
from digitpad.imaging.preprocess import preprocess_strokes
prediction = recognizer.predict_image28(preprocess_strokes([[(28, 6), (28, 50)]], (56, 56), 4))
t3 = time.perf_counter()
print(json.dumps({"import": t1 - t0, "load_model": t2 - t1, "first_prediction": t3 - t2, "total": t3 - t0,
                  "digit": prediction.label, "tensorflow_imported": "tensorflow" in sys.modules}))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    runs = []
    for _ in range(args.runs):
        # Wall time from launch includes the interpreter's own start-up, which a user waits for too.
        launched = time.perf_counter()
        out = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, check=True)
        run = json.loads(out.stdout)
        run["launch_to_exit"] = time.perf_counter() - launched
        runs.append(run)
    print(f"{args.runs} fresh processes, medians in seconds\n")
    print("| step | median s | max s |\n| --- | ---: | ---: |")
    for key in ("import", "load_model", "first_prediction", "total", "launch_to_exit"):
        values = [r[key] for r in runs]
        print(f"| {key.replace('_', ' ')} | {statistics.median(values):.3f} | {max(values):.3f} |")
    print(
        f"\nTensorFlow imported: {any(r['tensorflow_imported'] for r in runs)}; "
        f"first prediction read '|' as {runs[0]['digit']}"
    )


if __name__ == "__main__":
    main()
