"""The backup schedule: daily and day-close backups into the chosen folder, rotation, the last good
backup and the two-day warning. Service level: no Qt."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import jdatetime
import pytest
from app_testkit import actor, journal_payloads

from app.db import Database
from app.errors import CheckFailed, UserError
from app.jalali import TEHRAN
from app.services import backup as backup_module
from app.services import backup_schedule as bs
from app.services.verify import VerifyReport, verify_file


def at(day: dt.date, hour: int = 10, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), TEHRAN).astimezone(dt.UTC)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    path = tmp_path / "usb" / "backups"
    path.mkdir(parents=True)
    return path


@pytest.fixture
def configured(history_db: Database, folder: Path) -> Database:
    bs.save_backup_settings(history_db, actor(history_db, "owner"), str(folder), 3, 2)
    return history_db


# --- rotation ----------------------------------------------------------------------------------


def fake_backup(folder: Path, code: str, when: dt.datetime, label: str = "daily", key: bool = True) -> Path:
    path = folder / f"pishkhan-{code}-{when.strftime('%Y%m%d-%H%M%S')}-{label}.db"
    path.write_bytes(b"x")
    if key:
        path.with_suffix(".key").write_text("00")
    return path


def expected_kept(files: list[tuple[dt.datetime, Path]], days: int, months: int) -> set[Path]:
    """The rule written out plainly: newest per day for the last `days` days that have a backup, newest
    per Jalali month for the last `months` months that have one."""
    newest = sorted(files, reverse=True)
    by_day: dict[dt.date, Path] = {}
    by_month: dict[tuple[int, int], Path] = {}
    for when, path in newest:
        by_day.setdefault(when.date(), path)
        j = jdatetime.date.fromgregorian(date=when.date())
        by_month.setdefault((j.year, j.month), path)
    recent_days = sorted(by_day, reverse=True)[:days]
    recent_months = sorted(by_month, reverse=True)[:months]
    return {by_day[d] for d in recent_days} | {by_month[m] for m in recent_months}


def test_rotation_keeps_n_daily_and_m_monthly_over_months(folder: Path) -> None:
    start = dt.datetime(2025, 1, 5, 9, 0, tzinfo=TEHRAN)
    files = []
    for i in range(0, 150, 2):  # every other day for five months, twice on some days
        when = start + dt.timedelta(days=i)
        files.append((when, fake_backup(folder, "1247", when)))
        if i % 6 == 0:
            evening = when + dt.timedelta(hours=9)
            files.append((evening, fake_backup(folder, "1247", evening, "dayclose")))
    other_office = fake_backup(folder, "9999", start)
    stranger = folder / "family-photos.db"
    stranger.write_bytes(b"not ours")
    odd_name = folder / "pishkhan-1247-2025.db"
    odd_name.write_bytes(b"not a backup name")

    removed = bs.rotate(folder, 7, 3, office_code="1247")

    kept = {p for p in folder.glob("pishkhan-1247-*.db") if bs.parse_backup_name(p)}
    assert kept == expected_kept(files, 7, 3)
    days_kept = sorted({w.date() for w, p in files if p in kept}, reverse=True)
    assert len(days_kept) > 7  # some copies are kept only as their month's last one
    monthly_only = [p for w, p in files if p in kept and w.date() < days_kept[6]]
    assert len(monthly_only) >= 1
    assert set(removed) == {p for _w, p in files} - kept
    assert all(not p.with_suffix(".key").exists() for p in removed)
    assert all(p.with_suffix(".key").exists() for p in kept)
    assert other_office.exists() and stranger.exists() and odd_name.exists()


def test_rotation_after_a_long_holiday_keeps_the_last_copies(folder: Path) -> None:
    old = [fake_backup(folder, "1247", dt.datetime(2024, 6, d, 12, tzinfo=TEHRAN)) for d in range(1, 6)]
    bs.rotate(folder, 3, 0)
    assert [p.exists() for p in old] == [False, False, True, True, True]


def test_rotation_refuses_to_keep_nothing(folder: Path) -> None:
    with pytest.raises(UserError):
        bs.rotate(folder, 0, 5)


# --- when backups are made ---------------------------------------------------------------------


def test_daily_backup_made_once_a_day_verified_and_rotated(configured: Database, folder: Path) -> None:
    owner = actor(configured, "owner")
    day = dt.date(2025, 11, 1)
    first = bs.run_due_backups(configured, owner, at=at(day, 8))
    assert first is not None and first.path.exists() and first.key_path.exists()
    assert verify_file(first.path, backup=True).ok
    assert bs.run_due_backups(configured, owner, at=at(day, 17)) is None  # one a day
    for i in range(1, 6):
        assert bs.run_due_backups(configured, owner, at=at(day + dt.timedelta(days=i), 8)) is not None
    kept = bs.list_backups(folder)
    # Three daily; the newest of Aban 1404 (all six days are in it) is the newest daily one.
    assert [b.taken_at.date() for b in kept] == [day + dt.timedelta(days=i) for i in (5, 4, 3)]
    assert len(journal_payloads(configured, "backup")) == 6


def test_day_close_backup_goes_beside_the_daily_one(configured: Database, folder: Path) -> None:
    owner = actor(configured, "owner")
    bs.run_due_backups(configured, owner, at=at(dt.date(2025, 11, 1), 8))
    evening = bs.backup_at_day_close(configured, owner, at=at(dt.date(2025, 11, 1), 20))
    assert evening.path.name.endswith("-dayclose.db")
    assert bs.list_backups(folder)[0].path == evening.path
    assert bs.list_backups(folder)[0].label_name == "بستن روز"


def test_no_folder_chosen(history_db: Database) -> None:
    owner = actor(history_db, "owner")
    assert bs.run_due_backups(history_db, owner) is None
    with pytest.raises(UserError, match="No backup folder"):
        bs.backup_at_day_close(history_db, owner)
    assert bs.backup_warning(history_db) == ("هنوز هیچ پشتیبانی از این دفتر گرفته نشده است. "
                                         "در تنظیمات پشتیبان‌گیری یک پوشهٔ پشتیبان (مثلاً فلش USB) انتخاب کنید.")


def test_unplugged_drive_is_said_plainly_and_nothing_is_written(configured: Database, folder: Path) -> None:
    folder.rename(folder.with_name("elsewhere"))
    with pytest.raises(UserError) as err:
        bs.backup_at_day_close(configured, actor(configured, "owner"))
    assert "USB" in err.value.message()
    assert not folder.exists()  # not silently created on the computer's own disk
    assert journal_payloads(configured, "backup") == []


def test_a_copy_that_fails_verification_is_deleted(configured: Database, folder: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(backup_module, "verify_file", lambda path, key, **_: VerifyReport(problems=["bad copy"]))
    with pytest.raises(CheckFailed):
        bs.backup_now(configured, actor(configured, "owner"))
    assert list(folder.iterdir()) == []
    assert bs.last_good_backup(configured) is None


# --- the last good backup and the warning ------------------------------------------------------


def test_last_good_backup_and_the_two_day_warning(configured: Database, folder: Path) -> None:
    owner = actor(configured, "owner")
    made = bs.run_due_backups(configured, owner, at=at(dt.date(2025, 11, 1), 9))
    assert made is not None
    last = bs.last_good_backup(configured)
    assert last is not None and last.path == made.path and last.reachable
    assert bs.backup_warning(configured, at=at(dt.date(2025, 11, 2), 20)) is None
    warning = bs.backup_warning(configured, at=at(dt.date(2025, 11, 4), 9))
    assert warning is not None and "۳ روز" in warning and "۱۴۰۴/۰۸/۱۰" in warning

    folder.rename(folder.with_name("unplugged"))  # the USB drive is in the owner's pocket
    away = bs.last_good_backup(configured)
    assert away is not None and not away.reachable and away.taken_at == last.taken_at

    folder.with_name("unplugged").rename(folder)
    made.path.unlink()  # the copy itself is gone: it no longer counts
    assert bs.last_good_backup(configured) is None


def test_last_good_backup_found_in_the_folder_when_the_journal_does_not_know_it(
        configured: Database, folder: Path, tmp_path: Path) -> None:
    """A backup made after the one that was restored (on the old computer) still counts."""
    made = bs.backup_now(configured, actor(configured, "owner"), at=at(dt.date(2025, 11, 1)))
    later = made.path.with_name(made.path.name.replace("20251101-100000", "20251105-100000"))
    later.write_bytes(made.path.read_bytes())
    later.with_suffix(".key").write_text(made.key_path.read_text())
    last = bs.last_good_backup(configured)
    assert last is not None and last.path == later


# --- settings ----------------------------------------------------------------------------------


def test_backup_settings_are_checked_and_journaled(history_db: Database, folder: Path, tmp_path: Path) -> None:
    owner = actor(history_db, "owner")
    assert bs.backup_settings(history_db) == bs.BackupSettings("", 7, 12)
    with pytest.raises(UserError):
        bs.save_backup_settings(history_db, owner, str(tmp_path / "missing"), 7, 12)
    with pytest.raises(UserError):
        bs.save_backup_settings(history_db, owner, str(folder), 0, 12)
    with pytest.raises(UserError):
        bs.save_backup_settings(history_db, owner, str(folder), 7, 500)
    assert bs.backup_settings(history_db) == bs.BackupSettings("", 7, 12)
    bs.save_backup_settings(history_db, owner, str(folder), 10, 24)
    assert bs.backup_settings(history_db) == bs.BackupSettings(str(folder), 10, 24)
    changed = journal_payloads(history_db, "settings_changed")
    assert any('"backup_folder"' in p for p in changed) and any('"backup_keep_daily"' in p for p in changed)
    assert bs.same_disk_as_database(history_db, folder)  # both under the test's tmp folder


def test_inspect_backup_describes_and_verifies(configured: Database) -> None:
    made = bs.backup_now(configured, actor(configured, "owner"), at=at(dt.date(2025, 11, 1), 9, 30))
    info = bs.inspect_backup(made.path)
    assert info.problem is None and info.key_beside
    assert info.office_code == "1247" and "1247" in info.office_name
    assert info.made_at == at(dt.date(2025, 11, 1), 9, 30)
    assert info.receipts > 0 and info.last_receipt == info.receipts


def test_inspect_a_file_that_is_not_a_backup(tmp_path: Path) -> None:
    junk = tmp_path / "pishkhan-1247-20251101-100000-daily.db"
    junk.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(CheckFailed):
        bs.inspect_backup(junk)
