"""The answer for a whole number: its digits side by side, each with its confidence, and the
separators between them (12.50, 29/11/2026) in narrower cells, each with its own.

It only shows the `Reading` it is given; a click on a digit (or Left/Right when it has the
focus) selects it, and the window then shows that digit's probabilities and 28x28 and
teaches that digit.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QPainter, QPalette
from PySide6.QtWidgets import QSizePolicy, QWidget

from digitpad.inference.prediction import Status
from digitpad.reading.result import ReadDigit, ReadSeparator, sure_text

from .results import fitted, percent_label

UNSURE_COLOUR = "#d9822b"  # the chart's amber: an answer, but not a sure one
SEPARATOR_SHARE = 0.5  # a separator's cell, as a share of a digit's


class NumberAnswer(QWidget):
    """ "2 0 2 6" large, each digit's confidence under it; unsure digits amber with "?";
    separators between them with theirs (a slash told from a leaning 1 by the date it makes is
    a doubt of the whole number's too: "71.9 % sure" under digits all ">99%" hid where it was)."""

    digit_selected = Signal(int)

    def __init__(self, parent=None):
        super().__init__(parent)
        self._reading = None
        self._selected = -1
        self._empty_text = "Write a number"
        self._scale = 1.0
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # Tab reaches it; Left and Right then pick a digit
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setAccessibleName("The number read")

    def set_scale(self, scale: float) -> None:
        self._scale = scale
        self.updateGeometry()
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(240, int(self._digit_font().pointSizeF() * 2.6 + self.fontMetrics().height() * 3.5))

    def minimumSizeHint(self) -> QSize:
        return QSize(160, self.sizeHint().height())

    def show_reading(self, reading, selected: int = -1, empty_text: str = "Write a number") -> None:
        self._reading, self._selected, self._empty_text = reading, selected, empty_text
        self.setToolTip("Click a digit to see its probabilities and to teach it" if reading else "")
        self.setAccessibleDescription(self._summary())
        self.update()

    def _summary(self) -> str:
        if not self._reading:
            return self._empty_text
        if self._marks() == len(self._reading.digits):
            return "a mark, not a number"
        return f"{self._reading.text}, {sure_text(self._reading.confidence)} sure"

    def _marks(self) -> int:
        """How many of the reading's places are marks that are no digit (shown "–")."""
        return sum(digit.status == Status.NOT_A_DIGIT for digit in self._reading.digits)

    def _digit_font(self) -> QFont:
        font = QFont(self.font())
        font.setPointSizeF(QFont(self.font()).pointSizeF() * 2.6 * self._scale)
        font.setBold(True)
        return font

    def _cells(self) -> list[QRectF]:
        """The digits' cells, in the order of `Reading.digits`."""
        return [cell for item, cell in self._layout() if not isinstance(item, ReadSeparator)]

    def _layout(self) -> list[tuple[ReadDigit | ReadSeparator, QRectF]]:
        """Every character of the reading with its cell; a separator's is half a digit's wide."""
        characters = self._reading.characters if self._reading else ()
        if not characters:
            return []
        shares = [SEPARATOR_SHARE if isinstance(c, ReadSeparator) else 1.0 for c in characters]
        width = min(self.width() / sum(shares), self._digit_font().pointSizeF() * 2.2)
        left = (self.width() - width * sum(shares)) / 2
        height = self.height() - 2 * self.fontMetrics().height() - 10
        cells = []
        for character, share in zip(characters, shares):
            cells.append((character, QRectF(left, 0, width * share, height)))
            left += width * share
        return cells

    def captions(self) -> list[tuple[QRectF, str]]:
        """Under every character its confidence (a digit's, a separator's), fitted to its room:
        its cell, and a separator's a quarter more either side (its neighbours' ">99%" leave
        that much of their cells free)."""
        small, metrics = self.fontMetrics().height(), self.fontMetrics()
        result = []
        for character, cell in self._layout():
            spare = cell.width() / 4 if isinstance(character, ReadSeparator) else 0.0
            room = QRectF(cell.left() - spare, cell.bottom(), cell.width() + 2 * spare, small + 4)
            result.append((room, fitted(caption(character), room.width(), metrics)))
        return result

    def mousePressEvent(self, event):
        for index, cell in enumerate(self._cells()):
            if cell.adjusted(0, 0, 0, self.fontMetrics().height() + 4).contains(event.position()):
                self.digit_selected.emit(index)
                return

    def keyPressEvent(self, event):
        count = len(self._reading.digits) if self._reading else 0
        step = {Qt.Key.Key_Left: -1, Qt.Key.Key_Right: 1}.get(event.key())
        if step and count:
            self.digit_selected.emit(min(max(self._selected + step, 0), count - 1))
            return
        super().keyPressEvent(event)

    def summary_text(self, unsure: int, metrics, marks: int = 0) -> str:
        """The line under the digits, in the longest form that fits the width (at the window's
        narrowest, the long one was clipped at both ends): how sure, how many digits are unsure
        ("?") and how many marks are no digit ("–"). Marks alone are no number ("0.0 % sure
        of the whole number · 1 unsure (? above)" stood under a dot)."""
        if marks and marks == len(self._reading.digits):
            forms = ["A mark, not a number" if marks == 1 else "Marks, not a number", "Not a number"]
        else:
            sure = sure_text(self._reading.confidence)
            long = f" · {unsure} unsure ({'?' if unsure == 1 else '?s'} above)" if unsure else ""
            long += f" · {marks} {'mark' if marks == 1 else 'marks'} (– above)" if marks else ""
            short = (f" · {unsure} unsure" if unsure else "") + (f" · {marks} no digit" if marks else "")
            shortest = (f" · {unsure} ?" if unsure else "") + (f" · {marks} –" if marks else "")
            forms = [
                f"{sure} sure of the whole number{long}",
                f"{sure} sure of the number{short}",
                f"{sure} sure{shortest}",
            ]
        return next((form for form in forms if metrics.horizontalAdvance(form) <= self.width() - 4), forms[-1])

    def paintEvent(self, event):
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        text_colour = palette.color(QPalette.ColorRole.WindowText)
        small = painter.fontMetrics().height()
        if not self._reading:
            painter.setPen(text_colour)
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self._empty_text)
            return
        for character, cell in self._layout():
            if isinstance(character, ReadSeparator):
                painter.setPen(text_colour)
                painter.setFont(self._digit_font())
                painter.drawText(cell, Qt.AlignmentFlag.AlignCenter, character.character)
        cells = self._cells()
        for index, (digit, cell) in enumerate(zip(self._reading.digits, cells)):
            unsure = digit.character == "?"
            if index == self._selected:
                highlight = QColor(palette.color(QPalette.ColorRole.Highlight))
                highlight.setAlpha(60)
                painter.fillRect(cell.adjusted(2, 0, -2, small + 4), highlight)
            painter.setPen(QColor(UNSURE_COLOUR) if unsure else text_colour)
            painter.setFont(self._digit_font())
            shown = (
                "–"
                if digit.status == Status.NOT_A_DIGIT
                else digit.character
                if not unsure
                else f"{digit.prediction.label}?"
            )
            painter.drawText(cell, Qt.AlignmentFlag.AlignCenter, shown)
        painter.setFont(self.font())
        for (character, _), (below, text) in zip(self._layout(), self.captions()):
            amber = isinstance(character, ReadDigit) and character.character == "?"  # (as its digit)
            painter.setPen(QColor(UNSURE_COLOUR) if amber else text_colour)
            painter.drawText(below, Qt.AlignmentFlag.AlignCenter, text)
        painter.setPen(text_colour)
        marks = self._marks()
        unsure = len(self._reading.unsure_positions) - marks
        painter.drawText(
            QRectF(0, self.height() - small - 2, self.width(), small + 2),
            Qt.AlignmentFlag.AlignCenter,
            self.summary_text(unsure, painter.fontMetrics(), marks),
        )
        if self.hasFocus() and 0 <= self._selected < len(cells):
            painter.setPen(text_colour)
            painter.drawRect(cells[self._selected].adjusted(2, 0, -3, small + 3))


def caption(character: ReadDigit | ReadSeparator) -> str:
    """What stands under a character of the number: its confidence, or "mark" under no digit."""
    if isinstance(character, ReadDigit) and character.status == Status.NOT_A_DIGIT:
        return "mark"
    return percent_label(character.confidence)
