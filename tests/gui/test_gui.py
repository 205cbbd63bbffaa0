"""The window, offscreen: drawing through mouse events, undo, files in and out, models, settings."""

import json
import os
import subprocess
import sys

import numpy as np
import pytest
from PIL import Image

pytest.importorskip("PySide6")

from PySide6.QtCore import QEvent, QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent, QGuiApplication, QImage

from digitpad.data.synth.templates import TEMPLATES, template
from digitpad.gui.smoke import send_mouse
from tests.gui_helpers import draw, make_window, open_picture


@pytest.fixture
def digit_file(tmp_path, mnist):
    path = tmp_path / "scan.png"
    Image.fromarray(255 - mnist.x_test[1]).resize((140, 140)).save(path)  # a "2", dark on light
    return path


@pytest.mark.parametrize(
    "label, style",
    [
        ("0", "oval"),
        ("1", "flag"),
        ("2", "curved"),
        ("3", "round"),
        ("4", "closed"),
        ("7", "plain"),
        ("8", "two loops"),
    ],
)
def test_drawing_with_the_mouse_is_recognized(window, label, style):
    prediction = draw(window, TEMPLATES[label, style])
    assert prediction is not None and prediction.label == label
    assert window.answer.digit.text().rstrip("?") == label
    assert window.preview._image is not None


def test_prediction_updates_while_drawing_not_only_on_release(window, qtbot):
    seen = []
    window.predicted.connect(seen.append)
    send_mouse(window.pad, QEvent.Type.MouseButtonPress, 28, 8, Qt.MouseButton.LeftButton)
    for y in range(9, 48, 3):
        send_mouse(window.pad, QEvent.Type.MouseMove, 28, y, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: any(p is not None for p in seen), timeout=2000)
    assert window.pad.is_drawing()  # the button is still down, and there is already an answer


def test_empty_pad_shows_a_neutral_state(window):
    window.predict_now()
    assert window.session.prediction is None and window.answer.digit.text() == "–"
    assert window.chart._probabilities is None


def test_undo_redo_clear(window):
    draw(window, template("4"))
    assert len(window.pad.content.strokes) == 2
    window.undo_action.trigger()
    assert len(window.pad.content.strokes) == 1
    window.redo_action.trigger()
    assert len(window.pad.content.strokes) == 2
    window.clear_action.trigger()
    assert window.pad.is_empty()
    window.predict_now()
    assert window.session.prediction is None
    window.undo_action.trigger()  # a clear is undoable: the drawing comes back
    assert len(window.pad.content.strokes) == 2


def test_open_image_then_undo_restores_the_drawing(qtbot, window, digit_file):
    draw(window, template("7"))
    assert open_picture(qtbot, window, digit_file)
    window.predict_now()
    assert window.session.prediction.label == "2" and window.pad.content.image is not None
    assert str(digit_file) in window.recent_files()
    window.undo_action.trigger()
    window.predict_now()
    assert window.session.prediction.label == "7" and window.pad.content.image is None


def test_drop_a_file_and_paste_an_image(qtbot, window, digit_file, mnist):
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(digit_file))])
    with qtbot.waitSignal(window.image_opened, timeout=60_000):
        window.dropEvent(
            QDropEvent(
                QPointF(10, 10),
                Qt.DropAction.CopyAction,
                mime,
                Qt.MouseButton.LeftButton,
                Qt.KeyboardModifier.NoModifier,
            )
        )
    window.predict_now()
    assert window.session.prediction.label == "2"

    seven = np.ascontiguousarray(np.repeat(mnist.x_test[0], 4, 0).repeat(4, 1))
    QGuiApplication.clipboard().setImage(QImage(seven.data, 112, 112, 112, QImage.Format.Format_Grayscale8).copy())
    with qtbot.waitSignal(window.image_opened, timeout=60_000):
        window.paste_action.trigger()
    window.predict_now()
    assert window.session.prediction.label == "7" and window.pad.content.source == "pasted image"


def test_bad_files_show_a_message_and_change_nothing(qtbot, window, bad_files, errors):
    draw(window, template("3"))
    before = (window.pad.content, window.session.prediction.label, window.session.recognizer)
    for name, path in bad_files.items():
        assert not open_picture(qtbot, window, path), name
        window.predict_now()
        assert (window.pad.content, window.session.prediction.label, window.session.recognizer) == before
    assert len(errors) == len(bad_files)
    assert all("\n" not in message for message in errors)
    assert any("too large" in m for m in errors) and any("blank" in m for m in errors)


def test_broken_model_keeps_the_current_one(window, tmp_path, errors):
    current = window.session.recognizer
    junk = tmp_path / "junk.onnx"
    junk.write_bytes(b"junk")
    assert not window.use_model(junk)
    assert window.session.recognizer is current and "not a valid ONNX model" in errors[-1]


def test_save_drawing_as_png(window, tmp_path, errors):
    draw(window, template("7"))
    target = tmp_path / "seven.png"
    assert window.save_drawing(target)
    assert list(tmp_path.glob(".seven.png.*")) == []  # no temporary file left behind
    assert window.session.recognizer.predict(target).label == "7"
    blocked = tmp_path / "a-file"
    blocked.write_text("x")
    assert not window.save_drawing(blocked / "x.png")  # its folder is a file
    assert errors and window.pad.content.strokes  # the drawing is still there


def test_settings_persist_across_a_restart(qtbot, settings_path, errors, digit_file):
    first = make_window(qtbot, settings_path)
    first.pen_slider.setValue(7)
    open_picture(qtbot, first, digit_file)
    first.resize(720, 520)  # within the offscreen screen (800x600)
    first.close()

    second = make_window(qtbot, settings_path)
    assert second.pad.pen_width == 7 and second.pen_slider.value() == 7
    assert second.recent_files() == [str(digit_file)]
    assert second.session.last_folder() == digit_file.parent
    assert (second.width(), second.height()) == (720, 520)


def test_smoke_test_command(tmp_path):
    env = {**os.environ, "TMPDIR": str(tmp_path)}
    out = subprocess.run(
        [sys.executable, "-m", "digitpad", "--smoke-test"], capture_output=True, text=True, timeout=120, env=env
    )
    assert not list(tmp_path.glob("digitpad-smoke-*"))  # its scratch folder is gone
    report = json.loads(out.stdout.strip().splitlines()[-1])
    assert out.returncode == 0, out.stderr
    assert report["digit"] == report["expected"]
    assert 0 < report["window_shown_s"] <= report["first_prediction_s"]
    assert report["tensorflow_imported"] is False


def test_keyboard_shortcuts(window, qtbot):
    from PySide6.QtTest import QTest

    window.activateWindow()
    draw(window, template("4"))
    QTest.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert len(window.pad.content.strokes) == 1
    QTest.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert len(window.pad.content.strokes) == 2
    QTest.keyClick(window, Qt.Key.Key_Escape)
    assert window.pad.is_empty()


def test_pasting_an_enormous_image_is_refused(qtbot, window, errors):
    draw(window, template("7"))
    before = window.pad.content
    assert not open_picture(qtbot, window, np.broadcast_to(np.uint8(200), (9000, 9000)))
    assert window.pad.content is before and "too large" in errors[-1]


def test_a_click_on_the_pad_shows_not_a_digit(window):
    prediction = draw(window, [[(30, 24)]])  # press and release in one place: a dot
    assert prediction is not None and prediction.is_not_a_digit
    assert window.answer.detail.text() == "Not a digit" and window.answer.digit.text() == "–"
    assert window.chart._greyed  # bars stay visible, none singled out
    window.pad.clear()
    assert draw(window, TEMPLATES["1", "bar"]).label == "1" and not window.chart._greyed


def test_an_opened_image_of_a_scribble_shows_not_a_digit(qtbot, window, tmp_path):
    from PIL import ImageDraw

    path = tmp_path / "scribble.png"
    image = Image.new("L", (300, 200), 250)
    ImageDraw.Draw(image).line(
        [(40, 40), (260, 60), (50, 80), (250, 100), (45, 120), (255, 140), (60, 160)], fill=20, width=9
    )
    image.save(path)
    assert open_picture(qtbot, window, path)
    window.predict_now()
    assert window.session.prediction.is_not_a_digit and window.answer.detail.text() == "Not a digit"
