"""The session the window shows: the model in use, the samples, the settings, with signals; the
dialogs are made from a session alone, without a main window."""

from __future__ import annotations

import numpy as np
import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import QSettings

from digitpad.base.paths import bundled_model_path
from digitpad.imaging.drawing import Drawing


@pytest.fixture
def session(qtbot, settings_path):
    from digitpad.gui.session import Session

    made = Session(QSettings(str(settings_path), QSettings.Format.IniFormat))
    made.open_store()
    return made


def test_a_model_switch_is_announced_and_remembered_and_a_bad_one_keeps_the_current(qtbot, session, tmp_path):
    with qtbot.waitSignal(session.model_changed, timeout=60_000) as changed:
        assert session.use_model(bundled_model_path())
    assert changed.args[0] is session.recognizer and session.recognizer.name
    assert session.settings.value("modelPath") == ""  # the bundled model: nothing to remember

    broken = tmp_path / "broken.onnx"
    broken.write_bytes(b"not a model")
    problems = []
    session.error.connect(lambda title, line: problems.append((title, line)))
    before = session.recognizer
    assert not session.use_model(broken)
    assert session.recognizer is before and len(problems) == 1 and "broken.onnx" in problems[0][1]


def test_a_taught_sample_is_announced_and_outside_changes_are_picked_up(qtbot, session):
    with qtbot.waitSignal(session.samples_changed, timeout=60_000):  # the samples made ready for it
        session.use_model(bundled_model_path())
    drawing = Drawing(image28=np.pad(np.ones((12, 4), np.float32), ((8, 8), (12, 12))))
    with qtbot.waitSignal(session.samples_changed, timeout=10_000):
        session.recognizer.teach(drawing, "1")
        session.samples_taught()
    assert session.store.count() == 1

    from digitpad.personal.sample_store import SampleStore

    with SampleStore(session.store.path) as elsewhere:  # `digitpad teach` in another process
        elsewhere.add("7", np.pad(np.ones((3, 14), np.float32), ((6, 19), (7, 7))))
    with qtbot.waitSignal(session.samples_changed, timeout=10_000):
        session.check_outside_changes()
    with qtbot.assertNotEmitted(session.samples_changed):
        session.check_outside_changes()  # nothing new since


def test_the_last_folder_is_where_a_file_was_chosen_and_home_when_it_is_gone(session, tmp_path):
    folder = tmp_path / "pictures"
    folder.mkdir()
    session.remember_folder(str(folder / "seven.png"))
    assert session.last_folder() == folder
    session.remember_folder("")  # a file dialog cancelled
    assert session.last_folder() == folder
    folder.rmdir()
    assert session.last_folder() == session.last_folder().home()


def test_the_dialogs_are_made_from_a_session_alone(qtbot, session):
    from digitpad.gui.finetune_dialog import FinetuneDialog
    from digitpad.gui.models_dialog import ModelsDialog
    from digitpad.gui.retrain_dialog import RetrainDialog
    from digitpad.gui.samples_dialog import SamplesDialog

    session.use_model(bundled_model_path())
    retrain, finetune, models, samples = (
        RetrainDialog(session),
        FinetuneDialog(session),
        ModelsDialog(session),
        SamplesDialog(session),
    )
    for dialog in (retrain, finetune, models, samples):
        qtbot.addWidget(dialog)
    finetune.refresh()
    assert session.recognizer.name in finetune.intro.text() and not finetune.start_button.isEnabled()
    models.refresh()
    samples.refresh()
    assert models.list.count() == 0 and "0 samples" in finetune.intro.text()
