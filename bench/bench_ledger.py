"""Recording a sale, and what the books weigh.

- `record_sale_ms`: the service call in-process (a clerk's visit: one line, cash, a national ID and a
  name), on a new office and on a working copy of each big office. Floor: the same writes through the
  raw sqlite3 driver — the receipt counter's UPDATE, the journal tail read, the INSERTs into txn,
  txn_line, payment and journal with the same values (so the same row sizes), into a twin of the same
  database (same tables, same indexes, same size), BEGIN IMMEDIATE … COMMIT with synchronous=FULL —
  alternated with the app's calls so that fsync drift lands on both. The statements are the app's
  own, captured from a record_sale call (bench/sqlcapture.py).
- `record_process_ms`: `pishkhan record` as a whole process (interpreter start, imports, opening the
  books, the PIN check, the sale, the witness). Floor: `python -c` starting, connecting with the
  same pragmas and running the same floor writes and commit. The PIN check (one argon2id
  verification) is part of the command and not of the floor: its own cost is given beside.
- `db_bytes_per_sale`: the file's bytes over its sales, and the journal's share (dbstat). Floor:
  the bytes of the sale records themselves (txn, txn_line, payment and their indexes) per sale.
Goals (issue 10): record ≤ 1 ms in-process, ≤ 0.25 s as a process, ≤ 0.8 KB per sale.
"""
from __future__ import annotations

import os
import re
import sqlite3
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from bench import sqlcapture
from bench.common import Timing, big_offices, metric, not_cached, pair_metric, paired, run_ms, skipped

NATIONAL_ID, NAME = "0013542419", "علی‌اکبر محمدی"
RECORD_ARGS = ["--user", "clerk1", "--pin", "1111", "--service", "1001", "--national-id", NATIONAL_ID,
               "--name", NAME, "--pay", "cash:500000"]
PROCESS_RUNS = 9

# The floor's writes: run in this process and, as the source of `python -c`, in a bare interpreter.
FLOOR_SOURCE = '''
def record_floor(conn, plan):
    """plan: (kind, sql, params, swaps, keeps): swaps put the new receipt number or txn id in place."""
    cur = conn.cursor()
    cur.execute("BEGIN IMMEDIATE")
    got = {}
    try:
        for kind, sql, params, swaps, keeps in plan:
            def fix(row):
                row = list(row)
                for i, what in swaps:
                    row[i] = got[what]
                return row
            if kind == "many":
                cur.executemany(sql, [fix(r) for r in params])
            else:
                rows = cur.execute(sql, fix(params)).fetchall()
                if keeps:
                    got[keeps] = rows[0][0]
    finally:
        cur.execute("COMMIT")
'''
_NS: dict[str, Any] = {}
exec(FLOOR_SOURCE, _NS)  # noqa: S102 - our own source, shared with the floor process
record_floor = _NS["record_floor"]

_WRITES = ("UPDATE receipt_counter", "SELECT id, hash FROM journal", "INSERT INTO txn ", "INSERT INTO txn_line",
           "INSERT INTO payment", "INSERT INTO journal")


def floor_plan(statements: list[sqlcapture.Statement]) -> list[tuple[Any, ...]]:
    """The writes of a captured record_sale, with where the new number and txn id go."""
    plan = []
    for kind, sql, params in statements:
        if not sql.lstrip().startswith(_WRITES):
            continue
        match = re.match(r"\s*INSERT INTO (\w+) \(([^)]*)\)", sql)
        columns = [c.strip() for c in match.group(2).split(",")] if match else []
        table = match.group(1) if match else ""
        swaps = [(i, "number") for i, c in enumerate(columns) if c == "receipt_number"]
        swaps += [(i, "txn") for i, c in enumerate(columns) if c == "txn_id" or (table == "journal" and c == "entity_id")]
        keeps = "number" if sql.lstrip().startswith("UPDATE receipt_counter") else "txn" if table == "txn" else None
        plan.append((kind, sql, params, swaps, keeps))
    return plan


def _request() -> Any:
    from app.services.sales import LineRequest, PaymentRequest, SaleRequest

    return SaleRequest((LineRequest("1001"),), (PaymentRequest("cash", 500_000),), national_id=NATIONAL_ID,
                       citizen_name=NAME)


def _clerk_on_shift(path: Path) -> Any:
    from app.db import open_database
    from app.services.auth import login
    from app.services.shifts import open_shift, shift_report

    db = open_database(path)
    try:
        clerk = login(db, "clerk1", "1111")
        try:
            shift_report(db, clerk)
        except Exception:
            open_shift(db, clerk, 0)
        return clerk
    finally:
        db.close()


def _twin(path: Path, twin: Path) -> None:
    """The floor's database: a consistent copy of the books as they are before the measured sales."""
    from app.db import copy_database

    copy_database(path, twin)
    conn = sqlite3.connect(twin)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.close()


def floor_plan_of(path: Path, clerk: Any) -> list[tuple[Any, ...]]:
    """The floor of record_sale on these books: the writes of one of its calls, captured."""
    from app.db import open_database
    from app.services.sales import record_sale

    with sqlcapture.recording():
        db = open_database(path)
        record_sale(db, clerk, _request())
    try:
        return floor_plan(sqlcapture.capture(lambda: record_sale(db, clerk, _request())))
    finally:
        db.close()


def _in_process(path: Path, twin: Path, plan: list[tuple[Any, ...]], clerk: Any, **extra: Any) -> dict[str, Any]:
    from app.db import open_database
    from app.services.sales import record_sale

    db = open_database(path)
    raw = sqlcapture.raw_connection(twin, readonly=False)
    request = _request()
    try:
        a, b = paired(lambda: record_sale(db, clerk, request), lambda: record_floor(raw, plan), runs=200, warmup=5)
    finally:
        raw.close()
        db.close()
    return pair_metric("record_sale_ms", a, b, target=1, floor_kind="the same INSERTs + counter + commit (raw)",
                       **extra)


def _process(path: Path, twin: Path, plan: list[tuple[Any, ...]], env: dict[str, str], **extra: Any) -> dict[str, Any]:
    code = (FLOOR_SOURCE + "\nimport sqlite3, sys\nconn = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
            "for p in ('journal_mode=WAL', 'synchronous=FULL', 'foreign_keys=ON', 'busy_timeout=10000'):\n"
            "    conn.execute('PRAGMA ' + p)\n" f"record_floor(conn, {plan!r})\nconn.close()\n")
    app_cmd = [sys.executable, "-m", "app", "record", "--db", str(path), *RECORD_ARGS]
    floor_cmd = [sys.executable, "-c", code, str(twin)]
    run_ms(app_cmd, env=env)
    run_ms(floor_cmd, env=env)
    a, b = [], []
    for i in range(PROCESS_RUNS):
        pair = [(a, app_cmd), (b, floor_cmd)]
        for samples, cmd in (pair if i % 2 == 0 else pair[::-1]):
            samples.append(run_ms(cmd, env=env)[0])
    ta, tb = Timing(tuple(a)), Timing(tuple(b))
    return metric("record_process_ms", ta.p50, tb.p50, target=250, p95=ta.p95, floor_p95=tb.p95, runs=len(a),
                  pin_check_ms=_pin_check_ms(), floor_kind="python -c: the same raw writes and commit", **extra)


def _pin_check_ms() -> float:
    from app.security import check_pin, hash_pin

    pepper = bytes(32)
    stored = hash_pin("1111", pepper)
    start = time.perf_counter()
    check_pin(stored, "1111", pepper)
    return (time.perf_counter() - start) * 1000


def _measure(path: Path, folder: Path, env: dict[str, str], **extra: Any) -> Iterator[dict[str, Any]]:
    clerk = _clerk_on_shift(path)
    plan = floor_plan_of(path, clerk)
    twin = folder / "floor-twin.db"
    _twin(path, twin)
    yield _in_process(path, twin, plan, clerk, **extra)
    yield _process(path, twin, plan, env, **extra)


def db_size(path: Path, sales: int, **extra: Any) -> dict[str, Any]:
    """Bytes per sale, the journal's share, and the sale records' own bytes per sale (the floor)."""
    conn = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
    try:
        by_table, how = _bytes_by_table(conn)
    finally:
        conn.close()
    total = path.stat().st_size
    records = sum(by_table.get(t, 0) for t in ("txn", "txn_line", "payment"))
    return metric("db_bytes_per_sale", total / sales, records / sales, "B", target=800, sales=sales,
                  file_bytes=total, journal_share=round(by_table.get("journal", 0) / total, 3),
                  journal_bytes_per_sale=round(by_table.get("journal", 0) / sales, 1), measured_by=how,
                  floor_kind="txn + txn_line + payment with their indexes, per sale", **extra)


def _bytes_by_table(conn: sqlite3.Connection) -> tuple[dict[str, int], str]:
    """Each table's pages with its indexes' (dbstat); without dbstat, the bytes of its rows' values."""
    owners = dict(conn.execute("SELECT name, tbl_name FROM sqlite_master WHERE type IN ('table', 'index')"))
    by_table: dict[str, int] = {}
    try:
        pages = conn.execute("SELECT name, SUM(pgsize) FROM dbstat GROUP BY name").fetchall()
    except sqlite3.OperationalError:  # a SQLite built without the dbstat table: count the values' bytes
        for table in ("txn", "txn_line", "payment", "journal"):
            columns = [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]
            total = " + ".join(f"COALESCE(LENGTH({c}), 0)" for c in columns)
            by_table[table] = int(conn.execute(f"SELECT COALESCE(SUM({total}), 0) FROM {table}").fetchone()[0])
        return by_table, "row values' bytes (no dbstat; indexes not counted)"
    for name, size in pages:
        table = owners.get(name, name.removeprefix("sqlite_autoindex_").rsplit("_", 1)[0])
        by_table[table] = by_table.get(table, 0) + int(size)
    return by_table, "dbstat pages"


def metrics() -> Iterator[dict[str, Any]]:
    with tempfile.TemporaryDirectory(prefix="pishkhan-bench-") as tmp:
        folder = Path(tmp)
        env = {**os.environ, "PISHKHAN_CONFIG_DIR": str(folder / "config")}
        os.environ["PISHKHAN_CONFIG_DIR"] = env["PISHKHAN_CONFIG_DIR"]
        from app.db import open_database
        from app.demo import build_demo

        db = open_database(folder / "ledger.db", create=True)
        build_demo(db, days=0)
        db.close()
        yield from _measure(folder / "ledger.db", folder, env, size="new office", sales=0)
    for size, office in big_offices():
        if office is None:
            yield skipped("record_sale_ms", not_cached(size), size=size)
            continue
        yield db_size(office.db, office.manifest["sales"], size=size)
        from bench.bigdb import config_of, working_copy

        with tempfile.TemporaryDirectory(prefix="pishkhan-bench-") as tmp, working_copy(office, Path(tmp)) as copy, \
                config_of(copy):
            yield from _measure(copy.db, Path(tmp), copy.env(), size=size, sales=office.manifest["sales"])


if __name__ == "__main__":
    from bench.common import emit

    for row in metrics():
        emit(row)
