"""PINs (argon2id at the OWASP minimum or above), lockout, and the role x action matrix."""
from __future__ import annotations

from enum import StrEnum

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from app.errors import PermissionDenied, UserError
from app.i18n import N_, _

# OWASP: m=19456 KiB, t=2, p=1 is the minimum for argon2id.
_hasher = PasswordHasher(time_cost=2, memory_cost=19456, parallelism=1)

MAX_FAILED_PINS = 5
LOCKOUT_MINUTES = 15


def hash_pin(pin: str) -> str:
    return _hasher.hash(pin)


def check_pin(pin_hash: str, pin: str) -> bool:
    try:
        return _hasher.verify(pin_hash, pin)
    except (VerificationError, InvalidHashError, UnicodeEncodeError):  # (bytes that were not UTF-8)
        return False


def validate_new_pin(pin: str) -> str:
    from app.text import to_ascii_digits

    pin = to_ascii_digits(pin.strip())
    if not (pin.isascii() and pin.isdigit() and 4 <= len(pin) <= 12):
        raise UserError("A PIN is 4 to 12 digits.")
    return pin


class Role(StrEnum):
    OWNER = "owner"
    MANAGER = "manager"
    CLERK = "clerk"


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


ROLE_NAMES = {Role.OWNER: N_("owner"), Role.MANAGER: N_("manager"), Role.CLERK: N_("clerk")}
ACTION_NAMES = {
    Action.RECORD_SALE: N_("record a sale"), Action.OPEN_SHIFT: N_("open a shift"),
    Action.CLOSE_SHIFT: N_("close a shift"), Action.CASH_MOVEMENT: N_("cash in/out"),
    Action.REPRINT: N_("reprint a receipt"), Action.VIEW_OWN_SALES: N_("see own sales"),
    Action.VOID: N_("void a sale"), Action.CLOSE_DAY: N_("close the day"), Action.VIEW_REPORTS: N_("see reports"),
    Action.CHANGE_TARIFFS: N_("change tariffs"), Action.CHANGE_SETTINGS: N_("change settings"),
    Action.MANAGE_STAFF: N_("manage staff"), Action.RESET_PIN: N_("reset a PIN"), Action.BACKUP: N_("back up"),
    Action.SCHEDULED_BACKUP: N_("automatic backup"),
    Action.RESTORE: N_("restore a backup"), Action.VERIFY: N_("verify the database"),
}
