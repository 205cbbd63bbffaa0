"""The personal sample store: transactions, two processes, damaged and newer files, migrations."""

import sqlite3
import subprocess
import sys
import textwrap

import numpy as np
import pytest

from digitpad.personal.sample_store import SCHEMA_VERSION, SampleStore, StoreError, UnknownSampleError
from tests.personal.store_helpers import image


def test_add_read_relabel_remove_restore(store):
    first = store.add("1", image(1), strokes=[[(1, 2, 0.5), (3, 4, 0.5)]], pen_width=4.0, predicted="7", model_id="abc")
    second = store.add("4", image(2), origin="file four.png", source_image=b"png bytes")
    assert store.count() == 2 and store.counts_by_label()["1"] == 1
    sample = store.get(first)
    assert sample.label == "1" and sample.predicted == "7" and sample.strokes == [[[1, 2, 0.5], [3, 4, 0.5]]]
    np.testing.assert_array_equal(sample.image28, image(1))
    assert store.get(second).source_image == b"png bytes"

    store.relabel([second], "9")
    assert store.get(second).label == "9"
    removed = store.remove([first, second])
    assert store.count() == 0
    store.restore(removed)
    assert [s.id for s in store.samples()] == [first, second]
    images, labels = store.training_arrays()
    assert images.shape == (2, 28, 28) and labels.tolist() == [1, 9]


def test_the_same_drawing_taught_again_is_relabelled_not_duplicated(store):
    first = store.add("7", image(1))
    assert store.add("1", image(1)) == first
    assert store.count() == 1 and store.get(first).label == "1"
    assert store.add_many([dict(label="2", image28=image(1)), dict(label="3", image28=image(3))]) == [None, 2]


@pytest.mark.parametrize(
    "label, picture", [("x", image(1)), ("10", image(1)), ("1", np.zeros((27, 28))), ("1", np.full((28, 28), np.nan))]
)
def test_bad_samples_are_refused_and_nothing_is_stored(store, label, picture):
    with pytest.raises(StoreError):
        store.add_many([dict(label="5", image28=image(5)), dict(label=label, image28=picture)])
    assert store.count() == 0


def test_unknown_ids_change_nothing(store):
    kept = store.add("3", image(3))
    with pytest.raises(UnknownSampleError, match="no sample with id 99"):
        store.remove([kept, 99])
    with pytest.raises(UnknownSampleError):
        store.relabel([99], "1")
    assert store.count() == 1


def test_a_process_killed_in_the_middle_of_a_write_leaves_the_store_as_it_was(tmp_path):
    path = tmp_path / "samples.sqlite3"
    with SampleStore(path) as store:
        store.add("1", image(1))
    # The child opens a transaction, writes many samples, and dies before committing.
    child = textwrap.dedent(f"""
        import os, numpy as np
        from digitpad.personal.sample_store import SampleStore
        store = SampleStore({str(path)!r})
        db = store._db
        db.execute("BEGIN IMMEDIATE")
        for i in range(200):
            db.execute("INSERT INTO samples (label, image28, image_hash, origin, created) VALUES (?, ?, ?, ?, ?)",
                       ("2", np.full((28, 28), i / 200, np.float32).tobytes(), str(i), "pad", "now"))
        os._exit(9)  # killed: no commit, no clean-up
    """)
    result = subprocess.run([sys.executable, "-c", child], timeout=120)
    assert result.returncode == 9
    with SampleStore(path) as store:
        assert store.count() == 1
        assert store._db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        store.add("3", image(3))  # and it still takes new samples
        assert store.count() == 2


def test_two_processes_write_at_once_and_nothing_is_lost(tmp_path):
    path = tmp_path / "samples.sqlite3"
    SampleStore(path).close()
    writer = textwrap.dedent("""
        import sys, numpy as np
        from digitpad.personal.sample_store import SampleStore
        store = SampleStore(sys.argv[1])
        offset = int(sys.argv[2])
        for i in range(40):
            store.add(str(i % 10), np.full((28, 28), (offset + i) / 100, np.float32))
    """)
    children = [subprocess.Popen([sys.executable, "-c", writer, str(path), str(offset)]) for offset in (0, 50)]
    with SampleStore(path) as reader:  # a third connection reads while they write
        for _ in range(20):
            reader.count()
    assert [child.wait(timeout=300) for child in children] == [0, 0]
    with SampleStore(path) as store:
        assert store.count() == 80


def test_another_process_s_changes_are_noticed(tmp_path):
    path = tmp_path / "samples.sqlite3"
    with SampleStore(path) as window, SampleStore(path) as command_line:
        seen = window.outside_changes()
        command_line.add("5", image(5))
        assert window.outside_changes() != seen and window.count() == 1


def test_a_corrupt_file_is_reported_and_left_untouched(tmp_path):
    path = tmp_path / "samples.sqlite3"
    garbage = b"this is not a database\n" * 100
    path.write_bytes(garbage)
    with pytest.raises(StoreError, match="left untouched"):
        SampleStore(path)
    assert path.read_bytes() == garbage


def test_a_truncated_database_is_reported(tmp_path):
    path = tmp_path / "samples.sqlite3"
    with SampleStore(path) as store:
        for i in range(30):
            store.add("1", image(i))
        store._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 3] + b"\0" * 100)
    with pytest.raises(StoreError):
        with SampleStore(path) as store:
            store.samples()


def test_a_newer_schema_is_refused_without_writing(tmp_path):
    path = tmp_path / "samples.sqlite3"
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE future (x)")
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.commit()
    db.close()
    before = path.read_bytes()
    with pytest.raises(StoreError, match="newer DigitPad"):
        SampleStore(path)
    assert path.read_bytes() == before


def test_someone_else_s_sqlite_database_is_not_taken_over(tmp_path):
    path = tmp_path / "other.sqlite3"
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE notes (text)")
    db.commit()
    db.close()
    with pytest.raises(StoreError, match="not DigitPad's"):
        SampleStore(path)


def test_a_new_store_has_the_current_schema_and_wal(tmp_path):
    with SampleStore(tmp_path / "s.sqlite3") as store:
        assert store._db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert store._db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert store._db.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_a_folder_in_the_way_is_reported(tmp_path):
    (tmp_path / "samples.sqlite3").mkdir()
    with pytest.raises(StoreError, match="not a file"):
        SampleStore(tmp_path / "samples.sqlite3")
