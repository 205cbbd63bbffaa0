"""The window's whole-number mode: the wide pad, the number read, and the digit in focus.

The recognizer reads (`Recognizer.read`); this only keeps the last reading and which of
its digits the chart, the preview and the teach bar are about: the one clicked (or picked
with Left/Right in the answer), the one under the mouse on the pad while it hovers there,
else the first unsure one, else the first.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from digitpad.imaging.drawing import Drawing

from .number_view import NumberAnswer


class NumberMode(QObject):
    """Emits `focus_changed` with the Prediction of the digit now in focus (or None)."""

    focus_changed = Signal(object)

    def __init__(self, pad, parent=None):
        super().__init__(parent)
        self.pad = pad
        self.answer = NumberAnswer()
        self.answer.digit_selected.connect(self.select)
        self.pad.digit_hovered.connect(self._hover)
        self.pad.changed.connect(self._forget_choice_when_cleared)
        self.reading = None
        self._chosen = -1  # clicked or picked with the keys; kept while the number changes
        self._hovered = -1

    @property
    def focus(self) -> int:
        """The index of the digit in focus, or -1 when there is no reading."""
        if not self.reading or not self.reading.digits:
            return -1
        count = len(self.reading.digits)
        if 0 <= self._hovered < count:
            return self._hovered
        if 0 <= self._chosen < count:
            return self._chosen
        unsure = self.reading.unsure_positions
        return unsure[0] if unsure else 0

    @property
    def prediction(self):
        """The Prediction of the digit in focus, or None."""
        return self.reading.digits[self.focus].prediction if self.focus >= 0 else None

    def show(self, reading, empty_text: str = "Write a number") -> None:
        """A new reading of the pad (None: nothing to read, `empty_text` says why)."""
        if reading is None or self.reading is None or len(reading.digits) != len(self.reading.digits):
            self._chosen = -1  # another number: nothing picked in it yet
        self.reading, self._hovered = reading, -1
        self._refresh(empty_text)

    def _forget_choice_when_cleared(self) -> None:
        # A digit picked in the last number means nothing in the next one, even when the next
        # is read before an empty pad is shown (a Clear and a quick stroke).
        if self.pad.is_empty():
            self._chosen = -1

    def select(self, index: int) -> None:
        self._chosen = index
        self._refresh()

    def _hover(self, index: int) -> None:
        self._hovered = index
        self._refresh()

    def _refresh(self, empty_text: str = "Write a number") -> None:
        focus = self.focus
        self.answer.show_reading(self.reading, focus, empty_text)
        if self.reading:
            drawing = self.pad.content.drawing
            boxes = [d.box for d in self.reading.digits]
            if drawing.is_image and drawing.reading_image is not None:  # boxes in the image's pixels
                height, width = drawing.reading_image.shape[:2]
                boxes = [(x0 / width, y0 / height, x1 / width, y1 / height) for x0, y0, x1, y1 in boxes]
                self.pad.show_boxes(boxes, on_image=True, selected=focus)
            elif not drawing.is_image:
                self.pad.show_boxes(boxes, selected=focus)
        else:
            self.pad.show_boxes([])
        self.focus_changed.emit(self.prediction)

    def digit_to_teach(self) -> tuple[Drawing, str] | None:
        """The digit in focus as a drawing to teach (exactly the 28x28 the model read), and
        where it came from, for the list of samples."""
        if self.focus < 0:
            return None
        where = self.pad.content.drawing.source or "pad"
        drawing = Drawing(image28=self.reading.digits[self.focus].prediction.image28, source=where)
        return drawing, f"{where}, digit {self.focus + 1} of {self.reading.guess}"
