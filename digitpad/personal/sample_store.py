"""The user's personal samples: digits they taught DigitPad, in an embedded SQLite database.

One file in the user data folder (`DIGITPAD_DATA_DIR` overrides it), shared by the window
and the command line. Why SQLite: a change is one transaction, so a process killed in the
middle leaves the store as it was; WAL mode lets one process read while another writes;
`PRAGMA user_version` carries the schema version that `_MIGRATIONS` upgrades step by step.
A damaged file, or one written by a newer DigitPad, is reported and never written to.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import hashlib
import json
import logging
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Iterator, Sequence

import numpy as np

from digitpad.base.errors import DigitPadError
from digitpad.base.paths import user_data_dir

SCHEMA_VERSION = 2
LABELS = tuple(str(d) for d in range(10))
BUSY_TIMEOUT_MS = 10_000  # another process holding the write lock: wait this long before giving up
MAX_SOURCE_IMAGE_BYTES = 256 * 1024  # a file sample keeps a small copy of its image, never a huge photo
IMAGE_BYTES = 28 * 28 * 4  # a sample's image: 28x28 float32
# Points of one sample's strokes in all: a digit drawn slowly on the pad has a few hundred; a
# bound keeps a crafted sample from becoming a 70 MB row.
MAX_STROKE_POINTS = 20_000

# Migration N upgrades a store of schema N - 1 to schema N (version 0 is an empty file).
_MIGRATIONS = {
    1: """
        CREATE TABLE samples (
            id INTEGER PRIMARY KEY,
            label TEXT NOT NULL,
            image28 BLOB NOT NULL,          -- what the model saw: 28x28 float32, row-major
            image_hash TEXT NOT NULL UNIQUE,
            strokes TEXT,                   -- pad samples: JSON [[[x, y, pressure], ...], ...] on a 56x56 canvas
            pen_width REAL,
            source_image BLOB,              -- file samples: a PNG copy of the image, at most 256 KB
            origin TEXT NOT NULL,           -- "pad", "file NAME", "import NAME"
            created TEXT NOT NULL,          -- ISO 8601, UTC
            predicted TEXT,                 -- what the model read before it was taught
            model_id TEXT                   -- that model's ONNX sha256
        );
        CREATE INDEX samples_by_label ON samples(label);
    """,
    # Each sample's embedding by one model, kept so that no process computes it again
    # (`digitpad.personal.personal_vectors`); a sample removed takes its vectors along.
    2: """
        CREATE TABLE embeddings (
            sample_id INTEGER NOT NULL REFERENCES samples(id) ON DELETE CASCADE,
            model_id TEXT NOT NULL,         -- the model's ONNX sha256
            vector BLOB NOT NULL,           -- the sample's embedding: float32, the model's embedding size
            variants BLOB,                  -- its jittered copies' embeddings, one after another (or NULL)
            PRIMARY KEY (sample_id, model_id)
        ) WITHOUT ROWID;
    """,
}


_COLUMNS = {
    "id",
    "label",
    "image28",
    "image_hash",
    "strokes",
    "pen_width",
    "source_image",
    "origin",
    "created",
    "predicted",
    "model_id",
}


class StoreError(DigitPadError):
    """The sample database cannot be opened or changed (corrupt, newer, locked, unwritable)."""


class UnknownSampleError(StoreError):
    """A sample id that is not in the store."""


@dataclass(frozen=True)
class Sample:
    id: int
    label: str
    image28: np.ndarray  # float32 (28, 28) in [0, 1]
    origin: str
    created: str
    predicted: str | None = None
    model_id: str | None = None
    strokes: list | None = None
    pen_width: float | None = None
    source_image: bytes | None = None  # PNG


def image_hash(image28: np.ndarray) -> str:
    return hashlib.sha256(_image_bytes(image28)).hexdigest()


def _image_bytes(image28: np.ndarray) -> bytes:
    image = np.ascontiguousarray(image28, dtype=np.float32)
    if image.shape != (28, 28):
        raise StoreError(f"a sample must be a 28x28 image, not {image.shape}")
    problem = image_problem(image)
    if problem is not None:
        raise StoreError(f"a sample's image must hold values in 0..1 ({problem})")
    return image.tobytes()


def image_problem(image: np.ndarray) -> str | None:
    """Why a 28x28 float32 image cannot be a sample's (NaN, infinite or out-of-range values), or None."""
    if not np.isfinite(image).all():
        return "it holds NaN or infinite values"
    if image.min() < 0.0 or image.max() > 1.0:
        return f"it holds values from {image.min():.3g} to {image.max():.3g}"
    return None


def row_problem(label, image_blob) -> str | None:
    """Why a stored row cannot be used (a label or image written by something other than this
    module: another program, a damaged file), or None."""
    if not isinstance(label, str) or label not in LABELS:
        return f"its label {label!r} is not a digit 0-9"
    if not isinstance(image_blob, bytes) or len(image_blob) != IMAGE_BYTES:
        return "its image is not a 28x28 float32 image"
    problem = image_problem(np.frombuffer(image_blob, np.float32))
    return f"its image is damaged ({problem})" if problem else None


def valid_strokes(strokes) -> bool:
    """Lists of [x, y] or [x, y, pressure] points with plausible values, MAX_STROKE_POINTS at most."""
    return (
        isinstance(strokes, list)
        and len(strokes) <= 1000
        and sum(len(stroke) if isinstance(stroke, list) else 0 for stroke in strokes) <= MAX_STROKE_POINTS
        and all(
            isinstance(stroke, list)
            and all(
                isinstance(point, list)
                and 2 <= len(point) <= 3
                and all(isinstance(v, (int, float)) and not isinstance(v, bool) and abs(v) < 1e6 for v in point)
                for point in stroke
            )
            for stroke in strokes
        )
    )


def _stored_strokes(text) -> list | None:
    """A row's strokes, or None where they are missing or damaged (the sample's image still serves)."""
    if not text:
        return None
    try:
        strokes = json.loads(text)
    except (ValueError, TypeError, RecursionError):
        return None
    return strokes if valid_strokes(strokes) else None


def _text(value, missing: str | None = "") -> str | None:
    """A TEXT column as text, whatever another program stored there (bytes, a number, NULL)."""
    if value is None:
        return missing
    return _lenient_text(value) if isinstance(value, bytes) else str(value)


def _lenient_text(raw: bytes) -> str:
    """TEXT columns as str even where another program wrote bytes that are not UTF-8."""
    return raw.decode("utf-8", "replace")


def check_label(label) -> str:
    label = str(label).strip()
    if label not in LABELS:
        raise StoreError(f"a sample's label is a digit 0-9, not {label!r}")
    return label


def default_store_path() -> Path:
    return user_data_dir() / "personal-samples.sqlite3"


class SampleStore:
    """The samples in one database file. Every change is a single transaction."""

    def __init__(self, path: str | Path | None = None):
        self.path = Path(path) if path is not None else default_store_path()
        # Rows that cannot be used (written by another program, or damaged), by id: the reason.
        # They are skipped wherever samples are read, and shown by `digitpad samples list`.
        self.damaged: dict[int, str] = {}
        self._db = self._connect()

    # ------------------------------------------------------------ opening

    def _connect(self) -> sqlite3.Connection:
        if self.path.exists() and not self.path.is_file():
            raise StoreError(f"{self.path}: is not a file")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            # Autocommit mode: transactions are opened explicitly (BEGIN IMMEDIATE) where data changes.
            db = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
        except (OSError, sqlite3.Error) as exc:
            raise StoreError(f"{self.path}: cannot open the sample database ({exc})") from None
        db.text_factory = _lenient_text
        try:
            version = db.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:  # checked before anything could write to it
                raise StoreError(
                    f"{self.path}: written by a newer DigitPad (schema {version}); "
                    f"this version reads schema {SCHEMA_VERSION} and leaves the file as it is"
                )
            db.execute("PRAGMA foreign_keys = ON")
            if version >= 1:
                self._check_schema(db)  # before a migration writes to it: the version alone could be anyone's
            if version < SCHEMA_VERSION:
                self._migrate(db, version)
            self._check_schema(db)  # before WAL mode: a foreign file is left exactly as it was
            if db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                db.execute("PRAGMA journal_mode = WAL")
            db.execute("SELECT count(*) FROM samples").fetchone()
        except sqlite3.DatabaseError as exc:
            db.close()
            if _read_only(exc):
                raise StoreError(
                    f"{self.path}: cannot be written (a read-only file or folder); it was left untouched"
                ) from None
            raise StoreError(
                f"{self.path}: not a readable DigitPad sample database ({exc}); it was left untouched"
            ) from None
        except StoreError:
            db.close()
            raise
        return db

    def _check_schema(self, db: sqlite3.Connection) -> None:
        """StoreError unless the file holds DigitPad's samples table (its version number alone
        could be any program's)."""
        columns = {row[1] for row in db.execute("PRAGMA table_info(samples)")}
        if not _COLUMNS <= columns:
            raise StoreError(f"{self.path}: an SQLite database, but not DigitPad's; it was left untouched")

    def _migrate(self, db: sqlite3.Connection, version: int) -> None:
        if version == 0 and db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
            raise StoreError(f"{self.path}: an SQLite database, but not DigitPad's; it was left untouched")
        db.execute("BEGIN IMMEDIATE")
        try:
            # Another process may have migrated it while we waited for the lock.
            current = db.execute("PRAGMA user_version").fetchone()[0]
            for step in range(current + 1, SCHEMA_VERSION + 1):
                for statement in _MIGRATIONS[step].split(";"):
                    if statement.strip():
                        db.execute(statement)
                db.execute(f"PRAGMA user_version = {step}")
            db.execute("COMMIT")
        except BaseException:
            _roll_back(db)
            raise

    def close(self) -> None:
        self._db.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # ------------------------------------------------------------ reading

    def outside_changes(self) -> int:
        """A number that changes whenever another connection (e.g. the CLI) commits to the file."""
        return self._read("PRAGMA data_version")[0][0]

    def count(self) -> int:
        return self._read("SELECT count(*) FROM samples")[0][0]

    def counts_by_label(self) -> dict[str, int]:
        counts = dict.fromkeys(LABELS, 0)
        counts.update(
            (label, n)
            for label, n in self._read("SELECT label, count(*) FROM samples GROUP BY label")
            if label in LABELS
        )  # a damaged row's label may be anything
        return counts

    def samples(self, label: str | None = None, with_blobs: bool = False) -> list[Sample]:
        """All usable samples (or one label's), oldest first; `with_blobs` adds strokes and source
        images. Damaged rows are left out (see `damaged`)."""
        columns = "id, label, image28, origin, created, predicted, model_id"
        if with_blobs:
            columns += ", strokes, pen_width, source_image"
        where, args = ("WHERE label = ?", (check_label(label),)) if label is not None else ("", ())
        rows = self._read(f"SELECT {columns} FROM samples {where} ORDER BY id", args)
        return [self._sample(row, with_blobs) for row in rows if self._usable(row[0], row[1], row[2])]

    def get(self, sample_id: int) -> Sample:
        rows = self._read(
            "SELECT id, label, image28, origin, created, predicted, model_id, strokes, pen_width, "
            "source_image FROM samples WHERE id = ?",
            (_sql_id(sample_id),),
        )
        if not rows:
            raise UnknownSampleError(f"no sample with id {sample_id}")
        if not self._usable(*rows[0][:3]):
            raise StoreError(f"{self.path}: sample {sample_id} is damaged ({self.damaged[sample_id]})")
        return self._sample(rows[0], True)

    def training_arrays(self) -> tuple[np.ndarray, np.ndarray]:
        """Images (N, 28, 28) float32 and labels (N,) int64 of every usable sample, oldest first."""
        rows = [row for row in self._read("SELECT id, label, image28 FROM samples ORDER BY id") if self._usable(*row)]
        images = np.array([np.frombuffer(blob, np.float32).reshape(28, 28) for _, _, blob in rows], np.float32)
        return images.reshape(-1, 28, 28), np.array([int(label) for _, label, _ in rows], np.int64)

    def find_damaged(self) -> dict[int, str]:
        """Every row that cannot be used, by id, with the reason (also kept in `damaged`)."""
        for row in self._read("SELECT id, label, image28 FROM samples ORDER BY id"):
            self._usable(*row)
        return dict(self.damaged)

    def embedding_rows(self, model_id: str, with_variants: bool) -> list[tuple]:
        """(id, label, vector blob or None, variants blob or None) of every row, oldest first:
        what is kept of one model's embeddings (`digitpad.personal.personal_vectors`)."""
        variants = "e.variants" if with_variants else "NULL"
        return self._read(
            f"SELECT s.id, s.label, e.vector, {variants} FROM samples s LEFT JOIN embeddings e "
            "ON e.sample_id = s.id AND e.model_id = ? ORDER BY s.id",
            (model_id,),
        )

    def usable_images(self, sample_ids: Sequence[int]) -> dict[int, np.ndarray]:
        """The images of these samples, damaged rows left out (and recorded in `damaged`)."""
        images = {}
        for start in range(0, len(sample_ids), 500):  # SQLite's limit on parameters is 999 in old versions
            chunk = [int(i) for i in sample_ids[start : start + 500]]
            for row in self._read(
                f"SELECT id, label, image28 FROM samples WHERE id IN ({','.join('?' * len(chunk))})", tuple(chunk)
            ):
                if self._usable(*row):
                    images[row[0]] = np.frombuffer(row[2], np.float32).reshape(28, 28)
        return images

    def save_embeddings(self, model_id: str, rows: Sequence[tuple[int, bytes, bytes | None]]) -> None:
        """Keep (sample id, vector, variants) of one model, in one transaction."""
        self._write(
            [
                (
                    "INSERT OR REPLACE INTO embeddings (sample_id, model_id, vector, variants) VALUES (?, ?, ?, ?)",
                    (sample_id, model_id, vector, variants),
                )
                for sample_id, vector, variants in rows
            ]
        )

    def _usable(self, sample_id: int, label, image_blob) -> bool:
        """Whether a row can be used; a damaged one is recorded in `damaged` and logged once."""
        problem = row_problem(label, image_blob)
        if problem is None:
            self.damaged.pop(sample_id, None)
            return True
        if sample_id not in self.damaged:
            logging.getLogger(__name__).warning("%s: sample %s skipped: %s", self.path, sample_id, problem)
        self.damaged[sample_id] = problem
        return False

    def find(self, image28: np.ndarray) -> int | None:
        rows = self._read("SELECT id FROM samples WHERE image_hash = ?", (image_hash(image28),))
        return rows[0][0] if rows else None

    @staticmethod
    def _sample(row, with_blobs: bool) -> Sample:
        extra: dict[str, Any] = {}
        if with_blobs:
            strokes, pen_width, source_image = row[7:10]
            extra = dict(
                strokes=_stored_strokes(strokes),
                pen_width=pen_width if isinstance(pen_width, (int, float)) else None,
                source_image=source_image if isinstance(source_image, bytes) else None,
            )
        return Sample(
            row[0],
            row[1],
            np.frombuffer(row[2], np.float32).reshape(28, 28).copy(),
            _text(row[3]) or "",
            _text(row[4]) or "",
            _text(row[5], None),
            _text(row[6], None),
            **extra,
        )

    def _read(self, sql: str, args: tuple = ()) -> list:
        try:
            return self._db.execute(sql, args).fetchall()
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path}: cannot read the samples ({exc})") from None

    # ------------------------------------------------------------ changing

    @contextlib.contextmanager
    def _transaction(self, what: str) -> Iterator[sqlite3.Connection]:
        """One write transaction: everything inside it is stored, or (on any error) nothing."""
        try:
            self._db.execute("BEGIN IMMEDIATE")  # waits up to BUSY_TIMEOUT_MS for another process
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path}: cannot {what} ({exc})") from None
        try:
            yield self._db
            self._db.execute("COMMIT")
        except sqlite3.DatabaseError as exc:
            _roll_back(self._db)
            raise StoreError(f"{self.path}: cannot {what} ({exc})") from None
        except BaseException:
            _roll_back(self._db)
            raise

    def _write(self, statements: Iterable[tuple[str, tuple]]) -> list[sqlite3.Cursor]:
        with self._transaction("change the samples") as db:
            return [db.execute(sql, args) for sql, args in statements]

    def add(
        self,
        label,
        image28: np.ndarray,
        origin: str = "pad",
        *,
        strokes: Sequence | None = None,
        pen_width: float | None = None,
        source_image: bytes | None = None,
        predicted: str | None = None,
        model_id: str | None = None,
    ) -> int:
        """Store one sample; the same image taught again only changes its label. Returns its id."""
        (sample_id,) = self.add_many(
            [
                dict(
                    label=label,
                    image28=image28,
                    origin=origin,
                    strokes=strokes,
                    pen_width=pen_width,
                    source_image=source_image,
                    predicted=predicted,
                    model_id=model_id,
                )
            ],
            relabel_existing=True,
        )
        assert sample_id is not None  # (relabel_existing: an image already stored is relabelled, never skipped)
        return sample_id

    def add_many(self, samples: Sequence[dict], relabel_existing: bool = False) -> list[int | None]:
        """Store several samples in one transaction. An image already stored is skipped (None in
        its place), or given the new label with `relabel_existing`."""
        now = _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds")
        rows = []
        for sample in samples:
            image = _image_bytes(sample["image28"])
            source = sample.get("source_image")
            if source is not None and len(source) > MAX_SOURCE_IMAGE_BYTES:
                source = None  # the 28x28 image is what matters; a huge copy would bloat the store
            strokes = sample.get("strokes")
            try:
                strokes = _plain_strokes(strokes) if strokes else None
            except (TypeError, ValueError):
                strokes = False  # refused below
            if strokes is not None and not valid_strokes(strokes):
                raise StoreError(f"a sample's strokes must be at most {MAX_STROKE_POINTS:,} points of plausible values")
            rows.append(
                (
                    check_label(sample["label"]),
                    image,
                    hashlib.sha256(image).hexdigest(),
                    json.dumps(strokes) if strokes else None,
                    sample.get("pen_width"),
                    source,
                    str(sample.get("origin") or "pad")[:200],
                    sample.get("created") or now,
                    sample.get("predicted"),
                    sample.get("model_id"),
                )
            )
        on_conflict = "DO UPDATE SET label = excluded.label" if relabel_existing else "DO NOTHING"
        sql = (
            "INSERT INTO samples (label, image28, image_hash, strokes, pen_width, source_image, origin, created, "
            f"predicted, model_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(image_hash) {on_conflict} "
            "RETURNING id"
        )
        ids: list[int | None] = []
        with self._transaction("store the samples") as db:
            for row in rows:
                found = db.execute(sql, row).fetchall()  # RETURNING: empty when the image was skipped
                ids.append(found[0][0] if found else None)
        return ids

    def relabel(self, sample_ids: Iterable[int], label) -> None:
        label = check_label(label)
        ids = self._existing(sample_ids)
        self._write([("UPDATE samples SET label = ? WHERE id = ?", (label, i)) for i in ids])

    def remove(self, sample_ids: Iterable[int]) -> list[Sample]:
        """Delete samples; returns the usable ones in full, so that the deletion can be undone with
        `restore` (a damaged row is deleted for good: there is nothing to restore)."""
        ids = self._existing(sample_ids)
        removed = (
            [
                self._sample(row, True)
                for row in self._read(
                    "SELECT id, label, image28, origin, created, predicted, model_id, strokes, pen_width, source_image "
                    f"FROM samples WHERE id IN ({','.join('?' * len(ids))})",
                    tuple(ids),
                )
                if self._usable(*row[:3])
            ]
            if ids
            else []
        )
        self._write([("DELETE FROM samples WHERE id = ?", (i,)) for i in ids])
        for i in ids:
            self.damaged.pop(i, None)
        return removed

    def restore(self, samples: Sequence[Sample]) -> None:
        """Put removed samples back with their ids (undo)."""
        self._write(
            [
                (
                    "INSERT OR REPLACE INTO samples (id, label, image28, image_hash, strokes, pen_width, "
                    "source_image, origin, created, predicted, model_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        s.id,
                        s.label,
                        _image_bytes(s.image28),
                        image_hash(s.image28),
                        json.dumps(s.strokes) if s.strokes else None,
                        s.pen_width,
                        s.source_image,
                        s.origin,
                        s.created,
                        s.predicted,
                        s.model_id,
                    ),
                )
                for s in samples
            ]
        )

    def clear(self) -> int:
        """Delete every sample; returns how many there were."""
        return self._write([("DELETE FROM samples", ())])[0].rowcount

    def _existing(self, sample_ids: Iterable[int]) -> list[int]:
        ids = [_sql_id(i) for i in sample_ids]
        known = (
            {
                row[0]
                for row in self._read(f"SELECT id FROM samples WHERE id IN ({','.join('?' * len(ids))})", tuple(ids))
            }
            if ids
            else set()
        )
        missing = [i for i in ids if i not in known]
        if missing:
            raise UnknownSampleError(f"no sample with id {', '.join(map(str, missing))}")
        return ids


def _sql_id(sample_id) -> int:
    """An id as SQLite can compare it: one past its 64-bit range is simply no sample's."""
    sample_id = int(sample_id)
    if not -(2**63) <= sample_id < 2**63:
        raise UnknownSampleError(f"no sample with id {sample_id}")
    return sample_id


def _roll_back(db: sqlite3.Connection) -> None:
    """Undo the open transaction, if SQLite has not already (it rolls back by itself on a full
    disk, and a second ROLLBACK would replace the real error with "no transaction is active")."""
    if db.in_transaction:
        try:
            db.execute("ROLLBACK")
        except sqlite3.Error:
            pass  # the connection is gone or the disk failed: SQLite's journal restores the file


def _read_only(exc: sqlite3.Error) -> bool:
    return "readonly" in str(exc) or "read-only" in str(exc)


def _plain_strokes(strokes) -> list:
    """Strokes as JSON-ready lists of [x, y, pressure] rounded to 1/1000 of a canvas unit."""
    return [[[round(float(v), 3) for v in point] for point in stroke] for stroke in strokes]
