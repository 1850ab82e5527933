"""Services and tariffs as the owner sees them: every service with its state and today's fees, found in any
spelling, and each service's tariff history, newest first — also after next year's table is imported."""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from admin_testkit import actor, settle, tariff_table, today, write_csv
from desks import desk_of
from sqlalchemy import text

from app.db import Database
from app.errors import PermissionDenied
from app.jalali import now_utc
from app.services.catalogue import GONE, LEAVING, OFFERED, STARTING, catalogue_overview, tariff_history
from app.services.office import update_office
from app.services.tariffs import add_tariff, import_tariffs
from ui.admin_catalogue import AdminCatalogueScreen
from ui.admin_common import select_row
from ui.admin_tariffs import next_new_year
from ui.formatting import Formatter

NEW_YEAR = next_new_year(today())
jalali = Formatter().day
SMART_CARD = ["1001", "1002", "1004", "1007"]  # «کارت هوشمند» in the name (1003 says «کارت ملی … هوشمند»)


def open_screen(gui, db: Database, username: str = "owner") -> AdminCatalogueScreen:  # type: ignore[no-untyped-def]
    screen = AdminCatalogueScreen(desk_of(db, actor(db, username)))
    gui.addWidget(screen)
    screen.show()
    settle(gui, screen)
    return screen


def codes(screen: AdminCatalogueScreen) -> list[str]:
    return [e.code for e in screen.model.entries]


def cell(model: Any, row: int, column: int) -> str:
    return str(model.index(row, column).data())


def choose(gui, screen: AdminCatalogueScreen, code: str) -> list[list[str]]:  # type: ignore[no-untyped-def]
    """Select a service; the history table as shown, row by row."""
    select_row(screen.table, codes(screen).index(code))
    settle(gui, screen)
    gui.waitUntil(lambda: screen.shown_code == code, timeout=20_000)
    m = screen.history_model
    return [[cell(m, r, c) for c in range(m.columnCount())] for r in range(m.rowCount())]


def row_of(screen: AdminCatalogueScreen, code: str) -> list[str]:
    r = codes(screen).index(code)
    return [cell(screen.model, r, c) for c in range(screen.model.columnCount())]


def test_every_service_is_listed_and_found_in_any_spelling(gui, office: Database) -> None:
    screen = open_screen(gui, office)
    assert screen.model.rowCount() == 45 and len(codes(screen)) == 45
    assert codes(screen) == sorted(codes(screen))
    assert {e.state for e in screen.model.entries} == {OFFERED}
    first = row_of(screen, "1001")
    assert first[:3] == ["۱۰۰۱", "ثبت\u200cنام کارت هوشمند ملی (نخستین)", "سازمان ثبت احوال کشور"]
    assert first[3:] == ["۰", "۳۵۰٬۰۰۰", "۱۰٪", "خیر", "ارائه می‌شود"]
    assert row_of(screen, "2001")[6] == "بله"  # the post's fee is set at the counter
    assert screen.count.text() == "۴۵ خدمت از ۴۵"

    screen.filter.setText("کارت هوشمند")
    assert codes(screen) == SMART_CARD and screen.count.text() == "۴ خدمت از ۴۵"
    screen.filter.setText("\u0643ارت  هوشمند")  # Arabic keyboard: ك, and a double space
    assert codes(screen) == SMART_CARD
    screen.filter.setText("ثبت احوال")  # the agency
    assert codes(screen) == [f"100{i}" for i in range(1, 8)]
    screen.filter.setText("۲۰")  # the start of a code, in Persian digits
    assert codes(screen) == ["2001", "2002", "2003", "2004", "2005"]
    screen.filter.setText("")
    assert len(codes(screen)) == 45


def test_amounts_are_in_the_office_display_unit(gui, office: Database) -> None:
    update_office(office, actor(office, "owner"), {"display_unit": "toman"})
    screen = open_screen(gui, office)
    assert row_of(screen, "1001")[4] == "۳۵٬۰۰۰"
    assert choose(gui, screen, "1001")[0][2] == "۳۵٬۰۰۰"


def test_a_service_history_is_shown_newest_first(gui, office: Database) -> None:
    owner = actor(office, "owner")
    last_year = today() - dt.timedelta(days=400)
    with office.write() as s:  # an older tariff recorded after the current one: order is by date, not by entry
        service_id = s.execute(text("SELECT id FROM service WHERE code = '1001'")).scalar_one()
        add_tariff(s, owner.id, now_utc(), {
            "service_id": service_id, "effective_from": last_year.isoformat(), "agency_fee": 0,
            "office_fee": 280_000, "vat_bp": 900, "vat_included": 1, "variable_agency_fee": 0,
            "agency_fee_min": 0, "agency_fee_max": 0})
    history = tariff_history(office, owner, "1001")
    assert [t.office_fee for t in history] == [350_000, 280_000]
    assert history[0].effective_from > history[1].effective_from and history[0].tariff_id < history[1].tariff_id

    screen = open_screen(gui, office)
    assert screen.history_model.rowCount() == 0 and "انتخاب" in screen.history_title.text()
    shown = choose(gui, screen, "1001")
    assert shown == [[jalali(history[0].effective_from), "۰", "۳۵۰٬۰۰۰", "۱۰٪", "افزون بر کارمزد", "خیر"],
                     [jalali(last_year), "۰", "۲۸۰٬۰۰۰", "۹٪", "در کارمزد", "خیر"]]
    assert "۱۰۰۱" in screen.history_title.text()
    assert len(choose(gui, screen, "2001")) == 1  # another service: its own history

    screen.filter.setText("كارت هوشمند ملی المثنی")  # one match: its history at once
    settle(gui, screen)
    gui.waitUntil(lambda: screen.shown_code == "1002", timeout=20_000)
    assert screen.history_model.rowCount() == 1


def test_after_next_years_table_the_history_and_states_follow(gui, office: Database, tmp_path: Path) -> None:
    owner = actor(office, "owner")
    rows = tariff_table(office, NEW_YEAR)
    raised, dropped = "1001", "1004"
    for r in rows:
        if r[0] == raised:
            r[4] = str(int(r[4]) + 70_000)
    rows = [r for r in rows if r[0] != dropped]
    rows.append(["9901", rows[0][1], "صدور گواهی امضای الکترونیک", "0", "450000", "12", "0", "0", rows[0][8]])
    import_tariffs(office, owner, write_csv(tmp_path / "next-year.csv", rows))

    overview = {e.code: e for e in catalogue_overview(office, owner, today())}
    assert len(overview) == 46
    assert overview[dropped].state == LEAVING and overview[dropped].until == NEW_YEAR
    assert overview["9901"].state == STARTING and overview["9901"].since == NEW_YEAR
    assert overview["9901"].tariff is None
    assert overview[raised].state == OFFERED and overview[raised].tariff.office_fee == 350_000  # type: ignore[union-attr]
    later = {e.code: e for e in catalogue_overview(office, owner, NEW_YEAR)}
    assert later[dropped].state == GONE and later["9901"].state == OFFERED
    assert later[raised].tariff.office_fee == 420_000  # type: ignore[union-attr]

    screen = open_screen(gui, office)
    assert len(codes(screen)) == 46
    assert row_of(screen, dropped)[7] == f"از {jalali(NEW_YEAR)} حذف می‌شود"
    assert row_of(screen, "9901")[7] == f"از {jalali(NEW_YEAR)} ارائه می‌شود"
    assert row_of(screen, raised)[4] == "۳۵۰٬۰۰۰"  # today's fee until the new year
    history = choose(gui, screen, raised)
    assert [(r[0], r[2]) for r in history] == [(jalali(NEW_YEAR), "۴۲۰٬۰۰۰"),
                                               (jalali(overview[raised].tariff.effective_from),  # type: ignore[union-attr]
                                                "۳۵۰٬۰۰۰")]
    assert len(choose(gui, screen, dropped)) == 1  # dropping a service adds no tariff row


def test_a_clerk_is_refused(gui, office: Database) -> None:
    clerk = actor(office, "clerk1")
    with pytest.raises(PermissionDenied):
        catalogue_overview(office, clerk, today())
    with pytest.raises(PermissionDenied):
        tariff_history(office, clerk, "1001")
    assert len(catalogue_overview(office, actor(office, "manager1"), today())) == 45
    screen = open_screen(gui, office, "clerk1")
    assert screen.message.kind == "error" and "متصدی" in screen.message.text()
    assert screen.model.rowCount() == 0


def test_listed_for_the_owner_and_managers(gui, office: Database) -> None:
    from ui.pages import PAGES

    (entry,) = [p for p in PAGES if p.title == "Services and tariffs"]
    assert entry.roles == ("owner", "manager") and entry.keys == "Ctrl+4"
    desk = desk_of(office, actor(office, "manager1"))
    page = entry.open(desk, SimpleNamespace(logout=lambda: None))  # type: ignore[arg-type]
    gui.addWidget(page)
    assert isinstance(page, AdminCatalogueScreen)
    settle(gui, page)
    assert len(codes(page)) == 45
