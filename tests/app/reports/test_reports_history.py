"""History search: filters in SQL, names in any spelling, keyset pages over the whole ledger."""
from __future__ import annotations

import pytest
from reports_testkit import INCLUDED, NATIONAL_IDS, actor, busy_office
from sqlalchemy import text

from app.errors import UserError
from app.reports.history import HistoryFilter, history_choices, history_count, history_page, open_receipt, reprint_copy
from app.services.receipts import prepare_print, record_delivery


def _numbers(db, flt: HistoryFilter) -> list[int]:  # type: ignore[no-untyped-def]
    page = history_page(db, actor(db, "owner"), flt)
    assert history_count(db, actor(db, "owner"), flt) == len(page.rows)
    return [r.receipt_number for r in page.rows]


def test_filters(office_db) -> None:
    s = busy_office(office_db)
    r = s.receipts
    choices = history_choices(office_db, actor(office_db, "owner"))
    clerk2 = next(c.id for c in choices.staff if c.label == "محمدحسین رضایی")
    included = next(c.id for c in choices.services if c.label.startswith(INCLUDED))
    post = next(c.id for c in choices.agencies if c.label == "شرکت ملی پست")
    assert _numbers(office_db, HistoryFilter()) == [r[4], r[3], r[2], r[1], r[0]]  # newest day first
    assert _numbers(office_db, HistoryFilter(first=s.second)) == [r[4]]
    assert _numbers(office_db, HistoryFilter(last=s.first)) == [r[3], r[2], r[1], r[0]]
    assert _numbers(office_db, HistoryFilter(staff_id=clerk2)) == [r[3], r[1]]
    assert _numbers(office_db, HistoryFilter(service_id=included)) == [r[1]]
    assert _numbers(office_db, HistoryFilter(agency_id=post)) == [r[0]]
    assert _numbers(office_db, HistoryFilter(method="transfer")) == [r[2]]
    assert _numbers(office_db, HistoryFilter(method="card")) == [r[3], r[1]]
    assert _numbers(office_db, HistoryFilter(voided=True)) == [r[1], r[0]]
    assert _numbers(office_db, HistoryFilter(voided=False)) == [r[4], r[3], r[2]]
    assert _numbers(office_db, HistoryFilter(receipt_number=r[2])) == [r[2]]
    assert _numbers(office_db, HistoryFilter(national_id=NATIONAL_IDS[1])) == [r[1]]
    assert _numbers(office_db, HistoryFilter(national_id="۰۰۱۳")) == [r[0]]  # first digits, Persian script
    assert _numbers(office_db, HistoryFilter(staff_id=clerk2, method="cash", voided=False)) == [r[3]]


@pytest.mark.parametrize("spelling", ["علی‌اکبر", "علي اكبر", "علیاکبر", "محمدی", "علی اکبر محمدی"])
def test_a_name_in_any_spelling(office_db, spelling: str) -> None:
    s = busy_office(office_db)
    # The first visit has a national ID (found through the citizen), the third none (its own name).
    assert _numbers(office_db, HistoryFilter(name=spelling)) == [s.receipts[2], s.receipts[0]]


def test_rows_show_what_the_owner_needs(office_db) -> None:
    s = busy_office(office_db)
    rows = {row.receipt_number: row for row in history_page(office_db, actor(office_db, "owner"), HistoryFilter()).rows}
    first = rows[s.receipts[0]]
    assert first.clerk == "زهرا کریمی" and first.citizen_name == "علی‌اکبر محمدی"
    assert first.services.startswith("ثبت‌نام کارت هوشمند") and first.methods == ("cash",)
    assert first.void_day == s.second and first.voided
    assert first.agency + first.office + first.vat == first.total
    split = rows[s.receipts[3]]
    assert set(split.methods) == {"card", "cash"}


def test_keyset_and_offset_pages_agree(office_db) -> None:
    busy_office(office_db)
    owner = actor(office_db, "owner")
    everything = [r.txn_id for r in history_page(office_db, owner, HistoryFilter(), limit=100).rows]
    walked, after = [], None
    while True:
        page = history_page(office_db, owner, HistoryFilter(), after=after, limit=2)
        walked += [r.txn_id for r in page.rows]
        if page.cursor is None:
            break
        after = page.cursor
    offsets = [r.txn_id for o in range(0, 6, 2) for r in history_page(office_db, owner, HistoryFilter(), offset=o,
                                                                       limit=2).rows]
    assert walked == everything == offsets


def test_bad_filters_are_user_errors(office_db) -> None:
    owner = actor(office_db, "owner")
    for flt in (HistoryFilter(national_id="12ab"), HistoryFilter(method="cheque")):
        with pytest.raises(UserError):
            history_page(office_db, owner, flt)
    with pytest.raises(UserError):
        history_page(office_db, owner, HistoryFilter(), limit=0)


def test_receipt_opens_and_reprints_as_a_journaled_copy(office_db) -> None:
    s = busy_office(office_db)
    owner = actor(office_db, "owner")
    data = open_receipt(office_db, owner, s.receipts[1])
    assert data.voided and not data.copy and data.receipt_number == s.receipts[1]
    assert not reprint_copy(office_db, owner, s.receipts[1]).copy  # never printed yet: still the original
    for _print in range(2):  # the original reaches a printer, then a copy does
        plan = prepare_print(office_db, owner, s.receipts[1])
        record_delivery(office_db, plan.to_meta(), destination="file:r.png", delivered_by=owner.id)
    copy = reprint_copy(office_db, owner, s.receipts[1])
    assert copy.copy and copy.copy_no == 2
    with office_db.read() as session:
        assert session.execute(text("SELECT COUNT(*) FROM journal WHERE action = 'reprint'")).scalar_one() == 1
        assert session.execute(text("SELECT COUNT(*) FROM journal WHERE action = 'receipt_printed'")).scalar_one() == 1


def test_same_answers_with_the_proposed_indexes(office_db) -> None:
    """Migration 0003's indexes change the query plans (rare services and names take the index path),
    never the answers: the same pages come back with them and without them."""
    s = busy_office(office_db)
    owner = actor(office_db, "owner")
    choices = history_choices(office_db, owner)
    filters = [HistoryFilter(service_id=c.id) for c in choices.services[:6]] + \
              [HistoryFilter(agency_id=c.id) for c in choices.agencies] + \
              [HistoryFilter(name=n) for n in ("علی اکبر", "زهرا", "بنی عامری", "نیست")]
    before = [[r.txn_id for r in history_page(office_db, owner, f).rows] for f in filters]
    with office_db.write() as session:
        session.execute(text("DROP INDEX ix_txn_line_service"))
        session.execute(text("DROP INDEX ix_txn_national_id_name"))
    after = [[r.txn_id for r in history_page(office_db, owner, f).rows] for f in filters]
    assert after == before and any(before) and s.receipts


def test_a_name_keeps_its_shadda_and_hamza_and_is_found_in_any_spelling(office_db) -> None:
    """«سیّد» and «فاطمۀ» are printed as the ID card writes them; «سید», «فاطمه» or Arabic-keyboard
    letters still find the visit."""
    from reports_testkit import Counter

    from app.services.receipts import load_receipt

    counter = Counter(office_db)
    sale = counter.sell("clerk1", national_id=NATIONAL_IDS[0], name="سیّد علی‌اکبر مؤمنی")
    other = counter.sell("clerk1", name="فاطمه\u0654 زهرایی")  # ه + hamza typed: stored as ۀ
    with office_db.read() as s:
        stored = dict(s.execute(text("SELECT receipt_number, citizen_name FROM txn")).all())
        citizen = s.execute(text("SELECT name FROM citizen WHERE national_id = :n"), {"n": NATIONAL_IDS[0]}).scalar()
    assert stored == {sale.receipt_number: "سیّد علی‌اکبر مؤمنی", other.receipt_number: "فاطمۀ زهرایی"}
    assert citizen == "سیّد علی‌اکبر مؤمنی"
    assert load_receipt(office_db, sale.receipt_number).citizen_name == "سیّد علی‌اکبر مؤمنی"
    for spelling in ("سید علی اکبر", "سيد علي اكبر مومني", "علی‌اکبر مؤمنی", "سیّدعلی"):
        assert _numbers(office_db, HistoryFilter(name=spelling)) == [sale.receipt_number], spelling
    assert _numbers(office_db, HistoryFilter(name="فاطمه زهرایی")) == [other.receipt_number]
