"""Printing as a service, from the command line: `pishkhan print N`, `pishkhan print-jobs list|retry|discard`
and `pishkhan receipt N` (now behind a login, journaled, a copy unless it is the sale's first print)."""
from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

import pytest

from app.db import open_database
from app.demo import build_demo
from app.receipt_seal import parse
from app.services.auth import login
from app.services.office import set_setting
from app.services.sales import LineRequest, SaleRequest, record_sale
from app.services.shifts import open_shift
from app.settings_registry import PRINTER
from printing import service as print_service
from printing.printers import PrinterConfig

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "app"))
from app_testkit import run_app, run_cli  # noqa: E402

OWNER = ["--user", "owner", "--pin", "1234"]


@pytest.fixture
def office(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A demo office with one cash sale, its own spool folder, and no printer set up yet."""
    monkeypatch.setenv("PISHKHAN_DATA_DIR", str(tmp_path / "data"))
    print_service.forget_spools()
    path = tmp_path / "office.db"
    db = open_database(path, create=True)
    build_demo(db, days=0)
    clerk = login(db, "clerk1", "1111")
    open_shift(db, clerk, 0)
    record_sale(db, clerk, SaleRequest((LineRequest("1001"),)))
    db.close()
    yield path
    print_service.forget_spools()


def use_printer(path: Path, device: Path) -> None:
    db = open_database(path)
    set_setting(db, login(db, "owner", "1234"), PRINTER, PrinterConfig(kind="file", file_path=str(device)).to_json())
    db.close()


def rows(path: Path, sql: str) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def test_receipt_needs_a_login_and_is_a_journaled_copy_after_the_first(printing_qt, office: Path,
                                                                       tmp_path: Path) -> None:
    refused = run_cli("receipt", "1", "--format", "png", "--out", tmp_path / "r.png", "--db", office)
    assert refused.code == 2 and not (tmp_path / "r.png").exists()
    wrong = run_cli("receipt", "1", "--format", "png", "--out", tmp_path / "r.png", "--db", office,
                    "--user", "owner", "--pin", "9999")
    assert wrong.code == 2

    first = run_cli("receipt", "1", "--format", "pdf", "--out", tmp_path / "first.pdf", "--db", office, *OWNER,
                    "--lang", "en")
    assert first.code == 0 and "(original)" in first.stderr, first
    second = run_cli("receipt", "1", "--format", "png", "--out", tmp_path / "second.png", "--db", office, *OWNER,
                     "--lang", "en")
    assert second.code == 0 and "(copy 1)" in second.stderr, second
    assert (tmp_path / "first.pdf").read_bytes() != (tmp_path / "second.png").read_bytes()
    assert rows(office, "SELECT kind, copy_no, destination FROM receipt_print ORDER BY id") == [
        ("original", 0, "file:first.pdf"), ("copy", 1, "file:second.png")]
    assert rows(office, "SELECT action FROM journal WHERE entity = 'receipt_print' ORDER BY id") == [
        ("receipt_printed",), ("reprint",)]


def test_print_sends_the_original_then_copies_to_the_office_printer(printing_qt, office: Path, tmp_path: Path) -> None:
    no_printer = run_cli("print", "1", "--db", office, *OWNER, "--lang", "en")
    assert no_printer.code == 2 and "No receipt printer is set up" in no_printer.stderr
    device = tmp_path / "printer.bin"
    use_printer(office, device)
    assert run_cli("print", "1", "--db", office, *OWNER).code == 0
    assert device.read_bytes().startswith(b"\x1b@")
    assert run_cli("print", "1", "--db", office, *OWNER).code == 0
    assert rows(office, "SELECT kind, copy_no FROM receipt_print ORDER BY id") == [("original", 0), ("copy", 1)]
    assert run_cli("print", "42", "--db", office, *OWNER).code == 2  # no such receipt


def test_a_failed_print_waits_then_is_retried_as_the_original_or_discarded(printing_qt, office: Path,
                                                                           tmp_path: Path) -> None:
    device = tmp_path / "unplugged" / "printer.bin"
    use_printer(office, device)
    failed = run_cli("print", "1", "--db", office, *OWNER, "--lang", "en")
    assert failed.code == 1 and "kept and can be printed again" in failed.stderr
    assert rows(office, "SELECT COUNT(*) FROM receipt_print") == [(0,)]
    print_service.forget_spools()  # the next command is a new process: the job is read from the spool

    listed = run_cli("print-jobs", "list", "--db", office, *OWNER)
    assert listed.code == 0
    job_id, title, _created, error = listed.stdout.strip().split("\t")
    assert title == "رسید ۱" and error

    assert run_cli("print-jobs", "retry", "--db", office, *OWNER).code == 1  # still unplugged
    device.parent.mkdir()
    retried = run_cli("print-jobs", "retry", job_id, "--db", office, *OWNER, "--lang", "en")
    assert retried.code == 0 and "1 printed, 0 still waiting." in retried.stderr
    assert rows(office, "SELECT kind, copy_no FROM receipt_print") == [("original", 0)]  # still the original

    device.parent.rename(tmp_path / "gone")
    assert run_cli("print", "1", "--db", office, *OWNER).code == 1  # a copy, kept
    job_id = run_cli("print-jobs", "list", "--db", office, *OWNER).stdout.split("\t")[0]
    assert run_cli("print-jobs", "discard", "nope", "--db", office, *OWNER).code == 2
    assert run_cli("print-jobs", "discard", job_id, "--db", office, *OWNER).code == 0
    assert run_cli("print-jobs", "list", "--db", office, *OWNER).stdout == ""
    assert rows(office, "SELECT COUNT(*) FROM txn") == [(1,)]  # the sale stays recorded


def test_a_failed_print_is_told_in_persian_by_a_fresh_command_line_process(office: Path, tmp_path: Path) -> None:
    """`pishkhan print` loads printing's words with printing's code: what the printer's failure says
    (printing's catalogue) reads in Persian around the receipt number, as on the screen."""
    use_printer(office, tmp_path / "unplugged" / "printer.bin")
    failed = run_app("print", "1", "--db", office, *OWNER)
    said = failed.stderr.strip().splitlines()[-1]
    assert failed.code == 1 and said.startswith("رسید ۱ چاپ نشد: "), failed
    assert said.endswith("پیدا نشد. اتصال و روشن بودن آن را بررسی کنید. این رسید نگه داشته شده و می‌توان دوباره چاپش کرد.")


def test_the_print_service_exports_the_same_signed_copy_a_printer_would_get(printing_qt, office: Path,
                                                                            tmp_path: Path) -> None:
    db = open_database(office)
    try:
        owner = login(db, "owner", "1234")
        service = print_service.PrintService(db, print_service.spool(tmp_path / "spool"))
        first = service.export_sale(owner, 1, "png", 58, tmp_path / "a.png")
        second = service.export_sale(owner, 1, "escpos", 80, tmp_path / "b.bin")
        assert not first.data.copy and second.data.copy
        assert parse(second.data.seal).claims.copy_no == 1 and parse(first.data.seal).claims.copy_no == 0
        assert second.data.copy_printed_by == "مدیر دفتر — رضا احمدی"
    finally:
        db.close()


def test_the_test_page_carries_the_key_fingerprint(printing_qt, office: Path) -> None:
    from app.services.signing_keys import current_public_key
    from printing.receipt_document import Text, build_test_page

    db = open_database(office)
    try:
        fingerprint = current_public_key(db).fingerprint
    finally:
        db.close()
    doc = build_test_page(kind="x", address="", paper_mm=80, width_px=576, when="now", key_fingerprint=fingerprint)
    assert any(isinstance(b, Text) and fingerprint in b.text for b in doc.blocks)


def test_only_the_sale_just_saved_opens_the_cash_drawer(printing_qt, office: Path, tmp_path: Path) -> None:
    """ESC p (pulse the drawer) goes with the original of a cash sale printed at the counter, never with
    a reprint from a list, even of a receipt that never reached the printer."""
    device = tmp_path / "printer.bin"
    db = open_database(office)
    try:
        owner = login(db, "owner", "1234")
        set_setting(db, owner, PRINTER, PrinterConfig(kind="file", file_path=str(device), drawer_kick=True).to_json())
        service = print_service.PrintService(db, print_service.spool(tmp_path / "spool"))
        assert service.reprint_copy(owner, 1).printed and b"\x1bp" not in device.read_bytes()
        record_sale(db, login(db, "clerk1", "1111"), SaleRequest((LineRequest("1001"),)))
        assert service.print_sale(owner, 2, open_drawer=True).printed and b"\x1bp" in device.read_bytes()
        assert service.print_sale(owner, 2, open_drawer=True).data.copy and b"\x1bp" not in device.read_bytes()
    finally:
        db.close()
