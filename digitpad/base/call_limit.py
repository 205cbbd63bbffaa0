"""Every ONNX Runtime call under a time limit, for one lock and notify a call.

A model file is untrusted, and a loop or a stall may hide behind real inputs only: the test run
at load time cannot see it. Each call gets its own `RunOptions`; one watchdog thread (started on
first use) sets its `terminate` flag when the call outlives its limit, and ONNX Runtime, which
checks the flag between operators, then fails the call. A thread per call would cost more
than a small model's whole answer (0.3 ms).
"""

from __future__ import annotations

import contextlib
import itertools
import threading
import time
from typing import Any, Iterator

_lock = threading.Condition()
_active: dict[int, tuple[float, Any]] = {}  # call number -> (deadline, its onnxruntime.RunOptions)
_numbers = itertools.count()
_watchdog: threading.Thread | None = None
_wake_at = float("inf")  # when the watchdog looks next (never, while no call runs)


class CallTimedOut(Exception):
    """The call outlived its limit and was stopped."""


@contextlib.contextmanager
def limited_call(limit_s: float) -> Iterator[object]:
    """RunOptions for one `session.run`; CallTimedOut when the call is stopped by the limit."""
    import onnxruntime as ort

    options = ort.RunOptions()
    options.log_severity_level = 4  # fatal only: a failing call is our one line, not ONNX Runtime's log
    number = next(_numbers)
    with _lock:
        _start_watchdog()
        deadline = time.monotonic() + limit_s
        _active[number] = (deadline, options)
        if deadline < _wake_at:  # (a lock and a comparison: most calls do not wake the watchdog)
            _lock.notify()
    try:
        yield options
    except Exception:
        if options.terminate:
            raise CallTimedOut(f"no answer within {limit_s:g} s") from None
        raise
    finally:
        with _lock:
            del _active[number]


def _start_watchdog() -> None:
    global _watchdog
    if _watchdog is None:
        _watchdog = threading.Thread(target=_watch, name="model call watchdog", daemon=True)
        _watchdog.start()


def _watch() -> None:
    global _wake_at
    with _lock:
        while True:
            now = time.monotonic()
            for deadline, options in _active.values():
                if deadline <= now:
                    options.terminate = True  # the call fails at its next operator
            _wake_at = min(
                (deadline for deadline, options in _active.values() if not options.terminate), default=float("inf")
            )
            _lock.wait(None if _wake_at == float("inf") else _wake_at - now)
