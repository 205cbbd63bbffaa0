"""Render resources/icons/digitpad.svg into the app icons the installers need.

    python packaging/make_icons.py

Writes packaging/windows/DigitPad.ico, packaging/macos/DigitPad.icns and
resources/icons/digitpad-256.png (the outputs are committed; rerun after changing the SVG).
"""

from __future__ import annotations

import os
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ROOT = Path(__file__).resolve().parent.parent


def render(svg: Path, side: int) -> Image.Image:
    image = QImage(side, side, QImage.Format.Format_RGBA8888)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    QSvgRenderer(str(svg)).render(painter)
    painter.end()
    return Image.frombytes("RGBA", (side, side), bytes(image.constBits()))


def main() -> None:
    app = QGuiApplication([])  # noqa: F841  (Qt painting needs an application object)
    svg = ROOT / "resources" / "icons" / "digitpad.svg"
    big = render(svg, 1024)
    big.resize((256, 256), Image.Resampling.LANCZOS).save(ROOT / "resources" / "icons" / "digitpad-256.png")
    big.save(
        ROOT / "packaging" / "windows" / "DigitPad.ico",
        sizes=[(16, 16), (24, 24), (32, 32), (48, 48), (64, 64), (128, 128), (256, 256)],
    )
    big.save(ROOT / "packaging" / "macos" / "DigitPad.icns")
    print("icons written")


if __name__ == "__main__":
    main()
