"""Retrain, compare optimizers and the report, in the real dialogs with real (short) training."""

import io
import re
from pathlib import Path

import pytest
from PIL import Image

pytest.importorskip("PySide6")

from PySide6.QtWidgets import QMessageBox

from digitpad.data.synth.templates import template
from digitpad.gui.smoke import draw_strokes
from digitpad.library import saved_models
from digitpad.plots import KEPT_CHART_DPI
from tests.gui_helpers import open_picture

LONG = 180_000  # ms: TensorFlow's first import plus a short training, on a busy 2-core machine


def open_retrain(window, epochs=1, subset=1000):
    window.show_retrain()
    dialog = window.retrain_dialog
    dialog.architecture.setCurrentIndex(dialog.architecture.findData("mlp-128"))
    dialog.epochs.setValue(epochs)
    dialog.subset.setValue(subset)
    return dialog


@pytest.mark.slow
def test_retrain_adopt_and_save(window, qtbot, monkeypatch):
    dialog = open_retrain(window, epochs=2, subset=2000)
    seen_epochs = []
    dialog.start()
    assert dialog.pages.currentIndex() == 1 and dialog.is_running()
    dialog.task.progress.connect(lambda p: seen_epochs.append(p.epoch) if p.batch is None else None)
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == 2, timeout=LONG)
    assert dialog.trained.evaluation.accuracy > 0.8
    assert len(dialog.trained.history["accuracy"]) == 2 and "Test accuracy" in dialog.summary.text()
    assert dialog.curves.has_chart() and dialog.confusion.has_chart() and dialog.per_class.has_chart()
    kept = Image.open(io.BytesIO(dialog.trained.charts["per_class"]["dark"]))
    assert kept.width == 5 * KEPT_CHART_DPI  # sharp at a scale factor of 2 (the live curves stay lighter)

    bundled = window.session.recognizer
    dialog.use_trained()
    assert window.session.recognizer is not bundled and window.session.recognizer.path == dialog.trained.onnx_path
    assert re.fullmatch(r"mlp-128 adam \d+\.\d\d% \(\d\d \w{3} \d\d:\d\d\)", window.session.recognizer.name)
    assert window.session.settings.value("modelPath", "") == ""  # an unsaved model is not remembered
    draw_strokes(window.pad, template("1"))
    window.predict_now()
    assert window.session.prediction is not None  # the new model predicts on the pad

    monkeypatch.setattr("digitpad.gui.job_widgets.ask_model_name", lambda parent, suggestion: "my mlp")
    dialog.save_trained()
    assert [m.name for m in saved_models()] == ["my mlp"]
    assert Path(window.session.recognizer.path).stem == "my mlp"  # in use, so the window moved to the saved copy
    assert window.session.settings.value("modelPath").endswith("my mlp.onnx")


@pytest.mark.slow
def test_cancel_mid_epoch_keeps_the_current_model_and_leaves_no_files(window, qtbot):
    dialog = open_retrain(window, epochs=50, subset=20000)
    before = window.session.recognizer
    dialog.start()
    qtbot.waitUntil(lambda: dialog.bar.value() > 0, timeout=LONG)
    dialog.cancel()
    qtbot.waitUntil(lambda: not dialog.is_running(), timeout=10_000)
    assert dialog.pages.currentIndex() == 0 and "cancelled" in dialog.error.text()
    assert window.session.recognizer is before
    assert list(Path(dialog._workspace.name).iterdir()) == []


def test_invalid_parameters_cannot_be_submitted(window):
    dialog = open_retrain(window)
    dialog.optimizer.setCurrentIndex(dialog.optimizer.findData("adam"))
    dialog.params._editors["learning_rate"].setText("-5")
    assert not dialog.train_button.isEnabled() and "learning_rate" in dialog.error.text()
    dialog.start()  # even if called, nothing starts
    assert dialog.task is None and dialog.pages.currentIndex() == 0
    dialog.params._editors["learning_rate"].setText("0.003")
    dialog.subset.setValue(5)
    assert not dialog.train_button.isEnabled() and "subset" in dialog.error.text()
    dialog.subset.setValue(0)
    assert dialog.train_button.isEnabled() and dialog.config().limit is None


@pytest.mark.slow
def test_numpy_mlp_trains_from_the_dialog(window, qtbot):
    dialog = open_retrain(window, epochs=1, subset=2000)
    dialog.architecture.setCurrentIndex(dialog.architecture.findData("numpy-mlp"))
    assert dialog.form.isRowVisible(dialog.hidden)
    dialog.hidden.setText("64,32")
    dialog.epochs.setValue(1)
    dialog.optimizer.setCurrentIndex(dialog.optimizer.findData("rmsprop"))
    assert not dialog.train_button.isEnabled() and "sgd or adam" in dialog.error.text()
    dialog.optimizer.setCurrentIndex(dialog.optimizer.findData("sgd"))
    dialog.params._editors["learning_rate"].setText("0.1")
    assert dialog.config().hidden == (64, 32)
    dialog.start()
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == 2, timeout=LONG)
    assert dialog.trained.evaluation.accuracy > 0.5  # it learned (one epoch of plain SGD on 1,800 images)
    dialog.architecture.setCurrentIndex(dialog.architecture.findData("cnn-lenet"))
    assert not dialog.form.isRowVisible(dialog.hidden) and dialog.config().hidden is None


def test_architecture_sets_its_defaults(window):
    dialog = open_retrain(window)
    dialog.architecture.setCurrentIndex(dialog.architecture.findData("digitpad-cnn"))
    assert dialog.epochs.value() == 15 and dialog.optimizer.currentData() == "adamw"
    assert "weight_decay" in dialog.params.values()


@pytest.mark.slow
def test_closing_the_window_during_training_asks_then_cancels(window, qtbot, monkeypatch):
    dialog = open_retrain(window, epochs=50, subset=20000)
    dialog.start()
    qtbot.waitUntil(lambda: dialog.bar.value() > 0, timeout=LONG)
    answers = [QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes]
    monkeypatch.setattr("digitpad.gui.job_widgets.QMessageBox.question", lambda *a, **k: answers.pop(0))
    assert not window.close()  # "No": keep training, keep the window
    assert dialog.is_running()
    assert window.close()  # "Yes": training stops, the window closes
    assert not dialog.is_running()


@pytest.mark.slow
def test_compare_optimizers_dialog(window, qtbot, tmp_path):
    window.show_compare()
    dialog = window.compare_dialog
    for name, box in dialog.optimizer_boxes.items():
        box.setChecked(name in ("adam", "sgd"))
    dialog.param_edits["sgd"].setText("momentum=0.9, nesterov=true")
    dialog.epochs.setValue(2)
    dialog.subset.setValue(1000)
    dialog.start()
    qtbot.waitUntil(lambda: dialog.comparison is not None, timeout=LONG)
    assert dialog.table.rowCount() == 2 and dialog.table.item(1, 0).text() == "sgd"
    assert set(dialog.comparison.curves()) == {"adam", "sgd"} and dialog.curves.has_chart()
    assert dialog.comparison.runs[1].params["nesterov"] is True
    dialog.export_png(str(tmp_path / "c.png"))
    dialog.export_csv(str(tmp_path / "c.csv"))
    assert (tmp_path / "c.png").stat().st_size > 1000
    assert (tmp_path / "c.csv").read_text().splitlines()[0].startswith("optimizer,")


def test_report_opens_for_the_bundled_model(window, qtbot):
    from digitpad.gui.report_dialog import ReportDialog

    window.show_report()
    report = next(c for c in window.children() if isinstance(c, ReportDialog))
    qtbot.waitUntil(lambda: report.evaluation is not None, timeout=30_000)
    assert report.evaluation.accuracy >= 0.995 and "99." in report.headline.text()
    wrong = report.evaluation.misclassified[0]
    count = report.show_cell(int(report.dataset.y_test[wrong]), int(report.evaluation.predictions[wrong]))
    assert count >= 1
    assert report.page.maximum() == 60000 // 50  # the training images, a page of 50 at a time
    report.page.setValue(3)
    assert report.tabs.isEnabled()
    report.close()


def test_compare_refuses_bad_optimizer_parameters(window, monkeypatch):
    shown = []
    monkeypatch.setattr("digitpad.gui.compare_dialog.QMessageBox.warning", lambda *a: shown.append(a[2]))
    window.show_compare()
    dialog = window.compare_dialog
    dialog.param_edits["sgd"].setText("momentum=7")
    dialog.start()
    assert dialog.task is None and "sgd: momentum must be between" in shown[-1]
    dialog.param_edits["sgd"].setText("")
    for box in dialog.optimizer_boxes.values():
        box.setChecked(False)
    dialog.start()
    assert dialog.task is None and "at least one optimizer" in shown[-1]


@pytest.mark.slow
def test_train_on_letters_from_the_dialog_then_read_a_letter(window, qtbot, tmp_path):
    import numpy as np
    from PIL import Image

    from tests.emnist_fixture import render_letter, write_emnist

    prefix = write_emnist(tmp_path / "emnist")
    dialog = open_retrain(window, epochs=8, subset=0)
    dialog.architecture.setCurrentIndex(dialog.architecture.findData("cnn-lenet"))
    dialog.epochs.setValue(8)
    dialog.batch_size.setValue(32)
    assert dialog.data.add_folder(str(prefix.parent))
    assert dialog.data.location() == str(prefix)
    dialog.start()
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == 2, timeout=LONG)
    assert dialog.trained.evaluation.accuracy > 0.8 and "current model" not in dialog.summary.text()
    dialog.use_trained()
    assert window.session.recognizer.labels[1] == "Bb"

    letter = tmp_path / "c.png"
    Image.fromarray(255 - render_letter("C", np.random.default_rng(9))).resize((84, 84)).save(letter)
    assert open_picture(qtbot, window, letter)
    window.predict_now()
    assert window.session.prediction.label == "Cc" and window.answer.digit.text().rstrip("?") == "Cc"
    assert len(window.chart._labels) == 12  # drawn as the top five
    window.chart.grab()  # paints the top-five view without error


def test_a_folder_without_data_is_refused(window, tmp_path, monkeypatch):
    shown = []
    monkeypatch.setattr("digitpad.gui.data_chooser.QMessageBox.warning", lambda *a: shown.append(a[2]))
    dialog = open_retrain(window)
    assert not dialog.data.add_folder(str(tmp_path))
    assert "no MNIST or EMNIST files" in shown[-1] and dialog.data.location() is None


@pytest.mark.slow
def test_compare_optimizers_on_other_data(window, qtbot, tmp_path):
    from tests.emnist_fixture import write_emnist

    prefix = write_emnist(tmp_path / "emnist", per_class=(30, 10))
    window.show_compare()
    dialog = window.compare_dialog
    assert dialog.data.add_folder(str(prefix.parent))
    for name, box in dialog.optimizer_boxes.items():
        box.setChecked(name == "adam")
    dialog.epochs.setValue(1)
    dialog.subset.setValue(0)
    dialog.start()
    qtbot.waitUntil(lambda: dialog.comparison is not None, timeout=LONG)
    assert dialog.table.rowCount() == 1 and dialog.comparison.runs[0].optimizer == "adam"


@pytest.mark.slow
def test_retrain_on_mnist_plus_pen_digits_gives_a_not_a_digit_output(window, qtbot):
    dialog = open_retrain(window, epochs=1, subset=2000)
    dialog.data.setCurrentIndex(dialog.data.findData("mnist+pen"))
    assert dialog.data.location() == "mnist+pen" and "pen digits" in dialog.data.currentText()
    dialog.start()
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == 2, timeout=LONG)
    dialog.use_trained()
    assert window.session.recognizer.has_not_a_digit_output
    assert window.session.recognizer.metadata["dataset"]["location"] == "mnist+pen"
    window.show_compare()
    assert window.compare_dialog.data.findData("mnist+pen") >= 0  # Compare Optimizers offers it too


def test_the_report_shows_progress_and_one_window_per_model_reuses_its_evaluation(window, qtbot):
    from digitpad.gui.report_dialog import ReportDialog

    window.show_report()
    report = next(c for c in window.children() if isinstance(c, ReportDialog))
    steps = []
    report.task.progress.connect(steps.append)
    qtbot.waitUntil(lambda: report.evaluation is not None, timeout=60_000)
    report.close()
    window.show_report()  # again: the same window, its evaluation kept
    assert [c for c in window.children() if isinstance(c, ReportDialog)] == [report] and report.isVisible()
    assert report.bar.isHidden() and "99." in report.headline.text()
    assert not steps or steps[-1] == (10000, 10000)  # (steps before the connection may be missed)
    report.close()
