"""The main window: the pad, the live answer and chart, files, models, settings."""

from __future__ import annotations

import dataclasses
import os
import platform
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QGuiApplication, QImage, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QBoxLayout,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QSlider,
    QVBoxLayout,
    QWidget,
)

from digitpad.base.errors import DigitPadError, EmptyImageError
from digitpad.base.logs import log_unexpected
from digitpad.base.paths import bundled_model_path
from digitpad.imaging.preprocess import load_image
from digitpad.inference.prediction import Status
from digitpad.library import read_library
from digitpad.personal.sample_store import LABELS

from . import help as help_window
from .appearance import SCHEMES, apply_color_scheme
from .icons import app_icon, icon
from .image_opener import BackgroundImageOpener
from .images import qimage_to_array
from .job_indicator import JobIndicator
from .number_mode import NumberMode
from .number_reader import BackgroundNumberReader
from .pad import DrawingPad, reaches_beyond_digit_pad
from .results import AnswerView, ModelInputPreview, ProbabilityChart
from .screen_fit import fit_to_screen, keep_on_screen
from .session import Session
from .teaching import TeachBar, TeachCommand, counter_text

if TYPE_CHECKING:  # (the dialogs are imported when first opened)
    from digitpad.imaging.drawing import Drawing

    from .compare_dialog import CompareDialog
    from .finetune_dialog import FinetuneDialog
    from .models_dialog import ModelsDialog
    from .retrain_dialog import RetrainDialog
    from .samples_dialog import SamplesDialog

IMAGE_FILTER = "Images (*.png *.jpg *.jpeg *.bmp *.gif *.tif *.tiff *.webp *.pgm *.ppm *.pbm);;All files (*)"
MODEL_FILTER = "Models (*.onnx *.keras *.json);;All files (*)"
MAX_RECENT = 8
PEN_WIDTHS = (2, 10)  # the pen-width slider's range, in pad pixels
# An opened picture read as a number of two or more sure digits at least this confidently
# switches the window to whole numbers; anything less stays a single digit.
NUMBER_SWITCH_CONFIDENCE = 0.8
PREDICT_INTERVAL_MS = 16  # at most one prediction per display frame while drawing


def _is_file(path: str) -> bool:
    try:
        return Path(path).is_file()
    except OSError:
        return False


def _message(exc: Exception) -> str:
    """A user error's own line; a bug's line says where its traceback was logged."""
    return str(exc) if isinstance(exc, DigitPadError) else log_unexpected("unexpected error", exc)


class MainWindow(QMainWindow):
    predicted = Signal(object)  # the Prediction shown now, or None (tests and the smoke test listen)
    image_opened = Signal(bool)  # an open, paste or drop has ended: shown (True) or refused (False)
    number_shown = Signal(object)  # the Reading of the number now on the pad, or None, once it is shown

    def __init__(self, settings: QSettings | None = None):
        super().__init__()
        # What the app works on (settings, model, samples, answer, undo stack); the window shows it.
        self.session = Session(settings, self)
        self.retrain_dialog: RetrainDialog | None = None
        self.compare_dialog: CompareDialog | None = None
        self.samples_dialog: SamplesDialog | None = None
        self.finetune_dialog: FinetuneDialog | None = None
        self.models_dialog: ModelsDialog | None = None
        self._library_problems_shown: set[str] = set()
        self._reports: dict = {}  # model hash -> its report window
        self.setWindowIcon(app_icon())
        self.setAcceptDrops(True)

        self.pad = DrawingPad(undo_stack=self.session.undo_stack)
        self.pad.pen_width = self.session.saved.number("penWidth", self.pad.pen_width, PEN_WIDTHS[0], PEN_WIDTHS[1])
        self.chart = ProbabilityChart()
        self.answer = AnswerView()
        self.preview = ModelInputPreview()
        self.teach_bar = TeachBar()
        self.numbers = NumberMode(self.pad, self)
        self._number_reader = BackgroundNumberReader()
        self._number_reader.finished.connect(self._show_number)
        self._number_wanted: Drawing | None = None  # the drawing whose reading the window waits for
        self._number_check = None  # the picture opened on the digit pad, read to see whether it is a number
        self._image_opener = BackgroundImageOpener()
        self._image_opener.finished.connect(self._show_opened)
        self._opening: object | None = None  # the token of the picture being opened (the newest asked for)
        # A worker thread must end before the window that owns it goes, however the app quits.
        # (A method, not a lambda: Qt drops the connection when the window is deleted.)
        app = QApplication.instance()
        assert app is not None  # (a window needs one)
        app.aboutToQuit.connect(self._before_quit)
        self._teach_when_read: str | None = None  # a digit taught before its number's reading arrived
        self.numbers.focus_changed.connect(self._show_focused_digit)
        self.teach_bar.teach.connect(self.teach)
        self.chart.bar_clicked.connect(lambda index: self.teach(self.chart.label_of(index)))
        self.sample_counter = QLabel()
        self.job_indicator = JobIndicator()
        self.statusBar().addPermanentWidget(self.job_indicator)
        self.statusBar().addPermanentWidget(self.sample_counter)
        self._build_layout()
        self._build_actions()
        self._build_menus()

        self._predict_timer = QTimer(self, singleShot=True, interval=PREDICT_INTERVAL_MS)
        self._predict_timer.timeout.connect(self.predict_now)
        self.pad.changed.connect(self._predict_soon)
        self.pad.wide_needed.connect(lambda: self.set_number_mode(True))
        session = self.session
        session.prediction_changed.connect(self._update_teach_bar)  # (first: the answer's listeners see it set)
        session.prediction_changed.connect(self.predicted)
        session.model_changed.connect(self._model_in_use)
        session.samples_changed.connect(self._samples_changed)
        session.status.connect(lambda text, ms: self.statusBar().showMessage(text, ms))
        session.error.connect(self._error)
        self.predicted.connect(self.chart.show_prediction)
        self.predicted.connect(lambda p: self.preview.show_image28(p.image28 if p else None))
        self.session.undo_stack.indexChanged.connect(self._update_actions)
        self._update_actions()
        if self.session.saved.flag("numberMode", False):
            self.set_number_mode(True)
        self.statusBar().showMessage("Loading the model…")
        self._restore_geometry()

    # ------------------------------------------------------------ layout

    def _build_layout(self) -> None:
        self.pen_slider = QSlider(Qt.Orientation.Horizontal)
        self.pen_slider.setRange(*PEN_WIDTHS)
        self.pen_slider.setValue(round(self.pad.pen_width))
        self.pen_slider.setToolTip("Pen width")
        self.pen_slider.setMinimumWidth(90)  # a usable slider even at the smallest window size
        self.pen_slider.valueChanged.connect(self._set_pen_width)
        clear_button = QPushButton(icon("clear"), "Clear")
        clear_button.setProperty("iconName", "clear")
        clear_button.setToolTip("Clear the pad (Esc)")
        clear_button.clicked.connect(self.pad.clear)

        self.number_button = QPushButton("Whole Number")
        self.number_button.setCheckable(True)
        self.number_button.setToolTip("Write or open a number of several digits on a wide pad (Ctrl+Shift+N)")
        self.number_button.toggled.connect(self.set_number_mode)
        controls = QHBoxLayout()
        controls.addWidget(QLabel("Pen"))
        controls.addWidget(self.pen_slider, 1)
        controls.addWidget(self.number_button)
        controls.addWidget(clear_button)
        left = QVBoxLayout()
        left.addWidget(self.pad, 1)
        left.addLayout(controls)

        preview_box = QVBoxLayout()
        preview_box.addWidget(self.preview, 0, Qt.AlignmentFlag.AlignHCenter)
        caption = QLabel("What the model sees")
        caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
        preview_box.addWidget(caption)
        top_right = QHBoxLayout()
        top_right.addWidget(self.answer, 1)
        top_right.addWidget(self.numbers.answer, 1)
        self.numbers.answer.hide()
        top_right.addLayout(preview_box)
        right = QVBoxLayout()
        right.addLayout(top_right)
        right.addWidget(self.chart, 1)
        right.addWidget(self.teach_bar)

        central = QWidget()
        self._arrangement = QBoxLayout(QBoxLayout.Direction.LeftToRight, central)  # top to bottom for a number
        self._arrangement.addLayout(left, 3)
        self._arrangement.addLayout(right, 2)
        self.setCentralWidget(central)

    def _action(self, text: str, slot, shortcut=None, icon_name: str | None = None) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcuts(shortcut if isinstance(shortcut, list) else [QKeySequence(shortcut)])
        if icon_name:
            action.setIcon(icon(icon_name))
            action.setProperty("iconName", icon_name)
        action.triggered.connect(slot)
        return action

    def _build_actions(self) -> None:
        self.open_action = self._action("&Open Image…", self.choose_image, QKeySequence.StandardKey.Open, "open")
        self.save_action = self._action(
            "&Save Drawing as PNG…", self.choose_save_path, QKeySequence.StandardKey.Save, "save"
        )
        self.quit_action = self._action("&Quit", self.close, QKeySequence.StandardKey.Quit)
        self.undo_action = self.session.undo_stack.createUndoAction(self, "&Undo")
        self.undo_action.setShortcuts(QKeySequence.StandardKey.Undo)
        self.undo_action.setIcon(icon("undo"))
        self.undo_action.setProperty("iconName", "undo")
        self.redo_action = self.session.undo_stack.createRedoAction(self, "&Redo")
        # Ctrl+Shift+Z everywhere, plus the platform's own (Ctrl+Y on Windows). Listed twice, a
        # shortcut becomes ambiguous and fires nothing, so duplicates are dropped.
        redo_keys = [QKeySequence("Ctrl+Shift+Z"), *QKeySequence.keyBindings(QKeySequence.StandardKey.Redo)]
        if platform.system() != "Darwin":  # Ctrl+Y redoes on Windows and in most Linux apps too
            redo_keys.insert(1, QKeySequence("Ctrl+Y"))
        self.redo_action.setShortcuts(list({key.toString(): key for key in redo_keys}.values()))
        self.redo_action.setIcon(icon("redo"))
        self.redo_action.setProperty("iconName", "redo")
        self.clear_action = self._action(
            "&Clear", self.pad.clear, [QKeySequence("Esc"), QKeySequence("Delete")], "clear"
        )
        self.paste_action = self._action("&Paste Image", self.paste, QKeySequence.StandardKey.Paste)
        self.number_action = self._action("Read a Whole &Number", self.set_number_mode, "Ctrl+Shift+N")
        self.number_action.setCheckable(True)
        self.load_model_action = self._action("&Load Model File…", self.choose_model)
        self.reset_model_action = self._action("&Reset to Bundled Model", lambda: self.use_model(bundled_model_path()))
        self.manage_models_action = self._action("&Manage Saved Models…", self.show_models)
        self.report_action = self._action("&Report…", self.show_report, "Ctrl+R")
        self.retrain_action = self._action("&Retrain…", self.show_retrain, "Ctrl+T")
        self.compare_action = self._action("&Compare Optimizers…", self.show_compare)
        self.teach_actions = [self._action(f"&{d}", lambda _=False, d=d: self.teach(d), d) for d in LABELS]
        self.samples_action = self._action("&My Handwriting…", self.show_samples, "Ctrl+Shift+H")
        self.finetune_action = self._action("&Fine-tune on My Handwriting…", self.show_finetune)
        self.help_action = self._action("DigitPad &Help", self.show_help, QKeySequence.StandardKey.HelpContents)
        self.shortcuts_action = self._action("&Keyboard Shortcuts", self.show_shortcuts)
        self.about_action = self._action("&About DigitPad", self.show_about)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        file_menu.addAction(self.open_action)
        self.recent_menu = file_menu.addMenu("Open &Recent")
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        file_menu.addAction(self.save_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)

        edit_menu = bar.addMenu("&Edit")
        for action in (self.undo_action, self.redo_action, self.clear_action, self.paste_action):
            edit_menu.addAction(action)

        self.model_menu = bar.addMenu("&Model")
        self.model_menu.aboutToShow.connect(self._fill_model_menu)
        self._fill_model_menu(report_skipped=False)  # said when the user opens the menu, not under "Loading…"

        train_menu = bar.addMenu("&Train")
        teach_menu = train_menu.addMenu("&That Was…")
        teach_menu.addActions(self.teach_actions)
        train_menu.addAction(self.samples_action)
        train_menu.addAction(self.finetune_action)
        train_menu.addSeparator()
        train_menu.addAction(self.retrain_action)
        train_menu.addAction(self.compare_action)

        view_menu = bar.addMenu("&View")
        view_menu.addAction(self.number_action)
        appearance = view_menu.addMenu("&Appearance")
        schemes = QActionGroup(self)
        current = self.session.saved.choice("colorScheme", "system", tuple(SCHEMES))
        for key, text in (("system", "Follow &System"), ("light", "&Light"), ("dark", "&Dark")):
            action = appearance.addAction(text)
            action.setCheckable(True)
            action.setChecked(current == key)
            action.triggered.connect(lambda _=False, k=key: self._set_color_scheme(k))
            schemes.addAction(action)

        help_menu = bar.addMenu("&Help")
        help_menu.addAction(self.help_action)
        help_menu.addAction(self.shortcuts_action)
        help_menu.addAction(self.about_action)

        toolbar = self.addToolBar("Main")
        toolbar.setObjectName("mainToolbar")
        toolbar.setMovable(False)
        for action in (self.open_action, self.save_action, self.undo_action, self.redo_action, self.clear_action):
            toolbar.addAction(action)

    def _set_color_scheme(self, name: str) -> None:
        apply_color_scheme(name)
        self.session.settings.setValue("colorScheme", name)

    def _update_actions(self) -> None:
        self.save_action.setEnabled(bool(self.pad.content.strokes))
        self.clear_action.setEnabled(not self.pad.is_empty())

    # ------------------------------------------------------------ models

    def load_initial_model(self) -> None:
        """Called once the window is on screen, so that showing it never waits for the model.

        What went wrong on the way (samples, remembered model, settings) is said once the
        model is in use, so that its own status line does not hide it.
        """
        session, notes = self.session, []
        session.open_store()
        if session.store_error:
            notes.append(f"Your samples cannot be used: {session.store_error}")
        remembered = session.saved.path("modelPath")
        loaded = False
        if remembered is not None:
            try:
                session.set_model(session.open_model(remembered))
                loaded = True
            except Exception as exc:
                session.settings.remove("modelPath")
                notes.append(f"Could not load the last model ({_message(exc)}); using the bundled one")
        if not loaded:
            try:
                session.set_model(session.open_model(bundled_model_path()))
            except DigitPadError as exc:
                session.set_model(None)
                self._error("The bundled model cannot be loaded", str(exc))
        if session.saved.reset:
            notes.append("Saved settings that were unusable have been reset: " + ", ".join(session.saved.reset))
        if notes:
            self.statusBar().showMessage(" · ".join(notes), 20000)

    def use_model(self, path, remember: bool = True) -> bool:
        """Switch to the model at `path` (`Session.use_model`)."""
        return self.session.use_model(path, remember)

    def _model_in_use(self, recognizer) -> None:
        self._samples_changed(predict=False)
        if recognizer is None:
            self.setWindowTitle("DigitPad")
            return
        accuracy = f", {recognizer.test_accuracy:.2%} on MNIST" if recognizer.test_accuracy else ""
        self.setWindowTitle(f"DigitPad — {recognizer.name}")
        self.statusBar().showMessage(f"Model {recognizer.name}{accuracy}", 5000)
        self.predict_now()

    def _before_quit(self) -> None:
        self.session.stop_preparing(wait_s=30)

    def choose_model(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Load model", str(self.session.last_folder()), MODEL_FILTER)
        if path:
            self.use_model(path)

    def _fill_model_menu(self, report_skipped: bool = True) -> None:
        menu = self.model_menu
        menu.clear()
        if self.session.recognizer is not None:
            accuracy = (
                f" — {self.session.recognizer.test_accuracy:.2%}" if self.session.recognizer.test_accuracy else ""
            )
            current = menu.addAction(f"Current: {self.session.recognizer.name}{accuracy}")
            current.setEnabled(False)
            menu.addSeparator()
        menu.addAction(self.report_action)
        menu.addAction(self.load_model_action)
        models, skipped = read_library()
        for line in skipped if report_skipped else ():
            if line not in self._library_problems_shown:  # each broken entry is reported once
                self._library_problems_shown.add(line)
                self.statusBar().showMessage(f"Skipped a saved model: {line}", 15000)
        if models:
            menu.addSection("Saved models")
            group = QActionGroup(menu)
            for model in models:
                accuracy = f" ({model.test_accuracy:.2%})" if model.test_accuracy else ""
                action = menu.addAction(f"{model.name}{accuracy}")
                action.setCheckable(True)
                action.setChecked(self.session.recognizer is not None and self.session.recognizer.path == model.path)
                action.triggered.connect(lambda _=False, p=model.path: self.use_model(p))
                group.addAction(action)
        menu.addSeparator()
        menu.addAction(self.manage_models_action)
        menu.addAction(self.reset_model_action)

    # ------------------------------------------------------------ prediction

    def _predict_soon(self) -> None:
        self._update_actions()
        if not self._predict_timer.isActive():
            self._predict_timer.start()

    def predict_now(self) -> None:
        if self.number_mode:
            self._read_number()
            return
        prediction = None
        empty_text = "Draw a digit"
        if self.session.recognizer is not None and not self.pad.is_empty():
            try:
                prediction = self.session.recognizer.predict_drawing(self.pad.drawing())
            except EmptyImageError:
                empty_text = "Nothing to read yet"
            except DigitPadError as exc:  # the model failed on this input (e.g. a foreign model answering NaN)
                empty_text = "The model cannot read this"
                self.statusBar().showMessage(str(exc), 15000)
        elif self.session.recognizer is None:
            empty_text = "Loading the model…"
        self.answer.show_prediction(prediction, empty_text)
        self.session.set_prediction(prediction)

    # ------------------------------------------------------------ whole numbers

    @property
    def number_mode(self) -> bool:
        return self.number_action.isChecked()

    def set_number_mode(self, on: bool) -> None:
        """The wide pad that reads a whole number, or the digit pad; what is on the pad stays
        (strokes that would not fit the digit pad are cleared, and Undo brings them back)."""
        on = bool(on)
        for control in (self.number_action, self.number_button):
            control.blockSignals(True)
            control.setChecked(on)
            control.blockSignals(False)
        if not on and reaches_beyond_digit_pad(self.pad.content.strokes):
            self.pad.clear()  # undone, the number comes back on the number pad (`DrawingPad.wide_needed`)
        self.pad.set_wide(on)
        self.answer.setVisible(not on)
        self.numbers.answer.setVisible(on)
        self._arrangement.setDirection(QBoxLayout.Direction.TopToBottom if on else QBoxLayout.Direction.LeftToRight)
        self.session.settings.setValue("numberMode", on)
        if not on:
            self.numbers.show(None)
        self.predict_now()

    def _read_number(self) -> None:
        """Ask the background reader for the number on the pad; the pen never waits for it."""
        if self.session.recognizer is None or self.pad.is_empty():
            self._number_wanted = self._teach_when_read = None  # a reading on its way is of ink no longer there
            self.numbers.show(None, "Loading the model…" if self.session.recognizer is None else "Write a number")
            self.number_shown.emit(None)
            return
        self._number_wanted = self.pad.drawing()
        self._number_reader.request(self.session.recognizer, self._number_wanted)

    def _show_number(self, result) -> None:
        """A reading from the background reader: shown only if it is of the pad as it is now."""
        if result.drawing is self._number_check:
            self._switch_if_a_number(result)
            return
        if result.drawing is not self._number_wanted or result.recognizer is not self.session.recognizer:
            return  # a newer drawing (or model) is being read already
        self._number_wanted = None
        if result.problem:
            self.statusBar().showMessage(result.problem, 15000)
        self.numbers.show(result.reading, result.empty_text)
        self.number_shown.emit(result.reading)
        if self._teach_when_read is not None:  # a teach asked for while this was being read
            self.teach(self._teach_when_read)

    def number_reading_pending(self) -> bool:
        """Whether the answer shown is not yet that of the number on the pad."""
        return self._number_wanted is not None

    def _show_focused_digit(self, prediction) -> None:
        """The digit of the number in focus: its probabilities, its 28x28, the one a teach corrects."""
        self.session.set_prediction(prediction)

    # ------------------------------------------------------------ the user's samples

    def _update_teach_bar(self, *_) -> None:
        if self.session.store is None:
            self.teach_bar.set_state(False, f"Your samples cannot be stored: {self.session.store_error}")
        elif self.session.recognizer is not None and not self.session.recognizer.can_use_personal_samples:
            self.teach_bar.set_state(False, "This model cannot learn from samples (it has no embedding output)")
        else:
            self.teach_bar.set_state(self.session.prediction is not None, "Draw or open a digit first")

    def teach(self, label: str) -> None:
        """The user says the drawing on the pad is `label`: store it, read again with it (undoable)."""
        if self._predict_timer.isActive():  # the answer to correct is the one for what is on the pad now
            self._predict_timer.stop()
            self.predict_now()
        if self.number_mode and self.number_reading_pending():
            self._teach_when_read = label  # the reading of the number on the pad now is on its way
            return
        self._teach_when_read = None
        if not self.teach_bar.is_enabled():  # its tooltip says why: nothing drawn, no store, a model that cannot learn
            self.statusBar().showMessage(self.teach_bar.toolTip(), 5000)
            return
        chosen = self.numbers.digit_to_teach() if self.number_mode else (self.pad.drawing(), None)
        if chosen is None:  # (no digit in focus: the bar is disabled then)
            return
        drawing, origin = chosen
        command = TeachCommand(self.session, drawing, label, origin)
        self.session.undo_stack.push(command)
        if command.failed:
            self.show_error("Cannot store this sample", command.failed)
        else:
            self.statusBar().showMessage(f"Taught: that was a {label}. Undo takes it back.", 5000)

    def _samples_changed(self, predict: bool = True) -> None:
        """After samples were taught, removed, relabelled or imported (here or by another process)."""
        store = self.session.store
        text, tip = counter_text(store.count() if store is not None else None, self.session.can_learn)
        self.sample_counter.setText(text)
        self.sample_counter.setToolTip(tip or self.session.store_error)
        if predict:
            self.predict_now()

    def resizeEvent(self, event):
        # The answer and the model's view grow with the window (up to twice their size), so that
        # a large window is not a large pad beside tiny results.
        scale = min(2.0, max(1.0, min(self.width() / 900, self.height() / 560)))
        self.answer.set_scale(scale)
        self.preview.set_scale(scale)
        super().resizeEvent(event)

    def _refresh_icons(self) -> None:
        """Our line icons are drawn in the palette's colours: draw them again when it changes."""
        items: list[QAction | QPushButton] = [*self.findChildren(QAction), *self.findChildren(QPushButton)]
        for item in items:
            name = item.property("iconName")
            if name:
                item.setIcon(icon(name))

    def changeEvent(self, event):
        if event.type() == QEvent.Type.PaletteChange:
            self._refresh_icons()
        # Samples taught with `digitpad teach` while the window was open count as soon as it is used again.
        if event.type() == QEvent.Type.ActivationChange and self.isActiveWindow():
            self.session.check_outside_changes()
        super().changeEvent(event)

    def show_samples(self) -> None:
        if self.session.store is None:
            self.show_error("Your samples cannot be used", self.session.store_error)
            return
        from .samples_dialog import SamplesDialog

        if self.samples_dialog is None:
            self.samples_dialog = SamplesDialog(self.session, self)
            self.samples_dialog.changed.connect(self.session.samples_edited)
        self.samples_dialog.refresh()
        self._raise(self.samples_dialog)

    def _set_pen_width(self, width: int) -> None:
        """The width of strokes drawn from now on; those already drawn keep theirs (and the answer)."""
        self.pad.pen_width = float(width)
        self.session.settings.setValue("penWidth", width)

    # ------------------------------------------------------------ images in

    def choose_image(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Open image", str(self.session.last_folder()), IMAGE_FILTER)
        if path:
            self.open_image(path)

    def open_image(self, path: str | os.PathLike) -> None:
        """Open the image at `path` off the GUI thread; it is shown with its prediction when read
        (`image_opened` says whether it was). On any problem, say so and change nothing."""
        path = Path(path)
        self._open(lambda: load_image(path), path.name, path)

    def open_array(self, array, source: str) -> None:
        """As `open_image`, for image data (pasted or dropped)."""
        self._open(lambda: array, source, None)

    def _open(self, load, source: str, path: Path | None) -> None:
        self._opening = token = object()  # only the newest request's picture is shown
        self.statusBar().showMessage(f"Opening {source}…")
        self._image_opener.request(token, load, source, path)

    def _show_opened(self, opened) -> None:
        """A picture the opener read: shown if it is the one asked for last."""
        if opened.token is not self._opening:
            return
        self._opening = None
        if opened.problem:
            self.statusBar().clearMessage()
            self._error("Cannot read this image", opened.problem)
            self.image_opened.emit(False)
            return
        drawing = opened.drawing
        self.pad.show_image(opened.display, drawing)
        self.statusBar().showMessage(f"Opened {opened.source}", 5000)
        if opened.path is not None:
            self.session.remember_folder(opened.path)
            self._remember_recent(opened.path)
        if not self.number_mode and self.session.recognizer is not None:
            # Whether the picture plainly shows several digits takes reading it as a number
            # (up to a second or two for a large photo): the background reader finds out.
            self._number_check = drawing
            self._number_reader.request(self.session.recognizer, drawing)
        self.image_opened.emit(True)

    def image_opening_pending(self) -> bool:
        return self._opening is not None

    def _switch_if_a_number(self, result) -> None:
        """The reading of an opened picture on the digit pad: a plain number switches to the
        number pad, if the picture is still there and nothing else changed meanwhile."""
        self._number_check = None
        reading = result.reading
        if (
            self.number_mode
            or result.recognizer is not self.session.recognizer
            or reading is None
            or self.pad.content.drawing is not result.drawing
        ):
            return
        if (
            len(reading.digits) >= 2
            and all(d.status == Status.DIGIT for d in reading.digits)
            and reading.confidence >= NUMBER_SWITCH_CONFIDENCE
        ):
            self.set_number_mode(True)
            self._show_number(dataclasses.replace(result, drawing=self._number_wanted))  # no need to wait for it again
            self.statusBar().showMessage(
                f"Opened {result.drawing.source}: read as a whole number (Ctrl+Shift+N for one digit)", 8000
            )

    def paste(self) -> None:
        mime = QGuiApplication.clipboard().mimeData()
        if mime is not None and mime.hasUrls() and mime.urls()[0].isLocalFile():
            self.open_image(mime.urls()[0].toLocalFile())
        elif mime is not None and mime.hasImage():
            self.open_array(qimage_to_array(QGuiApplication.clipboard().image()), "pasted image")
        else:
            self.statusBar().showMessage("The clipboard holds no image", 5000)

    def dragEnterEvent(self, event):
        mime = event.mimeData()
        if mime.hasImage() or (mime.hasUrls() and any(url.isLocalFile() for url in mime.urls())):
            event.acceptProposedAction()

    def dropEvent(self, event):
        mime = event.mimeData()
        local = [url.toLocalFile() for url in mime.urls() if url.isLocalFile()] if mime.hasUrls() else []
        if local:
            self.open_image(local[0])
        elif mime.hasImage():
            self.open_array(qimage_to_array(QImage(mime.imageData())), "dropped image")
        event.acceptProposedAction()

    # ------------------------------------------------------------ images out

    def choose_save_path(self) -> None:
        start = str(self.session.last_folder() / "digit.png")
        path, _ = QFileDialog.getSaveFileName(self, "Save drawing", start, "PNG image (*.png)")
        if path:
            self.save_drawing(path if path.lower().endswith(".png") else path + ".png")

    def save_drawing(self, path: str | os.PathLike) -> bool:
        """Save the strokes as a 560x560 PNG, dark ink on white, atomically."""
        from digitpad.base.atomic import atomic_path

        image = self.pad.render_strokes(560)
        try:
            with atomic_path(path) as tmp:
                if not image.save(str(tmp), "PNG"):  # type: ignore[call-overload]  # (the stub says bytes; PySide6 takes str)
                    raise OSError("the image could not be encoded")
        except OSError as exc:
            self._error("Cannot save the drawing", f"{path}: {exc.strerror or exc}")
            return False
        self.statusBar().showMessage(f"Saved {path}", 5000)
        return True

    # ------------------------------------------------------------ settings and small dialogs

    def _remember_recent(self, path: Path) -> None:
        recent = [p for p in self.recent_files() if p != str(path)]
        self.session.settings.setValue("recentFiles", [str(path), *recent][:MAX_RECENT])

    def recent_files(self) -> list[str]:
        """The recent files that still exist (those gone are dropped from the list for good)."""
        remembered = self.session.saved.paths("recentFiles", MAX_RECENT)
        present = [p for p in remembered if _is_file(p)]
        if present != remembered:
            self.session.settings.setValue("recentFiles", present)
        return present

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        for path in self.recent_files():
            action = self.recent_menu.addAction(Path(path).name)
            action.setToolTip(path)
            action.triggered.connect(lambda _=False, p=path: self.open_image(p))
        if not self.recent_files():
            self.recent_menu.addAction("No recent files").setEnabled(False)
        else:
            self.recent_menu.addSeparator()
            self.recent_menu.addAction("Clear List", lambda: self.session.settings.setValue("recentFiles", []))

    def _restore_geometry(self) -> None:
        geometry = self.session.saved.geometry("geometry")
        if geometry is None or not self.restoreGeometry(geometry):
            if geometry is not None:
                self.session.saved.reject("geometry")
            fit_to_screen(self, 900, 560)
        else:
            keep_on_screen(self)  # saved on a larger screen, or at a smaller scale factor

    def show_retrain(self) -> None:
        if self.retrain_dialog is None:
            from .retrain_dialog import RetrainDialog  # matplotlib loads here, not at start-up

            self.retrain_dialog = RetrainDialog(self.session, self)
            self.job_indicator.watch("Training", self.retrain_dialog)
            self.retrain_dialog.adopt.connect(self.use_model)
        self._raise(self.retrain_dialog)

    def show_finetune(self) -> None:
        if self.finetune_dialog is None:
            from .finetune_dialog import FinetuneDialog  # matplotlib loads here, not at start-up

            self.finetune_dialog = FinetuneDialog(self.session, self)
            self.job_indicator.watch("Fine-tuning", self.finetune_dialog)
            self.finetune_dialog.adopt.connect(self.use_model)
        if not self.finetune_dialog.is_running():
            self.finetune_dialog.refresh()
        self._raise(self.finetune_dialog)

    def show_compare(self) -> None:
        if self.compare_dialog is None:
            from .compare_dialog import CompareDialog

            self.compare_dialog = CompareDialog(self.session, self)
            self.job_indicator.watch("Comparing optimizers", self.compare_dialog)
        self._raise(self.compare_dialog)

    def show_models(self) -> None:
        from .models_dialog import ModelsDialog

        if self.models_dialog is None:
            self.models_dialog = ModelsDialog(self.session, self)
        self.models_dialog.refresh()
        self._raise(self.models_dialog)

    def show_report(self) -> None:
        if self.session.recognizer is None:
            return
        from .report_dialog import ReportDialog

        # One report window per model: asking again brings it back instead of opening another.
        key = self.session.recognizer.model_id or str(self.session.recognizer.path)
        if key not in self._reports:
            self._reports[key] = ReportDialog(self.session.recognizer, self)
        self._raise(self._reports[key])

    @staticmethod
    def _raise(dialog) -> None:
        dialog.show()  # modeless: the pad keeps working beside it
        dialog.raise_()
        dialog.activateWindow()

    def closeEvent(self, event):
        for dialog in (self.retrain_dialog, self.compare_dialog, self.finetune_dialog):
            if dialog is not None and not dialog.confirm_stop():
                event.ignore()  # the user chose to keep training
                return
        unsaved = [d for d in (self.retrain_dialog, self.finetune_dialog) if d is not None and d.has_unsaved_model()]
        if unsaved and not self._confirm_quit_losing(unsaved):
            event.ignore()
            return
        self.session.settings.setValue("geometry", self.saveGeometry())
        self.session.settings.sync()
        self._number_reader.stop()
        self._image_opener.stop()
        self.session.stop_preparing(wait_s=30)  # (its thread belongs to the window: it must end first)
        super().closeEvent(event)

    def _confirm_quit_losing(self, dialogs: list) -> bool:
        """Finished models that were never saved are lost on quitting: ask, and offer to show them
        (their results pages, where they can be saved)."""
        what = "Models you trained have" if len(dialogs) > 1 else "A model you trained has"
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            "Quit without saving?",
            f"{what} not been saved to the library; quitting loses {'them' if len(dialogs) > 1 else 'it'}.",
            parent=self,
        )
        quit_button = box.addButton("Quit Anyway", QMessageBox.ButtonRole.DestructiveRole)
        show = box.addButton("Show", QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(show)  # Enter keeps the models and shows them
        box.setEscapeButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        if box.clickedButton() is show:
            for dialog in dialogs:
                dialog.show_unsaved_result()
                self._raise(dialog)
        return box.clickedButton() is quit_button

    def show_error(self, title: str, message: str) -> None:
        self._error(title, message)

    def _error(self, title: str, message: str) -> None:
        self.statusBar().showMessage(message, 8000)
        QMessageBox.warning(self, title, message)

    def _shortcut_rows(self) -> list:
        return [
            (self.open_action, "Open an image"),
            (self.paste_action, "Paste an image"),
            (self.save_action, "Save the drawing"),
            (self.undo_action, "Undo the last stroke"),
            (self.redo_action, "Redo"),
            (self.clear_action, "Clear the pad"),
            (self.number_action, "Read a whole number on a wide pad, or one digit"),
            (self.report_action, "Report on the model: accuracy, confusion, mistakes"),
            (self.retrain_action, "Retrain: train another network"),
            (self.samples_action, "My handwriting: the digits you taught"),
            (self.help_action, "Help"),
            (self.quit_action, "Quit"),
        ]

    def show_help(self) -> None:
        help_window.show_help(self, self._shortcut_rows())

    def show_shortcuts(self) -> None:
        help_window.show_shortcuts(self, self._shortcut_rows())

    def show_about(self) -> None:
        help_window.show_about(self, self.session.recognizer.name if self.session.recognizer else "none")
