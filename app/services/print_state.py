"""Whether a sale's receipt reached the citizen, in the print log's words: SQL conditions on `txn t`.

A sale is printed once a print of it was delivered, or when it is older than the print log (the app
printed every sale when it was saved then). A voided sale has nothing left to hand over. The counter,
today's list, the waiting list and the X/Z reports all count with these.
"""
from __future__ import annotations

UNPRINTED_SQL = ("t.id > (SELECT COALESCE(MAX(txn_id_upto), 0) FROM receipt_print_origin) "
                 "AND NOT EXISTS (SELECT 1 FROM receipt_print p WHERE p.txn_id = t.id) "
                 "AND NOT EXISTS (SELECT 1 FROM void v WHERE v.txn_id = t.id)")
PRINTED_SQL = ("(t.id <= (SELECT COALESCE(MAX(txn_id_upto), 0) FROM receipt_print_origin) "
               "OR EXISTS (SELECT 1 FROM receipt_print p WHERE p.txn_id = t.id))")


def shift_unprinted_sql(shift: str, closed: str) -> str:
    """A scalar subquery: how many receipts of the shift `shift` had not been handed over when it closed
    at `closed` (NULL while it is open: until now). Both are SQL expressions. A receipt printed after the
    close — the citizen long gone — still counts on the Z report, as it did when the drawer was counted."""
    return (f"SELECT COUNT(*) FROM txn t WHERE t.shift_id = {shift} "
            "AND t.id > (SELECT COALESCE(MAX(txn_id_upto), 0) FROM receipt_print_origin) "
            "AND NOT EXISTS (SELECT 1 FROM receipt_print p WHERE p.txn_id = t.id "
            f"AND p.delivered_at <= COALESCE({closed}, '9999')) "
            "AND NOT EXISTS (SELECT 1 FROM void v WHERE v.txn_id = t.id)")
