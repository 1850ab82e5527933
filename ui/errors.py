"""Bugs (anything that is not a UserError): written to a log file, then a dialog with "copy details".

A clerk never sees a bare traceback; the log in the data folder keeps it for whoever supports them.
"""
from __future__ import annotations

import datetime as dt
import sys
import traceback
from pathlib import Path
from types import TracebackType

LOG_NAME = "pishkhan-errors.log"

# Every bug reported in this process, newest last: the tests assert that none happened.
reported: list[str] = []
_shown: list[object] = []


def log_path() -> Path:
    from app.paths import data_dir

    return data_dir() / LOG_NAME


def format_bug(exc: BaseException) -> str:
    return "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))


def log_bug(details: str) -> Path:
    path = log_path()
    stamp = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    try:
        with open(path, "a", encoding="utf-8") as fh:
            fh.write(f"--- {stamp}\n{details}\n")
    except OSError:
        pass  # a full or read-only disk must not turn one bug into two
    return path


def report_bug(exc: BaseException) -> None:
    """Log the bug and tell the user in plain words, with the details one click away."""
    details = format_bug(exc)
    reported.append(details)
    path = log_bug(details)
    from PySide6.QtWidgets import QApplication

    if QApplication.instance() is None:
        sys.stderr.write(details)
        return
    from ui.bug_dialog import BugDialog

    dialog = BugDialog(details, path, QApplication.activeWindow())
    _shown.append(dialog)  # a dialog without a parent would be collected as soon as this returns
    dialog.finished.connect(lambda _code: _shown.remove(dialog))
    dialog.open()
    dialog.activateWindow()


def _excepthook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    if issubclass(kind, KeyboardInterrupt):
        sys.__excepthook__(kind, exc, tb)
        return
    if exc.__traceback__ is None:
        exc = exc.with_traceback(tb)
    report_bug(exc)


def install_excepthook() -> None:
    """Exceptions escaping a slot land here instead of on a terminal the clerk never sees."""
    sys.excepthook = _excepthook
