"""Train > Fine-tune on My Handwriting: the current model, a few epochs on MNIST + pen digits + the
user's samples, in a child process; then before and after side by side, and Use Now / Save / Discard."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from digitpad.base.errors import ConfigError, DigitPadError
from digitpad.training.finetune import FinetuneConfig, check_can_finetune

from .chart_view import ChartView
from .enter_key import enter_presses
from .job_dialog import JobDialog
from .job_widgets import JobProgressPage, format_duration, save_to_library_asking
from .screen_fit import fit_to_screen
from .session import Session
from .setting_fields import finetune_fields


def _percent(value: float | None) -> str:
    return "–" if value is None else f"{value:.2%}"


def per_class_table(scores) -> str:
    """Each digit's MNIST accuracy before and after, the change coloured where it is a loss of
    more than a point (the overall figure hides it: one class can fall while the rest hold)."""
    if not scores.mnist_per_class_before:
        return ""
    lost = {digit for digit, _, _ in scores.classes_that_lost()}
    heads = "".join(f"<th>{digit}</th>" for digit in range(len(scores.mnist_per_class_before)))
    cells = []
    for digit, (before, after) in enumerate(zip(scores.mnist_per_class_before, scores.mnist_per_class_after)):
        change = (after - before) * 100
        text = f"{change:+.1f}"
        cells.append(
            f"<td align='right'><b style='color:#c0392b'>{text}</b></td>"
            if digit in lost
            else f"<td align='right'>{text}</td>"
        )
    return (
        "<p>Change on MNIST for each digit, in points:</p>"
        f"<table cellpadding='3'><tr>{heads}</tr><tr>{''.join(cells)}</tr></table>"
    )


def class_loss_warning(scores) -> str:
    """One line naming every digit that lost more than a point, or ""."""
    lost = scores.classes_that_lost()
    if not lost:
        return ""
    named = ", ".join(f"{digit}s {before:.1%} → {after:.1%}" for digit, before, after in lost)
    return (
        f"⚠ The fine-tuned model reads some digits worse on MNIST: {named}. "
        "It may now take other people's (or your other) digits for the ones you taught."
    )


if TYPE_CHECKING:  # the window names the jobs and never imports the training code
    from digitpad.jobs.training_jobs import FinetunedModel


class FinetuneDialog(JobDialog):
    job_noun = "fine-tune"
    model_noun = "fine-tuned model"

    def __init__(self, session: Session, parent: QWidget | None = None):
        super().__init__(session, parent, "digitpad-finetuned-")
        self.setWindowTitle("Fine-tune on My Handwriting")
        self.trained: FinetunedModel | None = None
        self.pages = QStackedWidget()
        for page in (self._settings_page(), self._progress_page(), self._results_page()):
            self.pages.addWidget(page)
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages)
        fit_to_screen(self, 720, 480)
        # Enter: Fine-tune on the settings page, nothing while it runs, Use Now on the results.
        primary = {0: self.start_button, 1: None, 2: self.use_button}
        self.pages.currentChanged.connect(lambda index: enter_presses(self, primary[index]))
        enter_presses(self, self.start_button)

    # ------------------------------------------------------------ page 1: settings

    def _settings_page(self) -> QWidget:
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        fields = finetune_fields()
        self.epochs, self.learning_rate, self.base_images, self.holdout = (
            fields["epochs"],
            fields["learning_rate"],
            fields["base_images"],
            fields["holdout"],
        )
        self.holdout.setToolTip("Share of your samples kept out of training, to judge the result on")
        form = QFormLayout()
        form.addRow("Epochs", self.epochs)
        form.addRow("Learning rate", self.learning_rate)
        form.addRow("MNIST images mixed in", self.base_images)
        form.addRow("Held out to judge on", self.holdout)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #c0392b")
        self.start_button = QPushButton("Fine-tune")
        self.start_button.clicked.connect(self.start)
        close = QPushButton("Close")
        close.setAutoDefault(False)
        close.clicked.connect(self.close)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(close)
        buttons.addWidget(self.start_button)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(self.intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addStretch(1)
        layout.addLayout(buttons)
        return page

    def refresh(self) -> None:
        """Say what will be fine-tuned, on how many samples, or why it cannot be."""
        session = self.session
        count = session.store.count() if session.store is not None else 0
        name = session.recognizer.name if session.recognizer is not None else "no model"
        self.intro.setText(
            f"Fine-tunes <b>{name}</b> on MNIST, the pen digits and your {count} samples, "
            "in the background. The current model stays as it is until you choose "
            "the new one."
        )
        try:
            self._check(count)
            self.error.setText("")
            self.start_button.setEnabled(True)
        except DigitPadError as exc:
            message = str(exc)
            self.error.setText(message[:1].upper() + message[1:])
            self.start_button.setEnabled(False)

    def _check(self, count: int) -> None:
        if self.session.recognizer is None or self.session.store is None:
            raise DigitPadError("no model or no sample store to fine-tune with")
        check_can_finetune(self.session.recognizer.path, count)

    def config(self) -> FinetuneConfig:
        return FinetuneConfig(
            epochs=self.epochs.value(),
            learning_rate=self.learning_rate.value(),
            base_images=self.base_images.value(),
            holdout=self.holdout.value(),
        ).validated()

    # ------------------------------------------------------------ page 2: progress

    def _progress_page(self) -> QWidget:
        self.progress = JobProgressPage()
        self.job_bar = self.progress.bar  # what the main window's status bar shows while this dialog is hidden
        self.progress.cancel_requested.connect(self.cancel)
        return self.progress

    def start(self) -> None:
        if self.is_running():
            return
        try:
            self._check(self.session.store.count() if self.session.store is not None else 0)
            config = self.config()
        except (ConfigError, DigitPadError) as exc:
            self.error.setText(str(exc))
            return
        self.progress.start()
        self.pages.setCurrentIndex(1)
        recognizer, store = self.session.recognizer, self.session.store
        assert recognizer is not None and store is not None  # (`_check` refuses to start without them)
        args = (Path(recognizer.path), Path(store.path), config, self.workspace)
        self._run_on_progress_page("digitpad.jobs.training_jobs:finetune_and_export", args)

    def _on_cancelled(self) -> None:
        self.pages.setCurrentIndex(0)
        self.error.setText("Fine-tuning cancelled; the current model is unchanged.")

    def _on_failed(self, message: str) -> None:
        self.pages.setCurrentIndex(0)
        self.error.setText(message)
        QMessageBox.warning(self, "Fine-tuning failed", message)

    # ------------------------------------------------------------ page 3: before and after

    def _results_page(self) -> QWidget:
        self.summary = QLabel()
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.class_warning = QLabel()  # a digit the fine-tune cost more than a point on MNIST
        self.class_warning.setWordWrap(True)
        self.class_warning.setStyleSheet("color: #c0392b")
        self.class_warning.setVisible(False)
        self.history_view = ChartView()
        discard, save, use = (QPushButton(text) for text in ("Discard", "Save to Library…", "Use Now"))
        self.use_button, self.save_button = use, save
        discard.clicked.connect(self.discard_trained)
        save.clicked.connect(self.save_trained)
        use.clicked.connect(self.use_trained)
        buttons = QHBoxLayout()
        buttons.addWidget(discard)
        buttons.addStretch(1)
        buttons.addWidget(save)
        buttons.addWidget(use)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(self.summary)
        layout.addWidget(self.class_warning)
        layout.addWidget(self.history_view, 1)
        layout.addLayout(buttons)
        return page

    def _on_done(self, result: FinetunedModel) -> None:
        self.trained, self.saved_path = result, None
        self._show_saved()
        scores = result.scores
        waited = format_duration(self.progress.waited(scores.seconds))
        held = (
            f"your {scores.held_out} held-out samples"
            if scores.held_out
            else "your held-out samples (too few to hold any out)"
        )
        self.summary.setText(
            "<table cellpadding='4'><tr><th></th><th>before</th><th>after</th></tr>"
            f"<tr><td>{held}</td><td align='right'>{_percent(scores.personal_before)}</td>"
            f"<td align='right'><b>{_percent(scores.personal_after)}</b></td></tr>"
            f"<tr><td>MNIST test set</td><td align='right'>{scores.mnist_before:.2%}</td>"
            f"<td align='right'><b>{scores.mnist_after:.2%}</b></td></tr></table>"
            f"{per_class_table(scores)}"
            f"<p>Trained on {scores.trained_on} of your samples in {waited} "
            f"({format_duration(scores.seconds)} of it training).</p>"
        )
        self.class_warning.setText(class_loss_warning(scores))
        self.class_warning.setVisible(bool(self.class_warning.text()))
        self.history_view.show_png(result.charts["history"])
        self.pages.setCurrentIndex(2)

    def save_trained(self) -> None:
        if self.trained is None:
            return
        suggestion = f"{self.session.recognizer.name}-mine" if self.session.recognizer else "mine"
        saved = save_to_library_asking(self, self.trained.onnx_path, suggestion)
        if saved is not None:
            self._saved(saved)
            self.adopt.emit(str(saved), True)

    def discard_trained(self) -> bool:
        if not super().discard_trained():
            return False
        self.refresh()
        self.pages.setCurrentIndex(0)
        return True
