"""Established OCR engines that people would pick instead of DigitPad, read on the numbers
benchmark's own images (benchmarks/number_reading.py --engines). Optional: not part of the app.

- RapidOCR (`pip install ".[benchmarks]"`; its PaddleOCR models ship in the wheel). Each
  image is one line of writing, so only its recognizer runs (no text detection). It has no
  allow-list, so every class but the CTC blank and the allowed characters is masked out of
  its output before the CTC decoding.
- Tesseract (`apt-get install tesseract-ocr`), one text line (`--psm 7`) with a character
  whitelist.

Each engine is a function image -> text, or None when it is not installed.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import numpy as np

DIGITS = "0123456789"
TESSERACT_HEIGHT = 100


def rapidocr(allowed: str = DIGITS):
    try:
        from rapidocr_onnxruntime import RapidOCR
    except ImportError:
        return None
    engine = RapidOCR()
    decode = engine.text_rec.postprocess_op
    keep = np.array([i == 0 or c in allowed for i, c in enumerate(decode.character)])
    original = decode.__call__

    def masked(preds, *args, **kwargs):
        return original(np.where(keep[None, None, :], preds, 0.0), *args, **kwargs)

    engine.text_rec.postprocess_op = masked
    masked.character = decode.character

    def read(image) -> str:
        rgb = np.asarray(image.convert("RGB"))[:, :, ::-1].copy()  # it takes OpenCV's BGR
        result, _ = engine(rgb, use_det=False, use_cls=False, use_rec=True)
        return "".join(text for text, _ in result or [])

    return read


def tesseract(allowed: str = DIGITS):
    binary = shutil.which("tesseract")
    if binary is None:
        return None

    def read(image) -> str:
        image = image.convert("L")
        if image.height < TESSERACT_HEIGHT:  # it reads text about 30 pixels high best
            image = image.resize((image.width * TESSERACT_HEIGHT // image.height, TESSERACT_HEIGHT))
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "number.png"
            image.save(path)
            done = subprocess.run(
                [binary, str(path), "stdout", "--psm", "7", "-c", f"tessedit_char_whitelist={allowed}"],
                capture_output=True,
                text=True,
                timeout=60,
            )
        return "".join(done.stdout.split())

    return read


ENGINES = {"RapidOCR (digits only)": rapidocr, "Tesseract 5 (digit whitelist)": tesseract}
