"""`digitpad --smoke-test`: the real window draws a scripted digit through mouse events and checks the answer.

Prints one JSON line: digit, expected, window_shown_s, first_prediction_s, and exits 0
only if the digit was recognized. The packaged app runs it too, so that a frozen build
whose recognition silently fails is caught.
"""

from __future__ import annotations

import json
import sys

from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication

from digitpad.data.synth.templates import template

EXPECTED = "7"


def send_mouse(pad, kind: QEvent.Type, x: float, y: float, buttons) -> None:
    """Deliver one mouse event at pad coordinates (x, y) through Qt's event dispatch."""
    square = pad.canvas_rect()
    scale = square.width() / pad.canvas[0]
    local = QPointF(square.left() + x * scale, square.top() + y * scale)
    event = QMouseEvent(
        kind, local, pad.mapToGlobal(local), Qt.MouseButton.LeftButton, buttons, Qt.KeyboardModifier.NoModifier
    )
    QApplication.sendEvent(pad, event)


def draw_strokes(pad, strokes, steps_per_segment: int = 6) -> None:
    """Send the strokes to the pad as a user's mouse would: press, many moves, release."""
    for stroke in strokes:
        (x_first, y_first), (x_last, y_last) = stroke[0], stroke[-1]
        send_mouse(pad, QEvent.Type.MouseButtonPress, x_first, y_first, Qt.MouseButton.LeftButton)
        for (x0, y0), (x1, y1) in zip(stroke, stroke[1:]):
            for i in range(1, steps_per_segment + 1):
                t = i / steps_per_segment
                x, y = x0 + (x1 - x0) * t, y0 + (y1 - y0) * t
                send_mouse(pad, QEvent.Type.MouseMove, x, y, Qt.MouseButton.LeftButton)
                QApplication.processEvents()
        send_mouse(pad, QEvent.Type.MouseButtonRelease, x_last, y_last, Qt.MouseButton.NoButton)


class SmokeTest:
    def __init__(self, window, clock):
        """`clock()` returns (seconds since start, what "start" means); called right after show()."""
        self.window, self.clock = window, clock
        self.shown_s, self.clock_name = clock()
        self.first_prediction_s = None
        window.predicted.connect(self._on_prediction)

    def _on_prediction(self, prediction) -> None:
        if prediction is not None and self.first_prediction_s is None:
            self.first_prediction_s = self.clock()[0]

    def run(self) -> None:
        window = self.window
        window.load_initial_model()
        draw_strokes(window.pad, template(EXPECTED))
        window.predict_now()
        prediction = window.session.prediction
        digit = prediction.label if prediction is not None else None
        report = {
            "digit": digit,
            "expected": EXPECTED,
            "window_shown_s": round(self.shown_s, 3),
            "first_prediction_s": round(self.first_prediction_s, 3) if self.first_prediction_s else None,
            "timed_from": self.clock_name,
            "tensorflow_imported": "tensorflow" in sys.modules,
        }
        print(json.dumps(report), flush=True)
        ok = digit == EXPECTED
        if not ok:
            print(f"digitpad: smoke test failed: drew {EXPECTED}, recognized {digit}", file=sys.stderr)
        window.close()
        app = QApplication.instance()
        if app is not None:
            app.exit(0 if ok else 1)
