"""Who may do what, checked inside the services (not just hidden in a screen); PIN lockout;
a clerk's void approved by a manager's PIN."""
from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from app_testkit import PINS, actor, clone, run_cli, utc
from sqlalchemy import text

from app import i18n
from app.db import Database, open_database
from app.errors import AuthError, PermissionDenied, UserError
from app.security import LOCKOUT_MINUTES, MAX_FAILED_PINS, PERMISSIONS, Action, Role
from app.services import shifts
from app.services.auth import login
from app.services.backup import backup
from app.services.common import Actor
from app.services.connection import use_own_file
from app.services.dayclose import close_day
from app.services.office import set_setting, update_office
from app.services.receipts import reprint_receipt
from app.services.sales import LineRequest, SaleRequest, record_sale
from app.services.sales_list import todays_sales
from app.services.staff import add_staff, list_staff, update_staff
from app.services.tariffs import export_tariffs, import_tariffs
from app.services.verify import verify_database
from app.services.voids import void_sale
from app.settings_registry import PRINTER

USERS = {Role.OWNER: "owner", Role.MANAGER: "manager1", Role.CLERK: "clerk1"}


def a_sale(db: Database) -> int:
    """A sale by clerk2, for the action under test to act on."""
    clerk2 = actor(db, "clerk2")
    shifts.open_shift(db, clerk2, 0)
    return record_sale(db, clerk2, SaleRequest((LineRequest("1001"),))).receipt_number


def clerk2_shift(db: Database) -> int:
    a_sale(db)
    with db.read() as s:
        return int(s.execute(text("SELECT id FROM shift WHERE staff_id = :s"), {"s": actor(db, "clerk2").id}).scalar_one())


def tariff_file(db: Database, folder: Path) -> Path:
    path = folder / "tariffs.csv"
    export_tariffs(db, actor(db, "owner"), path)
    return path


def _restore(db: Database, me: Actor, tmp: Path) -> None:
    made = backup(db, actor(db, "owner"), tmp / "backups")
    result = run_cli("restore", "--db", db.path, "--from", made.path, "--user", me.username,
                     "--pin", PINS[me.username], "--lang", "en")
    if result.code == 2 and "may not do this" in result.stderr:
        raise PermissionDenied("Your role ({role}) may not do this: {action}.", role=me.role, action="restore")
    assert result.code == 0, result


# One real use of each action through the service (or, for restore, the command) that owns it.
EXERCISE: dict[Action, Callable[[Database, Actor, Path], object]] = {
    Action.RECORD_SALE: lambda db, me, tmp: (shifts.open_shift(db, me, 0),
                                             record_sale(db, me, SaleRequest((LineRequest("1001"),)))),
    Action.OPEN_SHIFT: lambda db, me, tmp: shifts.open_shift(db, me, 500_000),
    Action.CLOSE_SHIFT: lambda db, me, tmp: (shifts.open_shift(db, me, 0), shifts.close_shift(db, me, 0)),
    Action.CASH_MOVEMENT: lambda db, me, tmp: (shifts.open_shift(db, me, 0),
                                               shifts.cash_movement(db, me, "in", 100_000, "تنخواه")),
    Action.REPRINT: lambda db, me, tmp: reprint_receipt(db, me, a_sale(db)),
    Action.VIEW_OWN_SALES: lambda db, me, tmp: todays_sales(db, me),
    Action.VOID: lambda db, me, tmp: void_sale(db, me, a_sale(db), "اشتباه"),
    Action.CLOSE_DAY: lambda db, me, tmp: close_day(db, me),
    Action.VIEW_REPORTS: lambda db, me, tmp: (export_tariffs(db, me, tmp / "out.csv"),
                                              shifts.shift_report(db, me, clerk2_shift(db))),
    Action.CHANGE_TARIFFS: lambda db, me, tmp: import_tariffs(db, me, tariff_file(db, tmp)),
    Action.CHANGE_SETTINGS: lambda db, me, tmp: (update_office(db, me, {"footer": "ساعت کار ۸ تا ۱۶"}),
                                                 set_setting(db, me, PRINTER, "{\"kind\": \"usb\"}")),
    Action.MANAGE_STAFF: lambda db, me, tmp: (list_staff(db, me),
                                              add_staff(db, me, "clerk3", "سارا نوری", "clerk", "5555")),
    Action.RESET_PIN: lambda db, me, tmp: update_staff(db, me, "clerk2", pin="7777"),
    Action.BACKUP: lambda db, me, tmp: backup(db, me, tmp / "mine"),
    Action.VERIFY: lambda db, me, tmp: verify_database(db, me),
    Action.SCHEDULED_BACKUP: lambda db, me, tmp: backup(db, me, tmp / "auto", action=Action.SCHEDULED_BACKUP),
    Action.RESTORE: _restore,
    Action.CONNECT_DESK: lambda db, me, tmp: use_own_file(me),
}


def test_every_action_has_a_test() -> None:
    assert set(EXERCISE) == set(Action)


def journal_size(db: Database) -> int:
    with db.read() as s:
        return int(s.execute(text("SELECT COUNT(*) FROM journal")).scalar_one())


@pytest.mark.parametrize("action", list(EXERCISE), ids=str)
@pytest.mark.parametrize("role", list(Role), ids=str)
def test_role_action_matrix(role: Role, action: Action, office_template: Path, tmp_path: Path) -> None:
    db = open_database(clone(office_template, tmp_path / "office.db"))
    me = actor(db, USERS[role])
    try:
        if action in PERMISSIONS[role]:
            EXERCISE[action](db, me, tmp_path)
        else:
            with pytest.raises(PermissionDenied) as err:
                EXERCISE[action](db, me, tmp_path)
            assert "\n" not in err.value.message()
    finally:
        db.close()


def test_verify_in_the_app_is_for_managers(office_db: Database) -> None:
    with pytest.raises(PermissionDenied):
        verify_database(office_db, actor(office_db, "clerk1"))
    report = verify_database(office_db, actor(office_db, "manager1"))
    assert report.ok and report.counts["journal"] > 0


def test_a_refused_action_writes_nothing(office_db: Database, tmp_path: Path) -> None:
    clerk = actor(office_db, "clerk1")
    before = journal_size(office_db)
    for action in (Action.CHANGE_SETTINGS, Action.MANAGE_STAFF, Action.CHANGE_TARIFFS, Action.CLOSE_DAY):
        with pytest.raises(PermissionDenied):
            EXERCISE[action](office_db, clerk, tmp_path)
    after = journal_size(office_db)
    assert after == before  # (the tariff file the owner exported first writes no journal line)
    with office_db.read() as s:
        assert s.execute(text("SELECT COUNT(*) FROM staff WHERE username = 'clerk3'")).scalar() == 0
        assert s.execute(text("SELECT footer FROM office")).scalar() != "ساعت کار ۸ تا ۱۶"


def test_a_stale_actor_grants_nothing(office_db: Database) -> None:
    owner = actor(office_db, "owner")
    clerk = actor(office_db, "clerk1")
    update_staff(office_db, owner, "clerk1", active=False)
    with pytest.raises(AuthError):
        shifts.open_shift(office_db, clerk, 0)
    promoted = Actor(clerk.id, clerk.username, clerk.full_name, "owner")  # a forged role grants nothing either
    update_staff(office_db, owner, "clerk1", active=True)
    with pytest.raises(PermissionDenied):
        update_office(office_db, promoted, {"footer": "x"})


def test_only_the_owner_makes_owners(office_db: Database) -> None:
    manager = actor(office_db, "manager1")
    with pytest.raises(UserError, match="Only the owner"):
        add_staff(office_db, manager, "boss2", "مدیر دوم", "owner", "9999")
    with pytest.raises(UserError, match="Only the owner"):
        update_staff(office_db, manager, "owner", active=False)
    with pytest.raises(UserError, match="at least one active owner"):
        update_staff(office_db, actor(office_db, "owner"), "owner", role="clerk")


# --- a clerk's void with a manager's PIN ------------------------------------------------------------

def test_clerk_void_needs_a_manager_and_is_journaled_with_both(office_db: Database) -> None:
    clerk = actor(office_db, "clerk1")
    manager = actor(office_db, "manager1")
    shifts.open_shift(office_db, clerk, 0)
    number = record_sale(office_db, clerk, SaleRequest((LineRequest("1001"),))).receipt_number

    with pytest.raises(PermissionDenied):
        void_sale(office_db, clerk, number, "اشتباه")
    with pytest.raises(PermissionDenied, match="manager"):
        void_sale(office_db, clerk, number, "اشتباه", approver=("clerk2", PINS["clerk2"]))
    with pytest.raises(AuthError):
        void_sale(office_db, clerk, number, "اشتباه", approver=("manager1", "0000"))
    with office_db.read() as s:
        assert s.execute(text("SELECT COUNT(*) FROM void")).scalar() == 0

    result = void_sale(office_db, clerk, number, "  مبلغ  اشتباه بود ", approver=("manager1", PINS["manager1"]))
    assert result.approved_by == "manager1"
    with office_db.read() as s:
        row = s.execute(text("SELECT id, staff_id, approved_by, reason FROM void")).one()
        entry = s.execute(text("SELECT staff_id, entity_id FROM journal WHERE action = 'void'")).one()
        approval = s.execute(text("SELECT staff_id FROM journal WHERE action = 'approve:void' "
                                  "ORDER BY id DESC LIMIT 1")).scalar()
        voided = s.execute(text("SELECT receipt_number FROM txn WHERE id = (SELECT txn_id FROM void)")).scalar()
    # The void record names both, and its journal entry seals every field of it (chain version 2).
    assert (row[1], row[2], row[3]) == (clerk.id, manager.id, "مبلغ اشتباه بود")
    assert entry == (clerk.id, row[0]) and voided == number
    assert approval == manager.id


def test_a_manager_voids_without_a_second_pin(office_db: Database) -> None:
    number = a_sale(office_db)
    result = void_sale(office_db, actor(office_db, "manager1"), number, "درخواست مراجعه‌کننده")
    assert result.approved_by == "manager1"


def test_a_void_needs_a_reason(office_db: Database) -> None:
    number = a_sale(office_db)
    with pytest.raises(UserError, match="reason"):
        void_sale(office_db, actor(office_db, "owner"), number, " \u200c\u200f ")


# --- lockout -----------------------------------------------------------------------------------------

def test_five_wrong_pins_lock_the_account_for_a_while(office_db: Database) -> None:
    i18n.set_language("en")
    t0 = utc(2026, 11, 22, 6, 0)
    for i in range(MAX_FAILED_PINS - 1):
        with pytest.raises(AuthError) as err:
            login(office_db, "clerk1", "9999", at=t0 + dt.timedelta(seconds=i))
        left = MAX_FAILED_PINS - 1 - i
        assert err.value.message() == f"Wrong user name or PIN. {left} attempts left before a {LOCKOUT_MINUTES}-minute lock."
    locked_at = t0 + dt.timedelta(seconds=10)
    with pytest.raises(AuthError) as err:
        login(office_db, "clerk1", "9999", at=locked_at)
    assert err.value.message() == f"Too many wrong PINs: this account is locked for {LOCKOUT_MINUTES} minutes."

    # The right PIN is refused while locked, and the message says how long is left.
    for after, minutes in ((dt.timedelta(0), 15), (dt.timedelta(minutes=1), 14),
                           (dt.timedelta(minutes=14, seconds=59), 1)):
        with pytest.raises(AuthError) as err:
            login(office_db, "clerk1", PINS["clerk1"], at=locked_at + after)
        assert f"locked for {minutes} more minutes" in err.value.message()

    me = login(office_db, "clerk1", PINS["clerk1"], at=locked_at + dt.timedelta(minutes=LOCKOUT_MINUTES, seconds=1))
    assert me.username == "clerk1"
    with office_db.read() as s:
        whys = [json.loads(p)["why"] for (p,) in s.execute(text(
            "SELECT payload FROM journal WHERE action = 'login_failed' ORDER BY id")).all()]
    assert whys == ["wrong_pin"] * 4 + ["locked_now"] + ["locked"] * 3


def test_a_good_pin_resets_the_count(office_db: Database) -> None:
    t0 = utc(2026, 11, 22, 6, 0)
    for round_ in range(2):
        for i in range(MAX_FAILED_PINS - 1):
            with pytest.raises(AuthError, match="Wrong"):
                login(office_db, "clerk2", "0000", at=t0 + dt.timedelta(minutes=round_, seconds=i))
        login(office_db, "clerk2", PINS["clerk2"], at=t0 + dt.timedelta(minutes=round_, seconds=30))


def test_unknown_users_and_lifted_locks(office_db: Database) -> None:
    t0 = utc(2026, 11, 22, 6, 0)
    with pytest.raises(AuthError, match="Wrong user name or PIN"):
        login(office_db, "nobody", "1234", at=t0)
    for _i in range(MAX_FAILED_PINS):
        with pytest.raises(AuthError):
            login(office_db, "clerk1", "0000", at=t0)
    with pytest.raises(AuthError, match="locked"):
        login(office_db, "clerk1", PINS["clerk1"], at=t0)
    update_staff(office_db, actor(office_db, "owner"), "clerk1", unlock=True)
    assert login(office_db, "clerk1", PINS["clerk1"], at=t0).username == "clerk1"


def test_wrong_approver_pins_never_lock_the_manager_out(office_db: Database) -> None:
    """A clerk typing wrong approver PINs locks their own requests to that manager, never the
    manager's login nor another clerk's requests; each refusal says how many tries are left."""
    i18n.set_language("en")
    number = a_sale(office_db)
    clerk = actor(office_db, "clerk2")
    for i in range(MAX_FAILED_PINS - 1):
        with pytest.raises(AuthError, match=f"{MAX_FAILED_PINS - 1 - i} attempts left"):
            void_sale(office_db, clerk, number, "اشتباه", approver=("manager1", "0000"))
    with pytest.raises(AuthError, match="approvals by .* are locked"):
        void_sale(office_db, clerk, number, "اشتباه", approver=("manager1", "0000"))
    with pytest.raises(AuthError, match="locked"):
        void_sale(office_db, clerk, number, "اشتباه", approver=("manager1", PINS["manager1"]))
    assert login(office_db, "manager1", PINS["manager1"]).username == "manager1"
    other = record_sale(office_db, clerk, SaleRequest((LineRequest("1001"),))).receipt_number
    assert void_sale(office_db, actor(office_db, "clerk1"), other, "اشتباه",
                     approver=("manager1", PINS["manager1"])).approved_by == "manager1"
