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
