"""The office as one typed record: what the `office` row holds about the office itself (name, codes,
address, phone, receipt footer, display unit, VAT rule, when the business day starts).

The row's fields are listed here once; the services' reads and writes, the office history (what
receipts showed, and since when), the start-up glance and the screens' desk all take their field
lists from this record. Standard library only: the window's first glance at the file imports it.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any


@dataclass(frozen=True)
class Office:
    name: str = ""
    code: str = ""  # the office code (کد دفتر), its official identifier
    address: str = ""
    phone: str = ""
    economic_code: str = ""
    footer: str = ""  # printed at the bottom of every receipt
    display_unit: str = "rial"  # "rial" or "toman"
    default_vat_bp: int = 1000  # basis points; services added from now on start with this VAT
    default_vat_included: bool = False  # whether office fees include that VAT
    day_start_hour: int = 0  # local hour at which a business day starts (0-12)

    @classmethod
    def from_values(cls, values: Mapping[str, Any]) -> Office:
        """The record from a row or a mapping holding (at least) its fields, each as its own type: the
        engines give a flag as 0/1 or a bool, a number as int or text."""
        return cls(**{f: _typed(f, values[f]) for f in OFFICE_FIELDS if f in values})

    def receipt_part(self) -> dict[str, Any]:
        """The fields a receipt shows (the office history keeps a version of them)."""
        return {f: getattr(self, f) for f in RECEIPT_FIELDS}

    def changed(self, other: Office) -> dict[str, tuple[Any, Any]]:
        """Field -> (this value, the other's) for each field that differs."""
        return {f: (getattr(self, f), getattr(other, f)) for f in OFFICE_FIELDS if getattr(self, f) != getattr(other, f)}


def _typed(name: str, value: Any) -> Any:
    kind = _KINDS[name]
    return bool(value) if kind == "bool" else int(value) if kind == "int" else str(value)


OFFICE_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(Office))
_KINDS = {f.name: str(f.type) for f in fields(Office)}
TEXT_FIELDS: tuple[str, ...] = tuple(f for f in OFFICE_FIELDS if _KINDS[f] == "str")
# What a receipt shows about the office; not when the business day starts.
RECEIPT_FIELDS: tuple[str, ...] = tuple(f for f in OFFICE_FIELDS if f != "day_start_hour")
