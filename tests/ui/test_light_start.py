"""The window is put on the screen before the database layer loads (the worker thread imports it):
importing the main window brings in neither SQLAlchemy nor the Jalali converter."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_main_window_module_loads_no_database_layer() -> None:
    code = ("import sys, ui.main_window; heavy = [m for m in ('sqlalchemy', 'alembic', 'jdatetime', 'openpyxl') "
            "if m in sys.modules]; print(heavy); sys.exit(1 if heavy else 0)")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60,
                          env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_login_path_loads_no_sql_toolkit() -> None:
    """What the window runs before a PIN is accepted — opening the office, its login names, the PIN check,
    the daily backup's timer — does not wait for SQLAlchemy (it loaded the backup page and SQLAlchemy
    before, doubling the time until a clerk could log in)."""
    code = ("import sys, ui.main_window, ui.daily_backup, app.services.office, app.services.staff, "
            "app.services.auth; heavy = [m for m in ('sqlalchemy', 'alembic', 'ui.admin_backup') if m in sys.modules]; "
            "print(heavy); sys.exit(1 if heavy else 0)")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60,
                          env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert done.returncode == 0, done.stdout + done.stderr
