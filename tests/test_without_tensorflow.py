"""Where TensorFlow has no wheels (Python 3.14, Intel Macs) DigitPad installs without it:
everything but training works, and every way to train says why not in one line. Simulated
here by making the training packages look absent."""

import pytest

from digitpad.base.errors import ConfigError
from digitpad.cli import main
from digitpad.training import support as training_support
from digitpad.training.runs import TrainConfig


@pytest.fixture
def no_tensorflow(monkeypatch):
    monkeypatch.setattr(training_support, "missing_training_packages", lambda: ("tensorflow", "keras", "tf2onnx"))


def test_the_installed_environment_can_train():
    assert training_support.missing_training_packages() == ()


def test_every_training_command_says_why_in_one_line(no_tensorflow, capsys, tmp_path):
    for argv in (
        ["train", "--arch", "mlp-128", "--out", str(tmp_path / "m")],
        ["compare-optimizers", "--arch", "mlp-128", "--out", str(tmp_path / "c")],
        ["finetune", "--out", str(tmp_path / "f")],
        ["selftest"],
    ):
        assert main(argv) == 1, argv
        err = capsys.readouterr().err.strip().splitlines()
        assert len(err) == 1 and "training needs TensorFlow, which is not available for Python" in err[0], err
    with pytest.raises(ConfigError, match="tensorflow, keras, tf2onnx not installed"):
        TrainConfig(architecture="numpy-mlp", optimizer="adam").validated()


def test_reading_works_and_the_window_explains_training(no_tensorflow, qtbot, tmp_path, monkeypatch, capsys):
    pytest.importorskip("PySide6")
    from PySide6.QtCore import QSettings

    from digitpad.gui.main_window import MainWindow

    png = tmp_path / "one.png"
    import numpy as np
    from PIL import Image

    picture = np.full((40, 40), 240, np.uint8)
    picture[6:34, 18:22] = 10
    Image.fromarray(picture).save(png)
    assert main(["predict", str(png)]) == 0 and capsys.readouterr().out.startswith(str(png))

    warnings = []
    monkeypatch.setattr("digitpad.gui.compare_dialog.QMessageBox.warning", lambda *a: warnings.append(a[2]))
    window = MainWindow(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window.show()
    window.load_initial_model()
    window.show_retrain()
    assert not window.retrain_dialog.train_button.isEnabled()
    assert "training needs TensorFlow" in window.retrain_dialog.error.text()
    window.show_compare()
    window.compare_dialog.start()
    assert window.compare_dialog.task is None and "training needs TensorFlow" in warnings[-1]
    window.show_finetune()
    assert not window.finetune_dialog.start_button.isEnabled()
    assert "Training needs TensorFlow" in window.finetune_dialog.error.text()
