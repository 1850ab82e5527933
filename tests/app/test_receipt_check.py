"""`pishkhan check-receipt` and the check service: a signed receipt checks as genuine against the public
key alone and against the books; an edited total, another office's receipt, a receipt cut from the
books, a sale voided after printing and garbage are each reported as what they are."""
from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path

import pytest
from app_testkit import PINS, actor, clone, old_database, one_line, run_cli

from app import signing
from app.db import open_database
from app.errors import UserError
from app.receipt_seal import PREFIX, parse, parse_legacy
from app.services import shifts
from app.services.receipt_check import (
    BOOKS_DIFFER,
    GENUINE,
    LEGACY,
    MISSING,
    NOT_GENUINE,
    OTHER_OFFICE,
    check_receipt,
)
from app.services.receipts import load_receipt, prepare_print, record_delivery
from app.services.sales import LineRequest, SaleRequest, record_sale
from app.services.signing_keys import current_public_key, forget_signing_keys, public_keys
from app.services.voids import void_sale

OWNER = ["--user", "owner", "--pin", PINS["owner"]]


@pytest.fixture
def books(office_template: Path, tmp_path: Path) -> Path:
    """The demo office with an open shift and three sales."""
    path = clone(office_template, tmp_path / "office.db")
    db = open_database(path)
    clerk = actor(db, "clerk1")
    shifts.open_shift(db, clerk, 0)
    for code in ("1001", "8001", "2005"):
        record_sale(db, clerk, SaleRequest((LineRequest(code),)))
    db.close()
    return path


def qr_of(path: Path, number: int) -> str:
    db = open_database(path)
    try:
        return load_receipt(db, number).seal
    finally:
        db.close()


def tamper(path: Path, *statements: str) -> None:
    """Behind the app's back, as tests/app/test_tamper.py does: triggers dropped, CHECKs off, plain sqlite3."""
    conn = sqlite3.connect(path)
    conn.isolation_level = None
    conn.execute("PRAGMA ignore_check_constraints = ON")
    for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall():
        conn.execute(f"DROP TRIGGER {name}")
    for sql in statements:
        conn.execute(sql)
    conn.close()


# --- the code itself --------------------------------------------------------------------------------

def test_the_qr_text_carries_the_signed_essentials_compactly(books: Path) -> None:
    import qrcode

    code = qr_of(books, 1)
    assert code.startswith(PREFIX + ":") and code.isascii()
    assert set(code) <= set("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:")  # QR alphanumeric mode only
    claims = parse(code).claims
    assert (claims.receipt_number, claims.grand_total, claims.voided, claims.copy_no) == (1, 385_000, False, 0)
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=0, mask_pattern=2)
    qr.add_data(code)
    qr.make(fit=True)
    assert qr.version <= 6  # 41 × 41 modules: 4–5 dots each on 58 mm paper


def test_genuine_against_the_public_key_alone_and_against_the_books(books: Path, tmp_path: Path) -> None:
    code = qr_of(books, 2)
    key_file = tmp_path / "office.pem"
    assert run_cli("office", "public-key", "--db", books, "--out", key_file).code == 0
    assert "BEGIN PUBLIC KEY" in key_file.read_text()

    alone = run_cli("check-receipt", code, "--public-key", key_file, "--lang", "en")
    assert alone.code == 0, alone
    assert alone.stdout.strip() == GENUINE and "Genuine" in alone.stderr

    against_books = run_cli("check-receipt", code, "--db", books, "--lang", "en")
    assert against_books.code == 0, against_books
    assert "Genuine: receipt 2 of office" in against_books.stderr and "This is the original." in against_books.stderr


def test_an_edited_total_is_not_genuine_and_the_difference_is_named(books: Path, tmp_path: Path) -> None:
    code = qr_of(books, 1)
    edited = code.replace(":385000:", ":38500:")
    assert edited != code
    result = run_cli("check-receipt", edited, "--db", books, "--lang", "en")
    assert result.code == 1 and result.stdout.strip() == NOT_GENUINE
    assert "the receipt was altered" in result.stderr
    assert "Grand total: the receipt says ۳۸٬۵۰۰ ریال" not in result.stderr  # English: ASCII digits
    assert "Grand total: the receipt says 38,500 Rial, the books say 385,000 Rial." in result.stderr
    key_file = tmp_path / "office.pem"
    run_cli("office", "public-key", "--db", books, "--out", key_file)
    assert run_cli("check-receipt", edited, "--public-key", key_file).code == 1


def test_a_receipt_of_another_office(books: Path, office_template: Path, tmp_path: Path,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """Another office: its own database and its own keys (another computer's config folder)."""
    monkeypatch.setenv("PISHKHAN_CONFIG_DIR", str(tmp_path / "other-computer"))
    forget_signing_keys()
    other = tmp_path / "other.db"
    assert run_cli("demo", "--db", other, "--days", "0").code == 0
    db = open_database(other)
    with db.write() as session:  # another code (the demo's is the same in every demo office)
        from sqlalchemy import text

        session.execute(text("UPDATE office SET code = '7788'"))
    from app.services.office import update_office

    update_office(db, actor(db, "owner"), {"code": "7789"})
    shifts.open_shift(db, actor(db, "clerk1"), 0)
    record_sale(db, actor(db, "clerk1"), SaleRequest((LineRequest("1001"),)))
    code = load_receipt(db, 1).seal
    db.close()
    monkeypatch.undo()
    forget_signing_keys()
    result = run_cli("check-receipt", code, "--db", books, "--lang", "en")
    assert result.code == 1 and result.stdout.strip() == OTHER_OFFICE
    assert "another office (code 7789)" in result.stderr


def test_a_receipt_cut_from_the_books_is_reported_as_exactly_that(books: Path) -> None:
    code = qr_of(books, 3)
    tamper(books, "DELETE FROM payment WHERE txn_id = (SELECT id FROM txn WHERE receipt_number = 3)",
           "DELETE FROM txn_line WHERE txn_id = (SELECT id FROM txn WHERE receipt_number = 3)",
           "DELETE FROM txn WHERE receipt_number = 3")
    result = run_cli("check-receipt", code, "--db", books, "--lang", "en")
    assert result.code == 1 and result.stdout.strip() == MISSING
    assert one_line(result.stderr) == ("Receipt 3 is signed by this office but missing from the books: it was "
                                       "removed after it was printed.")


def test_an_edited_database_differs_from_the_genuine_receipt(books: Path) -> None:
    code = qr_of(books, 1)
    tamper(books, "UPDATE txn SET grand_total = 300000 WHERE receipt_number = 1")
    db = open_database(books)
    try:
        result = check_receipt(code, db=db)
    finally:
        db.close()
    assert result.verdict == BOOKS_DIFFER and [m.name for m in result.mismatches] == ["total"]


def test_a_sale_voided_after_its_receipt_was_printed(books: Path) -> None:
    code = qr_of(books, 2)
    db = open_database(books)
    try:
        void_sale(db, actor(db, "owner"), 2, "مراجعه‌کننده منصرف شد")
        result = check_receipt(code, db=db)
        assert result.verdict == BOOKS_DIFFER and not result.ok
        assert [m.name for m in result.mismatches] == ["voided"]
        assert "مدیر دفتر" in result.mismatches[0].recorded  # who approved the void
        # A copy printed now says void, and matches.
        plan = prepare_print(db, actor(db, "owner"), 2)
        record_delivery(db, plan.to_meta(), destination="file:x", delivered_by=1)
        copy = prepare_print(db, actor(db, "owner"), 2)
        record_delivery(db, copy.to_meta(), destination="file:y", delivered_by=1)
        checked = check_receipt(copy.data.seal, db=db)
        assert checked.verdict == GENUINE and checked.claims is not None and checked.claims.voided
        assert checked.print_record is not None and checked.print_record.copy_no == 1
    finally:
        db.close()


@pytest.mark.parametrize("garbage", ["hello", "PKD2:1:2:3", "https://example.com/x", "PKD2:" + "A" * 150, " "])
def test_garbage_is_bad_input(books: Path, garbage: str) -> None:
    result = run_cli("check-receipt", garbage, "--db", books, "--lang", "en")
    assert result.code == 2, result
    one_line(result.stderr)


def test_bad_command_lines(books: Path, tmp_path: Path) -> None:
    assert run_cli("check-receipt", "--db", books).code == 2  # neither text nor image
    (tmp_path / "not.pem").write_text("nonsense")
    assert run_cli("check-receipt", qr_of(books, 1), "--public-key", tmp_path / "not.pem").code == 2
    (tmp_path / "not.png").write_bytes(b"\x89PNG broken")
    assert run_cli("check-receipt", "--image", tmp_path / "not.png", "--db", books).code == 2


def test_an_older_unsigned_receipt_is_checked_against_the_books(books: Path) -> None:
    from dataclasses import replace

    from printing.receipt_document import qr_payload

    db = open_database(books)
    try:
        data = load_receipt(db, 1)
        legacy = qr_payload(replace(data, seal=""))  # how receipts were coded before signing
        assert parse_legacy(legacy) is not None
        assert check_receipt(legacy, db=db).verdict == LEGACY
        assert check_receipt(legacy.replace("t=385000", "t=395000"), db=db).ok is False
    finally:
        db.close()


# --- the signing key ----------------------------------------------------------------------------------

def test_the_key_file_is_the_owners_only_and_travels_with_a_backup(books: Path, tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    db = open_database(books)
    try:
        with db.read() as session:
            from sqlalchemy import text

            install_id = session.execute(text("SELECT install_id FROM office")).scalar_one()
        public = current_public_key(db)
    finally:
        db.close()
    path = signing.signing_key_path(install_id)
    assert signing.signing_key_files(install_id) == [path]
    if os.name == "posix":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    beside = signing.backup_signing_key(install_id, tmp_path / "backup" / "pishkhan-x.db")
    assert beside is not None and beside.name == "pishkhan-x.signing.key"
    # A new computer: no key until the restore brings it back; then the same public key.
    monkeypatch.setenv("PISHKHAN_CONFIG_DIR", str(tmp_path / "new-computer"))
    forget_signing_keys()
    assert signing.load_private_key(install_id) is None
    assert signing.restore_signing_key(install_id, tmp_path / "backup" / "pishkhan-x.db") is True
    restored = signing.load_private_key(install_id)
    assert restored is not None and signing.public_raw(restored) == public.raw
    # A different key already there is never silently replaced.
    other = tmp_path / "backup" / "pishkhan-y.db"
    signing.write_private_key_file(signing.backup_key_path(other), os.urandom(32))
    with pytest.raises(UserError, match="does not match"):
        signing.restore_signing_key(install_id, other)


def test_an_office_from_before_signing_gets_its_key_on_first_use(tmp_path: Path) -> None:

    path = old_database("v1-0001", tmp_path / "old.db")  # made before receipts were signed
    db = open_database(path)  # upgraded: the print log, the office history, the key table
    try:
        assert public_keys(db) == []
        with db.read() as session:
            from sqlalchemy import text

            seeded = session.execute(text("SELECT name, code, display_unit, source FROM office_version")).all()
            office = session.execute(text("SELECT name, code, display_unit FROM office")).one()
        assert [tuple(r) for r in seeded] == [(*office, "migration")]
        number = 1
        data = prepare_print(db, actor(db, "owner"), number).data
        assert data.copy and data.copy_no == 1  # sold before the print log: its original was printed
        assert len(public_keys(db)) == 1
        assert check_receipt(data.seal, db=db).verdict == GENUINE
    finally:
        db.close()


def test_a_broken_key_file_never_stops_a_receipt(books: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The receipt still comes out (with the older unsigned code, which the check names as such)."""
    import shutil

    monkeypatch.setenv("PISHKHAN_CONFIG_DIR", str(tmp_path / "config"))  # the journal key, not the shared one
    db = open_database(books)
    try:
        with db.read() as session:
            from sqlalchemy import text

            install_id = session.execute(text("SELECT install_id FROM office")).scalar_one()
        monkeypatch.undo()
        from app.journal import key_path
        from app.ledger.witness import witness_path

        (tmp_path / "config" / "keys").mkdir(parents=True)
        shutil.copy(key_path(install_id), tmp_path / "config" / "keys")
        shutil.copy(witness_path(install_id), tmp_path / "config" / "keys")
        monkeypatch.setenv("PISHKHAN_CONFIG_DIR", str(tmp_path / "config"))
        signing.signing_key_path(install_id).write_text("not a key")
        forget_signing_keys()
        data = load_receipt(db, 1)
        assert data.seal == "" and data.receipt_number == 1
        from printing.receipt_document import qr_payload

        assert check_receipt(qr_payload(data), db=db).verdict == LEGACY
    finally:
        db.close()
        forget_signing_keys()
