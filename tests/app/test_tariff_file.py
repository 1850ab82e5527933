"""The yearly tariff table as a file: export, edit, import back; services dropped from next year's
table are still sold until that table takes effect."""
from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest
from app_testkit import actor

from app.db import HEAD_REVISION, Database, head_revision
from app.errors import UserError
from app.jalali import format_jalali
from app.services.catalogue import list_services, service_for_sale
from app.services.tariffs import HEADER, export_tariffs, import_tariffs, preview_import


def read(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def write(path: Path, rows: list[dict[str, str]]) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=HEADER)
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_the_code_knows_the_newest_migration() -> None:
    assert HEAD_REVISION == head_revision()


def test_an_exported_table_imports_back_with_nothing_to_change(office_db: Database, tmp_path: Path) -> None:
    owner = actor(office_db, "owner")
    exported = tmp_path / "tariffs.csv"
    count = export_tariffs(office_db, owner, exported)
    assert count == len(read(exported)) and count >= 40  # one row per offered service
    preview = preview_import(office_db, exported)
    assert preview.ok and not preview.changed and not preview.new_services and not preview.discontinued
    assert len(preview.unchanged) == count


def test_next_years_table_drops_a_service_only_from_its_date(office_db: Database, tmp_path: Path) -> None:
    owner = actor(office_db, "owner")
    rows = read(export_tariffs(office_db, owner, tmp_path / "now.csv") and tmp_path / "now.csv")
    today = dt.date.today()
    next_year = today + dt.timedelta(days=100)
    dropped = rows[0]["code"]
    for row in rows:
        row["effective_from"] = format_jalali(next_year)
        row["office_fee"] = str(int(row["office_fee"]) + 10_000)
    table = write(tmp_path / "next.csv", rows[1:])
    preview = import_tariffs(office_db, owner, table)
    assert [d.split()[0] for d in preview.discontinued] == [dropped]
    assert len(preview.changed) == len(rows) - 1
    with office_db.read() as session:
        today_price = service_for_sale(session, rows[1]["code"], today).tariff.office_fee
        later_price = service_for_sale(session, rows[1]["code"], next_year).tariff.office_fee
        assert later_price == today_price + 10_000  # the new table waits for its date
        assert service_for_sale(session, dropped, today).code == dropped  # still sold today
        with pytest.raises(UserError):
            service_for_sale(session, dropped, next_year)  # gone once the table takes effect
    assert dropped in {s.code for s in list_services(office_db, today)}
    assert dropped not in {s.code for s in list_services(office_db, next_year)}


def test_an_unchanged_row_adds_no_tariff(office_db: Database, tmp_path: Path) -> None:
    from sqlalchemy import text

    owner = actor(office_db, "owner")
    rows = read(export_tariffs(office_db, owner, tmp_path / "now.csv") and tmp_path / "now.csv")
    for row in rows:
        row["effective_from"] = format_jalali(dt.date.today() + dt.timedelta(days=30))
    with office_db.read() as session:
        before = session.execute(text("SELECT COUNT(*) FROM tariff")).scalar_one()
    import_tariffs(office_db, owner, write(tmp_path / "same.csv", rows))
    with office_db.read() as session:
        assert session.execute(text("SELECT COUNT(*) FROM tariff")).scalar_one() == before


def test_the_preview_refuses_what_applying_would_and_says_what_to_change(office_db: Database,
                                                                          tmp_path: Path) -> None:
    """A table whose date another table already uses for a service, with other fees: the preview used to
    say «the file is correct» and applying then failed with an ISO date; now the preview says it."""
    owner = actor(office_db, "owner")
    rows = read(export_tariffs(office_db, owner, tmp_path / "now.csv") and tmp_path / "now.csv")
    day = dt.date.today() + dt.timedelta(days=60)
    for row in rows:
        row["effective_from"] = format_jalali(day)
    rows[0]["office_fee"] = str(int(rows[0]["office_fee"]) + 10_000)  # a new fee: a tariff dated `day`
    import_tariffs(office_db, owner, write(tmp_path / "first.csv", rows))
    rows[0]["office_fee"] = str(int(rows[0]["office_fee"]) + 10_000)  # another table, the same date
    second = write(tmp_path / "second.csv", rows)
    preview = preview_import(office_db, second)
    assert not preview.ok and len(preview.errors) == 1
    error = preview.errors[0]
    shown = format_jalali(day).replace("-", "/").translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
    assert shown in error and "تاریخ شروع دیگری" in error  # the Jalali date, Persian digits, what to change
    assert not any(ch in "0123456789" for ch in error)
    with pytest.raises(UserError) as refused:
        import_tariffs(office_db, owner, second)
    assert shown in refused.value.message()
    # With another start date the same table is accepted.
    for row in rows:
        row["effective_from"] = format_jalali(day + dt.timedelta(days=1))
    assert preview_import(office_db, write(tmp_path / "third.csv", rows)).ok
