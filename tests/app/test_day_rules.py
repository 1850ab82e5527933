"""Operations that cannot double-book: a day is closed once, only after it began; a sale after the
close belongs to the next business day but is charged the tariff of its calendar day; a backup that
does not finish leaves nothing that looks finished and nothing in the journal."""
from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest
from app_testkit import PINS, actor, clone, one_line, run_cli, utc

from app.db import Database, open_database
from app.errors import CheckFailed, UserError
from app.jalali import local_day
from app.services import backup as backup_service
from app.services import shifts
from app.services.dayclose import close_day
from app.services.sales import LineRequest, SaleRequest, record_sale


@pytest.fixture
def office(office_template: Path, tmp_path: Path) -> Database:
    db = open_database(clone(office_template, tmp_path / "office.db"))
    yield db
    db.close()


def test_a_repeated_close_day_closes_one_day_and_books_the_next_sale_one_day_on(office: Database) -> None:
    owner, clerk = actor(office, "owner"), actor(office, "clerk1")
    morning = utc(2026, 12, 2, 6, 0)  # 09:30 in Tehran
    shifts.open_shift(office, clerk, 0, at=morning)
    record_sale(office, clerk, SaleRequest((LineRequest("1001"),)), at=morning)
    shifts.close_shift(office, clerk, 385_000, at=morning + dt.timedelta(hours=1))
    closed = close_day(office, owner, at=morning + dt.timedelta(hours=2))
    today = local_day(morning)
    assert closed.business_day == today
    for minutes in (1, 2, 3):  # run again (a script, a double click) on the same calendar day
        with pytest.raises(UserError, match="has not begun"):
            close_day(office, owner, at=morning + dt.timedelta(hours=2, minutes=minutes))
    with pytest.raises(UserError, match="already closed"):
        close_day(office, owner, today, at=morning + dt.timedelta(hours=3))
    with office.read() as s:
        from sqlalchemy import text

        assert s.execute(text("SELECT COUNT(*) FROM day_close")).scalar() == 1
    shifts.open_shift(office, clerk, 0, at=morning + dt.timedelta(hours=4))
    late = record_sale(office, clerk, SaleRequest((LineRequest("1001"),)), at=morning + dt.timedelta(hours=5))
    assert late.business_day == today + dt.timedelta(days=1)  # one day on, never four


def test_a_sale_after_the_close_is_charged_its_calendar_days_tariff(office: Database) -> None:
    """A new tariff that starts tomorrow is not charged tonight, though tonight's sales count towards
    tomorrow's business day (the day's totals are frozen)."""
    owner, clerk = actor(office, "owner"), actor(office, "clerk1")
    evening = utc(2026, 12, 2, 15, 0)  # 18:30 in Tehran
    today = local_day(evening)
    tomorrow = today + dt.timedelta(days=1)
    with office.write() as s:
        from app.services.tariffs import add_tariff

        service_id = s.execute(__import__("sqlalchemy").text("SELECT id FROM service WHERE code = '1001'")).scalar()
        add_tariff(s, owner.id, evening, {"service_id": service_id, "effective_from": tomorrow.isoformat(),
                                          "agency_fee": 0, "office_fee": 999_000, "vat_bp": 1000, "vat_included": 0,
                                          "variable_agency_fee": 0, "agency_fee_min": 0, "agency_fee_max": 0})
    close_day(office, owner, at=evening)
    shifts.open_shift(office, clerk, 0, at=evening)
    sale = record_sale(office, clerk, SaleRequest((LineRequest("1001"),)), at=evening + dt.timedelta(minutes=5))
    assert sale.business_day == tomorrow
    assert sale.grand_total == 385_000  # today's tariff, not tomorrow's 999,000


def test_close_day_from_the_command_line_twice(office: Database) -> None:
    office.close()
    path = office.path
    owner = ["--user", "owner", "--pin", PINS["owner"], "--db", path, "--lang", "en"]
    assert run_cli("close-day", *owner).code == 0
    again = run_cli("close-day", *owner)
    assert again.code == 2 and "has not begun" in one_line(again.stderr)
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT COUNT(*) FROM day_close").fetchone()[0] == 1
    conn.close()


def test_days_an_older_version_closed_before_they_began_are_shown(tmp_path: Path) -> None:
    """The repair path for books version 0.1 double-closed (tests/app/data/v1-double-close.db: its
    close-day run four times on 1405-08-29): the books upgrade and verify, and verify names each day
    closed before it began. Closed days are never rewritten; the notice tells the owner which day
    totals hold sales of later days."""
    from app_testkit import old_database

    path = old_database("v1-double-close", tmp_path / "office.db")
    open_database(path).close()
    result = run_cli("verify", "--db", path, "--lang", "en")
    assert result.code == 0, result
    notices = [line for line in result.stderr.splitlines() if "before it began" in line]
    assert len(notices) == 3, result.stderr
    assert "1405-08-30" in notices[0] or "۱۴۰۵-۰۸-۳۰" in notices[0], notices


# --- a backup that does not finish ------------------------------------------------------------------

def test_an_interrupted_backup_leaves_no_finished_file_and_no_journal_line(office: Database, tmp_path: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "usb"

    def pulled_out(*_args: object, **_kwargs: object) -> None:
        raise OSError(5, "Input/output error")  # the USB drive is pulled out while the copy is checked

    monkeypatch.setattr(backup_service.seal, "write", pulled_out)
    with pytest.raises(OSError):
        backup_service.backup(office, actor(office, "owner"), folder)
    monkeypatch.undo()
    assert not list(folder.glob("*.db"))  # only a `.part` is left, never a name that looks finished
    with office.read() as s:
        from sqlalchemy import text

        assert s.execute(text("SELECT COUNT(*) FROM journal WHERE action = 'backup'")).scalar() == 0
    made = backup_service.backup(office, actor(office, "owner"), folder)
    assert sorted(p.name for p in folder.iterdir() if p.suffix == ".db") == [made.path.name]
    assert not list(folder.glob("*.part"))  # the next backup clears what the interrupted one left


def test_a_backup_whose_copy_fails_its_check_is_not_kept(office: Database, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    from app.services.verify import VerifyReport

    monkeypatch.setattr(backup_service, "verify_file", lambda *a, **k: VerifyReport(problems=["broken"]))
    with pytest.raises(CheckFailed, match="failed verification"):
        backup_service.backup(office, actor(office, "owner"), tmp_path / "usb", full=False)
    assert not list((tmp_path / "usb").iterdir())
