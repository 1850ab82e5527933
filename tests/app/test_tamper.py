"""Someone with the database file and sqlite3, but not the journal key, changes the books:
`pishkhan verify` must say so (exit 1) and name the record."""
from __future__ import annotations

import secrets
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from app_testkit import PINS, actor, clone, one_line, run_app, run_cli, subprocess_env

from app.db import open_database
from app.journal import key_path
from app.ledger import canonical, forms
from app.ledger.chain import GENESIS, row_hash
from app.ledger.witness import adopt
from app.services import shifts
from app.services.dayclose import close_day
from app.services.sales import LineRequest, PaymentRequest, SaleRequest, record_sale
from app.services.voids import void_sale
from app.store.base import Tx


@pytest.fixture(scope="module")
def ledger_template(history_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two days of history, then a day with every kind of record: cash in and out, sales paid every way,
    a clerk's void approved by the manager, the shift closed with a variance, the day closed."""
    path = clone(history_template, tmp_path_factory.mktemp("ledger") / "office.db")
    db = open_database(path)
    clerk, owner = actor(db, "clerk1"), actor(db, "owner")
    shifts.open_shift(db, clerk, 1_000_000)
    shifts.cash_movement(db, clerk, "in", 300_000, "تنخواه")
    shifts.cash_movement(db, clerk, "out", 100_000, "خرید کاغذ")
    record_sale(db, clerk, SaleRequest((LineRequest("1001"), LineRequest("2001", 2, 700_000, None, "TRK-1")),
                                       (PaymentRequest("cash", 5_000_000),), "0084575948", "علی اکبر"))
    sale = record_sale(db, clerk, SaleRequest((LineRequest("2005"),), (PaymentRequest("card", None, "T-9", "4242"),)))
    record_sale(db, clerk, SaleRequest((LineRequest("8001"),),
                                       (PaymentRequest("card", 200_000, "T-9", "77"), PaymentRequest("cash"))))
    void_sale(db, clerk, sale.receipt_number, "اشتباه", approver=("manager1", PINS["manager1"]))
    shifts.close_shift(db, clerk, 1_500_000)
    close_day(db, owner)
    db.close()
    assert run_cli("verify", "--db", path).code == 0
    return path


@pytest.fixture
def ledger(ledger_template: Path, tmp_path: Path) -> Path:
    return clone(ledger_template, tmp_path / "office.db")


def tamper(path: Path, *statements: str, params: tuple[object, ...] = ()) -> None:
    """Behind the app's back: triggers dropped, CHECK constraints off, plain sqlite3."""
    conn = sqlite3.connect(path)
    conn.isolation_level = None
    conn.execute("PRAGMA ignore_check_constraints = ON")
    for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall():
        conn.execute(f"DROP TRIGGER {name}")
    for sql in statements:
        conn.execute(sql, params if "?" in sql else ())
    conn.close()


def last_id(path: Path, table: str, where: str = "1") -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute(f"SELECT MAX(id) FROM {table} WHERE {where}").fetchone()[0])
    finally:
        conn.close()


def value(path: Path, sql: str) -> object:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql).fetchone()[0]
    finally:
        conn.close()


def verify_complaint(path: Path) -> str:
    result = run_cli("verify", "--db", path, "--lang", "en")
    assert result.code == 1, result
    assert "Traceback" not in result.stderr
    return result.stderr


# (table, money field, which record verify should name: kind and how to find the id)
MONEY_FIELDS = [
    *[("txn", f, "sale", "txn") for f in ("agency_total", "office_total", "vat_total", "grand_total", "change_due")],
    *[("txn_line", f, "sale", "txn_line") for f in ("quantity", "agency_fee", "office_fee", "agency_amount",
                                                   "office_amount", "vat_amount", "line_total", "vat_bp")],
    *[("payment", f, "sale", "payment") for f in ("amount", "tendered")],
    *[("void", f, "void", "void") for f in ("agency_total", "office_total", "vat_total", "grand_total", "cash_refund")],
    *[("day_close", f, "day close", "day_close") for f in ("visits", "voids", "agency_total", "office_total",
                                                           "vat_total", "grand_total", "cumulative_total")],
    ("cash_movement", "amount", "cash movement", "cash_movement"),
    ("shift", "opening_float", "shift", "shift"),
    *[("shift", f, "shift close", "shift") for f in ("expected_cash", "counted_cash", "variance")],
    *[("tariff", f, "tariff", "tariff") for f in ("agency_fee", "office_fee", "vat_bp", "agency_fee_min",
                                                  "agency_fee_max")],
]


@pytest.mark.parametrize(("table", "field", "kind", "_"), MONEY_FIELDS, ids=[f"{t}.{f}" for t, f, *_ in MONEY_FIELDS])
def test_editing_any_money_field_is_caught(ledger: Path, table: str, field: str, kind: str, _: str) -> None:
    row = last_id(ledger, table, "closed_at IS NOT NULL" if table == "shift" else "1")
    record = value(ledger, f"SELECT txn_id FROM {table} WHERE id = {row}") if table in ("txn_line", "payment") else row
    tamper(ledger, f"UPDATE {table} SET {field} = {field} + 1 WHERE id = {row}")
    complaint = verify_complaint(ledger)
    assert f"The {kind} record {record} was altered" in complaint, complaint
    assert (field in complaint) or table in ("txn_line", "payment"), complaint


def test_a_careful_forger_who_keeps_every_sum_consistent_is_caught(ledger: Path) -> None:
    # Lower the office fee of one cash sale by 100,000 Rials everywhere it shows: line, sale, payment.
    txn = value(ledger, "SELECT MIN(t.id) FROM txn t JOIN payment p ON p.txn_id = t.id AND p.method = 'cash' "
                        "WHERE t.business_day = (SELECT MAX(business_day) FROM txn)")
    line = value(ledger, f"SELECT MIN(id) FROM txn_line WHERE txn_id = {txn}")
    tamper(ledger,
           f"UPDATE txn_line SET office_amount = office_amount - 100000, line_total = line_total - 100000 WHERE id = {line}",
           f"UPDATE txn SET office_total = office_total - 100000, grand_total = grand_total - 100000 WHERE id = {txn}",
           f"UPDATE payment SET amount = amount - 100000 WHERE txn_id = {txn} AND method = 'cash'")
    assert value(ledger, "PRAGMA integrity_check") == "ok"
    assert f"The sale record {txn} was altered" in verify_complaint(ledger)


@pytest.mark.parametrize(("change", "field"), [
    ("citizen_id = ''", "citizen_id"),          # "no citizen" made an empty one
    ("citizen_name = citizen_name || char(31)", "citizen_name"),  # a field separator slipped into text
    ("citizen_name = citizen_name || char(0) || 'x'", "citizen_name"),  # text hidden after a NUL
    ("national_id = NULL", "national_id"),       # text blanked to NULL (NOT NULL relaxed by a rebuilt table)
])
def test_a_change_that_looks_the_same_is_caught(ledger: Path, change: str, field: str) -> None:
    # verify has SQLite write each sale's text; a NULL, an empty text and a text holding a separator must all differ.
    txn = value(ledger, "SELECT MIN(id) FROM txn WHERE citizen_id IS NULL")
    if "NULL" in change:
        tamper(ledger, "PRAGMA writable_schema = ON",
               "UPDATE sqlite_master SET sql = replace(sql, 'national_id TEXT NOT NULL', "
               "'national_id TEXT') WHERE name = 'txn'", "PRAGMA writable_schema = OFF")
    tamper(ledger, f"UPDATE txn SET {change} WHERE id = {txn}")
    complaint = verify_complaint(ledger)
    assert f"The sale record {txn} was altered" in complaint and field in complaint, complaint


def test_sqlite_writes_each_sale_as_the_app_does(ledger: Path) -> None:
    # The bulk path (SQLite building each sale's text) and the record path (Python) must agree exactly.
    db = open_database(ledger)
    try:
        with db.raw(write=False) as tx:
            top = int(tx.value("SELECT MAX(id) FROM txn"))
            by_python = {rid: canonical.form(*parts).encode() for rid, parts in forms.sales(tx, 1, top)}
            by_sqlite = dict(forms.sale_forms(tx, 1, top))
    finally:
        db.close()
    assert len(by_python) > 10 and by_sqlite == by_python


# --- deleting rows -----------------------------------------------------------------------------------

def _delete_sale(path: Path) -> str:
    txn = value(path, "SELECT id FROM txn WHERE receipt_number = 10")
    tamper(path, f"DELETE FROM payment WHERE txn_id = {txn}", f"DELETE FROM txn_line WHERE txn_id = {txn}",
           f"DELETE FROM txn WHERE id = {txn}")
    return f"The sale record {txn} was deleted"


def _delete_row(table: str, kind: str) -> Callable[[Path], str]:
    def run(path: Path) -> str:
        row = last_id(path, table)
        tamper(path, f"DELETE FROM {table} WHERE id = {row}")
        return f"The {kind} record {row} was deleted"
    return run


def _delete_part_of_sale(table: str) -> Callable[[Path], str]:
    def run(path: Path) -> str:
        row = last_id(path, table)
        txn = value(path, f"SELECT txn_id FROM {table} WHERE id = {row}")
        tamper(path, f"DELETE FROM {table} WHERE id = {row}")
        return f"The sale record {txn} was altered"
    return run


def _delete_tariff(path: Path) -> str:
    row = last_id(path, "tariff")
    tamper(path, f"DELETE FROM tariff WHERE id = {row}")
    return f"The tariff record {row} was deleted"


def _delete_journal_entry(path: Path) -> str:
    entry = last_id(path, "journal") // 2
    tamper(path, f"DELETE FROM journal WHERE id = {entry}")
    return f"Journal entry {entry + 1} does not follow the one before it"


DELETIONS = {
    "a whole sale": _delete_sale,
    "a sale line": _delete_part_of_sale("txn_line"),
    "a payment": _delete_part_of_sale("payment"),
    "a void": _delete_row("void", "void"),
    "a day close": _delete_row("day_close", "day close"),
    "a cash movement": _delete_row("cash_movement", "cash movement"),
    "a tariff": _delete_tariff,
    "a journal entry": _delete_journal_entry,
}


@pytest.mark.parametrize("what", list(DELETIONS))
def test_deleting_a_row_is_caught(ledger: Path, what: str) -> None:
    expected = DELETIONS[what](ledger)
    complaint = verify_complaint(ledger)
    assert expected in complaint, complaint


def test_a_deleted_sale_leaves_a_gap_in_the_numbers(ledger: Path) -> None:
    _delete_sale(ledger)
    assert "Receipt numbers have a gap: 10 is missing." in verify_complaint(ledger)


# --- inserting rows ----------------------------------------------------------------------------------

def _insert_sale(path: Path) -> str:
    number = int(value(path, "SELECT MAX(receipt_number) FROM txn")) + 1
    tamper(path,
           "INSERT INTO txn (receipt_number, business_day, created_at, staff_id, shift_id, citizen_id, citizen_name, "
           "national_id, mobile, agency_total, office_total, vat_total, grand_total, change_due) "
           f"SELECT {number}, business_day, created_at, staff_id, shift_id, NULL, '', '', '', 0, 100000, 10000, "
           "110000, 0 FROM txn ORDER BY id DESC LIMIT 1")
    txn = last_id(path, "txn")
    return f"The sale record {txn} has no journal entry"


def _insert_into_sale(table: str, columns: str) -> Callable[[Path], str]:
    def run(path: Path) -> str:
        txn = last_id(path, "txn")
        tamper(path, f"INSERT INTO {table} SELECT NULL, {columns} FROM {table} WHERE txn_id = {txn} LIMIT 1")
        return f"The sale record {txn} was altered"
    return run


def _insert_copy(table: str, kind: str, change: str = "") -> Callable[[Path], str]:
    def run(path: Path) -> str:
        conn = sqlite3.connect(path)
        cols = [r[1] for r in conn.execute(f"PRAGMA table_info({table})").fetchall() if r[1] != "id"]
        conn.close()
        picked = ", ".join(change if c == change.split(" ")[-1] else c for c in cols) if change else ", ".join(cols)
        tamper(path, f"INSERT INTO {table} ({', '.join(cols)}) SELECT {picked} FROM {table} ORDER BY id DESC LIMIT 1")
        return f"The {kind} record {last_id(path, table)} has no journal entry"
    return run


def _insert_void(path: Path) -> str:
    txn = value(path, "SELECT MIN(id) FROM txn WHERE id NOT IN (SELECT txn_id FROM void)")
    tamper(path, "INSERT INTO void (txn_id, business_day, created_at, staff_id, approved_by, shift_id, reason, "
                 "agency_total, office_total, vat_total, grand_total, cash_refund) SELECT id, business_day, created_at, "
                 f"staff_id, staff_id, shift_id, 'x', agency_total, office_total, vat_total, grand_total, 0 FROM txn "
                 f"WHERE id = {txn}")
    return f"The void record {last_id(path, 'void')} has no journal entry"


def _insert_journal_entry(path: Path) -> str:
    last = last_id(path, "journal")
    tamper(path, "INSERT INTO journal (at, staff_id, action, entity, entity_id, payload, digest, fields, hash) "
                 f"SELECT at, staff_id, 'login', 'staff', staff_id, '{{}}', NULL, NULL, zeroblob(32) FROM journal "
                 f"WHERE id = {last}")
    return f"Journal entry {last + 1} was altered"


INSERTIONS = {
    "a sale": _insert_sale,
    "a payment": _insert_into_sale("payment", "txn_id, method, amount, tendered, terminal, reference"),
    "a sale line": _insert_into_sale("txn_line", "txn_id, line_no, service_id, tariff_id, service_code, service_name, "
                                                 "agency_name, quantity, agency_fee, office_fee, agency_amount, "
                                                 "office_amount, vat_amount, line_total, vat_bp, vat_included, "
                                                 "tracking_code"),
    "a void": _insert_void,
    "a cash movement": _insert_copy("cash_movement", "cash movement"),
    "a tariff": _insert_copy("tariff", "tariff", "'2099-01-01' AS effective_from"),
    "a day close": _insert_copy("day_close", "day close", "'2099-01-01' AS business_day"),
    "a journal entry": _insert_journal_entry,
}


@pytest.mark.parametrize("what", list(INSERTIONS))
def test_inserting_a_row_is_caught(ledger: Path, what: str) -> None:
    expected = INSERTIONS[what](ledger)
    complaint = verify_complaint(ledger)
    assert expected in complaint, complaint


# --- re-chaining without the key ---------------------------------------------------------------------

def rechain(path: Path, key: bytes, edit_sale: int | None = None) -> None:
    """What a forger can do without the key: edit a sale, rewrite its journal digest to match, and
    recompute every hash of the chain with a key of their own."""
    conn = sqlite3.connect(path)
    conn.isolation_level = None
    conn.execute("BEGIN")
    for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall():
        conn.execute(f"DROP TRIGGER {name}")
    if edit_sale is not None:
        conn.execute("UPDATE txn SET office_total = office_total - 1000, grand_total = grand_total - 1000 "
                     "WHERE id = ?", (edit_sale,))
        [(_, parts)] = list(forms.sales(Tx(conn.cursor()), edit_sale, edit_sale))
        sealed = canonical.seal(*parts)
        conn.execute("UPDATE journal SET digest = ?, fields = ? WHERE entity = 'txn' AND entity_id = ?",
                     (sealed.digest, sealed.fields, edit_sale))
    prev = GENESIS
    rows = conn.execute("SELECT id, at, staff_id, action, entity, entity_id, payload, digest, fields FROM journal "
                        "ORDER BY id").fetchall()
    for row in rows:
        prev = row_hash(key, prev, row[1:])
        conn.execute("UPDATE journal SET hash = ? WHERE id = ?", (prev, row[0]))
    conn.execute("COMMIT")
    conn.close()


def test_a_chain_recomputed_with_another_key_is_caught(ledger: Path) -> None:
    rechain(ledger, secrets.token_bytes(32), edit_sale=last_id(ledger, "txn"))
    assert "Journal entry 1 was altered" in verify_complaint(ledger)


@pytest.mark.parametrize("change", ["at = at || char(0) || 'x'", "staff_id = staff_id + 1",
                                    "entity = entity || char(0)", "payload = payload || ' '",
                                    "payload = CAST(CAST(payload AS BLOB) || X'FF' AS TEXT)",  # not UTF-8
                                    "digest = CAST(digest || X'41' AS TEXT)",  # (read back as text)
                                    "hash = CAST(hash || X'41' AS TEXT)"])
def test_editing_a_journal_entry_is_caught(ledger: Path, change: str) -> None:
    # verify has SQLite join an entry's fields: a NUL at the end of a text counts like any other edit.
    column = change.split()[0]
    entry = value(ledger, f"SELECT MIN(id) FROM journal WHERE {column} IS NOT NULL AND id > 3")
    tamper(ledger, f"UPDATE journal SET {change} WHERE id = {entry}")
    assert f"Journal entry {entry} was altered" in verify_complaint(ledger)


@pytest.mark.parametrize("key", [bytes(32), secrets.token_bytes(32), secrets.token_bytes(64), secrets.token_bytes(100)])
def test_verify_keys_each_entry_as_hmac_does(key: bytes) -> None:
    import hmac

    from app.ledger.chain import Keyed

    mac = Keyed(key)
    for message in (b"", b"x", secrets.token_bytes(63), secrets.token_bytes(64), secrets.token_bytes(1000)):
        assert mac.digest(message[:7], message[7:]) == hmac.digest(key, message, "sha256")


def test_rechaining_is_what_it_looks_like(ledger: Path) -> None:
    # The forgery above is a faithful one: done with the real key it would pass, so only the key stops it.
    install = value(ledger, "SELECT install_id FROM office")
    rechain(ledger, bytes.fromhex(key_path(str(install)).read_text()), edit_sale=last_id(ledger, "txn"))
    adopt(ledger)  # (with the key folder in hand, the witness can be rewritten too)
    assert run_cli("verify", "--db", ledger).code == 0


# --- the triggers, and a missing key -----------------------------------------------------------------

APPEND_ONLY = ["txn", "txn_line", "payment", "void", "day_close", "journal", "cash_movement", "tariff"]


@pytest.mark.parametrize("table", APPEND_ONLY)
def test_recorded_rows_cannot_be_changed_or_deleted(ledger: Path, table: str) -> None:
    conn = sqlite3.connect(ledger)
    row = conn.execute(f"SELECT MAX(id) FROM {table}").fetchone()[0]
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        conn.execute(f"UPDATE {table} SET id = id WHERE id = ?", (row,))
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        conn.execute(f"DELETE FROM {table} WHERE id = ?", (row,))
    conn.close()


def test_a_closed_shift_cannot_be_changed_or_any_shift_deleted(ledger: Path) -> None:
    conn = sqlite3.connect(ledger)
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        conn.execute("UPDATE shift SET counted_cash = counted_cash + 1 WHERE closed_at IS NOT NULL")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        conn.execute("DELETE FROM shift")
    conn.close()


def test_amount_columns_hold_only_integers(ledger: Path) -> None:
    conn = sqlite3.connect(ledger)
    conn.execute("DROP TRIGGER txn_no_update")
    for bad in ("1000.5", "'a thousand'", "X'00'", "NULL"):  # ('1000' as text becomes the integer 1000)
        with pytest.raises(sqlite3.IntegrityError):
            conn.execute(f"UPDATE txn SET change_due = {bad} WHERE id = 1")
    conn.close()


def test_a_missing_key_is_said_plainly(ledger: Path, fresh_config: Path) -> None:
    install = str(value(ledger, "SELECT install_id FROM office"))
    for command in (("verify",), ("record", "--user", "clerk1", "--pin", "1111", "--service", "1001")):
        result = run_cli(*command, "--db", ledger, "--lang", "en")
        assert result.code == 1, result
        message = one_line(result.stderr)
        assert "key" in message and str(key_path(install)) in message, message


def test_a_missing_key_in_a_real_process(ledger: Path, tmp_path: Path) -> None:
    env = subprocess_env(PISHKHAN_CONFIG_DIR=str(tmp_path / "empty-config"))
    result = run_app("verify", "--db", ledger, env=env)
    assert result.code == 1, result
    message = one_line(result.stderr)
    assert str(tmp_path / "empty-config") in message
