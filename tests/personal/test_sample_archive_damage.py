"""Archives: a damaged backup gives back every good sample; bombs are refused before they cost
memory; odd versions, names and files get one clear line (issue 21)."""

import json
import os
import sys
import zipfile

import pytest

from digitpad.personal.sample_archive import export_samples, import_samples
from digitpad.personal.sample_store import StoreError
from tests.archive_damage import damage, three_samples, write_manifest
from tests.personal.store_helpers import entry, image, write_archive


@pytest.mark.parametrize("how", ["corrupt", "encrypted", "deflate64"])
def test_one_unreadable_member_costs_only_its_sample(tmp_path, store, how):
    path = three_samples(tmp_path / "backup.zip")
    damage(path, "images/1.f32", how)
    report = import_samples(store, path)
    assert report.added == 2 and len(report.invalid) == 1 and report.invalid[0].startswith("entry 2:")
    assert "\n" not in report.summary()
    assert sorted(s.label for s in store.samples()) == ["0", "2"]


def test_a_deeply_nested_manifest_is_one_line(tmp_path, store):
    path = write_manifest(tmp_path / "deep.zip", "[" * 200_000 + "]" * 200_000)
    with pytest.raises(StoreError, match="nested too deeply|more than"):
        import_samples(store, path)


def test_a_manifest_of_millions_of_lists_is_refused_before_parsing(tmp_path, store, monkeypatch):
    monkeypatch.setattr("digitpad.personal.sample_archive.MAX_MANIFEST_CONTAINERS", 1000)
    manifest = '{"format": "digitpad-samples", "version": 1, "samples": [' + ",".join(["[]"] * 5000) + "]}"
    parsed = []
    monkeypatch.setattr("digitpad.personal.sample_archive.json.loads", lambda text: parsed.append(text))
    with pytest.raises(StoreError, match="stroke points"):
        import_samples(store, write_manifest(tmp_path / "lists.zip", manifest))
    assert parsed == []


@pytest.mark.parametrize("version", ["1", 1.0, True, -7, 0, None])
def test_versions_that_are_no_version_are_named_so(tmp_path, store, version):
    path = write_archive(tmp_path / "odd.zip", [], {}, {"version": version})
    with pytest.raises(StoreError, match="not a version DigitPad writes"):
        import_samples(store, path)


def test_a_newer_version_is_named_so(tmp_path, store):
    with pytest.raises(StoreError, match="newer DigitPad"):
        import_samples(store, write_archive(tmp_path / "new.zip", [], {}, {"version": 2}))


def test_a_name_with_a_dot_segment_inside_the_archive_is_read(tmp_path, store):
    data = image(5).tobytes()
    for number, name in enumerate(["images/./5.f32", "./images/5.f32"]):
        report = import_samples(
            store, write_archive(tmp_path / f"dot{number}.zip", [entry(name, data)], {"images/5.f32": data})
        )
        assert report.added + report.duplicates == 1 and not report.invalid
    assert store.count() == 1


@pytest.mark.skipif(sys.platform == "win32", reason="FIFOs are POSIX")
def test_a_fifo_is_refused_at_once(tmp_path, store):
    fifo = tmp_path / "pipe.zip"
    os.mkfifo(fifo)
    with pytest.raises(StoreError, match="not a file"):
        import_samples(store, fifo)


def test_an_export_past_the_points_limit_keeps_every_image(tmp_path, store, monkeypatch):
    monkeypatch.setattr("digitpad.personal.sample_archive.MAX_ARCHIVE_POINTS", 10)
    for i in range(3):
        store.add(str(i), image(i), strokes=[[(1, 2, 0.5)] * 4])  # 4 points each: the third passes 10
    path = tmp_path / "out.zip"
    report = export_samples(store, path)
    assert report.samples == 3 and report.strokes_left_out == 1 and "strokes of 1 left out" in report.summary(path)
    manifest = json.loads(zipfile.ZipFile(path).read("manifest.json"))
    assert [bool(e["strokes"]) for e in manifest["samples"]] == [True, True, False]
