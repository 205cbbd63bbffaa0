"""What Retrain, Fine-tune and Compare Optimizers have in common: a job in a child process
(`ProcessTask`), one set of names for it (`start`, `is_running`, `cancel`), asking before it
is stopped by closing, and, for the dialogs that make a model, the rules of a trained model:
it stays reachable until it is saved, used or discarded, and once saved it is used under its
saved name."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any, Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QProgressBar, QPushButton, QStackedWidget, QWidget

from .job_widgets import JobProgressPage, confirm_discard, confirm_stop
from .session import Session
from .tasks import ProcessTask

RESULTS_PAGE = 2  # the pages of a dialog that makes a model: settings, progress, results


class JobDialog(QDialog):
    """Subclasses set `job_noun` ("training") and, if they make a model, `model_noun`
    ("trained model"), `pages` (a QStackedWidget), `progress` (its JobProgressPage),
    `save_button`, and implement `start` and the job's three ends."""

    adopt = Signal(str, bool)  # the .onnx path of a model to use now; whether to remember it (saved)
    progress: JobProgressPage
    _on_done: Callable[[Any], None]
    pages: QStackedWidget  # (made by the subclass)
    job_bar: QProgressBar  # what the main window's status bar shows while this dialog is hidden
    _on_failed: Callable[[str], None]
    _on_cancelled: Callable[[], None]
    job_noun = "job"
    model_noun = "model"

    def __init__(self, session: Session, parent: QWidget | None = None, workspace_prefix: str | None = None):
        super().__init__(parent)
        self.session = session  # the model in use, the settings, the status line
        self.task: ProcessTask | None = None
        self.trained: Any = None  # what the job made (a TrainedModel, a FinetunedModel), until discarded
        self.saved_path: Path | None = None  # its library copy, once saved
        # Where the job writes the model it makes (removed with the dialog); none for a comparison.
        self._workspace = tempfile.TemporaryDirectory(prefix=workspace_prefix) if workspace_prefix else None
        self.save_button: QPushButton | None = None

    @property
    def workspace(self) -> Path:
        """The folder the job writes the model it makes in (a dialog made with a workspace prefix)."""
        if self._workspace is None:
            raise RuntimeError(f"{type(self).__name__} makes no model: it has no workspace")
        return Path(self._workspace.name)

    # ------------------------------------------------------------ the job

    def start(self) -> None:
        raise NotImplementedError

    def _run_on_progress_page(self, job: str, args: tuple) -> None:
        """Run `job` in a child process (see `ProcessTask`), reporting on the dialog's progress
        page (`self.progress`, a JobProgressPage) and ending in `_on_done`, `_on_failed` or
        `_on_cancelled` (the dialogs that make a model)."""
        self.task = ProcessTask(
            job,
            args,
            self,
            status=self.progress.status.setText,
            progress=self.progress.show_progress,
            chart=self.progress.show_chart,
            done=self._on_done,
            failed=self._on_failed,
            cancelled=self._on_cancelled,
        )

    def is_running(self) -> bool:
        return self.task is not None and self.task.is_running()

    def cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()

    def confirm_stop(self) -> bool:
        """If the job runs, ask whether to stop it; stop and wait if so. True when nothing runs."""
        return confirm_stop(self, self.task, self.job_noun)

    def closeEvent(self, event):
        if self.confirm_stop():
            event.accept()
        else:
            event.ignore()

    # ------------------------------------------------------------ the model it made

    def has_unsaved_model(self) -> bool:
        return self.trained is not None and self.saved_path is None

    def show_unsaved_result(self) -> None:
        """The results page of the model made, if one waits to be saved, used or discarded."""
        if self.has_unsaved_model() and not self.is_running():
            self.pages.setCurrentIndex(RESULTS_PAGE)

    def use_trained(self) -> None:
        if self.saved_path is not None:  # saved: use the library copy, under the name it was given
            self.adopt.emit(str(self.saved_path), True)
        elif self.trained is not None:
            self.adopt.emit(str(self.trained.onnx_path), False)  # unsaved: for this session only

    def discard_trained(self) -> bool:
        """Forget the model made (asking first if it was never saved); whether it was forgotten."""
        if self.has_unsaved_model() and not confirm_discard(self, self.model_noun):
            return False
        self.trained, self.saved_path = None, None
        return True

    def _saved(self, path: Path) -> None:
        self.saved_path = path
        self.session.say(f"Saved as {path.stem} (Model menu)", 8000)
        self._show_saved()

    def _show_saved(self) -> None:
        """Saved once, the button says where (a second save made a duplicate copy)."""
        if self.save_button is not None:
            self.save_button.setEnabled(self.saved_path is None)
            self.save_button.setText(f"Saved as {self.saved_path.stem}" if self.saved_path else "Save to Library…")
