"""A realistic demo office: catalogue, staff, and N days of history written in bulk.

History goes through the same pricing, settlement, canonical forms and journal chain as the
services use, so `verify` passes on it; only the per-row round trips are batched per day.
"""
from __future__ import annotations

import datetime as dt
import json
import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jdatetime
from sqlalchemy import text
from sqlalchemy.orm import Session

from app import canonical
from app.db import Database
from app.jalali import TEHRAN
from app.journal import anchor_to_last_entry, entry_hash, last_hash, read_key
from app.journal import canonical as dumps
from app.paths import resources_dir
from app.services.catalogue import ServiceView, TariffView
from app.services.common import Actor, iso
from app.services.office import OfficeSetup, create_office
from app.services.sales import LineRequest, PaymentRequest, price_line, settle
from app.services.staff import add_staff
from app.services.tariffs import add_tariff
from app.text import search_key

STAFF = [("clerk1", "زهرا کریمی", "clerk", "1111"), ("clerk2", "محمدحسین رضایی", "clerk", "2222")]
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


def build_demo(db: Database, *, days: int = 30, seed: int = 1, today: dt.date | None = None,
               progress: Callable[[int, int], None] | None = None) -> Actor:
    """Create the demo office in an empty database and `days` days of closed history before today."""
    rng = random.Random(seed)
    cat = load_catalogue()
    today = today or dt.datetime.now(TEHRAN).date()
    first_day = today - dt.timedelta(days=days)
    start = dt.datetime.combine(first_day - dt.timedelta(days=1), dt.time(7), TEHRAN).astimezone(dt.UTC)
    o = cat["office"]
    owner = create_office(db, OfficeSetup(o["name"], o["code"], "owner", "مدیر دفتر — رضا احمدی", "1234",
                                          address=o["address"], phone=o["phone"],
                                          economic_code=o["economic_code"], footer=o["footer"]), at=start)
    clerks = [add_staff(db, owner, u, n, r, p, at=start) for u, n, r, p in STAFF]
    _catalogue(db, cat, first_day, today, owner.id, start)
    writer = _HistoryWriter(db, rng, cat, [owner.id, *clerks])
    for i in range(days):
        writer.write_day(first_day + dt.timedelta(days=i))
        if progress:
            progress(i + 1, days)
    if days:
        with db.read() as session:  # as a real day close does: anchor the chain outside the database
            install_id = session.execute(text("SELECT install_id FROM office")).scalar_one()
            anchor_to_last_entry(session, install_id, db.path)
    return owner


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
        ids = {}
        for code, name in cat["agencies"]:
            ids[code] = s.execute(text("INSERT INTO agency (code, name, search_key) VALUES (:c, :n, :k) RETURNING id"),
                                  {"c": code, "n": name, "k": search_key(name)}).scalar_one()
        for code, agency, name, agency_fee, office_fee, variable in cat["services"]:
            fav = cat["favourites"].index(code) + 1 if code in cat["favourites"] else None
            sid = s.execute(text("INSERT INTO service (code, agency_id, name, search_key, active, favourite_key) "
                                 "VALUES (:c, :a, :n, :k, 1, :f) RETURNING id"),
                            {"c": code, "a": ids[agency], "n": name, "k": search_key(name), "f": fav}).scalar_one()
            for age, day in enumerate(reversed(starts)):
                factor = (100 / (100 + YEARLY_INCREASE_PCT)) ** age
                add_tariff(s, owner_id, at, {
                    "service_id": sid, "effective_from": day.isoformat(),
                    "agency_fee": _thousands(agency_fee * factor), "office_fee": _thousands(office_fee * factor),
                    "vat_bp": 1000, "vat_included": 0, "variable_agency_fee": int(variable),
                    "agency_fee_min": 0, "agency_fee_max": 500_000_000 if variable else _thousands(agency_fee * factor)})


def _thousands(amount: float) -> int:
    return int(round(amount, -3))


class _HistoryWriter:
    """Writes one business day at a time in one transaction, continuing the journal chain."""

    def __init__(self, db: Database, rng: random.Random, cat: dict[str, Any], staff_ids: list[int]) -> None:
        self.db, self.rng, self.cat = db, rng, cat
        self.owner_id, self.clerk_ids = staff_ids[0], staff_ids[1:]
        with db.read() as s:
            self.key = read_key(s.execute(text("SELECT install_id FROM office")).scalar_one())
            self.services = self._services(s)
        self.citizens: dict[str, int] = {}
        self.people = [(random_national_id(rng), f"{rng.choice(cat['first_names'])} {rng.choice(cat['last_names'])}")
                       for _ in range(4000)]
        self.weights = [5 if c in cat["favourites"] else 1 for c, *_ in cat["services"]]
        self.cumulative = 0

    def _services(self, s: Session) -> list[list[ServiceView]]:
        rows = s.execute(text(
            "SELECT s.id, s.code, s.name, a.code, a.name, s.favourite_key, t.id, t.effective_from, t.agency_fee, "
            "t.office_fee, t.vat_bp, t.vat_included, t.variable_agency_fee, t.agency_fee_min, t.agency_fee_max "
            "FROM service s JOIN agency a ON a.id = s.agency_id JOIN tariff t ON t.service_id = s.id "
            "ORDER BY s.code, t.effective_from")).all()
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
        with self.db.write() as s:
            self.s = s
            self.prev = last_hash(s)
            self.next_number = s.execute(text("SELECT COALESCE(MAX(receipt_number), 0) + 1 FROM txn")).scalar_one()
            self.rows: dict[str, list[dict[str, Any]]] = {k: [] for k in ("txn", "txn_line", "payment", "journal")}
            opening = dt.datetime.combine(day, dt.time(7, 45), TEHRAN).astimezone(dt.UTC)
            shifts = [self._open_shift(clerk, opening + dt.timedelta(minutes=3 * i))
                      for i, clerk in enumerate(self.clerk_ids)]
            visits = self.rng.randint(100, 300)
            for _n, minute in enumerate(sorted(self.rng.uniform(15, 480) for _ in range(visits))):
                clerk_i = self.rng.randrange(len(shifts))
                self._sale(day, opening + dt.timedelta(minutes=minute), self.clerk_ids[clerk_i], shifts[clerk_i])
            self._flush()
            for number in self.rng.sample(range(self.next_number - visits, self.next_number), self.rng.randint(0, 3)):
                self._void(day, number, opening + dt.timedelta(minutes=485))
            closing = opening + dt.timedelta(hours=8, minutes=30)
            for i, shift_id in enumerate(shifts):
                self._close_shift(shift_id, self.clerk_ids[i], closing + dt.timedelta(minutes=i))
            self._close_day(day, closing + dt.timedelta(minutes=10))

    def _journal(self, at: str, staff_id: int | None, action: str, entity: str, entity_id: int | None,
                 payload: dict[str, Any]) -> None:
        body = dumps(payload)
        digest = entry_hash(self.key, self.prev, at, staff_id, action, entity, entity_id, body)
        self.rows["journal"].append({"at": at, "staff_id": staff_id, "action": action, "entity": entity,
                                     "entity_id": entity_id, "payload": body, "prev_hash": self.prev, "hash": digest})
        self.prev = digest

    def _flush(self) -> None:
        cols = {"txn": canonical.SALE_FIELDS + ("id",), "txn_line": canonical.LINE_FIELDS + ("txn_id",),
                "payment": canonical.PAYMENT_FIELDS + ("txn_id",),
                "journal": ("at", "staff_id", "action", "entity", "entity_id", "payload", "prev_hash", "hash")}
        for table in ("txn", "txn_line", "payment", "journal"):
            if self.rows[table]:
                names = cols[table]
                self.s.execute(text(f"INSERT INTO {table} ({', '.join(names)}) VALUES "
                                    f"({', '.join(':' + n for n in names)})"), self.rows[table])
                self.rows[table] = []

    def _open_shift(self, clerk: int, at: dt.datetime) -> int:
        self._flush()
        row: dict[str, Any] = {"staff_id": clerk, "opened_at": iso(at), "opening_float": self.rng.choice([0, 500_000, 1_000_000])}
        shift_id = int(self.s.execute(text("INSERT INTO shift (staff_id, opened_at, opening_float) VALUES "
                                           "(:staff_id, :opened_at, :opening_float) RETURNING id"), row).scalar_one())
        self._journal(row["opened_at"], clerk, "shift_open", "shift", shift_id,
                      canonical.pick(row, canonical.SHIFT_OPEN_FIELDS))
        return shift_id

    def _sale(self, day: dt.date, at: dt.datetime, clerk: int, shift_id: int) -> None:
        rng = self.rng
        lines = []
        for i in range(1 if rng.random() < 0.85 else rng.randint(2, 4)):
            service = self._service(day)
            t = service.tariff
            fee = rng.randrange(50, 30_000) * 1000 if t.variable_agency_fee else None
            tracking = str(rng.randrange(10**11, 10**12)) if rng.random() < 0.7 else ""
            line = price_line(service, LineRequest(service.code, agency_fee=fee, tracking_code=tracking))
            line["line_no"] = i + 1
            lines.append(line)
        total = sum(x["line_total"] for x in lines)
        payments, change = settle(total, self._payments(total))
        nid, name = rng.choice(self.people) if rng.random() < 0.8 else ("", "")
        citizen_id = self._citizen(nid, name) if nid else None
        number = self.next_number
        self.next_number += 1
        txn_id = self._next_id("txn")
        txn = {"id": txn_id, "receipt_number": number, "business_day": day.isoformat(), "created_at": iso(at),
               "staff_id": clerk, "shift_id": shift_id, "citizen_id": citizen_id, "citizen_name": name,
               "national_id": nid, "mobile": "", "agency_total": sum(x["agency_amount"] for x in lines),
               "office_total": sum(x["office_amount"] for x in lines),
               "vat_total": sum(x["vat_amount"] for x in lines), "grand_total": total, "change_due": change}
        self.rows["txn"].append(txn)
        self.rows["txn_line"].extend({**x, "txn_id": txn_id} for x in lines)
        self.rows["payment"].extend({**p, "txn_id": txn_id} for p in payments)
        self._journal(txn["created_at"], clerk, "sale", "txn", txn_id, canonical.sale(txn, lines, payments))

    def _next_id(self, table: str) -> int:
        attr = f"_next_{table}"
        if not hasattr(self, attr):
            setattr(self, attr, self.s.execute(text(f"SELECT COALESCE(MAX(id), 0) FROM {table}")).scalar_one())
        value = int(getattr(self, attr)) + 1
        setattr(self, attr, value)
        return value

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

    def _citizen(self, nid: str, name: str) -> int:
        if nid not in self.citizens:
            self.citizens[nid] = int(self.s.execute(text(
                "INSERT INTO citizen (national_id, name, search_key, mobile) VALUES (:n, :m, :k, '') "
                "ON CONFLICT(national_id) DO UPDATE SET name = excluded.name RETURNING id"),
                {"n": nid, "m": name, "k": search_key(name)}).scalar_one())
        return self.citizens[nid]

    def _void(self, day: dt.date, number: int, at: dt.datetime) -> None:
        t = self.s.execute(text("SELECT id, agency_total, office_total, vat_total, grand_total, staff_id, shift_id "
                                "FROM txn WHERE receipt_number = :n"), {"n": number}).one()
        cash = self.s.execute(text("SELECT COALESCE(SUM(amount),0) FROM payment WHERE txn_id = :t AND method='cash'"),
                              {"t": t[0]}).scalar_one()
        row: dict[str, Any] = {"txn_id": t[0], "business_day": day.isoformat(), "created_at": iso(at), "staff_id": t[5],
               "approved_by": self.owner_id, "shift_id": t[6],
               "reason": self.rng.choice(["درخواست مراجعه‌کننده", "ثبت اشتباه خدمت", "مبلغ اشتباه"]),
               "agency_total": t[1], "office_total": t[2], "vat_total": t[3], "grand_total": t[4],
               "cash_refund": int(cash)}
        void_id = self.s.execute(text(
            "INSERT INTO void (txn_id, business_day, created_at, staff_id, approved_by, shift_id, reason, agency_total, "
            "office_total, vat_total, grand_total, cash_refund) VALUES (:txn_id, :business_day, :created_at, :staff_id, "
            ":approved_by, :shift_id, :reason, :agency_total, :office_total, :vat_total, :grand_total, :cash_refund) "
            "RETURNING id"), row).scalar_one()
        self._journal(row["created_at"], t[5], "void", "void", int(void_id),
                      {**canonical.pick(row, canonical.VOID_FIELDS), "receipt_number": number})
        self._flush()

    def _close_shift(self, shift_id: int, clerk: int, at: dt.datetime) -> None:
        from app.services.totals import shift_cash

        self._flush()
        expected = shift_cash(self.s, shift_id)["expected"]
        counted = expected + (self.rng.choice([-10_000, -50_000, 20_000]) if self.rng.random() < 0.1 else 0)
        row: dict[str, Any] = {"closed_at": iso(at), "expected_cash": expected, "counted_cash": counted,
               "variance": counted - expected, "denominations": "{}"}
        self.s.execute(text("UPDATE shift SET closed_at = :closed_at, expected_cash = :expected_cash, "
                            "counted_cash = :counted_cash, variance = :variance, denominations = :denominations "
                            "WHERE id = :id"), {**row, "id": shift_id})
        self._journal(row["closed_at"], clerk, "shift_close", "shift", shift_id,
                      canonical.pick(row, canonical.SHIFT_CLOSE_FIELDS))

    def _close_day(self, day: dt.date, at: dt.datetime) -> None:
        from app.services.totals import day_totals

        self._flush()
        totals = day_totals(self.s, day)
        self.cumulative += totals.grand
        row: dict[str, Any] = {"business_day": day.isoformat(), "closed_at": iso(at), "staff_id": self.owner_id,
               "visits": totals.visits, "voids": totals.voids, "agency_total": totals.agency,
               "office_total": totals.office, "vat_total": totals.vat, "grand_total": totals.grand,
               "cumulative_total": self.cumulative, "chain_hash": self.prev}
        close_id = self.s.execute(text(
            "INSERT INTO day_close (business_day, closed_at, staff_id, visits, voids, agency_total, office_total, "
            "vat_total, grand_total, cumulative_total, chain_hash) VALUES (:business_day, :closed_at, :staff_id, "
            ":visits, :voids, :agency_total, :office_total, :vat_total, :grand_total, :cumulative_total, :chain_hash) "
            "RETURNING id"), row).scalar_one()
        self._journal(row["closed_at"], self.owner_id, "day_close", "day_close", int(close_id),
                      canonical.pick(row, canonical.DAY_CLOSE_FIELDS))
        self._flush()


def demo_path_ok(path: Path) -> bool:
    return not path.exists() or path.stat().st_size == 0
