"""The backup screen: choose the folder (a USB drive), how many copies are kept, back up now, the last
good backup or the warning; and the banner the owner's dashboard shows."""
from __future__ import annotations

from pathlib import Path

from admin_testkit import actor, settle
from desks import desk_of

from app.db import Database
from app.services import backup_schedule as bs
from ui.admin_backup import AdminBackupScreen, BackupStatusBanner


def open_screen(gui, db: Database, username: str = "owner") -> AdminBackupScreen:  # type: ignore[no-untyped-def]
    screen = AdminBackupScreen(desk_of(db, actor(db, username)))
    gui.addWidget(screen)
    screen.show()
    settle(gui, screen)
    return screen


def test_choose_a_folder_back_up_and_see_it(gui, office: Database, tmp_path: Path) -> None:
    usb = tmp_path / "usb"
    usb.mkdir()
    screen = open_screen(gui, office)
    assert screen.banner.text() == ("هنوز هیچ پشتیبانی از این دفتر گرفته نشده است. در تنظیمات پشتیبان‌گیری یک پوشهٔ "
                                    "پشتیبان (مثلاً فلش USB) انتخاب کنید.")
    assert "background:#fdecea" in screen.banner.styleSheet()  # shown as a warning
    screen.ask_folder = lambda: str(usb)
    screen.choose_button.click()
    screen.keep_daily.setValue(5)
    screen.keep_monthly.setValue(6)
    screen.save_button.click()
    settle(gui, screen)
    assert bs.backup_settings(office) == bs.BackupSettings(str(usb), 5, 6)
    assert screen.disk_note.isVisible()  # the test's folder is on the database's own disk

    screen.backup_button.click()
    settle(gui, screen)
    assert screen.message.kind == "info" and "usb" in screen.message.text()
    assert len(screen.backups) == 1 and screen.files.rowCount() == 1
    assert screen.files.item(0, 1).text() == "دستی" and screen.files.item(0, 3).text() == "دارد"
    assert screen.banner.text().startswith("آخرین پشتیبان سالم: ۱۴")
    assert "background:#e8f4ea" in screen.banner.styleSheet()


def test_a_missing_folder_is_refused(gui, office: Database, tmp_path: Path) -> None:
    screen = open_screen(gui, office)
    screen.folder.setText(str(tmp_path / "E-drive-not-plugged"))
    screen.save_button.click()
    settle(gui, screen)
    assert screen.message.kind == "error" and "USB" in screen.message.text()
    assert bs.backup_settings(office).folder == ""
    screen.backup_button.click()
    settle(gui, screen)
    assert screen.message.kind == "error"


def test_banner_for_the_dashboard(gui, office: Database, tmp_path: Path) -> None:
    usb = tmp_path / "usb"
    usb.mkdir()
    bs.save_backup_settings(office, actor(office, "owner"), str(usb), 7, 12)
    bs.backup_now(office, actor(office, "owner"))
    banner = BackupStatusBanner(desk_of(office))
    gui.addWidget(banner)
    banner.refresh()
    gui.waitUntil(lambda: banner.status is not None, timeout=20_000)
    assert banner.status.warning is None and banner.text().startswith("آخرین پشتیبان سالم")


def test_a_clerk_is_refused(gui, office: Database, tmp_path: Path) -> None:
    screen = open_screen(gui, office, "clerk1")
    assert screen.message.kind == "error" and "متصدی" in screen.message.text()
    for button in (screen.choose_button, screen.save_button, screen.backup_button, screen.restore_button,
                   screen.restore_other_button):
        assert not button.isEnabled()
    usb = tmp_path / "usb"
    usb.mkdir()
    screen.folder.setText(str(usb))
    screen.save()  # past the disabled buttons: the service refuses
    settle(gui, screen)
    assert screen.message.kind == "error" and bs.backup_settings(office).folder == ""


def test_a_manager_backs_up_but_does_not_restore(gui, office: Database, tmp_path: Path) -> None:
    usb = tmp_path / "usb"
    usb.mkdir()
    bs.save_backup_settings(office, actor(office, "owner"), str(usb), 7, 12)
    screen = open_screen(gui, office, "manager1")
    assert screen.backup_button.isEnabled() and not screen.restore_other_button.isEnabled()
    screen.backup_button.click()
    settle(gui, screen)
    assert len(screen.backups) == 1 and not screen.restore_button.isEnabled()
