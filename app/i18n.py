"""One translation function for the whole app, usable without Qt.

Source strings are English; Persian is the default language and must be complete (a test checks
every `_()` call in the code base against the catalogues). Each layer keeps its Persian in a gettext
catalogue beside its code — `app/locale/fa/LC_MESSAGES/app.mo`, then `printing/…/printing.mo`,
`ui/…/ui.mo` — and a string lives in the catalogue of the lowest layer that uses it.

Nothing is loaded by importing a module: an entry point says which words it needs before it says
anything — the command line `load_catalogues("app")` (and "printing" before it prints), the window
`load_catalogues("ui")`. A layer's catalogue falls back to those of the layers below it.
"""
from __future__ import annotations

import gettext
from pathlib import Path

LAYERS = ("app", "printing", "ui")  # lowest first: ui → printing → app, as the imports go
_ROOT = Path(__file__).resolve().parent.parent

_language = "fa"
_loaded: list[str] = []  # always a prefix of LAYERS: a layer comes with the layers below it
_chain: gettext.NullTranslations = gettext.NullTranslations()


def catalogue_path(layer: str, suffix: str = ".mo") -> Path:
    """Where `layer`'s Persian catalogue is: the compiled .mo read at run time, or its .po source."""
    return _ROOT / layer / "locale" / "fa" / "LC_MESSAGES" / f"{layer}{suffix}"


def load_catalogues(layer: str) -> None:
    """Make `_()` read `layer`'s Persian and that of every layer below it (fallbacks in that order).

    Loading only adds: asking for a layer already loaded, or one below it, changes nothing. Reading
    a .mo is a few milliseconds with the standard `gettext`; no tool is imported here."""
    global _chain
    for name in LAYERS[: LAYERS.index(layer) + 1]:
        if name in _loaded:
            continue
        with open(catalogue_path(name), "rb") as fh:
            words = gettext.GNUTranslations(fh)
        words.add_fallback(_chain)  # every loaded layer is below this one
        _chain = words
        _loaded.append(name)


def loaded_catalogues() -> tuple[str, ...]:
    return tuple(_loaded)


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
    template = _chain.gettext(text) if _language == "fa" else text
    if not params:
        return template
    if _language == "fa":
        from app.text import to_persian_digits

        params = {k: to_persian_digits(str(v)) if isinstance(v, int) else v for k, v in params.items()}
    return template.format(**params)
