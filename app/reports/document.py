"""A report as plain tables, built once and rendered to CSV, XLSX (here) and PDF (printing/).

Every figure, totals rows included, is computed here; renderers only lay cells out. Cells are
`int` (Rials, or a count) or `str`; each column says which kind it holds.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from sqlalchemy import text

from app.db import Database
from app.errors import UserError
from app.i18n import N_, _, language
from app.jalali import WEEKDAYS_FA, format_jalali
from app.money import format_rate
from app.reports.access import Cancel, Progress, reports_staff
from app.reports.figures import Breakdown, Figures, compute_days
from app.reports.periods import describe_range
from app.reports.shift_figures import ShiftFigures, ShiftSummary, shift_figures
from app.reports.tax import TaxYear
from app.services.common import Actor, now
from app.text import to_persian_digits

Kind = Literal["text", "money", "count"]
Cell = int | str
KINDS = ("day", "shift", "period")


@dataclass(frozen=True)
class ReportSpec:
    kind: str  # day | shift | period
    first: dt.date | None = None
    last: dt.date | None = None
    shift_id: int | None = None


@dataclass(frozen=True)
class Table:
    title: str
    headers: tuple[str, ...]
    kinds: tuple[Kind, ...]
    rows: tuple[tuple[Cell, ...], ...]
    totals: tuple[Cell, ...] | None = None


@dataclass(frozen=True)
class Report:
    kind: str
    title: str
    period: str
    office_name: str
    office_code: str
    unit: str  # the office's display unit, for the PDF (XLSX and CSV are always in Rials)
    generated_at: dt.datetime
    generated_by: str
    figures: Figures
    shift: ShiftFigures | None = None

    def summary(self) -> list[tuple[str, Cell, Kind]]:
        t = self.figures.totals
        rows: list[tuple[str, Cell, Kind]] = [
            (_("Visits"), t.net_visits, "count"), (_("Voids"), t.voids, "count"),
            (_("Agency money (passed to agencies)"), t.agency, "money"),
            (_("Office revenue"), t.office, "money"), (_("VAT"), t.vat, "money"),
            (_("Total received"), t.grand, "money")]
        if self.shift is not None:
            cash = self.shift.cash
            s = self.shift.summary
            rows[2:2] = [(_("Receipts not printed"), s.unprinted, "count")]  # after Voids, as on the Z slip
            rows += [(_("Clerk"), s.clerk, "text"), (_("Opening float"), cash["opening_float"], "money"),
                     (_("Cash sales"), cash["cash_sales"], "money"), (_("Cash refunds"), cash["cash_refunds"], "money"),
                     (_("Cash in"), cash["cash_in"], "money"), (_("Cash out"), cash["cash_out"], "money"),
                     (_("Expected cash"), cash["expected"], "money")]
            if s.counted_cash is not None:
                rows += [(_("Counted cash"), s.counted_cash, "money"), (_("Variance"), s.variance or 0, "money")]
            if s.closed_at is not None:
                rows += how_closed(s)
        return rows

    def tables(self) -> list[Table]:
        f = self.figures
        tables = [services_table(f), agencies_table(f), clerks_table(f), methods_table(f)]
        if len(f.by_desk) > 1:  # several counters on the office server
            tables.insert(3, desks_table(f))
        if len(f.by_day) > 1:
            tables.append(days_table(f))
        if len(f.by_month) > 1:
            tables.append(months_table(f))
        return tables


def how_closed(s: ShiftSummary) -> list[tuple[str, Cell, Kind]]:
    """The Z report's word on the count: blind or not, the variance passed without a reason, the reason."""
    if s.blind_count is None:
        return [(_("Blind count"), _("not recorded"), "text")]
    threshold: tuple[str, Cell, Kind] = (
        (_("Variance allowed without a reason"), s.variance_threshold, "money") if s.variance_threshold is not None
        else (_("Variance allowed without a reason"), _("any amount"), "text"))
    first: list[tuple[str, Cell, Kind]] = [] if s.count_when_shown in (None, s.counted_cash) else [
        (_("Counted before the difference was shown"), s.count_when_shown, "money")]
    return [(_("Blind count"), _("yes") if s.blind_count else _("no"), "text"), threshold,
            (_("Reason for the variance"), s.variance_reason or _("none needed"), "text"), *first]


def display_digits(value: str) -> str:
    """Codes and numbers inside text cells: Persian digits in Persian, as the receipts print them."""
    return to_persian_digits(value) if language() == "fa" else value


MONEY_HEADERS = (N_("Agency money"), N_("Office fee"), N_("VAT"), N_("Total"))


def _money(b: Breakdown) -> tuple[int, int, int, int]:
    return b.agency, b.office, b.vat, b.total


def _money_totals(rows: tuple[Breakdown, ...]) -> tuple[int, int, int, int]:
    return (sum(b.agency for b in rows), sum(b.office for b in rows), sum(b.vat for b in rows),
            sum(b.total for b in rows))


def services_table(f: Figures) -> Table:
    rows = tuple((b.key, b.label, b.group, b.net_count, *_money(b)) for b in f.by_service)
    totals = (_("Total"), "", "", sum(b.net_count for b in f.by_service), *_money_totals(f.by_service))
    return Table(_("By service"), (_("Code"), _("Service"), _("Agency"), _("Count"), *map(_, MONEY_HEADERS)),
                 ("text", "text", "text", "count", "money", "money", "money", "money"), rows, totals)


def agencies_table(f: Figures) -> Table:
    rows = tuple((b.label, b.net_count, *_money(b)) for b in f.by_agency)
    totals = (_("Total"), sum(b.net_count for b in f.by_agency), *_money_totals(f.by_agency))
    return Table(_("By agency"), (_("Agency"), _("Count"), *map(_, MONEY_HEADERS)),
                 ("text", "count", "money", "money", "money", "money"), rows, totals)


def clerks_table(f: Figures) -> Table:
    rows = tuple((b.label, b.net_count, b.voids, *_money(b)) for b in f.by_clerk)
    totals = (_("Total"), sum(b.net_count for b in f.by_clerk), sum(b.voids for b in f.by_clerk),
              *_money_totals(f.by_clerk))
    return Table(_("By clerk"), (_("Clerk"), _("Visits"), _("Voids"), *map(_, MONEY_HEADERS)),
                 ("text", "count", "count", "money", "money", "money", "money"), rows, totals)


def desks_table(f: Figures) -> Table:
    """Per counter: shown when the office has more than one desk (its books on the office server)."""
    rows = tuple((b.label, b.net_count, b.voids, *_money(b)) for b in f.by_desk)
    totals = (_("Total"), sum(b.net_count for b in f.by_desk), sum(b.voids for b in f.by_desk),
              *_money_totals(f.by_desk))
    return Table(_("By desk"), (_("Desk"), _("Visits"), _("Voids"), *map(_, MONEY_HEADERS)),
                 ("text", "count", "count", "money", "money", "money", "money"), rows, totals)


def methods_table(f: Figures) -> Table:
    rows = tuple((p.label, p.net_count, p.voids, p.amount) for p in f.by_method)
    totals = (_("Total"), sum(p.net_count for p in f.by_method), sum(p.voids for p in f.by_method),
              sum(p.amount for p in f.by_method))
    return Table(_("By payment method"), (_("Payment method"), _("Payments"), _("Voids"), _("Amount")),
                 ("text", "count", "count", "money"), rows, totals)


def days_table(f: Figures) -> Table:
    rows = tuple((format_jalali(d.day, persian=False).replace("-", "/"), WEEKDAYS_FA[d.day.weekday()],
                  d.totals.net_visits, d.totals.voids, d.totals.agency, d.totals.office, d.totals.vat, d.totals.grand)
                 for d in f.by_day)
    t = f.totals
    return Table(_("By day"), (_("Date"), _("Weekday"), _("Visits"), _("Voids"), *map(_, MONEY_HEADERS)),
                 ("text", "text", "count", "count", "money", "money", "money", "money"), rows,
                 (_("Total"), "", t.net_visits, t.voids, t.agency, t.office, t.vat, t.grand))


def months_table(f: Figures) -> Table:
    rows = tuple((m.label, m.totals.net_visits, m.totals.voids, m.totals.agency, m.totals.office, m.totals.vat,
                  m.totals.grand) for m in f.by_month)
    t = f.totals
    return Table(_("By month"), (_("Month"), _("Visits"), _("Voids"), *map(_, MONEY_HEADERS)),
                 ("text", "count", "count", "money", "money", "money", "money"), rows,
                 (_("Total"), t.net_visits, t.voids, t.agency, t.office, t.vat, t.grand))


def build_report(db: Database, actor: Actor, spec: ReportSpec, *, progress: Progress | None = None,
                 cancel: Cancel | None = None, at: dt.datetime | None = None) -> Report:
    """Compute a day, shift or period report (owner and managers only)."""
    if spec.kind not in KINDS:
        raise UserError("Unknown report kind: {value}", value=spec.kind)
    shift = None
    if spec.kind == "shift":
        shift = shift_figures(db, actor, spec.shift_id)
        figures = shift.figures
        title = _("Shift report {id}", id=shift.summary.shift_id)
        period = describe_range(figures.first, figures.last)
    else:
        if spec.first is None:
            raise UserError("Choose the first day of the report.")
        last = spec.first if spec.kind == "day" else (spec.last or spec.first)
        with db.read() as session:
            reports_staff(session, actor)
            figures = compute_days(session, spec.first, last, progress=progress, cancel=cancel)
        title = _("Daily report") if spec.kind == "day" else _("Period report")
        period = describe_range(spec.first, last)
    with db.read() as session:
        who = session.execute(text("SELECT full_name FROM staff WHERE id = :id"), {"id": actor.id}).scalar_one()
        office = session.execute(text("SELECT name, code, display_unit FROM office WHERE id = 1")).one()
    return Report(spec.kind, title, period, office[0], office[1], office[2], now(at), who, figures, shift)


def tax_table(tax: TaxYear) -> Table:
    """Months of a Jalali year: visits, office revenue net of VAT and VAT, then VAT per rate."""
    rates = sorted({r.vat_bp for m in tax.months for r in m.by_rate})
    rate_headers: list[str] = []
    for bp in rates:
        rate = to_persian_digits(format_rate(bp)) if language() == "fa" else format_rate(bp)
        rate_headers += [_("Office revenue at {rate}%", rate=rate), _("VAT at {rate}%", rate=rate)]
    rows = []
    for m in tax.months:
        by_rate = {r.vat_bp: r for r in m.by_rate}
        per_rate: list[Cell] = []
        for bp in rates:
            line = by_rate.get(bp)
            per_rate += [line.office if line else 0, line.vat if line else 0]
        rows.append((m.label, m.totals.net_visits, m.totals.office, m.totals.vat, *per_rate))
    year_rates = {r.vat_bp: r for r in tax.by_rate}
    totals_rates: list[Cell] = []
    for bp in rates:
        line = year_rates.get(bp)
        totals_rates += [line.office if line else 0, line.vat if line else 0]
    t = tax.totals
    money: list[Kind] = ["money"] * len(rate_headers)
    kinds: tuple[Kind, ...] = ("text", "count", "money", "money", *money)
    return Table(_("Tax view {year}", year=tax.year),
                 (_("Month"), _("Visits (net)"), _("Office revenue"), _("VAT"), *rate_headers), kinds,
                 tuple(rows), (_("Year {year}", year=tax.year), t.net_visits, t.office, t.vat, *totals_rates))
