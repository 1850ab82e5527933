"""Totals through the real services on real databases: every Rial of a line reaches its sale, every sale
its shift, day and period, and a void takes exactly its sale back out.

The expected figures come from an independent model of the tariff rule (Fractions, not app.money).
"""
from __future__ import annotations

import csv
import datetime as dt
import tempfile
from collections import defaultdict
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import pytest
from app_testkit import PINS, actor, clone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from app.db import Database, open_database
from app.errors import UserError
from app.jalali import TEHRAN, format_jalali
from app.services import shifts
from app.services.dayclose import close_day
from app.services.sales import LineRequest, PaymentRequest, SaleRequest, record_sale
from app.services.tariffs import export_tariffs, import_tariffs
from app.services.totals import Totals, day_range_totals, day_totals, shift_totals
from app.services.voids import void_sale

# Services of the demo catalogue used here, and what their tariff is in the mixed template.
FIXED = "1001"        # office fee only, VAT added
WITH_AGENCY = "2005"  # a fixed agency share beside the office fee
VARIABLE = "2001"     # the clerk types the agency fee (post parcel)
BILL = "7001"         # variable agency fee, utility bill
INCLUDED = ("1005", "2004", "7002")  # re-priced below: 9% VAT inside the fee
CODES = (FIXED, WITH_AGENCY, VARIABLE, BILL, *INCLUDED)


@pytest.fixture(scope="module")
def mixed_template(history_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two days of history, then (from today) three services with VAT included in their fee at 9%,
    applied through the tariff import as an owner would."""
    path = clone(history_template, tmp_path_factory.mktemp("mixed") / "office.db")
    db = open_database(path)
    owner = actor(db, "owner")
    exported = path.with_name("tariffs.csv")
    export_tariffs(db, owner, exported)
    rows = list(csv.reader(exported.open(encoding="utf-8")))
    today = format_jalali(dt.datetime.now(TEHRAN).date())
    for row in rows[1:]:
        if row[0] in INCLUDED:
            row[5], row[6], row[8] = "9", "1", today
    changed = path.with_name("tariffs-1405.csv")
    with changed.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    import_tariffs(db, owner, changed)
    prices = tariffs(db)
    assert all(prices[c][2:] == (900, True) for c in INCLUDED)
    db.close()
    return path


def tariffs(db: Database) -> dict[str, tuple[int, int, int, bool]]:
    """code -> (agency fee, office fee, VAT bp, included) in force today, read straight from SQL."""
    with db.read() as s:
        rows = s.execute(text(
            "SELECT s.code, t.agency_fee, t.office_fee, t.vat_bp, t.vat_included FROM service s JOIN tariff t "
            "ON t.service_id = s.id WHERE t.effective_from = (SELECT MAX(effective_from) FROM tariff "
            "WHERE service_id = s.id)")).all()
    return {r[0]: (r[1], r[2], r[3], bool(r[4])) for r in rows}


def half_up(x: Fraction) -> int:
    return int(x + Fraction(1, 2))


def model_line(tariff: tuple[int, int, int, bool], quantity: int, agency_fee: int | None) -> Totals:
    agency, office, rate, included = tariff
    agency = agency if agency_fee is None else agency_fee
    gross = office * quantity
    if included:
        net = half_up(Fraction(gross * 10000, 10000 + rate))
        vat = gross - net
    else:
        net, vat = gross, half_up(Fraction(gross * rate, 10000))
    return Totals(0, 0, agency * quantity, net, vat, agency * quantity + net + vat)


@dataclass(frozen=True)
class Line:
    code: str
    quantity: int
    agency_fee: int | None


@dataclass(frozen=True)
class Visit:
    clerk: str
    lines: tuple[Line, ...]
    paid: str  # cash | cash_round | card | transfer | split


@dataclass(frozen=True)
class Void:
    visit: int
    by: str  # "manager1" (no shift of their own) or "clerk" (the clerk who sold it, with the manager's PIN)


lines = st.builds(
    Line, st.sampled_from(CODES), st.integers(1, 3), st.none()
).flatmap(lambda ln: st.just(ln) if ln.code not in (VARIABLE, BILL)
          else st.builds(Line, st.just(ln.code), st.just(ln.quantity), st.integers(0, 40_000_000)))
visits = st.builds(Visit, st.sampled_from(["clerk1", "clerk2"]), st.lists(lines, min_size=1, max_size=3).map(tuple),
                   st.sampled_from(["cash", "cash_round", "card", "transfer", "split"]))


@st.composite
def office_days(draw: st.DrawFn) -> tuple[list[Visit], list[Void], dict[str, int], dict[str, tuple[int, int]]]:
    day = draw(st.lists(visits, min_size=1, max_size=6))
    voided = draw(st.sets(st.integers(0, len(day) - 1), max_size=2))
    voids = [Void(i, draw(st.sampled_from(["manager1", "clerk"]))) for i in sorted(voided)]
    floats = {c: draw(st.sampled_from([0, 500_000, 2_000_000])) for c in ("clerk1", "clerk2")}
    moves = {c: (draw(st.sampled_from([0, 100_000])), draw(st.sampled_from([0, 50_000]))) for c in floats}
    return day, voids, floats, moves


def payments(paid: str, total: int) -> tuple[PaymentRequest, ...]:
    if paid == "cash":
        return (PaymentRequest("cash"),)
    if paid == "cash_round":  # the citizen hands over whole 100,000-Rial notes
        return (PaymentRequest("cash", -(-total // 100_000) * 100_000 + 100_000),)
    if paid == "card":
        return (PaymentRequest("card", terminal="T-1", reference="123456789012"),)
    if paid == "transfer":
        return (PaymentRequest("transfer", reference="TR-77"),)
    return (PaymentRequest("card", total // 3, terminal="T-1", reference="55"), PaymentRequest("cash"))


def totals_of(rows: list[Totals]) -> Totals:
    out = Totals()
    for r in rows:
        out = out + r
    return out


def sale_totals(t: Totals) -> Totals:
    return Totals(1, 0, t.agency, t.office, t.vat, t.grand)


def void_totals(t: Totals) -> Totals:
    return Totals(0, 1, -t.agency, -t.office, -t.vat, -t.grand)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow])
@given(plan=office_days())
def test_lines_sales_shifts_days_and_periods_add_up(mixed_template: Path, plan: tuple) -> None:  # type: ignore[type-arg]
    day_visits, voids, floats, moves = plan
    with tempfile.TemporaryDirectory() as tmp:
        db = open_database(clone(mixed_template, Path(tmp) / "office.db"))
        try:
            _run_day(db, day_visits, voids, floats, moves)
        finally:
            db.close()


def _run_day(db: Database, day_visits: list[Visit], voids: list[Void], floats: dict[str, int],
             moves: dict[str, tuple[int, int]]) -> None:
    people = {u: actor(db, u) for u in ("owner", "manager1", "clerk1", "clerk2")}
    prices = tariffs(db)
    shift_of = {c: shifts.open_shift(db, people[c], floats[c]) for c in ("clerk1", "clerk2")}
    cash_in_drawer = dict(floats)
    for clerk, (cash_in, cash_out) in moves.items():
        if cash_in:
            shifts.cash_movement(db, people[clerk], "in", cash_in, "تنخواه")
            cash_in_drawer[clerk] += cash_in
        if cash_out and cash_out <= cash_in_drawer[clerk]:
            shifts.cash_movement(db, people[clerk], "out", cash_out, "خرید لوازم")
            cash_in_drawer[clerk] -= cash_out

    expected_shift: dict[str, list[Totals]] = defaultdict(list)
    recorded = []
    for visit in day_visits:
        modelled = [model_line(prices[ln.code], ln.quantity, ln.agency_fee) for ln in visit.lines]
        want = totals_of(modelled)
        request = SaleRequest(tuple(LineRequest(ln.code, ln.quantity, ln.agency_fee, None, "TRK") for ln in visit.lines),
                              payments(visit.paid, want.grand))
        result = record_sale(db, people[visit.clerk], request)
        assert result.grand_total == want.grand
        _check_sale_rows(db, result.txn_id, modelled)
        cash = sum(p["amount"] for p in result.payments if p["method"] == "cash")
        tendered = sum(p["tendered"] for p in result.payments if p["method"] == "cash")
        assert sum(p["amount"] for p in result.payments) == want.grand
        assert result.change_due == tendered - cash
        if visit.paid == "cash_round":
            assert result.change_due >= 100_000
        cash_in_drawer[visit.clerk] += cash
        expected_shift[visit.clerk].append(sale_totals(want))
        recorded.append((result.receipt_number, want, visit, cash))

    unattributed: list[Totals] = []
    for v in voids:
        number, want, visit, cash = recorded[v.visit]
        if v.by == "clerk":
            void_sale(db, people[visit.clerk], number, "اشتباه در ثبت",
                      approver=("manager1", PINS["manager1"]))
            expected_shift[visit.clerk].append(void_totals(want))
            cash_in_drawer[visit.clerk] -= cash
        else:
            # The manager has no drawer of their own: the refund comes out of the sale's shift,
            # which is still open, so it counts there.
            void_sale(db, people["manager1"], number, "درخواست مراجعه‌کننده")
            expected_shift[visit.clerk].append(void_totals(want))
            cash_in_drawer[visit.clerk] -= cash

    with db.read() as s:
        today = dt.date.fromisoformat(s.execute(text("SELECT MAX(business_day) FROM txn")).scalar_one())
        shift_sums = {c: shift_totals(s, shift_of[c]) for c in shift_of}
        day = day_totals(s, today)
        first = dt.date.fromisoformat(s.execute(text("SELECT MIN(business_day) FROM txn")).scalar_one())
        period = day_range_totals(s, first, today)
        per_day = totals_of([day_totals(s, first + dt.timedelta(days=i)) for i in range((today - first).days + 1)])
        raw = s.execute(text(
            "SELECT (SELECT COUNT(*) FROM txn), (SELECT COUNT(*) FROM void), "
            "(SELECT SUM(grand_total) FROM txn) - (SELECT COALESCE(SUM(grand_total), 0) FROM void)")).one()

    for clerk in shift_of:
        assert shift_sums[clerk] == totals_of(expected_shift[clerk]), clerk
    assert day == totals_of([*expected_shift["clerk1"], *expected_shift["clerk2"], *unattributed])
    assert day == shift_sums["clerk1"] + shift_sums["clerk2"] + totals_of(unattributed)
    assert period == per_day
    assert (period.visits, period.voids, period.grand) == tuple(raw)

    # The drawers: expected cash follows every cash Rial; the count decides the variance.
    for i, clerk in enumerate(("clerk1", "clerk2")):
        short = 10_000 if i == 0 and cash_in_drawer[clerk] >= 10_000 else -20_000  # a note missing, or one extra
        counted = cash_in_drawer[clerk] - short
        report = shifts.close_shift(db, people[clerk], counted)
        assert report.cash["expected"] == cash_in_drawer[clerk]
        assert report.variance == counted - cash_in_drawer[clerk]
        assert report.totals == shift_sums[clerk]

    with db.read() as s:
        previous = s.execute(text("SELECT cumulative_total FROM day_close ORDER BY business_day DESC LIMIT 1")).scalar()
    closed = close_day(db, people["owner"], today)
    assert closed.totals == day
    assert closed.cumulative_total == previous + day.grand


def _check_sale_rows(db: Database, txn_id: int, modelled: list[Totals]) -> None:
    with db.read() as s:
        t = s.execute(text("SELECT agency_total, office_total, vat_total, grand_total FROM txn WHERE id = :i"),
                      {"i": txn_id}).one()
        rows = s.execute(text("SELECT agency_amount, office_amount, vat_amount, line_total FROM txn_line "
                              "WHERE txn_id = :i ORDER BY line_no"), {"i": txn_id}).all()
    assert [tuple(r) for r in rows] == [(m.agency, m.office, m.vat, m.grand) for m in modelled]
    assert tuple(t) == tuple(sum(col) for col in zip(*rows, strict=True))


def test_a_void_nets_its_sale_to_zero(mixed_template: Path, tmp_path: Path) -> None:
    db = open_database(clone(mixed_template, tmp_path / "office.db"))
    clerk, owner = actor(db, "clerk1"), actor(db, "owner")
    shifts.open_shift(db, clerk, 1_000_000)
    sale = record_sale(db, clerk, SaleRequest(
        (LineRequest(WITH_AGENCY), LineRequest(INCLUDED[0], 2), LineRequest(VARIABLE, 1, 1_234_000)),
        (PaymentRequest("card", 100_000, "T-1", "9"), PaymentRequest("cash", 5_000_000))))
    with db.read() as s:
        before = day_totals(s, sale.business_day)
    assert before.grand == sale.grand_total > 0
    void_sale(db, clerk, sale.receipt_number, "اشتباه", approver=("owner", PINS["owner"]))
    with db.read() as s:
        after = day_totals(s, sale.business_day)
        in_shift = shift_totals(s, s.execute(text("SELECT shift_id FROM txn WHERE id = :i"),
                                             {"i": sale.txn_id}).scalar_one())
    assert after == Totals(visits=1, voids=1) == in_shift
    report = shifts.shift_report(db, clerk)
    assert report.cash["expected"] == 1_000_000  # the cash taken went back to the citizen
    with pytest.raises(UserError, match="already void"):
        void_sale(db, owner, sale.receipt_number, "دوباره")
    db.close()


def test_receipt_numbers_continue_without_gaps(mixed_template: Path, tmp_path: Path) -> None:
    db = open_database(clone(mixed_template, tmp_path / "office.db"))
    clerk = actor(db, "clerk2")
    shifts.open_shift(db, clerk, 0)
    with db.read() as s:
        last = s.execute(text("SELECT MAX(receipt_number) FROM txn")).scalar_one()
    numbers = []
    for code in (FIXED, "no-such-service", WITH_AGENCY):
        try:
            numbers.append(record_sale(db, clerk, SaleRequest((LineRequest(code),))).receipt_number)
        except UserError:
            pass  # a refused sale consumes no number
    assert numbers == [last + 1, last + 2]
    db.close()
