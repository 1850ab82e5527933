"""The typed registry of free-form office settings (the `setting` key/value table).

Each setting is declared once, below: its key, its type, its default, its bounds or choices and the
label a person reads. Callers name a setting by its constant (`BLIND_COUNT`, never the text
"blind_count") and get and give values of its type (`bool`, `int`, `str`); the registry alone turns
them into the stored text and back. A value is checked before it is written; a stored value that is
no longer valid reads as the default. (Changes of shape between versions go through the Alembic
migrations like any other data.) Standard library only: the window reads the language before the
database layer loads.
"""
from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from app.errors import UserError
from app.i18n import N_, _, language
from app.money import format_amount
from app.text import clean_digits

T = TypeVar("T")

MAX_TEXT = 4000  # characters of a stored value


@dataclass(frozen=True)
class Setting(Generic[T]):
    """A declared setting. `parse` reads the stored text, `check` refuses a wrong value with a message
    naming the setting by its label, `dump` gives the text stored."""

    key: str
    label: str  # English source, translated when shown
    default: T

    def parse(self, stored: str) -> T:
        raise NotImplementedError

    def dump(self, value: T) -> str:
        return str(value)

    def check(self, value: object) -> T:
        raise NotImplementedError

    def read(self, stored: str | None) -> T:
        """What a reader gets: the stored value if it is still valid, else the default."""
        if stored is None:
            return self.default
        try:
            return self.check(self.parse(stored))
        except (UserError, ValueError):
            return self.default

    def invalid(self) -> UserError:
        return UserError("Invalid value for the setting {name}.", name=_(self.label))


@dataclass(frozen=True)
class Whole(Setting[int]):
    """A whole number from `low` to `high`."""

    low: int = 0
    high: int = 0

    def parse(self, stored: str) -> int:
        text = stored.strip()
        if not text.isascii() or not text.isdigit():
            raise ValueError(stored)
        return int(text)

    def check(self, value: object) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or not self.low <= value <= self.high:
            raise self.out_of_bounds()
        return value

    def from_text(self, text: str) -> int:
        """A number as typed in a form (any digit script, with separators), checked."""
        digits = clean_digits(text)
        if not digits.isascii() or not digits.isdigit():
            raise self.out_of_bounds()
        return self.check(int(digits))

    def out_of_bounds(self) -> UserError:
        persian = language() == "fa"  # the bounds grouped as the owner reads figures («۱۰۰٬۰۰۰٬۰۰۰»)
        return UserError("The setting {name} must be a whole number from {low} to {high}.", name=_(self.label),
                         low=format_amount(self.low, persian=persian), high=format_amount(self.high, persian=persian))


@dataclass(frozen=True)
class Flag(Setting[bool]):
    """Yes or no, stored as "1" or "0"."""

    def parse(self, stored: str) -> bool:
        if stored not in ("0", "1"):
            raise ValueError(stored)
        return stored == "1"

    def dump(self, value: bool) -> str:
        return "1" if value else "0"

    def check(self, value: object) -> bool:
        if not isinstance(value, bool):
            raise self.invalid()
        return value


@dataclass(frozen=True)
class Text(Setting[str]):
    """Free text; with `choices`, one of them; with `json`, a JSON document (or empty)."""

    choices: tuple[str, ...] = ()
    json: bool = False

    def parse(self, stored: str) -> str:
        return stored

    def check(self, value: object) -> str:
        if not isinstance(value, str) or len(value) > MAX_TEXT or (self.choices and value not in self.choices):
            raise self.invalid()
        if self.json and value:
            try:
                json.loads(value)
            except ValueError:
                raise self.invalid() from None
        return value


# --- the declarations: every setting the app stores, once -----------------------------------------

PRINTER = Text("printer", N_("Receipt printer"), "", json=True)  # printing.printers.PrinterConfig.to_json()
LANGUAGE = Text("language", N_("Language"), "fa", choices=("fa", "en"))
BACKUP_FOLDER = Text("backup_folder", N_("Backup folder"), "")
BACKUP_KEEP_DAILY = Whole("backup_keep_daily", N_("Daily backups kept"), 7, low=1, high=365)
BACKUP_KEEP_MONTHLY = Whole("backup_keep_monthly", N_("Monthly backups kept"), 12, low=0, high=120)
# The least number of digits in an owner's or manager's PIN (they approve voids and see the books).
MANAGER_MIN_PIN = Whole("manager_min_pin", N_("Least PIN length of owners and managers"), 4, low=4, high=12)
# Closing a shift: the expected cash stays hidden from the clerk until the drawer is counted.
BLIND_COUNT = Flag("blind_count", N_("Blind count"), False)
# A variance (counted minus expected cash, either way) beyond the threshold (Rials) needs the clerk's
# reason to close the shift.
ASK_VARIANCE_REASON = Flag("ask_variance_reason", N_("Ask the reason of a variance"), False)
VARIANCE_REASON_THRESHOLD = Whole("variance_reason_threshold", N_("Cash variance threshold (Rial)"), 100_000,
                                  low=0, high=100_000_000)

REGISTRY: dict[str, Setting[Any]] = {s.key: s for s in (
    PRINTER, LANGUAGE, BACKUP_FOLDER, BACKUP_KEEP_DAILY, BACKUP_KEEP_MONTHLY, MANAGER_MIN_PIN, BLIND_COUNT,
    ASK_VARIANCE_REASON, VARIANCE_REASON_THRESHOLD)}


def declared(setting: Setting[Any]) -> Setting[Any]:
    """`setting` if it is one of the declarations above (a setting made up elsewhere is refused)."""
    if REGISTRY.get(setting.key) is not setting:
        raise UserError("Unknown setting: {name}", name=setting.key)
    return setting


class SettingValues:
    """Settings read together, each as its own type: `values[BLIND_COUNT]` is a bool."""

    def __init__(self, values: Mapping[str, object]) -> None:
        self._values = dict(values)

    def __getitem__(self, setting: Setting[T]) -> T:
        return self._values[setting.key]  # type: ignore[return-value]

    def __contains__(self, setting: object) -> bool:
        return isinstance(setting, Setting) and setting.key in self._values

    def __eq__(self, other: object) -> bool:
        return isinstance(other, SettingValues) and other._values == self._values

    def __repr__(self) -> str:
        return f"SettingValues({self._values!r})"
