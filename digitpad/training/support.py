"""Whether this Python can train (Qt-free, imports nothing heavy).

TensorFlow has no wheels for every platform ONNX Runtime and Qt support (none for Python
3.14, none for Intel Macs as of 2.21), so DigitPad installs without it there: reading,
teaching and the bundled model work, and every way to train says in one line why it cannot.
"""

from __future__ import annotations

import functools
import importlib.util
import platform
import sys

from digitpad.base.errors import ConfigError

TRAINING_PACKAGES = ("tensorflow", "keras", "tf2onnx")  # training, and exporting the result to ONNX


@functools.lru_cache(maxsize=1)
def missing_training_packages() -> tuple[str, ...]:
    """The training packages this Python lacks (found without importing them: TensorFlow takes seconds)."""
    return tuple(name for name in TRAINING_PACKAGES if importlib.util.find_spec(name) is None)


def check_training_available() -> None:
    """ConfigError naming what is missing when this Python cannot train."""
    missing = missing_training_packages()
    if missing:
        where = f"Python {sys.version_info.major}.{sys.version_info.minor} on {platform.system()} {platform.machine()}"
        raise ConfigError(
            f"training needs TensorFlow, which is not available for {where} "
            f"({', '.join(missing)} not installed); reading, teaching and the bundled model work "
            "without it"
        )
