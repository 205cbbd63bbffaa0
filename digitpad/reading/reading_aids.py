"""The small networks that help read whole numbers (`digitpad.reading.wholeness`, `digitpad.reading.sequence_model`).

They ship beside the bundled model and run on ONNX Runtime with the digit model's options. Each is optional: a missing or broken file is a
packaging bug, logged once a process, and numbers are then read without it.
"""

from __future__ import annotations

import functools
import logging
from pathlib import Path

import numpy as np

from digitpad.base.call_limit import CallTimedOut, limited_call
from digitpad.base.logs import log_unexpected
from digitpad.inference.model_session import inference_options


@functools.lru_cache(maxsize=4)
def _session(path: str):
    import onnxruntime  # already loaded by the recognizer; imported here to keep this module light

    return onnxruntime.InferenceSession(path, inference_options(onnxruntime), providers=["CPUExecutionProvider"])


AID_CALL_LIMIT_S = 10.0  # an aid answers a number's candidates in milliseconds
_refused: set[str] = set()  # aids that outlived the limit: not run again in this process


def run_aid(path: Path, inputs: np.ndarray) -> np.ndarray | None:
    """The network at `path` run on `inputs` (its first output, one row per input row), or None
    when it is missing, cannot run, outlives AID_CALL_LIMIT_S, or answers the wrong shape or NaN."""
    if not path.is_file():
        _report_once(f"{path}: missing; numbers are read without it")
        return None
    if str(path) in _refused:
        return None
    try:
        session = _session(str(path))
        with limited_call(AID_CALL_LIMIT_S) as options:
            output = session.run(None, {session.get_inputs()[0].name: inputs}, options)[0]
    except CallTimedOut:
        _refused.add(str(path))
        _report_once(f"{path}: did not answer within {AID_CALL_LIMIT_S:g} s; numbers are read without it")
        return None
    except Exception as exc:
        _report_once(f"{path}: cannot be used; numbers are read without it", exc)
        return None
    output = np.asarray(output)
    if (
        output.ndim < 1
        or output.shape[0] != len(inputs)
        or not np.issubdtype(output.dtype, np.floating)
        or not np.isfinite(output).all()
    ):
        _report_once(
            f"{path}: answered {output.dtype} of shape {output.shape} (or NaN) for {len(inputs)} inputs; "
            "numbers are read without it"
        )
        return None
    return output


@functools.lru_cache(maxsize=8)
def _report_once(message: str, exc: BaseException | None = None) -> None:
    if exc is None:
        logging.getLogger("digitpad").warning(message)
    else:
        log_unexpected(message, exc)


def export_whole(model, out: Path) -> None:
    """A trained Keras network written to `out` as ONNX, whole or not at all."""
    import os
    import tempfile

    with tempfile.TemporaryDirectory(dir=out.parent) as folder:
        staged = Path(folder) / out.name
        model.export(str(staged), format="onnx", verbose=False)
        os.replace(staged, out)
