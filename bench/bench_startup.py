"""Start-up of the desktop app until a PIN is accepted, under a real X server (Xvfb), beside a bare PySide6
window, each a fresh process, alternated.

"Ready" is the login screen's `logged_in` signal: the app is started through its own entry point
(`python -m app --db FILE`: the command line, the office's language, `ui.app.run_app`), and as soon
as the window says it is ready (the login screen is up) the bench types clerk1's PIN into the login
screen and submits it, as a clerk typing at once would (the app has no hook for a scripted login, so
the bench subclasses MainWindow in the child and drives the screen's own widgets: `LoginScreen.pin`
and `submit`). The time runs
from just before the parent spawns the child to that signal (interpreter start, imports, fonts, the
database opening and the PIN's argon2 check included). The floor: a bare QLabel window shown and
the event loop idle. Whole-process wall times (teardown included) are given beside. Peak memory is
each child's own maximum RSS. Goal (issue 10): ≤ 2x the bare window.
Measured on a 3-day demo office and on a working copy of each big office.
"""
from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from bench.common import ROOT, big_offices, metric, not_cached, skipped

RUNS = 5
CHILD_TIMEOUT_S = 120  # (a child that never reaches its PIN fails the figure, not the whole bench)

HWM = """
def _hwm_kib():
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

APP_UNTIL_PIN = HWM + """
import os, runpy, sys, time
from PySide6.QtWidgets import QApplication
import ui.main_window as main_window


class DrivenWindow(main_window.MainWindow):
    # The real window; once it says it is ready, the bench types clerk1's PIN on its login screen.
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._typed = False
        self.ready.connect(self._type_pin)

    def _type_pin(self):
        if self._typed:
            return
        self._typed = True
        login = self.login_screen()
        login.logged_in.connect(self._accepted)
        login.select_user("clerk1")
        login.pin.setText("1111")
        login.submit()

    def _accepted(self, _actor):
        print((time.time() - float(os.environ["BENCH_T0"])) * 1000, _hwm_kib(), flush=True)
        QApplication.quit()


main_window.MainWindow = DrivenWindow
sys.argv = ["pishkhan", "--db", sys.argv[1]]
runpy.run_module("app", run_name="__main__")  # the `pishkhan` entry point: command line, language, window
"""


@contextmanager
def x_server() -> Iterator[dict[str, str]]:
    """A private Xvfb display for the children (offscreen when Xvfb is not installed)."""
    if shutil.which("Xvfb") is None:
        yield {"QT_QPA_PLATFORM": "offscreen"}
        return
    read, write = os.pipe()
    server = subprocess.Popen(["Xvfb", "-displayfd", str(write), "-screen", "0", "1366x768x24", "-nolisten", "tcp"],
                              pass_fds=(write,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write)
    try:
        with os.fdopen(read) as fh:
            display = fh.readline().strip()
        yield {"DISPLAY": f":{display}", "QT_QPA_PLATFORM": "xcb"}
    finally:
        server.terminate()
        server.wait(timeout=10)


def _run(code: str, *args: str, env: dict[str, str]) -> tuple[float, float, float]:
    """(ms from spawn to ready, ms from spawn to exit, peak RSS MiB) of one fresh interpreter."""
    t0 = time.time()
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", code, *args], cwd=ROOT, env={**env, "BENCH_T0": repr(t0)},
                          capture_output=True, text=True, timeout=CHILD_TIMEOUT_S)
    wall = (time.perf_counter() - start) * 1000
    if done.returncode != 0:
        raise RuntimeError(f"start-up failed: {done.stderr[-800:]}")
    ms, hwm = done.stdout.strip().splitlines()[-1].split()
    return float(ms), wall, float(hwm) / 1024


def _pairs(db: Path, env: dict[str, str]) -> tuple[list[tuple[float, float, float]], list[tuple[float, float, float]]]:
    _run(BARE_WINDOW, env=env)  # warm the file cache: every run then starts alike
    _run(APP_UNTIL_PIN, str(db), env=env)
    app, bare = [], []
    for i in range(RUNS):
        steps = [(app, APP_UNTIL_PIN, (str(db),)), (bare, BARE_WINDOW, ())]
        for out, code, args in (steps if i % 2 == 0 else steps[::-1]):
            out.append(_run(code, *args, env=env))
    return app, bare


def _figures(db: Path, env: dict[str, str], **extra: Any) -> Iterator[dict[str, Any]]:
    app, bare = _pairs(db, env)
    med = [statistics.median(r[i] for r in app) for i in range(3)]
    floor = [statistics.median(r[i] for r in bare) for i in range(3)]
    yield metric("startup_until_pin_accepted_ms", med[0], floor[0], target_ratio=2.0, runs=RUNS,
                 p95=max(r[0] for r in app), whole_process_ms=round(med[1], 1), floor_whole_process_ms=round(floor[1], 1),
                 platform=env["QT_QPA_PLATFORM"], floor_kind="a bare PySide6 window shown, event loop idle", **extra)
    yield metric("startup_peak_rss_mib", med[2], floor[2], "MiB", target=150, **extra)


def metrics() -> Iterator[dict[str, Any]]:
    with x_server() as display, tempfile.TemporaryDirectory(prefix="pishkhan-bench-") as tmp:
        folder = Path(tmp)
        env = {**os.environ, **display, "PISHKHAN_CONFIG_DIR": str(folder / "config"),
               "PISHKHAN_DATA_DIR": str(folder / "data")}
        db = folder / "bench.db"
        subprocess.run([sys.executable, "-m", "app", "demo", "--db", str(db), "--days", "3"], cwd=ROOT, env=env,
                       check=True, capture_output=True)
        yield from _figures(db, env, size="3-day demo")
        for size, office in big_offices():
            if office is None:
                yield skipped("startup_until_pin_accepted_ms", not_cached(size), size=size)
                continue
            from bench.bigdb import working_copy

            with working_copy(office, folder) as copy:
                yield from _figures(copy.db, {**env, **copy.env({})}, size=size, sales=office.manifest["sales"])


if __name__ == "__main__":
    from bench.common import emit

    for row in metrics():
        emit(row)
