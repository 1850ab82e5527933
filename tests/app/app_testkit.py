"""Helpers shared by the ledger-core tests (fixtures live in conftest.py)."""
from __future__ import annotations

import datetime as dt
import io
import os
import subprocess
import sys
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path

from demo_staff import PINS, actor  # noqa: F401 - the demo staff, shared by every test package
from sqlalchemy import text

from app.db import Database, copy_database
from app.ledger.witness import adopt
from app.services.common import forget_journal_keys

ROOT = Path(__file__).resolve().parents[2]
DATA = Path(__file__).resolve().parent / "data"



def journal_payloads(db: Database, action: str) -> list[str]:
    """The payloads of the journal's entries of one action, oldest first."""
    with db.read() as s:
        return [r[0] for r in s.execute(text("SELECT payload FROM journal WHERE action = :a ORDER BY id"),
                                        {"a": action})]


def clone(template: Path, target: Path) -> Path:
    """A private copy of a template database (same office, same journal key)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    copy_database(template, target)
    adopt(target)  # this copy is now the office's books on this computer (its witness follows it)
    return target


@dataclass
class CliResult:
    code: int
    stdout: str
    stderr: str


def run_cli(*argv: str | Path) -> CliResult:
    """`pishkhan ARGS` in this process: the real parser, handlers and error handling, minus the
    interpreter start-up (the subprocess tests cover that)."""
    from app.cli import main
    from app.i18n import set_language

    set_language("fa")  # as a fresh process starts: main() only ever switches to the language asked for
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main([str(a) for a in argv])
    forget_journal_keys()
    return CliResult(code, out.getvalue(), err.getvalue())


def subprocess_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PISHKHAN_PIN")}
    env.pop("PISHKHAN_APPROVER_PIN", None)
    env.pop("PISHKHAN_LANG", None)
    env["PYTHONPATH"] = str(ROOT)
    env.update(extra)
    return env


def run_app(*argv: str | Path, env: dict[str, str] | None = None, timeout: float = 60) -> CliResult:
    """`python -m app ARGS` as a real process."""
    proc = subprocess.run([sys.executable, "-m", "app", *map(str, argv)], cwd=ROOT,
                          env=env or subprocess_env(), capture_output=True, text=True, timeout=timeout,
                          stdin=subprocess.DEVNULL)
    return CliResult(proc.returncode, proc.stdout, proc.stderr)


def one_line(stderr: str) -> str:
    """The message of a refusal: exactly one non-empty line, no traceback."""
    assert "Traceback" not in stderr, stderr
    lines = stderr.strip("\n").split("\n")
    assert len(lines) == 1 and lines[0].strip(), f"expected one line, got {stderr!r}"
    return lines[0]


def utc(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=dt.UTC)


def scalar(db_path: Path, sql: str, *params: object) -> object:
    import sqlite3

    conn = sqlite3.connect(db_path)
    try:
        return conn.execute(sql, params).fetchone()[0]
    finally:
        conn.close()


def old_database(name: str, target: Path) -> Path:
    """A database made by the first version of the app (chain version 1), with its key installed.

    tests/app/data/v1-0001.db and v1-0006.db were written by the code of that time (two closed days
    of demo history, then an open shift with a cash movement) at schema 0001 and 0006."""
    import shutil
    import sqlite3

    from app.paths import config_dir

    shutil.copyfile(DATA / f"{name}.db", target)
    conn = sqlite3.connect(target)
    install_id = conn.execute("SELECT install_id FROM office").fetchone()[0]
    conn.close()
    keys = config_dir() / "keys"
    keys.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(DATA / f"{name}.key", keys / f"{install_id}.key")
    return target
