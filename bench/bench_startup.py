"""Start-up of the desktop app to its login window, beside a bare PySide6 window measured in the same run.

Each figure is a fresh process (interpreter start, imports and font loading count), several runs, the
median. Time runs from just before the parent spawns the child to the moment the child's first window
is up and its event loop idle (`run_app(exit_when_ready=True)` returning; `app.exec()` returning for the
bare window): the process's own teardown is not start-up. Peak memory is the child's maximum RSS.
Run alone with `python -m bench.bench_startup`.
"""
from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

RUNS = 5
ROOT = Path(__file__).resolve().parent.parent

HWM = """
def _hwm_kib():
    # This process's own peak RSS. (wait4's ru_maxrss would carry the parent's size across fork+exec
    # when the bench runs after other, larger benchmarks.)
    try:
        with open("/proc/self/status") as fh:
            return next(int(line.split()[1]) for line in fh if line.startswith("VmHWM:"))
    except OSError:
        return -1
"""

BARE_WINDOW = HWM + """
import os, sys, time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel
app = QApplication(sys.argv[:1])
window = QLabel("Pishkhan")
window.resize(1366, 768)
window.show()
ready = []
QTimer.singleShot(0, lambda: (ready.append(time.time()), app.quit()))
code = app.exec()
print((ready[0] - float(os.environ["BENCH_T0"])) * 1000, _hwm_kib())
sys.exit(code)
"""

APP_WINDOW = HWM + """
import os, sys, time
import ui.app
code = ui.app.run_app(sys.argv[1], exit_when_ready=True)
print((ui.app.READY_AT[0] - float(os.environ["BENCH_T0"])) * 1000, _hwm_kib())
sys.exit(code)
"""


def _run(code: str, *args: str, env: dict[str, str]) -> tuple[float, float]:
    """(milliseconds from spawn to the window being ready, peak RSS in MiB) of one fresh interpreter."""
    child = subprocess.Popen([sys.executable, "-c", code, *args], cwd=ROOT, env={**env, "BENCH_T0": repr(time.time())},
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out = child.stdout.read() if child.stdout else b""
    _pid, status, usage = os.wait4(child.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"start-up failed: {child.stderr.read().decode() if child.stderr else ''}")
    ms, hwm = out.decode().strip().splitlines()[-1].split()
    rss_kib = float(hwm) if float(hwm) > 0 else (usage.ru_maxrss if sys.platform != "darwin" else usage.ru_maxrss / 1024)
    return float(ms), rss_kib / 1024


def _median(code: str, *args: str, env: dict[str, str]) -> tuple[float, float]:
    _run(code, *args, env=env)  # warm the file cache: every run then starts alike
    runs = [_run(code, *args, env=env) for _ in range(RUNS)]
    return statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs)


def _demo_database(folder: Path, env: dict[str, str]) -> Path:
    path = folder / "bench.db"
    subprocess.run([sys.executable, "-m", "app", "demo", "--db", str(path), "--days", "3"], cwd=ROOT, env=env,
                   check=True, capture_output=True)
    return path


def metrics() -> Iterator[dict[str, object]]:
    with tempfile.TemporaryDirectory(prefix="pishkhan-bench-") as tmp:
        folder = Path(tmp)
        env = {**os.environ, "PISHKHAN_CONFIG_DIR": str(folder / "config"),
               "PISHKHAN_DATA_DIR": str(folder / "data")}
        env.setdefault("QT_QPA_PLATFORM", "offscreen")
        db = _demo_database(folder, env)
        bare_ms, bare_mib = _median(BARE_WINDOW, env=env)
        app_ms, app_mib = _median(APP_WINDOW, str(db), env=env)
    yield {"metric": "startup_to_login_ms", "value": round(app_ms, 1), "unit": "ms", "floor": round(bare_ms, 1),
           "ratio": round(app_ms / bare_ms, 2), "target_ratio": 2.0, "platform": env["QT_QPA_PLATFORM"]}
    yield {"metric": "startup_peak_rss_mib", "value": round(app_mib, 1), "unit": "MiB", "floor": round(bare_mib, 1),
           "ratio": round(app_mib / bare_mib, 2), "target": 150}


if __name__ == "__main__":
    for row in metrics():
        print(row)
