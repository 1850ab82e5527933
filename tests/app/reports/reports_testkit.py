"""Helpers for the reports tests: an office built through the real services, sales at chosen
instants, and an independent recomputation of the figures straight from the ledger tables."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from demo_staff import PINS, actor  # noqa: F401 - the demo staff, shared by every test package
from sqlalchemy import text

from app.db import Database, copy_database, open_database
from app.journal import session_tx
from app.ledger.witness import adopt
from app.services.common import sync_states
from app.services.sales import LineRequest, PaymentRequest, SaleRequest, SaleResult, record_sale
from app.services.shifts import close_shift, open_shift
from app.services.tariffs import add_tariff
from app.services.totals import shift_cash
from app.text import search_key

ROOT = Path(__file__).resolve().parents[3]
# The demo catalogue's services used here (fixed fees, VAT added), a variable bill, and the extra
# VAT-included service whose odd fee makes the VAT split round.
FIXED = ("1001", "2004", "3004", "5001")
VARIABLE = "6001"
INCLUDED = "9901"
NAMES = ("علی‌اکبر محمدی", "زهرا کریمی", "سیدجواد بنی‌عامری")
NATIONAL_IDS = ("0013542419", "9458073022", "1573681938")


def build_office(path: Path) -> None:
    from app.demo import build_demo
    from app.services.staff import add_staff

    db = open_database(path, create=True)
    try:
        # The catalogue's tariffs start on the real "today": sales in tests happen from now on.
        start = dt.datetime.now(dt.UTC) - dt.timedelta(days=1)
        owner = build_demo(db, days=0, seed=3, today=(start + dt.timedelta(hours=3, minutes=30)).date())
        add_staff(db, owner, "manager1", "مریم صالحی", "manager", PINS["manager1"])
        with db.write() as s:
            agency = s.execute(text("INSERT INTO agency (code, name, search_key) VALUES ('99', 'دستگاه آزمایشی', "
                                    ":k) RETURNING id"), {"k": search_key("دستگاه آزمایشی")}).scalar_one()
            service = s.execute(text(
                "INSERT INTO service (code, agency_id, name, search_key, active) VALUES (:c, :a, :n, :k, TRUE) "
                "RETURNING id"), {"c": INCLUDED, "a": agency, "n": "خدمت با مالیات درون کارمزد",
                                   "k": search_key("خدمت با مالیات درون کارمزد")}).scalar_one()
            add_tariff(s, owner.id, start, {
                "service_id": service, "effective_from": (start - dt.timedelta(days=2)).date().isoformat(),
                "agency_fee": 12_345, "office_fee": 333_333, "vat_bp": 1000, "vat_included": 1,
                "variable_agency_fee": 0, "agency_fee_min": 0, "agency_fee_max": 12_345})
            for entity in ("agency", "service"):  # as a tariff import would: the catalogue's new state, journaled
                sync_states(session_tx(s), entity, at=start.isoformat(), staff_id=owner.id)
    finally:
        db.close()


@pytest.fixture(scope="session")
def office_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Owner, manager, two clerks, the demo catalogue plus a VAT-included service; no sales.
    A fixture of both folders that test the reports: tests/app/reports and the owner's screens'."""
    path = tmp_path_factory.mktemp("reports-template") / "office.db"
    build_office(path)
    return path


@pytest.fixture
def office_db(office_template: Path, tmp_path: Path) -> Iterator[Database]:
    db = open_database(clone(office_template, tmp_path / "office.db"))
    yield db
    db.close()


def clone(template: Path, target: Path) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    copy_database(template, target)
    adopt(target)
    return target


@dataclass
class Counter:
    """Drives a clerk's day through the real services at chosen instants."""

    db: Database
    at: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))
    open_shifts: set[str] = field(default_factory=set)

    def tick(self, minutes: int = 1) -> dt.datetime:
        self.at += dt.timedelta(minutes=minutes)
        return self.at

    def sell(self, clerk: str, lines: tuple[LineRequest, ...] = (LineRequest("1001"),),
             payments: tuple[PaymentRequest, ...] = (PaymentRequest("cash"),), national_id: str = "",
             name: str = "") -> SaleResult:
        who = actor(self.db, clerk)
        if clerk not in self.open_shifts:
            open_shift(self.db, who, 1_000_000, at=self.tick())
            self.open_shifts.add(clerk)
        return record_sale(self.db, who, SaleRequest(lines, payments, national_id, name), at=self.tick())

    def close(self, clerk: str) -> None:
        if clerk in self.open_shifts:
            who = actor(self.db, clerk)
            with self.db.read() as s:
                shift_id = s.execute(text("SELECT id FROM shift WHERE staff_id = :s AND closed_at IS NULL"),
                                     {"s": who.id}).scalar_one()
                expected = shift_cash(s, shift_id)["expected"]
            close_shift(self.db, who, expected, at=self.tick())
            self.open_shifts.discard(clerk)

    def close_all(self) -> None:
        for clerk in sorted(self.open_shifts):
            self.close(clerk)


def ledger_totals(db: Database, first: dt.date, last: dt.date) -> dict[str, int]:
    """Net totals straight from the tables: sales on their day minus voids on theirs."""
    params = {"a": first.isoformat(), "b": last.isoformat()}
    with db.read() as s:
        sales = s.execute(text("SELECT COUNT(*), COALESCE(SUM(agency_total),0), COALESCE(SUM(office_total),0), "
                               "COALESCE(SUM(vat_total),0), COALESCE(SUM(grand_total),0) FROM txn "
                               "WHERE business_day BETWEEN :a AND :b"), params).one()
        voids = s.execute(text("SELECT COUNT(*), COALESCE(SUM(agency_total),0), COALESCE(SUM(office_total),0), "
                               "COALESCE(SUM(vat_total),0), COALESCE(SUM(grand_total),0) FROM void "
                               "WHERE business_day BETWEEN :a AND :b"), params).one()
    return {"visits": sales[0], "voids": voids[0], "agency": sales[1] - voids[1], "office": sales[2] - voids[2],
            "vat": sales[3] - voids[3], "grand": sales[4] - voids[4]}


def business_days(db: Database) -> list[dt.date]:
    with db.read() as s:
        rows = s.execute(text("SELECT business_day FROM txn UNION SELECT business_day FROM void "
                              "ORDER BY 1")).all()
    return [dt.date.fromisoformat(r[0]) for r in rows]


@dataclass
class Scenario:
    """Two business days: sales by both clerks in every payment method, a void on the same day
    and one on the next day, the first day closed."""

    db: Database
    first: dt.date
    second: dt.date
    receipts: list[int]
    voided_same_day: int
    voided_next_day: int


def busy_office(db: Database) -> Scenario:
    from app.services.dayclose import close_day
    from app.services.voids import void_sale

    owner = actor(db, "owner")
    counter = Counter(db)
    sold = [
        counter.sell("clerk1", (LineRequest("1001"), LineRequest("2004", 2)), (PaymentRequest("cash"),),
                     NATIONAL_IDS[0], NAMES[0]),
        counter.sell("clerk2", (LineRequest(INCLUDED),), (PaymentRequest("card", terminal="T1"),),
                     NATIONAL_IDS[1], NAMES[1]),
        counter.sell("clerk1", (LineRequest(VARIABLE, agency_fee=2_500_000),), (PaymentRequest("transfer"),),
                     name="علی اکبر محمدی"),
        counter.sell("clerk2", (LineRequest("3004", 3),), (PaymentRequest("card", 100_000), PaymentRequest("cash")),
                     NATIONAL_IDS[2], NAMES[2]),
    ]
    void_sale(db, owner, sold[1].receipt_number, "ثبت اشتباه خدمت", at=counter.tick())
    counter.close_all()
    close_day(db, owner, at=counter.tick())
    sold.append(counter.sell("clerk1", (LineRequest("5001"),), (PaymentRequest("cash"),)))
    void_sale(db, owner, sold[0].receipt_number, "درخواست مراجعه‌کننده", at=counter.tick())
    return Scenario(db, sold[0].business_day, sold[-1].business_day, [s.receipt_number for s in sold],
                    sold[1].receipt_number, sold[0].receipt_number)
