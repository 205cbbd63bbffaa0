"""Train > Compare Optimizers: the course's optimizer study, run in the background, drawn live."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from digitpad.base.atomic import write_bytes_atomic, write_text_atomic
from digitpad.base.errors import ConfigError, os_error_message
from digitpad.training import zoo
from digitpad.training.experiments import DEFAULT_OPTIMIZERS, Comparison, OptimizerRun, parse_params_text
from digitpad.training.settings import COMPARE_EPOCHS

from .chart_view import ChartView
from .data_chooser import DataChooser
from .enter_key import enter_presses
from .job_dialog import JobDialog
from .screen_fit import fit_to_screen
from .session import Session
from .setting_fields import training_fields
from .tasks import ProcessTask

COLUMNS = ("optimizer", "final val accuracy", "best val accuracy", "test accuracy", "s / epoch")


def _percent(value) -> str:
    return "–" if value is None else f"{value:.2%}"


class CompareDialog(JobDialog):
    """Makes no model: a comparison's curves and table, exported as PNG and CSV."""

    job_noun = "comparison"

    def __init__(self, session: Session, parent: QWidget | None = None):
        super().__init__(session, parent)
        self.setWindowTitle("Compare optimizers")
        self.comparison: Comparison | None = None
        self._runs: list[OptimizerRun] = []

        self.architecture = QComboBox()
        for name, arch in zoo.ARCHITECTURES.items():
            self.architecture.addItem(f"{name}   ({arch.param_count():,} parameters)", name)
        self.architecture.setCurrentIndex(self.architecture.findData("mlp-128"))
        self.optimizer_boxes: dict[str, QCheckBox] = {}
        self.param_edits: dict[str, QLineEdit] = {}
        grid = QGridLayout()
        for row, name in enumerate(zoo.OPTIMIZERS):
            box = QCheckBox(name)
            box.setChecked(name in DEFAULT_OPTIMIZERS)
            defaults = ", ".join(
                f"{p.name}={p.default:g}" if not isinstance(p.default, bool) else f"{p.name}={p.default}"
                for p in zoo.OPTIMIZERS[name].params
            )
            edit = QLineEdit()
            edit.setPlaceholderText(f"defaults: {defaults}")
            edit.setToolTip("Parameters to change, as name=value, separated by commas")
            grid.addWidget(box, row, 0)
            grid.addWidget(edit, row, 1)
            self.optimizer_boxes[name], self.param_edits[name] = box, edit
        fields = training_fields(epochs=COMPARE_EPOCHS, limit=10000)
        self.epochs, self.subset, self.batch_size, self.validation = (
            fields["epochs"],
            fields["limit"],
            fields["batch_size"],
            fields["validation_split"],
        )
        self.validation.setMinimum(0.05)  # the comparison's table is of validation accuracy: some is needed
        self.data = DataChooser()
        form = QFormLayout()
        form.addRow("Training data", self.data)
        form.addRow("Architecture", self.architecture)
        form.addRow("Optimizers and\ntheir parameters", grid)
        form.addRow("Epochs", self.epochs)
        form.addRow("Training subset", self.subset)
        form.addRow("Batch size", self.batch_size)
        form.addRow("Validation split", self.validation)

        self.status = QLabel("Choose the optimizers and start.")
        self.bar = QProgressBar(maximum=1000)
        self.job_bar = self.bar  # what the main window's status bar shows while this dialog is hidden
        self.curves = ChartView("The accuracy and loss curves of every optimizer appear here as they train")
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.start_button = QPushButton("Start")
        self.start_button.clicked.connect(self.start)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setEnabled(False)
        self.cancel_button.clicked.connect(self.cancel)
        self.png_button = QPushButton("Export PNG…")
        self.csv_button = QPushButton("Export CSV…")
        self.png_button.clicked.connect(self.export_png)
        self.csv_button.clicked.connect(self.export_csv)
        for button in (self.png_button, self.csv_button):
            button.setEnabled(False)
        close = QPushButton("Close")
        close.clicked.connect(self.close)
        buttons = QHBoxLayout()
        buttons.addWidget(self.png_button)
        buttons.addWidget(self.csv_button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.start_button)

        # The settings, and the results below them in a splitter the user can drag: the curves and
        # the table get the room (the settings are needed once, the results are read at length).
        form_panel = QWidget()
        form_panel.setLayout(form)
        settings = QScrollArea()  # nine optimizers' rows do not fit a 2x-scaled laptop screen: they scroll
        settings.setWidget(form_panel)
        settings.setWidgetResizable(True)
        settings.setFrameShape(QFrame.Shape.NoFrame)
        settings.setMinimumHeight(90)
        results = QSplitter(Qt.Orientation.Vertical)
        results.addWidget(self.curves)
        results.addWidget(self.table)
        results.setStretchFactor(0, 3)
        results.setStretchFactor(1, 1)
        results.setChildrenCollapsible(False)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(settings)
        self.splitter.addWidget(results)
        self.splitter.setStretchFactor(1, 1)
        self.curves.setMinimumSize(300, 140)
        self.table.setMinimumHeight(80)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(self.bar)
        layout.addWidget(self.splitter, 1)
        layout.addLayout(buttons)
        fit_to_screen(self, 960, 860)
        enter_presses(self, self.start_button)

    def selected_optimizers(self) -> list[str]:
        return [name for name, box in self.optimizer_boxes.items() if box.isChecked()]

    def optimizer_params(self) -> dict[str, dict]:
        """Each chosen optimizer with its typed parameters, checked; ConfigError names the culprit."""
        chosen = {}
        for name in self.selected_optimizers():
            try:
                chosen[name] = zoo.resolve_optimizer_params(name, parse_params_text(self.param_edits[name].text()))
            except ConfigError as exc:
                raise ConfigError(f"{name}: {exc}") from None
        return chosen

    def base_config(self):
        from digitpad.training.runs import TrainConfig

        if not self.selected_optimizers():
            raise ConfigError("choose at least one optimizer")
        return TrainConfig(
            architecture=self.architecture.currentData(),
            epochs=self.epochs.value(),
            batch_size=self.batch_size.value(),
            validation_split=round(self.validation.value(), 2),
            limit=self.subset.value() or None,
        ).validated()

    def start(self) -> None:
        if self.is_running():
            return
        try:
            base = self.base_config()
            optimizers = self.optimizer_params()
        except ConfigError as exc:
            QMessageBox.warning(self, "Cannot start", str(exc))
            return
        self._optimizers = list(optimizers)
        self._runs, self.comparison = [], None
        self.table.setRowCount(0)
        self.curves.clear_chart("The curves appear after each optimizer's first epoch")
        self.bar.setValue(0)
        self.start_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        for button in (self.png_button, self.csv_button):
            button.setEnabled(False)
        self.task = ProcessTask(
            "digitpad.jobs.training_jobs:compare",
            (base, optimizers, self.data.location()),
            self,
            status=self.status.setText,
            progress=self._on_progress,
            chart=lambda name, png: self.curves.show_png(png),
            done=self._on_done,
            failed=self._on_failed,
            cancelled=self._on_cancelled,
            ended=self._on_ended,
        )

    def _on_progress(self, item) -> None:
        if isinstance(item, OptimizerRun):
            self._add_row(item)
            return
        name, p = item
        index = self._optimizers.index(name)
        done = index * p.epochs * p.batches + (p.epoch - 1) * p.batches + (p.batch or p.batches)
        self.bar.setValue(int(1000 * done / (len(self._optimizers) * p.epochs * p.batches)))
        self.status.setText(f"{name} ({index + 1} of {len(self._optimizers)}): epoch {p.epoch} of {p.epochs}")

    def _add_row(self, run: OptimizerRun) -> None:
        self._runs.append(run)
        row = self.table.rowCount()
        self.table.insertRow(row)
        values = (
            run.optimizer,
            _percent(run.final_val_accuracy),
            _percent(run.best_val_accuracy),
            _percent(run.test_accuracy),
            f"{run.seconds_per_epoch:.1f}",
        )
        for column, value in enumerate(values):
            self.table.setItem(row, column, QTableWidgetItem(value))

    def _on_done(self, comparison: Comparison) -> None:
        self.comparison = comparison
        best = max(comparison.runs, key=lambda r: r.test_accuracy)
        self.status.setText(f"Done: best test accuracy {best.test_accuracy:.2%} with {best.optimizer}.")
        self.bar.setValue(1000)
        for button in (self.png_button, self.csv_button):
            button.setEnabled(True)

    def _on_failed(self, message: str) -> None:
        self.status.setText(message)
        QMessageBox.warning(self, "Comparison failed", message)

    def _on_cancelled(self) -> None:
        self.status.setText(f"Cancelled after {len(self._runs)} of {len(self._optimizers)} optimizers.")
        if self._runs:  # what finished can still be exported
            base = self.base_config()
            self.comparison = Comparison(base.architecture, base, list(self._runs))

    def _on_ended(self) -> None:
        self.start_button.setEnabled(True)
        self.cancel_button.setEnabled(False)
        # Exports whenever there is something to export: curves drawn, finished runs in the table.
        self.png_button.setEnabled(self.curves.has_chart())
        self.csv_button.setEnabled(self.comparison is not None and bool(self.comparison.runs))

    def cancel(self) -> None:
        if self.task is not None:
            self.status.setText("Cancelling…")
        super().cancel()

    def export_png(self, path: str | None = None) -> None:
        path = (
            path
            or QFileDialog.getSaveFileName(
                self, "Export curves", str(self.session.last_folder() / "optimizers.png"), "PNG image (*.png)"
            )[0]
        )
        if path and self.curves.has_chart():
            self._export(path, lambda: write_bytes_atomic(path, self.curves.png))

    def export_csv(self, path: str | None = None) -> None:
        path = (
            path
            or QFileDialog.getSaveFileName(
                self, "Export results", str(self.session.last_folder() / "optimizers.csv"), "CSV (*.csv)"
            )[0]
        )
        if path and self.comparison is not None:
            self._export(path, lambda: write_text_atomic(path, self.comparison.csv_text()))

    def _export(self, path: str, write) -> None:
        try:
            write()
        except OSError as exc:
            QMessageBox.warning(self, "Cannot export", os_error_message(exc, "cannot write"))
            return
        self.session.remember_folder(path)
