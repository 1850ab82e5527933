"""Canonical forms of money records: what the journal chains and what verify recomputes.

Both the service that writes a record and `verify` that re-reads it build the payload here,
so a record edited behind the app's back no longer matches its journal entry.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

Row = Mapping[str, Any]

SALE_FIELDS = ("receipt_number", "business_day", "created_at", "staff_id", "shift_id", "citizen_id",
               "citizen_name", "national_id", "mobile", "agency_total", "office_total", "vat_total",
               "grand_total", "change_due")
LINE_FIELDS = ("line_no", "service_id", "tariff_id", "service_code", "service_name", "agency_name",
               "quantity", "agency_fee", "office_fee", "agency_amount", "office_amount", "vat_amount",
               "line_total", "vat_bp", "vat_included", "tracking_code")
PAYMENT_FIELDS = ("method", "amount", "tendered", "terminal", "reference")
VOID_FIELDS = ("txn_id", "business_day", "created_at", "staff_id", "approved_by", "shift_id", "reason",
               "agency_total", "office_total", "vat_total", "grand_total", "cash_refund")
DAY_CLOSE_FIELDS = ("business_day", "closed_at", "staff_id", "visits", "voids", "agency_total",
                    "office_total", "vat_total", "grand_total", "cumulative_total", "chain_hash")
CASH_MOVEMENT_FIELDS = ("shift_id", "staff_id", "at", "kind", "amount", "reason")
SHIFT_OPEN_FIELDS = ("staff_id", "opened_at", "opening_float")
SHIFT_CLOSE_FIELDS = ("closed_at", "expected_cash", "counted_cash", "variance", "denominations")
TARIFF_FIELDS = ("service_id", "effective_from", "agency_fee", "office_fee", "vat_bp", "vat_included",
                 "variable_agency_fee", "agency_fee_min", "agency_fee_max")


def _value(v: Any) -> Any:
    # Booleans come back from SQLite as 0/1: serialise both the same way.
    if isinstance(v, bool):
        return int(v)
    return v


def pick(row: Row, fields: Sequence[str]) -> dict[str, Any]:
    return {f: _value(row[f]) for f in fields}


def sale(txn: Row, lines: Sequence[Row], payments: Sequence[Row]) -> dict[str, Any]:
    body = pick(txn, SALE_FIELDS)
    body["lines"] = [pick(line, LINE_FIELDS) for line in sorted(lines, key=lambda r: r["line_no"])]
    body["payments"] = [pick(p, PAYMENT_FIELDS) for p in payments]
    return body
