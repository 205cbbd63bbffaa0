"""The command line against bad files, folders and library entries: one line per problem,
every other file still answered, answers streamed, nothing printed that a terminal would obey."""

import errno
import json
import os
import shutil

import numpy as np
from PIL import Image

from digitpad.base.paths import bundled_model_path, user_models_dir
from digitpad.library import save_to_library
from tests.cli.cli_helpers import one_line_error, run


def test_one_bad_file_in_a_folder_costs_only_itself(capsys, digits):
    (digits / "z-broken.ppm").write_bytes(b"P5\n2 2\n0\n\x00\x00\x00\x00")  # Pillow raises ValueError on it
    Image.fromarray(np.full((40, 40, 3), 200, np.uint8)).convert("LAB").save(digits / "lab.tif")
    code, out, err = run(capsys, "predict", "--json", str(digits))
    results = {os.path.basename(line["file"]): line for line in map(json.loads, out.splitlines())}
    assert code == 1 and sorted(results) == ["d0.png", "d1.png", "d2.png", "lab.tif", "z-broken.ppm"]
    assert [results[f"d{i}.png"]["digit"] for i in range(3)] == [7, 2, 1]
    assert "corrupt or unsupported image" in results["z-broken.ppm"]["error"]
    assert err == ""


def test_answers_stream_as_files_are_read():
    from digitpad import load_recognizer

    recognizer = load_recognizer()
    consumed = []

    def sources():
        for i in range(1000):
            consumed.append(i)
            yield np.eye(28, dtype=np.float32)

    first = next(recognizer.iter_predictions(sources(), chunk=16))
    assert len(consumed) == 16 and first[1].label in recognizer.labels


def test_an_unreadable_folder_is_one_line(capsys, tmp_path, monkeypatch):
    folder = tmp_path / "locked"
    folder.mkdir()

    def denied(self):
        raise PermissionError(errno.EACCES, "Permission denied", str(self))

    monkeypatch.setattr(type(folder), "iterdir", denied)
    code, _, err = run(capsys, "predict", str(folder))
    assert code == 1 and "cannot read the folder" in one_line_error(err) and "permission denied" in err


def test_a_full_disk_when_writing_a_report_is_one_line(capsys, tmp_path, monkeypatch):
    def no_space(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device", str(tmp_path / "report" / "confusion.png"))

    monkeypatch.setattr("digitpad.report.write_report", no_space)
    code, _, err = run(capsys, "evaluate", "--data", "mnist+pen", "--report", str(tmp_path / "report"))
    assert code == 1 and "no space left on device" in one_line_error(err)


def test_a_bug_is_one_line_with_the_log_location_and_the_traceback_in_the_log(capsys, monkeypatch):
    def broken(args):
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr("digitpad.cli.cmd_models", broken)
    code, _, err = run(capsys, "models")
    line = one_line_error(err)
    assert code == 1 and "unexpected error: ZeroDivisionError" in line and "digitpad.log" in line
    from digitpad.base.logs import log_file_path

    assert "Traceback" in log_file_path().read_text() and "ZeroDivisionError" in log_file_path().read_text()


def test_models_lists_only_readable_models_and_never_prints_escape_sequences(capsys):
    save_to_library(bundled_model_path(), "good")
    for ext in ("onnx", "json", "keras"):
        shutil.copy(user_models_dir() / f"good.{ext}", user_models_dir() / f"evil\x1b[2J.{ext}")
    (user_models_dir() / "junk.onnx").write_bytes(b"junk")
    code, out, err = run(capsys, "models")
    assert code == 0 and "\x1b" not in out + err
    saved = out.split("saved models")[1]
    assert "good" in saved and "evil\\x1b[2J" in saved and "junk" not in saved
    assert "skipped a saved model" in err and "junk" in err


def test_file_names_with_control_characters_are_printed_escaped(capsys, tmp_path):
    odd = tmp_path / "bad\x1b[2Jname\n.png"
    odd.write_bytes(b"not an image")
    code, out, err = run(capsys, "predict", str(odd))
    assert code == 1 and "\x1b" not in err and "\\x1b[2J" in one_line_error(err)


def test_a_very_long_path_is_one_short_line(capsys):
    code, _, err = run(capsys, "predict", "/tmp/" + "x" * 5000 + ".png")
    assert code == 1 and len(one_line_error(err)) < 300


def test_a_blank_or_busy_image_s_name_cannot_forge_a_result_line(capsys, tmp_path):
    specks = np.full((200, 200), 255, np.uint8)
    specks[::7, ::7] = 0  # ink, but no piece a digit could be
    for name, pixels, commands in (
        ("blank", np.full((50, 50), 255, np.uint8), ("predict", "read")),
        ("specks", specks, ("read",)),
    ):  # (predict: "not a digit")
        forged = tmp_path / f"{name}\nforged.png: 7 (99.9%)\r\x1b]0;title\x07.png"
        Image.fromarray(pixels).save(forged, format="PNG")
        for command in commands:
            code, out, err = run(capsys, command, str(forged))
            line = one_line_error(err)
            assert code == 1 and out == "" and "no ink found" in line and name in line
            assert "\r" not in err and "\x1b" not in err and "\\n" in line


def test_predict_and_read_write_certainty_alike(capsys, digits):
    (_, predicted, _), (_, read, _) = (run(capsys, command, str(digits / "d0.png")) for command in ("predict", "read"))
    assert "100.0%" not in predicted + read and ">99.9%" in predicted and ">99.9%" in read
