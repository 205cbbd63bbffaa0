"""Fine-tuning on the user's samples: refusals in the core, and one real run in the window's dialog."""

import numpy as np
import pytest

from digitpad.base.errors import ConfigError, ModelError
from digitpad.base.paths import bundled_model_path
from digitpad.data.datasets import pen_images
from digitpad.data.pendigits import load_pendigits
from digitpad.personal.sample_store import SampleStore
from digitpad.training.finetune import FinetuneConfig, FinetuneScores, check_can_finetune, split_personal
from digitpad.training.finetune_training import finetune

LONG = 300_000  # ms: TensorFlow's import, drawing the pen digits and an epoch, on a busy 2-core machine


def test_held_out_samples_are_a_share_of_each_digit():
    labels = np.array([0] * 8 + [1] * 4 + [2] * 1)
    train, held = split_personal(labels, 0.25, seed=0)
    assert sorted(labels[held].tolist()) == [0, 0, 1] and len(train) + len(held) == len(labels)
    assert not set(train) & set(held)


@pytest.mark.parametrize(
    "change, message",
    [
        (dict(epochs=0), "epochs must be between 1 and 50"),
        (dict(learning_rate=5.0), "learning rate"),
        (dict(holdout=0.9), "held-out share"),
        (dict(base_images=10), "base images"),
        (dict(blend=0.0), "blend"),
    ],
)
def test_absurd_settings_are_refused(change, message):
    with pytest.raises(ConfigError, match=message):
        FinetuneConfig(**change).validated()


def test_too_few_samples_or_no_keras_file_are_refused_before_any_work(tmp_path):
    with pytest.raises(ConfigError, match="at least 10"):
        finetune(bundled_model_path(), np.zeros((3, 28, 28), np.float32), np.arange(3))
    with pytest.raises(Exception, match="at least 10"):
        check_can_finetune(bundled_model_path(), 3)
    onnx_only = tmp_path / "foreign.onnx"
    onnx_only.write_bytes(bundled_model_path().read_bytes())
    with pytest.raises(ModelError, match="keras"):
        check_can_finetune(onnx_only, 50)


def writer_samples(writer: int = 3, per_digit: int = 4):
    digits = [d for d in load_pendigits() if d.writer == writer]
    chosen = [d for label in range(10) for d in [d for d in digits if d.label == str(label)][:per_digit]]
    images, labels = pen_images(chosen, 1, seed=5)
    return images.astype(np.float32) / 255.0, labels


@pytest.mark.slow
def test_fine_tune_in_the_window_then_use_the_result(qtbot, tmp_path, monkeypatch):
    pytest.importorskip("PySide6")
    from PySide6.QtCore import QSettings

    from digitpad.gui.main_window import MainWindow

    images, labels = writer_samples()
    with SampleStore() as store:
        store.add_many([dict(label=str(label), image28=image) for image, label in zip(images, labels)])
    monkeypatch.setattr("digitpad.gui.main_window.QMessageBox.warning", lambda *a: None)
    window = MainWindow(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window.show()
    window.load_initial_model()
    window.show_finetune()
    dialog = window.finetune_dialog
    assert dialog.start_button.isEnabled() and "40 samples" in dialog.intro.text()
    dialog.epochs.setValue(1)
    dialog.base_images.setValue(1000)
    dialog.start()
    assert dialog.pages.currentIndex() == 1 and dialog.is_running()
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() != 1, timeout=LONG)
    assert dialog.pages.currentIndex() == 2, dialog.error.text()
    result = dialog.trained
    scores = result.scores
    assert scores.held_out == 10 and scores.trained_on == 30
    assert scores.mnist_after > 0.97 and scores.personal_after is not None
    assert len(scores.mnist_per_class_before) == len(scores.mnist_per_class_after) == 10
    assert abs(np.mean(scores.mnist_per_class_after) - scores.mnist_after) < 0.02  # MNIST's classes are near even
    assert "MNIST test set" in dialog.summary.text() and dialog.history_view.has_chart()
    assert "for each digit" in dialog.summary.text()

    dialog.use_trained()
    assert window.session.recognizer.path == result.onnx_path and window.session.recognizer.can_use_personal_samples
    assert window.session.recognizer.metadata["fine_tuned"]["personal_samples"] == 30
    qtbot.waitUntil(
        lambda: window.session.recognizer.personal_sample_count == 40, timeout=LONG
    )  # the fine-tuned model reads with the samples too (prepared off the GUI thread)


def scores_where_sevens_fell():
    """Issue 22's case: nine 7-like 1s taught; MNIST overall hardly moves, its 7s fall."""
    before = (0.99,) * 7 + (0.991, 0.99, 0.99)
    after = (0.99,) * 7 + (0.963, 0.985, 0.99)
    return FinetuneScores(0.5, 0.9, 0.996, 0.9922, 2, 9, 41.0, before, after)


def test_a_digit_that_lost_more_than_a_point_is_named():
    scores = scores_where_sevens_fell()
    assert [digit for digit, _, _ in scores.classes_that_lost()] == [7]  # 8 lost half a point: not named
    assert FinetuneScores(None, None, 0.99, 0.99, 0, 10, 1.0).classes_that_lost() == []  # old results: none


def finetune_dialog(qtbot, tmp_path):
    """The Fine-tune dialog of a fresh window with the bundled model (no samples)."""
    pytest.importorskip("PySide6")
    from PySide6.QtCore import QSettings

    from digitpad.gui.main_window import MainWindow

    window = MainWindow(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window.load_initial_model()
    window.show_finetune()
    return window.finetune_dialog


def test_the_result_page_shows_each_digits_change_warns_and_tells_the_time_waited(qtbot, tmp_path, monkeypatch):
    from digitpad.jobs.training_jobs import FinetunedModel

    dialog = finetune_dialog(qtbot, tmp_path)
    dialog.progress.start()
    monkeypatch.setattr(dialog.progress, "elapsed", lambda: 105.0)  # 1:45 waited, 0:41 of it training
    dialog._on_done(FinetunedModel(tmp_path / "x.onnx", scores_where_sevens_fell(), {"history": b""}))
    dialog.trained = None  # nothing to save: closing the window asks nothing
    summary = dialog.summary.text()
    assert "in 1:45 (0:41 of it training)" in summary and "-2.8" in summary
    assert dialog.class_warning.isVisibleTo(dialog) and "7s 99.1% → 96.3%" in dialog.class_warning.text()


def test_the_dialog_says_why_it_cannot_start(qtbot, tmp_path, monkeypatch):
    dialog = finetune_dialog(qtbot, tmp_path)
    assert not dialog.start_button.isEnabled() and "at least 10 samples" in dialog.error.text().lower()
    dialog.start()
    assert dialog.task is None and dialog.pages.currentIndex() == 0
