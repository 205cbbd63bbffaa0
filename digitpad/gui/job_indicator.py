"""In the main window's status bar: a job running behind a hidden dialog, and a way back to it.

Training, fine-tuning and comparisons run in modeless dialogs the user may close while they
work; without this, a running job would be invisible in the main window, and one that ended
there would end in silence (its progress reached 100 % and vanished). A job that ends while
its dialog is hidden stays in the status bar as "Training finished: Show Result" until its
dialog is seen again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QHBoxLayout, QLabel, QProgressBar, QPushButton, QSizePolicy, QWidget

if TYPE_CHECKING:
    from .job_dialog import JobDialog

REFRESH_MS = 500


def ended_text(name: str, dialog) -> str:
    """What a job that ended out of sight left: a model waiting to be looked at, or a finished job."""
    if dialog.has_unsaved_model():
        return f"{name} finished: a new model is ready"
    return f"{name} finished"


class JobIndicator(QWidget):
    """Watches job dialogs (`gui.job_dialog.JobDialog`) with a `job_bar` (QProgressBar, 0-1000)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._watched: list[tuple[str, JobDialog]] = []
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
        # As wide as its parts: given the status bar's spare width, they stood far apart.
        self.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Preferred)
        self._timer = QTimer(self, interval=REFRESH_MS)
        self._timer.timeout.connect(self.refresh)
        self._shown = None
        self._running: set[int] = set()  # ids of the dialogs seen running at the last refresh
        self._ended: list[tuple[str, JobDialog]] = []  # jobs that ended hidden, not yet seen
        self.setVisible(False)

    def watch(self, name: str, dialog) -> None:
        """`name` says what the dialog runs, e.g. "Training"."""
        self._watched.append((name, dialog))
        self._timer.start()

    def refresh(self) -> None:
        running = {id(d) for _, d in self._watched if d.is_running()}
        for name, dialog in self._watched:
            if id(dialog) in self._running and id(dialog) not in running and not dialog.isVisible():
                self._ended.append((name, dialog))
                QApplication.alert(self.window())  # the taskbar entry asks for attention
        self._running = running
        self._ended = [(name, d) for name, d in self._ended if not d.isVisible()]  # seen: said
        hidden = [(name, d) for name, d in self._watched if id(d) in running and not d.isVisible()]
        if hidden:
            name, dialog = hidden[0]
            value = dialog.job_bar.value()
            self.label.setText(f"{name}… {value / 10:.0f} %")
            self.bar.setValue(value)
            self.show_button.setText("Show")
            self.show_button.setFlat(True)
            self.show_button.setToolTip(f"Show the {name.lower()} window")
            self._shown = dialog
        elif self._ended:
            name, dialog = self._ended[-1]
            self.label.setText(ended_text(name, dialog))
            self.show_button.setText("Show Result")
            self.show_button.setFlat(False)  # a result waits: a button that looks like one
            self.show_button.setToolTip(f"Show the {name.lower()} window")
            self._shown = dialog
        else:
            self._shown = None
        self.bar.setVisible(bool(hidden))
        self.setVisible(self._shown is not None)

    def _show_dialog(self) -> None:
        if self._shown is not None:
            self._shown.show_unsaved_result()
            self._shown.show()
            self._shown.raise_()
            self._shown.activateWindow()
            self.refresh()
