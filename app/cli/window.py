"""`pishkhan` with no command: the desktop window (Qt is imported only here, only then)."""
from __future__ import annotations

import argparse
import os

from app.cli.io import db_path
from app.errors import CheckFailed


def options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--exit-when-ready", action="store_true", help="open the window, wait until idle, exit")


def cmd_gui(args: argparse.Namespace) -> int:
    from app.i18n import set_language
    from app.quickread import setting
    from app.settings_registry import LANGUAGE

    location = db_path(args)
    if args.lang is None and not os.environ.get("PISHKHAN_LANG") and not isinstance(location, str):
        set_language(setting(location, LANGUAGE))  # the office's chosen language
    try:
        from ui.app import run_app  # lazily: commands that draw nothing load no Qt
    except ImportError as exc:
        raise CheckFailed("The desktop window is not available: {detail}", detail=str(exc)) from exc
    return int(run_app(location, exit_when_ready=args.exit_when_ready))
