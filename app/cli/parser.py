"""The `pishkhan` parser: common options, then each group of commands adds its own (one module per
group, each with a `register`)."""
from __future__ import annotations

import argparse
import sys
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


def build_parser() -> argparse.ArgumentParser:
    from app.cli import ledger, office, receipts, reports, server, window

    common = common_options()
    parser = Parser(prog="pishkhan", description="Pishkhan Desk", parents=[common])
    window.options(parser)
    sub = parser.add_subparsers(dest="command", parser_class=Parser)
    for group in (office, ledger, receipts, reports, server):
        group.register(sub, common)
    return parser
