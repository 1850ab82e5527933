"""Closing a shift under the owner's rules: a blind count and a reason for a variance beyond the
threshold, both kept in their own append-only table, journaled, and in the Z report."""
from __future__ import annotations

import sqlite3

import pytest
from app_testkit import actor

from app.db import Database
from app.services.office import set_setting
from app.services.shifts import ReasonRequired, close_shift, closing_rules, open_shift, shift_report
from app.services.verify import verify_file
from app.settings_registry import ASK_VARIANCE_REASON, BLIND_COUNT, VARIANCE_REASON_THRESHOLD


def open_for(db: Database, username: str = "clerk1") -> int:
    clerk = actor(db, username)
    open_shift(db, clerk, 500_000)
    return shift_report(db, clerk).cash["expected"]


def ask_reason(db: Database, threshold: int = 100_000) -> None:
    owner = actor(db, "owner")
    set_setting(db, owner, ASK_VARIANCE_REASON, True)
    set_setting(db, owner, VARIANCE_REASON_THRESHOLD, threshold)


def test_by_default_the_count_is_open_and_no_reason_is_asked(office_db: Database) -> None:
    rules = closing_rules(office_db)
    assert not rules.blind_count and rules.variance_threshold is None
    expected = open_for(office_db)
    report = close_shift(office_db, actor(office_db, "clerk1"), expected - 500_000)  # as before this rule
    assert report.variance_reason == "" and report.variance_threshold is None and report.blind_count is False


def test_a_variance_beyond_the_threshold_needs_a_reason(office_db: Database) -> None:
    ask_reason(office_db)
    expected = open_for(office_db)
    clerk = actor(office_db, "clerk1")
    with pytest.raises(ReasonRequired) as refused:
        close_shift(office_db, clerk, expected - 150_000)
    assert refused.value.variance == -150_000
    assert "۱۵۰٬۰۰۰" in refused.value.message() and "دلیل" in refused.value.message()
    assert shift_report(office_db, clerk).closed_at is None  # nothing was closed
    report = close_shift(office_db, clerk, expected - 150_000, reason="یک اسکناس ۱۰۰ هزار ریالی دو بار داده شد")
    assert report.variance == -150_000 and report.variance_reason.startswith("یک اسکناس")
    assert report.blind_count is False and report.variance_threshold == 100_000


def test_within_the_threshold_no_reason_is_asked(office_db: Database) -> None:
    ask_reason(office_db)
    expected = open_for(office_db)
    report = close_shift(office_db, actor(office_db, "clerk1"), expected + 100_000)
    assert report.variance == 100_000 and report.variance_reason == ""


def test_the_blind_count_and_the_threshold_are_owner_settings_kept_with_the_close(office_db: Database) -> None:
    owner = actor(office_db, "owner")
    set_setting(office_db, owner, BLIND_COUNT, True)
    ask_reason(office_db, 0)
    assert closing_rules(office_db).blind_count
    expected = open_for(office_db)
    clerk = actor(office_db, "clerk1")
    with pytest.raises(ReasonRequired):
        close_shift(office_db, clerk, expected + 1_000)  # threshold 0: any difference needs a reason
    report = close_shift(office_db, clerk, expected + 1_000, reason="باقی پول را مراجعه‌کننده نگرفت")
    assert report.blind_count is True and report.variance_threshold == 0
    # Its own row, its own journal entry, and the journal still verifies.
    with office_db.read() as s:
        from sqlalchemy import text

        note = s.execute(text("SELECT shift_id, blind_count, reason FROM shift_close_note")).one()
        entry = s.execute(text("SELECT entity, entity_id, payload FROM journal WHERE action = 'shift_close_note'")
                          ).one()
    assert note[0] == report.shift_id and note[1] == 1 and note[2].startswith("باقی")
    assert entry[0] == "shift_close_note" and entry[2] is None  # sealed: the entry chains a digest of the row
    assert verify_file(office_db.path).ok
    # The reason rewritten behind the app's back is caught and named.
    conn = sqlite3.connect(office_db.path)
    conn.execute("DROP TRIGGER shift_close_note_no_update")
    conn.execute("UPDATE shift_close_note SET reason = 'هیچ'")
    conn.commit()
    conn.close()
    problems = verify_file(office_db.path).problems
    assert any("reason" in p for p in problems), problems


def test_the_close_note_is_append_only(office_db: Database) -> None:
    expected = open_for(office_db)
    close_shift(office_db, actor(office_db, "clerk1"), expected)
    conn = sqlite3.connect(office_db.path)
    try:
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            conn.execute("UPDATE shift_close_note SET reason = 'edited'")
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            conn.execute("DELETE FROM shift_close_note")
    finally:
        conn.close()


def test_a_setting_out_of_bounds_is_refused(office_db: Database) -> None:
    from app.errors import UserError

    owner = actor(office_db, "owner")
    with pytest.raises(UserError):
        set_setting(office_db, owner, VARIANCE_REASON_THRESHOLD, -5)
    with pytest.raises(UserError):
        set_setting(office_db, owner, BLIND_COUNT, "maybe")


def test_a_blind_count_changed_after_the_difference_was_shown_keeps_the_first_count(office_db: Database) -> None:
    """A blind count refused for want of a reason shows the clerk the difference; a count then changed
    to fit the expected cash must not erase what was counted blind. The first count is journaled (once,
    however often the clerk tries) and the Z report carries it beside the final one."""
    owner = actor(office_db, "owner")
    set_setting(office_db, owner, BLIND_COUNT, True)
    ask_reason(office_db, 50_000)
    expected = open_for(office_db)
    clerk = actor(office_db, "clerk1")
    for guess in (expected - 200_000, expected - 120_000):
        with pytest.raises(ReasonRequired):
            close_shift(office_db, clerk, guess)
    report = close_shift(office_db, clerk, expected)  # now "counted" to fit: no reason needed
    assert report.variance == 0 and report.count_when_shown == expected - 200_000
    assert shift_report(office_db, owner, report.shift_id).count_when_shown == expected - 200_000
    assert verify_file(office_db.path).ok


def test_an_open_count_or_a_blind_one_within_the_threshold_records_no_first_count(office_db: Database) -> None:
    ask_reason(office_db, 50_000)  # open count: the expected cash was on screen all along
    expected = open_for(office_db)
    clerk = actor(office_db, "clerk1")
    with pytest.raises(ReasonRequired):
        close_shift(office_db, clerk, expected - 200_000)
    assert close_shift(office_db, clerk, expected).count_when_shown is None
