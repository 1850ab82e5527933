"""A real PostgreSQL server for the office-server tests: a throwaway cluster this test run starts
(`initdb` + `pg_ctl` in a temporary folder; `make test` installs Debian's PostgreSQL), one database
per test, set up the way an owner sets up the office server."""
from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

if "PISHKHAN_CONFIG_DIR" not in os.environ:
    _home = tempfile.mkdtemp(prefix="pishkhan-server-tests-")
    os.environ["PISHKHAN_CONFIG_DIR"] = os.path.join(_home, "config")
    os.environ["PISHKHAN_DATA_DIR"] = os.path.join(_home, "data")
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "app"))

from server_testkit import Office  # noqa: E402

from app import i18n  # noqa: E402
from app.services.common import forget_journal_keys  # noqa: E402
from bench import pgcluster  # noqa: E402

_counter = iter(range(1, 1_000_000))


@pytest.fixture(autouse=True)
def _clean_process_state() -> Iterator[None]:
    i18n.set_language("fa")
    forget_journal_keys()
    yield
    i18n.set_language("fa")
    forget_journal_keys()


@pytest.fixture(scope="session")
def cluster() -> Iterator[pgcluster.Cluster]:
    if not pgcluster.available():
        if os.environ.get("CI") or os.geteuid() == 0:
            pytest.fail("PostgreSQL is not installed: `make test` installs it (Debian's postgresql)")
        pytest.skip("PostgreSQL is not installed")
    server = pgcluster.Cluster().init().start()
    yield server
    server.destroy()


@pytest.fixture
def office(cluster: pgcluster.Cluster) -> Iterator[Office]:
    """A new office on the server: schema, the demo catalogue and staff, two desks' logins."""
    name = f"office_{next(_counter)}"
    office = Office.create(cluster, name)
    yield office
    office.close()
    cluster.drop_database(name)


@pytest.fixture(scope="session")
def history_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A one-desk office (SQLite) with two closed days of history."""
    from app_testkit import PINS

    from app.db import open_database
    from app.demo import build_demo
    from app.services.staff import add_staff

    path = tmp_path_factory.mktemp("history") / "office.db"
    db = open_database(path, create=True)
    owner = build_demo(db, days=2, seed=7)
    add_staff(db, owner, "manager1", "مریم صالحی", "manager", PINS["manager1"])
    db.close()
    return path
