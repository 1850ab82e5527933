"""Translation for printing: `app.i18n._`, with this package's own catalogue as a fallback.

The English->Persian pairs of this package live in `messages_fa_printing.FA_PRINTING` until they are
merged into `app.messages_fa`; once merged this is a plain pass-through. Keeping the name `_`
lets the catalogue check find every call.
"""
from __future__ import annotations

from app import i18n
from app.text import to_persian_digits
from printing.messages_fa_printing import FA_PRINTING


def _(text: str, /, **params: object) -> str:
    catalogue = getattr(i18n, "FA", {})
    if i18n.language() == "fa" and text not in catalogue and text in FA_PRINTING:
        # Same rule as app.i18n: integers shown in Persian digits.
        filled = {k: to_persian_digits(str(v)) if isinstance(v, int) else v for k, v in params.items()}
        return FA_PRINTING[text].format(**filled) if params else FA_PRINTING[text]
    return i18n._(text, **params)
