"""Running the command line in-process, as the CLI tests do."""

from __future__ import annotations

from digitpad.cli import main


def run(capsys, *args):
    try:
        code = main(list(args))
    except SystemExit as exit_:  # argparse's own usage errors
        code = exit_.code
    out, err = capsys.readouterr()
    return code, out, err


def one_line_error(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("digitpad"), err
    assert "Traceback" not in err
    return lines[0]
