"""`digitpad teach`, `samples` and `finetune`: the digits you taught, and a model fine-tuned on them."""

from __future__ import annotations

import collections
import sys
from pathlib import Path

from digitpad.base.errors import DigitPadError, one_line, printable_name
from digitpad.cli import common
from digitpad.cli.common import EXIT_FAILED, ProgressBar, count, expand, report_damaged, say


def cmd_teach(args) -> int:
    from digitpad.personal.sample_store import StoreError, check_label
    from digitpad.recognizer import load_recognizer

    label = check_label(args.label)
    files = expand(args.paths)
    store = common.open_store()
    recognizer = load_recognizer(personal=store)
    report_damaged(store)
    failed = taught = 0
    for done, path in enumerate(files):
        try:
            recognizer.teach(path, label)
            taught += 1
        except StoreError as exc:  # the store cannot take samples (full disk, locked): neither can the next file
            say(exc)
            print(
                f"taught {count(taught, 'sample')} of {label}; stopped: {count(len(files) - done, 'file')} not taught"
            )
            return EXIT_FAILED
        except DigitPadError as exc:
            failed += 1
            say(exc)
    try:
        counts = store.counts_by_label()
        total = f"; {counts[label]} of {label} and {sum(counts.values())} in all in {printable_name(store.path)}"
    except StoreError:
        total = ""
    print(f"taught {count(taught, 'sample')} of {label}{total}")
    return EXIT_FAILED if failed else 0


def cmd_samples(args) -> int:
    from digitpad.personal.sample_archive import export_samples, import_samples
    from digitpad.personal.sample_store import LABELS

    store = common.open_store()
    if args.action == "list":
        samples = store.samples()
        for sample in samples:
            before = f"read as {one_line(sample.predicted)}" if sample.predicted else ""
            print(f"{sample.id:>6}  {sample.label}  {one_line(sample.created)}  {one_line(sample.origin):<28} {before}")
        damaged = store.find_damaged()
        for sample_id, problem in sorted(damaged.items()):
            print(f"{sample_id:>6}  damaged: {problem} (skipped)")
        counts = collections.Counter(sample.label for sample in samples)
        print(
            f"{count(len(samples), 'sample')} in {printable_name(store.path)}: "
            + ", ".join(f"{d}: {counts.get(d, 0)}" for d in LABELS)
            + (f"; {count(len(damaged), 'damaged row')} skipped" if damaged else "")
        )
    elif args.action == "export":
        if Path(args.file).is_dir():
            raise DigitPadError(f"{args.file}: is a folder; give a file name such as my-digits.zip")
        print(export_samples(store, args.file).summary(printable_name(args.file)))
    elif args.action == "import":
        print(f"{args.file}: {import_samples(store, args.file).summary()}")
    elif args.action == "remove":
        removed = store.remove(args.ids)
        print(f"removed {count(len(removed), 'sample')}")
    elif args.action == "clear":
        stored = store.count()
        if stored and not args.yes:
            if not sys.stdin.isatty():
                raise DigitPadError(f"'samples clear' deletes all {count(stored, 'sample')}; add --yes to confirm")
            if input(f"Delete all {count(stored, 'sample')} in {store.path}? [y/N] ").strip().lower() not in (
                "y",
                "yes",
            ):
                print("nothing deleted")
                return 0
        print(f"deleted {count(store.clear(), 'sample')}")
    return 0


def cmd_finetune(args) -> int:
    from digitpad.base.paths import bundled_model_path
    from digitpad.training.finetune import FinetuneConfig, check_can_finetune
    from digitpad.training.finetune_training import finetune

    config = FinetuneConfig(
        epochs=args.epochs,
        learning_rate=args.lr,
        batch_size=args.batch_size,
        base_images=args.base_images,
        holdout=args.holdout,
        blend=args.blend,
        seed=args.seed,
    ).validated()
    out = Path(args.out)
    if out.is_dir():
        raise DigitPadError(f"{out}: is a folder; --out takes a file stem such as my-model")
    model = args.model or bundled_model_path()
    store = common.open_store()
    images, labels = store.training_arrays()
    check_can_finetune(model, len(labels))
    bar = ProgressBar(sys.stderr)
    result = finetune(
        model, images, labels, config, on_progress=bar.update, on_status=lambda text: print(text, file=sys.stderr)
    )
    bar.close()
    paths = result.save(out)
    scores = result.scores
    mine = (
        ""
        if scores.personal_before is None
        else f"your held-out samples ({scores.held_out}): {scores.personal_before:.2%} -> {scores.personal_after:.2%}; "
    )
    print(
        f"{mine}MNIST test: {scores.mnist_before:.2%} -> {scores.mnist_after:.2%}; saved {paths['onnx']} "
        f"(+ .keras, .json) after {scores.seconds:.0f} s"
    )
    for digit, before, after in scores.classes_that_lost():
        print(f"warning: {digit}s on MNIST fell {before:.2%} -> {after:.2%}", file=sys.stderr)
    return 0
