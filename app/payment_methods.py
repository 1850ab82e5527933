"""The ways a citizen pays, and the one name each has on receipts, reports, exports and screens.

Codes are what the ledger stores (payment.method); labels go through `_()` so Persian and English
each have exactly one word per method. (The lead's enums will take the codes over; the labels
stay here.)
"""
from __future__ import annotations

from app.i18n import N_, _

METHODS = ("cash", "card", "transfer")
LABELS = {"cash": N_("Cash"), "card": N_("Card reader"), "transfer": N_("Bank transfer")}


def method_label(method: str) -> str:
    """The method's name as the citizen and the owner read it; an unknown code shows as itself."""
    return _(LABELS[method]) if method in LABELS else method
