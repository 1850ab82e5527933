"""`pishkhan` (and `python -m app`): exit 0 on success, 1 when a check finds a problem, 2 on bad or
refused input; human messages on stderr, one line, translated; never a traceback."""
from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path

from app.cli.io import check_pin_ahead, say
from app.errors import UserError
from app.i18n import _, load_catalogues, set_language

Handler = Callable[[argparse.Namespace], int]


def _log_bug() -> Path:
    """Write the traceback to the error log; if the data folder cannot be written either, to a log in the
    system's temporary folder (never onto the user's screen)."""
    import tempfile

    from app.paths import data_dir

    try:
        log = data_dir() / "pishkhan-errors.log"
    except Exception:
        log = Path(tempfile.gettempdir()) / "pishkhan-errors.log"
    try:
        with open(log, "a", encoding="utf-8") as fh:
            fh.write(f"{dt.datetime.now(dt.UTC).isoformat()}\n{traceback.format_exc()}\n")
    except OSError:
        pass
    return log


def language_of(argv: list[str]) -> str:
    """`--lang en`, `--lang=en`, or PISHKHAN_LANG; Persian by default."""
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return os.environ.get("PISHKHAN_LANG", "fa")


def main(argv: Sequence[str] | None = None) -> int:
    from app.cli.parser import build_parser
    from app.cli.window import cmd_gui

    argv = list(sys.argv[1:] if argv is None else argv)
    set_language(language_of(argv))
    try:
        check_pin_ahead(argv)  # first: argon2 then runs while the rest loads
        load_catalogues("app")  # a command that prints adds printing's; the window, all three
        args = build_parser(argv).parse_args(argv)
        handler: Handler = getattr(args, "handler", None) or cmd_gui
        return handler(args)
    except UserError as err:
        say(err.message())
        return err.exit_code
    except KeyboardInterrupt:
        say(_("Interrupted."))
        return 2
    except SystemExit as exc:
        return int(exc.code or 0) if isinstance(exc.code, int) else 2
    except Exception:
        log = _log_bug()
        say(_("An unexpected error occurred; the details were saved to {path}.", path=str(log)))
        return 1
