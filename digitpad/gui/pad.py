"""The drawing pad: strokes on a 56x56 canvas shown large (or a wide one for a whole number),
or an opened image.

The pad keeps its content as data (strokes in canvas units, or an image) and paints it
scaled to whatever size the window gives it, so it stays crisp at any size and on HiDPI
screens. Every change goes through the undo stack, so nothing the user had is lost. When a
number is read, the pad outlines where each digit was found; hovering one says which.
"""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QImage, QPainter, QPainterPath, QPalette, QPen, QTabletEvent, QUndoCommand, QUndoStack
from PySide6.QtWidgets import QSizePolicy, QWidget

from digitpad.imaging.drawing import DEFAULT_PEN_WIDTH, PAD_SIZE, Drawing
from digitpad.imaging.preprocess import pressure_scale  # the pad paints widths as the recognizer sees them

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


WIDE_PAD = (5 * PAD_SIZE, PAD_SIZE)  # the number pad: room for seven digits of a comfortable size


def reaches_beyond_digit_pad(strokes) -> bool:
    """Whether any point lies outside the digit pad (it was drawn on the number pad)."""
    return any(x > PAD_SIZE or y > PAD_SIZE for stroke in strokes for x, y, *_ in stroke)


class DrawingPad(QWidget):
    """Emits `changed` whenever the content changes: during a stroke, on undo/redo, on load;
    `digit_hovered` with the index of the digit box under the mouse (-1: none); `wide_needed`
    when undo or redo brings back strokes that reach beyond the digit pad (the number pad's),
    so that what comes back is never drawn outside what is shown."""

    changed = Signal()
    digit_hovered = Signal(int)
    wide_needed = Signal()

    def __init__(self, parent=None, undo_stack: QUndoStack | None = None):
        super().__init__(parent)
        # Strokes, clearing and opening are pushed on `undo_stack` (the session's, shared with
        # teaching), or on one of the pad's own.
        self.undo_stack = undo_stack if undo_stack is not None else QUndoStack(self)
        self.content = PadContent()
        self.pen_width = DEFAULT_PEN_WIDTH
        self._live: Stroke | None = None  # the stroke being drawn, not yet on the undo stack
        self.canvas = (PAD_SIZE, PAD_SIZE)  # canvas units shown: the digit pad, or WIDE_PAD
        self._boxes: list[QRectF] = []  # where the digits of a number are, in canvas or image-fraction units
        self._boxes_on_image = False
        self._selected_box = -1
        self._hovered_box = -1
        self.setMouseTracking(True)  # hovering a digit's box shows that digit
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
        """The drawing as an image `side` pixels tall (and as wide as the canvas is), dark ink on white (for saving)."""
        width, height = self.content.drawing.canvas_size() if self.is_wide() else (PAD_SIZE, PAD_SIZE)
        image = QImage(round(side * width / height), side, QImage.Format.Format_RGB32)
        image.fill(Qt.GlobalColor.white)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.scale(side / height, side / height)
        for stroke, pen_width in zip(self.content.strokes, self.content.drawing.stroke_widths()):
            self._paint_stroke(painter, stroke, QColor(Qt.GlobalColor.black), pen_width)
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
        if not self.is_wide() and reaches_beyond_digit_pad(content.strokes):
            self.wide_needed.emit()  # the window switches to the number pad before `changed` is read
        self.show_boxes([])
        self.update()
        self.changed.emit()

    def set_wide(self, wide: bool) -> None:
        """The wide pad for a number, or the digit pad."""
        self.canvas = WIDE_PAD if wide else (PAD_SIZE, PAD_SIZE)
        self.setMinimumSize(420 if wide else 168, 150 if wide else 168)  # a digit of the number as tall as 150/1.4 px
        self.updateGeometry()
        self.show_boxes([])
        self.update()

    def is_wide(self) -> bool:
        return self.canvas != (PAD_SIZE, PAD_SIZE)

    # ------------------------------------------------------------ digit boxes

    def show_boxes(self, boxes, on_image: bool = False, selected: int = -1) -> None:
        """Outline the digits of a number: (x0, y0, x1, y1) in canvas units, or with `on_image`
        in fractions of the opened image; `selected` is drawn stronger. [] removes them."""
        if len(boxes) != len(self._boxes):
            self._hovered_box = -1  # another number: the mouse is over none of its digits yet
        self._boxes = [QRectF(x0, y0, x1 - x0, y1 - y0) for x0, y0, x1, y1 in boxes]
        self._boxes_on_image, self._selected_box = on_image, selected
        self.update()

    def _box_rect(self, box: QRectF) -> QRectF:
        """A digit box in widget pixels."""
        if self._boxes_on_image and self.content.image is not None:
            target = self._image_rect(self.canvas_rect(), self.content.image)
            return QRectF(
                target.left() + box.left() * target.width(),
                target.top() + box.top() * target.height(),
                box.width() * target.width(),
                box.height() * target.height(),
            )
        area = self.canvas_rect()
        scale = area.width() / self.canvas[0]
        return QRectF(
            area.left() + box.left() * scale, area.top() + box.top() * scale, box.width() * scale, box.height() * scale
        )

    def _box_at(self, point: QPointF) -> int:
        for index, box in enumerate(self._boxes):
            if self._box_rect(box).adjusted(-4, -4, 4, 4).contains(point):
                return index
        return -1

    # ------------------------------------------------------------ geometry

    def canvas_rect(self) -> QRectF:
        """The canvas in widget pixels: as large as fits, keeping its shape."""
        width, height = self.canvas
        scale = min((self.width() - 2) / width, (self.height() - 2) / height)
        return QRectF(
            (self.width() - width * scale) / 2, (self.height() - height * scale) / 2, width * scale, height * scale
        )

    def _to_canvas(self, point: QPointF) -> tuple[float, float]:
        area = self.canvas_rect()
        scale = self.canvas[0] / area.width()
        x = min(max((point.x() - area.left()) * scale, 0.0), self.canvas[0])
        y = min(max((point.y() - area.top()) * scale, 0.0), self.canvas[1])
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
        elif self._boxes:
            index = self._box_at(event.position())
            if index != self._hovered_box:
                self._hovered_box = index
                self.update()
                self.digit_hovered.emit(index)

    def leaveEvent(self, event):
        if self._hovered_box != -1:
            self._hovered_box = -1
            self.update()
            self.digit_hovered.emit(-1)
        super().leaveEvent(event)

    def mouseReleaseEvent(self, event):
        if event.button() == Qt.MouseButton.LeftButton:
            self._extend(event.position(), 0.5)
            self._end()

    def focusInEvent(self, event):
        self.update()  # the focus ring
        super().focusInEvent(event)

    def focusOutEvent(self, event):
        self.update()
        super().focusOutEvent(event)

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
        if self.hasFocus():  # the keyboard is here (digit keys teach, Esc clears): say so, as any field does
            painter.setPen(QPen(palette.color(QPalette.ColorRole.Highlight), 2))
        else:
            painter.setPen(QPen(palette.color(QPalette.ColorRole.Mid), 1))
        painter.drawRect(square)
        if self.content.image is not None:
            painter.drawImage(self._image_rect(square, self.content.image), self.content.image)
        elif self.is_empty():
            painter.setPen(palette.color(QPalette.ColorRole.PlaceholderText))
            what = "a number" if self.is_wide() else "a digit"
            painter.drawText(square, Qt.AlignmentFlag.AlignCenter, f"Draw {what} here\nor open / drop / paste an image")
        self._paint_boxes(painter, palette)
        scale = square.width() / self.canvas[0]
        painter.translate(square.topLeft())
        painter.scale(scale, scale)
        for stroke, width in zip(self.strokes(), self.stroke_widths()):
            self._paint_stroke(painter, stroke, ink, width)

    def _image_rect(self, square: QRectF, image: QImage) -> QRectF:
        """Where the opened image is shown: as large as fits, centred."""
        size = image.size().scaled(square.size().toSize(), Qt.AspectRatioMode.KeepAspectRatio)
        target = QRectF(0, 0, size.width(), size.height())
        target.moveCenter(square.center())
        return target

    def _paint_boxes(self, painter: QPainter, palette: QPalette) -> None:
        if self._live is not None:
            return  # the boxes of the number before this stroke would mislead
        colour = QColor(palette.color(QPalette.ColorRole.Highlight))
        for index, box in enumerate(self._boxes):
            strong = index in (self._selected_box, self._hovered_box)
            colour.setAlpha(255 if strong else 110)
            painter.setPen(
                QPen(colour, 2.5 if strong else 1.2, Qt.PenStyle.SolidLine if strong else Qt.PenStyle.DashLine)
            )
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(self._box_rect(box).adjusted(-3, -3, 3, 3), 4, 4)

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
