"""Several desks, one office's books on the server: one receipt series across desks, each desk its own
drawer, day close once for the office, append-only by the server's privileges, verify on the server."""
from __future__ import annotations

import datetime as dt
import time

import psycopg
import pytest
from app_testkit import PINS, subprocess_env
from server_testkit import Office, pishkhan

from app.errors import UserError
from app.services import shifts
from app.services.dayclose import close_day
from app.services.sales import LineRequest, PaymentRequest, SaleRequest, record_sale
from app.services.verify import verify_server


def test_two_desks_share_one_gapless_series_and_the_day_closes_once(office: Office) -> None:
    one, two = office.desk_db("one"), office.desk_db("two")
    clerk1, clerk2 = office.actor("clerk1"), office.actor("clerk2")
    shifts.open_shift(one, clerk1, 500_000)
    shifts.open_shift(two, clerk2, 300_000)
    numbers = []
    for i in range(6):
        desk, clerk = (one, clerk1) if i % 2 == 0 else (two, clerk2)
        numbers.append(record_sale(desk, clerk, SaleRequest((LineRequest("1001"),))).receipt_number)
    assert numbers == [1, 2, 3, 4, 5, 6]  # interleaved across the desks, one series
    desks = dict(office.scalar("SELECT COUNT(*) FROM shift WHERE desk = 'one'") and
                 [(r, office.scalar("SELECT COUNT(*) FROM txn t JOIN shift s ON s.id = t.shift_id WHERE s.desk = ?", r))
                  for r in ("one", "two")])
    assert desks == {"one": 3, "two": 3}
    owner = office.actor("owner")
    with pytest.raises(UserError, match="Close the open shifts"):
        close_day(one, owner)
    shifts.close_shift(one, clerk1, 500_000 + 3 * 385_000)
    shifts.close_shift(two, clerk2, 300_000 + 3 * 385_000)
    closed = close_day(two, owner)
    assert closed.totals.visits == 6
    with pytest.raises(UserError, match="has not begun|already closed"):
        close_day(one, owner)  # the other desk's owner clicks too: the office's day closes once
    assert office.scalar("SELECT COUNT(*) FROM day_close") == 1
    report = verify_server(office.owner_url)
    assert report.ok, report.problems
    # The owner's report is the office's, with a row per desk (from the day close's frozen summary).
    from app.reports.document import ReportSpec, build_report

    day_report = build_report(one, owner, ReportSpec("day", closed.business_day))
    by_desk = {b.key: (b.net_count, b.total) for b in day_report.figures.by_desk}
    assert by_desk == {"one": (3, 3 * 385_000), "two": (3, 3 * 385_000)}
    assert "By desk" in [t.title for t in day_report.tables()] or "به تفکیک باجه" in [t.title for t in day_report.tables()]
    one.close()
    two.close()


FORBIDDEN = [
    "UPDATE txn SET grand_total = 0",
    "DELETE FROM txn",
    "TRUNCATE txn CASCADE",
    "UPDATE payment SET amount = 0",
    "DELETE FROM journal",
    "UPDATE journal SET payload = '{}'",
    "INSERT INTO journal (at, staff_id, action, entity, entity_id, payload, hash) "
    "VALUES ('2026-01-01', 1, 'sale', 'txn', 1, NULL, '\\x00')",
    "SELECT key FROM ledger_secret",
    "UPDATE chain_head SET entry_id = 0",
    "UPDATE receipt_counter SET last_number = 0",
    "ALTER TABLE txn DISABLE TRIGGER USER",
    "DROP TRIGGER txn_append_only ON txn",
    "UPDATE day_close SET grand_total = 0",
]


@pytest.mark.parametrize("statement", FORBIDDEN)
def test_a_desk_cannot_rewrite_or_forge_the_books(office: Office, statement: str) -> None:
    one = office.desk_db("one")
    shifts.open_shift(one, office.actor("clerk1"), 0)
    record_sale(one, office.actor("clerk1"), SaleRequest((LineRequest("1001"),)))
    one.close()
    with psycopg.connect(office.desks["one"]) as conn, pytest.raises(psycopg.Error) as refused:
        conn.execute(statement)
    assert isinstance(refused.value, psycopg.errors.InsufficientPrivilege), refused.value
    assert verify_server(office.owner_url).ok


def test_the_owner_editing_by_sql_is_caught_by_verify(office: Office) -> None:
    one = office.desk_db("one")
    shifts.open_shift(one, office.actor("clerk1"), 0)
    sale = record_sale(one, office.actor("clerk1"), SaleRequest((LineRequest("1001"),)))
    one.close()
    with psycopg.connect(office.owner_url) as conn:
        conn.execute("SET session_replication_role = replica")  # (a superuser's way round the triggers)
        conn.execute("UPDATE txn SET office_total = office_total - 1000, grand_total = grand_total - 1000 "
                     "WHERE receipt_number = %s", (sale.receipt_number,))
    report = verify_server(office.owner_url)
    assert not report.ok and any("altered" in p or "دست‌کاری" in p for p in report.problems), report.problems


def test_a_desk_says_within_two_seconds_that_the_server_cannot_be_reached(office: Office) -> None:
    # 10.255.255.1 is not routed: the packets go nowhere, as with a pulled network cable.
    unreachable = office.desks["one"].replace("127.0.0.1", "10.255.255.1")
    started = time.monotonic()
    result = pishkhan("record", "--db", unreachable, "--user", "clerk1", "--pin", PINS["clerk1"], "--service",
                      "1001", "--lang", "en")
    took = time.monotonic() - started
    assert result.code == 2 and "cannot be reached" in result.stderr and "Traceback" not in result.stderr
    assert took < 6  # two seconds of waiting, plus a Python process starting on a busy machine


def test_an_office_day_scripted_against_the_server(office: Office) -> None:
    desk = office.desks["one"]
    env = subprocess_env()

    def ok(*argv: str) -> str:
        result = pishkhan(*argv, "--db", desk, "--lang", "en", env=env)
        assert result.code == 0, result
        return result.stdout.strip()

    clerk = ["--user", "clerk1", "--pin", PINS["clerk1"]]
    ok("shift", "open", *clerk, "--float", "500000")
    cash = int(ok("record", *clerk, "--service", "1001", "--pay", "cash:1,000,000"))
    card = int(ok("record", *clerk, "--service", "2005", "--pay", "card", "--terminal", "T-1", "--reference", "77"))
    assert card == cash + 1
    ok("void", str(card), *clerk, "--reason", "اشتباه", "--approver", "owner", "--approver-pin", PINS["owner"])
    assert int(ok("shift", "close", *clerk, "--counted", str(500_000 + 385_000))) == 0
    ok("close-day", "--user", "owner", "--pin", PINS["owner"])
    again = pishkhan("close-day", "--user", "owner", "--pin", PINS["owner"], "--db", desk, "--lang", "en", env=env)
    assert again.code == 2 and "has not begun" in again.stderr
    result = pishkhan("verify", "--db", office.owner_url, "--lang", "en", env=env)
    assert result.code == 0 and result.stderr.startswith("Verified:"), result
    report = pishkhan("report", "--db", desk, "--kind", "day", "--format", "csv", "--machine", "--out",
                      str(office.cluster.root / f"{office.name}.csv"), "--user", "owner", "--pin", PINS["owner"],
                      "--from", _today_jalali(), env=env)
    assert report.code == 0, report


def _today_jalali() -> str:
    from app.jalali import format_jalali, local_day

    return format_jalali(local_day(dt.datetime.now(dt.UTC)))


def test_payments_split_across_methods_on_the_server(office: Office) -> None:
    one = office.desk_db("one")
    clerk = office.actor("clerk1")
    shifts.open_shift(one, clerk, 0)
    sale = record_sale(one, clerk, SaleRequest((LineRequest("1001"), LineRequest("2001", 2, 700_000, None, "TRK")),
                                               (PaymentRequest("card", 200_000, "T-9", "42"), PaymentRequest("cash")),
                                               "0084575948", "علی اکبر"))
    assert office.scalar("SELECT SUM(amount) FROM payment p JOIN txn t ON t.id = p.txn_id WHERE t.receipt_number = ?",
                         sale.receipt_number) == sale.grand_total
    assert office.scalar("SELECT citizen_name FROM txn WHERE receipt_number = ?", sale.receipt_number) == "علی اکبر"
    one.close()
    assert verify_server(office.owner_url).ok
