"""Enter runs the safe primary action, never a destructive one; an unsaved trained model is
never lost without a question; a job behind a hidden dialog shows in the main window."""

import shutil

import numpy as np
import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QMessageBox, QPushButton

from digitpad.base.paths import bundled_model_path
from digitpad.gui.main_window import MainWindow
from digitpad.inference.evaluation import evaluate_probabilities
from digitpad.jobs.training_jobs import TrainedModel
from digitpad.training.runs import TrainConfig
from tests.gui_helpers import open_picture


@pytest.fixture(autouse=True)
def _nothing_unsaved_at_the_end(window):
    """A model left unsaved makes the window refuse qtbot's closing (the answer to "quit without
    saving?" is Cancel), and its background threads would then outlive the test."""
    yield
    if window.retrain_dialog is not None:
        window.retrain_dialog.trained = None


def a_trained_model(folder) -> TrainedModel:
    """What a finished training hands the dialog (the bundled model's files stand in for the new ones)."""
    for ext in ("onnx", "json", "keras"):
        shutil.copy(bundled_model_path().with_suffix(f".{ext}"), folder / f"new.{ext}")
    labels = np.arange(10).repeat(3)
    evaluation = evaluate_probabilities(np.eye(10)[labels], labels)
    png = bundled_model_path().parent.parent / "resources" / "icons" / "digitpad-256.png"
    chart = png.read_bytes() if png.exists() else b""
    return TrainedModel(
        folder / "new.onnx",
        evaluation,
        {"accuracy": [0.9]},
        TrainConfig(architecture="mlp-128", optimizer="adam"),
        1.0,
        {"per_class": chart, "confusion": chart, "history": chart},
    )


def finished_retrain(window, tmp_path):
    window.show_retrain()
    dialog = window.retrain_dialog
    dialog._on_done(a_trained_model(tmp_path))
    assert dialog.pages.currentIndex() == 2
    return dialog


def test_enter_on_the_results_page_saves_and_never_discards(window, qtbot, tmp_path, monkeypatch):
    dialog = finished_retrain(window, tmp_path)
    asked = []
    monkeypatch.setattr(
        "digitpad.gui.retrain_dialog.save_to_library_asking", lambda parent, path, suggestion: asked.append(suggestion)
    )
    qtbot.keyClick(dialog, Qt.Key.Key_Return)
    assert asked and dialog.trained is not None and dialog.pages.currentIndex() == 2


def test_enter_on_the_settings_page_trains_and_does_not_close(window, qtbot, monkeypatch):
    window.show_retrain()
    dialog = window.retrain_dialog
    started = []
    monkeypatch.setattr(dialog, "start", lambda: started.append(True))
    dialog.train_button.clicked.disconnect()
    dialog.train_button.clicked.connect(dialog.start)
    dialog.epochs.setFocus()
    qtbot.keyClick(dialog.epochs, Qt.Key.Key_Return)
    assert started and dialog.isVisible()


def test_discarding_an_unsaved_model_asks_first_and_cancel_keeps_it(window, tmp_path, monkeypatch):
    dialog = finished_retrain(window, tmp_path)
    answers = iter([False, True])
    monkeypatch.setattr("digitpad.gui.job_dialog.confirm_discard", lambda parent, what: next(answers))
    dialog.discard_trained()
    assert dialog.trained is not None  # Cancel: kept
    dialog.discard_trained()
    assert dialog.trained is None and dialog.pages.currentIndex() == 0


def test_quitting_with_an_unsaved_model_asks(window, tmp_path, monkeypatch):
    finished_retrain(window, tmp_path)
    asked = []
    monkeypatch.setattr(window, "_confirm_quit_losing", lambda dialog: asked.append(dialog) or False)
    assert not window.close() and window.isVisible() and asked
    window.retrain_dialog.saved_path = tmp_path / "saved.onnx"  # once saved, quitting asks nothing
    asked.clear()
    assert window.close() and not asked


def press_in_message_boxes(monkeypatch, text: str) -> list:
    """Every message box shown with exec() is answered by clicking its button `text` (never
    waits on a real one); returns the texts of the boxes."""
    seen = []

    def answer(box):
        seen.append(box.text())
        next(b for b in box.buttons() if b.text().replace("&", "") == text).click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", answer)
    return seen


def test_a_trained_unsaved_model_stays_reachable_until_saved_used_or_discarded(window, qtbot, tmp_path, monkeypatch):
    dialog = finished_retrain(window, tmp_path)
    again = next(b for b in dialog.findChildren(QPushButton) if b.text() == "Train Again")
    again.click()  # back to the settings: the model waits, one click away
    assert dialog.pages.currentIndex() == 0 and dialog.waiting.isVisibleTo(dialog)
    assert "has not been saved" in dialog.waiting.text.text()
    dialog.waiting.button.click()
    assert dialog.pages.currentIndex() == 2

    again.click()
    dialog.hide()
    seen = press_in_message_boxes(monkeypatch, "Show")  # quitting asks; Show opens its results, not its settings
    assert not window.close() and seen and "not been saved" in seen[0]
    assert dialog.isVisible() and dialog.pages.currentIndex() == 2

    monkeypatch.setattr("digitpad.gui.job_dialog.confirm_discard", lambda parent, what: True)
    dialog.discard_trained()  # discarded: nothing waits, and nothing asks any more
    assert dialog.pages.currentIndex() == 0 and not dialog.waiting.isVisibleTo(dialog)
    assert window.close()


def test_after_saving_enter_uses_the_saved_copy_instead_of_saving_again(window, qtbot, tmp_path, monkeypatch):
    dialog = finished_retrain(window, tmp_path)
    saved = tmp_path / "library" / "mine.onnx"
    saved.parent.mkdir()
    for ext in ("onnx", "json", "keras"):
        shutil.copy(tmp_path / f"new.{ext}", saved.with_suffix(f".{ext}"))
    asked = []
    monkeypatch.setattr(
        "digitpad.gui.retrain_dialog.save_to_library_asking",
        lambda parent, path, suggestion: asked.append(suggestion) or saved,
    )
    qtbot.keyClick(dialog, Qt.Key.Key_Return)
    assert len(asked) == 1 and not dialog.save_button.isEnabled() and dialog.save_button.text() == "Saved as mine"
    qtbot.keyClick(dialog, Qt.Key.Key_Return)  # Enter now uses it, under its saved name (and remembers it)
    assert len(asked) == 1 and window.session.recognizer.path == saved
    assert "— in use now<br>" in dialog.summary.text()  # no longer compared with the model it replaced
    assert window.session.settings.value("modelPath", "") == str(saved)
    assert not dialog.has_unsaved_model()


def test_enter_in_the_reports_page_field_does_not_close_it(window, qtbot):
    from digitpad.gui.report_dialog import ReportDialog

    window.show_report()
    report = next(c for c in window.children() if isinstance(c, ReportDialog))
    qtbot.waitUntil(lambda: report.evaluation is not None, timeout=60_000)
    report.tabs.setCurrentIndex(3)
    report.page.setFocus()
    qtbot.keyClick(report.page, Qt.Key.Key_Return)
    assert report.isVisible()
    report.close()


def test_a_job_behind_a_hidden_dialog_shows_in_the_status_bar(window, monkeypatch):
    window.show_retrain()
    dialog = window.retrain_dialog
    monkeypatch.setattr(dialog, "is_running", lambda: True)
    dialog.job_bar.setValue(420)
    window.job_indicator.refresh()
    assert window.job_indicator.isHidden()  # the dialog is on screen: nothing to add
    dialog.hide()
    window.job_indicator.refresh()
    assert not window.job_indicator.isHidden() and "Training… 42 %" in window.job_indicator.label.text()
    window.job_indicator.show_button.click()
    assert dialog.isVisible() and window.job_indicator.isHidden()


def test_a_training_that_ends_behind_a_hidden_dialog_says_so_until_its_result_is_seen(window, tmp_path, monkeypatch):
    window.show_retrain()
    dialog = window.retrain_dialog
    running = [True]
    monkeypatch.setattr(dialog, "is_running", lambda: running[0])
    dialog.hide()
    window.job_indicator.refresh()
    assert "Training…" in window.job_indicator.label.text()
    running[0] = False
    dialog._on_done(a_trained_model(tmp_path))  # as the finished job does, out of sight
    dialog.pages.setCurrentIndex(0)
    window.job_indicator.refresh()
    window.job_indicator.refresh()  # it stays until the result is seen
    assert not window.job_indicator.isHidden()
    assert window.job_indicator.label.text() == "Training finished: a new model is ready"
    assert window.job_indicator.show_button.text() == "Show Result"
    window.job_indicator.show_button.click()
    assert dialog.isVisible() and dialog.pages.currentIndex() == 2 and window.job_indicator.isHidden()
    dialog.hide()
    window.job_indicator.refresh()
    assert window.job_indicator.isHidden()  # seen once is said


def test_the_pen_width_applies_to_new_strokes_only(window):
    from digitpad.data.synth.templates import TEMPLATES
    from digitpad.gui.smoke import draw_strokes

    window.pen_slider.setValue(3)
    draw_strokes(window.pad, TEMPLATES["1", "flag"])
    window.predict_now()
    before = window.pad.drawing().model_input().copy()
    answer = window.session.prediction.label
    window.pen_slider.setValue(9)  # after drawing: what is drawn keeps its width and its answer
    window.predict_now()
    assert np.array_equal(window.pad.drawing().model_input(), before) and window.session.prediction.label == answer
    draw_strokes(window.pad, [[(40, 50), (50, 50)]])  # a new stroke, drawn at the new width
    assert window.pad.drawing().stroke_widths() == (3.0,) * len(TEMPLATES["1", "flag"]) + (9.0,)
    window.pad.undo_stack.undo()
    assert np.array_equal(window.pad.drawing().model_input(), before)


def test_ctrl_y_redoes_and_the_shortcuts_list_names_real_keys(window, qtbot, monkeypatch):
    import platform

    from digitpad.gui import help as help_window
    from digitpad.gui.smoke import draw_strokes

    draw_strokes(window.pad, [[(10, 10), (40, 40)]])
    window.pad.undo_stack.undo()
    if platform.system() != "Darwin":
        window.activateWindow()
        window.setFocus()
        qtbot.keyClick(window, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
        assert window.pad.content.strokes
    table = help_window.shortcuts_table(window._shortcut_rows())
    assert "F14" not in table and ">Undo<" not in table
    for key in ("Ctrl+R", "Ctrl+T", "F1", "Ctrl+Shift+Z"):
        assert key in table, key
    shown = []
    monkeypatch.setattr("digitpad.gui.help.QMessageBox.about", lambda parent, title, text: shown.append(text))
    window.show_about()
    assert all(credit in shown[0] for credit in ("MNIST", "CC BY 4.0", "LGPL", "Apache 2.0"))


def test_help_is_one_scrollable_window_that_fits_the_screen(window):
    from digitpad.gui.help import HelpWindow

    window.show_help()
    window.show_help()  # asked again: the same window, brought back
    helps = window.findChildren(HelpWindow)
    assert len(helps) == 1 and helps[0].isVisible() and not helps[0].isModal()
    room = window.screen().availableGeometry()
    assert helps[0].height() <= room.height() and helps[0].width() <= room.width()
    assert "29/11/2026" in helps[0].text.toPlainText() and "Ctrl+R" in helps[0].text.toPlainText()
    helps[0].close()


def test_recent_files_drop_missing_ones_and_exports_start_in_the_last_folder(qtbot, window, tmp_path, monkeypatch):
    from PIL import Image

    kept, gone = tmp_path / "kept.png", tmp_path / "gone.png"
    for path in (kept, gone):
        image = np.full((40, 40), 240, np.uint8)
        image[5:35, 18:22] = 10
        Image.fromarray(image).save(path)
        assert open_picture(qtbot, window, path)
    gone.unlink()
    assert window.recent_files() == [str(kept)]
    assert window.session.settings.value("recentFiles") in ([str(kept)], str(kept))

    starts = []
    monkeypatch.setattr(
        "digitpad.gui.compare_dialog.QFileDialog.getSaveFileName",
        lambda parent, title, start, filters: starts.append(start) or ("", ""),
    )
    window.show_compare()
    window.compare_dialog.curves.png = b"png"
    window.compare_dialog.export_png()
    assert starts == [str(tmp_path / "optimizers.png")]


def test_bar_values_never_claim_100_percent_nor_show_clipped_text():
    from PySide6.QtGui import QFont, QFontMetrics

    from digitpad.gui.results import fitted, percent_label

    assert percent_label(0.9999) == ">99%" and percent_label(0.42) == "42%"
    metrics = QFontMetrics(QFont())
    assert fitted("42%", 200, metrics) == "42%"
    assert fitted("42%", metrics.horizontalAdvance("42") + 3, metrics) == "42"
    assert fitted("42%", 3, metrics) == ""


def test_the_library_name_is_checked_before_its_dialog_closes_and_keeps_what_was_typed(window, qtbot):
    from PySide6.QtWidgets import QInputDialog

    from digitpad.gui.job_widgets import ModelNameDialog

    dialog = ModelNameDialog(window, "suggested")
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.setTextValue("no/slashes")
    dialog.done(QInputDialog.DialogCode.Accepted)
    assert dialog.isVisible() and dialog.textValue() == "no/slashes" and "not a usable model name" in dialog.labelText()
    dialog.setTextValue("  my model  ")
    dialog.done(QInputDialog.DialogCode.Accepted)
    assert not dialog.isVisible() and dialog.name == "my model"


def test_loading_a_plain_onnx_model_says_what_is_assumed(window, tmp_path):
    import onnx

    from tests.hostile_models import digit_model

    onnx.save(digit_model(), tmp_path / "foreign.onnx")
    assert window.use_model(tmp_path / "foreign.onnx")
    assert window.session.recognizer.plain and "MNIST-style" in window.statusBar().currentMessage()


def test_the_saved_models_dialog_uses_renames_and_deletes_only_after_asking(window, qtbot, monkeypatch):
    from digitpad.library import save_to_library, saved_models

    save_to_library(bundled_model_path(), "alpha")
    save_to_library(bundled_model_path(), "beta")
    window.show_models()
    dialog = window.models_dialog
    assert dialog.list.count() == 2 and "Architecture:" in [
        dialog.details.itemAt(i, dialog.details.ItemRole.LabelRole).widget().text()
        for i in range(dialog.details.rowCount())
    ]
    dialog.list.setCurrentRow(0)
    qtbot.keyClick(dialog.list, Qt.Key.Key_Return)  # Enter uses the selected model
    assert window.session.recognizer.name == "alpha"

    monkeypatch.setattr("digitpad.gui.models_dialog.ask_model_name", lambda *a, **k: "alpha two")
    dialog.rename_selected()  # the model in use: renamed, and still in use under its new name
    assert window.session.recognizer.name == "alpha two" and sorted(m.name for m in saved_models()) == [
        "alpha two",
        "beta",
    ]

    dialog.delete_selected()  # in use: refused with a message, nothing deleted
    assert len(saved_models()) == 2 and "in use" in dialog.notice.text()
    dialog.refresh(select=next(m.path for m in saved_models() if m.name == "beta"))
    dialog.delete_selected()  # the question's default is Cancel (conftest answers as Escape)
    assert len(saved_models()) == 2


def test_compare_gives_results_the_room_has_close_and_exports_partial_results(window, tmp_path):
    from digitpad.training.experiments import OptimizerRun

    window.show_compare()
    dialog = window.compare_dialog
    assert any(b.text() == "Close" for b in dialog.findChildren(type(dialog.start_button)))
    assert dialog.splitter.count() == 2  # settings above, results below, the split the user's to move
    dialog._optimizers = ["adam", "sgd"]
    run = OptimizerRun("adam", {"learning_rate": 0.001}, {"accuracy": [0.9], "val_accuracy": [0.9]}, 0.95, 1.0)
    dialog._on_progress(run)
    dialog.curves.show_png(
        (bundled_model_path().parent.parent / "resources" / "icons" / "digitpad-256.png").read_bytes()
    )
    dialog._on_cancelled()
    dialog._on_ended()
    assert dialog.png_button.isEnabled() and dialog.csv_button.isEnabled()
    dialog.export_csv(str(tmp_path / "partial.csv"))
    assert (tmp_path / "partial.csv").read_text().splitlines()[1].startswith("adam,")


def test_retrain_remembers_its_settings_and_hides_rows_that_do_not_apply(window, qtbot, tmp_path, monkeypatch):
    window.show_retrain()
    dialog = window.retrain_dialog
    dialog.architecture.setCurrentIndex(dialog.architecture.findData("numpy-mlp"))
    assert dialog.form.isRowVisible(dialog.hidden) and not dialog.form.isRowVisible(dialog.augment)
    dialog.hidden.setText("64,32")
    dialog.epochs.setValue(3)
    monkeypatch.setattr("digitpad.gui.job_dialog.ProcessTask", lambda *a, **k: None)
    dialog.start()
    dialog.architecture.setCurrentIndex(dialog.architecture.findData("cnn-lenet"))
    assert not dialog.form.isRowVisible(dialog.hidden) and dialog.form.isRowVisible(dialog.augment)

    window.session.settings.sync()
    again = MainWindow(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(again)
    again.show_retrain()
    restored = again.retrain_dialog
    assert restored.architecture.currentData() == "numpy-mlp" and restored.hidden.text() == "64,32"
    assert restored.epochs.value() == 3 and again.session.saved.reset == []


def test_windows_never_open_larger_than_the_screen(window, qtbot):
    """At a scale factor of 2 a 1600x1000 screen has 800x500 logical pixels: the Report (980x700)
    opened with its Close button off-screen."""
    from PySide6.QtWidgets import QWidget

    from digitpad.gui.screen_fit import available_size, fit_to_screen, keep_on_screen

    room_w, room_h = available_size(window)
    widget = QWidget()
    qtbot.addWidget(widget)
    fit_to_screen(widget, 10 * room_w, 10 * room_h)
    assert widget.width() <= room_w and widget.height() <= room_h
    fit_to_screen(widget, 300, 200)
    assert (widget.width(), widget.height()) == (300, 200)  # a smaller wish is granted as it is
    widget.resize(3 * room_w, 3 * room_h)  # e.g. a geometry saved at another scale
    keep_on_screen(widget)
    assert widget.width() <= room_w and widget.height() <= room_h
    window.show_retrain()
    assert window.retrain_dialog.height() <= room_h


def solid_png(grey: int) -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("L", (40, 30), grey).save(buffer, format="PNG")
    return buffer.getvalue()


def test_charts_drawn_before_a_switch_to_dark_follow_it(window, qtbot, tmp_path):
    from digitpad.gui.appearance import apply_color_scheme, palette_is_dark
    from digitpad.gui.report_dialog import ReportDialog

    trained = a_trained_model(tmp_path)
    light, dark = solid_png(250), solid_png(30)
    trained.charts.update(per_class={"light": light, "dark": dark})
    window.show_retrain()
    window.retrain_dialog._on_done(trained)
    window.show_report()
    report = next(c for c in window.children() if isinstance(c, ReportDialog))
    qtbot.waitUntil(lambda: report.evaluation is not None, timeout=60_000)
    try:
        apply_color_scheme("light")
        assert not palette_is_dark() and window.retrain_dialog.per_class.png == light
        apply_color_scheme("dark")
        qtbot.waitUntil(lambda: window.retrain_dialog.per_class.png == dark, timeout=10_000)
        assert report.per_class.figure.get_facecolor()[0] < 0.3  # on screen: drawn again at once
        report.tabs.setCurrentIndex(2)  # a tab not seen since the switch is drawn dark when shown
        assert report.mistakes.figure.get_facecolor()[0] < 0.3
    finally:
        apply_color_scheme("light")
    report.close()


def test_an_empty_chart_takes_the_windows_theme_and_a_dark_chart_turns_light_again(qtbot):
    # A report evaluating showed two white panels in a dark window; a chart drawn dark kept its
    # dark frame around light axes after a switch back to light.
    from digitpad.gui.appearance import apply_color_scheme
    from digitpad.gui.plot_canvas import PlotCanvas
    from digitpad.plots import plot_per_class

    def background(canvas):
        return canvas.figure.get_facecolor()[0]

    try:
        apply_color_scheme("dark")
        empty, drawn = PlotCanvas(), PlotCanvas()
        qtbot.addWidget(empty)
        qtbot.addWidget(drawn)
        empty.show()
        drawn.show()
        drawn.redraw(plot_per_class, {"accuracy": [0.9] * 10}, list("0123456789"))
        assert background(empty) < 0.3 and background(drawn) < 0.3
        apply_color_scheme("light")
        qtbot.waitUntil(lambda: background(empty) == background(drawn) == 1.0, timeout=10_000)
        apply_color_scheme("dark")
        qtbot.waitUntil(lambda: background(empty) < 0.3 and background(drawn) < 0.3, timeout=10_000)
    finally:
        apply_color_scheme("light")


def test_a_chart_is_drawn_again_to_fit_a_smaller_canvas(qtbot):
    # Drawn for the size it had (a hidden tab's default), shown smaller: its captions are fitted
    # again once the new size rests, not left running into each other.
    from digitpad.gui.plot_canvas import PlotCanvas
    from digitpad.plots import plot_gallery

    canvas = PlotCanvas(9, 5)
    qtbot.addWidget(canvas)
    canvas.resize(900, 500)
    canvas.show()
    canvas.redraw(plot_gallery, np.zeros((30, 28, 28)), ["true 5 / read 6\n(100%)"] * 30)

    def caption_size():
        return canvas.figure.axes[0].texts[0].get_fontsize()

    roomy = caption_size()
    canvas.resize(300, 200)
    qtbot.waitUntil(lambda: caption_size() < roomy, timeout=10_000)


def test_a_chart_picture_is_scaled_to_the_screens_pixels(qtbot, monkeypatch):
    # At a scale factor of 2 the picture was scaled to the window's units, then doubled by Qt.
    from digitpad.gui.chart_view import ChartView

    view = ChartView()
    qtbot.addWidget(view)
    view.resize(400, 200)
    monkeypatch.setattr(view, "devicePixelRatioF", lambda: 2.0)
    handed = []
    monkeypatch.setattr(view, "setPixmap", handed.append)  # (a label keeps it as an icon: read it here)
    view.show_png(solid_png(128))  # 40 x 30 pixels
    (shown,) = handed
    assert shown.devicePixelRatio() == 2.0
    assert (shown.width(), shown.height()) == (533, 400)  # the view's 400 x 200 at two pixels a unit
    assert shown.deviceIndependentSize().toSize().height() == 200


def test_time_left_follows_the_pace_after_the_slow_first_batches(qtbot):
    from digitpad.gui.job_widgets import JobProgressPage
    from digitpad.training.runs import Progress

    page = JobProgressPage()
    qtbot.addWidget(page)
    page.start()
    page.show_progress(Progress(1, 2, 10, 50, {}, 20.0))  # 10 % done after 20 s: tracing the graph
    assert "left" not in page.detail.text()
    page.show_progress(Progress(1, 2, 50, 50, {}, 40.0))  # 50 %: 40 % in the last 20 s
    assert "about 0:25 left" in page.detail.text()  # (the overall pace said 0:40)


def test_every_training_setting_has_one_range_and_one_default_in_the_dialogs_and_the_cli(window):
    from digitpad.cli import build_parser
    from digitpad.training.finetune import FinetuneConfig
    from digitpad.training.runs import TrainConfig
    from digitpad.training.settings import (
        COMPARE_EPOCHS,
        FINETUNE_DEFAULTS,
        FINETUNE_RANGES,
        TRAINING_DEFAULTS,
        TRAINING_RANGES,
    )

    window.show_retrain()
    window.show_compare()
    window.show_finetune()
    retrain, compare, tune = window.retrain_dialog, window.compare_dialog, window.finetune_dialog
    for dialog in (retrain, compare):
        assert (dialog.epochs.minimum(), dialog.epochs.maximum()) == TRAINING_RANGES["epochs"]
        assert dialog.subset.maximum() == TRAINING_RANGES["limit"][1] and dialog.subset.minimum() == 0
        assert dialog.batch_size.maximum() == TRAINING_RANGES["batch_size"][1]
        assert dialog.validation.maximum() == TRAINING_RANGES["validation_split"][1]
    assert compare.epochs.value() == COMPARE_EPOCHS
    # Retrain trains on all the images unless told otherwise (it once opened on 10 of them).
    assert retrain.subset.value() == 0 and retrain.subset.text() == "all training images"
    assert retrain.config().limit is None
    assert (tune.epochs.minimum(), tune.epochs.maximum()) == FINETUNE_RANGES["epochs"]
    assert tune.learning_rate.minimum() == FINETUNE_RANGES["learning_rate"][0]
    assert tune.base_images.value() == FINETUNE_DEFAULTS["base_images"] == FinetuneConfig().base_images
    assert TrainConfig().epochs == TRAINING_DEFAULTS["epochs"]
    parser = build_parser()
    train = parser.parse_args(["train", "--arch", "mlp-128", "--out", "x"])
    finetune = parser.parse_args(["finetune", "--out", "x"])
    assert (train.epochs, train.batch_size, train.validation_split) == (
        TrainConfig().epochs,
        TrainConfig().batch_size,
        TrainConfig().validation_split,
    )
    assert (finetune.epochs, finetune.lr, finetune.blend) == (
        FinetuneConfig().epochs,
        FinetuneConfig().learning_rate,
        FinetuneConfig().blend,
    )
    for dialog in (retrain, compare, tune):
        dialog.close()
