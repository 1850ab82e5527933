"""A one-desk office moves onto the server with its whole history: receipt numbers, journal (the same
chain, continued with the same key), tariffs, staff. Both sides verify; the reports match to the
Rial; the desks carry on the series. And the schema the migrations build is the one the code
describes, on both engines."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from app_testkit import PINS, actor, clone, run_cli

from app.db import Database, open_database
from app.reports.figures import compute_days
from app.services import shifts
from app.services.sales import LineRequest, SaleRequest, record_sale
from app.services.server import add_desk, init_server
from app.services.verify import verify_file, verify_server


def figures(db: Database, first: dt.date, last: dt.date):  # type: ignore[no-untyped-def]
    with db.read() as session:
        return compute_days(session, first, last)


def test_a_one_desk_office_moves_onto_the_server(history_template: Path, tmp_path: Path, cluster) -> None:  # type: ignore[no-untyped-def]
    path = clone(history_template, tmp_path / "office.db")
    local = open_database(path)
    shifts.open_shift(local, actor(local, "clerk1"), 0)
    record_sale(local, actor(local, "clerk1"), SaleRequest((LineRequest("1001"),)))
    local.close()
    assert verify_file(path).ok
    url = cluster.create_database("moved")
    init_server(url).close()
    result = run_cli("server", "import", "--from", path, "--to", url, "--lang", "en")
    assert result.code == 0, result
    assert verify_file(path).ok and verify_server(url).ok  # both sides verify

    server = Database(url)
    local = open_database(path)
    try:
        with local.raw(write=False) as tx:
            first, last, sales, total = tx.one("SELECT MIN(business_day), MAX(business_day), COUNT(*), "
                                               "SUM(grand_total) FROM txn")
        assert f"{sales} sales" in result.stderr
        span = dt.date.fromisoformat(first), dt.date.fromisoformat(last)
        assert figures(server, *span) == figures(local, *span)  # the reports match to the Rial
        with server.raw(write=False) as tx:
            assert tx.one("SELECT COUNT(*), SUM(grand_total) FROM txn") == (sales, total)
            assert tx.value("SELECT COUNT(*) FROM journal WHERE action = 'moved_to_server'") == 1
        desk = Database(add_desk(url, "one").url)
        clerk = actor(desk, "clerk1")  # the shift open at the move goes on at the desk
        assert record_sale(desk, clerk, SaleRequest((LineRequest("1001"),))).receipt_number == sales + 1
        login = run_cli("shift", "report", "--db", add_desk(url, "two").url, "--user", "clerk1", "--pin",
                        PINS["clerk1"])
        assert login.code == 0, login  # staff and their PINs came along
        desk.close()
        assert verify_server(url).ok
    finally:
        server.close()
        local.close()


def test_moving_books_that_fail_verification_is_refused(history_template: Path, tmp_path: Path, cluster) -> None:  # type: ignore[no-untyped-def]
    import sqlite3

    path = clone(history_template, tmp_path / "office.db")
    conn = sqlite3.connect(path)
    conn.execute("DROP TRIGGER txn_no_update")
    conn.execute("UPDATE txn SET change_due = change_due + 1 WHERE id = 3")
    conn.commit()
    conn.close()
    url = cluster.create_database("refused")
    init_server(url).close()
    result = run_cli("server", "import", "--from", path, "--to", url, "--lang", "en")
    assert result.code == 1 and "were not moved" in result.stderr
    server = Database(url)
    with server.raw(write=False) as tx:
        assert tx.value("SELECT COUNT(*) FROM txn") == 0
    server.close()


@pytest.mark.parametrize("engine", ["sqlite", "postgresql"])
def test_the_migrations_build_what_the_tables_describe(engine: str, tmp_path: Path, cluster) -> None:  # type: ignore[no-untyped-def]
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from sqlalchemy import MetaData

    from app.ledger.tables import metadata, server_metadata

    if engine == "sqlite":
        db = open_database(tmp_path / "new.db", create=True)
        wanted = metadata
    else:
        db = init_server(cluster.create_database("compare"))
        wanted = MetaData()
        for table in (*metadata.tables.values(), *server_metadata.tables.values()):
            table.to_metadata(wanted)
    try:
        with db.engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": False}), wanted)
            meaningful = [d for d in _flat(diff) if not _same_on_sqlite(d, conn, engine)]
    finally:
        db.close()
    assert meaningful == [], meaningful


def _flat(diff: list) -> list:  # type: ignore[type-arg]
    return [d for item in diff for d in (item if isinstance(item, list) else [item])]


def _same_on_sqlite(d: tuple, conn, engine: str) -> bool:  # type: ignore[no-untyped-def, type-arg]
    """SQLite's own spellings of the same schema: UNIQUE written inside a table comes back unnamed, and
    a primary key reads as nullable. Anything else is a real difference."""
    from sqlalchemy import UniqueConstraint, inspect

    if engine != "sqlite":
        return False
    if d[0] == "modify_nullable":
        table = inspect(conn).get_pk_constraint(d[2])
        return d[3] in table["constrained_columns"]
    if d[0] == "add_constraint" and isinstance(d[1], UniqueConstraint):
        wanted = [c.name for c in d[1].columns]
        return any(u["column_names"] == wanted for u in inspect(conn).get_unique_constraints(d[1].table.name))
    return False


def test_a_server_backup_restores_into_a_new_server_and_verifies(office, cluster, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    one = office.desk_db("one")
    shifts.open_shift(one, office.actor("clerk1"), 0)
    for _ in range(3):
        record_sale(one, office.actor("clerk1"), SaleRequest((LineRequest("1001"),)))
    one.close()
    made = run_cli("server", "backup", "--url", office.owner_url, "--to", tmp_path / "backups", "--lang", "en")
    assert made.code == 0, made
    dump = Path(made.stdout.strip())
    assert dump.is_file() and dump.with_suffix(".key").is_file() and dump.with_suffix(".seal").is_file()
    assert b"ledger_secret" in dump.read_bytes() and dump.with_suffix(".key").read_text() not in dump.read_text(
        errors="replace")  # the key is beside the dump, never inside it
    new = cluster.create_database("new_server")
    restored = run_cli("restore", "--db", new, "--from", dump, "--lang", "en")
    assert restored.code == 0, restored
    assert verify_server(new).ok
    server = Database(new)
    with server.raw(write=False) as tx:
        assert tx.value("SELECT COUNT(*) FROM txn") == 3
    server.close()
    desk = Database(add_desk(new, "one").url)  # desks' logins are added again on the new server
    assert record_sale(desk, actor(desk, "clerk1"), SaleRequest((LineRequest("1001"),))).receipt_number == 4
    desk.close()
    assert verify_server(new).ok


def test_a_changed_server_backup_is_refused(office, cluster, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    made = run_cli("server", "backup", "--url", office.owner_url, "--to", tmp_path / "b", "--lang", "en")
    dump = Path(made.stdout.strip())
    data = bytearray(dump.read_bytes())
    data[len(data) // 2] ^= 0xFF
    dump.write_bytes(bytes(data))
    result = run_cli("restore", "--db", cluster.create_database("changed"), "--from", dump, "--lang", "en")
    assert result.code == 1 and "changed after it was made" in result.stderr
