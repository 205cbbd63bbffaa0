"""The small networks that help read whole numbers (`digitpad.reading.wholeness`, `digitpad.reading.sequence_model`).

They ship beside the bundled model and run on ONNX Runtime with the digit model's options. Each is optional: a missing or broken file is a
packaging bug, logged once a process, and numbers are then read without it. Their ONNX sessions
belong to whoever reads with them (`ReadingAids`, one per `Recognizer`), not to the process.
"""

from __future__ import annotations

import functools
import logging
import threading
from pathlib import Path

import numpy as np

from digitpad.base.call_limit import CallTimedOut, limited_call
from digitpad.base.logs import log_unexpected
from digitpad.inference.model_session import inference_options

AID_CALL_LIMIT_S = 10.0  # an aid answers a number's candidates in milliseconds


class ReadingAid:
    """One of the networks at `path`, with its own ONNX Runtime session: opened on first use and
    kept by whoever reads numbers with it (a `Recognizer`), gone with it. One that outlives
    AID_CALL_LIMIT_S is not run again."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self._session = None
        self._refused = False
        self._opening = threading.Lock()  # (a window reads numbers on a worker thread)

    @property
    def is_open(self) -> bool:
        """Whether its session has been opened (on first use)."""
        return self._session is not None

    def _opened(self):
        with self._opening:
            if self._session is None:
                import onnxruntime  # already loaded by the recognizer; imported here to keep this module light

                self._session = onnxruntime.InferenceSession(
                    str(self.path), inference_options(onnxruntime), providers=["CPUExecutionProvider"]
                )
            return self._session

    def run(self, inputs: np.ndarray) -> np.ndarray | None:
        """The network run on `inputs` (its first output, one row per input row), or None when
        it is missing, cannot run, outlives AID_CALL_LIMIT_S, or answers the wrong shape or NaN."""
        path = self.path
        if self._refused:
            return None
        if not path.is_file():
            _report_once(f"{path}: missing; numbers are read without it")
            return None
        try:
            session = self._opened()
            with limited_call(AID_CALL_LIMIT_S) as options:
                output = session.run(None, {session.get_inputs()[0].name: inputs}, options)[0]
        except CallTimedOut:
            self._refused = True
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


class ReadingAids:
    """The aids a reader uses, one `ReadingAid` per file, each opened once."""

    def __init__(self):
        self._aids: dict[Path, ReadingAid] = {}
        self._lock = threading.Lock()

    def __call__(self, path: Path) -> ReadingAid:
        with self._lock:
            aid = self._aids.get(Path(path))
            if aid is None:
                aid = self._aids[Path(path)] = ReadingAid(path)
            return aid


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
