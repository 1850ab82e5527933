"""A new computer: the first-run screen brings the office back from a backup, without a command line."""
from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtWidgets import QApplication

from app.db import open_database
from app.demo import build_demo
from app.services.auth import login
from app.services.backup import backup
from app.services.staff import login_names


def test_first_run_restores_a_backup_and_the_owner_can_log_in(qtbot, tmp_path: Path, monkeypatch) -> None:
    # The old computer: an office with history, backed up to a USB folder (the .db and its .key).
    old = open_database(tmp_path / "old.db", create=True)
    build_demo(old, days=1)
    made = backup(old, login(old, "owner", "1234"), tmp_path / "usb")
    old.close()
    # The new computer has its own config folder: the journal key comes only from beside the backup.
    monkeypatch.setenv("PISHKHAN_CONFIG_DIR", str(tmp_path / "new-config"))
    from app.services.common import forget_journal_keys

    forget_journal_keys()
    from ui.main_window import MainWindow

    window = MainWindow(tmp_path / "new" / "pishkhan.db")
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: "first_run" in window.screens, timeout=20_000)
    first_run = window.screens["first_run"]
    assert first_run.restore_button.isVisible()

    from ui import admin_restore

    opened: list[admin_restore.AdminRestoreDialog] = []
    monkeypatch.setattr("ui.first_run.open_dialog", lambda dialog: (opened.append(dialog), dialog.show()))
    first_run.restore_button.click()
    dialog = opened[0]
    monkeypatch.setattr(dialog.panel, "ask_file", lambda: str(made.path))
    monkeypatch.setattr(dialog.panel, "ask_confirm", lambda _text: True)
    dialog.panel.choose()
    qtbot.waitUntil(lambda: dialog.panel.restore_button.isEnabled(), timeout=20_000)
    dialog.panel.restore_button.click()
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.screens.get("login"), timeout=30_000)
    qtbot.waitUntil(lambda: window.screens["login"].users.count() == 3, timeout=20_000)
    assert [n for n, _ in login_names(window.desk.db)] == ["owner", "clerk1", "clerk2"]
    assert login(window.desk.db, "owner", "1234").role == "owner"
    assert os.path.exists(tmp_path / "new-config" / "keys")
    QApplication.processEvents()
