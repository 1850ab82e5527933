"""Reading records back in their canonical parts, in bulk: what `verify` and the chain upgrade seal.

Each journal action backed by a record has a `Kind`: the table, a label for messages, and a loader
that streams (record id, parts) for an id range in id order — parts being the values `canonical.seal`
takes (a sale: its row, its lines, its payments). Booleans are read as integers on both engines.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, fields
from typing import Any

from app.i18n import N_
from app.ledger import records as r
from app.store.base import Tx

BOOLEAN_COLUMNS = {"vat_included", "variable_agency_fee", "default_vat_included", "active"}
Parts = tuple[Any, ...]
Loader = Callable[[Tx, int, int], Iterator[tuple[int, Parts]]]


def columns(names: Sequence[str], alias: str = "") -> str:
    prefix = f"{alias}." if alias else ""
    return ", ".join(f"CAST({prefix}{n} AS INTEGER)" if n in BOOLEAN_COLUMNS else f"{prefix}{n}" for n in names)


def _single(record: type[r.Record], where: str = "") -> Loader:
    sql = (f"SELECT id, {columns(record.names())} FROM {record.TABLE} WHERE id BETWEEN ? AND ? "
           f"{('AND ' + where) if where else ''} ORDER BY id")

    def load(tx: Tx, lo: int, hi: int) -> Iterator[tuple[int, Parts]]:
        for row in tx.stream(sql, lo, hi):
            yield row[0], (row[1:],)
    return load


_TXN = f"SELECT id, {columns(r.Sale.names())} FROM txn WHERE id BETWEEN ? AND ? ORDER BY id"


def _children(tx: Tx, table: str, record: type[r.Record], lo: int, hi: int) -> dict[int, list[tuple[Any, ...]]]:
    """The rows of a sale's lines or payments for sales lo..hi, grouped by sale, each group in row
    order (a sale's lines are written in line order). Read by row id — the rows of a range of sales
    lie together — so no index has to be sorted (the covering indexes do not hold line_no or id)."""
    span = tx.one(f"SELECT MIN(id), MAX(id) FROM {table} WHERE txn_id BETWEEN ? AND ?", lo, hi)
    out: dict[int, list[tuple[Any, ...]]] = {}
    if span is None or span[0] is None:
        return out
    rows = tx.all(f"SELECT txn_id, id, {columns(record.names())} FROM {table} WHERE id BETWEEN ? AND ? "
                  "AND txn_id BETWEEN ? AND ?", span[0], span[1], lo, hi)
    for row in rows:
        out.setdefault(row[0], []).append(row[1:])
    for group in out.values():
        if len(group) > 1:
            group.sort()  # by row id: the order they were written in
    return {txn: [row[1:] for row in group] for txn, group in out.items()}


def _grouped(rows: Iterator[Any]) -> Iterator[tuple[int, list[tuple[Any, ...]]]]:
    """Rows ordered by their first column, grouped by it."""
    current: int | None = None
    group: list[tuple[Any, ...]] = []
    for row in rows:
        if row[0] != current:
            if current is not None:
                yield current, group
            current, group = row[0], []
        group.append(row[1:])
    if current is not None:
        yield current, group


def sales(tx: Tx, lo: int, hi: int) -> Iterator[tuple[int, Parts]]:
    """Sales with their lines and payments, merged from three id-ordered streams. Lines or payments
    whose sale is gone come out as a sale with no row (`None`), so they are reported too."""
    txns = tx.all(_TXN, lo, hi)
    lines = _children(tx, "txn_line", r.SaleLine, lo, hi)
    pays = _children(tx, "payment", r.Payment, lo, hi)
    seen = set()
    for row in txns:
        seen.add(row[0])
        yield row[0], (row[1:], lines.get(row[0], []), pays.get(row[0], []))
    for orphan in sorted((set(lines) | set(pays)) - seen):
        yield orphan, (None, lines.get(orphan, []), pays.get(orphan, []))


# --- SQLite writes a sale's form itself (verify's bulk path on a desk's own file) ----------------------

def text_of(record: type[r.Record], alias: str) -> str:
    """SQLite expressions for one row: its `canonical.form` text as UTF-8 bytes, then a probe that
    is non-zero when a text cell holds a NUL. printf writes integers in decimal as Python does and is
    the cheapest way SQLite has to join cells (one allocation, where `||` makes one per cell); every
    cell is wrapped so a NULL forced into a NOT NULL column still gives text. printf stops a text at
    a NUL — which the app never stores — so rows the probe flags are formed in Python instead."""
    names = record.names()
    cells = ", ".join(f"ifnull({alias}.{n}, char(29))" for n in names)
    form = f"CAST(printf('{chr(0x1f).join(['%s'] * len(names))}', {cells}) AS BLOB)"
    probe = " + ".join(f"instr(CAST({alias}.{n} AS BLOB), X'00')" for n in _text_fields(record)) or "0"
    return f"{form}, {probe}"


def _text_fields(record: type[r.Record]) -> list[str]:
    return [f.name for f in fields(record) if "str" in str(f.type)]  # type: ignore[arg-type]


_TXN_TEXT = f"SELECT id, {text_of(r.Sale, 't')} FROM txn t WHERE id BETWEEN ? AND ? ORDER BY id"


def _children_text(tx: Tx, record: type[r.Record], lo: int, hi: int, odd: set[int]) -> dict[int, list[bytes]]:
    """Each sale's lines (or payments) as form bytes, in the order written (by row id; see _children).
    Sales with a NUL-holding row are added to `odd`."""
    table = record.TABLE
    span = tx.one(f"SELECT MIN(id), MAX(id) FROM {table} WHERE txn_id BETWEEN ? AND ?", lo, hi)
    out: dict[int, list[bytes]] = {}
    if span is None or span[0] is None:
        return out
    for txn, row_form, nul in tx.all(f"SELECT x.txn_id, {text_of(record, 'x')} FROM {table} x WHERE x.id BETWEEN ? "
                                     "AND ? AND x.txn_id BETWEEN ? AND ? ORDER BY x.id", span[0], span[1], lo, hi):
        out.setdefault(txn, []).append(row_form)
        if nul:
            odd.add(txn)
    return out


def sale_forms(tx: Tx, lo: int, hi: int) -> Iterator[tuple[int, bytes | None]]:
    """(sale id, its form as UTF-8 bytes) for sales lo..hi, equal to `canonical.form(*parts)` of
    `sales`; None for lines or payments whose sale is gone."""
    from app.ledger.canonical import RS, form

    odd: set[int] = set()
    lines = _children_text(tx, r.SaleLine, lo, hi, odd)
    pays = _children_text(tx, r.Payment, lo, hi, odd)
    none: list[bytes] = []
    seen = set()
    rs = RS.encode()
    for txn_id, row_form, nul in tx.all(_TXN_TEXT, lo, hi):
        seen.add(txn_id)
        if nul or txn_id in odd:
            yield from ((rid, form(*parts).encode()) for rid, parts in sales(tx, txn_id, txn_id))
            continue
        ls, ps = lines.get(txn_id, none), pays.get(txn_id, none)
        yield txn_id, rs.join((b"%d\x1f%d" % (len(ls), len(ps)), row_form, *ls, *ps))
    for orphan in sorted((set(lines) | set(pays)) - seen):
        yield orphan, None


_CLOSE = f"SELECT id, {columns(r.DayClose.names())} FROM day_close WHERE id BETWEEN ? AND ? ORDER BY id"
_SUMMARY = (f"SELECT day_close_id, {columns(r.DaySummary.names())} FROM day_summary "
            "WHERE day_close_id BETWEEN ? AND ? ORDER BY day_close_id, kind, key")


def day_closes(tx: Tx, lo: int, hi: int) -> Iterator[tuple[int, Parts]]:
    """A day close with its summary rows (ordered by kind, then key)."""
    summaries = dict(_grouped(iter(tx.all(_SUMMARY, lo, hi))))
    for row in tx.all(_CLOSE, lo, hi):
        # Sorted here, not by the database: text order depends on a server's collation.
        yield row[0], (row[1:], sorted(summaries.get(row[0], []), key=lambda r: (r[1], r[2])))


@dataclass(frozen=True)
class Kind:
    action: str
    table: str
    label: str
    load: Loader
    names: Callable[[Parts], list[tuple[str, ...]]]


def _names_single(record: type[r.Record]) -> Callable[[Parts], list[tuple[str, ...]]]:
    return lambda parts: [record.names()]


def _names_sale(parts: Parts) -> list[tuple[str, ...]]:
    return [r.Sale.names(), *[r.SaleLine.names()] * len(parts[1]), *[r.Payment.names()] * len(parts[2])]


def _names_close(parts: Parts) -> list[tuple[str, ...]]:
    return [r.DayClose.names(), *[r.DaySummary.names()] * len(parts[1])]


KINDS: dict[str, Kind] = {k.action: k for k in (
    Kind("sale", "txn", N_("sale"), sales, _names_sale),
    Kind("void", "void", N_("void"), _single(r.Void), _names_single(r.Void)),
    Kind("day_close", "day_close", N_("day close"), day_closes, _names_close),
    Kind("cash_in", "cash_movement", N_("cash movement"), _single(r.CashMovement, "kind = 'in'"),
         _names_single(r.CashMovement)),
    Kind("cash_out", "cash_movement", N_("cash movement"), _single(r.CashMovement, "kind = 'out'"),
         _names_single(r.CashMovement)),
    Kind("tariff_added", "tariff", N_("tariff"), _single(r.Tariff), _names_single(r.Tariff)),
    Kind("shift_open", "shift", N_("shift"), _single(r.ShiftOpen), _names_single(r.ShiftOpen)),
    Kind("shift_close", "shift", N_("shift close"), _single(r.ShiftClose, "closed_at IS NOT NULL"),
         _names_single(r.ShiftClose)),
    Kind("shift_close_note", "shift_close_note", N_("shift close note"), _single(r.ShiftCloseNote),
         _names_single(r.ShiftCloseNote)),
)}

# Which records must each have exactly one entry of these actions (a record without is "added
# behind the app's back"): table -> actions, and the condition that selects such records.
EXPECTED: tuple[tuple[str, tuple[str, ...], str], ...] = (
    ("txn", ("sale",), ""),
    ("void", ("void",), ""),
    ("day_close", ("day_close",), ""),
    ("cash_movement", ("cash_in", "cash_out"), ""),
    ("tariff", ("tariff_added",), ""),
    ("shift", ("shift_open",), ""),
    ("shift", ("shift_close",), "closed_at IS NOT NULL"),
    ("shift_close_note", ("shift_close_note",), ""),
)
