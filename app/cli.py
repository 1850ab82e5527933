"""The `pishkhan` command line: a stable contract for tests, scripts and the office's IT.

Exit 0 on success, 1 when a check finds a problem, 2 on bad or refused input; human messages
on stderr, one line, translated; never a traceback.
"""
from __future__ import annotations

import argparse
import datetime as dt
import getpass
import os
import sys
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NoReturn

from app.errors import UserError
from app.i18n import _, set_language

Handler = Callable[[argparse.Namespace], int]


class _Parser(argparse.ArgumentParser):
    def _get_values(self, action: argparse.Action, arg_strings: list[str]) -> object:
        # Python 3.11 turns `--name=--` into an empty list; a lone "--" value is just text here.
        if action.option_strings and action.nargs is None and arg_strings == ["--"]:
            return self._get_value(action, "--")
        return super()._get_values(action, arg_strings)

    def error(self, message: str) -> NoReturn:
        sys.stderr.write(_("Invalid command line: {detail}", detail=message) + "\n")
        raise SystemExit(2)


def say(text: str) -> None:
    sys.stderr.write(text + "\n")
    sys.stderr.flush()


def _common() -> _Parser:
    common = _Parser(add_help=False)
    common.add_argument("--db", help="database file (default: the per-user data folder), or the office server's "
                                     "postgresql:// URL")
    common.add_argument("--lang", choices=["fa", "en"], default=None, help="message language")
    return common


def _auth(p: argparse.ArgumentParser) -> None:
    p.add_argument("--user", required=True)
    p.add_argument("--pin", help="or PISHKHAN_PIN, or typed at a prompt")


def build_parser() -> argparse.ArgumentParser:
    from app import commands as c

    common = _common()
    parser = _Parser(prog="pishkhan", description="Pishkhan Desk", parents=[common])
    parser.add_argument("--exit-when-ready", action="store_true", help="open the window, wait until idle, exit")
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)

    p = sub.add_parser("demo", parents=[common], help="new database with the demo office")
    p.add_argument("--days", type=int, default=30)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--desks", type=int, default=2, help="clerks working each day (1-4)")
    p.add_argument("--visits", type=int, default=100, help="visits per desk per day, on average")
    p.set_defaults(handler=c.cmd_demo)

    p = sub.add_parser("shift", parents=[common], help="open or close a shift")
    p.add_argument("action", choices=["open", "close", "report"])
    _auth(p)
    p.add_argument("--float", dest="float_amount", default="0")
    p.add_argument("--counted")
    p.set_defaults(handler=c.cmd_shift)

    p = sub.add_parser("record", parents=[common], help="record a visit; prints the receipt number")
    _auth(p)
    p.add_argument("--service", action="append", nargs="+", required=True, metavar="CODE")
    p.add_argument("--national-id", default="")
    p.add_argument("--name", default="")
    p.add_argument("--mobile", default="")
    p.add_argument("--agency-fee", action="append", default=[])
    p.add_argument("--office-fee", action="append", default=[])
    p.add_argument("--tracking", action="append", default=[])
    p.add_argument("--pay", action="append", default=[], metavar="METHOD[:RIAL]")
    p.add_argument("--terminal", default="")
    p.add_argument("--reference", default="")
    p.set_defaults(handler=c.cmd_record)

    p = sub.add_parser("void", parents=[common], help="void a sale (a clerk needs --approver)")
    p.add_argument("number")
    _auth(p)
    p.add_argument("--reason", required=True)
    p.add_argument("--approver", help="manager's user name (PIN from --approver-pin or PISHKHAN_APPROVER_PIN)")
    p.add_argument("--approver-pin")
    p.set_defaults(handler=c.cmd_void)

    p = sub.add_parser("close-day", parents=[common], help="close the business day")
    _auth(p)
    p.add_argument("--day", help="Jalali YYYY-MM-DD (default: the current business day)")
    p.set_defaults(handler=c.cmd_close_day)

    from app import receipt_commands  # receipt, print, print-jobs, check-receipt, office public-key

    receipt_commands.register(sub, common, _auth)

    p = sub.add_parser("report", parents=[common], help="day, shift or period report")
    p.add_argument("--kind", choices=["day", "shift", "period"], required=True)
    p.add_argument("--from", dest="from_day")
    p.add_argument("--to", dest="to_day")
    p.add_argument("--shift", dest="shift_id", type=int)
    p.add_argument("--format", choices=["pdf", "xlsx", "csv"], required=True)
    p.add_argument("--machine", action="store_true", help="CSV for scripts: English header, no BOM, no title or totals")
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--user", default=None)
    p.add_argument("--pin")
    p.set_defaults(handler=c.cmd_report)

    p = sub.add_parser("tariffs", parents=[common], help="export or import the tariff table (CSV)")
    p.add_argument("action", choices=["export", "import"])
    p.add_argument("file", type=Path)
    p.add_argument("--user", default="owner")
    p.add_argument("--pin")
    p.set_defaults(handler=c.cmd_tariffs)

    p = sub.add_parser("verify", parents=[common], help="integrity, journal chain, gapless numbers")
    p.add_argument("--quick", action="store_true", help="only what changed since the last full check")
    p.add_argument("--backup", action="store_true", help="the file is a backup copy: check it against its seal")
    p.set_defaults(handler=c.cmd_verify)

    p = sub.add_parser("upgrade", parents=[common], help="bring an older database to this version (after a backup)")
    p.set_defaults(handler=c.cmd_upgrade)

    from app.server_commands import register as register_server

    register_server(sub, common)

    p = sub.add_parser("backup", parents=[common], help="verified backup into a folder")
    p.add_argument("--to", type=Path, required=True)
    p.add_argument("--full", action="store_true", help="run a full check of the books first")
    p.add_argument("--user", default="owner")
    p.add_argument("--pin")
    p.set_defaults(handler=c.cmd_backup)

    p = sub.add_parser("restore", parents=[common], help="restore a verified backup")
    p.add_argument("--from", dest="source", type=Path, required=True)
    p.add_argument("--user", default=None)
    p.add_argument("--pin")
    p.set_defaults(handler=c.cmd_restore)
    return parser


def read_pin(args: argparse.Namespace, attr: str = "pin", env: str = "PISHKHAN_PIN") -> str:
    value = getattr(args, attr, None) or os.environ.get(env)
    if value:
        return str(value)
    if sys.stdin is not None and sys.stdin.isatty():
        return getpass.getpass(_("PIN: "))
    raise UserError("A PIN is required (--pin, PISHKHAN_PIN, or typed at a prompt).")


def db_path(args: argparse.Namespace) -> Any:
    """Where the books are: a file path, or the office server's URL (also from this desk's saved
    connection, when it has one and no --db is given)."""
    from app.store.postgres import is_url

    if args.db:
        return str(args.db) if is_url(args.db) else Path(args.db)
    from app.paths import default_db
    from app.services.connection import saved_server

    return saved_server() or default_db()


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


def _language_of(argv: list[str]) -> str:
    """`--lang en`, `--lang=en`, or PISHKHAN_LANG; Persian by default."""
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return os.environ.get("PISHKHAN_LANG", "fa")


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    set_language(_language_of(argv))
    try:
        args = build_parser().parse_args(argv)
        handler: Handler | None = getattr(args, "handler", None)
        if handler is None:
            from app.commands import cmd_gui

            return cmd_gui(args)
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
