"""The bench's big offices: built reproducibly, kept with their keys so they verify later, never
half-built, never changed by a benchmark that writes; and the record floor writes what a sale writes."""
from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from bench import bigdb

ROOT = Path(__file__).resolve().parents[2]
TINY = bigdb.Size("tiny", desks=1, visits=4, days=3)


@pytest.fixture()
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("PISHKHAN_BENCH_HOME", str(tmp_path / "bench-home"))
    return tmp_path / "bench-home"


def _verify(db: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "app", "verify", "--db", str(db), "--lang", "en"], cwd=ROOT, env=env,
                          capture_output=True, text=True)


def _count(db: Path, table: str) -> int:
    conn = sqlite3.connect(db)
    try:
        return int(conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])
    finally:
        conn.close()


def test_a_cached_office_keeps_its_keys_beside_it_and_verifies_later(home: Path, tmp_path: Path) -> None:
    office = bigdb.build(TINY, quiet=True)
    assert office.folder == home / "office-tiny" and bigdb.cached("tiny") == office
    keys = sorted(p.suffix for p in (office.config / "keys").iterdir())
    assert keys == [".key", ".key", ".witness"]  # journal key, signing key, witness of the journal's end
    assert office.manifest["sales"] == _count(office.db, "txn") > 0
    done = _verify(office.db, office.env())
    assert done.returncode == 0, done.stderr
    elsewhere = _verify(office.db, {**office.env(), "PISHKHAN_CONFIG_DIR": str(tmp_path / "other-config")})
    assert elsewhere.returncode != 0 and "key" in elsewhere.stderr.lower()


def test_a_rebuild_writes_the_same_books(home: Path) -> None:
    first = bigdb.build(TINY, quiet=True).manifest
    second = bigdb.build(TINY, quiet=True).manifest
    assert first["fingerprint"] == second["fingerprint"]
    assert first["rows"] == second["rows"]
    assert (first["seed"], first["today"]) == (bigdb.SEED, bigdb.TODAY.isoformat())


def test_an_unfinished_build_is_not_taken_for_an_office(home: Path) -> None:
    unfinished = home / "office-tiny.building"
    unfinished.mkdir(parents=True)
    (unfinished / "books.db").write_bytes(b"half")
    assert bigdb.cached("tiny") is None
    office = bigdb.build(TINY, quiet=True)
    assert not unfinished.exists() and bigdb.cached("tiny") == office


def test_a_benchmark_writing_to_a_working_copy_leaves_the_cached_office_as_built(home: Path, tmp_path: Path) -> None:
    office = bigdb.build(TINY, quiet=True)
    witness = next((office.config / "keys").glob("*.witness")).read_bytes()
    with bigdb.working_copy(office, tmp_path / "work") as copy:
        done = subprocess.run([sys.executable, "-m", "app", "shift", "open", "--db", str(copy.db), "--user", "clerk1",
                               "--pin", "1111", "--float", "0"], cwd=ROOT, env=copy.env(), capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        assert _verify(copy.db, copy.env()).returncode == 0
    assert bigdb.fingerprint(office.db)["fingerprint"] == office.manifest["fingerprint"]
    assert next((office.config / "keys").glob("*.witness")).read_bytes() == witness
    assert _verify(office.db, office.env()).returncode == 0


def test_the_record_floor_writes_one_sale_of_the_same_rows_into_its_twin(home: Path, tmp_path: Path) -> None:
    from bench import bench_ledger

    office = bigdb.build(TINY, quiet=True)
    with bigdb.working_copy(office, tmp_path / "work") as copy, bigdb.config_of(copy):
        clerk = bench_ledger._clerk_on_shift(copy.db)
        plan = bench_ledger.floor_plan_of(copy.db, clerk)
        twin = tmp_path / "twin.db"
        bench_ledger._twin(copy.db, twin)
        before = {t: _count(twin, t) for t in ("txn", "txn_line", "payment", "journal")}
        conn = sqlite3.connect(twin, isolation_level=None)
        bench_ledger.record_floor(conn, plan)
        bench_ledger.record_floor(conn, plan)
        conn.close()
        after = {t: _count(twin, t) for t in before}
    assert after == {t: n + 2 for t, n in before.items()}
    conn = sqlite3.connect(twin)
    numbers = [r[0] for r in conn.execute("SELECT receipt_number FROM txn ORDER BY id DESC LIMIT 2")]
    lines = conn.execute("SELECT COUNT(*) FROM txn_line WHERE txn_id IN (SELECT id FROM txn ORDER BY id DESC "
                         "LIMIT 2)").fetchone()[0]
    conn.close()
    assert numbers[0] == numbers[1] + 1 and lines == 2  # its own receipt numbers; lines tied to its own sales
