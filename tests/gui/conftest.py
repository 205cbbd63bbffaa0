"""The window's fixtures (PySide6, offscreen): a window with the bundled model, its settings
in the test's folder, error dialogs recorded instead of shown."""

from __future__ import annotations

import pytest


@pytest.fixture
def settings_path(tmp_path):
    return tmp_path / "settings.ini"


@pytest.fixture
def errors(monkeypatch):
    """Error dialogs, recorded instead of shown (a modal dialog would block the test)."""
    pytest.importorskip("PySide6")
    shown = []
    monkeypatch.setattr("digitpad.gui.main_window.QMessageBox.warning", lambda parent, title, text: shown.append(text))
    return shown


@pytest.fixture
def window(qtbot, settings_path, errors):
    """The main window with the bundled model, shown offscreen, its settings in the test's folder."""
    from tests.gui_helpers import make_window

    return make_window(qtbot, settings_path)
