"""The reports' property test on the office server: for any sequence of sales, voids, shift and day
closes made through the real services against PostgreSQL, every report equals the ledger, exactly as
on SQLite (tests/app/reports/test_reports_properties.py, whose checks run here unchanged)."""
from __future__ import annotations

import itertools
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "app" / "reports"))

from test_reports_properties import _check_everything, _run, operations  # noqa: E402

from app.db import Database  # noqa: E402

_names = itertools.count(1)


@pytest.fixture(scope="module")
def template(cluster) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """The reports' office (the same catalogue and staff as tests/app/reports) as a template database."""
    from reports_testkit import build_office

    from app.services.server import init_server

    url = cluster.create_database("reports_template")
    init_server(url).close()
    build_office(url)
    yield "reports_template"


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                   HealthCheck.function_scoped_fixture])
@given(ops=operations)
def test_every_report_adds_up_on_the_server(cluster, template: str, ops: list[tuple]) -> None:  # type: ignore[no-untyped-def]
    import psycopg

    name = f"reports_{next(_names)}"
    with psycopg.connect(cluster.url(), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    db = Database(cluster.url(name))
    try:
        _run(db, ops)
        _check_everything(db)
    finally:
        db.close()
        cluster.drop_database(name)
