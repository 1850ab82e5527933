"""A clerk's shift: opening float, cash in and out, the X report, the closing count and variance."""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from app.db import Database
from app.errors import UserError
from app.i18n import N_, _, language
from app.journal import session_tx
from app.ledger import book, canonical
from app.ledger.records import CashMovement, ShiftClose, ShiftCloseNote, ShiftOpen
from app.money import MAX_AMOUNT, format_amount
from app.security import Action
from app.services.common import Actor, acting, desk_name, iso, journal, now, open_shift_of
from app.services.print_state import shift_unprinted_sql
from app.services.totals import Totals, payment_totals, shift_cash, shift_totals
from app.store.base import Tx
from app.text import limited

# Iranian banknotes and the common Iran Cheque in current Rials, largest first.
DENOMINATIONS = (2_000_000, 1_000_000, 500_000, 200_000, 100_000, 50_000, 20_000, 10_000, 5_000, 2_000, 1_000)


@dataclass(frozen=True)
class ShiftReport:
    """The X report while open, the Z report once closed."""

    shift_id: int
    staff_id: int
    opened_at: str
    closed_at: str | None
    totals: Totals
    cash: dict[str, int]
    counted_cash: int | None
    variance: int | None
    denominations: dict[int, int]
    payments: dict[str, int] = field(default_factory=dict)  # taken per method (cash, card, transfer)
    blind_count: bool | None = None  # closed by a blind count; None: not recorded (closed before it was)
    variance_reason: str = ""  # the clerk's reason for a variance beyond the threshold
    variance_threshold: int | None = None  # the threshold in force at closing
    # A blind count refused for want of a reason shows the difference: the count the clerk had entered
    # then is journaled, so a count changed afterwards to fit the expected cash stays visible.
    count_when_shown: int | None = None
    unprinted: int = 0  # the shift's receipts no printer handed over (voided sales aside)


class ReasonRequired(UserError):
    """The count differs from the expected cash by more than the office allows without a reason."""

    def __init__(self, variance: int, threshold: int) -> None:
        persian = language() == "fa"
        super().__init__(N_("The counted cash is {amount} {direction} the expected cash, more than the {limit} "
                            "allowed without a reason: write the reason to close the shift."),
                         amount=format_amount(abs(variance), persian=persian, with_unit=True),
                         direction=_("over") if variance > 0 else _("short of"),
                         limit=format_amount(threshold, persian=persian, with_unit=True))
        self.variance = variance
        self.threshold = threshold
        self.shown: tuple[int, int, bool] = (0, 0, False)  # (shift, staff, blind count): set by close_shift


@dataclass(frozen=True)
class ClosingRules:
    """How this office closes shifts (owner settings): blind count, and the variance needing a reason
    (`variance_threshold` None: no reason is asked, whatever the variance)."""

    blind_count: bool
    variance_threshold: int | None


def closing_rules(db: Database) -> ClosingRules:
    """The office's rules for closing a shift; reading them needs no permission."""
    with db.read() as session:
        return _rules(session)


def count_denominations(counts: dict[int, int]) -> int:
    """The cash in a drawer counted note by note; refuses unknown notes and negative counts."""
    total = 0
    for note, count in counts.items():
        if note not in DENOMINATIONS:
            raise UserError("Unknown banknote: {value}", value=str(note))
        if not isinstance(count, int) or count < 0 or count > 100_000:
            raise UserError("Invalid count of banknotes: {value}", value=str(count))
        total += note * count
    return total


def open_shift(db: Database, actor: Actor, opening_float: int, *, denominations: dict[int, int] | None = None,
               at: dt.datetime | None = None) -> int:
    """Open the actor's shift with its cash float (a total, or counted by banknote)."""
    if denominations:
        opening_float = count_denominations(denominations)
    if not 0 <= opening_float <= MAX_AMOUNT:
        raise UserError("Invalid amount: {value}", value=str(opening_float))
    instant = now(at)
    with db.write() as session:
        staff = acting(session, actor, Action.OPEN_SHIFT)
        if open_shift_of(session, staff.id) is not None:
            raise UserError("You already have an open shift.")
        tx = session_tx(session)
        shift = ShiftOpen(staff.id, iso(instant), opening_float, desk_name(tx))
        return book.write_shift_open(tx, journal(session), shift)


def cash_movement(db: Database, actor: Actor, kind: str, amount: int, reason: str,
                  *, at: dt.datetime | None = None) -> int:
    """Cash put into or taken out of the drawer during a shift, with a reason."""
    if kind not in ("in", "out"):
        raise UserError("A cash movement is in or out.")
    if not 0 < amount <= MAX_AMOUNT:
        raise UserError("The amount must be more than zero.")
    reason = limited(reason, 200, _("reason"))
    if not reason:
        raise UserError("A reason is required.")
    instant = now(at)
    with db.write() as session:
        staff = acting(session, actor, Action.CASH_MOVEMENT)
        shift_id = open_shift_of(session, staff.id)
        if shift_id is None:
            raise UserError("You have no open shift.")
        if kind == "out" and amount > shift_cash(session, shift_id)["expected"]:
            raise UserError("The drawer does not hold that much cash.")
        row: dict[str, Any] = {"shift_id": shift_id, "staff_id": staff.id, "at": iso(instant), "kind": kind,
               "amount": amount, "reason": reason}
        movement_id = session.execute(text(
            "INSERT INTO cash_movement (shift_id, staff_id, at, kind, amount, reason) "
            "VALUES (:shift_id, :staff_id, :at, :kind, :amount, :reason) RETURNING id"), row).scalar_one()
        journal(session).append(session, at=row["at"], staff_id=staff.id, action=f"cash_{kind}",
                                entity="cash_movement", entity_id=movement_id,
                                sealed=canonical.single(CashMovement(**row)))
        return int(movement_id)


def shift_report(db: Database, actor: Actor, shift_id: int | None = None) -> ShiftReport:
    """X report of the actor's open shift, or the report of a given shift (own, or any for managers)."""
    with db.read() as session:
        staff = acting(session, actor, Action.VIEW_OWN_SALES)
        if shift_id is None:
            shift_id = open_shift_of(session, staff.id)
            if shift_id is None:
                raise UserError("You have no open shift.")
        row = session.execute(text("SELECT staff_id, opened_at, closed_at, counted_cash, variance, denominations "
                                   "FROM shift WHERE id = :s"), {"s": shift_id}).first()
        if row is None:
            raise UserError("No such shift: {value}", value=str(shift_id))
        if row[0] != staff.id:
            acting(session, actor, Action.VIEW_REPORTS)
        notes = {int(k): v for k, v in json.loads(row[5] or "{}").items()}
        closing = session.execute(text("SELECT blind_count, reason, variance_threshold FROM shift_close_note "
                                       "WHERE shift_id = :s"), {"s": shift_id}).first()
        return ShiftReport(shift_id, row[0], row[1], row[2], shift_totals(session, shift_id),
                           shift_cash(session, shift_id), row[3], row[4], notes,
                           payment_totals(session, "t.shift_id = ?", shift_id),
                           bool(closing[0]) if closing else None, closing[1] if closing else "",
                           closing[2] if closing else None, count_when_shown(session_tx(session), shift_id),
                           int(session.execute(text(shift_unprinted_sql(":s", ":closed")),
                                               {"s": shift_id, "closed": row[2]}).scalar_one()))


def close_shift(db: Database, actor: Actor, counted_cash: int | None = None, *,
                denominations: dict[int, int] | None = None, reason: str = "",
                at: dt.datetime | None = None) -> ShiftReport:
    """Close the actor's shift with the counted cash; records expected cash and the variance, and how
    the shift was closed (blind count or not, and the reason when the variance is beyond the office's
    threshold: without a reason such a close is refused with ReasonRequired)."""
    if denominations:
        counted_cash = count_denominations(denominations)
    if counted_cash is None or not 0 <= counted_cash <= MAX_AMOUNT:
        raise UserError("Count the cash in the drawer to close the shift.")
    reason = limited(reason, 300, _("reason"))
    instant = now(at)
    try:
        return _close(db, actor, counted_cash, denominations, reason, instant)
    except ReasonRequired as refused:
        shift_id, staff_id, blind = refused.shown
        if blind:  # the difference is shown now: what was counted before it is kept
            _journal_shown_count(db, shift_id, staff_id, counted_cash, iso(instant))
        raise


BLIND_COUNT_SHOWN = "blind_count_shown"


def _journal_shown_count(db: Database, shift_id: int, staff_id: int, counted: int, at: str) -> None:
    with db.write() as session:
        if count_when_shown(session_tx(session), shift_id) is None:  # the first count is the one that matters
            journal(session).append(session, at=at, staff_id=staff_id, action=BLIND_COUNT_SHOWN, entity="shift",
                                    entity_id=shift_id, payload={"counted": counted})


# The journal entry of a shift's first shown blind count: a scalar subquery for `shift_id = ?`
# (the owner's shift list embeds it with the shift's own id).
SHOWN_COUNT_ENTRY = (f"SELECT payload FROM journal WHERE action = '{BLIND_COUNT_SHOWN}' AND entity = 'shift' "
                     "AND entity_id = {shift} ORDER BY id LIMIT 1")


def count_when_shown(tx: Tx, shift_id: int) -> int | None:
    """The blind count entered when the difference was first shown (None: never shown before closing)."""
    return shown_count(tx.value(SHOWN_COUNT_ENTRY.format(shift="?"), shift_id))


def shown_count(payload: str | None) -> int | None:
    return None if payload is None else int(json.loads(payload)["counted"])


def _close(db: Database, actor: Actor, counted_cash: int, denominations: dict[int, int] | None, reason: str,
           instant: dt.datetime) -> ShiftReport:
    with db.write() as session:
        staff = acting(session, actor, Action.CLOSE_SHIFT)
        shift_id = open_shift_of(session, staff.id)
        if shift_id is None:
            raise UserError("You have no open shift.")
        expected = shift_cash(session, shift_id)["expected"]
        rules = _rules(session)
        threshold = rules.variance_threshold
        if threshold is not None and abs(counted_cash - expected) > threshold and not reason:
            refused = ReasonRequired(counted_cash - expected, threshold)
            refused.shown = (shift_id, staff.id, rules.blind_count)
            raise refused
        row: dict[str, Any] = {"closed_at": iso(instant), "expected_cash": expected, "counted_cash": counted_cash,
               "variance": counted_cash - expected,
               "denominations": json.dumps({str(k): v for k, v in sorted((denominations or {}).items())})}
        session.execute(text(
            "UPDATE shift SET closed_at = :closed_at, expected_cash = :expected_cash, counted_cash = :counted_cash, "
            "variance = :variance, denominations = :denominations WHERE id = :id"), {**row, "id": shift_id})
        journal(session).append(session, at=row["closed_at"], staff_id=staff.id, action="shift_close",
                                entity="shift", entity_id=shift_id,
                                sealed=canonical.single(ShiftClose(**row)))
        _close_note(session, shift_id, staff.id, row["closed_at"], rules, reason)
    return shift_report(db, actor, shift_id)


def _rules(session: Session) -> ClosingRules:
    from app.services.office import get_setting
    from app.settings_registry import ASK_VARIANCE_REASON, BLIND_COUNT, VARIANCE_REASON_THRESHOLD

    asked = get_setting(session, ASK_VARIANCE_REASON)
    return ClosingRules(get_setting(session, BLIND_COUNT),
                        get_setting(session, VARIANCE_REASON_THRESHOLD) if asked else None)


def _close_note(session: Session, shift_id: int, staff_id: int, at: str, rules: ClosingRules, reason: str) -> None:
    """How the shift was closed, in its own append-only row, sealed in its own journal entry."""
    # variance_threshold None: no reason was asked for
    note = ShiftCloseNote(shift_id, staff_id, at, int(rules.blind_count), rules.variance_threshold, reason)
    book.write_close_note(session_tx(session), journal(session), note)
