"""Words of the ledger defined once, with their labels: payment methods, roles, display units,
cash movement kinds. Adding a payment method is one member here, a migration (the CHECK) and a button.

No SQLAlchemy and no Qt: the record path and the command line import this cheaply."""
from __future__ import annotations

from enum import StrEnum

from app.i18n import N_, _


class PaymentMethod(StrEnum):
    CASH = "cash"
    CARD = "card"
    TRANSFER = "transfer"

    @property
    def label(self) -> str:
        return _(_PAYMENT_LABELS[self])

    @property
    def takes_change(self) -> bool:
        """Only cash is handed over above the total; change is always cash."""
        return self is PaymentMethod.CASH


# The one word each method has on receipts, reports, exports and screens.
_PAYMENT_LABELS = {PaymentMethod.CASH: N_("Cash"), PaymentMethod.CARD: N_("Card reader"),
                   PaymentMethod.TRANSFER: N_("Bank transfer")}
METHODS: tuple[str, ...] = tuple(m.value for m in PaymentMethod)


def method_label(method: str) -> str:
    """A stored method code's name as the citizen and the owner read it (an unknown code as itself)."""
    found = parse_method(method)
    return found.label if found else method


class Role(StrEnum):
    OWNER = "owner"
    MANAGER = "manager"
    CLERK = "clerk"

    @property
    def label(self) -> str:
        return _(_ROLE_LABELS[self])


_ROLE_LABELS = {Role.OWNER: N_("owner"), Role.MANAGER: N_("manager"), Role.CLERK: N_("clerk")}


class DisplayUnit(StrEnum):
    RIAL = "rial"
    TOMAN = "toman"

    @property
    def label(self) -> str:
        return _(_UNIT_LABELS[self])


_UNIT_LABELS = {DisplayUnit.RIAL: N_("Rial"), DisplayUnit.TOMAN: N_("Toman")}


class CashKind(StrEnum):
    IN = "in"
    OUT = "out"


def parse_method(text: str) -> PaymentMethod | None:
    """A payment method from what a user typed (code, any case), or None."""
    try:
        return PaymentMethod(text.strip().lower())
    except ValueError:
        return None


def role_of(text: str) -> Role | None:
    try:
        return Role(text)
    except ValueError:
        return None
