"""Child processes: their messages are typed, and a bug in one reaches the user as one line
while its traceback goes to the log file."""

import errno

import pytest

from digitpad.base.errors import DigitPadError
from digitpad.base.logs import log_file_path
from digitpad.jobs.runner import Message, run_in_child


def buggy_job(reporter):
    reporter.set_status("about to fail")
    raise KeyError("a bug in the child")


def disk_full_job(reporter):
    raise OSError(errno.ENOSPC, "No space left on device", "/data/models/m.onnx")


def test_a_bug_in_a_child_is_one_line_and_its_traceback_is_logged():
    seen = []
    with pytest.raises(DigitPadError, match="unexpected error in buggy_job: KeyError") as error:
        run_in_child(buggy_job, (), on_message=lambda kind, payload: seen.append((kind, payload)))
    assert str(log_file_path()) in str(error.value) and "\n" not in str(error.value)
    assert seen == [(Message.STATUS, "about to fail")]
    log = log_file_path().read_text()
    assert "Traceback" in log and "a bug in the child" in log and "SpawnProcess" in log


def test_an_os_error_in_a_child_names_the_file_and_the_reason():
    with pytest.raises(DigitPadError, match="/data/models/m.onnx: no space left on device"):
        run_in_child(disk_full_job, ())
