"""Train > Retrain: choose a network and optimizer, train in the background, compare, adopt or save."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from digitpad.base.errors import ConfigError
from digitpad.training import zoo

from .chart_view import ChartView
from .data_chooser import DataChooser
from .enter_key import enter_presses
from .job_dialog import JobDialog
from .job_widgets import JobProgressPage, UnsavedModelNote, count_of, format_duration, save_to_library_asking
from .param_form import OptimizerParamsForm
from .screen_fit import fit_to_screen
from .session import Session
from .setting_fields import training_fields

if TYPE_CHECKING:  # the window names the jobs and never imports the training code
    from digitpad.jobs.training_jobs import TrainedModel


class RetrainDialog(JobDialog):
    job_noun = "training"
    model_noun = "trained model"

    def __init__(self, session: Session, parent: QWidget | None = None):
        super().__init__(session, parent, "digitpad-trained-")
        self.setWindowTitle("Retrain")
        self.trained: TrainedModel | None = None
        self._charted_against: str | None = None  # the model the job's per-class chart compares with
        self._waited = 0.0  # how long the user waited for the trained model
        session.model_changed.connect(self._summarise)
        self.pages = QStackedWidget()
        self.pages.addWidget(self._settings_page())
        self.pages.addWidget(self._progress_page())
        self.pages.addWidget(self._results_page())
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages)
        fit_to_screen(self, 820, 600)
        self.architecture.setCurrentIndex(self.architecture.findData("cnn-lenet"))
        self._restore_settings()
        self._validate()
        self.pages.currentChanged.connect(self._page_changed)
        self._page_changed(0)

    def _page_changed(self, index: int) -> None:
        # Enter: Train on the settings page, nothing while training, Save to Library… on the
        # results until it is saved, then Use Now.
        primary = {0: self.train_button, 1: None, 2: self.use_button if self.saved_path else self.save_button}
        enter_presses(self, primary[index])
        self._show_saved()
        # A trained, unsaved model is always one click away (issue 22: "Train Again" used to hide it).
        self.waiting.show_model(self._unsaved_description() if index == 0 and self.has_unsaved_model() else None)

    # ------------------------------------------------------------ page 1: settings

    def _settings_page(self) -> QWidget:
        page = QWidget()
        form = self.form = QFormLayout()
        self.architecture = QComboBox()
        for name, arch in zoo.ARCHITECTURES.items():
            self.architecture.addItem(f"{name}   ({arch.param_count():,} parameters)", name)
        self.architecture.currentIndexChanged.connect(self._architecture_changed)
        self.description = QLabel()
        self.description.setWordWrap(True)
        self.optimizer = QComboBox()
        for name, opt in zoo.OPTIMIZERS.items():
            self.optimizer.addItem(f"{name} — {opt.description}", name)
        self.optimizer.currentIndexChanged.connect(self._optimizer_changed)
        self.params = OptimizerParamsForm()
        self.params.changed.connect(self._validate)
        self.schedule = QComboBox()
        for name, text in zoo.SCHEDULES.items():
            self.schedule.addItem(f"{name} — {text}", name)
        fields = training_fields()
        self.epochs, self.batch_size, self.validation, self.subset, self.seed = (
            fields["epochs"],
            fields["batch_size"],
            fields["validation_split"],
            fields["limit"],
            fields["seed"],
        )
        self.augment = QCheckBox("shifts, rotation, scale, shear, thickness, blur, noise")
        self.data = DataChooser()
        self.hidden = QLineEdit("128")
        self.hidden.setToolTip("Sizes of the hidden layers, e.g. 256,128 (numpy-mlp only)")
        self.hidden.textChanged.connect(self._validate)
        for widget in (self.epochs, self.batch_size, self.validation, self.subset, self.seed):
            widget.valueChanged.connect(self._validate)
        self.schedule.currentIndexChanged.connect(self._validate)

        form.addRow("Training data", self.data)
        form.addRow("Architecture", self.architecture)
        form.addRow("", self.description)
        form.addRow("Hidden layers", self.hidden)
        form.addRow("Optimizer", self.optimizer)
        form.addRow("", self.params)
        form.addRow("Learning-rate schedule", self.schedule)
        form.addRow("Epochs", self.epochs)
        form.addRow("Batch size", self.batch_size)
        form.addRow("Validation split", self.validation)
        form.addRow("Augmentation", self.augment)
        form.addRow("Training subset", self.subset)
        form.addRow("Seed", self.seed)

        self.waiting = UnsavedModelNote("Back to Its Results")
        self.waiting.show_requested.connect(self.show_unsaved_result)
        self.error = QLabel()
        self.error.setStyleSheet("color: #c0392b")
        self.error.setWordWrap(True)
        self.train_button = QPushButton("Train")
        self.train_button.clicked.connect(self.start)
        close = QPushButton("Close")
        close.clicked.connect(self.close)
        buttons = QHBoxLayout()
        buttons.addWidget(self.error, 1)
        buttons.addWidget(close)
        buttons.addWidget(self.train_button)
        fields_box = QWidget()
        fields_layout = QVBoxLayout(fields_box)
        fields_layout.setContentsMargins(0, 0, 0, 0)
        fields_layout.addLayout(form)
        fields_layout.addStretch(1)
        scroll = QScrollArea()  # thirteen rows do not fit a 2x-scaled laptop screen; the buttons stay in view
        scroll.setWidget(fields_box)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        layout = QVBoxLayout(page)
        layout.addWidget(self.waiting)
        layout.addWidget(scroll, 1)
        layout.addLayout(buttons)
        return page

    def _architecture_changed(self) -> None:
        arch = zoo.get_architecture(self.architecture.currentData())
        self.description.setText(arch.description)
        self.epochs.setValue(arch.default_epochs)
        self.batch_size.setValue(arch.default_batch_size)
        self.optimizer.setCurrentIndex(self.optimizer.findData(arch.default_optimizer))
        # Rows that do not apply to this network are hidden, not just greyed out.
        self.form.setRowVisible(self.hidden, arch.hidden_sizes_configurable)
        self.form.setRowVisible(self.augment, arch.augmentable)
        if not arch.augmentable:
            self.augment.setChecked(False)
        self._optimizer_changed()

    def _optimizer_changed(self) -> None:
        self.params.set_optimizer(self.optimizer.currentData())
        self._validate()

    def config(self):
        """The TrainConfig the form stands for; ConfigError if any value is invalid."""
        from digitpad.training.runs import TrainConfig, parse_hidden

        hidden_sizes = zoo.get_architecture(self.architecture.currentData()).hidden_sizes_configurable
        return TrainConfig(
            architecture=self.architecture.currentData(),
            optimizer=self.optimizer.currentData(),
            optimizer_params=self.params.values(),
            schedule=self.schedule.currentData(),
            epochs=self.epochs.value(),
            batch_size=self.batch_size.value(),
            validation_split=round(self.validation.value(), 2),
            augment=self.augment.isChecked(),
            limit=self.subset.value() or None,
            seed=self.seed.value(),
            hidden=parse_hidden(self.hidden.text()) if hidden_sizes else None,
        ).validated()

    def _validate(self) -> bool:
        try:
            self.config()
        except ConfigError as exc:
            self.error.setText(str(exc))
            self.train_button.setEnabled(False)
            return False
        self.error.setText("")
        self.train_button.setEnabled(True)
        return True

    # ------------------------------------------------------------ remembered settings

    def _remember_settings(self) -> None:
        """What was last trained is what the dialog offers next time (and after a restart)."""
        settings = self.session.settings
        settings.setValue("retrain/architecture", self.architecture.currentData())
        settings.setValue("retrain/optimizer", self.optimizer.currentData())
        settings.setValue("retrain/schedule", self.schedule.currentData())
        for key, box in self._remembered_numbers():
            settings.setValue(f"retrain/{key}", box.value())
        settings.setValue("retrain/augment", self.augment.isChecked())
        settings.setValue("retrain/hidden", self.hidden.text())

    def _remembered_numbers(self):
        return (
            ("epochs", self.epochs),
            ("batchSize", self.batch_size),
            ("subset", self.subset),
            ("seed", self.seed),
            ("validation", self.validation),
        )

    def _restore_settings(self) -> None:
        """Saved values are checked like any (SettingsReader); an unusable one keeps the default."""
        saved = self.session.saved
        for key, combo in (
            ("architecture", self.architecture),
            ("optimizer", self.optimizer),
            ("schedule", self.schedule),
        ):
            choices = tuple(combo.itemData(i) for i in range(combo.count()))
            choice = saved.choice(f"retrain/{key}", combo.currentData(), choices)
            combo.setCurrentIndex(combo.findData(choice))
        for key, box in self._remembered_numbers():
            value = saved.number(f"retrain/{key}", box.value(), box.minimum(), box.maximum())
            box.setValue(type(box.value())(value))
        self.augment.setChecked(
            saved.flag("retrain/augment", False) and zoo.get_architecture(self.architecture.currentData()).augmentable
        )
        self.hidden.setText(saved.text("retrain/hidden", self.hidden.text(), 100))

    # ------------------------------------------------------------ page 2: progress

    def _progress_page(self) -> QWidget:
        self.progress = JobProgressPage()
        self.progress.cancel_requested.connect(self.cancel)
        self.bar, self.curves = self.progress.bar, self.progress.curves  # for tests and the results page
        self.job_bar = self.bar  # what the main window's status bar shows while this dialog is hidden
        return self.progress

    def start(self) -> None:
        if not self._validate() or self.is_running():
            return
        self._remember_settings()
        if not self.discard_trained():
            return  # a new training would replace it: asked first, and kept
        config = self.config()
        self.progress.start(f"{config.architecture} with {config.optimizer}, {count_of(config.epochs, 'epoch')}")
        self.pages.setCurrentIndex(1)
        current = self.session.recognizer
        compare_with = (
            {f"current: {current.name}": current.metadata["per_class_accuracy"]}
            if current is not None and current.metadata.get("per_class_accuracy")
            else None
        )
        # The per-class chart's other bars.
        self._charted_against = current.name if current is not None and compare_with else None
        data = self.data.location()
        self._run_on_progress_page(
            "digitpad.jobs.training_jobs:train_and_export", (config, self.workspace, compare_with, data)
        )

    def _on_cancelled(self) -> None:
        self.pages.setCurrentIndex(0)
        self.error.setText("Training cancelled; the current model is unchanged.")

    def _on_failed(self, message: str) -> None:
        self.pages.setCurrentIndex(0)
        self.error.setText(message)
        QMessageBox.warning(self, "Training failed", message)

    # ------------------------------------------------------------ page 3: results

    def _results_page(self) -> QWidget:
        page = QWidget()
        self.summary = QLabel()
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.per_class = ChartView()
        self.confusion = ChartView()
        self.history_view = ChartView()
        charts = QHBoxLayout()
        charts.addWidget(self.per_class, 1)
        charts.addWidget(self.confusion, 1)
        use, save, again, discard = (QPushButton(t) for t in ("Use Now", "Save to Library…", "Train Again", "Discard"))
        self.save_button, self.use_button = save, use
        use.clicked.connect(self.use_trained)
        save.clicked.connect(self.save_trained)
        again.clicked.connect(lambda: self.pages.setCurrentIndex(0))
        discard.clicked.connect(self.discard_trained)
        buttons = QHBoxLayout()
        buttons.addWidget(discard)
        buttons.addWidget(again)
        buttons.addStretch(1)
        buttons.addWidget(save)
        buttons.addWidget(use)
        layout = QVBoxLayout(page)
        layout.addWidget(self.summary)
        layout.addLayout(charts, 3)
        layout.addWidget(self.history_view, 2)
        layout.addLayout(buttons)
        return page

    def _on_done(self, trained: TrainedModel) -> None:
        self.trained, self.saved_path = trained, None
        self._waited = self.progress.waited(trained.seconds)
        self._summarise()
        self.per_class.show_png(trained.charts["per_class"])
        self.confusion.show_png(trained.charts["confusion"])
        self.history_view.show_png(trained.charts["history"])
        self.pages.setCurrentIndex(2)

    def _summarise(self, *_) -> None:
        """The results' headline, against the model in use now (it may change while the page is open)."""
        if self.trained is None:
            return
        trained, evaluation = self.trained, self.trained.evaluation
        current = self.session.recognizer
        comparison = ""
        if current is not None and Path(current.path) in (trained.onnx_path, self.saved_path):
            comparison = " — in use now"
        elif (
            current is not None
            and len(current.labels) == len(evaluation.per_class)
            and current.test_accuracy is not None
        ):
            comparison = f" — in use now, {current.name}: {current.test_accuracy:.2%}"
        charted = self._charted_against
        if charted and (current is None or current.name != charted):
            # The chart was drawn by the job against the model in use when it started.
            comparison += f"<br>The per-class chart compares with {charted}, in use when training started."
        self.summary.setText(
            f"<b>Test accuracy {evaluation.accuracy:.2%}</b>{comparison}<br>"
            f"{trained.config.architecture} with {trained.config.optimizer}, "
            f"{count_of(trained.config.epochs, 'epoch')} in {format_duration(self._waited)} "
            f"({format_duration(trained.seconds)} of it training)"
        )

    def save_trained(self) -> None:
        if self.trained is None:
            return
        config = self.trained.config
        suggestion = f"{config.architecture}-{config.optimizer}-{self.trained.evaluation.accuracy * 100:.2f}"
        saved = save_to_library_asking(self, self.trained.onnx_path, suggestion)
        if saved is None:
            return
        in_use = self.session.recognizer is not None and self.session.recognizer.path == self.trained.onnx_path
        self._saved(saved)
        if in_use:
            self.adopt.emit(str(saved), True)  # in use: switch to the saved copy, which is remembered
        self._page_changed(self.pages.currentIndex())  # Enter now uses it: saving twice made a copy

    def discard_trained(self) -> bool:
        if not super().discard_trained():
            return False
        self.pages.setCurrentIndex(0)
        self._page_changed(0)
        return True

    def _unsaved_description(self) -> str:
        trained = self.trained
        if trained is None:
            return ""
        config = trained.config
        return (
            f"The model trained last ({config.architecture} with {config.optimizer}, "
            f"{trained.evaluation.accuracy:.2%}) has not been saved."
        )
