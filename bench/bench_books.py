"""Whole-book operations on the big offices, each as a whole `pishkhan` process beside a floor process,
alternated: verify (full and --quick), backup (the daily one, and --full), restore; and what building
the office took.

Floors:
- verify, full: a process reading every byte of the database file and hashing it (SHA-256): the
  cheapest check that looks at the whole file. Not the same checks (no chain, no records, no
  integrity check) — the I/O and one pass of hashing that any full check pays at least.
- verify --quick: a process that connects, reads the journal entries after the last verified
  point and chains HMAC-SHA256 over them — the chain part of the same work.
- backup and restore: a plain file copy of the database (shutil.copyfile + fsync) as a process.
The cached office is only read; backup and restore run on a working copy (bench/bigdb.py).
Goals (issue 10): verify ≤ 10 s full, ≤ 1 s quick; backup ≤ 1.5x a plain copy and the daily
backup ≤ 5 s; restore ≤ 1.5x a plain copy.
"""
from __future__ import annotations

import shutil
import sqlite3
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from bench.common import Timing, big_offices, metric, not_cached, run_ms, skipped

PY = sys.executable
HASH_FILE = ("import hashlib, sys\nh = hashlib.sha256()\nwith open(sys.argv[1], 'rb') as f:\n"
             "    while b := f.read(1 << 20):\n        h.update(b)\nprint(h.hexdigest())\n")
PLAIN_COPY = ("import os, shutil, sys\nshutil.copyfile(sys.argv[1], sys.argv[2])\n"
              "fd = os.open(sys.argv[2], os.O_RDONLY)\nos.fsync(fd)\nos.close(fd)\n")
CHAIN_SINCE = (
    "import hashlib, hmac, sqlite3, sys\n"
    "key = bytes.fromhex(open(sys.argv[2]).read().strip())\n"
    "conn = sqlite3.connect('file:' + sys.argv[1] + '?mode=ro', uri=True)\n"
    "prev = bytes(32)\n"
    "for row in conn.execute('SELECT at, staff_id, action, entity, entity_id, payload, digest, fields, hash "
    "FROM journal WHERE id > ? ORDER BY id', (int(sys.argv[3]),)):\n"
    "    prev = hmac.new(key, prev + repr(row[:8]).encode(), hashlib.sha256).digest()\n"
)


def alternate(a: Callable[[], float], b: Callable[[], float], runs: int, *, warm_a: bool = True) -> tuple[Timing, Timing]:
    """a and b in turn (who goes first alternates), after a warm-up not counted (the floor's warm-up
    reads the whole file, so the OS file cache is warm for both; `warm_a=False` spares a long a)."""
    b()
    if warm_a:
        a()
    xs, ys = [], []
    for i in range(runs):
        if i % 2:
            ys.append(b())
            xs.append(a())
        else:
            xs.append(a())
            ys.append(b())
    return Timing(tuple(xs)), Timing(tuple(ys))


def _row(name: str, a: Timing, b: Timing, floor_kind: str, **extra: Any) -> dict[str, Any]:
    return metric(name, a.p50 / 1000, b.p50 / 1000, "s", p95=a.p95 / 1000, floor_p95=b.p95 / 1000, runs=len(a.samples),
                  floor_kind=floor_kind, **extra)


def _app(args: list[str], env: dict[str, str]) -> Callable[[], float]:
    return lambda: run_ms([PY, "-m", "app", *args, "--lang", "en"], env=env)[0]


def _py(code: str, *args: str) -> Callable[[], float]:
    return lambda: run_ms([PY, "-c", code, *args])[0]


def verify_figures(office: Any, size: str, sales: int, runs: int) -> Iterator[dict[str, Any]]:
    env = office.env()
    a, b = alternate(_app(["verify", "--db", str(office.db)], env), _py(HASH_FILE, str(office.db)), runs, warm_a=False)
    yield _row("verify_full_s", a, b, "a process reading and hashing the whole file", target=10, size=size,
               sales=sales)
    upto, key = _checkpoint(office)
    a, b = alternate(_app(["verify", "--quick", "--db", str(office.db)], env),
                     _py(CHAIN_SINCE, str(office.db), str(key), str(upto)), max(runs, 5))
    yield _row("verify_quick_s", a, b, "a process chaining HMAC over the entries since the verified point",
               target=1, size=size, sales=sales, entries_since=_entries_since(office.db, upto))


def _checkpoint(office: Any) -> tuple[int, Path]:
    import json

    conn = sqlite3.connect(office.db.resolve().as_uri() + "?mode=ro", uri=True)
    try:
        payload, install_id = conn.execute("SELECT j.payload, o.install_id FROM journal j, office o "
                                           "WHERE j.action = 'verified' ORDER BY j.id DESC LIMIT 1").fetchone()
    finally:
        conn.close()
    return int(json.loads(payload)["upto"]), office.config / "keys" / f"{install_id}.key"


def _entries_since(path: Path, upto: int) -> int:
    conn = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
    try:
        return int(conn.execute("SELECT COUNT(*) FROM journal WHERE id > ?", (upto,)).fetchone()[0])
    finally:
        conn.close()


def _fresh_checkpoint(copy: Any) -> None:
    """A full check recorded now, as a week's backup would: the daily backup then checks only what is new."""
    from app.db import open_database
    from app.services.verify import record_checkpoint, verify_file

    report = verify_file(copy.db)
    if not report.ok:
        raise RuntimeError(f"the working copy does not verify: {report.problems[:2]}")
    db = open_database(copy.db)
    try:
        record_checkpoint(db, report, staff_id=None)
    finally:
        db.close()


def _a_day_of_sales(copy: Any, count: int) -> None:
    """`count` visits recorded through the service on the working copy (a day of this office)."""
    from app.db import open_database
    from app.services.sales import record_sale
    from bench.bench_ledger import _clerk_on_shift, _request

    clerk = _clerk_on_shift(copy.db)
    db = open_database(copy.db)
    try:
        for _ in range(count):
            record_sale(db, clerk, _request())
    finally:
        db.close()


def quick_after_a_day(copy: Any, size: str, sales: int, runs: int) -> Iterator[dict[str, Any]]:
    """`verify --quick` as it runs at a day's end: a day's sales since the verified point."""
    from bench.bigdb import config_of

    day = round(sales / 3650)
    with config_of(copy):
        _fresh_checkpoint(copy)
        _a_day_of_sales(copy, day)
    upto, key = _checkpoint(copy)
    a, b = alternate(_app(["verify", "--quick", "--db", str(copy.db)], copy.env()),
                     _py(CHAIN_SINCE, str(copy.db), str(key), str(upto)), max(runs, 5))
    yield _row("verify_quick_after_a_day_s", a, b, "a process chaining HMAC over the entries since the verified point",
               target=1, size=size, sales=sales, entries_since=_entries_since(copy.db, upto), new_sales=day)


def backup_restore_figures(copy: Any, folder: Path, size: str, sales: int, runs: int, *,
                           checkpoint: bool = True) -> Iterator[dict[str, Any]]:
    """The daily backup (a recent verified point: it checks what is new), the weekly one (--full), and
    restore; `checkpoint=False` when the copy already has a recent verified point."""
    from bench.bigdb import config_of

    if checkpoint:
        with config_of(copy):
            _fresh_checkpoint(copy)
    env = copy.env()
    out = folder / "backups"
    plain = folder / "plain.db"
    copy_floor = _py(PLAIN_COPY, str(copy.db), str(plain))

    def backup(*extra: str) -> Callable[[], float]:
        def run() -> float:
            shutil.rmtree(out, ignore_errors=True)
            return _app(["backup", "--db", str(copy.db), "--to", str(out), "--user", "owner", "--pin", "1234",
                         *extra], env)()
        return run

    a, b = alternate(backup(), copy_floor, runs)
    yield _row("backup_daily_s", a, b, "a plain copy of the file + fsync", target=5, target_ratio=1.5, size=size,
               sales=sales, db_bytes=copy.db.stat().st_size)
    a, b = alternate(backup("--full"), copy_floor, max(2, runs - 1), warm_a=False)
    yield _row("backup_full_s", a, b, "a plain copy of the file + fsync", target_ratio=1.5, size=size, sales=sales)
    made = next(out.glob("pishkhan-*.db"))
    restore_env = {**env, "PISHKHAN_CONFIG_DIR": str(folder / "restore-config")}
    shutil.copytree(copy.config, folder / "restore-config")
    target = folder / "restored" / "books.db"

    def restore() -> float:
        shutil.rmtree(target.parent, ignore_errors=True)
        return _app(["restore", "--db", str(target), "--from", str(made)], restore_env)()

    a, b = alternate(restore, copy_floor, runs)
    yield _row("restore_s", a, b, "a plain copy of the file + fsync", target_ratio=1.5, size=size, sales=sales)


def metrics() -> Iterator[dict[str, Any]]:
    for size, office in big_offices():
        if office is None:
            yield skipped("verify_full_s", not_cached(size), size=size)
            continue
        manifest = office.manifest
        sales = manifest["sales"]
        yield metric("bigdb_build_s", manifest["build_s"], None, "s", size=size, sales=sales,
                     note="the demo generator writing 10 years through the ledger's book, then its full check; "
                          "no floor (a bench cost, not an app operation)")
        runs = 3
        yield from verify_figures(office, size, sales, runs)
        from bench.bigdb import working_copy

        with tempfile.TemporaryDirectory(prefix="pishkhan-bench-") as tmp, working_copy(office, Path(tmp)) as copy:
            yield from quick_after_a_day(copy, size, sales, runs)
            yield from backup_restore_figures(copy, Path(tmp), size, sales, runs, checkpoint=False)


if __name__ == "__main__":
    from bench.common import emit

    for row in metrics():
        emit(row)
