"""The window against untrusted settings, odd files and broken library entries: it always
starts, says what it reset or skipped once, and keeps what the user had."""

import io
import json
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

pytest.importorskip("PySide6")

from PySide6.QtCore import QSettings

from digitpad.base.paths import bundled_model_path, user_models_dir
from digitpad.data.synth.templates import TEMPLATES
from digitpad.library import save_to_library
from tests.gui_helpers import draw, make_window, open_picture


def write_settings(path, **values):
    settings = QSettings(str(path), QSettings.Format.IniFormat)
    for key, value in values.items():
        settings.setValue(key, value)
    settings.sync()


@pytest.mark.parametrize(
    "key, value",
    [
        ("penWidth", "abc"),
        ("penWidth", "nan"),
        ("penWidth", "inf"),
        ("penWidth", "1e308"),
        ("penWidth", "-3"),
        ("geometry", "hello"),
        ("colorScheme", "purple"),
        ("recentFiles", ["a.png", "y" * 5000]),
        ("lastFolder", "x" * 5000),
    ],
)
def test_an_unusable_setting_is_reset_and_said_once(qtbot, settings_path, errors, key, value):
    write_settings(settings_path, **{key: value})
    window = make_window(qtbot, settings_path)
    window.session.last_folder(), window.recent_files()  # read when a file dialog or the Recent menu opens
    assert window.session.recognizer is not None and key in window.session.saved.reset
    if key in ("penWidth", "geometry", "colorScheme"):  # read at start: said once the model is loaded
        assert key in window.statusBar().currentMessage()
    assert draw(window, TEMPLATES["7", "plain"]).label == "7"
    window.close()
    again = make_window(qtbot, settings_path)  # the bad value was removed: no second message
    assert again.session.saved.reset == []


@pytest.mark.parametrize("damage", ["wrong-typed metadata", "deep nesting", "unreadable folder", "not a string"])
def test_a_remembered_model_that_cannot_load_falls_back_to_the_bundled_one(
    qtbot, settings_path, errors, damage, tmp_path, monkeypatch
):
    saved = save_to_library(bundled_model_path(), "mine")
    meta = json.loads(saved.with_suffix(".json").read_text())
    remembered = str(saved)
    if damage == "wrong-typed metadata":
        saved.with_suffix(".json").write_text(json.dumps({**meta, "test_accuracy": "0.99"}))
    elif damage == "deep nesting":
        saved.with_suffix(".json").write_text(json.dumps(meta)[:-1] + ', "x": ' + "[" * 50_000 + "]" * 50_000 + "}")
    elif damage == "unreadable folder":  # simulated: tests may run as root, whom permissions do not stop
        locked = tmp_path / "locked"
        remembered = str(locked / "mine.onnx")
        real_is_file = Path.is_file

        def is_file(path):
            if locked in path.parents:
                raise PermissionError(13, "Permission denied", str(path))
            return real_is_file(path)

        monkeypatch.setattr(Path, "is_file", is_file)
    write_settings(settings_path, modelPath=[1, 2] if damage == "not a string" else remembered)
    window = make_window(qtbot, settings_path)
    assert window.session.recognizer is not None and window.session.recognizer.name == "digitpad-cnn"
    expected = "reset: modelPath" if damage == "not a string" else "Could not load the last model"
    assert expected in window.statusBar().currentMessage()
    assert draw(window, TEMPLATES["1", "flag"]).label == "1"


def test_broken_library_entries_are_skipped_with_a_message(qtbot, settings_path, errors):
    save_to_library(bundled_model_path(), "good")
    (user_models_dir() / "junk.onnx").write_bytes(b"junk")
    window = make_window(qtbot, settings_path)
    window._fill_model_menu()
    names = [a.text() for a in window.model_menu.actions()]
    assert any(n.startswith("good") for n in names) and not any("junk" in n for n in names)
    assert "junk" in window.statusBar().currentMessage()


def lab_tiff() -> bytes:
    buffer = io.BytesIO()
    Image.fromarray(np.full((40, 40, 3), 200, np.uint8)).convert("LAB").save(buffer, "TIFF")
    return buffer.getvalue()


def test_odd_images_open_or_give_one_message_and_keep_the_drawing(qtbot, settings_path, errors, tmp_path):
    window = make_window(qtbot, settings_path)
    draw(window, TEMPLATES["7", "plain"])
    strokes = window.pad.content.strokes
    lab = tmp_path / "lab.tif"
    digit = np.full((40, 40, 3), 230, np.uint8)
    digit[8:32, 18:22] = 20
    Image.fromarray(digit).convert("LAB").save(lab)
    assert open_picture(qtbot, window, lab)  # LAB TIFFs are read, not refused
    window.predict_now()
    assert window.session.prediction.label == "1"
    window.pad.undo_stack.undo()
    assert window.pad.content.strokes == strokes

    broken = tmp_path / "broken.ppm"
    broken.write_bytes(b"P5\n2 2\n0\n\x00\x00\x00\x00")  # maxval 0: Pillow raises a ValueError
    assert not open_picture(qtbot, window, broken)
    assert errors and "\n" not in errors[-1] and window.pad.content.strokes == strokes


def test_an_exception_escaping_a_slot_is_logged_and_shown_in_a_dialog(qtbot, settings_path, errors, monkeypatch):
    import sys

    from digitpad.base.logs import log_file_path, setup_logging
    from digitpad.gui.app import install_error_dialog

    setup_logging()
    window = make_window(qtbot, settings_path)
    shown = []
    monkeypatch.setattr("PySide6.QtWidgets.QMessageBox.critical", lambda parent, title, text: shown.append(text))
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # restored after the test
    install_error_dialog(window)
    try:
        raise ZeroDivisionError("a bug in a slot")
    except ZeroDivisionError:
        sys.excepthook(*sys.exc_info())
    assert len(shown) == 1 and "a bug in a slot" in shown[0] and str(log_file_path()) in shown[0]
    assert "Traceback" in log_file_path().read_text()
    assert window.isVisible()  # the window goes on


def test_a_model_failing_on_a_drawing_is_said_and_the_drawing_kept(qtbot, settings_path, errors, monkeypatch):
    from digitpad.base.errors import ModelError

    window = make_window(qtbot, settings_path)

    def fails(drawing):
        raise ModelError("m.onnx: the model answered NaN or infinity: it is broken")

    monkeypatch.setattr(window.session.recognizer, "predict_drawing", fails)
    assert draw(window, TEMPLATES["7", "plain"]) is None
    assert "answered NaN" in window.statusBar().currentMessage() and window.pad.content.strokes


WINDOW_DELETED_WHILE_ITS_WORK_RUNS = """
import gc, threading
import shiboken6
from PySide6.QtWidgets import QApplication, QWidget
from digitpad.gui.tasks import ThreadTask

app = QApplication([])
release, results = threading.Event(), []

class Window(QWidget):
    def got(self, result):
        results.append(result)

window = Window()
ThreadTask(lambda report: release.wait(60) and "done", done=window.got)
shiboken6.delete(window)  # as when a window whose close was refused is deleted anyway
del window
gc.collect()
release.set()
import digitpad.gui.tasks as tasks
for task in list(tasks._unended_tasks):
    assert task.wait(60)
app.processEvents()
print("still here", results)
"""


def test_deleting_a_window_while_its_background_work_runs_does_not_abort(tmp_path):
    """Qt aborts the program when a running QThread is destroyed: its window's deletion must not do that."""
    import os
    import subprocess
    import sys

    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    ran = subprocess.run(
        [sys.executable, "-c", WINDOW_DELETED_WHILE_ITS_WORK_RUNS],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
        cwd=tmp_path,
    )
    assert ran.returncode == 0, ran.stderr[-2000:]
    assert "still here []" in ran.stdout  # the deleted window's handler is never called
