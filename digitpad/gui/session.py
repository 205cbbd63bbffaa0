"""The window's session: what the app works on, apart from how it is shown.

The settings, the model in use (a `Recognizer`), the user's sample store, the newest answer
and the drawing's undo stack live here, and signals say when they change. The main window
lays out the widgets and wires them to these signals; the dialogs receive the session, never
the window, so that each can be made (and tested) with a session alone.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSettings, Signal
from PySide6.QtGui import QUndoStack

from digitpad.base.errors import DigitPadError
from digitpad.library import is_bundled

from .settings_reader import SettingsReader
from .tasks import ThreadTask

if TYPE_CHECKING:
    from digitpad.inference.prediction import Prediction
    from digitpad.personal.sample_store import SampleStore
    from digitpad.recognizer import Recognizer


class Session(QObject):
    model_changed = Signal(object)  # the Recognizer now in use
    samples_changed = Signal()  # samples were taught, removed, relabelled or imported (here or elsewhere)
    prediction_changed = Signal(object)  # the Prediction the window shows now, or None
    status = Signal(str, int)  # a line for the status bar, and for how long (ms)
    error = Signal(str, str)  # a problem the user must see: a dialog's title and its line

    def __init__(self, settings: QSettings | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self.settings = settings or QSettings()
        self.saved = SettingsReader(self.settings)  # the settings read as the untrusted input they are
        self.recognizer: Recognizer | None = None
        self.store: SampleStore | None = None  # the user's samples (None until opened, or when they cannot be)
        self.store_error = ""  # why there is no store
        self.prediction: Prediction | None = None
        self.undo_stack = QUndoStack(self)  # the drawing's (the pad pushes its strokes, the window its teaching)
        self._store_seen: int | None = None  # the store's change counter when last read
        self._preparing: list[ThreadTask] = []  # the samples made ready for a model (worker threads)
        self._preparing_stops: list[threading.Event] = []

    # ------------------------------------------------------------ messages

    def say(self, text: str, ms: int = 5000) -> None:
        self.status.emit(text, ms)

    def report(self, title: str, message: str) -> None:
        self.error.emit(title, message)

    # ------------------------------------------------------------ folders

    def last_folder(self) -> Path:
        """Where file dialogs open: the folder the user last used (the home folder at first),
        not the process's working directory, which for a desktop app is wherever it started."""
        folder = self.saved.path("lastFolder")
        try:
            return folder if folder is not None and folder.is_dir() else Path.home()
        except OSError:  # e.g. a folder that is no longer readable
            return Path.home()

    def remember_folder(self, chosen: str | Path) -> None:
        """The folder of a file the user chose (`chosen`; nothing when empty: cancelled)."""
        if chosen:
            self.settings.setValue("lastFolder", str(Path(chosen).parent))

    # ------------------------------------------------------------ the model

    @staticmethod
    def open_model(path) -> Recognizer:
        from digitpad.recognizer import Recognizer  # ONNX Runtime loads here, after the window is shown

        return Recognizer(path)

    def use_model(self, path, remember: bool = True) -> bool:
        """Switch to the model at `path` (the current one stays if it cannot be loaded: said as
        an error); `remember` makes it the model of the next start too."""
        try:
            recognizer = self.open_model(path)
        except DigitPadError as exc:
            self.report("Cannot load this model", str(exc))
            return False
        self.set_model(recognizer)
        if recognizer.plain:
            self.say(f"{recognizer.path.name} {recognizer.PLAIN_MODEL_NOTE}", 15000)
        if remember:
            self.settings.setValue("modelPath", "" if is_bundled(recognizer.path) else str(recognizer.path))
        return True

    def set_model(self, recognizer: Recognizer | None) -> None:
        self.recognizer = recognizer
        if recognizer is not None and self.store is not None:
            recognizer.store = self.store  # teaching stores at once; reading uses the samples once prepared
            self._prepare_samples(recognizer)
        self.model_changed.emit(recognizer)

    def set_prediction(self, prediction: Prediction | None) -> None:
        self.prediction = prediction
        self.prediction_changed.emit(prediction)

    # ------------------------------------------------------------ the user's samples

    def open_store(self) -> None:
        """A damaged or newer sample database is kept as `store_error` and left alone: the app
        works without it."""
        from digitpad.personal.sample_store import SampleStore

        try:
            self.store = SampleStore()
            self._store_seen = self.store.outside_changes()
        except DigitPadError as exc:
            self.store, self.store_error = None, str(exc)

    @property
    def can_learn(self) -> bool:
        """Whether the model in use reads with the user's samples."""
        return self.recognizer is not None and self.recognizer.can_use_personal_samples

    def samples_edited(self) -> None:
        """After samples were removed, relabelled or imported: the model reads with them as they are now."""
        if self.recognizer is not None:
            self.recognizer.reload_personal_samples()
        self.samples_taught()

    def samples_taught(self) -> None:
        """After a sample was taught or taken back (the model reads with it already)."""
        if self.store is not None:
            self._store_seen = self.store.outside_changes()
        self.samples_changed.emit()

    def check_outside_changes(self) -> None:
        """Samples taught with `digitpad teach` while the app was open count from now on."""
        if self.store is None or self.recognizer is None:
            return
        try:
            if self.store.outside_changes() != self._store_seen:
                self.samples_edited()
        except DigitPadError as exc:
            self.say(str(exc), 8000)

    def _prepare_samples(self, recognizer: Recognizer) -> None:
        """The user's samples as this model sees them, made on a worker thread (embedding a
        thousand samples the model never saw takes seconds); then it reads with them."""
        from digitpad.personal.sample_store import SampleStore

        if self.store is None or not recognizer.can_use_personal_samples:
            return
        self.stop_preparing()
        path, stop = Path(self.store.path), threading.Event()

        def prepare(report):
            with SampleStore(path) as own:  # (an SQLite connection belongs to its thread)
                recognizer.prepare_personal_samples(own, stop)
            return recognizer, stop

        self._preparing = [task for task in self._preparing if task.is_running()]
        self._preparing_stops = [stop]
        # Handlers that are the session's methods run on its thread (a plain function would run on the worker's).
        self._preparing.append(ThreadTask(prepare, done=self._samples_prepared, failed=self._samples_not_prepared))

    def _samples_prepared(self, result: tuple[Recognizer, threading.Event]) -> None:
        recognizer, stop = result
        if stop.is_set() or self.recognizer is not recognizer or self.store is None:
            return  # another model was chosen meanwhile, or the app is closing
        try:
            recognizer.reload_personal_samples()  # every vector is kept now: one query
        except DigitPadError as exc:
            self.say(f"Reading without your samples: {exc}", 8000)
        self.samples_taught()

    def _samples_not_prepared(self, message: str) -> None:
        self.say(f"Reading without your samples: {message}", 8000)

    def stop_preparing(self, wait_s: float = 0.0) -> None:
        """Ask the samples' preparation to stop (after the chunk it is on); wait for it if asked
        (a worker thread must end before what owns it goes)."""
        for stop in self._preparing_stops:
            stop.set()
        if wait_s:
            for task in self._preparing:
                task.wait(wait_s)
