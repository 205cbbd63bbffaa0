"""What the training dialogs (Retrain, Fine-tune) share: the progress page, stopping, saving.

Each dialog keeps its own settings and results pages; the running part looks and behaves the
same in both, so it is written once here.
"""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from digitpad.base.errors import DigitPadError, ModelAlreadyExists
from digitpad.library import check_model_name, save_to_library

from .chart_view import ChartView


def format_duration(seconds: float) -> str:
    seconds = int(round(seconds))
    return (
        f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"
        if seconds >= 3600
        else f"{seconds // 60}:{seconds % 60:02d}"
    )


def count_of(n: int, noun: str) -> str:
    """ "1 epoch", "5 epochs"."""
    return f"{n} {noun}{'' if n == 1 else 's'}"


class JobProgressPage(QWidget):
    """Status line, progress bar, epoch/batch and time left, live metrics and curves, Cancel."""

    cancel_requested = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.status = QLabel()
        self.bar = QProgressBar(maximum=1000)
        self.detail = QLabel()
        self.metrics = QLabel()
        self.curves = ChartView()
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.clicked.connect(self._cancel)
        self._started = 0.0
        self._pace_from: tuple[float, float] | None = None  # (fraction done, training seconds) at the first report
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        for widget in (self.status, self.bar, self.detail, self.metrics):
            layout.addWidget(widget)
        layout.addWidget(self.curves, 1)
        layout.addLayout(buttons)

    def start(self, detail: str = "") -> None:
        self._started = time.monotonic()
        self._pace_from = None
        self.status.setText("Starting…")
        self.bar.setValue(0)
        self.detail.setText(detail)
        self.metrics.setText("")
        self.curves.clear_chart("The curves appear as the first epoch gets going")
        self.cancel_button.setEnabled(True)

    def elapsed(self) -> float:
        return time.monotonic() - self._started if self._started else 0.0

    def waited(self, training_seconds: float) -> float:
        """How long the user waited for the job (start-up, data and scoring included: "Trained
        in 0:41" for a wait of 1:45 was issue 22's complaint); never less than its training."""
        return max(self.elapsed(), training_seconds)

    def show_progress(self, progress) -> None:
        """A `digitpad.training.runs.Progress`: the bar, epoch and batch, elapsed and remaining time, metrics."""
        done_batches = (progress.epoch - 1) * progress.batches + (progress.batch or progress.batches)
        fraction = done_batches / (progress.epochs * progress.batches)
        self.bar.setValue(int(fraction * 1000))
        elapsed = self.elapsed()
        left = self._time_left(fraction, progress.elapsed_s)
        batch = f" · batch {progress.batch} of {progress.batches}" if progress.batch else ""
        self.detail.setText(
            f"Epoch {progress.epoch} of {progress.epochs}{batch} · {format_duration(elapsed)} elapsed{left}"
        )
        self.metrics.setText("   ".join(f"{k.replace('_', ' ')} {v:.4f}" for k, v in progress.metrics.items()))

    def _time_left(self, fraction: float, training_s: float) -> str:
        """ " · about 1:20 left", from the pace since the first report on the training's own clock:
        TensorFlow's start-up and the data's preparation come before its clock starts, and the
        first batches (tracing the graph) are slower than the rest, so neither is counted."""
        if self._pace_from is None or fraction < self._pace_from[0]:
            self._pace_from = (fraction, training_s)  # (a new run starts again from its first report)
            return ""
        done, spent = fraction - self._pace_from[0], training_s - self._pace_from[1]
        if done < 0.02 or spent <= 0:
            return ""
        return f" · about {format_duration(spent / done * (1 - fraction))} left"

    def show_chart(self, name: str, png: bytes) -> None:
        if name == "curves":
            self.curves.show_png(png)

    def _cancel(self) -> None:
        self.cancel_button.setEnabled(False)
        self.status.setText("Cancelling…")
        self.cancel_requested.emit()


class UnsavedModelNote(QWidget):
    """A line on a settings page: a trained model waits to be saved, used or discarded, and a
    button back to it. Hidden when none waits."""

    show_requested = Signal()

    def __init__(self, button_text: str, parent=None):
        super().__init__(parent)
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.button = QPushButton(button_text)
        self.button.setAutoDefault(False)  # Enter stays with the page's own primary action
        self.button.clicked.connect(self.show_requested)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 6)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.button)
        self.setVisible(False)

    def show_model(self, description: str | None) -> None:
        self.text.setText(description or "")
        self.setVisible(description is not None)


def confirm_stop(parent, task, what: str) -> bool:
    """If `task` runs, ask whether to stop it (No is the default); stop and wait if so.

    True when nothing runs any more.
    """
    if task is None or not task.is_running():
        return True
    answer = QMessageBox.question(
        parent, f"Stop {what}?", f"A {what} is running. Stop it?", defaultButton=QMessageBox.StandardButton.No
    )
    if answer != QMessageBox.StandardButton.Yes:
        return False
    task.cancel()
    task.wait()
    return True


def confirm_discard(parent, what: str) -> bool:
    """Ask before an unsaved trained model is thrown away; Cancel is the default (Enter keeps it)."""
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        f"Discard the {what}?",
        f"The {what} has not been saved to the library. Discard it?",
        parent=parent,
    )
    discard = box.addButton("Discard", QMessageBox.ButtonRole.DestructiveRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    box.setEscapeButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    return box.clickedButton() is discard


class ModelNameDialog(QInputDialog):
    """Asks for a library name and checks it before closing: an unusable name is explained
    under the field, and what was typed stays there to be corrected."""

    PROMPT = "Model name:"

    def __init__(self, parent, suggestion: str, title: str = "Save to library"):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setLabelText(self.PROMPT)
        self.setTextValue(suggestion)
        self.name = ""

    def done(self, result: int) -> None:
        if result == QInputDialog.DialogCode.Accepted:
            try:
                self.name = check_model_name(self.textValue())
            except DigitPadError as exc:
                self.setLabelText(f"{self.PROMPT}\n{exc}")
                return  # stays open, with the text as typed
        super().done(result)


def ask_model_name(parent, suggestion: str, title: str = "Save to library") -> str | None:
    dialog = ModelNameDialog(parent, suggestion, title)
    return dialog.name if dialog.exec() == QInputDialog.DialogCode.Accepted else None


def save_to_library_asking(parent, onnx_path: Path, suggestion: str) -> Path | None:
    """Ask for a name and save the model there; asks before replacing one. The saved .onnx, or None."""
    name = ask_model_name(parent, suggestion)
    if name is None:
        return None
    try:
        try:
            return save_to_library(onnx_path, name)
        except ModelAlreadyExists as exc:
            if (
                QMessageBox.question(
                    parent, "Replace model?", f"{exc}. Replace it?", defaultButton=QMessageBox.StandardButton.No
                )
                != QMessageBox.StandardButton.Yes
            ):
                return None
            return save_to_library(onnx_path, name, overwrite=True)
    except DigitPadError as exc:
        QMessageBox.warning(parent, "Cannot save the model", str(exc))
        return None
