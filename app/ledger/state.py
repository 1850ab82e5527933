"""Rows that change over time but must not change behind the app's back: the office, its settings,
staff accounts (role, PIN hash, active), the catalogue (agencies and services).

After every change the app appends a `state` entry carrying the row's state as it now is; `verify`
compares each row with the newest state entry of it. So promoting a clerk to owner, copying one PIN
hash onto another account, switching the display unit or the printer by SQL is caught and named.
PIN hashes are chained as a SHA-256 of the hash (old hashes are not kept in the journal).
"""
from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from app.i18n import N_

STATE_ACTION = "state"


@dataclass(frozen=True)
class Tracked:
    table: str
    columns: tuple[str, ...]
    key: str = "id"  # the column naming a row in the entry (entity_id, or in the payload for text keys)
    label: str = ""


TRACKED: dict[str, Tracked] = {
    "office": Tracked("office", ("install_id", "name", "code", "address", "phone", "economic_code", "footer",
                                 "display_unit", "default_vat_bp", "default_vat_included", "day_start_hour",
                                 "key_check"), label=N_("office settings")),
    "setting": Tracked("setting", ("key", "value"), key="key", label=N_("setting")),
    "staff": Tracked("staff", ("username", "full_name", "role", "pin_hash", "active"), label=N_("staff account")),
    "agency": Tracked("agency", ("code", "name"), label=N_("agency")),
    "service": Tracked("service", ("code", "agency_id", "name", "active", "favourite_key", "discontinued_from"),
                       label=N_("service")),
}


def _value(column: str, value: Any) -> Any:
    if isinstance(value, bool):
        return int(value)
    if column == "pin_hash" and value is not None:
        return hashlib.sha256(str(value).encode()).hexdigest()[:32]
    return value


def state_of(tracked: Tracked, row: Sequence[Any]) -> dict[str, Any]:
    """The chained state of a row given its values in `tracked.columns` order."""
    return {c: _value(c, v) for c, v in zip(tracked.columns, row, strict=True)}


def select_sql(tracked: Tracked) -> str:
    key = "NULL" if tracked.key != "id" else "id"
    return f"SELECT {key}, {', '.join(tracked.columns)} FROM {tracked.table}"
