"""Seeded fuzzing: a few hundred malformed images of every format Pillow opens, through the
API and the command line. Every outcome is a prediction or a one-line DigitPadError, within
a time and memory budget (benchmarks/fuzz.py runs tens of thousands)."""

import json
import subprocess
import sys
import textwrap

from tests.image_fuzz import malformed_files

FUZZ_COUNT = 400  # mutations, on top of the hand-made edge cases
PER_FILE_LIMIT_S = 10.0  # generous: the slowest legitimate file takes a fraction of a second
PEAK_MEMORY_LIMIT_MB = 1000  # what a desktop app reading one image may use at most


# The child's own peak memory. Not ru_maxrss: on Linux a child started from this (large)
# test process inherits its peak across exec; VmHWM belongs to the new program alone.
PEAK_MB = """
def peak_mb():
    try:
        with open("/proc/self/status") as status:
            return next(int(l.split()[1]) for l in status if l.startswith("VmHWM")) / 1024
    except (OSError, StopIteration):
        return 0.0  # not Linux: the budget is checked where it can be
"""


def run_python(code: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", PEAK_MB + textwrap.dedent(code), *args], capture_output=True, text=True, timeout=600
    )


def test_every_malformed_image_is_a_prediction_or_a_one_line_error():
    out = run_python(f"""
        import json, sys, time
        sys.path.insert(0, {str(__import__("pathlib").Path(__file__).parents[2])!r})
        from tests.image_fuzz import malformed_files
        from digitpad import load_recognizer
        from digitpad.base.errors import DigitPadError
        from digitpad.imaging.preprocess import display_rgba, load_image
        recognizer = load_recognizer()
        counts, slowest = {{"predicted": 0, "refused": 0}}, 0.0
        for name, data in malformed_files({FUZZ_COUNT}, seed=1):
            start = time.perf_counter()
            try:
                recognizer.predict(data)
                counts["predicted"] += 1
                display_rgba(load_image(data), 1024)  # what the window shows of it
            except DigitPadError as exc:
                assert "\\n" not in str(exc), (name, str(exc))
                counts["refused"] += 1
            slowest = max(slowest, time.perf_counter() - start)
        print(json.dumps({{**counts, "slowest_s": slowest, "peak_mb": peak_mb()}}))
    """)
    assert out.returncode == 0, out.stderr[-3000:]  # any other exception is a crash: a traceback here
    report = json.loads(out.stdout.strip().splitlines()[-1])
    assert report["predicted"] + report["refused"] == FUZZ_COUNT + 19
    assert report["slowest_s"] < PER_FILE_LIMIT_S and report["peak_mb"] < PEAK_MEMORY_LIMIT_MB, report
    assert out.stderr == ""  # no Pillow warnings or ONNX Runtime logs leak to the user


def test_a_folder_of_malformed_images_reports_every_file_from_the_command_line(tmp_path):
    files = []
    for i, (name, data) in enumerate(malformed_files(150, seed=2)):
        path = tmp_path / f"{i:03d}-{name}.png"
        path.write_bytes(data)
        files.append(path)
    out = run_python(
        """
        import sys
        from digitpad.cli import main
        code = main(["predict", "--json", sys.argv[1]])
        print(f"peak_mb {peak_mb():.0f}", file=sys.stderr)
        sys.exit(code)
    """,
        str(tmp_path),
    )
    lines = [json.loads(line) for line in out.stdout.splitlines()]
    assert out.returncode == 1  # some files failed; the others were still read
    assert sorted(line["file"] for line in lines) == sorted(str(p) for p in files)
    assert all(("error" in line) != ("digit" in line) for line in lines)
    stderr = out.stderr.strip().splitlines()
    assert "Traceback" not in out.stderr and stderr[-1].startswith("peak_mb")
    assert float(stderr[-1].split()[1]) < PEAK_MEMORY_LIMIT_MB
