"""Does the window stay responsive while training? Event-loop gaps on the GUI thread.

    python benchmarks/gui_stall.py [--arch cnn-lenet] [--epochs 2] [--limit 20000]

Opens the real window offscreen, starts a retrain through the dialog (TensorFlow import
and training on the background thread) and, meanwhile, measures the gaps between ticks of
a 5 ms timer on the GUI thread, while the pad keeps predicting a drawing every tick.
Target (DESIGN.md): no gap over 50 ms.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time

import numpy as np

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--arch", default="cnn-lenet")
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--limit", type=int, default=20000)
    args = parser.parse_args()

    from PySide6.QtCore import QSettings, QTimer
    from PySide6.QtWidgets import QApplication

    from digitpad.gui.main_window import MainWindow
    from digitpad.gui.smoke import draw_strokes
    from digitpad.samples import template

    app = QApplication(sys.argv[:1])
    settings = QSettings(os.path.join(tempfile.mkdtemp(), "s.ini"), QSettings.Format.IniFormat)
    window = MainWindow(settings)
    window.show()
    window.load_initial_model()
    draw_strokes(window.pad, template("4"))
    window.show_retrain()
    dialog = window.retrain_dialog
    dialog.architecture.setCurrentIndex(dialog.architecture.findData(args.arch))
    dialog.epochs.setValue(args.epochs)
    dialog.subset.setValue(args.limit)

    ticks: list[float] = []
    phases: list[str] = []

    def tick():
        ticks.append(time.perf_counter())
        phases.append(dialog.status.text()[:20])
        window.predict_now()  # the pad keeps predicting with the current model
        if dialog.pages.currentIndex() == 2 or (dialog.task is not None and not dialog.is_training()
                                                and dialog.pages.currentIndex() != 1):
            app.quit()

    timer = QTimer(interval=5)
    timer.timeout.connect(tick)
    timer.start()
    dialog.start_training()
    start = time.perf_counter()
    app.exec()
    gaps = np.diff(ticks) * 1000
    print(f"{args.arch}, {args.epochs} epochs on {args.limit} images: {time.perf_counter() - start:.1f} s, "
          f"{len(gaps)} timer gaps measured, pad predicting every tick\n")
    print("| phase | ticks | median gap ms | p99 gap ms | max gap ms |\n| --- | ---: | ---: | ---: | ---: |")
    labels = np.array(phases[1:])
    for phase in dict.fromkeys(phases[1:]):
        part = gaps[labels == phase]
        print(f"| {phase.strip('…. ')} | {len(part)} | {np.median(part):.1f} | {np.percentile(part, 99):.1f} "
              f"| {part.max():.1f} |")
    print(f"| all | {len(gaps)} | {np.median(gaps):.1f} | {np.percentile(gaps, 99):.1f} | {gaps.max():.1f} |")


if __name__ == "__main__":
    main()
