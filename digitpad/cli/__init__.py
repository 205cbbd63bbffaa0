"""`digitpad`: the window with no arguments; `predict`, `read`, `evaluate`, `train`, `models` for headless use.

Every user error is one line on stderr and a non-zero exit status; a traceback means a bug.
One module per group of commands: `reading` (predict, read), `personal` (teach, samples,
finetune), `training` (evaluate, train, compare-optimizers, selftest, models); `parser` holds
the grammar, `common` what they share.
"""

from __future__ import annotations

import sys

from digitpad.base.errors import DigitPadError, os_error_message
from digitpad.base.logs import log_unexpected, setup_logging
from digitpad.cli.common import EXIT_FAILED, say
from digitpad.cli.parser import build_parser
from digitpad.cli.personal import cmd_finetune, cmd_samples, cmd_teach
from digitpad.cli.reading import cmd_predict, cmd_read
from digitpad.cli.training import (
    cmd_compare_optimizers,
    cmd_evaluate,
    cmd_models,
    cmd_selftest,
    cmd_train,
    training_config_from_args,
)

__all__ = ["build_parser", "main", "training_config_from_args"]


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    args = build_parser().parse_args(argv)
    if args.command is None:
        from digitpad.gui.app import run  # Qt is imported only on the window's path

        return run(smoke_test=args.smoke_test)
    handlers = {  # (looked up at each call: a test may put another in its place)
        "predict": cmd_predict,
        "read": cmd_read,
        "teach": cmd_teach,
        "samples": cmd_samples,
        "finetune": cmd_finetune,
        "evaluate": cmd_evaluate,
        "train": cmd_train,
        "models": cmd_models,
        "compare-optimizers": cmd_compare_optimizers,
        "selftest": cmd_selftest,
    }
    setup_logging()
    try:
        return handlers[args.command](args)
    except DigitPadError as exc:
        say(exc)
        return EXIT_FAILED
    except KeyboardInterrupt:
        print("digitpad: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # output piped into e.g. `head`, which stopped reading: not an error
        sys.stderr.close()
        return 0
    except OSError as exc:  # a full disk, a read-only folder, a file gone while in use
        say(os_error_message(exc))
        return EXIT_FAILED
    except Exception as exc:  # a bug: one line here, the traceback in the log
        say(log_unexpected("unexpected error", exc))
        return EXIT_FAILED
