"""UNIPEN's real writers: the reader (and its one-line errors), the bundled files, and which
letters and symbols are taught as "not a digit"."""

import gzip
import json
import shutil

import numpy as np
import pytest

from digitpad.base.errors import DataError
from digitpad.data.unipen import (
    DIGITS_FILE,
    LETTERS_FILE,
    LOOKALIKE_CHARACTERS,
    NOT_DIGIT_LOOKALIKES,
    SYMBOLS_FILE,
    bundled_unipen_path,
    load_not_digit_characters,
    load_unipen,
    load_unipen_digits,
    read_unipen,
)

GOOD = {"label": "7", "writer": "abc/someone", "category": "1a", "strokes": [[[0, 0], [10, 0], [4, 20]]]}


def write_lines(path, lines, gzipped=True):
    text = "".join(line + "\n" for line in lines)
    path.write_bytes(gzip.compress(text.encode()) if gzipped else text.encode())
    return path


def test_a_file_is_read_with_writers_labels_and_strokes_y_down(tmp_path):
    second = dict(GOOD, label="+", category="1d", strokes=[[[0, 5], [10, 5]], [[5, 0], [5, 10]]])
    for gzipped in (True, False):
        chars = read_unipen(
            write_lines(tmp_path / f"chars{gzipped}", [json.dumps(GOOD), "", json.dumps(second)], gzipped)
        )
        assert [(c.label, c.writer, c.category, len(c.strokes)) for c in chars] == [
            ("7", "abc/someone", "1a", 1),
            ("+", "abc/someone", "1d", 2),
        ]
        assert chars[0].strokes[0].dtype == np.float32 and chars[0].strokes[0][-1].tolist() == [4, 20]


@pytest.mark.parametrize(
    "line, message",
    [
        ("{not json", "line 2: "),
        ("[1, 2]", "line 2: expected a JSON object"),
        (json.dumps(dict(GOOD, label="77")), "line 2: 'label' must be one printable character"),
        (json.dumps(dict(GOOD, label=7)), "line 2: 'label'"),
        (json.dumps(dict(GOOD, writer="")), "line 2: 'writer'"),
        (json.dumps(dict(GOOD, strokes=[])), "line 2: 'strokes' must be a non-empty list"),
        (json.dumps(dict(GOOD, strokes=[[]])), "line 2: each stroke must be a non-empty list"),
        (json.dumps(dict(GOOD, strokes=[[[1, "x"]]])), "line 2: each point must be"),
        (json.dumps(dict(GOOD, strokes=[[[1, 2, 3]]])), "line 2: each point must be"),
        ('{"label": "1", "writer": "a/b", "strokes": [[[NaN, 1]]]}', "line 2: each point must be"),
        (json.dumps(dict(GOOD, strokes=[[[1, 2], [3]]])), "line 2: each point must be"),  # ragged
        (json.dumps(dict(GOOD, strokes=[[[1, None]]])), "line 2: each point must be"),
        (json.dumps(dict(GOOD, strokes=[[[True, False]]])), "line 2: each point must be"),
        (json.dumps(dict(GOOD, strokes=[[[[1, 2]]]])), "line 2: each point must be"),
        (json.dumps(dict(GOOD, strokes=[[[1e300, 2]]])), "line 2: each point must be"),  # no float32
        (json.dumps(dict(GOOD, strokes=[[[10**30, 2]]])), "line 2: each point must be"),
        ("[" * 100_000, "line 2: "),  # deeply nested: no RecursionError escapes
    ],
)
def test_a_damaged_line_is_named_with_its_file_and_line(tmp_path, line, message):
    path = write_lines(tmp_path / "bad.jsonl.gz", [json.dumps(GOOD), line])
    with pytest.raises(DataError, match=message) as caught:
        read_unipen(path)
    assert str(path) in str(caught.value) and "\n" not in str(caught.value)


def test_truncated_empty_missing_and_binary_files_are_one_line_errors(tmp_path):
    truncated = tmp_path / "cut.jsonl.gz"
    truncated.write_bytes(gzip.compress((json.dumps(GOOD) + "\n").encode() * 200)[:150])
    with pytest.raises(DataError, match="cannot read"):
        read_unipen(truncated)
    with pytest.raises(DataError, match="no characters found"):
        read_unipen(write_lines(tmp_path / "empty.jsonl.gz", []))
    with pytest.raises(DataError, match="file not found"):
        read_unipen(tmp_path / "nope.jsonl.gz")
    binary = tmp_path / "binary.jsonl"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(DataError, match="not UTF-8"):
        read_unipen(binary)


def test_a_damaged_bundled_copy_fails_its_checksum(tmp_path):
    shutil.copy(bundled_unipen_path(SYMBOLS_FILE).parent / "SHA256SUMS", tmp_path)
    damaged = tmp_path / SYMBOLS_FILE
    data = bytearray(bundled_unipen_path(SYMBOLS_FILE).read_bytes())
    data[4000] ^= 0xFF
    damaged.write_bytes(bytes(data))
    with pytest.raises(DataError, match="checksum mismatch"):
        load_unipen(path=damaged)


def test_the_bundled_files_hold_120_writers_digits_letters_and_symbols():
    digits = load_unipen_digits()
    assert len(digits) == 7487 and len({d.writer for d in digits}) == 120
    assert sorted({d.label for d in digits}) == [str(i) for i in range(10)]
    letters, symbols = load_unipen(LETTERS_FILE), load_unipen(SYMBOLS_FILE)
    assert len(letters) == 36839 and len(symbols) == 6504
    writers = {d.writer for d in digits}
    assert len(writers & ({c.writer for c in letters} | {c.writer for c in symbols})) >= 100  # mostly the same people
    assert load_unipen(DIGITS_FILE) is load_unipen(DIGITS_FILE)  # read once a process


def test_letters_and_symbols_a_digit_resembles_are_never_taught_as_not_a_digit():
    negatives = load_not_digit_characters()
    labels = {c.label for c in negatives}
    assert not labels & LOOKALIKE_CHARACTERS and not any(label.isdigit() for label in labels)
    for lookalike in "OoDQIl|ZzSsbGTBgq":  # the ones the issue names, among others
        assert lookalike in LOOKALIKE_CHARACTERS
    for refused in "AExea+*#%?":
        assert refused in labels
    assert set(NOT_DIGIT_LOOKALIKES) <= set("0123456789")
