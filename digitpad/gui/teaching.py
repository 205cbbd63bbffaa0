"""Teaching in the window: the "That was:" digit row, the undoable teach step, the sample counter.

The store and the recognizer do the work (`Recognizer.teach`, `SampleStore`); this module only
turns a click or a key into that call, on the pad's undo stack, so that Ctrl+Z takes a taught
sample back just as it takes back a stroke.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QUndoCommand
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSizePolicy, QWidget

from digitpad.base.errors import DigitPadError
from digitpad.personal.sample_store import LABELS


class TeachBar(QWidget):
    """ "That was: 0 1 2 … 9": a click (or the digit's key) says what the drawing really is."""

    teach = Signal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        self.caption = QLabel("That was:")
        layout.addWidget(self.caption)
        self.buttons = []
        for label in LABELS:
            button = QPushButton(label)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keys 0-9 teach; Tab stays on the window's controls
            button.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
            button.setMinimumWidth(24)
            button.setToolTip(f"Teach DigitPad that this is a {label} (key {label})")
            button.setAccessibleName(f"That was a {label}")
            button.clicked.connect(lambda _=False, d=label: self.teach.emit(d))
            layout.addWidget(button, 1)
            self.buttons.append(button)
        self.set_state(False, "")

    def is_enabled(self) -> bool:
        return self.buttons[0].isEnabled()

    def set_state(self, enabled: bool, reason: str) -> None:
        """Enabled when there is an answer to correct and a model that can learn; `reason` says why not."""
        for button in self.buttons:
            button.setEnabled(enabled)
        self.setToolTip("" if enabled else reason)
        self.caption.setToolTip(reason if not enabled else "Correct the answer: DigitPad learns your handwriting")


class TeachCommand(QUndoCommand):
    """One taught sample on the undo stack: undo removes it (or gives back its old label)."""

    def __init__(self, session, drawing, label: str, origin: str | None = None):
        super().__init__(f"Teach {label}")
        # (The model and the store are the session's when the step is done or undone.)
        self._session, self._drawing, self._label, self._origin = session, drawing, label, origin
        self._previous = None  # the same drawing taught before with another label
        self._taught = None  # the stored sample, put back as it was on redo
        self.failed: str | None = None

    def redo(self):
        recognizer, store = self._session.recognizer, self._session.store
        try:
            if self._taught is None:
                existing = store.find(self._drawing.model_input())
                self._previous = store.get(existing) if existing is not None else None
                self._taught = store.get(recognizer.teach(self._drawing, self._label, self._origin))
            else:
                store.restore([self._taught])
                recognizer.reload_personal_samples()
        except DigitPadError as exc:
            self.failed = str(exc)
            self.setObsolete(True)  # nothing was stored: the stack drops this step
        self._session.samples_taught()

    def undo(self):
        recognizer, store = self._session.recognizer, self._session.store
        try:
            if self._previous is not None:
                store.restore([self._previous])
            else:
                store.remove([self._taught.id])
            recognizer.reload_personal_samples()
        except DigitPadError as exc:
            self._session.report("Cannot undo the teaching", str(exc))
        else:  # "Taught: that was a 9" would still be showing, and no longer true
            back = f"it is a {self._previous.label} again" if self._previous is not None else "it is forgotten"
            self._session.say(f"Took back teaching a {self._label}: {back}.", 5000)
        self._session.samples_taught()


def counter_text(count: int | None, usable: bool) -> tuple[str, str]:
    """The status bar's quiet counter and its tooltip."""
    if count is None:
        return "Samples unavailable", "The sample database cannot be opened"
    if not count:
        return "", ""
    noun = "sample" if count == 1 else "samples"
    if not usable:
        return (
            f"{count} {noun} (not used by this model)",
            "This model has no embedding output, so it reads without your samples",
        )
    return f"Taught: {count} {noun}", "Your samples shape the answers; Train > My Handwriting… to manage them"
