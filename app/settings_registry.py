"""The typed registry of free-form office settings (the `setting` key/value table).

Every key the app stores there is declared here with its kind, default and bounds, so a value is
checked before it is written and read back typed; an unknown key or a wrong value is refused.
(Changes of shape between versions go through the Alembic migrations like any other data.)
"""
from __future__ import annotations

import json
from dataclasses import dataclass

from app.errors import UserError


@dataclass(frozen=True)
class Option:
    kind: str  # "text" | "int" | "choice" | "json"
    default: str
    low: int = 0
    high: int = 0
    choices: tuple[str, ...] = ()


REGISTRY: dict[str, Option] = {
    "printer": Option("json", ""),  # printing.printers.PrinterConfig.to_json()
    "language": Option("choice", "fa", choices=("fa", "en")),
    "backup_folder": Option("text", ""),
    "backup_keep_daily": Option("int", "7", 1, 365),
    "backup_keep_monthly": Option("int", "12", 0, 120),
    # The least number of digits in an owner's or manager's PIN (they approve voids and see the books).
    "manager_min_pin": Option("int", "4", 4, 12),
    # Closing a shift: "1" hides the expected cash from the clerk until the drawer is counted (blind count).
    "blind_count": Option("choice", "0", choices=("0", "1")),
    # "1": a variance (counted minus expected cash, either way) beyond the threshold (Rials) needs the
    # clerk's reason to close the shift.
    "ask_variance_reason": Option("choice", "0", choices=("0", "1")),
    "variance_reason_threshold": Option("int", "100000", 0, 100_000_000),
}


def option(key: str) -> Option:
    if key not in REGISTRY:
        raise UserError("Unknown setting: {name}", name=key)
    return REGISTRY[key]


def check(key: str, value: str) -> str:
    """The value as it will be stored, or a UserError saying what is wrong with it."""
    spec = option(key)
    if not isinstance(value, str):
        raise UserError("Invalid value for the setting {name}.", name=key)
    if spec.kind == "int":
        if not value.strip().isascii() or not value.strip().isdigit() or not spec.low <= int(value) <= spec.high:
            raise UserError("The setting {name} must be a whole number from {low} to {high}.",
                            name=key, low=spec.low, high=spec.high)
        return str(int(value))
    if spec.kind == "choice" and value not in spec.choices:
        raise UserError("Invalid value for the setting {name}.", name=key)
    if spec.kind == "json" and value:
        try:
            json.loads(value)
        except ValueError:
            raise UserError("Invalid value for the setting {name}.", name=key) from None
    if len(value) > 4000:
        raise UserError("Invalid value for the setting {name}.", name=key)
    return value


def stored_or_default(key: str, stored: str | None) -> str:
    """What a reader gets: the stored value if it is still valid, else the declared default."""
    spec = option(key)
    if stored is None:
        return spec.default
    try:
        return check(key, stored)
    except UserError:
        return spec.default
