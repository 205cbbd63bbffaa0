"""Each sample's vectors are kept with it in the store (issue 21): computed once per model, never
again in the next process; teaching embeds only the new sample; a removed sample takes them along;
past VARIANT_SAMPLES samples the jittered copies are left out."""

import sqlite3

import numpy as np
import pytest

import digitpad
from digitpad.personal import personal_vectors
from digitpad.personal.adaptation import SAMPLE_VARIANTS
from digitpad.personal.sample_store import SCHEMA_VERSION, SampleStore


@pytest.fixture
def images(mnist):
    return mnist.x_test[:40].astype(np.float32) / 255.0


@pytest.fixture
def store(tmp_path, images, mnist):
    with SampleStore(tmp_path / "samples.sqlite3") as opened:
        opened.add_many([dict(label=str(mnist.y_test[i]), image28=images[i]) for i in range(20)])
        yield opened


def counting_embeddings(recognizer) -> list:
    """Record how many images each call of `recognizer.embeddings` is given."""
    calls, real = [], recognizer.embeddings
    recognizer.embeddings = lambda batch: calls.append(len(batch)) or real(batch)
    return calls


def embedding_count(store) -> int:
    return store._db.execute("SELECT count(*) FROM embeddings").fetchone()[0]


def test_vectors_are_computed_once_and_read_the_same_from_the_store(store, images):
    first = digitpad.load_recognizer()
    first.attach_store(store)  # embeds the 20 samples and their copies, and keeps them
    assert embedding_count(store) == 20 and first.personal_sample_count == 20
    expected = first.probabilities(images[20:])

    second = digitpad.load_recognizer()
    calls = counting_embeddings(second)
    second.samples._reference = first.samples._reference  # (the generic digits have a cache of their own)
    second.attach_store(store)
    assert calls == [] and second.personal_sample_count == 20
    np.testing.assert_allclose(second.probabilities(images[20:]), expected, atol=1e-6)


def test_teaching_embeds_only_the_new_sample(store, images):
    recognizer = digitpad.load_recognizer()
    recognizer.attach_store(store)
    calls = counting_embeddings(recognizer)
    recognizer.teach(images[30], "5")
    assert calls == [1 + SAMPLE_VARIANTS]  # the sample and its jittered copies, no other
    assert recognizer.personal_sample_count == 21 and embedding_count(store) == 21
    recognizer.teach(images[30], "6")  # the same drawing again: relabelled, not added
    assert recognizer.personal_sample_count == 21 and recognizer.predict_image28(images[30]).label == "6"


def test_a_removed_sample_takes_its_vectors_along(store):
    digitpad.load_recognizer().attach_store(store)
    store.remove([store.samples()[0].id])
    assert embedding_count(store) == 19


def test_each_model_keeps_vectors_of_its_own(store, tmp_path):
    digitpad.load_recognizer().attach_store(store)
    models = {row[0] for row in store._db.execute("SELECT DISTINCT model_id FROM embeddings")}
    assert models == {digitpad.load_recognizer().model_id}


def test_past_the_limit_the_copies_are_left_out(store, monkeypatch):
    monkeypatch.setattr(personal_vectors, "VARIANT_SAMPLES", 10)
    recognizer = digitpad.load_recognizer()
    recognizer.attach_store(store)
    assert len(recognizer.personal) == 20  # one vector a sample, not nine
    assert not recognizer.samples.stored.with_variants


def test_a_store_of_the_first_schema_is_upgraded_with_its_samples(tmp_path, images):
    path = tmp_path / "old.sqlite3"
    with SampleStore(path) as store:
        store.add("7", images[0])
    db = sqlite3.connect(path)
    db.execute("DROP TABLE embeddings")
    db.execute("PRAGMA user_version = 1")
    db.commit()
    db.close()
    with SampleStore(path) as store:
        assert store._db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 2
        assert store.count() == 1 and embedding_count(store) == 0
