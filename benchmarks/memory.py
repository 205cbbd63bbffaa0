"""Peak memory of what a user does that reads many digits: `digitpad evaluate`, and the window
with Model > Report open (offscreen), each in a fresh process. Target: the app under ~400 MB.

    python benchmarks/memory.py

Peak = VmHWM of the process (Linux): its own high-water mark, not its parent's.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import textwrap

PEAK = textwrap.dedent("""
    def peak_mb():
        with open("/proc/self/status") as status:
            return next(int(line.split()[1]) for line in status if line.startswith("VmHWM")) / 1024
""")

SCENARIOS = {
    "digitpad evaluate (10,000 MNIST test images)": """
        import contextlib, io, time
        from digitpad.cli import main
        start = time.perf_counter()
        with contextlib.redirect_stdout(io.StringIO()):
            main(["evaluate"])
        print(f"{peak_mb():.0f} {time.perf_counter() - start:.1f}")
    """,
    "window + Model > Report, opened twice": """
        import time
        from PySide6.QtCore import QSettings
        from PySide6.QtWidgets import QApplication
        from digitpad.gui.main_window import MainWindow
        from digitpad.gui.report_dialog import ReportDialog
        app = QApplication([])
        window = MainWindow(QSettings("/tmp/digitpad-memory-benchmark.ini", QSettings.Format.IniFormat))
        window.show()
        window.load_initial_model()
        start = time.perf_counter()
        for _ in range(2):
            window.show_report()
            report = next(c for c in window.children() if isinstance(c, ReportDialog))
            while report.evaluation is None:
                app.processEvents()
                time.sleep(0.01)
            report.close()
        print(f"{peak_mb():.0f} {time.perf_counter() - start:.1f}")
    """,
}


def main() -> None:
    argparse.ArgumentParser(description=__doc__.split("\n")[0]).parse_args()  # --help says what it does
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    print("| what | peak memory | seconds |")
    print("| --- | ---: | ---: |")
    for name, code in SCENARIOS.items():
        out = subprocess.run(
            [sys.executable, "-c", PEAK + textwrap.dedent(code)], capture_output=True, text=True, env=env, timeout=600
        )
        if out.returncode:
            print(f"| {name} | failed: {out.stderr.strip().splitlines()[-1]} | |")
            continue
        peak, seconds = out.stdout.split()[-2:]
        print(f"| {name} | {peak} MB | {seconds} |")


if __name__ == "__main__":
    main()
