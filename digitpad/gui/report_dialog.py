"""Model > Report: accuracy, per-class results, a clickable confusion matrix, mistakes, training samples."""

from __future__ import annotations

import numpy as np
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from digitpad.plots import plot_confusion, plot_curves, plot_gallery, plot_per_class
from digitpad.report import GALLERY_SIZE, mistake_captions

from .enter_key import enter_presses
from .plot_canvas import PlotCanvas
from .screen_fit import fit_to_screen
from .tasks import ThreadTask

PAGE = 50  # training samples per page
CELL_GALLERY = 30  # digits shown for a clicked cell of the confusion matrix


# Evaluations already made this session, by model file (its hash): opening a model's report
# again, or after closing it, shows at once instead of reading 10,000 digits again.
_evaluations: dict[str, object] = {}


def evaluation_job(recognizer):
    def job(report):
        from digitpad.report import dataset_for, evaluate_recognizer

        dataset = dataset_for(recognizer, training_images=True)  # the Training samples tab shows them
        key = recognizer.model_id or str(recognizer.path)
        if key not in _evaluations:
            _evaluations[key] = evaluate_recognizer(recognizer, dataset, on_progress=lambda *done: report(done))
        return dataset, _evaluations[key]

    return job


class ReportDialog(QDialog):
    def __init__(self, recognizer, parent=None):
        super().__init__(parent)
        self.recognizer = recognizer
        self.dataset = self.evaluation = None
        self.setWindowTitle(f"Report — {recognizer.name}")
        self.headline = QLabel(f"Evaluating {recognizer.name} on its test set…")
        self.bar = QProgressBar(maximum=1000, textVisible=False)
        self.tabs = QTabWidget()
        self.per_class = PlotCanvas(7, 3)
        self.curves = PlotCanvas(7, 2.6)
        summary = QWidget()
        summary_layout = QVBoxLayout(summary)
        summary_layout.addWidget(self.per_class, 1)
        summary_layout.addWidget(self.curves, 1)

        self.confusion = PlotCanvas(5, 4.5)
        self.confusion.mpl_connect("button_press_event", self._confusion_clicked)
        self.cell_digits = PlotCanvas(7, 2.5)
        confusion = QWidget()
        confusion_layout = QHBoxLayout(confusion)
        # The matrix's hundred cells need more room than the handful of digits of one of them.
        confusion_layout.addWidget(self.confusion, 3)
        confusion_layout.addWidget(self.cell_digits, 2)

        self.mistakes = PlotCanvas(9, 5)

        self.samples = PlotCanvas(9, 5)
        self.page = QSpinBox(minimum=1, maximum=1)
        self.page.valueChanged.connect(self._show_samples)
        samples = QWidget()
        samples_layout = QVBoxLayout(samples)
        pager = QHBoxLayout()
        pager.addWidget(QLabel("Page"))
        pager.addWidget(self.page)
        self.page_total = QLabel()
        pager.addWidget(self.page_total)
        pager.addStretch(1)
        samples_layout.addLayout(pager)
        samples_layout.addWidget(self.samples, 1)

        for widget, name in (
            (summary, "Summary"),
            (confusion, "Confusion matrix"),
            (self.mistakes, "Mistakes"),
            (samples, "Training samples"),
        ):
            self.tabs.addTab(widget, name)
        self.tabs.setEnabled(False)
        close = QPushButton("Close")
        close.clicked.connect(self.close)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.headline)
        layout.addWidget(self.bar)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(buttons)
        fit_to_screen(self, 980, 700)
        enter_presses(self, None)  # Enter in the page field must not close the report
        self.task = ThreadTask(
            evaluation_job(recognizer), done=self._on_done, failed=self._on_failed, progress=self._on_progress
        )

    def _on_progress(self, done_total) -> None:
        done, total = done_total
        self.bar.setValue(int(1000 * done / max(total, 1)))
        self.headline.setText(f"Evaluating {self.recognizer.name} on its test set… {done:,} of {total:,} images")

    def _on_failed(self, message: str) -> None:
        self.bar.hide()
        self.headline.setText(message)

    def _on_done(self, result) -> None:
        self.bar.hide()
        self.dataset, self.evaluation = result
        evaluation, labels = self.evaluation, list(self.recognizer.labels)
        self.headline.setText(
            f"<b>{self.recognizer.name}</b>: {evaluation.accuracy:.2%} on {evaluation.n:,} "
            f"{self.dataset.name} test images — {len(evaluation.misclassified)} mistakes"
        )
        self.per_class.redraw(plot_per_class, {self.recognizer.name: evaluation.per_class}, labels)
        history = self.recognizer.metadata.get("history")
        self.curves.redraw(plot_curves, {"training": history} if history else {})
        self.confusion.redraw(plot_confusion, evaluation.confusion, labels)
        self.cell_digits.redraw(plot_gallery, np.zeros((0, 28, 28)), [], title="Click a cell of the matrix")
        shown = evaluation.misclassified[:GALLERY_SIZE]
        self.mistakes.redraw(
            plot_gallery,
            self.dataset.x_test[shown],
            mistake_captions(evaluation, labels, self.dataset.y_test, shown),
            title=f"Most confident mistakes ({len(shown)} of {len(evaluation.misclassified)})",
        )
        pages = int(np.ceil(len(self.dataset.x_train) / PAGE))
        self.page.setMaximum(pages)
        self.page_total.setText(f"of {pages:,}")
        self._show_samples()
        self.tabs.setEnabled(True)

    def show_cell(self, true: int, predicted: int) -> int:
        """Show the test digits of class `true` read as `predicted`; returns how many there are."""
        evaluation, labels = self.evaluation, self.recognizer.labels
        indices = np.flatnonzero((self.dataset.y_test == true) & (evaluation.predictions == predicted))
        shown = indices[:CELL_GALLERY]
        count = f"{len(indices):,} digits" + (f", the first {len(shown)} shown" if len(shown) < len(indices) else "")
        self.cell_digits.redraw(
            plot_gallery,
            self.dataset.x_test[shown],
            [f"{evaluation.confidences[i]:.0%}" for i in shown],
            columns=6,
            title=f"true {labels[true]}, read {labels[predicted]}: {count}",
        )
        self.confusion.redraw(plot_confusion, evaluation.confusion, list(labels), selected=(true, predicted))
        return len(indices)

    def _confusion_clicked(self, event) -> None:
        if self.evaluation is None or event.xdata is None or event.ydata is None:
            return
        predicted, true = int(round(event.xdata)), int(round(event.ydata))
        n = len(self.recognizer.labels)
        if 0 <= true < n and 0 <= predicted < n:
            self.show_cell(true, predicted)

    def _show_samples(self) -> None:
        if self.dataset is None:
            return
        start = (self.page.value() - 1) * PAGE
        images = self.dataset.x_train[start : start + PAGE]
        labels = self.recognizer.labels
        captions = [f"label {labels[y]}" for y in self.dataset.y_train[start : start + PAGE]]
        self.samples.redraw(
            plot_gallery, images, captions, title=f"Training images {start + 1:,}–{start + len(images):,}"
        )

    def closeEvent(self, event):
        self.task.wait()  # evaluation takes a second or two; never leave its thread orphaned
        super().closeEvent(event)
