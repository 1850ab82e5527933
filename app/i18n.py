"""One translation function for the whole app, usable without Qt.

Source strings are English; Persian is the default language and must be complete
(a test checks every `_()` call in the code base against the catalogue).
"""
from __future__ import annotations

from app.messages_fa import FA

_language = "fa"
_catalogue: dict[str, str] = dict(FA)



def register(catalogue: dict[str, str]) -> None:
    """Add a package's Persian strings (ui and printing keep their own catalogue files)."""
    _catalogue.update(catalogue)


def catalogue() -> dict[str, str]:
    return dict(_catalogue)


def set_language(lang: str) -> None:
    global _language
    _language = "en" if lang == "en" else "fa"


def language() -> str:
    return _language


def N_(text: str) -> str:
    """Marks a string for the catalogue where it is translated later (tables of labels)."""
    return text


def _(text: str, /, **params: object) -> str:
    """Translate `text` into the current language and fill its `{placeholders}`."""
    template = _catalogue.get(text, text) if _language == "fa" else text
    if not params:
        return template
    if _language == "fa":
        from app.text import to_persian_digits

        params = {k: to_persian_digits(str(v)) if isinstance(v, int) else v for k, v in params.items()}
    return template.format(**params)


def _core_catalogues() -> None:
    # The reports' and administration's strings live beside their code as plain data; load them
    # here so a command line message is Persian whatever was imported first.
    from app.reports.messages_fa_reports import FA_REPORTS
    from app.services.messages_fa_admin import FA_ADMIN
    from app.services.messages_fa_desk import FA_DESK

    _catalogue.update(FA_REPORTS)
    _catalogue.update(FA_ADMIN)
    _catalogue.update(FA_DESK)


_core_catalogues()
