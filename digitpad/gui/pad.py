"""The drawing pad: strokes on a 56x56 canvas shown large, or an opened image.

The pad keeps its content as data (strokes in canvas units, or an image) and paints it
scaled to whatever size the window gives it, so it stays crisp at any size and on HiDPI
screens. Every change goes through the undo stack, so nothing the user had is lost.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (QColor, QImage, QPainter, QPainterPath, QPalette, QPen, QTabletEvent, QUndoCommand,
                           QUndoStack)
from PySide6.QtWidgets import QSizePolicy, QWidget

import dataclasses

from digitpad.drawing import DEFAULT_PEN_WIDTH, PAD_SIZE, Drawing
from digitpad.preprocess import pressure_scale  # the pad paints widths as the recognizer sees them

Stroke = list  # list of (x, y, pressure) in canvas units


class PadContent:
    """What is on the pad: the document (`Drawing`) and, for an opened image, its display copy."""

    def __init__(self, drawing: Drawing | None = None, image: QImage | None = None):
        self.drawing = drawing or Drawing()
        self.image = image

    @property
    def strokes(self) -> tuple:
        return self.drawing.strokes

    @property
    def image28(self):
        return self.drawing.image28

    @property
    def source(self) -> str:
        return self.drawing.source

    @property
    def empty(self) -> bool:
        return self.drawing.empty


class _ReplaceContent(QUndoCommand):
    """One undoable step: the pad's content before and after (cheap: strokes are small)."""

    def __init__(self, pad: "DrawingPad", after: PadContent, text: str):
        super().__init__(text)
        self._pad, self._before, self._after = pad, pad.content, after

    def redo(self):
        self._pad._set_content(self._after)

    def undo(self):
        self._pad._set_content(self._before)


class DrawingPad(QWidget):
    """Emits `changed` whenever the content changes: during a stroke, on undo/redo, on load."""

    changed = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.undo_stack = QUndoStack(self)
        self.content = PadContent()
        self.pen_width = DEFAULT_PEN_WIDTH
        self._live: Stroke | None = None  # the stroke being drawn, not yet on the undo stack
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(168, 168)
        self.setCursor(Qt.CursorShape.CrossCursor)
        self.setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents, False)  # Qt turns touch into mouse events
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName("Drawing pad")

    # ------------------------------------------------------------ content

    def strokes(self) -> list[Stroke]:
        """All strokes, including the one being drawn right now."""
        return list(self.content.strokes) + ([self._live] if self._live else [])

    def stroke_widths(self) -> list[float]:
        """Each of `strokes()`' pen width: its own for those drawn, the current one for the live stroke."""
        return list(self.content.drawing.stroke_widths()) + ([self.pen_width] if self._live else [])

    def drawing(self) -> Drawing:
        """The document as it is now, the stroke being drawn included (at the current pen width;
        the strokes already drawn keep theirs)."""
        drawing = self.content.drawing.with_stroke(self._live, self.pen_width) if self._live else self.content.drawing
        return dataclasses.replace(drawing, pen_width=self.pen_width)

    def is_empty(self) -> bool:
        return self.content.empty and not self._live

    def is_drawing(self) -> bool:
        return self._live is not None

    def render_strokes(self, side: int) -> QImage:
        """The drawing as a side x side image, dark ink on white (for saving)."""
        image = QImage(side, side, QImage.Format.Format_RGB32)
        image.fill(Qt.GlobalColor.white)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.scale(side / PAD_SIZE, side / PAD_SIZE)
        for stroke, width in zip(self.content.strokes, self.content.drawing.stroke_widths()):
            self._paint_stroke(painter, stroke, QColor(Qt.GlobalColor.black), width)
        painter.end()
        return image

    def clear(self) -> None:
        if not self.is_empty():
            self._live = None
            self.undo_stack.push(_ReplaceContent(self, PadContent(), "Clear"))

    def show_image(self, image: QImage, drawing: Drawing) -> None:
        """Show an opened image (`drawing` holds what the recognizer makes of it)."""
        self._live = None
        self.undo_stack.push(_ReplaceContent(self, PadContent(drawing, image), f"Open {drawing.source}"))

    def _set_content(self, content: PadContent) -> None:
        self.content = content
        self.update()
        self.changed.emit()

    # ------------------------------------------------------------ geometry

    def canvas_rect(self) -> QRectF:
        side = min(self.width(), self.height()) - 2
        return QRectF((self.width() - side) / 2, (self.height() - side) / 2, side, side)

    def _to_canvas(self, point: QPointF) -> tuple[float, float]:
        square = self.canvas_rect()
        scale = PAD_SIZE / square.width()
        x = min(max((point.x() - square.left()) * scale, 0.0), PAD_SIZE)
        y = min(max((point.y() - square.top()) * scale, 0.0), PAD_SIZE)
        return x, y

    # ------------------------------------------------------------ input

    def _begin(self, point: QPointF, pressure: float) -> None:
        self._live = [(*self._to_canvas(point), pressure)]
        self.update()
        self.changed.emit()

    def _extend(self, point: QPointF, pressure: float) -> None:
        if self._live is None:
            return
        x, y = self._to_canvas(point)
        last = self._live[-1]
        if (x - last[0]) ** 2 + (y - last[1]) ** 2 < 0.04:  # under 0.2 canvas units: nothing new
            return
        self._live.append((x, y, pressure))
        self.update()
        self.changed.emit()

    def _end(self) -> None:
        if self._live is None:
            return
        stroke, self._live = self._live, None
        # Drawing over an opened image starts a new drawing; undo brings the image back.
        drawing = self.content.drawing.with_stroke(stroke, self.pen_width)
        self.undo_stack.push(_ReplaceContent(self, PadContent(drawing), "Stroke"))

    def mousePressEvent(self, event):
        if event.button() == Qt.MouseButton.LeftButton:
            self._begin(event.position(), 0.5)

    def mouseMoveEvent(self, event):
        if event.buttons() & Qt.MouseButton.LeftButton:
            self._extend(event.position(), 0.5)

    def mouseReleaseEvent(self, event):
        if event.button() == Qt.MouseButton.LeftButton:
            self._extend(event.position(), 0.5)
            self._end()

    def tabletEvent(self, event: QTabletEvent):
        # A pen reports pressure; accepting the event stops Qt from also sending mouse events.
        kind = event.type()
        if kind == QTabletEvent.Type.TabletPress:
            self._begin(event.position(), event.pressure())
        elif kind == QTabletEvent.Type.TabletMove and event.pressure() > 0:
            self._extend(event.position(), event.pressure())
        elif kind == QTabletEvent.Type.TabletRelease:
            self._end()
        event.accept()

    # ------------------------------------------------------------ painting

    def paintEvent(self, event):
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        square = self.canvas_rect()
        palette = self.palette()
        paper = palette.color(QPalette.ColorRole.Base)
        ink = palette.color(QPalette.ColorRole.Text)
        painter.fillRect(square, paper)
        painter.setPen(QPen(palette.color(QPalette.ColorRole.Mid), 1))
        painter.drawRect(square)
        if self.content.image is not None:
            self._paint_image(painter, square)
        elif self.is_empty():
            painter.setPen(palette.color(QPalette.ColorRole.PlaceholderText))
            painter.drawText(square, Qt.AlignmentFlag.AlignCenter, "Draw a digit here\nor open / drop / paste an image")
        scale = square.width() / PAD_SIZE
        painter.translate(square.topLeft())
        painter.scale(scale, scale)
        for stroke, width in zip(self.strokes(), self.stroke_widths()):
            self._paint_stroke(painter, stroke, ink, width)

    def _paint_image(self, painter: QPainter, square: QRectF) -> None:
        image = self.content.image
        size = image.size().scaled(square.size().toSize(), Qt.AspectRatioMode.KeepAspectRatio)
        target = QRectF(0, 0, size.width(), size.height())
        target.moveCenter(square.center())
        painter.drawImage(target, image)

    def _paint_stroke(self, painter: QPainter, stroke: Stroke, ink: QColor, width: float) -> None:
        pen = QPen(ink, width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin)
        if len(stroke) == 1 or all(len(p) < 3 or p[2] == stroke[0][2] for p in stroke):
            pen.setWidthF(width * pressure_scale(stroke[0]))
            painter.setPen(pen)
            path = QPainterPath(QPointF(stroke[0][0], stroke[0][1]))
            for x, y, *_ in stroke[1:]:
                path.lineTo(x, y)
            if len(stroke) == 1:
                path.lineTo(stroke[0][0] + 0.01, stroke[0][1])
            painter.drawPath(path)
            return
        for a, b in zip(stroke, stroke[1:]):  # varying pressure: segment by segment
            pen.setWidthF(width * pressure_scale(b))
            painter.setPen(pen)
            painter.drawLine(QPointF(a[0], a[1]), QPointF(b[0], b[1]))
