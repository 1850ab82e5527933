"""When Qt cannot open a window, the app says in one line what is missing and how to get it."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from ui.platform_check import install_hint, missing_library

ROOT = Path(__file__).resolve().parents[2]


def _start(db: Path, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    return subprocess.run([sys.executable, "-m", "app", "--db", str(db), *env.pop("args", "").split()],
                          cwd=ROOT, env={**clean, **env}, capture_output=True, text=True, timeout=120)


@pytest.fixture
def office_db(demo_template: Path, tmp_path: Path) -> Path:
    from app.db import copy_database

    db = tmp_path / "office.db"
    copy_database(demo_template, db)
    return db


def test_no_display_is_one_persian_line_naming_the_display_and_how_to_proceed(office_db: Path) -> None:
    done = _start(office_db, QT_QPA_PLATFORM="xcb")
    lines = done.stderr.strip().splitlines()
    assert done.returncode == 1
    assert len(lines) == 1, done.stderr
    assert "DISPLAY" in lines[0] and "QT_QPA_PLATFORM=offscreen" in lines[0]
    assert "پنجره باز نمی‌شود" in lines[0]
    # Not Qt's own words, which blame libxcb-cursor0 (installed here) and suggest reinstalling.
    assert "xcb-cursor0" not in done.stderr and "Reinstalling" not in done.stderr
    assert "Traceback" not in done.stderr and "Aborted" not in done.stderr


def test_an_unknown_platform_is_named_with_the_ones_there_are(office_db: Path) -> None:
    done = _start(office_db, QT_QPA_PLATFORM="nosuch", args="--lang en")
    lines = done.stderr.strip().splitlines()
    assert done.returncode == 1 and len(lines) == 1, done.stderr
    assert "«nosuch»" in lines[0] and "offscreen" in lines[0] and lines[0].startswith("Cannot open the window")


def test_a_missing_library_is_named_with_the_package_that_brings_it() -> None:
    error = "libxcb-cursor.so.0: cannot open shared object file: No such file or directory"
    assert missing_library(error) == "libxcb-cursor.so.0"
    assert install_hint("libxcb-cursor.so.0") == "sudo apt-get install libxcb-cursor0"
    assert install_hint("libEGL.so.1") == "sudo apt-get install libegl1"
    assert missing_library("/x/libqxcb.so: invalid ELF header") == ""


def test_every_library_the_window_needs_is_installed_by_make_run() -> None:
    """`make run` installs WINDOW_DEBS: every package the hint can name for the xcb plugin is among them
    or pulled in by them (the ones Debian installs with any desktop are not listed)."""
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    window = makefile.split("WINDOW_DEBS :=", 1)[1].split("\n#", 1)[0]
    assert "run: windowdeps deps" in makefile
    for package in ("libxcb-cursor0", "libxkbcommon-x11-0", "libegl1", "libgl1", "libfontconfig1"):
        assert package in window
