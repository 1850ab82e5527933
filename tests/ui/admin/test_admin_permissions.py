"""Every administration service refuses a clerk in the service layer (not only in the screens), changes
nothing when it refuses, and every administration screen shows a clerk the refusal with its actions off."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from admin_testkit import actor, settle, tariff_table, write_csv
from desks import desk_of
from PySide6.QtWidgets import QLabel, QPushButton
from sqlalchemy import text

from app.db import Database
from app.errors import AuthError, PermissionDenied
from app.services import backup_schedule as bs
from app.services.office import set_setting, update_office
from app.services.staff import add_staff, list_staff, update_staff
from app.services.tariffs import export_tariffs, import_tariffs
from app.settings_registry import PRINTER


def journal_length(db: Database) -> int:
    with db.read() as s:
        return int(s.execute(text("SELECT COUNT(*) FROM journal")).scalar_one())


@pytest.fixture
def usb(office: Database, tmp_path: Path) -> Path:
    folder = tmp_path / "usb"
    folder.mkdir()
    bs.save_backup_settings(office, actor(office, "owner"), str(folder), 7, 12)
    return folder


def calls(db: Database, usb: Path, tmp_path: Path) -> dict[str, Callable[[Any], object]]:
    """Each administration use case, as the given actor would ask for it."""
    table = write_csv(tmp_path / "t.csv", tariff_table(db))
    backup = bs.backup_now(db, actor(db, "owner")).path
    return {
        "office settings": lambda a: update_office(db, a, {"name": "دفتر دیگر"}),
        "printer setting": lambda a: set_setting(db, a, PRINTER, "{}"),
        "backup settings": lambda a: bs.save_backup_settings(db, a, str(usb), 3, 3),
        "daily backup": lambda a: bs.run_due_backups(db, a),
        "day close backup": lambda a: bs.backup_at_day_close(db, a),
        "backup now": lambda a: bs.backup_now(db, a),
        "restore": lambda a: bs.restore_backup(db, a, backup),
        "list staff": lambda a: list_staff(db, a),
        "add staff": lambda a: add_staff(db, a, "clerk9", "نام", "clerk", "5678"),
        "change role": lambda a: update_staff(db, a, "clerk2", role="manager"),
        "deactivate": lambda a: update_staff(db, a, "clerk2", active=False),
        "lift lockout": lambda a: update_staff(db, a, "clerk2", unlock=True),
        "reset PIN": lambda a: update_staff(db, a, "clerk2", pin="5678"),
        "import tariffs": lambda a: import_tariffs(db, a, table),
        "export tariffs": lambda a: export_tariffs(db, a, tmp_path / "out.csv"),
    }


# The daily backup is not here: it runs whoever is logged in, a clerk too (test_admin_wiring).
CASES = ["office settings", "printer setting", "backup settings", "day close backup",
         "backup now", "restore", "list staff", "add staff", "change role", "deactivate", "lift lockout",
         "reset PIN", "import tariffs", "export tariffs"]
OWNER_ONLY = {"restore", "reset PIN"}


@pytest.mark.parametrize("case", CASES)
def test_a_clerk_is_refused_and_nothing_changes(office: Database, usb: Path, tmp_path: Path, case: str) -> None:
    call = calls(office, usb, tmp_path)[case]
    files, journal = sorted(usb.iterdir()), journal_length(office)
    with pytest.raises(PermissionDenied) as refused:
        call(actor(office, "clerk1"))
    assert "متصدی" in refused.value.message()
    assert sorted(usb.iterdir()) == files and journal_length(office) == journal
    assert not (tmp_path / "out.csv").exists()


@pytest.mark.parametrize("case", sorted(OWNER_ONLY))
def test_a_manager_is_refused_what_only_the_owner_does(office: Database, usb: Path, tmp_path: Path,
                                                       case: str) -> None:
    call = calls(office, usb, tmp_path)[case]
    journal = journal_length(office)
    with pytest.raises(PermissionDenied):
        call(actor(office, "manager1"))
    assert journal_length(office) == journal


def test_a_deactivated_manager_holding_a_stale_login_is_refused(office: Database, usb: Path, tmp_path: Path) -> None:
    manager = actor(office, "manager1")
    update_staff(office, actor(office, "owner"), "manager1", active=False)
    with pytest.raises(AuthError):
        bs.backup_now(office, manager)
    with pytest.raises(AuthError):
        update_office(office, manager, {"name": "دفتر دیگر"})


def _screens() -> list[tuple[str, Callable[[Any], Any]]]:
    from ui.admin_backup import AdminBackupScreen
    from ui.admin_restore import AdminRestoreDialog
    from ui.admin_settings import AdminSettingsScreen
    from ui.admin_staff import AdminStaffScreen
    from ui.admin_tariffs import AdminTariffImportScreen

    return [("staff", AdminStaffScreen), ("settings", AdminSettingsScreen), ("tariffs", AdminTariffImportScreen),
            ("backup", AdminBackupScreen), ("restore", AdminRestoreDialog)]


@pytest.mark.parametrize("name", ["staff", "settings", "tariffs", "backup", "restore"])
def test_every_screen_refuses_a_clerk(gui, office: Database, name: str) -> None:  # type: ignore[no-untyped-def]
    screen = dict(_screens())[name](desk_of(office, actor(office, "clerk1")))
    gui.addWidget(screen)
    screen.show()
    page = getattr(screen, "panel", screen)
    settle(gui, getattr(page, "office", page))
    acting = [b for b in screen.findChildren(QPushButton) if b.isEnabled() and b.isVisible() and b.text() != "بستن"]
    assert [b.text() for b in acting] == []
    said = " ".join(label.text() for label in screen.findChildren(QLabel) if label.isVisible())
    assert "نقش شما (متصدی) اجازه این کار را ندارد" in said
