#!/usr/bin/env bash
# Build the one-folder app with PyInstaller, then check the frozen app really works:
# the window's --smoke-test (offscreen), a real training in a worker process (selftest),
# and print sizes and start-up times. Writes dist/DigitPad-<version>-linux-x86_64.tar.gz.
#
#   bash packaging/linux/build_and_smoke.sh          (from the repository root, in an environment
#                                                     where `pip install ".[build]"` has been run)
set -euo pipefail
cd "$(dirname "$0")/../.."
export QT_QPA_PLATFORM=offscreen TF_CPP_MIN_LOG_LEVEL=3

version=$(python -c 'import digitpad; print(digitpad.__version__)')
start=$(date +%s)
pyinstaller --noconfirm --log-level WARN --distpath dist --workpath build/pyinstaller build.spec
echo "build: $(( $(date +%s) - start )) s"

app=dist/DigitPad/DigitPad
echo "frozen smoke test:"
./"$app" --smoke-test
echo "frozen selftest (trains in a worker process, then predicts):"
./"$app" selftest --limit 2000

echo "frozen read of a whole number (SciPy's components, the wholeness network and the sequence model inside the bundle):"
for network in digit-wholeness.onnx number-sequence.onnx; do
  find dist/DigitPad -name "$network" | grep -q . || { echo "$network missing from the bundle"; exit 1; }
done
scratch=$(mktemp -d)
python - "$scratch/number.png" <<'PY'
import sys
import numpy as np
from digitpad.data.synth.number_writing import render_on_paper, write_number
from digitpad.data.synth.templates import template
strokes, pen, _ = write_number([[np.array(s, float) for s in template(d)] for d in "2026"], np.random.default_rng(0))
render_on_paper(strokes, pen, np.random.default_rng(0), 4).save(sys.argv[1])
PY
./"$app" read --json --no-personal "$scratch/number.png" | tee "$scratch/read.json"
python -c 'import json, sys; text = json.load(open(sys.argv[1]))["text"]; sys.exit(0 if text == "2026" else f"frozen read gave {text!r}, not 2026")' "$scratch/read.json"
rm -rf "$scratch"

echo "frozen cold start (3 runs):"
python - "$app" <<'PY'
import json, statistics, subprocess, sys, time
runs = []
for _ in range(3):
    launched = time.perf_counter()
    out = subprocess.run([sys.argv[1], "--smoke-test"], capture_output=True, text=True, check=True)
    report = json.loads(out.stdout.strip().splitlines()[-1])
    report["launch_to_exit_s"] = time.perf_counter() - launched
    runs.append(report)
for key in ("window_shown_s", "first_prediction_s", "launch_to_exit_s"):
    print(f"  {key}: median {statistics.median(r[key] for r in runs):.3f} s")
print(f"  TensorFlow imported at start: {any(r['tensorflow_imported'] for r in runs)}")
PY

archive="dist/DigitPad-${version}-linux-x86_64.tar.gz"
tar -C dist -czf "$archive" DigitPad
echo "bundle on disk: $(du -sh dist/DigitPad | cut -f1); archive: $(du -h "$archive" | cut -f1) ($archive)"
