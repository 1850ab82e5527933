"""The owner's reports on the big offices (730k and 2M sales): figures for a day, a month, a Jalali year
and the whole ten years, the tax view, every history search, the history's count and a page far back,
and exports.

Floor of each figure: the app's own SQL for that call, captured statement by statement with its
parameters (bench/sqlcapture.py) and replayed on a plain sqlite3 connection, every row fetched, in one
read transaction — the same database work without the app's Python. Measured and floor run
alternately. Warm: medians over many calls on an open database. First call: a fresh process (SQLite's
page cache empty, statements not yet prepared, the report's lazy imports; the OS file cache warm for
both), timed inside the process from just before the call, beside a fresh process replaying that first
call's statements (connection pragmas included).

Goals (issue 5 and 10): day ≤ 10 ms, month ≤ 50 ms, year ≤ 300 ms at 2M, history page ≤ 100 ms.
`python -m bench reports`; the big offices come from bench/bigdb.py (see `python -m bench.bigdb`).
"""
from __future__ import annotations

import datetime as dt
import os
import sqlite3
import sys
import tempfile
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from typing import Any

from bench import sqlcapture
from bench.common import Timing, big_offices, metric, not_cached, pair_metric, paired, run_ms, skipped

WINDOW_PAGE = 200  # the history model's page (ui.owner_history.PAGE_ROWS)
TARGETS = {"report_day_figures": 10, "report_dashboard_day": 10, "report_month_figures": 50,
           "report_year_figures": 300, **{f"history_{name}": 100 for name in (
               "first_page", "first_page_old_year", "national_id", "name", "voided", "clerk_and_card")}}
FIRST_CALL = ("report_day_figures", "report_month_figures", "report_year_figures", "report_10y_figures",
              "history_first_page")
FIRST_RUNS = 3


def owner_of(db: Any) -> Any:
    from app.services.common import Actor

    with db.raw(write=False) as tx:
        row = tx.one("SELECT id, username, full_name, role FROM staff WHERE role = 'owner' AND active "
                     "ORDER BY id LIMIT 1")
    return Actor(row[0], row[1], row[2], row[3])


def ranges_of(db: Any) -> dict[str, tuple[dt.date, dt.date]]:
    """A day, a Jalali month and a Jalali year wholly inside the history, and the whole history."""
    from app.jalali import jalali_month_range, jalali_year_month
    from app.reports.periods import jalali_year_range

    with db.raw(write=False) as tx:
        first, last = (dt.date.fromisoformat(str(d)) for d in tx.one("SELECT MIN(business_day), "
                                                                     "MAX(business_day) FROM txn"))
    year, month = jalali_year_month(last)
    previous_month = jalali_month_range(year - (month == 1), 12 if month == 1 else month - 1)
    day = previous_month[0] + dt.timedelta(days=10)
    return {"day": (day, day), "month": previous_month, "year": jalali_year_range(year - 1), "all": (first, last)}


def cases(db: Any, owner: Any, ranges: dict[str, tuple[dt.date, dt.date]], folder: Path) -> dict[str, Callable[[], Any]]:
    """Every measured call, by figure name (without the _ms)."""
    from app.jalali import jalali_year_month
    from app.reports.dashboard import dashboard
    from app.reports.document import ReportSpec
    from app.reports.export import export_report
    from app.reports.figures import day_figures, period_figures
    from app.reports.history import HistoryFilter, history_count, history_page
    from app.reports.tax import tax_year

    nid, name, staff_id = _search_terms(db)
    year = ranges["year"]
    old = (year[0] - dt.timedelta(days=2000), year[1] - dt.timedelta(days=2000))
    out: dict[str, Callable[[], Any]] = {
        "report_day_figures": partial(day_figures, db, owner, ranges["day"][0]),
        "report_dashboard_day": partial(dashboard, db, owner, ranges["day"][0]),
        "report_month_figures": partial(period_figures, db, owner, *ranges["month"]),
        "report_year_figures": partial(period_figures, db, owner, *year),
        "report_10y_figures": partial(period_figures, db, owner, *ranges["all"]),
        "report_tax_year": partial(tax_year, db, owner, jalali_year_month(year[0])[0]),
    }
    searches = {
        "history_first_page": HistoryFilter(),
        "history_first_page_old_year": HistoryFilter(first=old[0], last=old[1]),
        "history_national_id": HistoryFilter(national_id=nid),
        "history_name": HistoryFilter(name=name.split()[0]),
        "history_voided": HistoryFilter(voided=True),
        "history_clerk_and_card": HistoryFilter(staff_id=staff_id, method="card"),
    }
    for key, flt in searches.items():
        out[key] = partial(history_page, db, owner, flt)
    out["history_count"] = partial(history_count, db, owner, HistoryFilter())
    total = history_count(db, owner, HistoryFilter())
    far = total * 9 // 10 // WINDOW_PAGE * WINDOW_PAGE
    out["history_random_page"] = partial(history_page, db, owner, HistoryFilter(), offset=far, limit=WINDOW_PAGE)
    for label, spec, fmt in (("month_xlsx", ReportSpec("period", *ranges["month"]), "xlsx"),
                             ("year_csv", ReportSpec("period", *year), "csv"),
                             ("year_xlsx", ReportSpec("period", *year), "xlsx")):
        out[f"report_export_{label}"] = partial(export_report, db, owner, spec, fmt, folder / f"{label}.{fmt}")
    return out


def _search_terms(db: Any) -> tuple[str, str, int]:
    with db.raw(write=False) as tx:
        nid = tx.value("SELECT national_id FROM txn WHERE national_id <> '' ORDER BY id DESC LIMIT 1")
        name = tx.value("SELECT name FROM citizen ORDER BY id LIMIT 1")
        staff_id = tx.value("SELECT MIN(id) FROM staff WHERE role = 'clerk'")
    return str(nid), str(name), int(staff_id)


def _runs(name: str) -> int:
    if name.startswith("report_export_year") or name == "report_10y_figures":
        return 5
    if name in ("report_year_figures", "report_tax_year", "report_export_month_xlsx"):
        return 9
    return 31


def metrics() -> Iterator[dict[str, Any]]:
    for size, office in big_offices():
        if office is None:
            yield skipped("reports", not_cached(size), size=size)
            continue
        from bench.bigdb import config_of

        with config_of(office):
            yield from _measure(office, size)


def _measure(office: Any, size: str) -> Iterator[dict[str, Any]]:
    from app.db import open_database

    with tempfile.TemporaryDirectory(prefix="pishkhan-bench-") as tmp:
        folder = Path(tmp)
        db = open_database(office.db, readonly=True)
        raw = sqlcapture.raw_connection(office.db)
        try:
            owner = owner_of(db)
            ranges = ranges_of(db)
            sales = office.manifest["sales"]
            captured = _capture_all(office, owner, ranges, folder / "captured")
            for name, call in cases(db, owner, ranges, folder).items():
                yield _warm(name, call, captured[name], raw, size, sales, folder)
            for name in FIRST_CALL:
                yield _first(name, office, size, sales, folder)
        finally:
            raw.close()
            db.close()


def _capture_all(office: Any, owner: Any, ranges: dict[str, tuple[dt.date, dt.date]],
                 folder: Path) -> dict[str, list[sqlcapture.Statement]]:
    """Each call's statements, captured on a database of its own whose connections record (the
    measured calls run on plain connections). Each call runs once first: connections open, warm."""
    from app.db import open_database

    folder.mkdir()
    out = {}
    with sqlcapture.recording():
        recorder = open_database(office.db, readonly=True)
        try:
            for name, call in cases(recorder, owner, ranges, folder).items():
                call()
                out[name] = sqlcapture.queries(sqlcapture.capture(call))
        finally:
            recorder.close()
    return out


def _warm(name: str, call: Callable[[], Any], statements: list[sqlcapture.Statement], raw: sqlite3.Connection,
          size: str, sales: int, folder: Path) -> dict[str, Any]:
    replay = sqlcapture.Replay(raw, statements)
    floor: Callable[[], Any] = replay
    out_file = _output_of(name, folder / "captured")
    if out_file is not None:  # an export: the floor also writes the same bytes to a file
        data = out_file.read_bytes()
        floor = partial(_replay_and_write, replay, data, folder / "floor.out")
    a, b = paired(call, floor, runs=_runs(name), warmup=1)
    return pair_metric(f"{name}_ms", a, b, target=TARGETS.get(name), size=size, sales=sales,
                       statements=len(statements), floor_kind="the call's own SQL replayed" +
                       (" + the same file bytes written" if out_file is not None else ""))


def _output_of(name: str, folder: Path) -> Path | None:
    if not name.startswith("report_export_"):
        return None
    label = name.removeprefix("report_export_")
    return folder / f"{label}.{label.rsplit('_', 1)[1]}"


def _replay_and_write(replay: sqlcapture.Replay, data: bytes, path: Path) -> None:
    replay()
    path.write_bytes(data)


# --- first call, in a fresh process --------------------------------------------------------------------

def _first(name: str, office: Any, size: str, sales: int, folder: Path) -> dict[str, Any]:
    """A fresh process for the app's call and one for its replayed statements, alternately."""
    statements = folder / f"{name}.json"
    env = office.env()
    cmd = [sys.executable, "-m", "bench.bench_reports"]
    run_ms([*cmd, "capture-first", name, str(office.db), str(statements)], env=env)
    a, b = [], []
    for _ in range(FIRST_RUNS):
        a.append(float(run_ms([*cmd, "first", name, str(office.db)], env=env)[1].stdout.split()[-1]))
        b.append(float(run_ms([*cmd, "first-floor", str(office.db), str(statements)], env=env)[1].stdout.split()[-1]))
    ta, tb = Timing(tuple(a)), Timing(tuple(b))
    return metric(f"{name}_first_call_ms", ta.p50, tb.p50, target=TARGETS.get(name), p95=ta.p95, runs=len(a),
                  size=size, sales=sales, floor_kind="a fresh process replaying the first call's SQL")


def _child_first(name: str, path: Path, capture_to: Path | None = None) -> float:
    import time
    from contextlib import nullcontext

    from app.db import open_database

    with sqlcapture.recording() if capture_to else nullcontext():
        db = open_database(path, readonly=True)
        owner = owner_of(db)
        ranges = ranges_of(db)
        with tempfile.TemporaryDirectory() as tmp:
            call = cases(db, owner, ranges, Path(tmp))[name]
            # The set-up above opened connections and ran queries: start again from a database object
            # with no connection (cold SQLite caches, statements not prepared); imports stay loaded.
            db.close()
            db.__init__(path, readonly=True)  # type: ignore[misc]
            with sqlcapture.tracing() as log:
                start = time.perf_counter()
                call()
                ms = (time.perf_counter() - start) * 1000
            if capture_to is not None:
                capture_to.write_text(sqlcapture.dumps(sqlcapture.queries(list(log))), encoding="utf-8")
    return ms


def _child_floor(path: Path, statements_file: Path) -> float:
    import time

    import app.text  # noqa: F401 - loaded in the app's process too (the history's search key)

    statements = sqlcapture.loads(statements_file.read_text(encoding="utf-8"))
    start = time.perf_counter()
    conn = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True, isolation_level=None)
    sqlcapture.with_app_functions(conn)
    sqlcapture.Replay(conn, statements)()
    ms = (time.perf_counter() - start) * 1000
    conn.close()
    return ms


if __name__ == "__main__":
    from app.i18n import load_catalogues

    load_catalogues("app")  # as the command line does
    if sys.argv[1:2] == ["first"]:
        print(_child_first(sys.argv[2], Path(sys.argv[3])))
    elif sys.argv[1:2] == ["capture-first"]:
        print(_child_first(sys.argv[2], Path(sys.argv[3]), Path(sys.argv[4])))
    elif sys.argv[1:2] == ["first-floor"]:
        print(_child_floor(Path(sys.argv[2]), Path(sys.argv[3])))
    else:
        from bench.common import emit

        os.environ.setdefault("PISHKHAN_BENCH_SIZES", "730k,2m")
        for row in metrics():
            emit(row)
