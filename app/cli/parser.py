"""The `pishkhan` parser: common options, then each group of commands adds its own (one module per
group, each with a `register`)."""
from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import NoReturn

from app.i18n import _


class Parser(argparse.ArgumentParser):
    def _get_values(self, action: argparse.Action, arg_strings: list[str]) -> object:
        # Python 3.11 turns `--name=--` into an empty list; a lone "--" value is just text here.
        if action.option_strings and action.nargs is None and arg_strings == ["--"]:
            return self._get_value(action, "--")
        return super()._get_values(action, arg_strings)

    def error(self, message: str) -> NoReturn:
        sys.stderr.write(_("Invalid command line: {detail}", detail=message) + "\n")
        raise SystemExit(2)


def common_options() -> Parser:
    common = Parser(add_help=False)
    common.add_argument("--db", help="database file (default: the per-user data folder), or the office server's "
                                     "postgresql:// URL")
    common.add_argument("--lang", choices=["fa", "en"], default=None, help="message language")
    return common


# Each group of commands (a module with a `register`) and the commands it adds: the parser imports and
# builds only the group a command line names (a test keeps these lists true to `register`).
GROUPS: dict[str, tuple[str, ...]] = {
    "office": ("demo", "tariffs", "verify", "upgrade", "backup", "restore", "witness"),
    "ledger": ("shift", "record", "void", "close-day"),
    "receipts": ("receipt", "print", "print-jobs", "check-receipt", "office"),
    "reports": ("report",),
    "server": ("server", "connect"),
}


def build_parser(argv: Sequence[str] = ()) -> argparse.ArgumentParser:
    """The whole parser; or, when `argv` names a command, only that command's group (a sale from the
    command line should not pay for building every other command's options)."""
    import importlib

    from app.cli import window

    named = _command_named(argv)
    chosen = [g for g, commands in GROUPS.items() if named in commands] or list(GROUPS)
    common = common_options()
    parser = Parser(prog="pishkhan", description="Pishkhan Desk", parents=[common])
    window.options(parser)
    sub = parser.add_subparsers(dest="command", parser_class=Parser)
    for group in chosen:
        importlib.import_module(f"app.cli.{group}").register(sub, common)
    return parser


def _command_named(argv: Sequence[str]) -> str | None:
    """The first word of the command line that is not an option or the value of one."""
    skip = False
    for arg in argv:
        if skip:
            skip = False
        elif arg in ("--db", "--lang"):
            skip = True
        elif not arg.startswith("-"):
            return arg
    return None
