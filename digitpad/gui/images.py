"""Conversions between Qt images and the arrays/PIL images the core reads (no ML here)."""

from __future__ import annotations

import numpy as np
from PIL import Image
from PySide6.QtGui import QImage

from digitpad.imaging.preprocess import display_rgba

DISPLAY_SIDE = 1024  # opened images are shown at most this large; the model gets the full file


def qimage_to_array(image: QImage) -> np.ndarray:
    """RGBA uint8 array (H, W, 4) of any QImage (clipboard, dropped image data)."""
    rgba = image.convertToFormat(QImage.Format.Format_RGBA8888)
    width, height = rgba.width(), rgba.height()
    buffer = np.frombuffer(rgba.constBits(), np.uint8, count=rgba.sizeInBytes())
    return buffer.reshape(height, rgba.bytesPerLine())[:, : width * 4].reshape(height, width, 4).copy()


def pil_to_qimage(image: Image.Image) -> QImage:
    """A display copy of a PIL image, reduced to at most DISPLAY_SIDE."""
    rgba = display_rgba(image, DISPLAY_SIDE)
    height, width = rgba.shape[:2]
    return QImage(rgba.data, width, height, width * 4, QImage.Format.Format_RGBA8888).copy()


def array_to_qimage(array: np.ndarray) -> QImage:
    return pil_to_qimage(Image.fromarray(array))
