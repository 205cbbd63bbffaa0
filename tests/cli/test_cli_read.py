"""`digitpad read`: whole numbers from files, one line or one JSON object each."""

import json
import re

import pytest
from PIL import Image

from tests.cli.cli_helpers import one_line_error, run
from tests.number_fixtures import number_image


@pytest.fixture
def notes(tmp_path):
    folder = tmp_path / "notes"
    folder.mkdir()
    Image.fromarray(number_image("2026")).save(folder / "year.png")
    Image.fromarray(number_image("7")).convert("RGB").save(folder / "seven.jpg", quality=90)
    return folder


def test_read_prints_the_number_and_its_confidence(capsys, notes):
    code, out, err = run(capsys, "read", str(notes / "year.png"), str(notes / "seven.jpg"))
    assert code == 0 and err == ""
    year, seven = out.strip().splitlines()
    assert re.fullmatch(r".*year\.png: 2026 \((>99\.9|\d{1,2}\.\d)%\)", year)
    assert seven.split(": ")[1].startswith("7 (")


def test_read_json_has_text_confidence_and_a_box_per_digit(capsys, notes):
    code, out, _ = run(capsys, "read", "--json", "--no-personal", str(notes))
    assert code == 0
    seven, year = (json.loads(line) for line in out.strip().splitlines())  # a folder is read in name order
    assert set(year) == {"file", "text", "confidence", "digits", "characters"}
    assert year["text"] == "2026" and 0 < year["confidence"] <= 1
    assert [d["digit"] for d in year["digits"]] == [2, 0, 2, 6]
    for digit in year["digits"]:
        assert set(digit) == {"digit", "confidence", "status", "box"} and digit["status"] == "digit"
        x0, y0, x1, y1 = digit["box"]
        assert 0 <= x0 < x1 <= 1000 and 0 <= y0 < y1 <= 224  # the image is 4 pixels per pad unit
    assert seven["text"] == "7" and len(seven["digits"]) == 1
    assert [c["kind"] for c in year["characters"]] == ["digit"] * 4
    assert [c["character"] for c in year["characters"]] == list("2026")


def test_read_json_lists_separators_as_characters_and_keeps_digits_as_digits(capsys, tmp_path):
    path = tmp_path / "date.png"
    Image.fromarray(number_image("29/11")).save(path)
    code, out, _ = run(capsys, "read", "--json", "--no-personal", str(path))
    result = json.loads(out)
    assert code == 0 and result["text"] == "29/11"
    assert [d["digit"] for d in result["digits"]] == [2, 9, 1, 1]  # existing callers see the digits alone
    slash = result["characters"][2]
    assert slash["kind"] == "separator" and slash["character"] == "/" and 0.5 <= slash["confidence"] <= 1
    assert result["digits"][1]["box"][2] <= slash["box"][2] <= result["digits"][2]["box"][2]
    code, out, _ = run(capsys, "read", "--no-personal", str(path))
    assert "29/11 (" in out


def test_read_reports_each_bad_file_and_still_reads_the_others(capsys, notes, bad_files):
    code, out, err = run(
        capsys, "read", "--json", str(bad_files["text"]), str(notes / "year.png"), str(bad_files["blank"])
    )
    bad, good, blank = (json.loads(line) for line in out.strip().splitlines())
    assert set(bad) == {"file", "error"} and "not an image" in bad["error"]
    assert good["text"] == "2026"
    assert "blank" in blank["error"]
    assert code == 1

    code, out, err = run(capsys, "read", str(bad_files["truncated"]))
    assert code == 1 and out == "" and str(bad_files["truncated"]) in one_line_error(err)


def test_read_of_a_folder_without_images_is_one_line(capsys, tmp_path):
    code, out, err = run(capsys, "read", str(tmp_path))
    assert code == 1 and "no images" in one_line_error(err)
