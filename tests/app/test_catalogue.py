"""Persian is the default language and complete: every string the code hands to `_()` (or to a user
error) has a Persian translation with the same {placeholders}."""
from __future__ import annotations

import importlib
import string

import pytest
from app_testkit import ROOT

from app import i18n
from app.i18n_scan import source_strings


def placeholders(text: str) -> set[str]:
    return {name for _lit, name, _spec, _conv in string.Formatter().parse(text) if name is not None}


@pytest.fixture(scope="module")
def catalogue() -> dict[str, str]:
    for package in ("ui", "printing", "app.reports", "app.services.backup_schedule"):  # they register their own catalogues when imported
        try:
            importlib.import_module(package)
        except ImportError:
            pass
    return i18n.catalogue()


@pytest.fixture(scope="module")
def used() -> dict[str, str]:
    found = source_strings(ROOT)
    assert "Wrong user name or PIN." in found and "Invalid amount: {value}" in found  # the scan works
    return found


def test_every_string_has_a_persian_translation(catalogue: dict[str, str], used: dict[str, str]) -> None:
    missing = [f"{where}: {text!r}" for text, where in sorted(used.items(), key=lambda kv: kv[1])
               if not catalogue.get(text, "").strip()]
    assert not missing, f"{len(missing)} strings without Persian:\n" + "\n".join(missing)


def test_translations_keep_the_placeholders(catalogue: dict[str, str], used: dict[str, str]) -> None:
    wrong = [f"{used.get(text, '?')}: {text!r} -> {fa!r}" for text, fa in catalogue.items()
             if placeholders(text) != placeholders(fa)]
    assert not wrong, "\n".join(wrong)


def test_translations_are_persian(catalogue: dict[str, str]) -> None:
    def persian(text: str) -> bool:
        return any("\u0600" <= ch <= "\u06ff" for ch in text)

    def words(text: str) -> bool:  # English words outside the {placeholders} (names like USB, PDF may stay)
        return any(lit and any(ch.islower() for ch in lit) for lit, *_ in string.Formatter().parse(text))

    not_persian = [f"{k!r} -> {v!r}" for k, v in catalogue.items() if words(k) and not persian(v)]
    assert not not_persian, "\n".join(not_persian)


def test_a_translated_message_fills_its_placeholders() -> None:
    try:
        i18n.set_language("fa")
        message = i18n._("Invalid amount: {value}", value="12x")
        assert message != "Invalid amount: 12x" and "12x" in message
        i18n.set_language("en")
        assert i18n._("Invalid amount: {value}", value="12x") == "Invalid amount: 12x"
    finally:
        i18n.set_language("fa")  # the default for every other test
