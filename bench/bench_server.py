"""Several desks on one PostgreSQL office server (issue 11), against a throwaway local cluster this
bench starts (`bench/pgcluster.py`; Debian's postgresql, as `make test` installs it).

- `server_record_sale_ms`: a desk recording one sale (number allocated from the office-wide counter,
  the chain extended by the server's own function, committed), in-process over TCP on localhost.
  Floor: a raw psycopg INSERT of a row shaped like the sale's (a copy of the txn table) + COMMIT on
  its own connection, alternated with the app's calls.
- `server_desks_p99_ms`: 20 desk processes recording together for 30 s (PISHKHAN_BENCH_DESK_SECONDS),
  each its own clerk and shift, each a sale every 500 ms (40 a second office-wide); and
  `server_desks_flat_out_p99_ms`, the same desks recording as fast as they can (the office's ceiling): p99 and median of every sale's latency, sales per second, errors (the
  goal: zero), and afterwards the receipt numbers gapless and the chain verified by the owner.
  Floor: one desk recording alone on the same server (the median of server_record_sale_ms).
- `server_report_*_ms` on a big office imported onto the server (`pishkhan server import`'s service):
  the day, month and year figures. Floor: the app's own statements for that call, captured from
  psycopg and replayed on a raw psycopg connection, every row fetched. The import's own time is given.

Goals (issue 11): record ≤ 3 ms beside the raw floor; 20 desks p99 ≤ 50 ms with zero errors; day /
month / year ≤ 10 / 50 / 300 ms at 2M.
"""
from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from typing import Any

from bench.common import ROOT, big_offices, metric, not_cached, pair_metric, paired, skipped

DESKS = 21  # (the first is the single desk of server_record_sale_ms; 20 record together)
CLERK_PIN = "2468"
# Each of the 20 desks records a sale every 500 ms: 40 sales a second office-wide, a hundred times a
# busy office's peak (3 counters, a visit a minute each). Flat out (no pause) gives the ceiling.
PACE_MS = 500

# One desk: waits for the common start instant, records until the end, prints its latencies (ms).
DESK = """
import json, sys, time
from app.db import Database
from app.errors import UserError
from app.services import shifts
from app.services.common import Actor
from app.services.sales import LineRequest, SaleRequest, record_sale
url, clerk, pace = sys.argv[1], sys.argv[2], float(sys.argv[3]) / 1000
db = Database(url)
with db.raw(write=False) as tx:
    actor = Actor(*tx.one("SELECT id, username, full_name, role FROM staff WHERE username = ?", clerk))
try:
    shifts.open_shift(db, actor, 0)
except UserError:  # (the flat-out run: the paced run left this clerk's shift open)
    pass
request = SaleRequest((LineRequest("1001"),))
record_sale(db, actor, request)  # (connection opened, statements prepared: not a counter's sale)
print("ready", flush=True)
end = float(sys.stdin.readline())  # every desk starts at once
lat, errors, numbers = [], 0, []
due = time.perf_counter()
while time.time() < end:
    t = time.perf_counter()
    if t < due:  # (a paced desk: one sale every `pace`, whatever the last one took)
        time.sleep(due - t)
        t = time.perf_counter()
    due = t + pace
    try:
        numbers.append(record_sale(db, actor, request).receipt_number)
    except UserError:
        errors += 1
    lat.append((time.perf_counter() - t) * 1000)
print(json.dumps({"lat": lat, "errors": errors, "numbers": numbers}), flush=True)
"""


def metrics() -> Iterator[dict[str, Any]]:
    from bench import pgcluster

    if not pgcluster.available():
        yield skipped("server_record_sale_ms", "PostgreSQL is not installed (Debian: apt-get install postgresql)")
        return
    cluster = pgcluster.Cluster().init().start()
    try:
        office = _Office(cluster, "bench_new")
        single = _record(office)
        yield single
        yield _desks(office, single["value"], PACE_MS)
        yield _desks(office, single["value"], 0)
        yield from _big(cluster)
    finally:
        cluster.destroy()


# --- a new office on the server ------------------------------------------------------------------------

class _Office:
    def __init__(self, cluster: Any, name: str) -> None:
        from app.demo import build_demo
        from app.services.server import add_desk, init_server
        from app.services.staff import add_staff

        self.owner_url = cluster.create_database(name)
        db = init_server(self.owner_url)
        owner = build_demo(db, days=0, seed=5, check=False)
        self.clerks = [f"bench{i:02d}" for i in range(DESKS)]
        for i, clerk in enumerate(self.clerks):
            add_staff(db, owner, clerk, f"کارمند {i}", "clerk", CLERK_PIN)
        db.close()
        self.desks = [add_desk(self.owner_url, f"desk{i:02d}").url for i in range(DESKS)]


def _actor(db: Any, username: str) -> Any:
    from app.services.common import Actor

    with db.raw(write=False) as tx:
        return Actor(*tx.one("SELECT id, username, full_name, role FROM staff WHERE username = ?", username))


def _record(office: _Office) -> dict[str, Any]:
    import psycopg

    from app.db import Database
    from app.services import shifts
    from app.services.sales import LineRequest, SaleRequest, record_sale

    db = Database(office.desks[0])
    actor = _actor(db, office.clerks[0])
    shifts.open_shift(db, actor, 0)
    request = SaleRequest((LineRequest("1001"),))
    row = _a_sale_row(db, record_sale(db, actor, request).receipt_number)
    raw = psycopg.connect(office.owner_url)
    raw.execute("CREATE TABLE bench_floor (LIKE txn)")
    raw.commit()
    insert = f"INSERT INTO bench_floor VALUES ({', '.join(['%s'] * len(row))})"

    def floor() -> None:
        raw.execute(insert, row)
        raw.commit()

    a, b = paired(lambda: record_sale(db, actor, request), floor, runs=300, warmup=10)
    raw.close()
    db.close()
    return pair_metric("server_record_sale_ms", a, b, target=3, floor_kind="raw psycopg INSERT of a txn-shaped row "
                       "+ COMMIT", engine="postgresql 15, localhost TCP")


def _a_sale_row(db: Any, number: int) -> tuple[Any, ...]:
    with db.raw(write=False) as tx:
        return tuple(tx.one("SELECT * FROM txn WHERE receipt_number = ?", number))


def _desks(office: _Office, alone: float, pace_ms: float) -> dict[str, Any]:
    seconds = float(os.environ.get("PISHKHAN_BENCH_DESK_SECONDS", "30"))
    name = "server_desks_p99_ms" if pace_ms else "server_desks_flat_out_p99_ms"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    procs = [subprocess.Popen([sys.executable, "-c", DESK, url, clerk, str(pace_ms)], cwd=ROOT, env=env, stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for url, clerk in zip(office.desks[1:], office.clerks[1:], strict=True)]
    ready = [p for p in procs if p.stdout is not None and p.stdout.readline().strip() == "ready"]
    end = time.time() + seconds
    for proc in ready:
        assert proc.stdin is not None
        proc.stdin.write(f"{end}\n")
        proc.stdin.flush()
    results, failed = [], len(procs) - len(ready)
    for proc in procs:
        out, err = proc.communicate(timeout=seconds + 300)
        if proc.returncode != 0 or proc not in ready:
            failed += proc in ready
            print(err[-1500:], file=sys.stderr)
            continue
        results.append(json.loads(out.strip().splitlines()[-1]))
    lat = sorted(x for r in results for x in r["lat"])
    errors = sum(r["errors"] for r in results) + failed
    if not lat:
        return skipped(name, "no desk recorded a sale")
    p99 = lat[min(len(lat) - 1, int(len(lat) * 0.99))]
    gapless, verified = _sound(office)
    row = metric(name, p99, alone, target=50 if pace_ms else None, pace_ms=pace_ms, desks=len(procs), seconds=seconds, sales=len(lat),
                 sales_per_s=round(len(lat) / seconds, 1), p50=statistics.median(lat), max=lat[-1], errors=errors,
                 gapless=gapless, verified=verified, floor_kind="one desk recording alone (server_record_sale_ms)")
    if pace_ms:
        row["met"] = bool(row.get("met")) and errors == 0 and gapless and verified
    return row


def _sound(office: _Office) -> tuple[bool, bool]:
    from app.db import Database
    from app.services.verify import verify_server

    db = Database(office.owner_url)
    with db.raw(write=False) as tx:
        numbers = [r[0] for r in tx.all("SELECT receipt_number FROM txn ORDER BY receipt_number")]
    db.close()
    return numbers == list(range(1, len(numbers) + 1)), verify_server(office.owner_url).ok


# --- a big office on the server ------------------------------------------------------------------------

FIGURES = {"day": 10, "month": 50, "year": 300}


def _big(cluster: Any) -> Iterator[dict[str, Any]]:
    for size, office in big_offices():
        if office is None:
            yield skipped("server_report_year_ms", not_cached(size), size=size)
            continue
        yield from _big_office(cluster, size, office)


def _big_office(cluster: Any, size: str, office: Any) -> Iterator[dict[str, Any]]:
    from app.db import Database
    from app.services.server import import_office, init_server
    from bench.bench_reports import owner_of, ranges_of
    from bench.bigdb import config_of

    url = cluster.create_database(f"bench_{size}")
    init_server(url).close()
    with config_of(office):
        began = time.perf_counter()
        result = import_office(office.db, url)
        took = time.perf_counter() - began
    yield metric("server_import_s", took, None, "s", size=size, sales=result.sales)
    db = Database(url)
    owner, ranges = owner_of(db), ranges_of(db)
    for name, target in FIGURES.items():
        call = _figure_call(db, owner, name, ranges)
        statements = _capture(call)
        yield _paired_figure(url, name, target, call, statements, size, result.sales)
    db.close()


def _figure_call(db: Any, owner: Any, name: str, ranges: dict[str, Any]) -> Callable[[], Any]:
    from app.reports.figures import day_figures, period_figures

    if name == "day":
        return lambda: day_figures(db, owner, ranges["day"][0])
    return lambda: period_figures(db, owner, *ranges[name])


def _paired_figure(url: str, name: str, target: int, call: Callable[[], Any], statements: list[tuple[str, Any]],
                   size: str, sales: int) -> dict[str, Any]:
    import psycopg

    raw = psycopg.connect(url, autocommit=False)

    def replay() -> None:
        with raw.cursor() as cur:
            for sql, params in statements:
                cur.execute(sql, params)
                if cur.description is not None:
                    cur.fetchall()
        raw.rollback()

    a, b = paired(call, replay, runs=15 if name == "year" else 30)
    raw.close()
    return pair_metric(f"server_report_{name}_figures_ms", a, b, target=target, size=size, sales=sales,
                       floor_kind="the call's own statements replayed on raw psycopg")


def _capture(call: Callable[[], Any]) -> list[tuple[str, Any]]:
    """The statements `call` sends through psycopg (SQLAlchemy's dialect and the raw store alike)."""
    import psycopg

    log: list[tuple[str, Any]] = []
    original = psycopg.Cursor.execute

    def execute(self: Any, query: Any, params: Any = None, **kw: Any) -> Any:
        text = query if isinstance(query, str) else query.as_string(self)
        if not text.lstrip().upper().startswith(("BEGIN", "COMMIT", "ROLLBACK", "SET ")):
            log.append((text, params))
        return original(self, query, params, **kw)

    psycopg.Cursor.execute = execute  # type: ignore[method-assign]
    try:
        call()
    finally:
        psycopg.Cursor.execute = original  # type: ignore[method-assign]
    return log
