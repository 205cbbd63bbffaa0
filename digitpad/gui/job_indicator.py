"""In the main window's status bar: a job running behind a hidden dialog, and a way back to it.

Training, fine-tuning and comparisons run in modeless dialogs the user may close while they
work; without this, a running job would be invisible in the main window.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget

REFRESH_MS = 500


class JobIndicator(QWidget):
    """Watches dialogs that have `is_running()` and a `job_bar` (QProgressBar, 0-1000)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._watched: list[tuple[str, object]] = []
        self.label = QLabel()
        self.bar = QProgressBar(maximum=1000, textVisible=False)
        self.bar.setFixedWidth(90)
        self.show_button = QPushButton("Show")
        self.show_button.setFlat(True)
        self.show_button.clicked.connect(self._show_dialog)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (self.label, self.bar, self.show_button):
            layout.addWidget(widget)
        self._timer = QTimer(self, interval=REFRESH_MS)
        self._timer.timeout.connect(self.refresh)
        self._shown = None
        self.setVisible(False)

    def watch(self, name: str, dialog) -> None:
        """`name` says what the dialog runs, e.g. "Training"."""
        self._watched.append((name, dialog))
        self._timer.start()

    def refresh(self) -> None:
        hidden = [(name, d) for name, d in self._watched if d.is_running() and not d.isVisible()]
        self._shown = hidden[0][1] if hidden else None
        self.setVisible(bool(hidden))
        if hidden:
            name, dialog = hidden[0]
            value = dialog.job_bar.value()
            self.label.setText(f"{name}… {value / 10:.0f} %")
            self.bar.setValue(value)
            self.show_button.setToolTip(f"Show the {name.lower()} window")

    def _show_dialog(self) -> None:
        if self._shown is not None:
            self._shown.show()
            self._shown.raise_()
            self._shown.activateWindow()
            self.refresh()
