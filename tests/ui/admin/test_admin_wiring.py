"""How the administration screens join the main window: ui/pages.py lists their pages for the owner and
managers, each built on the desk's one database thread; the window starts the automatic daily backup."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from admin_testkit import actor
from PySide6.QtWidgets import QMainWindow

from app.db import Database
from app.services import backup_schedule as bs
from app.services.office import office_settings
from ui.admin_backup import AdminBackupScreen
from ui.admin_settings import AdminSettingsScreen
from ui.admin_staff import AdminStaffScreen
from ui.admin_tariffs import AdminTariffImportScreen
from ui.daily_backup import DailyBackup
from ui.desk import Desk
from ui.pages import PAGES
from ui.runner import Runner

MINE = ("Staff", "Settings", "Tariff update", "Backups")


class Window(QMainWindow):
    """What the pages need of the main window (ui.pages.PageHost): `logout` and a status bar; and the
    desk with its runner."""

    def __init__(self, db: Database, username: str) -> None:
        super().__init__()
        self.runner, self.printer = Runner(self), Runner(self)
        self.desk = Desk(db, self.runner, self.printer, actor(db, username), office_settings(db))
        self.logged_out = 0
        self.pages: list[tuple[str, Any, tuple[str, ...]]] = [
            (page.title, page.open, page.roles) for title in MINE for page in PAGES if page.title == title]
        self.daily_backup = DailyBackup(self)

    def logout(self) -> None:
        self.logged_out += 1


def registered(gui, office: Database, username: str = "owner") -> Window:  # type: ignore[no-untyped-def]
    window = Window(office, username)
    gui.addWidget(window)
    return window


def test_pages_for_the_owner_and_managers(gui, office: Database) -> None:
    window = registered(gui, office)
    assert [(t, r) for t, _f, r in window.pages] == [(title, ("owner", "manager")) for title in MINE]
    kinds = [AdminStaffScreen, AdminSettingsScreen, AdminTariffImportScreen, AdminBackupScreen]
    for (_title, factory, _roles), kind in zip(window.pages, kinds, strict=True):
        page = factory(window.desk, window)
        assert isinstance(page, kind)
        gui.waitUntil(lambda p=page: p.idle, timeout=20_000)
        assert getattr(page, "runner", window.runner) is window.runner  # the desk's one database thread


def test_a_saved_setting_reaches_the_desk(gui, office: Database) -> None:
    window = registered(gui, office)
    settings = window.pages[1][1](window.desk, window)
    gui.waitUntil(lambda: settings.idle, timeout=20_000)
    settings.office.unit.setCurrentIndex(settings.office.unit.findData("toman"))
    with gui.waitSignal(settings.office.saved, timeout=20_000):
        settings.office.save_button.click()
    assert window.desk.office.display_unit == "toman" and window.desk.unit == "toman"
    assert window.desk.money(350_000) == "۳۵٬۰۰۰"  # the counter's figures read in the new unit at once


def test_the_daily_backup_runs_for_an_owner_once_a_day(gui, office: Database, tmp_path: Path) -> None:
    usb = tmp_path / "usb"
    usb.mkdir()
    bs.save_backup_settings(office, actor(office, "owner"), str(usb), 7, 12)
    window = registered(gui, office, "manager1")
    daily: DailyBackup = window.daily_backup  # type: ignore[attr-defined]
    assert daily.timer.isActive()
    daily.tick()
    gui.waitUntil(lambda: not window.runner.busy, timeout=20_000)
    assert len(bs.list_backups(usb)) == 1
    assert window.statusBar().currentMessage().startswith("پشتیبان روزانه نوشته و بررسی شد")
    daily.tick()  # today already has one
    gui.waitUntil(lambda: not window.runner.busy, timeout=20_000)
    assert len(bs.list_backups(usb)) == 1


def test_the_daily_backup_says_why_it_failed(gui, office: Database, tmp_path: Path) -> None:
    usb = tmp_path / "usb"
    usb.mkdir()
    bs.save_backup_settings(office, actor(office, "owner"), str(usb), 7, 12)
    usb.rmdir()  # the drive was taken away
    window = registered(gui, office)
    window.daily_backup.tick()  # type: ignore[attr-defined]
    gui.waitUntil(lambda: not window.runner.busy, timeout=20_000)
    assert window.statusBar().currentMessage().startswith("پشتیبان روزانه گرفته نشد")


def test_the_daily_backup_is_made_on_a_day_only_a_clerk_works(gui, office: Database, tmp_path: Path) -> None:
    usb = tmp_path / "usb"
    usb.mkdir()
    bs.save_backup_settings(office, actor(office, "owner"), str(usb), 7, 12)
    window = registered(gui, office, "clerk1")
    window.daily_backup.tick()  # type: ignore[attr-defined]
    gui.waitUntil(lambda: not window.runner.busy, timeout=20_000)
    assert len(bs.list_backups(usb)) == 1
    window.daily_backup.tick()  # type: ignore[attr-defined]  # one a day: nothing more is due
    gui.waitUntil(lambda: not window.runner.busy, timeout=20_000)
    assert len(bs.list_backups(usb)) == 1


def test_a_restore_logs_everyone_out(gui, office: Database, tmp_path: Path) -> None:
    usb = tmp_path / "usb"
    usb.mkdir()
    bs.save_backup_settings(office, actor(office, "owner"), str(usb), 7, 12)
    made = bs.backup_now(office, actor(office, "owner"))
    window = registered(gui, office)
    screen = window.pages[3][1](window.desk, window)
    gui.waitUntil(lambda: screen.idle, timeout=20_000)
    screen.open_restore(screen.backups[0])
    panel = screen.restore_dialog.panel
    gui.waitUntil(lambda: panel.info is not None, timeout=20_000)
    assert panel.info.path == made.path
    panel.ask_confirm = lambda text: True
    panel.restore_button.click()
    gui.waitUntil(lambda: window.logged_out == 1, timeout=20_000)


def test_the_real_main_window_picks_up_the_pages(gui, office: Database) -> None:
    from ui.main_window import MainWindow

    office.close()
    window = MainWindow(office.path)
    gui.addWidget(window, before_close_func=lambda w: w.shutdown())
    with gui.waitSignal(window.ready, timeout=20_000):
        window.show()
    assert set(MINE) <= {page.title for page in window.pages}
    gui.waitUntil(lambda: isinstance(window.daily_backup, DailyBackup), timeout=20_000)
