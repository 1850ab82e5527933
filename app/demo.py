"""A realistic demo office: catalogue, staff, and N days of history written in bulk.

History goes through the same pricing, settlement, records and ledger book (app/ledger/book.py) as
the services, one business day per transaction, so `verify` passes on it. `desks` clerks work each
day, `visits` visits per desk per day on average (10 years of 3 desks at 183 visits: ~2 million
sales, the bench's large office). A full check is recorded at the end, as a week's backup would.
"""
from __future__ import annotations

import datetime as dt
import json
import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jdatetime

from app.db import Database
from app.jalali import TEHRAN
from app.ledger import book
from app.ledger.records import DayClose, Sale, ShiftClose, ShiftOpen, Void
from app.office_record import Office
from app.paths import resources_dir
from app.services.common import Actor, iso, journal_for, sync_states
from app.services.office import OfficeSetup, create_office
from app.services.pricing import (
    LineRequest,
    PaymentRequest,
    ServiceView,
    TariffView,
    priced_line,
    settle_payments,
)
from app.services.staff import add_staff
from app.services.tariffs import add_tariff
from app.services.totals import day_totals, shift_cash
from app.store.base import Tx
from app.text import search_key

STAFF = [("clerk1", "زهرا کریمی", "clerk", "1111"), ("clerk2", "محمدحسین رضایی", "clerk", "2222"),
         ("clerk3", "فاطمه موسوی", "clerk", "3333"), ("clerk4", "امیر حسینی", "clerk", "4444")]
YEARLY_INCREASE_PCT = 20  # tariffs rise roughly with inflation each Jalali year


def load_catalogue() -> dict[str, Any]:
    with open(resources_dir() / "demo_catalogue.json", encoding="utf-8") as fh:
        data: dict[str, Any] = json.load(fh)
        return data


def random_national_id(rng: random.Random) -> str:
    while True:
        digits = [rng.randrange(10) for _ in range(9)]
        r = sum(d * (10 - i) for i, d in enumerate(digits)) % 11
        nid = "".join(map(str, digits)) + str(r if r < 2 else 11 - r)
        if len(set(nid)) > 1:
            return nid


def build_demo(db: Database, *, days: int = 30, seed: int = 1, today: dt.date | None = None, desks: int = 2,
               visits: int = 100, progress: Callable[[int, int], None] | None = None,
               check: bool = True) -> Actor:
    """Create the demo office in an empty database and `days` days of closed history before today."""
    rng = random.Random(seed)
    cat = load_catalogue()
    today = today or dt.datetime.now(TEHRAN).date()
    first_day = today - dt.timedelta(days=days)
    start = dt.datetime.combine(first_day - dt.timedelta(days=1), dt.time(7), TEHRAN).astimezone(dt.UTC)
    o = cat["office"]
    owner = create_office(db, OfficeSetup(Office.from_values(o), "owner", "مدیر دفتر — رضا احمدی", "1234"), at=start)
    clerks = [add_staff(db, owner, u, n, r, p, at=start) for u, n, r, p in STAFF[:max(2, desks)]]
    _catalogue(db, cat, first_day, today, owner.id, start)
    writer = _HistoryWriter(db, rng, cat, owner.id, clerks[:desks], visits)
    for i in range(days):
        writer.write_day(first_day + dt.timedelta(days=i))
        if progress:
            progress(i + 1, days)
    with db.raw() as tx:  # the demo's history was printed when it was recorded
        tx.run("INSERT INTO receipt_print_origin (txn_id_upto) SELECT COALESCE(MAX(id), 0) FROM txn")
    if check and days:
        _record_full_check(db, owner.id, start + dt.timedelta(days=days + 1))
    return owner


def _record_full_check(db: Database, owner_id: int, at: dt.datetime) -> None:
    from app.services.verify import record_checkpoint, verify_file

    report = verify_file(db.path)
    if not report.ok:
        raise RuntimeError(f"the demo history does not verify: {report.problems[:3]}")
    record_checkpoint(db, report, staff_id=owner_id, at=at)


def _year_starts(first: dt.date, last: dt.date) -> list[dt.date]:
    """1 Farvardin of every Jalali year from `first` to `last` (the first one moved to `first`)."""
    j = jdatetime.date.fromgregorian(date=first)
    starts = [first]
    year = j.year + 1
    while (d := jdatetime.date(year, 1, 1).togregorian()) <= last:
        starts.append(d)
        year += 1
    return starts


def _catalogue(db: Database, cat: dict[str, Any], first: dt.date, last: dt.date, owner_id: int,
               at: dt.datetime) -> None:
    starts = _year_starts(first, last)
    with db.write() as s:
        from app.journal import session_tx

        tx = session_tx(s)
        ids = {}
        for code, name in cat["agencies"]:
            ids[code] = tx.insert("INSERT INTO agency (code, name, search_key) VALUES (?, ?, ?) RETURNING id",
                                  code, name, search_key(name))
        for code, agency, name, agency_fee, office_fee, variable in cat["services"]:
            fav = cat["favourites"].index(code) + 1 if code in cat["favourites"] else None
            sid = tx.insert("INSERT INTO service (code, agency_id, name, search_key, active, favourite_key) "
                            "VALUES (?, ?, ?, ?, TRUE, ?) RETURNING id", code, ids[agency], name, search_key(name), fav)
            for age, day in enumerate(reversed(starts)):
                factor = (100 / (100 + YEARLY_INCREASE_PCT)) ** age
                add_tariff(s, owner_id, at, {
                    "service_id": sid, "effective_from": day.isoformat(),
                    "agency_fee": _thousands(agency_fee * factor), "office_fee": _thousands(office_fee * factor),
                    "vat_bp": 1000, "vat_included": 0, "variable_agency_fee": int(variable),
                    "agency_fee_min": 0, "agency_fee_max": 500_000_000 if variable else _thousands(agency_fee * factor)})
        for entity in ("agency", "service"):
            sync_states(tx, entity, at=iso(at), staff_id=owner_id)


def _thousands(amount: float) -> int:
    return int(round(amount, -3))


class _HistoryWriter:
    """Writes one business day at a time in one transaction, through the ledger's book."""

    def __init__(self, db: Database, rng: random.Random, cat: dict[str, Any], owner_id: int,
                 clerk_ids: list[int], visits: int) -> None:
        self.db, self.rng, self.cat = db, rng, cat
        self.owner_id, self.clerk_ids, self.visits = owner_id, clerk_ids, visits
        with db.raw(write=False) as tx:
            self.services = self._services(tx)
        self.citizens: dict[str, int] = {}
        self.people = [(random_national_id(rng), f"{rng.choice(cat['first_names'])} {rng.choice(cat['last_names'])}")
                       for _ in range(4000)]
        self.weights = [5 if c in cat["favourites"] else 1 for c, *_ in cat["services"]]
        self.cumulative = 0

    def _services(self, tx: Tx) -> list[list[ServiceView]]:
        rows = tx.all(
            "SELECT s.id, s.code, s.name, a.code, a.name, s.favourite_key, t.id, t.effective_from, t.agency_fee, "
            "t.office_fee, t.vat_bp, CAST(t.vat_included AS INTEGER), CAST(t.variable_agency_fee AS INTEGER), "
            "t.agency_fee_min, t.agency_fee_max "
            "FROM service s JOIN agency a ON a.id = s.agency_id JOIN tariff t ON t.service_id = s.id "
            "ORDER BY s.code, t.effective_from")
        by_code: dict[str, list[ServiceView]] = {}
        for r in rows:
            tariff = TariffView(r[6], dt.date.fromisoformat(r[7]), r[8], r[9], r[10], bool(r[11]), bool(r[12]),
                                r[13], r[14])
            by_code.setdefault(r[1], []).append(ServiceView(r[0], r[1], r[2], r[3], r[4], r[5], tariff))
        return [by_code[c] for c, *_ in self.cat["services"]]

    def _service(self, day: dt.date) -> ServiceView:
        versions = self.rng.choices(self.services, self.weights)[0]
        return [v for v in versions if v.tariff.effective_from <= day][-1]

    def write_day(self, day: dt.date) -> None:
        with self.db.raw() as tx:
            self.tx, self.journal = tx, journal_for(tx)
            opening = dt.datetime.combine(day, dt.time(7, 45), TEHRAN).astimezone(dt.UTC)
            shifts = [self._open_shift(clerk, opening + dt.timedelta(minutes=3 * i))
                      for i, clerk in enumerate(self.clerk_ids)]
            count = sum(self.rng.randint(self.visits // 2, self.visits * 3 // 2) for _ in self.clerk_ids)
            numbers = []
            for minute in sorted(self.rng.uniform(15, 480) for _ in range(count)):
                i = self.rng.randrange(len(shifts))
                numbers.append(self._sale(day, opening + dt.timedelta(minutes=minute), self.clerk_ids[i], shifts[i]))
            for number in self.rng.sample(numbers, min(len(numbers), self.rng.randint(0, 3))):
                self._void(day, number, opening + dt.timedelta(minutes=485))
            closing = opening + dt.timedelta(hours=8, minutes=30)
            for i, shift_id in enumerate(shifts):
                self._close_shift(shift_id, self.clerk_ids[i], closing + dt.timedelta(minutes=i))
            self._close_day(day, closing + dt.timedelta(minutes=10))

    def _open_shift(self, clerk: int, at: dt.datetime) -> int:
        float_ = self.rng.choice([0, 500_000, 1_000_000])
        return book.write_shift_open(self.tx, self.journal, ShiftOpen(clerk, iso(at), float_))

    def _sale(self, day: dt.date, at: dt.datetime, clerk: int, shift_id: int) -> int:
        from app.services.citizens import upsert_citizen_tx
        from app.services.sales import next_receipt_number

        rng = self.rng
        lines = []
        for i in range(1 if rng.random() < 0.85 else rng.randint(2, 4)):
            service = self._service(day)
            fee = rng.randrange(50, 30_000) * 1000 if service.tariff.variable_agency_fee else None
            tracking = str(rng.randrange(10**11, 10**12)) if rng.random() < 0.7 else ""
            lines.append(priced_line(service, LineRequest(service.code, agency_fee=fee, tracking_code=tracking), i + 1))
        total = sum(x.line_total for x in lines)
        payments, change = settle_payments(total, self._payments(total))
        nid, name = rng.choice(self.people) if rng.random() < 0.8 else ("", "")
        citizen_id = None
        if nid:
            if nid not in self.citizens:
                self.citizens[nid] = upsert_citizen_tx(self.tx, nid, name, "")[0]
            citizen_id = self.citizens[nid]
        number = next_receipt_number(self.tx)
        sale = Sale(number, day.isoformat(), iso(at), clerk, shift_id, citizen_id, name, nid, "",
                    sum(x.agency_amount for x in lines), sum(x.office_amount for x in lines),
                    sum(x.vat_amount for x in lines), total, change)
        book.write_sale(self.tx, self.journal, sale, lines, payments)
        return number

    def _payments(self, total: int) -> tuple[PaymentRequest, ...]:
        roll = self.rng.random()
        ref = str(self.rng.randrange(10**11, 10**12))
        if roll < 0.45:
            return (PaymentRequest("card", terminal="T-10445", reference=ref),)
        if roll < 0.52:
            return (PaymentRequest("transfer", reference=ref),)
        if roll < 0.58 and total > 100_000:
            return (PaymentRequest("card", total // 2, terminal="T-10445", reference=ref), PaymentRequest("cash"))
        tendered = -(-total // 100_000) * 100_000 if self.rng.random() < 0.6 else total
        return (PaymentRequest("cash", tendered),)

    def _void(self, day: dt.date, number: int, at: dt.datetime) -> None:
        t = self.tx.one("SELECT id, agency_total, office_total, vat_total, grand_total, staff_id, shift_id "
                        "FROM txn WHERE receipt_number = ?", number)
        cash = self.tx.value("SELECT COALESCE(SUM(amount),0) FROM payment WHERE txn_id = ? AND method = 'cash'", t[0])
        reason = self.rng.choice(["درخواست مراجعه‌کننده", "ثبت اشتباه خدمت", "مبلغ اشتباه"])
        book.write_void(self.tx, self.journal, Void(t[0], day.isoformat(), iso(at), t[5], self.owner_id, t[6], reason,
                                                    t[1], t[2], t[3], t[4], int(cash)))

    def _close_shift(self, shift_id: int, clerk: int, at: dt.datetime) -> None:
        expected = shift_cash(self.tx, shift_id)["expected"]
        counted = expected + (self.rng.choice([-10_000, -50_000, 20_000]) if self.rng.random() < 0.1 else 0)
        book.write_shift_close(self.tx, self.journal, shift_id, clerk,
                               ShiftClose(iso(at), expected, counted, counted - expected, "{}"))

    def _close_day(self, day: dt.date, at: dt.datetime) -> None:
        totals = day_totals(self.tx, day)
        self.cumulative += totals.grand
        end = self.tx.one("SELECT hash FROM journal ORDER BY id DESC LIMIT 1")
        book.write_day_close(self.tx, self.journal, DayClose(
            day.isoformat(), iso(at), self.owner_id, totals.visits, totals.voids, totals.agency, totals.office,
            totals.vat, totals.grand, self.cumulative, bytes(end[0]).hex()))


def demo_path_ok(path: Path) -> bool:
    return not path.exists() or path.stat().st_size == 0
