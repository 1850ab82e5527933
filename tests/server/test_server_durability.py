"""Desks at the same moment, desks killed mid-sale, the server stopped mid-sale (`pg_ctl stop -m
immediate`): every acknowledged sale is there, the receipt numbers are gapless, the chain is intact."""
from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Iterator

import pytest
from app_testkit import ROOT, subprocess_env
from server_testkit import Office

from app.services.verify import verify_server
from bench import pgcluster

# A desk that records sales in a loop and prints each acknowledged receipt number (after commit).
DESK = """
import sys
from app.db import Database
from app.services import shifts
from app.services.common import Actor
from app.services.sales import LineRequest, SaleRequest, record_sale
from app.errors import UserError
import time
db = Database(sys.argv[1])
while True:  # the server may be down as this desk starts: wait for it
    try:
        with db.raw(write=False) as tx:
            actor = Actor(*tx.one("SELECT id, username, full_name, role FROM staff WHERE username = ?", sys.argv[2]))
        shifts.open_shift(db, actor, 0)
        break
    except UserError as err:
        if "already have an open shift" in str(err):
            break
        time.sleep(0.2)
for _ in range(int(sys.argv[3])):
    try:
        number = record_sale(db, actor, SaleRequest((LineRequest("1001"),))).receipt_number
    except UserError as err:  # the server went away: say so, try again
        print("down", flush=True)
        import time; time.sleep(0.2)
        continue
    print(number, flush=True)
"""


def desk(url: str, clerk: str, sales: int) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-c", DESK, url, clerk, str(sales)], cwd=ROOT, env=subprocess_env(),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def acknowledged(output: str) -> list[int]:
    return [int(line) for line in output.split() if line.isdigit()]


def assert_sound(office: Office, acked: list[int]) -> None:
    numbers = [r for (r,) in _rows(office, "SELECT receipt_number FROM txn ORDER BY receipt_number")]
    assert set(acked) <= set(numbers), "an acknowledged sale is missing"
    assert numbers == list(range(1, len(numbers) + 1)), "receipt numbers have a gap or a duplicate"
    report = verify_server(office.owner_url)
    assert report.ok, report.problems


def _rows(office: Office, sql: str) -> list[tuple[int]]:
    assert office.db is not None
    office.db.store.close()
    with office.db.raw(write=False) as tx:
        return list(tx.all(sql))


def test_three_desks_recording_at_once(office: Office) -> None:
    procs = [desk(office.desks[name], clerk, 200) for name, clerk in
             (("one", "clerk1"), ("two", "clerk2"), ("three", "manager1"))]
    outputs = [p.communicate(timeout=300) for p in procs]
    for proc, (out, err) in zip(procs, outputs, strict=True):
        assert proc.returncode == 0 and "Traceback" not in err, err
        assert len(acknowledged(out)) == 200 and "down" not in out
    acked = [n for out, _err in outputs for n in acknowledged(out)]
    assert sorted(acked) == list(range(1, 601))
    assert_sound(office, acked)


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_desks_killed_mid_sale(office: Office) -> None:
    rng = random.Random(11)
    acked: list[int] = []
    for _ in range(50):
        proc = desk(office.desks["one"], "clerk1", 10_000)
        assert proc.stdout is not None
        first = proc.stdout.readline()  # recording has begun (however long a Python process takes to start)
        time.sleep(rng.uniform(0.0, 0.3))  # then killed at a random point, most likely mid-sale
        proc.send_signal(signal.SIGKILL)
        out, _err = proc.communicate(timeout=60)
        acked += acknowledged(first + out)
    assert len(acked) > 50
    assert_sound(office, acked)


@pytest.fixture
def own_server() -> Iterator[tuple[pgcluster.Cluster, Office]]:
    """A cluster of this test's own (in a folder the server's user can reach): it is stopped again and again."""
    server = pgcluster.Cluster().init().start()
    office = Office.create(server, "stopped")
    yield server, office
    office.close()
    server.destroy()


def test_the_server_stopped_immediately_mid_sale(own_server: tuple[pgcluster.Cluster, Office]) -> None:
    server, office = own_server
    rng = random.Random(7)
    proc = desk(office.desks["one"], "clerk1", 1_000_000)
    assert proc.stdout is not None
    first = proc.stdout.readline()  # recording has begun
    try:
        for _ in range(50):
            time.sleep(rng.uniform(0.05, 0.4))
            server.stop("immediate")  # as a power cut of the server PC
            time.sleep(rng.uniform(0.0, 0.3))
            server.restart()
        time.sleep(1.0)
    finally:
        proc.send_signal(signal.SIGTERM if os.name != "nt" else signal.SIGTERM)
        out, err = proc.communicate(timeout=60)
    acked = acknowledged(first + out)
    assert "down" in out and len(acked) > 20, (out[-500:], err[-2000:])
    assert "Traceback" not in err, err[-3000:]
    assert_sound(office, acked)


def test_the_first_sale_after_the_server_restarted_while_the_desk_waited_is_saved(
        own_server: tuple[pgcluster.Cluster, Office], monkeypatch: pytest.MonkeyPatch) -> None:
    """The server PC restarted overnight while the counter stood idle: the desk's old connection is dead,
    and the morning's first sale is saved at once — not refused once with "server gone" and saved on a retry."""
    from app.db import open_database
    from app.services import shifts
    from app.services.auth import login
    from app.services.sales import LineRequest, SaleRequest, record_sale
    from app.store import postgres

    server, office = own_server
    db = open_database(office.desks["one"])
    try:
        clerk = login(db, "clerk1", "1111")
        shifts.open_shift(db, clerk, 0)
        visit = SaleRequest((LineRequest("1001"),))
        record_sale(db, clerk, visit)
        server.stop("immediate")
        server.restart()
        monkeypatch.setattr(postgres, "IDLE_CHECK", 0.0)  # (the night, without the wait)
        assert record_sale(db, clerk, visit).receipt_number == 2
    finally:
        db.close()
