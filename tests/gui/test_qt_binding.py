"""Guards against Qt binding releases that corrupt reference counts (seen with PySide6 6.12.0 on Python 3.11)."""

import sys

import numpy as np
import pytest

pytest.importorskip("PySide6")

from digitpad.gui.results import ProbabilityChart
from digitpad.recognizer import Prediction


def test_repainting_does_not_leak_references_to_none(qtbot):
    chart = ProbabilityChart()
    qtbot.addWidget(chart)
    chart.resize(300, 160)
    probabilities = np.full(10, 0.02)
    probabilities[4] = 0.82
    chart.show_prediction(Prediction("4", 4, 0.82, probabilities, tuple("0123456789"), np.zeros((28, 28))))
    chart.grab()
    before = sys.getrefcount(None)
    for _ in range(300):  # each repaint makes dozens of void Qt calls
        chart.grab()
    # A broken binding loses one reference per call: thousands here, and the app aborts at zero.
    assert abs(sys.getrefcount(None) - before) < 500
