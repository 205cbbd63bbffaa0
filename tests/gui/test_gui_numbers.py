"""Whole numbers in the window, offscreen: the wide pad, the answer, boxes, hover, teaching a digit."""

import threading

import numpy as np
import pytest
from PIL import Image

pytest.importorskip("PySide6")

from PySide6.QtCore import QEvent, Qt
from PySide6.QtTest import QTest

from digitpad.gui.number_reader import BackgroundNumberReader
from digitpad.gui.results import percent_label
from digitpad.gui.smoke import draw_strokes, send_mouse
from digitpad.inference.prediction import Status
from digitpad.personal.sample_store import SampleStore, default_store_path
from tests.gui_helpers import make_window, open_picture
from tests.number_fixtures import number_drawing, number_image, number_strokes


@pytest.fixture
def settings_path(tmp_path):
    return tmp_path / "settings.ini"


@pytest.fixture
def window(qtbot, settings_path):
    window = make_window(qtbot, settings_path)
    window.number_action.trigger()
    return window


def read_now(qtbot, window):
    """The number on the pad, once the background reader's answer for it is shown."""
    window.predict_now()
    qtbot.waitUntil(lambda: not window.number_reading_pending(), timeout=60_000)
    return window.numbers.reading


def write(qtbot, window, digits):
    draw_strokes(window.pad, [[(x, y) for x, y, _ in stroke] for stroke in number_strokes(digits)])
    return read_now(qtbot, window)


def test_the_number_pad_is_wide_and_remembered(qtbot, settings_path, window):
    assert window.number_mode and window.number_button.isChecked()
    rect = window.pad.canvas_rect()
    assert rect.width() > 4 * rect.height()
    assert window.numbers.answer.isVisible() and not window.answer.isVisible()
    again = make_window(qtbot, settings_path)  # the next start opens in the same mode
    assert again.number_mode and again.pad.is_wide()
    again.number_button.click()
    assert not again.number_mode and not again.pad.is_wide() and again.answer.isVisible()


def test_a_number_written_with_the_mouse_is_read_with_a_box_per_digit(qtbot, window):
    reading = write(qtbot, window, "2026")
    assert reading.text == "2026"
    assert len(window.pad._boxes) == 4
    assert window.session.prediction.label == "2"  # the chart and preview show the first digit
    shown = window.preview._image
    seen = np.frombuffer(shown.constBits(), np.uint8).reshape(28, shown.bytesPerLine())[:, :28]
    assert np.abs(seen / 255 - reading.digits[0].prediction.image28).max() < 2 / 255  # the first digit's 28x28


def test_hovering_or_picking_a_digit_shows_it(qtbot, window):
    reading = write(qtbot, window, "2026")
    x0, y0, x1, y1 = reading.digits[3].box  # pad units
    send_mouse(window.pad, QEvent.Type.MouseMove, (x0 + x1) / 2, (y0 + y1) / 2, Qt.MouseButton.NoButton)
    assert window.session.prediction.label == "6"
    send_mouse(window.pad, QEvent.Type.MouseMove, 275, 5, Qt.MouseButton.NoButton)  # off the digits
    assert window.session.prediction.label == "2"
    window.numbers.answer.setFocus()
    QTest.keyClick(window.numbers.answer, Qt.Key.Key_Right)
    assert window.session.prediction.label == "0"
    QTest.keyClick(window.numbers.answer, Qt.Key.Key_Right)
    QTest.keyClick(window.numbers.answer, Qt.Key.Key_Right)
    QTest.keyClick(window.numbers.answer, Qt.Key.Key_Right)  # stays on the last digit
    assert window.session.prediction.label == "6"


def test_teaching_corrects_the_digit_in_focus_and_undo_takes_it_back(qtbot, window):
    reading = write(qtbot, window, "2026")
    window.numbers.select(1)
    window.teach("6")
    store = SampleStore(default_store_path())
    samples = store.samples()
    assert [s.label for s in samples] == ["6"]
    assert np.allclose(store.training_arrays()[0][0], reading.digits[1].prediction.image28, atol=1 / 255)
    assert "digit 2 of 2026" in samples[0].origin
    assert read_now(qtbot, window).text == "2626"  # the same ink is read as taught at once
    window.undo_action.trigger()
    assert store.count() == 0 and read_now(qtbot, window).text == "2026"


def test_an_opened_image_of_a_number_is_read(qtbot, window, tmp_path):
    path = tmp_path / "year.png"
    Image.fromarray(number_image("1985")).save(path)
    assert open_picture(qtbot, window, path)
    assert read_now(qtbot, window).text == "1985"
    assert window.pad._boxes_on_image and len(window.pad._boxes) == 4
    assert all(0 <= box.left() < box.right() <= 1.0001 for box in window.pad._boxes)  # fractions of the image


def test_back_to_the_digit_pad_a_number_that_does_not_fit_is_cleared_and_undo_brings_it_back(qtbot, window):
    write(qtbot, window, "2026")
    window.number_action.trigger()
    assert not window.number_mode and window.pad.is_empty()
    window.undo_action.trigger()  # what comes back is shown where it fits: on the number pad, read as a number
    assert len(window.pad.content.strokes) == 4
    assert window.number_mode and window.pad.is_wide() and window.number_button.isChecked()
    assert read_now(qtbot, window).text == "2026"
    window.redo_action.trigger()
    assert window.pad.is_empty()


def test_undo_past_a_switch_to_the_digit_pad_shows_the_number_again(qtbot, window):
    """Strokes drawn on the number pad are never restored onto the digit pad, where they would
    lie outside what is shown (the answer said "not a digit" for ink nobody could see)."""
    write(qtbot, window, "42")
    window.clear_action.trigger()
    window.number_action.trigger()  # an empty pad: nothing to clear, so nothing pushed
    assert not window.number_mode
    draw_strokes(window.pad, [[(10, 10), (40, 45)]])  # a stroke on the digit pad
    window.undo_action.trigger()  # the stroke
    assert not window.number_mode and window.pad.is_empty()
    window.undo_action.trigger()  # the clear: the 42 comes back, and with it the number pad
    assert window.number_mode and read_now(qtbot, window).text == "42"


def test_esc_clears_the_number(qtbot, window):
    write(qtbot, window, "42")
    QTest.keyClick(window, Qt.Key.Key_Escape)
    assert read_now(qtbot, window) is None
    assert window.pad.is_empty() and window.numbers.reading is None and window.session.prediction is None


def test_opening_a_picture_of_a_number_on_the_digit_pad_reads_the_number(qtbot, settings_path, tmp_path, mnist):
    window = make_window(qtbot, settings_path)
    assert not window.number_mode
    single = tmp_path / "digit.png"
    Image.fromarray(255 - mnist.x_test[0]).resize((112, 112)).save(single)
    assert open_picture(qtbot, window, single)
    qtbot.waitUntil(lambda: window._number_check is None, timeout=60_000)
    assert not window.number_mode  # one digit stays on the digit pad
    number = tmp_path / "year.png"
    Image.fromarray(number_image("1985")).save(number)
    assert open_picture(qtbot, window, number)
    qtbot.waitUntil(lambda: window.number_mode, timeout=60_000)
    assert "whole number" in window.statusBar().currentMessage()
    assert read_now(qtbot, window).text == "1985"


def test_opening_a_picture_never_reads_it_on_the_gui_thread(qtbot, settings_path, tmp_path):
    window = make_window(qtbot, settings_path)
    readers = []
    real_read = window.session.recognizer.read
    window.session.recognizer.read = lambda source, *args: (
        readers.append(threading.current_thread()) or real_read(source, *args)
    )
    number = tmp_path / "year.png"
    Image.fromarray(number_image("1985")).save(number)
    assert open_picture(qtbot, window, number)
    qtbot.waitUntil(lambda: window.number_mode, timeout=60_000)
    assert readers and threading.main_thread() not in readers


def test_a_picture_replaced_before_it_is_read_does_not_switch_the_pad(qtbot, settings_path, tmp_path, mnist):
    window = make_window(qtbot, settings_path)
    number, single = tmp_path / "year.png", tmp_path / "digit.png"
    Image.fromarray(number_image("1985")).save(number)
    Image.fromarray(255 - mnist.x_test[0]).resize((112, 112)).save(single)
    held = window.session.recognizer = HeldReader(window.session.recognizer)
    assert open_picture(qtbot, window, number)
    qtbot.waitUntil(lambda: len(held.read_drawings) == 1, timeout=60_000)
    assert open_picture(qtbot, window, single)  # while the number is being read
    held.release.set()
    qtbot.waitUntil(lambda: window._number_check is None, timeout=60_000)
    assert not window.number_mode


class HeldReader:
    """Wraps a recognizer: each `read` waits until the test lets it go, and is recorded."""

    def __init__(self, recognizer):
        self._recognizer, self.release, self.read_drawings = recognizer, threading.Event(), []

    def __getattr__(self, name):
        return getattr(self._recognizer, name)

    def read(self, drawing):
        self.read_drawings.append(drawing)
        assert self.release.wait(120), "the test never released the reader"
        return self._recognizer.read(drawing)


def test_requests_made_while_reading_collapse_into_the_newest(qtbot, window):
    held = HeldReader(window.session.recognizer)
    reader, results = BackgroundNumberReader(), []
    reader.finished.connect(results.append)
    drawings = [number_drawing(text) for text in ("1", "12", "123", "1234")]
    reader.request(held, drawings[0])
    qtbot.waitUntil(lambda: len(held.read_drawings) == 1, timeout=60_000)  # the first read is under way
    for drawing in drawings[1:]:
        reader.request(held, drawing)
    held.release.set()
    qtbot.waitUntil(lambda: bool(results) and results[-1].drawing is drawings[-1], timeout=60_000)
    reader.stop()
    assert [r.drawing for r in results] == [drawings[0], drawings[-1]]  # the two in between were never read
    assert held.read_drawings == [drawings[0], drawings[-1]]
    assert results[-1].reading.text == "1234"


def test_the_pen_never_waits_for_the_reader_and_only_the_newest_number_is_shown(qtbot, window):
    held = HeldReader(window.session.recognizer)
    window.session.recognizer = held
    # The reader is stuck on the first stroke's reading; had the pad waited for it, this would never end.
    draw_strokes(window.pad, [[(x, y) for x, y, _ in stroke] for stroke in number_strokes("2026")])
    assert len(window.pad.content.strokes) == 4 and not held.release.is_set()
    assert window.numbers.reading is None and window.number_reading_pending()
    held.release.set()
    assert read_now(qtbot, window).text == "2026"
    assert len(held.read_drawings) < 6  # not one read per mouse move: the waiting ones collapsed


def test_a_digit_taught_while_its_number_is_read_is_taught_once_the_reading_arrives(qtbot, window):
    write(qtbot, window, "20")
    held = HeldReader(window.session.recognizer)
    window.session.recognizer = held
    draw_strokes(window.pad, [[(x + 60, y) for x, y, _ in stroke] for stroke in number_strokes("2")])
    window.teach("7")  # teaches the focused digit of "202", whose reading is still on its way
    assert SampleStore(default_store_path()).count() == 0
    held.release.set()
    qtbot.waitUntil(lambda: SampleStore(default_store_path()).count() == 1, timeout=60_000)
    assert "of 202" in SampleStore(default_store_path()).samples()[0].origin


def test_a_price_and_a_date_written_with_the_mouse_keep_their_separators(qtbot, window):
    for text in ("12.50", "29/11"):
        window.pad.clear()
        reading = write(qtbot, window, text)
        assert reading.text == text
        assert text in window.numbers.answer.accessibleDescription()
        assert len(window.pad._boxes) == 4  # one box per digit; the separator has none
        # every character's confidence under it, the separator's too: its doubt shown where it is
        # (a narrow cell drops the "%")
        shown = [text.rstrip("%") for _, text in window.numbers.answer.captions()]
        assert shown == [percent_label(c.confidence).rstrip("%") for c in reading.characters]
        window.numbers.answer.setFocus()
        QTest.keyClick(window.numbers.answer, Qt.Key.Key_Right)
        assert window.session.prediction.label == text[1]  # Left/Right walk the digits, not the separator


def test_opening_a_picture_leaves_the_gui_thread_free(qtbot, settings_path, tmp_path, monkeypatch):
    """Decoding and preprocessing run on the opener's thread; a newer open replaces an older
    one still waiting, and only the newest is shown."""
    import digitpad.gui.image_opener as opener

    window = make_window(qtbot, settings_path)
    threads, real = [], opener.Drawing.from_image
    monkeypatch.setattr(
        opener.Drawing,
        "from_image",
        staticmethod(lambda image, source: threads.append(threading.current_thread()) or real(image, source)),
    )
    first, second = tmp_path / "first.png", tmp_path / "second.png"
    Image.fromarray(number_image("12")).save(first)
    Image.fromarray(number_image("345")).save(second)
    with qtbot.waitSignal(window.image_opened, timeout=60_000):
        window.open_image(first)
        window.open_image(second)  # before the first is shown
    qtbot.waitUntil(lambda: not window.image_opening_pending(), timeout=60_000)
    assert window.pad.content.drawing.source == "second.png"
    assert threads and threading.main_thread() not in threads


def test_a_mark_alone_is_no_number_and_marks_are_counted_apart_from_unsure_digits(qtbot, window):
    # A dot on the number pad said "0.0% sure of the whole number · 1 unsure (? above)" under a "–".
    reading = write(qtbot, window, [[[(0.0, 40.0), (0.5, 40.3)]]])  # one dot
    view = window.numbers.answer
    assert [d.status for d in reading.digits] == [Status.NOT_A_DIGIT]
    assert view.summary_text(0, view.fontMetrics(), marks=1) == "A mark, not a number"
    assert view.accessibleDescription() == "a mark, not a number"
    window.pad.clear()
    write(qtbot, window, "2026")
    view.resize(1000, view.height())
    assert view.summary_text(1, view.fontMetrics(), marks=1).endswith("· 1 unsure (? above) · 1 mark (– above)")


def test_the_summary_line_shortens_to_fit_a_narrow_window(qtbot, window):
    write(qtbot, window, "2026")
    view = window.numbers.answer
    metrics = view.fontMetrics()
    view.resize(1000, view.height())
    assert view.summary_text(2, metrics).endswith("sure of the whole number · 2 unsure (?s above)")
    view.resize(150, view.height())  # narrower than the long form: a shorter one that fits
    short = view.summary_text(2, metrics)
    assert "sure" in short and metrics.horizontalAdvance(short) <= 150
