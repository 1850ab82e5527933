"""Aggregates over the ledger: net of voids, exact to the Rial. Shared by shifts, day close, reports.

A void counts on the business day (and in the shift) where it was recorded, reversing the
original's amounts there; the original sale stays where it was.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from app.journal import as_tx
from app.ledger.vocab import METHODS


@dataclass(frozen=True)
class Totals:
    visits: int = 0
    voids: int = 0
    agency: int = 0
    office: int = 0
    vat: int = 0
    grand: int = 0

    @property
    def net_visits(self) -> int:
        """Visits as every screen, report and document counts them: sales less the voids recorded
        in the same scope (the rule the money follows), the voids shown beside. `visits` stays the
        sales recorded, as the day close freezes it."""
        return self.visits - self.voids

    def __add__(self, other: Totals) -> Totals:
        return Totals(self.visits + other.visits, self.voids + other.voids, self.agency + other.agency,
                      self.office + other.office, self.vat + other.vat, self.grand + other.grand)


_SALES = ("SELECT COUNT(*), COALESCE(SUM(agency_total),0), COALESCE(SUM(office_total),0), "
          "COALESCE(SUM(vat_total),0), COALESCE(SUM(grand_total),0) FROM txn WHERE {where}")
_VOIDS = ("SELECT COUNT(*), COALESCE(SUM(agency_total),0), COALESCE(SUM(office_total),0), "
          "COALESCE(SUM(vat_total),0), COALESCE(SUM(grand_total),0) FROM void WHERE {where}")


def _net(where: Any, sql_where: str, *params: object) -> Totals:
    tx = as_tx(where)
    s = tx.one(_SALES.format(where=sql_where), *params)
    v = tx.one(_VOIDS.format(where=sql_where), *params)
    return Totals(s[0], v[0], s[1] - v[1], s[2] - v[2], s[3] - v[3], s[4] - v[4])


def day_range_totals(session: Any, first: dt.date, last: dt.date) -> Totals:
    return _net(session, "business_day BETWEEN ? AND ?", first.isoformat(), last.isoformat())


def day_totals(session: Any, day: dt.date) -> Totals:
    return _net(session, "business_day = ?", day.isoformat())


day_totals_tx = day_totals


def shift_totals(session: Any, shift_id: int) -> Totals:
    return _net(session, "shift_id = ?", shift_id)


def shift_cash(session: Any, shift_id: int) -> dict[str, int]:
    """The cash a shift's drawer should hold, and what it is made of."""
    row = as_tx(session).one("""
        SELECT s.opening_float,
          (SELECT COALESCE(SUM(p.amount),0) FROM payment p JOIN txn t ON t.id = p.txn_id
            WHERE t.shift_id = s.id AND p.method = 'cash'),
          (SELECT COALESCE(SUM(cash_refund),0) FROM void WHERE shift_id = s.id),
          (SELECT COALESCE(SUM(amount),0) FROM cash_movement WHERE shift_id = s.id AND kind = 'in'),
          (SELECT COALESCE(SUM(amount),0) FROM cash_movement WHERE shift_id = s.id AND kind = 'out')
        FROM shift s WHERE s.id = ?""", shift_id)
    opening, sales, refunds, cash_in, cash_out = (int(x) for x in row)
    return {"opening_float": opening, "cash_sales": sales, "cash_refunds": refunds, "cash_in": cash_in,
            "cash_out": cash_out, "expected": opening + sales - refunds + cash_in - cash_out}


def payment_totals(session: Any, where: str, *params: object) -> dict[str, int]:
    """Money taken per payment method on txn rows matching `where`, net of voided sales' payments."""
    rows = as_tx(session).all(f"SELECT p.method, SUM(p.amount) FROM payment p JOIN txn t ON t.id = p.txn_id "
                              f"WHERE {where} GROUP BY p.method", *params)
    out = dict.fromkeys(METHODS, 0)
    for method, amount in rows:
        out[method] = int(amount)
    return out
