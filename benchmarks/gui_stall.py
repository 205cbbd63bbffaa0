"""Does the window stay responsive? Event-loop gaps on the GUI thread.

    python benchmarks/gui_stall.py [--digits 31415926] [--training [--arch cnn-lenet] [--epochs 2] [--limit 20000]]

Number pad (always): the real window offscreen, on the wide pad, an 8-digit number written
with mouse events at a person's speed (a digit's strokes in about 0.45 s, 8 ms between mouse
points as a 125 Hz mouse reports them, 0.15 s between strokes). A 1 ms timer delivers each
point when it is due; when the loop was busy and several are due at once, only the newest
is delivered, as window systems merge queued mouse moves, so a stalled loop loses points.
Prints the longest gap between the timer's ticks and the points the pad kept, with the
number read in the background (the window as it is) and, for comparison, read on the GUI
thread at every move (as it was before issue 20).

Opening pictures (always): a 12-megapixel photo (JPEG), the same as pure noise (the slowest
to decode), and a 1,600 px PNG of diagonal lines, each opened on the digit pad and on the
number pad while a 1 ms timer ticks; prints the longest gap until the picture is shown and its
number (if any) read. Target (issue 21): opening any picture never blocks the window over 50 ms.

Training (--training): a retrain through the dialog while a 5 ms timer makes the pad
predict a drawing at every tick (TensorFlow runs in a child process).
Target (DESIGN.md): no gap over 50 ms, every point kept.
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


MOUSE_INTERVAL_S = 0.008  # a 125 Hz mouse
DIGIT_TIME_S = 0.45  # pen-down time of one digit, all its strokes
PEN_UP_S = 0.15  # between two strokes


def hand_timeline(digits: str) -> list[tuple[float, str, float, float]]:
    """(time s, "press" | "move" | "release", x, y): the number written on the wide pad."""
    from digitpad.data.synth.number_writing import NumberStyle, write_number
    from digitpad.data.synth.templates import template

    rng = np.random.default_rng(5)
    style = NumberStyle(height=(30.0, 30.0), gap=(0.15, 0.3), p_touching=0.0, spacing=(0.3, 0.3), wobble=0.0)
    shapes = [[np.asarray(s, float) for s in template(d)] for d in digits]
    strokes, _, boxes = write_number(shapes, rng, style)
    fit = min(1.0, 270 / max(box[2] for box in boxes))  # the wide pad is 280 units wide
    events, now = [], 0.0
    lengths = [np.linalg.norm(np.diff(np.array(s)[:, :2], axis=0), axis=1).sum() for s in strokes]
    speed = sum(lengths) / (DIGIT_TIME_S * len(digits))  # pad units a second
    for stroke, length in zip(strokes, lengths):
        path = np.array(stroke)[:, :2] * fit
        along = np.concatenate([[0.0], np.cumsum(np.linalg.norm(np.diff(path, axis=0), axis=1))])
        samples = max(2, int(length * fit / speed / MOUSE_INTERVAL_S))
        where = np.linspace(0.0, along[-1], samples)
        xs, ys = np.interp(where, along, path[:, 0]), np.interp(where, along, path[:, 1])
        events.append((now, "press", xs[0], ys[0]))
        for x, y in zip(xs[1:], ys[1:]):
            now += MOUSE_INTERVAL_S
            events.append((now, "move", x, y))
        events.append((now, "release", xs[-1], ys[-1]))
        now += PEN_UP_S
    return events


def write_number_on_pad(app, window, timeline, on_gui_thread: bool) -> tuple[float, int, int, str]:
    """Play the timeline; returns the longest event-loop gap (ms), points kept, points made, the number read."""
    from PySide6.QtCore import QEvent, Qt, QTimer

    from digitpad.gui.number_reader import read_number
    from digitpad.gui.smoke import send_mouse

    window.pad.clear()
    if on_gui_thread:  # as before: every read on the GUI thread, the answer shown at once
        window._number_reader.request = lambda recognizer, drawing: window._show_number(
            read_number(recognizer, drawing)
        )
    kinds = {
        "press": (QEvent.Type.MouseButtonPress, Qt.MouseButton.LeftButton),
        "move": (QEvent.Type.MouseMove, Qt.MouseButton.LeftButton),
        "release": (QEvent.Type.MouseButtonRelease, Qt.MouseButton.NoButton),
    }
    ticks, position = [], 0
    start = time.perf_counter()

    def tick():
        nonlocal position
        now = time.perf_counter()
        ticks.append(now)
        due = position
        while due < len(timeline) and timeline[due][0] <= now - start:
            due += 1
        while position < due:  # queued moves merge into the newest; presses and releases all arrive
            _, kind, x, y = timeline[position]
            if kind != "move" or position + 1 == due or timeline[position + 1][1] != "move":
                send_mouse(window.pad, kinds[kind][0], x, y, kinds[kind][1])
            position += 1
        if position == len(timeline) and not window.number_reading_pending():
            app.quit()

    timer = QTimer(interval=1)
    timer.setTimerType(Qt.TimerType.PreciseTimer)
    timer.timeout.connect(tick)
    timer.start()
    app.exec()
    timer.stop()
    if on_gui_thread:
        del window._number_reader.request  # the window as it is again
    made = sum(1 for _, kind, _, _ in timeline if kind != "release")
    kept = sum(len(stroke) for stroke in window.pad.content.strokes)
    reading = window.numbers.reading
    return float(np.diff(ticks).max() * 1000), kept, made, reading.text if reading else "-"


def number_pad(digits: str) -> None:
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from digitpad.gui.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    settings = QSettings(os.path.join(tempfile.mkdtemp(), "s.ini"), QSettings.Format.IniFormat)
    window = MainWindow(settings)
    window.resize(1000, 600)
    window.show()
    window.load_initial_model()
    window.set_number_mode(True)
    timeline = hand_timeline(digits)
    print(
        f"{digits} written in {timeline[-1][0]:.1f} s, {len(timeline)} mouse events; "
        f"pad {window.pad.width()}x{window.pad.height()} px"
    )
    for label, on_gui_thread in (("number pad", False), ("number pad, read on the GUI thread (before)", True)):
        gap, kept, made, text = write_number_on_pad(app, window, timeline, on_gui_thread)
        print(f"{label}: longest gap {gap:.0f} ms, points kept {kept}/{made}, read {text}")
    opening_pictures(app, window)
    window.close()


def test_pictures(folder: str) -> dict[str, str]:
    from PIL import Image

    rng = np.random.default_rng(0)
    y, x = np.mgrid[:3000, :4000]
    photo = np.repeat((150 + 60 * np.sin(x / 700.0) * np.cos(y / 500.0))[..., None], 3, axis=2)
    photo = photo + rng.normal(0, 4, photo.shape)
    photo[1000:2000, 1800:1950] = 40  # a 1
    noise = rng.integers(0, 256, (3000, 4000, 3), dtype=np.uint8)
    noise[1000:2000, 1800:1950] = 0
    side = np.arange(1600)
    lines = np.where((side[:, None] + side[None, :]) % 24 < 3, 0, 255).astype(np.uint8)
    paths = {"12 MP photo": "photo.jpg", "12 MP of noise": "noise.jpg", "1,600 px of diagonal lines": "lines.png"}
    for (name, file), pixels in zip(paths.items(), (photo.clip(0, 255).astype(np.uint8), noise, lines)):
        Image.fromarray(pixels).save(os.path.join(folder, file), **({"quality": 90} if file.endswith(".jpg") else {}))
    return {name: os.path.join(folder, file) for name, file in paths.items()}


def opening_pictures(app, window) -> None:
    from PySide6.QtCore import QTimer

    pictures = test_pictures(tempfile.mkdtemp())
    for number_mode in (False, True):
        window.set_number_mode(number_mode)
        for name, path in pictures.items():
            window.pad.clear()
            ticks = []
            timer = QTimer()
            timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
            timer.start(1)
            deadline = time.perf_counter() + 60
            window.open_image(path)
            while (
                window.image_opening_pending() or window.number_reading_pending()
            ) and time.perf_counter() < deadline:
                app.processEvents()
            for _ in range(20):  # and a little after
                app.processEvents()
                time.sleep(0.001)
            timer.stop()
            gap = float(np.diff(ticks).max() * 1000) if len(ticks) > 1 else float("nan")
            pad = "number pad" if number_mode else "digit pad"
            print(f"open {name} on the {pad}: longest gap {gap:.0f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--digits", default="31415926", help="the number written on the pad")
    parser.add_argument("--training", action="store_true", help="also measure the window while a model trains")
    parser.add_argument("--arch", default="cnn-lenet")
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--limit", type=int, default=20000)
    args = parser.parse_args()
    number_pad(args.digits)
    if args.training:
        training(args)


def training(args) -> None:
    from PySide6.QtCore import QSettings, QTimer
    from PySide6.QtWidgets import QApplication

    from digitpad.data.synth.templates import template
    from digitpad.gui.main_window import MainWindow
    from digitpad.gui.smoke import draw_strokes

    app = QApplication.instance()
    settings = QSettings(os.path.join(tempfile.mkdtemp(), "s.ini"), QSettings.Format.IniFormat)
    window = MainWindow(settings)
    window.show()
    window.load_initial_model()
    window.set_number_mode(False)
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
        if dialog.pages.currentIndex() == 2 or (
            dialog.task is not None and not dialog.is_training() and dialog.pages.currentIndex() != 1
        ):
            app.quit()

    timer = QTimer(interval=5)
    timer.timeout.connect(tick)
    timer.start()
    dialog.start_training()
    start = time.perf_counter()
    app.exec()
    gaps = np.diff(ticks) * 1000
    print(
        f"{args.arch}, {args.epochs} epochs on {args.limit} images: {time.perf_counter() - start:.1f} s, "
        f"{len(gaps)} timer gaps measured, pad predicting every tick\n"
    )
    print("| phase | ticks | median gap ms | p99 gap ms | max gap ms |\n| --- | ---: | ---: | ---: | ---: |")
    labels = np.array(phases[1:])
    for phase in dict.fromkeys(phases[1:]):
        part = gaps[labels == phase]
        print(
            f"| {phase.strip('…. ')} | {len(part)} | {np.median(part):.1f} | {np.percentile(part, 99):.1f} "
            f"| {part.max():.1f} |"
        )
    print(f"| all | {len(gaps)} | {np.median(gaps):.1f} | {np.percentile(gaps, 99):.1f} | {gaps.max():.1f} |")


if __name__ == "__main__":
    main()
