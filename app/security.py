"""PINs, lockout, and the role x action matrix.

PINs: argon2id at 46 MiB and two passes (2.4 times the work of OWASP's minimum of 19 MiB and two
passes; ~0.1 s on this 2-core machine, well under 0.3 s on a slower counter PC), over an HMAC of the PIN keyed by a pepper derived from the journal key, which lives
outside the database: a copied database (or backup without its key) cannot be searched for PINs at
all, and with the key each guess still costs the full argon2 work (`python -m bench security`
measures it). Hashes of an older scheme are upgraded at the next successful login.
"""
from __future__ import annotations

import hashlib
import hmac
from enum import StrEnum
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from app.errors import PermissionDenied, UserError
from app.i18n import N_, _
from app.ledger.vocab import Role

_hasher = PasswordHasher(time_cost=2, memory_cost=47104, parallelism=1)
_legacy = PasswordHasher(time_cost=2, memory_cost=19456, parallelism=1)  # chain version 1: no pepper
PEPPERED = "$pk1$"

MAX_FAILED_PINS = 5
LOCKOUT_MINUTES = 15
MIN_PIN, MAX_PIN = 4, 12


def _peppered(pepper: bytes, pin: str) -> str:
    return hmac.new(pepper, pin.encode(), hashlib.sha256).hexdigest()


def hash_pin(pin: str, pepper: bytes) -> str:
    return PEPPERED + _hasher.hash(_peppered(pepper, pin))


def check_pin(pin_hash: str, pin: str, pepper: bytes) -> bool:
    ahead = _take_ahead((pin_hash, pin, pepper))
    if ahead is not None:
        return ahead
    return _check(pin_hash, pin, pepper)


def _check(pin_hash: str, pin: str, pepper: bytes) -> bool:
    try:
        if pin_hash.startswith(PEPPERED):
            return _hasher.verify(pin_hash[len(PEPPERED):], _peppered(pepper, pin))
        return _legacy.verify(pin_hash, pin)
    except (VerificationError, InvalidHashError, UnicodeEncodeError):  # (bytes that were not UTF-8)
        return False


# --- a PIN checked ahead ------------------------------------------------------------------------------
# A command typed with its PIN (`pishkhan record --user … --pin …`) knows the PIN before it has loaded
# the services. Its check (argon2, which lets go of the interpreter) then runs on another thread while
# the main one imports: on a counter PC's two cores the check costs the command nothing. `login` still
# does everything else in its own transaction (lockout, journal); it only takes the answer, and only
# for exactly the stored hash, PIN and pepper it would have checked.

_ahead: list[Any] = []  # [((hash, PIN, pepper), Future)], at most one


def check_pin_ahead(pin_hash: str, pin: str, pepper: bytes) -> None:
    """Start checking `pin` against `pin_hash` on another thread; `check_pin` takes the answer."""
    import threading
    from concurrent.futures import Future

    done: Future[bool] = Future()

    def run() -> None:
        try:
            done.set_result(_check(pin_hash, pin, pepper))
        except BaseException as exc:  # noqa: BLE001 - handed to check_pin, which checks again
            done.set_exception(exc)

    threading.Thread(target=run, name="pin-ahead", daemon=True).start()  # (a thread that cannot start: no answer)
    _ahead[:] = [((pin_hash, pin, pepper), done)]


def _take_ahead(key: tuple[str, str, bytes]) -> bool | None:
    if not _ahead:
        return None
    started, done = _ahead.pop()
    if started != key or done.exception() is not None:
        return None
    return bool(done.result())


def needs_rehash(pin_hash: str) -> bool:
    return not pin_hash.startswith(PEPPERED) or _hasher.check_needs_rehash(pin_hash[len(PEPPERED):])


def validate_new_pin(pin: str, role: str = "clerk", min_length: int = MIN_PIN) -> str:
    """A new PIN: digits only, 4 to 12 of them; owners and managers at least `min_length` (an
    office setting, so that the accounts that approve voids and see the books are harder to guess)."""
    from app.text import to_ascii_digits

    pin = to_ascii_digits(pin.strip())
    if not (pin.isascii() and pin.isdigit() and MIN_PIN <= len(pin) <= MAX_PIN):
        raise UserError("A PIN is 4 to 12 digits.")
    if role in (Role.OWNER, Role.MANAGER) and len(pin) < min_length:
        raise UserError("This office requires at least {count} digits in the PIN of an owner or manager.",
                        count=min_length)
    return pin


class Action(StrEnum):
    RECORD_SALE = "record_sale"
    OPEN_SHIFT = "open_shift"
    CLOSE_SHIFT = "close_shift"
    CASH_MOVEMENT = "cash_movement"
    REPRINT = "reprint"
    VIEW_OWN_SALES = "view_own_sales"
    VOID = "void"
    CLOSE_DAY = "close_day"
    VIEW_REPORTS = "view_reports"
    CHANGE_TARIFFS = "change_tariffs"
    CHANGE_SETTINGS = "change_settings"
    MANAGE_STAFF = "manage_staff"
    RESET_PIN = "reset_pin"
    BACKUP = "backup"
    SCHEDULED_BACKUP = "scheduled_backup"  # the automatic daily copy, whoever is logged in
    RESTORE = "restore"
    VERIFY = "verify"
    CONNECT_DESK = "connect_desk"  # where this desk keeps the books: its own file or the office server


_CLERK = {Action.RECORD_SALE, Action.OPEN_SHIFT, Action.CLOSE_SHIFT, Action.CASH_MOVEMENT,
          Action.REPRINT, Action.VIEW_OWN_SALES, Action.SCHEDULED_BACKUP}
_MANAGER = _CLERK | {Action.VOID, Action.CLOSE_DAY, Action.VIEW_REPORTS, Action.CHANGE_TARIFFS,
                     Action.CHANGE_SETTINGS, Action.MANAGE_STAFF, Action.BACKUP, Action.VERIFY}
PERMISSIONS: dict[Role, frozenset[Action]] = {
    Role.CLERK: frozenset(_CLERK),
    Role.MANAGER: frozenset(_MANAGER),
    Role.OWNER: frozenset(Action),
}


def allowed(role: str, action: Action) -> bool:
    return action in PERMISSIONS.get(Role(role), frozenset())


def require(role: str, action: Action) -> None:
    if not allowed(role, action):
        raise PermissionDenied("Your role ({role}) may not do this: {action}.",
                               role=_(ROLE_NAMES[Role(role)]), action=_(ACTION_NAMES[action]))


ROLE_NAMES = {r: N_(r.value) for r in Role}
ACTION_NAMES = {
    Action.RECORD_SALE: N_("record a sale"), Action.OPEN_SHIFT: N_("open a shift"),
    Action.CLOSE_SHIFT: N_("close a shift"), Action.CASH_MOVEMENT: N_("cash in/out"),
    Action.REPRINT: N_("reprint a receipt"), Action.VIEW_OWN_SALES: N_("see own sales"),
    Action.VOID: N_("void a sale"), Action.CLOSE_DAY: N_("close the day"), Action.VIEW_REPORTS: N_("see reports"),
    Action.CHANGE_TARIFFS: N_("change tariffs"), Action.CHANGE_SETTINGS: N_("change settings"),
    Action.MANAGE_STAFF: N_("manage staff"), Action.RESET_PIN: N_("reset a PIN"), Action.BACKUP: N_("back up"),
    Action.SCHEDULED_BACKUP: N_("automatic backup"),
    Action.RESTORE: N_("restore a backup"), Action.VERIFY: N_("verify the database"),
    Action.CONNECT_DESK: N_("change where this desk keeps the books"),
}
