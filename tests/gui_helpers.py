"""What the window's tests share: a window made as the app makes it, and the user's ways of
giving it work (a picture opened, strokes drawn). Their fixtures are in conftest.py."""

import numpy as np
from PySide6.QtCore import QSettings

from digitpad.gui.main_window import MainWindow
from digitpad.gui.smoke import draw_strokes


def make_window(qtbot, settings_path):
    window = MainWindow(QSettings(str(settings_path), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.load_initial_model()
    return window


def open_picture(qtbot, window, picture, source: str = "pasted image") -> bool:
    """Open a file (or paste image data) as the user does, and wait until the window has shown
    it or said why not: pictures are opened off the GUI thread. True when shown."""
    with qtbot.waitSignal(window.image_opened, timeout=60_000) as opened:
        if isinstance(picture, np.ndarray):
            window.open_array(picture, source)
        else:
            window.open_image(picture)
    return opened.args[0]


def draw(window, strokes):
    draw_strokes(window.pad, strokes)
    window.predict_now()
    return window.session.prediction
