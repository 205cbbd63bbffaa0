"""Replacing a model is safe at every moment: a save killed between its renames, a full
disk or a read-only library leaves a whole model (old or new) and one clear line."""

import errno
import os
import shutil
import time

import pytest

from digitpad.base.errors import DigitPadError, ModelError
from digitpad.base.paths import bundled_model_path, user_models_dir
from digitpad.inference.modelfile import (
    STALE_STAGING_S,
    check_keras_file,
    install_model,
    model_paths,
    staging_folder,
    verified_metadata,
)
from digitpad.library import read_library, save_to_library
from digitpad.recognizer import Recognizer
from tests.hostile_models import digit_model, write_model


class Killed(BaseException):
    """Stands for a kill -9: nothing after it runs, not even `except Exception` handlers."""


def staged_trio(folder, name, onnx_source):
    folder.mkdir(parents=True, exist_ok=True)
    staged = model_paths(folder / name)
    shutil.copyfile(onnx_source, staged["onnx"])
    staged["keras"].write_bytes(f"keras file of {name}".encode())
    return staged


@pytest.mark.parametrize("kill_at", [1, 2, 3, 4])
def test_a_save_killed_at_any_rename_leaves_a_whole_model(tmp_path, monkeypatch, kill_at):
    target = model_paths(tmp_path / "library" / "mine")
    target["json"].parent.mkdir()
    new_onnx = write_model(tmp_path, "foreign", digit_model())
    bundled_meta = verified_metadata(bundled_model_path())
    install_model(staged_trio(tmp_path / "a", "old", bundled_model_path()), target, {**bundled_meta, "name": "old"})
    old_hash = verified_metadata(target["onnx"])["onnx_sha256"]

    real_replace, calls = os.replace, []

    def replace_then_die(src, dst):
        calls.append(dst)
        if len(calls) == kill_at:
            raise Killed
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", replace_then_die)
    with pytest.raises(Killed):
        install_model(
            staged_trio(tmp_path / "b", "new", new_onnx),
            target,
            {"format": "digitpad-model", "name": "new", "embedding_size": None},
        )
    monkeypatch.setattr(os, "replace", real_replace)

    meta = verified_metadata(target["onnx"])  # whole: the .onnx file matches the metadata it gets
    assert meta["name"] == ("old" if meta["onnx_sha256"] == old_hash else "new")
    assert "previous" not in meta
    Recognizer(target["onnx"])
    try:  # the .keras file is either right or said to be wrong, never silently mismatched
        check_keras_file(target["keras"], meta)
    except ModelError as exc:
        assert "does not match its metadata" in str(exc)


def test_saving_over_a_model_twice_keeps_one_whole_model_and_no_staging_left(tmp_path):
    for name in ("first", "second"):
        save_to_library(bundled_model_path(), "same", overwrite=True)
    models, skipped = read_library()
    assert [m.name for m in models] == ["same"] and skipped == []
    assert sorted(p.name for p in user_models_dir().iterdir()) == ["same.json", "same.keras", "same.onnx"]


def test_staging_folders_left_by_killed_saves_are_cleaned_up(tmp_path):
    stale = tmp_path / ".saving-abc123"
    stale.mkdir()
    (stale / "model.onnx").write_bytes(b"half")
    fresh = tmp_path / ".saving-def456"  # perhaps another process's save, still running
    fresh.mkdir()
    old = time.time() - STALE_STAGING_S - 60
    os.utime(stale, (old, old))
    with staging_folder(tmp_path):
        pass
    assert not stale.exists() and fresh.exists()


def test_a_full_disk_during_save_is_one_line_and_keeps_the_old_model(monkeypatch):
    saved = save_to_library(bundled_model_path(), "keep me")
    before = saved.read_bytes()

    def no_space(src, dst, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device", str(dst))

    monkeypatch.setattr(shutil, "copyfile", no_space)
    with pytest.raises(DigitPadError, match="cannot save 'keep me' to the model library .*no space left") as error:
        save_to_library(bundled_model_path(), "keep me", overwrite=True)
    assert "\n" not in str(error.value)
    assert saved.read_bytes() == before and Recognizer(saved).name == "keep me"
    assert not [p for p in user_models_dir().iterdir() if p.name.startswith(".saving-")]


def test_a_read_only_library_or_a_file_in_its_place_is_one_line(tmp_path, monkeypatch):
    user_models_dir().parent.mkdir(parents=True, exist_ok=True)
    user_models_dir().write_text("a file where the library folder should be")
    with pytest.raises(DigitPadError, match="cannot save 'x' to the model library"):
        save_to_library(bundled_model_path(), "x")

    def read_only(*args, **kwargs):
        raise OSError(errno.EROFS, "Read-only file system", str(tmp_path / "lib"))

    monkeypatch.setattr("digitpad.inference.modelfile.tempfile.TemporaryDirectory", read_only)
    with pytest.raises(DigitPadError, match="read-only file system"):
        save_to_library(bundled_model_path(), "x", folder=tmp_path / "lib")


def test_the_library_reports_entries_it_skips(tmp_path):
    folder = user_models_dir()
    save_to_library(bundled_model_path(), "good")
    (folder / "junk.onnx").write_bytes(b"junk")
    (folder / "typed.onnx").write_bytes(b"x")
    (folder / "typed.json").write_text(
        '{"format": "digitpad-model", "onnx_sha256": "%s", "test_accuracy": "0.99"}' % ("0" * 64)
    )
    models, skipped = read_library()
    assert [m.name for m in models] == ["good"]
    assert len(skipped) == 2 and any("test_accuracy" in line for line in skipped)


def test_saved_files_get_the_users_usual_permissions(tmp_path):
    import stat

    from digitpad.base.atomic import write_text_atomic

    previous = os.umask(0o022)
    try:
        write_text_atomic(tmp_path / "export.csv", "a,b\n")
        saved = save_to_library(bundled_model_path(), "shared", folder=tmp_path / "lib")
    finally:
        os.umask(previous)
    assert stat.S_IMODE((tmp_path / "export.csv").stat().st_mode) == 0o644  # not mkstemp's 0600
    assert {stat.S_IMODE(p.stat().st_mode) for p in model_paths(saved).values()} == {0o644}
    (tmp_path / "export.csv").chmod(0o600)  # a file the user made private stays private when replaced
    write_text_atomic(tmp_path / "export.csv", "c,d\n")
    assert stat.S_IMODE((tmp_path / "export.csv").stat().st_mode) == 0o600
