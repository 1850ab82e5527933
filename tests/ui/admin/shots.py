"""Screenshots of the office administration screens as the owner sees them (Persian, RTL, Vazirmatn).

    QT_QPA_PLATFORM=offscreen python tests/ui/admin/shots.py OUT_DIR
"""
from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
sys.path[:0] = [str(ROOT), str(Path(__file__).resolve().parent), str(Path(__file__).resolve().parents[2])]  # tests/: desks.py


def main(out: Path) -> None:
    home = Path(tempfile.mkdtemp(prefix="pishkhan-shots-"))
    os.environ["PISHKHAN_CONFIG_DIR"] = str(home / "config")
    os.environ["PISHKHAN_DATA_DIR"] = str(home / "data")
    from admin_testkit import PINS, actor, tariff_table, write_csv
    from desks import desk_of
    from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer

    from app.db import open_database
    from app.demo import build_demo
    from app.services.auth import login
    from app.services.backup_schedule import backup_now, save_backup_settings
    from app.services.staff import add_staff
    from ui.app import create_application

    app = create_application([])
    db = open_database(home / "office.db", create=True)
    owner = build_demo(db, days=2)
    add_staff(db, owner, "manager1", "مریم صالحی", "manager", PINS["manager1"])
    for _ in range(5):
        try:
            login(db, "clerk2", "0000")
        except Exception:
            pass
    folder = home / "backups"
    folder.mkdir()
    save_backup_settings(db, owner, str(folder), 7, 12)
    made = backup_now(db, owner)
    out.mkdir(parents=True, exist_ok=True)

    def wait(widget) -> None:  # type: ignore[no-untyped-def]
        for _ in range(200):
            QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
            if getattr(widget, "idle", True):
                break
        loop = QEventLoop()
        QTimer.singleShot(200, loop.quit)
        loop.exec()

    def shot(widget, name: str, size: tuple[int, int] = (1100, 720)) -> None:  # type: ignore[no-untyped-def]
        widget.resize(*size)
        widget.show()
        wait(widget)
        widget.grab().save(str(out / f"{name}.png"))
        print(out / f"{name}.png")

    from ui.admin_backup import AdminBackupScreen
    from ui.admin_restore import AdminRestoreDialog
    from ui.admin_settings import AdminSettingsScreen
    from ui.admin_staff import AdminStaffScreen
    from ui.admin_tariffs import AdminTariffImportScreen

    desk = desk_of(db, owner)
    staff = AdminStaffScreen(desk)
    shot(staff, "staff")
    staff.select("clerk2")
    shot(staff, "staff-locked")
    settings = AdminSettingsScreen(desk)
    shot(settings, "settings-office", (1000, 820))
    if settings.printer is not None:
        settings.tabs.setCurrentIndex(1)
        shot(settings, "settings-printer", (1000, 820))
    clerk_settings = AdminSettingsScreen(desk_of(db, actor(db, "clerk1")))
    shot(clerk_settings, "settings-clerk", (1000, 820))

    tariffs = AdminTariffImportScreen(desk)
    from ui.admin_tariffs import next_new_year

    rows = tariff_table(db, next_new_year(dt.date.today()))
    rows[0][4] = str(int(rows[0][4]) + 70000)
    rows[1][5] = "12"
    del rows[3]
    rows.append(["9901", rows[0][1], "صدور گواهی امضای الکترونیک", "0", "450000", "10", "0", "0", rows[0][8]])
    good = write_csv(home / "tariffs-1405.csv", rows)
    tariffs.load_file(good)
    shot(tariffs, "tariffs-good", (1200, 760))
    calendar = tariffs.date.calendarWidget()
    shot(calendar, "calendar", (360, 260))
    undated = write_csv(home / "tariffs-undated.csv", [r[:8] + [""] for r in rows])
    tariffs_undated = AdminTariffImportScreen(desk)
    tariffs_undated.load_file(undated)
    shot(tariffs_undated, "tariffs-undated", (1200, 760))
    bad_rows = [list(r) for r in rows[:6]]
    bad_rows[1][4] = "سیصد هزار"
    bad_rows[2][5] = "-1000"
    bad_rows[3][0] = bad_rows[0][0]
    bad_rows[4][1] = "سازمان ناشناخته"
    bad_rows[5] = bad_rows[5][:7]
    bad = write_csv(home / "tariffs-bad.csv", bad_rows)
    tariffs2 = AdminTariffImportScreen(desk)
    tariffs2.load_file(bad)
    shot(tariffs2, "tariffs-bad", (1200, 760))

    backup_screen = AdminBackupScreen(desk)
    shot(backup_screen, "backup", (1000, 760))
    dialog = AdminRestoreDialog(desk, made.path)
    shot(dialog, "restore", (760, 560))
    fresh = open_database(home / "new-computer.db", create=True)
    first_run = AdminRestoreDialog(desk_of(fresh), made.path)
    shot(first_run, "restore-first-run", (760, 560))
    del app


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/admin-shots"))
