"""The shell around the screens: start-up, language and fonts, errors, translations, the worker thread."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from app.errors import UserError
from app.i18n_scan import source_strings
from app.ledger.witness import adopt
from ui.bug_dialog import BugDialog
from ui.runner import Runner

ROOT = Path(__file__).resolve().parents[2]
PLACEHOLDER = re.compile(r"{(\w*)}")


def _ui_strings(admin: bool) -> dict[str, str]:
    found = source_strings(ROOT)
    others = ("ui/owner_", "ui/admin_")
    return {text: where for text, where in found.items()
            if where.startswith("ui/") and where.startswith(others) == admin}


@pytest.mark.parametrize("admin", [False, True], ids=["counter", "owner-and-admin"])
def test_every_ui_string_has_a_persian_translation_with_the_same_placeholders(admin: bool,
                                                                              persian: dict[str, str]) -> None:
    strings = _ui_strings(admin)
    assert admin or len(strings) > 100
    fa = persian
    missing = [f"{where}: {text!r}" for text, where in strings.items() if text not in fa]
    assert not missing, "no Persian for:\n" + "\n".join(missing)
    wrong = [f"{where}: {text!r}" for text, where in strings.items()
             if sorted(PLACEHOLDER.findall(text)) != sorted(PLACEHOLDER.findall(fa[text]))]
    assert not wrong, "placeholders differ:\n" + "\n".join(wrong)


def test_the_app_is_persian_right_to_left_in_vazirmatn(qt_app: QApplication) -> None:
    assert QGuiApplication.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert qt_app.font().family().startswith("Vazirmatn")
    # Qt's own dialogs: the qtbase_fa catalogue is installed.
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "انصراف"


def test_exit_when_ready_opens_the_window_and_exits_zero(demo_template: Path, tmp_path: Path) -> None:
    from app.db import copy_database

    db = tmp_path / "office.db"
    copy_database(demo_template, db)
    adopt(db)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-m", "app", "--exit-when-ready", "--db", str(db)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    broken = tmp_path / "not-a-db.db"
    broken.write_bytes(b"this is not sqlite" * 100)
    done = subprocess.run([sys.executable, "-m", "app", "--exit-when-ready", "--db", str(broken)], cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 1 and "Traceback" not in done.stderr


def test_english_is_left_to_right(tmp_path: Path, demo_template: Path) -> None:
    code = ("from PySide6.QtGui import QGuiApplication; from app.i18n import set_language; set_language('en');"
            "from ui.app import create_application; app = create_application();"
            "print(QGuiApplication.layoutDirection().name)")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=60)
    assert done.stdout.strip() == "LeftToRight", done.stderr


def test_runner_delivers_results_and_user_errors_on_the_gui_thread(qtbot, qt_app: QApplication) -> None:
    import threading

    runner = Runner()
    seen: list[object] = []

    def work() -> str:
        return threading.current_thread().name

    runner.run(work, lambda name: seen.append(("done", name, threading.current_thread().name)))
    runner.run(lambda: (_ for _ in ()).throw(UserError("A reason is required.")),
               on_error=lambda err: seen.append(("refused", err.message())))
    qtbot.waitUntil(lambda: not runner.busy)
    assert seen[0][1] != "MainThread" and seen[0][2] == "MainThread"
    assert seen[1] == ("refused", UserError("A reason is required.").message())
    assert seen[1][1] != "A reason is required."  # shown in Persian


def test_a_bug_is_logged_and_shown_with_copy_details(qtbot, qt_app: QApplication, ui_dirs: Path) -> None:
    from ui import errors

    runner = Runner()
    runner.run(lambda: 1 / 0)
    qtbot.waitUntil(lambda: not runner.busy)
    assert len(errors.reported) == 1 and "ZeroDivisionError" in errors.reported[0]
    assert "ZeroDivisionError" in errors.log_path().read_text(encoding="utf-8")
    dialogs = [w for w in QApplication.topLevelWidgets() if isinstance(w, BugDialog) and w.isVisible()]
    assert dialogs and "ZeroDivisionError" in dialogs[-1].text.toPlainText()
    assert "Traceback" not in dialogs[-1].findChildren(type(dialogs[-1].copy_button))[0].text()
    dialogs[-1].copy_button.click()
    assert "ZeroDivisionError" in QApplication.clipboard().text()
    dialogs[-1].close()
    errors.reported.clear()  # this bug was the point of the test


def test_the_window_reads_every_layer_s_words(persian: dict[str, str]) -> None:
    """Starting the window loads ui's catalogue, then printing's and app's beneath it: in a fresh process,
    every string of the three reads as its one catalogue says (the screen says «رسید ۵» as paper does)."""
    code = ("import json, sys; from ui.app import create_application; from app.i18n import _, loaded_catalogues;"
            "before = loaded_catalogues(); create_application();"
            "print(json.dumps([before, loaded_catalogues(), {t: _(t) for t in json.load(sys.stdin)}]))")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, input=json.dumps(list(persian)),
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    before, loaded, read = json.loads(done.stdout)
    assert before == [] and loaded == ["app", "printing", "ui"]
    wrong = [f"{text!r}: {read[text]!r} != {fa!r}" for text, fa in persian.items() if read[text] != fa]
    assert not wrong, "\n".join(wrong)
