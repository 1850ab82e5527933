"""Whether a sale's receipt reached the citizen, in the print log's words: SQL conditions on `txn t`.

A sale is printed once a print of it was delivered, or when it is older than the print log (the app
printed every sale when it was saved then). A voided sale has nothing left to hand over. The counter,
today's list, the waiting list and the X/Z reports all count with these.
"""
from __future__ import annotations

_ORIGIN = "(SELECT COALESCE(MAX(txn_id_upto), 0) FROM receipt_print_origin)"  # the print log's first sale
_DELIVERED = "EXISTS (SELECT 1 FROM receipt_print p WHERE p.txn_id = t.id{by})"
_NOT_VOIDED = "NOT EXISTS (SELECT 1 FROM void v WHERE v.txn_id = t.id)"


def _unprinted(by: str = "") -> str:
    return f"t.id > {_ORIGIN} AND NOT {_DELIVERED.format(by=by)} AND {_NOT_VOIDED}"


UNPRINTED_SQL = _unprinted()
PRINTED_SQL = f"(t.id <= {_ORIGIN} OR {_DELIVERED.format(by='')})"


def shift_unprinted_sql(shift: str, closed: str) -> str:
    """A scalar subquery: how many receipts of the shift `shift` had not been handed over when it closed
    at `closed` (NULL while it is open: until now). Both are SQL expressions. A receipt printed after the
    close — the citizen long gone — still counts on the Z report, as it did when the drawer was counted."""
    by_close = f" AND p.delivered_at <= COALESCE({closed}, '9999')"
    return f"SELECT COUNT(*) FROM txn t WHERE t.shift_id = {shift} AND {_unprinted(by_close)}"
