"""A receipt anyone can check and that never changes after it is printed (issue 12): the print log
decides original or copy, every print is journaled, the office as it was at the sale heads every
copy, the QR code is signed with the office key, and the check names what is wrong."""
from __future__ import annotations

import sqlite3

import pytest
from app_testkit import actor
from sqlalchemy import text

from app.db import Database
from app.errors import UserError
from app.money import MAX_AMOUNT, check_visit_total
from app.services import shifts
from app.services.office import update_office
from app.services.receipts import (
    load_receipt,
    prepare_print,
    receipt_number_by_code,
    receipt_prints,
    record_delivery,
    shift_unprinted,
    unprinted_receipts,
)
from app.services.sales import LineRequest, PaymentRequest, SaleRequest, record_sale
from app.services.sales_list import todays_sales
from app.services.voids import void_sale


@pytest.fixture
def desk(office_db: Database) -> Database:
    shifts.open_shift(office_db, actor(office_db, "clerk1"), 0)
    return office_db


def sell(db: Database, *lines: LineRequest, pay: tuple[PaymentRequest, ...] = (PaymentRequest("cash"),)) -> int:
    return record_sale(db, actor(db, "clerk1"), SaleRequest(lines or (LineRequest("1001"),), pay)).receipt_number


def deliver(db: Database, number: int, who: str = "clerk1") -> object:
    plan = prepare_print(db, actor(db, who), number)
    record_delivery(db, plan.to_meta(), destination="test printer", delivered_by=actor(db, who).id)
    return plan


def journal_actions(db: Database) -> list[str]:
    with db.read() as session:
        return [r[0] for r in session.execute(text("SELECT action FROM journal ORDER BY id")).all()]


# --- original or copy: the print log decides ---------------------------------------------------------

def test_every_print_is_the_original_until_one_is_delivered_then_numbered_copies(desk: Database) -> None:
    number = sell(desk)
    first = prepare_print(desk, actor(desk, "clerk1"), number)
    again = prepare_print(desk, actor(desk, "clerk1"), number)  # the first print failed: tried again
    assert first.kind == again.kind == "original" and not again.data.copy
    assert first.data.seal == again.data.seal  # the same original, byte for byte in its QR code
    record_delivery(desk, again.to_meta(), destination="192.0.2.10:9100", delivered_by=actor(desk, "clerk1").id)

    copy = prepare_print(desk, actor(desk, "owner"), number)
    assert copy.kind == "copy" and copy.data.copy and copy.data.copy_no == 1
    assert copy.data.copy_printed_by == "مدیر دفتر — رضا احمدی" and copy.data.copy_printed_at is not None
    record_delivery(desk, copy.to_meta(), destination="file:r.pdf", delivered_by=actor(desk, "owner").id)
    assert prepare_print(desk, actor(desk, "clerk1"), number).data.copy_no == 2

    prints = receipt_prints(desk, number)
    assert [(p.kind, p.copy_no, p.destination) for p in prints] == [
        ("original", 0, "192.0.2.10:9100"), ("copy", 1, "file:r.pdf")]
    assert journal_actions(desk)[-2:] == ["receipt_printed", "reprint"]
    assert receipt_number_by_code(desk, copy.data.verification_code.lower().replace("-", " ")) == number


def test_unprinted_receipts_of_this_shift_and_today(desk: Database) -> None:
    numbers = [sell(desk) for _ in range(3)]
    deliver(desk, numbers[1])
    with desk.read() as session:
        shift_id, day = session.execute(text("SELECT shift_id, business_day FROM txn WHERE receipt_number = :n"),
                                        {"n": numbers[0]}).one()
    import datetime as dt

    assert unprinted_receipts(desk, shift_id=shift_id) == [numbers[0], numbers[2]]
    assert unprinted_receipts(desk, business_day=dt.date.fromisoformat(day)) == [numbers[0], numbers[2]]
    assert unprinted_receipts(desk, shift_id=shift_id + 1000) == []


def test_each_sale_is_printed_or_not_in_the_books_and_the_shift_counts_those_not_printed(desk: Database) -> None:
    clerk = actor(desk, "clerk1")
    never, delivered, voided = sell(desk), sell(desk), sell(desk)
    deliver(desk, delivered)
    void_sale(desk, clerk, voided, "اشتباه", approver=("manager1", "3333"))  # nothing left to hand over
    assert [u.receipt_number for u in shift_unprinted(desk, clerk)] == [never]
    assert shift_unprinted(desk, actor(desk, "owner")) == []  # no open shift: none of theirs
    states = {row.receipt_number: row.printed for row in todays_sales(desk, clerk)}
    assert states[never] is False and states[delivered] is True
    deliver(desk, never)  # printed later (its original): no longer counted
    assert shift_unprinted(desk, clerk) == []
    assert all(row.printed for row in todays_sales(desk, clerk) if row.receipt_number != voided)


def test_the_x_and_z_reports_count_the_receipts_no_citizen_was_handed(desk: Database) -> None:
    """On screen, on paper and on the owner's A4: how many receipts of the shift were never printed when
    the drawer was counted (a printer fault, a job discarded) — a receipt printed afterwards still counts."""
    from app.reports.document import ReportSpec, build_report

    clerk, owner = actor(desk, "clerk1"), actor(desk, "owner")
    never, delivered, voided, later = sell(desk), sell(desk), sell(desk), sell(desk)
    deliver(desk, delivered)
    void_sale(desk, clerk, voided, "اشتباه", approver=("manager1", "3333"))
    assert shifts.shift_report(desk, clerk).unprinted == 2  # X: never and later
    deliver(desk, later)
    assert shifts.shift_report(desk, clerk).unprinted == 1
    z = shifts.close_shift(desk, clerk, shifts.shift_report(desk, clerk).cash["expected"])
    assert z.unprinted == 1
    deliver(desk, never)  # printed once the shift was closed: the citizen had gone without it
    assert shifts.shift_report(desk, owner, z.shift_id).unprinted == 1
    report = build_report(desk, owner, ReportSpec("shift", shift_id=z.shift_id))
    assert {label: value for label, value, _kind in report.summary()}["رسید چاپ‌نشده"] == 1



def test_the_print_log_is_append_only(desk: Database) -> None:
    number = sell(desk)
    deliver(desk, number)
    conn = sqlite3.connect(desk.path)
    try:
        for sql in ("UPDATE receipt_print SET kind = 'original'", "DELETE FROM receipt_print",
                    "UPDATE office_version SET name = 'x'", "DELETE FROM office_signing_key"):
            with pytest.raises(sqlite3.DatabaseError, match="append-only"):
                conn.execute(sql)
    finally:
        conn.close()


# --- a receipt never changes after it is printed -------------------------------------------------------

def test_a_reprint_after_the_office_changed_name_and_unit_shows_the_original_header(desk: Database) -> None:
    from printing.receipt_document import Title, Total, build_receipt, persian_text

    number = sell(desk)
    original = load_receipt(desk, number)
    deliver(desk, number)
    update_office(desk, actor(desk, "owner"), {"name": "دفتر پیشخوان تازه", "display_unit": "toman",
                                               "footer": "پانویس تازه", "economic_code": "999"})
    copy = prepare_print(desk, actor(desk, "clerk1"), number).data
    assert copy.copy and copy.office == original.office and copy.office.display_unit == "rial"
    doc = build_receipt(copy)
    title = next(b.text for b in doc.blocks if isinstance(b, Title))
    total = next(b.value for b in doc.blocks if isinstance(b, Total))
    assert title == persian_text(original.office.name) and "تازه" not in title
    assert total.endswith("ریال") and "تومان" not in total
    # A sale after the change gets the new header.
    later = load_receipt(desk, sell(desk))
    assert later.office.name == "دفتر پیشخوان تازه" and later.office.display_unit == "toman"
    with desk.read() as session:
        sources = [r[0] for r in session.execute(text("SELECT source FROM office_version ORDER BY id")).all()]
    assert sources == ["created", "changed"]


def test_settings_that_receipts_do_not_show_add_no_version(desk: Database) -> None:
    update_office(desk, actor(desk, "owner"), {"day_start_hour": 3})
    with desk.read() as session:
        assert session.execute(text("SELECT COUNT(*) FROM office_version")).scalar_one() == 1


def test_a_copy_says_when_and_by_whom_and_a_void_who_approved_it(desk: Database) -> None:
    from printing.receipt_document import Notice, build_receipt

    number = sell(desk)
    deliver(desk, number)
    void_sale(desk, actor(desk, "clerk1"), number, "اشتباه", approver=("manager1", "3333"))
    copy = prepare_print(desk, actor(desk, "clerk1"), number).data
    assert copy.voided and copy.void_approved_by == "مریم صالحی" and copy.void_at is not None
    notices = [b for b in build_receipt(copy).blocks if isinstance(b, Notice)]
    details = " ".join(n.detail for n in notices)
    assert "مریم صالحی" in details and "زهرا کریمی" in details  # the approver; the clerk who reprinted
    assert "المثنی" in [n.text for n in notices] and "باطل شد" in [n.text for n in notices]


# --- the grand total is capped as single fees are ----------------------------------------------------

def test_the_cap_refuses_a_total_beyond_a_single_fee() -> None:
    assert check_visit_total(MAX_AMOUNT) == MAX_AMOUNT
    with pytest.raises(UserError, match="too large"):
        check_visit_total(MAX_AMOUNT + 1)


def test_a_sale_whose_quantity_times_fee_overflows_is_refused(desk: Database) -> None:
    """Each line is within the rules (a variable agency fee at its maximum, quantity 1000), but fifty of
    them reach 2.5 × 10^13 Rials: refused with a message, nothing recorded."""
    line = LineRequest("2001", 1000, 500_000_000)
    with pytest.raises(UserError, match="too large"):
        sell(desk, *([line] * 50))


def test_history_finds_a_receipt_by_its_printed_verification_code(desk: Database) -> None:
    from app.reports.history import HistoryFilter, history_page

    numbers = [sell(desk) for _ in range(3)]
    plan = deliver(desk, numbers[1])
    owner = actor(desk, "owner")
    code = plan.data.verification_code  # type: ignore[attr-defined]
    page = history_page(desk, owner, HistoryFilter(code=code.lower().replace("-", " ")))
    assert [r.receipt_number for r in page.rows] == [numbers[1]]
    assert not history_page(desk, owner, HistoryFilter(code="AAAAA-AAAAA")).rows
    with pytest.raises(UserError):
        history_page(desk, owner, HistoryFilter(code="ABC"))
