"""The bench's big offices: 10 years of books built by the demo's own generator, kept with their keys.

Two sizes (`SIZES`): ~730k sales (2 desks x 100 visits x 3650 days) and ~2M (3 desks x 183 visits).
Each is built once, reproducibly (fixed seed, fixed `today`), into the bench home
(PISHKHAN_BENCH_HOME, else the user's cache folder) as a folder of its own:

    office-2m/books.db        the books
    office-2m/config/keys/    the journal key, signing key and witness (the office's config folder)
    office-2m/manifest.json   how it was built, how long it took, and a fingerprint of its records

The config folder travels with the books, so a cached office can be verified at any later time:
`PISHKHAN_CONFIG_DIR=<home>/office-2m/config pishkhan verify --db <home>/office-2m/books.db`.
A build goes into `office-NAME.building/` and is renamed only when finished and verified, so an
interrupted build is never taken for a finished one.

Rebuilding gives the same books (every sale, line, payment, amount, name and time: the manifest's
fingerprint), not the same bytes: the app draws the office's install id, keys and PIN salts at random,
so the hashes chained over them differ. Benchmarks that write work on a copy (`working_copy`), so the
cached office stays as it was built.

`python -m bench.bigdb build 730k|2m` builds one; `python -m bench.bigdb list` shows what is cached.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import sqlite3
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.common import bench_home


@dataclass(frozen=True)
class Size:
    name: str
    desks: int
    visits: int
    days: int = 3650


SIZES = {"730k": Size("730k", 2, 100), "2m": Size("2m", 3, 183)}
SEED = 1
TODAY = dt.date(2026, 3, 20)  # 1404-12-29, the last day of a Jalali year: the history ends on whole years


@dataclass(frozen=True)
class Office:
    """A built office: its books, its config folder (keys, witness) and its manifest."""

    folder: Path

    @property
    def db(self) -> Path:
        return self.folder / "books.db"

    @property
    def config(self) -> Path:
        return self.folder / "config"

    @property
    def manifest(self) -> dict[str, Any]:
        data: dict[str, Any] = json.loads((self.folder / "manifest.json").read_text(encoding="utf-8"))
        return data

    def env(self, base: dict[str, str] | None = None) -> dict[str, str]:
        """The environment a command on these books needs: its config folder (keys, witness)."""
        return {**(base if base is not None else os.environ), "PISHKHAN_CONFIG_DIR": str(self.config)}


def office_folder(size: str, home: Path | None = None) -> Path:
    return (home or bench_home()) / f"office-{size}"


def cached(size: str, home: Path | None = None) -> Office | None:
    """The finished office of that size, or None (a build that did not finish does not count)."""
    folder = office_folder(size, home)
    if (folder / "manifest.json").is_file() and (folder / "books.db").is_file():
        return Office(folder)
    return None


@contextmanager
def config_of(office: Office) -> Iterator[None]:
    """In this process: the app reads keys and the witness from the office's config folder."""
    from app.services.common import forget_journal_keys

    before = os.environ.get("PISHKHAN_CONFIG_DIR")
    os.environ["PISHKHAN_CONFIG_DIR"] = str(office.config)
    forget_journal_keys()
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("PISHKHAN_CONFIG_DIR", None)
        else:
            os.environ["PISHKHAN_CONFIG_DIR"] = before
        forget_journal_keys()


def build(size: Size, home: Path | None = None, *, quiet: bool = False) -> Office:
    """Build the office of `size` (replacing an unfinished build) and return it."""
    final = office_folder(size.name, home)
    work = final.with_name(final.name + ".building")
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    office = Office(work)
    commit = _commit()  # the app that writes the books (taken now: the checkout may move during a long build)
    started = time.perf_counter()
    with config_of(office):
        from app.db import open_database
        from app.demo import build_demo

        db = open_database(office.db, create=True)
        try:
            build_demo(db, days=size.days, seed=SEED, today=TODAY, desks=size.desks, visits=size.visits,
                       progress=None if quiet else _progress)
        finally:
            db.close()
    build_s = time.perf_counter() - started
    prints = fingerprint(office.db)
    _checkpoint_wal(office.db)
    manifest = {"size": size.name, "desks": size.desks, "visits": size.visits, "days": size.days, "seed": SEED,
                "today": TODAY.isoformat(), "build_s": round(build_s, 1), "built_at": dt.datetime.now(dt.UTC).isoformat(),
                "app_commit": commit, **prints, "bytes": office.db.stat().st_size}
    (work / "manifest.json").write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    shutil.rmtree(final, ignore_errors=True)
    os.replace(work, final)
    return Office(final)


def _progress(done: int, total: int) -> None:
    if done % 365 == 0 or done == total:
        print(f"  {done}/{total} days", file=sys.stderr, flush=True)


def _checkpoint_wal(path: Path) -> None:
    """Fold the WAL into the file: the cached books are one file plus nothing pending."""
    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()


def _commit() -> str:
    import subprocess

    root = Path(__file__).resolve().parent.parent
    # The last commit that changed the app (what wrote the books), not the bench's own commits.
    done = subprocess.run(["git", "log", "-1", "--format=%h", "--", "app"], cwd=root, capture_output=True, text=True)
    return done.stdout.strip()


# What the demo wrote, without the keyed hashes and random ids: equal on every rebuild.
_FINGERPRINT = {
    "txn": "SELECT receipt_number, business_day, created_at, staff_id, shift_id, citizen_name, national_id, "
           "agency_total, office_total, vat_total, grand_total, change_due FROM txn ORDER BY id",
    "txn_line": "SELECT txn_id, line_no, service_code, quantity, agency_fee, office_fee, vat_amount, line_total, "
                "tracking_code FROM txn_line ORDER BY id",
    "payment": "SELECT txn_id, method, amount, tendered, terminal, reference FROM payment ORDER BY id",
    "void": "SELECT txn_id, business_day, created_at, reason, grand_total FROM void ORDER BY id",
    "day_close": "SELECT business_day, visits, grand_total, cumulative_total FROM day_close ORDER BY id",
}


def fingerprint(path: Path) -> dict[str, Any]:
    """Row counts and a SHA-256 over the records' own fields (see _FINGERPRINT)."""
    conn = sqlite3.connect(Path(path).resolve().as_uri() + "?mode=ro", uri=True)
    try:
        digest = hashlib.sha256()
        counts = {}
        for table, sql in _FINGERPRINT.items():
            n = 0
            cur = conn.execute(_existing_columns(conn, table, sql))
            while rows := cur.fetchmany(10_000):
                n += len(rows)
                digest.update(repr(rows).encode())
            counts[table] = n
        counts["journal"] = conn.execute("SELECT COUNT(*) FROM journal").fetchone()[0]
        return {"sales": counts["txn"], "rows": counts, "fingerprint": digest.hexdigest(),
                "bytes": Path(path).stat().st_size}
    finally:
        conn.close()


def _existing_columns(conn: sqlite3.Connection, table: str, sql: str) -> str:
    """The fingerprint query with only the columns this schema has (names drift between versions)."""
    have = {r[1] for r in conn.execute(f"PRAGMA table_info({table})")}
    head, tail = sql.split(" FROM ", 1)
    columns = [c.strip() for c in head.removeprefix("SELECT ").split(",") if c.strip() in have]
    return f"SELECT {', '.join(columns) or 'id'} FROM {tail}"


@contextmanager
def working_copy(office: Office, folder: Path) -> Iterator[Office]:
    """A copy of the office (books and config folder) that a benchmark may write to."""
    target = Office(folder / office.folder.name)
    target.folder.mkdir(parents=True)
    shutil.copytree(office.config, target.config)
    shutil.copyfile(office.db, target.db)
    shutil.copyfile(office.folder / "manifest.json", target.folder / "manifest.json")
    try:
        yield target
    finally:
        shutil.rmtree(target.folder, ignore_errors=True)


def main(argv: list[str]) -> int:
    if argv[:1] == ["build"] and len(argv) == 2 and argv[1] in SIZES:
        office = build(SIZES[argv[1]])
        print(json.dumps(office.manifest, ensure_ascii=False))
        return 0
    if argv[:1] == ["list"]:
        for name in SIZES:
            office = cached(name)
            print(name, office.folder if office else "(not built)", office.manifest if office else "")
        return 0
    print(__doc__.split("\n\n")[-1], file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
