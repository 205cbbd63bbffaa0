import json
import re
import shutil

from digitpad.base.paths import bundled_model_path, user_models_dir
from digitpad.library import is_bundled, saved_models


def test_saved_models_lists_readable_models_and_skips_broken_ones():
    folder = user_models_dir()  # a temporary folder in tests (DIGITPAD_DATA_DIR)
    folder.mkdir(parents=True)
    for ext in ("keras", "onnx", "json"):
        shutil.copy(bundled_model_path().with_suffix(f".{ext}"), folder / f"mine.{ext}")
    (folder / "broken.onnx").write_bytes(b"x")
    (folder / "broken.json").write_text("{")
    models = saved_models()
    assert [m.name for m in models] == ["mine"]
    meta = json.loads((folder / "mine.json").read_text())
    assert models[0].test_accuracy == meta["test_accuracy"] and models[0].architecture == meta["architecture"]
    assert is_bundled(bundled_model_path()) and not is_bundled(models[0].path)


def test_no_library_folder_means_no_saved_models():
    assert saved_models() == []


def test_save_to_library_copies_the_trio_under_a_new_name(tmp_path):
    import pytest

    from digitpad.base.errors import DigitPadError
    from digitpad.library import save_to_library
    from digitpad.recognizer import load_recognizer

    saved = save_to_library(bundled_model_path(), "my model 1")
    assert saved == user_models_dir() / "my model 1.onnx"
    recognizer = load_recognizer(saved)
    assert recognizer.name == "my model 1"
    assert [m.name for m in saved_models()] == ["my model 1"]
    assert not [p for p in user_models_dir().iterdir() if p.name.startswith(".")]  # nothing staged left
    with pytest.raises(DigitPadError, match="already exists"):
        save_to_library(bundled_model_path(), "my model 1")
    save_to_library(bundled_model_path(), "my model 1", overwrite=True)
    for bad in ("", "../escape", "a/b", ".hidden", "x" * 70, "trailing."):
        with pytest.raises(DigitPadError, match="not a usable model name"):
            save_to_library(bundled_model_path(), bad)


def test_a_fine_tuned_models_details_give_its_own_epochs(tmp_path):
    from digitpad.library import model_details, save_to_library

    for ext in ("onnx", "keras"):
        (tmp_path / f"tuned.{ext}").write_bytes(bundled_model_path().with_suffix(f".{ext}").read_bytes())
    meta = json.loads(bundled_model_path().with_suffix(".json").read_text())
    meta["fine_tuned"] = {"from": meta["name"], "personal_samples": 30, "config": {"epochs": 2}}
    (tmp_path / "tuned.json").write_text(json.dumps(meta))
    details = dict(model_details(save_to_library(tmp_path / "tuned.onnx", "tuned")))
    assert details["Epochs"] == f"2 of fine-tuning on 30 of your samples (the base model: {meta['training']['epochs']})"
    assert details["Fine-tuned from"] == meta["name"]


def test_rename_delete_and_details_of_a_saved_model():
    from digitpad.library import delete_model, model_details, rename_model, save_to_library

    saved = save_to_library(bundled_model_path(), "first")
    renamed = rename_model(saved, "second name")
    assert [m.name for m in saved_models()] == ["second name"] and not saved.exists()
    details = dict(model_details(renamed))
    assert details["Name"] == "second name" and details["Architecture"] == "digitpad-cnn"
    assert details["Test accuracy"].endswith("%") and details["Trained on"] == "mnist+pen"
    assert re.fullmatch(r"\d{1,2} \w{3} \d{4}, \d\d:\d\d", details["Created"])  # not a raw ISO stamp
    delete_model(renamed)
    assert saved_models() == [] and list(user_models_dir().glob("second name.*")) == []
