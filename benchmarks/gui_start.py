"""Cold start of the window: launch -> window shown -> first prediction, in fresh processes.

    python benchmarks/gui_start.py [--runs 5]

Runs `digitpad --smoke-test` (the real window, offscreen, drawing a digit with mouse
events). Targets (DESIGN.md): window <= 1.0 s, first prediction <= 1.5 s, no TensorFlow.
"window shown" and "first prediction" are timed inside the process from the process's start
(Linux, from /proc; elsewhere from the GUI module's import, see "timed_from"); "launch to exit"
is timed from outside.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    runs = []
    for _ in range(args.runs):
        launched = time.perf_counter()
        out = subprocess.run(
            [sys.executable, "-m", "digitpad", "--smoke-test"], capture_output=True, text=True, check=True
        )
        report = json.loads(out.stdout.strip().splitlines()[-1])
        report["launch_to_exit_s"] = time.perf_counter() - launched
        runs.append(report)
    print(f"{args.runs} fresh processes; drew {runs[0]['expected']}, read {[r['digit'] for r in runs]}\n")
    print("| step | median s | max s |\n| --- | ---: | ---: |")
    for key in ("window_shown_s", "first_prediction_s", "launch_to_exit_s"):
        values = [r[key] for r in runs]
        print(f"| {key[:-2].replace('_', ' ')} | {statistics.median(values):.3f} | {max(values):.3f} |")
    print(
        f"\ntimed from: {runs[0]['timed_from']} start; "
        f"TensorFlow imported by the window: {any(r['tensorflow_imported'] for r in runs)}"
    )


if __name__ == "__main__":
    main()
