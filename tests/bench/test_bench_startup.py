"""The start-up bench drives the real window to an accepted PIN (it hung silently when the window's
API moved under it)."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from bench import bench_startup

ROOT = Path(__file__).resolve().parents[2]


def test_the_startup_child_types_a_pin_and_reports_when_it_was_accepted(tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PISHKHAN_CONFIG_DIR": str(tmp_path / "config"),
           "PISHKHAN_DATA_DIR": str(tmp_path / "data")}
    db = tmp_path / "office.db"
    subprocess.run([sys.executable, "-m", "app", "demo", "--db", str(db), "--days", "1"], cwd=ROOT, env=env,
                   check=True, capture_output=True)
    until_pin, whole, peak_mib = bench_startup._run(bench_startup.APP_UNTIL_PIN, str(db), env=env)
    assert 0 < until_pin <= whole
    assert peak_mib > 10
