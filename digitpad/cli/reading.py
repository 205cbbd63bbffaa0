"""`digitpad predict` and `digitpad read`: a digit or a whole number in each image file."""

from __future__ import annotations

import json
import sys

from digitpad.base.errors import DigitPadError, printable_name
from digitpad.cli import common
from digitpad.cli.common import EXIT_FAILED, expand, report_damaged, say
from digitpad.inference.prediction import Status
from digitpad.reading.result import sure_text


def personal_recognizer(model: str | None, personal: bool):
    """The model, reading with the user's samples when there are any and `personal` is on.

    A damaged sample store costs the samples, not the answer: one line on stderr, then the model alone.
    """
    from digitpad.personal.sample_store import StoreError, default_store_path
    from digitpad.recognizer import load_recognizer

    recognizer = load_recognizer(model)
    if recognizer.plain:
        print(f"digitpad: {printable_name(recognizer.path.name)} {recognizer.PLAIN_MODEL_NOTE}", file=sys.stderr)
    if personal and default_store_path().is_file():
        try:
            recognizer.attach_store(common.open_store())
        except StoreError as exc:
            say(f"reading without your samples: {exc}")
        else:
            report_damaged(recognizer.store)
        if recognizer.store is not None and recognizer.store.count() and not recognizer.can_use_personal_samples:
            print(
                f"digitpad: model {recognizer.name} cannot use your samples (it has no embedding output); "
                "reading with the model alone",
                file=sys.stderr,
            )
    return recognizer


def cmd_predict(args) -> int:
    recognizer = personal_recognizer(args.model, not args.no_personal)
    return _report_each(recognizer.iter_predictions(expand(args.paths)), args.json, _describe)


def _report_each(results, as_json: bool, describe) -> int:
    """One line (or JSON object) per file as its answer comes; a file's error is its own line.
    The exit status says whether any file failed."""
    failed = 0
    for path, result in results:  # answers stream as files are read
        if isinstance(result, DigitPadError):
            failed += 1
            if as_json:
                print(json.dumps({"file": str(path), "error": str(result)}), flush=True)
            else:
                say(result)
        elif as_json:
            print(json.dumps({"file": str(path), **result.to_dict()}), flush=True)
        else:
            print(f"{printable_name(path, limit=4096)}: {describe(result)}", flush=True)
    return EXIT_FAILED if failed else 0


def _describe(result) -> str:
    """ "7 (99.8%)", "4 (not sure: 4 or 9?) (55.0%)" or "not a digit (93.1%)"."""
    if result.is_not_a_digit:
        return f"not a digit ({sure_text(result.not_a_digit_probability)})"
    guess = result.label
    if result.status == Status.UNCERTAIN:
        (a, _), (b, _) = result.top(2)
        guess = f"{result.label} (not sure: {a} or {b}?)"
    return f"{guess} ({sure_text(result.confidence)})"


def _describe_reading(reading) -> str:
    """ "2026 (97.1%)", or "20?6 (41.0%; 3rd digit unsure: 2 or 7?)"."""
    notes = []
    for position in reading.unsure_positions:
        digit = reading.digits[position]
        if digit.status == Status.NOT_A_DIGIT:
            notes.append(f"{_ordinal(position + 1)} mark is not a digit")
        else:
            (a, _), (b, _) = digit.prediction.top(2)
            notes.append(f"{_ordinal(position + 1)} digit unsure: {a} or {b}?")
    return f"{reading.text} ({sure_text(reading.confidence)}{'; ' if notes else ''}{'; '.join(notes)})"


def _ordinal(n: int) -> str:
    return f"{n}{'th' if 10 <= n % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"


def cmd_read(args) -> int:
    recognizer = personal_recognizer(args.model, not args.no_personal)
    return _report_each(recognizer.iter_readings(expand(args.paths)), args.json, _describe_reading)
