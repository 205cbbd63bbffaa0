"""One bad row never breaks everything: damaged rows, a full disk, a held lock, foreign files,
absurd ids (issue 21). Each damaged row is skipped, counted and shown; the rest keep working."""

import logging
import sqlite3

import numpy as np
import pytest

from digitpad.personal import sample_store
from digitpad.personal.sample_store import SampleStore, StoreError, UnknownSampleError, default_store_path
from tests.cli.cli_helpers import one_line_error, run


def image(seed: int) -> np.ndarray:
    return np.random.default_rng(seed).random((28, 28), dtype=np.float32)


GOOD = image(0)
# What another program (or a damaged file) may have left in a row, by what it breaks.
DAMAGE = {
    "wrong-size image": {"image28": b"\x00" * 100},
    "text image": {"image28": "not an image"},
    "label x": {"label": "x"},
    "label 10": {"label": "10"},
    "NaN image": {"image28": np.full((28, 28), np.nan, np.float32).tobytes()},
    "float32-max image": {"image28": np.full((28, 28), np.finfo(np.float32).max, np.float32).tobytes()},
}


def write_raw_row(path, number: int, **changes) -> None:
    """A row written past SampleStore's checks, as sqlite3 on the command line would."""
    row = dict(
        label="3",
        image28=image(100 + number).tobytes(),
        image_hash=f"raw-{number}",
        strokes=None,
        origin="pad",
        created="2026-11-30T00:00:00+00:00",
    )
    row.update(changes)
    db = sqlite3.connect(path)
    db.execute(f"INSERT INTO samples ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})", tuple(row.values()))
    db.commit()
    db.close()


@pytest.fixture
def damaged_store():
    """The user's store: one good sample, then one row of each kind of damage."""
    path = default_store_path()
    with SampleStore(path) as store:
        store.add("7", GOOD)
    for number, changes in enumerate(DAMAGE.values()):
        write_raw_row(path, number, **changes)
    return path


def test_damaged_rows_are_skipped_counted_and_named(damaged_store):
    with SampleStore(damaged_store) as store:
        assert [s.label for s in store.samples()] == ["7"]
        images, labels = store.training_arrays()
        assert images.shape == (1, 28, 28) and labels.tolist() == [7]
        damaged = store.find_damaged()
        assert len(damaged) == len(DAMAGE)
        assert any("not a digit" in reason for reason in damaged.values())
        assert any("NaN" in reason for reason in damaged.values())
        with pytest.raises(StoreError, match="damaged"):
            store.get(max(damaged))
        store.remove(list(damaged))  # a damaged row can still be removed
        assert store.find_damaged() == {} and store.count() == 1


def test_reading_and_teaching_work_beside_damaged_rows(capsys, damaged_store, digits):
    code, out, err = run(capsys, "predict", str(digits / "d0.png"))
    assert code == 0 and out.startswith(str(digits / "d0.png") + ": 7")
    assert "6 damaged samples skipped" in one_line_error(err)

    code, out, err = run(capsys, "read", str(digits / "d1.png"))
    assert code == 0 and ": 2 (" in out

    code, out, err = run(capsys, "teach", "--label", "2", str(digits / "d1.png"))
    assert code == 0 and "taught 1 sample of 2" in out

    code, out, err = run(capsys, "samples", "list")
    assert code == 0 and err == ""
    assert out.count("damaged:") == len(DAMAGE) and "6 damaged rows skipped" in out.splitlines()[-1]
    assert out.splitlines()[-1].startswith("2 samples")


def test_odd_text_and_strokes_cost_nothing(capsys, tmp_path):
    path = default_store_path()
    SampleStore(path).close()
    write_raw_row(path, 1, origin=b"file \xff\xfe.png".decode("latin-1").encode("latin-1"))  # not UTF-8
    db = sqlite3.connect(path)
    db.execute("UPDATE samples SET origin = CAST(? AS TEXT)", (b"file \xff\xfe.png",))
    db.commit()
    db.close()
    write_raw_row(path, 2, strokes="[[[1, 2, 0.5], [3, 4")  # cut short
    write_raw_row(path, 3, strokes='{"not": "strokes"}')
    write_raw_row(path, 4, origin=b"\xff\xfe", predicted=7)  # a blob and a number where text belongs
    code, out, err = run(capsys, "samples", "list")
    assert code == 0 and err == "" and out.splitlines()[-1].startswith("4 samples")
    code, out, err = run(capsys, "samples", "export", str(tmp_path / "backup.zip"))
    assert code == 0 and "exported 4 samples" in out


@pytest.mark.parametrize(
    "picture", [np.full((28, 28), 2.0), np.full((28, 28), np.finfo(np.float32).max), np.full((28, 28), -0.5)]
)
def test_images_outside_0_to_1_are_refused_when_written(tmp_path, picture):
    with SampleStore(tmp_path / "s.sqlite3") as store:
        with pytest.raises(StoreError, match="0..1"):
            store.add("1", picture)
        assert store.count() == 0


def test_a_strokes_bomb_is_refused(tmp_path):
    bomb = [[(1.0, 2.0, 0.5)] * 5000] * 10
    with SampleStore(tmp_path / "s.sqlite3") as store:
        with pytest.raises(StoreError, match="strokes"):
            store.add("1", GOOD, strokes=bomb)
        assert store.count() == 0


def full_disk(store: SampleStore) -> SampleStore:
    """The store's file may not grow by a page: SQLite answers "database or disk is full" and
    rolls the transaction back by itself, as on a full disk."""
    pages = store._db.execute("PRAGMA page_count").fetchone()[0]
    store._db.execute(f"PRAGMA max_page_count = {pages}")
    return store


def test_a_full_disk_is_one_clear_error_and_the_store_stays_as_it_was(tmp_path):
    with SampleStore(tmp_path / "s.sqlite3") as store:
        store.add("1", GOOD)
        full_disk(store)
        with pytest.raises(StoreError, match="full"):
            store.add_many([dict(label=str(i % 10), image28=image(i)) for i in range(1, 200)])
        assert store.count() == 1
        assert not store._db.in_transaction


def test_teach_on_a_full_disk_stops_with_a_summary(capsys, monkeypatch, digits):
    SampleStore(default_store_path()).close()
    monkeypatch.setattr("digitpad.cli.common.open_store", lambda: full_disk(SampleStore()))
    files = [str(digits / f"d{i}.png") for i in range(3)] * 3
    code, out, err = run(capsys, "teach", "--label", "5", *files)
    assert code == 1 and "full" in one_line_error(err) and "cannot rollback" not in err
    assert out.strip() == "taught 0 samples of 5; stopped: 9 files not taught"


def test_teach_waits_for_a_held_lock_once_then_stops(capsys, monkeypatch, digits):
    monkeypatch.setattr(sample_store, "BUSY_TIMEOUT_MS", 200)
    SampleStore(default_store_path()).close()
    holder = sqlite3.connect(default_store_path(), isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        code, out, err = run(capsys, "teach", "--label", "5", *[str(digits / f"d{i}.png") for i in range(3)])
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert code == 1 and "locked" in one_line_error(err)
    assert "stopped: 3 files not taught" in out


def test_a_log_file_that_cannot_be_written_stays_quiet(tmp_path, capsys):
    from digitpad.base.logs import _QuietFileHandler

    handler = _QuietFileHandler(tmp_path / "gone" / "digitpad.log", delay=True)  # its folder does not exist
    record = logging.LogRecord("digitpad", logging.ERROR, __file__, 1, "a bug", None, None)
    handler.handle(record)
    assert capsys.readouterr().err == ""


def test_a_foreign_database_of_version_1_is_left_exactly_as_it_was(tmp_path):
    path = tmp_path / "other.sqlite3"
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE notes (text)")
    db.execute("PRAGMA user_version = 1")
    db.commit()
    db.close()
    before = path.read_bytes()
    with pytest.raises(StoreError, match="not DigitPad's"):
        SampleStore(path)
    assert path.read_bytes() == before
    assert sqlite3.connect(path).execute("PRAGMA journal_mode").fetchone()[0] != "wal"


def test_an_id_beyond_sqlite_s_range_is_simply_unknown(capsys, tmp_path):
    with SampleStore(default_store_path()) as store:
        store.add("1", GOOD)
        with pytest.raises(UnknownSampleError):
            store.remove([10**30])
    code, out, err = run(capsys, "samples", "remove", str(10**30))
    assert code == 1 and "no sample with id" in one_line_error(err)


def test_a_store_that_cannot_be_written_is_named_so(tmp_path, monkeypatch):
    """As in a read-only folder (tests run as root here, where permissions do not bite): a
    store that needs its upgrade is refused as read-only; one that does not is read, and a
    change is one line."""
    path = tmp_path / "s.sqlite3"
    with SampleStore(path) as store:
        store.add("1", GOOD)
    real_connect = sqlite3.connect
    monkeypatch.setattr(
        sample_store.sqlite3, "connect", lambda target, **kw: real_connect(f"file:{target}?mode=ro", uri=True, **kw)
    )
    with SampleStore(path) as store:
        assert store.count() == 1
        with pytest.raises(StoreError, match="readonly"):
            store.add("2", image(2))
    db = real_connect(path)
    db.execute("DROP TABLE embeddings")
    db.execute("PRAGMA user_version = 1")
    db.commit()
    db.close()
    with pytest.raises(StoreError, match="read-only file or folder"):
        SampleStore(path)
