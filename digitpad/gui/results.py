"""Views of a prediction: the probability bar chart, the big answer, the 28x28 the model saw.

They only display what they are given (a `Prediction` or nothing); no ML here.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPalette
from PySide6.QtWidgets import QLabel, QSizePolicy, QVBoxLayout, QWidget

from digitpad.reading.result import sure_text
from digitpad.recognizer import Prediction

MAX_BARS = 10  # beyond this many classes (letters), show the top TOP_K as horizontal bars
TOP_K = 5


class ProbabilityChart(QWidget):
    """One bar per class with its percentage, the top class highlighted; the top five for many classes.

    A click on a digit's bar emits `bar_clicked` with its index (the window teaches that digit).
    """

    bar_clicked = Signal(int)

    def __init__(self, parent=None):
        super().__init__(parent)
        self._labels: tuple[str, ...] = tuple(str(i) for i in range(10))
        self._probabilities: np.ndarray | None = None
        self._uncertain = False
        self._greyed = False  # not a digit: bars shown, but none singled out
        self.setMinimumSize(260, 140)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName("Probability of each digit")
        self.setToolTip("Wrong answer? Click the right digit's bar to teach DigitPad your handwriting")

    def show_prediction(self, prediction: Prediction | None) -> None:
        if prediction is None:
            self._probabilities = None
        else:
            self._labels, self._probabilities = prediction.labels, prediction.probabilities
            self._uncertain = prediction.uncertain
            self._greyed = prediction.is_not_a_digit
        self.update()

    def label_of(self, index: int) -> str:
        return self._labels[index]

    def mousePressEvent(self, event):
        if (
            event.button() == Qt.MouseButton.LeftButton
            and self._probabilities is not None
            and len(self._labels) <= MAX_BARS
        ):
            index = int(event.position().x() // (self.width() / len(self._labels)))
            if 0 <= index < len(self._labels):
                self.bar_clicked.emit(index)

    def _colours(self):
        palette = self.palette()
        muted = palette.color(QPalette.ColorRole.Mid)
        if self._greyed:
            return muted, muted, palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText)
        highlight = QColor("#d9822b") if self._uncertain else palette.color(QPalette.ColorRole.Highlight)
        return highlight, muted, palette.color(QPalette.ColorRole.WindowText)

    def paintEvent(self, event):
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if len(self._labels) > MAX_BARS:
            self._paint_top_k(painter)
            return
        count = len(self._labels)
        metrics = painter.fontMetrics()
        label_height = metrics.height() + 4
        top = metrics.height() + 4  # room for the percentage above a full bar
        slot = self.width() / count
        bar_width = slot * 0.62
        height = max(1.0, self.height() - top - label_height)
        best = int(np.argmax(self._probabilities)) if self._probabilities is not None else -1
        highlight, muted, text = self._colours()  # amber highlight: an answer, but not a sure one
        for i, label in enumerate(self._labels):
            x = i * slot + (slot - bar_width) / 2
            p = float(self._probabilities[i]) if self._probabilities is not None else 0.0
            bar = QRectF(x, top + height * (1 - p), bar_width, max(height * p, 1.0))
            painter.fillRect(bar, highlight if i == best else muted)
            painter.setPen(text)
            font = painter.font()
            font.setBold(i == best and not self._greyed)
            painter.setFont(font)
            painter.drawText(
                QRectF(i * slot, self.height() - label_height, slot, label_height), Qt.AlignmentFlag.AlignCenter, label
            )
            if self._probabilities is not None and p >= 0.005:
                value = fitted(percent_label(p), slot, metrics)
                if value:
                    painter.drawText(
                        QRectF(i * slot, bar.top() - metrics.height() - 2, slot, metrics.height()),
                        Qt.AlignmentFlag.AlignCenter,
                        value,
                    )

    def _paint_top_k(self, painter: QPainter) -> None:
        """Horizontal bars for the TOP_K most probable classes: labels left, percentages right."""
        highlight, muted, text = self._colours()
        painter.setPen(text)
        if self._probabilities is None:
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, f"{len(self._labels)} classes")
            return
        order = np.argsort(-self._probabilities, kind="stable")[:TOP_K]
        metrics = painter.fontMetrics()
        label_width = max(metrics.horizontalAdvance(self._labels[i]) for i in order) + 12
        value_width = metrics.horizontalAdvance("100%") + 8
        row = self.height() / TOP_K
        track = max(1.0, self.width() - label_width - value_width)
        for rank, i in enumerate(order):
            p = float(self._probabilities[i])
            top = rank * row
            painter.fillRect(
                QRectF(label_width, top + row * 0.2, max(track * p, 1.0), row * 0.6), highlight if rank == 0 else muted
            )
            painter.drawText(
                QRectF(0, top, label_width - 6, row),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                self._labels[i],
            )
            painter.drawText(
                QRectF(self.width() - value_width, top, value_width, row),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                percent_label(p),
            )


def percent_label(p: float) -> str:
    """A bar's value in whole percents, never claiming a certainty the answer line does not
    (">99%" beside ">99.9% sure", not "100%")."""
    return ">99%" if p >= 0.995 else f"{p:.0%}"


def fitted(text: str, width: float, metrics) -> str:
    """`text`, or without its "%" when the slot is too narrow, or nothing: never a clipped ".00%"."""
    for candidate in (text, text.rstrip("%")):
        if metrics.horizontalAdvance(candidate) <= width - 2:
            return candidate
    return ""


class ModelInputPreview(QWidget):
    """The 28x28 image the model receives, enlarged with square pixels."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._image: QImage | None = None
        self.set_scale(1.0)
        self.setToolTip("What the model sees: your input after cropping, scaling to 20x20 and centring by mass")
        self.setAccessibleName("What the model sees")

    def set_scale(self, scale: float) -> None:
        """4 screen pixels per model pixel at scale 1 (112 px), more in a larger window."""
        side = 28 * max(4, round(4 * scale))
        self.setFixedSize(side, side)

    def show_image28(self, image28: np.ndarray | None) -> None:
        if image28 is None:
            self._image = None
        else:
            pixels = np.ascontiguousarray((np.clip(image28, 0, 1) * 255).astype(np.uint8))
            self._image = QImage(pixels.data, 28, 28, 28, QImage.Format.Format_Grayscale8).copy()
        self.update()

    def paintEvent(self, event):
        painter = QPainter(self)
        painter.fillRect(self.rect(), Qt.GlobalColor.black)
        if self._image is not None:
            painter.drawImage(self.rect(), self._image)  # no smoothing: the model's pixels, as they are
        painter.setPen(self.palette().color(QPalette.ColorRole.Mid))
        painter.drawRect(self.rect().adjusted(0, 0, -1, -1))


class AnswerView(QWidget):
    """The big predicted digit, its confidence, a "4 or 9?" line when unsure, "Not a digit" for a dot or scribble."""

    def set_scale(self, scale: float) -> None:
        """The digit 4.5 times the text size at scale 1, larger in a larger window."""
        font = QFont(self.font())
        font.setPointSizeF(self._base_size * 4.5 * scale)
        font.setBold(True)
        self.digit.setFont(font)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.digit = QLabel("–")
        self._base_size = QFont(self.font()).pointSizeF()
        self.set_scale(1.0)
        self.digit.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.detail = QLabel()
        self.detail.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.detail.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.digit)
        layout.addWidget(self.detail)
        self.show_prediction(None)

    def show_prediction(self, prediction: Prediction | None, empty_text: str = "Draw a digit") -> None:
        if prediction is None:
            self.digit.setText("–")
            self.detail.setText(empty_text)
            self.setToolTip("")
            return
        (first, _), (second, _) = prediction.top(2)
        if prediction.is_not_a_digit:
            self.digit.setText("–")
            self.detail.setText("Not a digit")
            self.setToolTip(
                f"This looks like a mark, not a digit ({prediction.not_a_digit_probability:.0%}); "
                f"the closest digit would be {first}"
            )
            return
        if prediction.uncertain:
            self.digit.setText(f"{first}?")
            self.detail.setText(f"Not sure: {first} or {second}? ({prediction.confidence:.0%})")
        else:
            self.digit.setText(first)
            self.detail.setText(f"{sure_text(prediction.confidence)} sure")
        if prediction.personal_influence >= 0.5:
            self.detail.setText(self.detail.text() + " · as you taught")
