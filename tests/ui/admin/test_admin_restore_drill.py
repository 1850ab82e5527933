"""The backup → restore → verify drill: onto a new computer (a fresh config folder, a new data path, no
journal key) through the restore dialog, and over the open database on the same computer."""
from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from admin_testkit import PINS, actor, settle
from desks import desk_of
from sqlalchemy import text

from app.db import Database, open_database
from app.errors import PermissionDenied, UserError
from app.journal import key_path
from app.services import backup_schedule as bs
from app.services.auth import login
from app.services.verify import verify_file
from ui.admin_backup import AdminBackupScreen
from ui.admin_common import select_row
from ui.admin_restore import AdminRestoreDialog


def counts(path: Path) -> tuple[int, int, int]:
    conn = sqlite3.connect(path)
    try:
        return tuple(conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]  # type: ignore[return-value]
                     for t in ("txn", "tariff", "staff"))
    finally:
        conn.close()


@pytest.fixture
def made(office: Database, tmp_path: Path) -> Path:
    usb = tmp_path / "usb"
    usb.mkdir()
    owner = actor(office, "owner")
    bs.save_backup_settings(office, owner, str(usb), 7, 12)
    return bs.backup_now(office, owner).path


def new_computer(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, usb_backup: Path) -> tuple[Path, Path]:
    """The USB drive carried to a new computer: only the .db and its .key travel."""
    carried = tmp_path / "new-pc-usb"
    carried.mkdir()
    for suffix in (".db", ".key"):
        source = usb_backup.with_suffix(suffix)
        (carried / source.name).write_bytes(source.read_bytes())
    monkeypatch.setenv("PISHKHAN_CONFIG_DIR", str(tmp_path / "new-pc-config"))
    monkeypatch.setenv("PISHKHAN_DATA_DIR", str(tmp_path / "new-pc-data"))
    return carried / usb_backup.name, tmp_path / "new-pc-data" / "pishkhan.db"


def test_drill_on_a_new_computer_through_the_dialog(gui, office: Database, made: Path, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    before = counts(office.path)
    office.close()
    backup, target = new_computer(tmp_path, monkeypatch, made)
    fresh = open_database(target, create=True)  # what the first-run screen has: a database with no office
    dialog = AdminRestoreDialog(desk_of(fresh))
    gui.addWidget(dialog)
    dialog.panel.ask_file = lambda: str(backup)
    dialog.panel.ask_confirm = lambda text: True
    dialog.panel.choose_button.click()
    settle(gui, dialog.panel)
    values = {k: v.text() for k, v in dialog.panel.values.items()}
    assert "1247" in values["office"] and "۱۲۴۷" in values["code"]
    assert values["made"].strip("\u200f").startswith("۱۴") and values["check"] == "✔ سالم"
    assert values["key"] == "کنار فایل پشتیبان"
    assert "هنوز دفتری ندارد" in dialog.panel.note.text()

    with gui.waitSignal(dialog.restored, timeout=20_000) as restored:
        dialog.panel.restore_button.click()
    settle(gui, dialog.panel)
    result = restored.args[0]
    assert result.report.ok and result.database == target
    assert dialog.panel.message.kind == "info" and "بازگردانده و بررسی شد" in dialog.panel.message.text()

    assert key_path(bs.inspect_backup(backup).install_id).exists()  # the key came back with the backup
    assert counts(target) == before
    assert verify_file(target).ok
    reopened = open_database(target)
    try:
        assert login(reopened, "owner", PINS["owner"]).role == "owner"
        assert login(reopened, "clerk1", PINS["clerk1"]).role == "clerk"
        with reopened.read() as s:
            assert s.execute(text("SELECT COUNT(*) FROM journal WHERE action = 'restore'")).scalar() == 1
    finally:
        reopened.close()


def test_a_backup_without_its_key_on_a_new_computer_is_explained(office: Database, made: Path, tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    office.close()
    backup, _target = new_computer(tmp_path, monkeypatch, made)
    backup.with_suffix(".key").unlink()
    info = bs.inspect_backup(backup)
    assert info.problem is not None and backup.with_suffix(".key").name in info.problem


def test_first_run_restore_refused_over_an_office(office: Database, made: Path) -> None:
    with pytest.raises(UserError, match="already has an office"):
        bs.restore_first_run(office, made)


def test_restore_over_the_open_database_as_owner(gui, office: Database, made: Path) -> None:
    owner = actor(office, "owner")
    from app.services.staff import add_staff

    add_staff(office, owner, "later", "کارمند بعدی", "clerk", "4444")  # made after the backup
    screen = AdminBackupScreen(desk_of(office, owner))
    gui.addWidget(screen)
    settle(gui, screen)
    assert [b.path for b in screen.backups] == [made]
    select_row(screen.files, 0)
    assert screen.restore_button.isEnabled()
    screen.restore_button.click()
    dialog = screen.restore_dialog
    settle(gui, dialog.panel)
    assert dialog.panel.restore_button.isEnabled()
    dialog.panel.ask_confirm = lambda text: True
    with gui.waitSignal(screen.restored, timeout=20_000) as restored:
        dialog.panel.restore_button.click()
    result = restored.args[0]
    assert result.report.ok and result.aside is not None and result.aside.exists()
    assert verify_file(office.path).ok
    with office.read() as s:  # the same Database object reconnects to the restored file
        assert s.execute(text("SELECT COUNT(*) FROM staff WHERE username = 'later'")).scalar() == 0
    aside = sqlite3.connect(result.aside)
    assert aside.execute("SELECT COUNT(*) FROM staff WHERE username = 'later'").fetchone()[0] == 1
    aside.close()


def test_a_tampered_backup_is_refused(gui, office: Database, made: Path) -> None:
    conn = sqlite3.connect(made)
    triggers = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")]
    for name in triggers:
        conn.execute(f"DROP TRIGGER {name}")
    conn.execute("UPDATE txn SET citizen_name = 'someone else' WHERE id = 1")
    conn.commit()
    conn.close()
    dialog = AdminRestoreDialog(desk_of(office, actor(office, "owner")), made)
    gui.addWidget(dialog)
    settle(gui, dialog.panel)
    assert dialog.panel.values["check"].text().startswith("✘")
    assert dialog.panel.message.kind == "error"
    assert not dialog.panel.restore_button.isEnabled()
    with pytest.raises(UserError):
        bs.restore_backup(office, actor(office, "owner"), made)
    assert verify_file(office.path).ok


def test_only_the_owner_restores(gui, office: Database, made: Path) -> None:
    manager = actor(office, "manager1")
    dialog = AdminRestoreDialog(desk_of(office, manager), made)
    gui.addWidget(dialog)
    settle(gui, dialog.panel)
    assert dialog.panel.values["check"].text() == "✔ سالم"  # a manager may look
    assert not dialog.panel.restore_button.isEnabled()  # but not restore
    dialog.panel.ask_confirm = lambda text: True
    dialog.panel.restore()  # even past the disabled button, the service refuses
    settle(gui, dialog.panel)
    assert dialog.panel.message.kind == "error"
    for who in ("manager1", "clerk1"):
        with pytest.raises(PermissionDenied):
            bs.restore_backup(office, actor(office, who), made)
    assert not any(p.name.startswith("office.db.replaced") for p in office.path.parent.iterdir())

