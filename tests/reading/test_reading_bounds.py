"""Reading a number costs bounded memory whatever the image (issue 21): busy images are read
or refused in one line, and a number too long is never read as its first 80 digits."""

import io
import tracemalloc

import numpy as np
import pytest
from PIL import Image

from digitpad import load_recognizer
from digitpad.base.errors import ImageError, TooBusyError
from tests.image_fuzz import busy_images

READ_MEMORY_BUDGET = 500 * 1024 * 1024  # issue 21: read peak memory <= 500 MB for any image


@pytest.fixture(scope="module")
def recognizer():
    return load_recognizer()


def png(pixels: np.ndarray) -> bytes:
    buffer = io.BytesIO()
    Image.fromarray(pixels).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.mark.parametrize("name, pixels", list(busy_images().items()))
def test_a_busy_image_is_read_or_refused_within_the_memory_budget(recognizer, name, pixels):
    data = png(pixels)
    tracemalloc.start()  # NumPy reports its arrays to tracemalloc: this is the reading's working memory
    try:
        reading = recognizer.read(data)
    except ImageError as exc:
        reading = None
        assert "\n" not in str(exc) and ("too busy" in str(exc) or "specks" in str(exc)), exc
    finally:
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    assert peak < READ_MEMORY_BUDGET, f"{name}: {peak / 2**20:.0f} MB"
    if name == "a hundred digits":
        with pytest.raises(TooBusyError):  # never the first 80 digits at 97 % confidence
            recognizer.read(data)
    if name == "one digit filling the image":
        assert reading.text == "7"


def test_a_long_number_within_the_limit_is_read_whole(recognizer):
    strip = busy_images()["a hundred digits"][:, : 40 * 32]  # 40 of them
    assert recognizer.read(png(strip)).text == "7" * 40
