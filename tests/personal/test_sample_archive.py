"""Export and import of personal samples: a round trip, and archives made to hurt."""

import json
import zipfile

import numpy as np
import pytest

from digitpad.personal.sample_archive import export_samples, import_samples
from digitpad.personal.sample_store import SampleStore, StoreError
from tests.personal.store_helpers import entry, image, write_archive


def test_round_trip_keeps_every_field_and_skips_duplicates(tmp_path, store):
    store.add("1", image(1), strokes=[[(1, 2, 0.5), (3, 4, 0.5)]], pen_width=4.0, predicted="7")
    store.add("4", image(2), origin="file four.png", source_image=b"\x89PNG fake")
    path = tmp_path / "mine.zip"
    assert export_samples(store, path).samples == 2

    with SampleStore(tmp_path / "other.sqlite3") as other:
        report = import_samples(other, path)
        assert (report.added, report.duplicates, report.invalid) == (2, 0, [])
        first, second = other.samples(with_blobs=True)
        assert first.label == "1" and first.strokes == [[[1, 2, 0.5], [3, 4, 0.5]]] and first.predicted == "7"
        np.testing.assert_array_equal(first.image28, image(1))
        assert second.source_image == b"\x89PNG fake" and second.origin.startswith("import mine.zip")
        again = import_samples(other, path)
        assert (again.added, again.duplicates) == (0, 2) and other.count() == 2


def test_an_export_over_an_existing_file_is_atomic(tmp_path, store, monkeypatch):
    path = tmp_path / "mine.zip"
    path.write_bytes(b"the user's older archive")
    store.add("1", image(1))
    monkeypatch.setattr("digitpad.personal.sample_archive.json.dumps", lambda *a, **k: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        export_samples(store, path)
    assert path.read_bytes() == b"the user's older archive"
    assert not [p for p in tmp_path.iterdir() if p.suffix == ".tmp"]  # no half-written file left behind


@pytest.mark.parametrize(
    "name", ["../evil.f32", "/etc/passwd", "images/../../evil.f32", "C:\\evil.f32", "images\\..\\evil.f32"]
)
def test_names_pointing_outside_the_archive_are_refused(tmp_path, store, name):
    data = image(1).tobytes()
    path = write_archive(tmp_path / "evil.zip", [entry(name, data)], {"images/1.f32": data})
    report = import_samples(store, path)
    assert report.added == 0
    assert any(reason in report.invalid[0] for reason in ("outside the archive", "not in the archive"))
    assert store.count() == 0
    assert not (tmp_path.parent / "evil.f32").exists()


def test_bad_entries_are_skipped_and_reported_good_ones_kept(tmp_path, store):
    good = image(1).tobytes()
    wrong_size = b"\0" * 100
    blank = np.zeros((28, 28), np.float32).tobytes()
    too_bright = np.full((28, 28), 7.0, np.float32).tobytes()
    entries = [
        entry("images/1.f32", good),
        entry("images/2.f32", wrong_size),
        {**entry("images/3.f32", image(3).tobytes()), "image_sha256": "0" * 64},
        entry("images/4.f32", blank),
        entry("images/5.f32", too_bright),
        entry("images/6.f32", image(6).tobytes(), label="A"),
        entry("images/7.f32", image(7).tobytes(), strokes="rm -rf /"),
        entry("images/8.f32", image(8).tobytes(), pen_width=1e9),
        entry("images/missing.f32", good),
        "not even a dict",
    ]
    members = {
        "images/1.f32": good,
        "images/2.f32": wrong_size,
        "images/3.f32": image(3).tobytes(),
        "images/4.f32": blank,
        "images/5.f32": too_bright,
        "images/6.f32": image(6).tobytes(),
        "images/7.f32": image(7).tobytes(),
        "images/8.f32": image(8).tobytes(),
    }
    report = import_samples(store, write_archive(tmp_path / "mixed.zip", entries, members))
    assert report.added == 1 and len(report.invalid) == 9
    assert "9 refused" in report.summary()
    assert store.count() == 1


@pytest.mark.parametrize(
    "content, message",
    [
        (b"not a zip at all", "not a readable zip"),
        (None, "no manifest.json"),
        ({"format": "something-else", "version": 1, "samples": []}, "not a DigitPad sample archive"),
        ({"format": "digitpad-samples", "version": 99, "samples": []}, "newer DigitPad"),
        ({"format": "digitpad-samples", "version": 1, "samples": "lots"}, "missing or too long"),
        (b"{broken json", "unreadable manifest"),
    ],
)
def test_archives_that_are_not_sample_archives_add_nothing(tmp_path, store, content, message):
    path = tmp_path / "bad.zip"
    if content == b"not a zip at all":
        path.write_bytes(content)
    else:
        with zipfile.ZipFile(path, "w") as archive:
            if content is not None:
                archive.writestr("manifest.json", content if isinstance(content, bytes) else json.dumps(content))
            else:
                archive.writestr("readme.txt", "hello")
    with pytest.raises(StoreError, match=message):
        import_samples(store, path)
    assert store.count() == 0


def test_a_missing_archive_is_one_line(tmp_path, store):
    with pytest.raises(StoreError, match="file not found"):
        import_samples(store, tmp_path / "nope.zip")


def test_a_zip_bomb_manifest_is_refused_before_reading(tmp_path, store, monkeypatch):
    monkeypatch.setattr("digitpad.personal.sample_archive.MAX_MANIFEST_BYTES", 1000)
    path = tmp_path / "bomb.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("manifest.json", " " * 100_000)  # compresses to almost nothing
    with pytest.raises(StoreError, match="implausibly large"):
        import_samples(store, path)
