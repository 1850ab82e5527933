"""Verifying the books: the keyed chain, every record against its journal entry, the state of staff,
settings and catalogue, gapless receipt numbers, the witness of the chain's end, and the engine's
own low-level check — in parts that run side by side.

The work is cut into tasks (a range of journal entries, a range of one kind of record, the states,
the numbers, the engine check). Each task opens its own read-only connection and returns plain
findings (a message id and its values, translated by the caller), so tasks can run in other
processes: on a large office both cores are used. Small books are checked in-process.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.ledger import canonical, forms
from app.ledger.chain import GENESIS, Keyed, row_hash
from app.ledger.state import STATE_ACTION, TRACKED, select_sql, state_of
from app.store.base import Tx

Finding = tuple[str, dict[str, Any]]  # (English message with {placeholders}, values)


def finding(text: str, values: dict[str, Any]) -> Finding:
    """A finding, translated by whoever shows it (the message is in the Persian catalogue)."""
    return text, values
CHUNK = 100_000  # entries or records per task
PARALLEL_ABOVE = 150_000  # journal entries: below this, one process is faster than starting two


@dataclass(frozen=True)
class Task:
    kind: str  # "chain" | "records" | "states" | "numbers" | "engine"
    lo: int = 0
    hi: int = 0
    action: str = ""


@dataclass
class Outcome:
    findings: list[Finding] = field(default_factory=list)
    notices: list[Finding] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)


def open_readonly(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(Path(path).resolve().as_uri() + "?mode=ro", uri=True, isolation_level=None)
    conn.execute("PRAGMA busy_timeout=10000")
    return conn


def run_task(location: str, key: bytes, task: Task, upto: int) -> Outcome:
    """One task on its own connection, inside one read transaction (one snapshot)."""
    if location.startswith("postgresql://"):
        return _run_on_server(location, key, task, upto)
    conn = open_readonly(Path(location))
    try:
        conn.execute("BEGIN")
        return TASKS[task.kind](Tx(conn.cursor()), key, task, upto)
    finally:
        conn.close()


def _run_on_server(url: str, key: bytes, task: Task, upto: int) -> Outcome:
    from app.store.postgres import connect, translate

    conn = connect(url, readonly=True)
    try:
        conn.isolation_level = 3  # REPEATABLE READ: one snapshot for the whole task
        with conn.cursor() as cur:
            return TASKS[task.kind](Tx(cur, translate, engine="postgresql"), key, task, upto)
    finally:
        conn.rollback()
        conn.close()


def _as_bytes(tx: Tx, column: str) -> str:
    """A blob column read as bytes whatever an edit stored in it (SQLite: text that is not UTF-8 would
    stop the read; read as bytes it is an altered entry, as it should be)."""
    return f"CAST({column} AS BLOB)" if tx.engine == "sqlite" else column


# --- the chain ---------------------------------------------------------------------------------------

_CHAIN = ("SELECT id, at, staff_id, action, entity, entity_id, payload, digest, fields, hash FROM journal "
          "WHERE id BETWEEN ? AND ? ORDER BY id")


def check_chain(tx: Tx, key: bytes, task: Task, upto: int) -> Outcome:
    out = Outcome()
    before = tx.one(f"SELECT id, {_as_bytes(tx, 'hash')} FROM journal WHERE id < ? ORDER BY id DESC LIMIT 1", task.lo)
    prev_id, prev = (int(before[0]), bytes(before[1])) if before else (0, GENESIS)
    count = 0
    for entry_id, stored, computed in _entry_hashes(tx, key, prev, task.lo, min(task.hi, upto)):
        count += 1
        if computed != stored:
            if entry_id != prev_id + 1:
                out.findings.append(finding("Journal entry {id} does not follow the one before it (an entry was removed "
                                     "or inserted).", {"id": entry_id}))
            else:
                out.findings.append(finding("Journal entry {id} was altered (its hash does not match).", {"id": entry_id}))
            break
        prev_id = entry_id
    out.counts["journal"] = count
    return out


# SQLite joins everything of an entry that its hash covers after the hash before it (`chain.message`
# from the version byte on) into one value: `||`, not printf, as a NUL hidden in a text must change the
# bytes hashed; text is hashed as its UTF-8 bytes, as `payload.encode()` gives them.
_CHAIN_SQLITE = ("SELECT id, CAST(hash AS BLOB), CAST(X'02' || at || char(31) || ifnull(staff_id, '') || char(31) || action || "
                 "char(31) || entity || char(31) || ifnull(entity_id, '') || char(29) || CASE WHEN payload IS NOT NULL "
                 "THEN 'P' || payload ELSE 'R' || ifnull(digest, X'') || ifnull(fields, X'') END AS BLOB) "
                 "FROM journal WHERE id BETWEEN ? AND ? ORDER BY id")


def _entry_hashes(tx: Tx, key: bytes, prev: bytes, lo: int, hi: int) -> Iterator[tuple[int, bytes, bytes]]:
    """(entry id, its stored hash, the hash it should have) in id order, each following the stored
    hash before it."""
    if tx.engine != "sqlite":
        for row in tx.stream(_CHAIN, lo, hi):
            stored = bytes(row[9])
            yield row[0], stored, row_hash(key, prev, row[1:9])
            prev = stored
        return
    mac = Keyed(key).digest
    for entry_id, stored, message in tx.stream(_CHAIN_SQLITE, lo, hi):
        yield entry_id, stored, mac(prev, message)
        prev = stored


# --- records against their entries -------------------------------------------------------------------

_ENTRIES = ("SELECT entity_id, {digest}, {fields} FROM journal WHERE entity = ? AND entity_id BETWEEN ? AND ? "
            "AND action = ? AND id <= ? ORDER BY entity_id")


def check_records(tx: Tx, key: bytes, task: Task, upto: int) -> Outcome:
    out = Outcome()
    kind = forms.KINDS[task.action]
    entries = _ENTRIES.format(digest=_as_bytes(tx, "digest"), fields=_as_bytes(tx, "fields"))
    journaled = {r[0]: (bytes(r[1] or b""), bytes(r[2] or b"")) for r in
                 tx.all(entries, kind.table, task.lo, task.hi, task.action, upto)}
    count = 0
    for rid, form_text in _forms(tx, kind, task):
        count += 1
        entry = journaled.pop(rid, None)
        if form_text is None:
            out.findings.append(_altered(kind, rid, "parts"))  # lines or payments of a sale that is gone
        elif entry is None:
            if not _made_after(tx, kind, rid, upto):
                out.findings.append(finding("The {kind} record {id} has no journal entry (added behind the app's back).",
                                     {"kind": kind.label, "id": rid}))
        elif canonical.digest(form_text) != entry[0]:
            out.findings.append(_altered(kind, rid, _changed(tx, kind, rid, entry[1])))
        if len(out.findings) >= 20:
            break
    for rid in sorted(journaled)[:20]:
        out.findings.append(finding("The {kind} record {id} was deleted.", {"kind": kind.label, "id": rid}))
    out.counts[task.action] = count
    return out


def _forms(tx: Tx, kind: forms.Kind, task: Task) -> Iterator[tuple[int, str | bytes | None]]:
    """(record id, its form) in id order: SQLite writes the sales' forms itself (the bulk of the
    books); other records, and every record on the server, through their values."""
    if kind.action == "sale" and tx.engine == "sqlite":
        yield from forms.sale_forms(tx, task.lo, task.hi)
        return
    for rid, parts in kind.load(tx, task.lo, task.hi):
        yield rid, None if parts[0] is None else canonical.form(*parts)


def _changed(tx: Tx, kind: forms.Kind, rid: int, fingerprint: bytes) -> str:
    """The names of an altered record's changed fields, from the fingerprint its entry kept."""
    for _rid, parts in kind.load(tx, rid, rid):
        if parts[0] is not None:
            return ", ".join(canonical.changed_fields(kind.names(parts), fingerprint, canonical.fingerprint(*parts)))
    return ""


def _altered(kind: forms.Kind, rid: int, fields: str) -> Finding:
    if fields == "parts" or (not fields and kind.action == "sale"):
        return finding("The {kind} record {id} was altered: its lines or payments were changed, added or removed.",
                {"kind": kind.label, "id": rid})
    if not fields:
        return finding("The {kind} record {id} was altered.", {"kind": kind.label, "id": rid})
    return finding("The {kind} record {id} was altered: {fields}.", {"kind": kind.label, "id": rid, "fields": fields})


def _made_after(tx: Tx, kind: forms.Kind, rid: int, upto: int) -> bool:
    """A record written after the verify began is covered by an entry beyond `upto`."""
    return tx.one("SELECT 1 FROM journal WHERE entity = ? AND entity_id = ? AND action = ? AND id > ?",
                  kind.table, rid, kind.action, upto) is not None


# --- staff, settings, catalogue ----------------------------------------------------------------------

def check_states(tx: Tx, key: bytes, task: Task, upto: int) -> Outcome:
    out = Outcome()
    for entity, tracked in TRACKED.items():
        known: dict[Any, str] = {}
        for entity_id, payload in tx.all("SELECT entity_id, payload FROM journal WHERE action = ? AND entity = ? "
                                         "AND id <= ? ORDER BY id", STATE_ACTION, entity, upto):
            known[json.loads(payload)["key"] if tracked.key == "key" else entity_id] = payload
        for rid, *values in tx.all(select_sql(tracked)):
            state = state_of(tracked, values)
            name = state["key"] if tracked.key == "key" else rid
            payload = known.pop(name, None)
            who = _who(state, name, entity)
            if payload is None:
                out.findings.append(finding("The {kind} {who} was added or changed behind the app's back (no journal "
                                            "entry records it).", {"kind": tracked.label, "who": who}))
                continue
            changed = [c for c, v in json.loads(payload).items() if state.get(c) != v]
            if changed:
                out.findings.append(finding("The {kind} {who} was changed behind the app's back: {fields}.",
                                            {"kind": tracked.label, "who": who, "fields": ", ".join(changed)}))
        for name in known:
            out.findings.append(finding("The {kind} {who} was deleted behind the app's back.",
                                        {"kind": tracked.label, "who": _who({}, name, entity)}))
    return out


def _who(state: dict[str, Any], name: Any, entity: str) -> str:
    if entity == "office":
        return ""
    return str(state.get("username") or state.get("code") or state.get("key") or name)


# --- receipt numbers ---------------------------------------------------------------------------------

def check_numbers(tx: Tx, key: bytes, task: Task, upto: int) -> Outcome:
    out = Outcome()
    count, low, high = tx.one("SELECT COUNT(*), MIN(receipt_number), MAX(receipt_number) FROM txn")
    out.counts["receipts"] = int(count)
    if count and (low != 1 or high != count):
        missing = tx.one("SELECT receipt_number + 1 FROM txn t WHERE NOT EXISTS "
                         "(SELECT 1 FROM txn u WHERE u.receipt_number = t.receipt_number + 1) AND receipt_number < ? "
                         "ORDER BY receipt_number LIMIT 1", high)
        first = 1 if low != 1 else (missing[0] if missing else "?")
        out.findings.append(finding("Receipt numbers have a gap: {number} is missing.", {"number": first}))
    issued = tx.value("SELECT last_number FROM receipt_counter WHERE id = 1")
    if issued is not None and int(issued) > int(high or 0):
        out.findings.append(finding("Receipts {first} to {last} were issued but are missing from the books (removed from "
                             "the end).", {"first": int(high or 0) + 1, "last": int(issued)}))
    out.notices.extend(_premature_closes(tx))
    return out


def _premature_closes(tx: Tx) -> Iterator[Finding]:
    """Days an older version closed before they began (a repeated close): shown, never rewritten."""
    from app.jalali import format_jalali, local_day

    start = int(tx.value("SELECT day_start_hour FROM office WHERE id = 1") or 0)
    for day, closed_at in tx.all("SELECT business_day, closed_at FROM day_close ORDER BY business_day"):
        closed_on = local_day(dt.datetime.fromisoformat(closed_at), start)
        if dt.date.fromisoformat(day) > closed_on:
            yield finding("The business day {day} was closed on {closed}, before it began (a repeated day close of an "
                   "older version): sales after it were booked to later days.",
                   {"day": format_jalali(dt.date.fromisoformat(day), persian=True),
                    "closed": format_jalali(closed_on, persian=True)})


# --- the engine's own check --------------------------------------------------------------------------

def check_engine(tx: Tx, key: bytes, task: Task, upto: int) -> Outcome:
    out = Outcome()
    if tx.engine == "postgresql":
        return _check_server_indexes(tx, out)
    pragma = "integrity_check" if task.action == "full" else "quick_check"
    result = [r[0] for r in tx.all(f"PRAGMA {pragma}")]
    if result != ["ok"]:
        out.findings.append(finding("SQLite integrity check failed: {detail}", {"detail": "; ".join(result[:3])}))
    bad_fk = tx.one("PRAGMA foreign_key_check")
    if bad_fk is not None:
        out.findings.append(finding("Broken reference in table {table}, row {row}.", {"table": bad_fk[0], "row": bad_fk[1]}))
    return out


def _check_server_indexes(tx: Tx, out: Outcome) -> Outcome:
    """amcheck's B-tree check of every index of the books, where the server has the extension."""
    if tx.one("SELECT 1 FROM pg_extension WHERE extname = 'amcheck'") is None:
        return out
    for (index,) in tx.all("SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
                           "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = current_schema()"):
        try:
            tx.run("SELECT bt_index_check(?::regclass)", index)
        except Exception as exc:  # a corrupt index: the finding names it
            out.findings.append(finding("The server's check of its indexes failed: {detail}",
                                        {"detail": f"{index}: {exc}"}))
            break
    return out


TASKS: dict[str, Callable[[Tx, bytes, Task, int], Outcome]] = {
    "chain": check_chain, "records": check_records, "states": check_states, "numbers": check_numbers,
    "engine": check_engine,
}


# --- planning and running ----------------------------------------------------------------------------

@dataclass(frozen=True)
class Plan:
    tasks: list[Task]
    upto: int  # the journal's last entry when the verify began
    entries: int


def plan(tx: Tx, *, since: int = 0, record_floor: dict[str, int] | None = None, engine: str = "quick") -> Plan:
    """The tasks of a full check (since=0), or of the entries after `since` and records above
    `record_floor` (a quick check from a verified point)."""
    upto = int(tx.value("SELECT COALESCE(MAX(id), 0) FROM journal"))
    tasks = [Task("engine", action=engine), Task("numbers"), Task("states")]
    for lo in range(since + 1, upto + 1, CHUNK):
        tasks.append(Task("chain", lo, lo + CHUNK - 1))
    floor = record_floor or {}
    for action, kind in forms.KINDS.items():
        top = int(tx.value(f"SELECT COALESCE(MAX(id), 0) FROM {kind.table}"))
        journaled_top = int(tx.value("SELECT COALESCE(MAX(entity_id), 0) FROM journal WHERE entity = ? AND action = ?",
                                     kind.table, action))
        lo = 1
        if since:
            # Records of entries after `since`, and records added since the verified point.
            first = tx.value("SELECT MIN(entity_id) FROM journal WHERE id > ? AND action = ?", since, action)
            lo = min(int(first) if first is not None else top + 1, floor.get(kind.table, 0) + 1)
        for start in range(max(lo, 1), max(top, journaled_top) + 1, CHUNK):
            tasks.append(Task("records", start, start + CHUNK - 1, action))
    return Plan(tasks, upto, upto - since)


def run(path: Path | str, key: bytes, work: Plan, *, workers: int | None = None) -> Outcome:
    """Every task of the plan; on large books the tasks go to `workers` processes (both cores)."""
    workers = workers if workers is not None else min(2, os.cpu_count() or 1)
    total = Outcome()
    if workers <= 1 or work.entries < PARALLEL_ABOVE:
        with ThreadPoolExecutor(max_workers=1) as engine_thread:  # the engine check releases the interpreter
            engine = [engine_thread.submit(run_task, str(path), key, t, work.upto) for t in work.tasks
                      if t.kind == "engine"]
            for task in work.tasks:
                if task.kind != "engine":
                    _merge(total, run_task(str(path), key, task, work.upto))
            for f in engine:
                _merge(total, f.result())
        return total
    import multiprocessing

    with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        futures: list[Future[Outcome]] = [pool.submit(run_task, str(path), key, t, work.upto) for t in
                                          sorted(work.tasks, key=_weight, reverse=True)]
        for f in futures:
            _merge(total, f.result())
    return total


def _weight(task: Task) -> int:
    return (task.hi - task.lo) * (3 if task.action == "sale" else 1) if task.kind in ("chain", "records") else 10**9


def _merge(total: Outcome, part: Outcome) -> None:
    total.findings.extend(part.findings)
    total.notices.extend(part.notices)
    for name, count in part.counts.items():
        total.counts[name] = total.counts.get(name, 0) + count
