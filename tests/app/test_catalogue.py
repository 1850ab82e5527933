"""Persian is the default language and complete. Each layer's words are in its own gettext catalogue
(app/locale, printing/locale, ui/locale): every string the code hands to `_()`, `N_()`, a user error or
a verify finding has reviewed Persian with the same {placeholders} in the catalogue of the lowest layer
that uses it, and in no other; the compiled .mo the program reads says what the .po says; and the words
are loaded by the entry point, not by importing a module."""
from __future__ import annotations

import fnmatch
import gettext
import json
import re
import string
import subprocess
import sys
import tomllib
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from app_testkit import ROOT, subprocess_env
from babel.messages.catalog import Catalog, Message
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from app import i18n
from app.i18n import LAYERS, catalogue_path
from app.i18n_scan import source_strings

FIX = "run `python -m tools.catalogues update`, then write the missing msgstr (README: how to add a string)"


def placeholders(text: str) -> set[str]:
    return {name for _lit, name, _spec, _conv in string.Formatter().parse(text) if name is not None}


def entries(catalogue: Catalog) -> dict[str, Message]:
    return {m.id: m for m in catalogue if m.id and isinstance(m.id, str)}


@pytest.fixture(scope="module")
def po() -> dict[str, dict[str, Message]]:
    found = {}
    for layer in LAYERS:
        with open(catalogue_path(layer, ".po"), "rb") as fh:
            found[layer] = entries(read_po(fh))
    return found


@pytest.fixture(scope="module")
def used() -> dict[str, str]:
    found = source_strings(ROOT)
    assert "Wrong user name or PIN." in found and "Invalid amount: {value}" in found  # the scan works
    assert "Copy details" in found and "Receipt no. {number}" in found
    return found


def layer_of(where: str) -> str:
    return where.split("/", 1)[0]


def test_every_string_has_persian_in_its_layer_s_catalogue(po: dict[str, dict[str, Message]],
                                                          used: dict[str, str]) -> None:
    missing = []
    for text, where in sorted(used.items(), key=lambda kv: kv[1]):
        message = po[layer_of(where)].get(text)
        if message is None or not str(message.string).strip() or message.fuzzy:
            state = "absent" if message is None else "fuzzy" if message.fuzzy else "empty"
            missing.append(f"{where}: {text!r} ({state} in {layer_of(where)}.po)")
    assert not missing, f"{len(missing)} strings without Persian; {FIX}:\n" + "\n".join(missing)


def test_a_catalogue_holds_only_the_strings_its_layer_is_the_lowest_to_use(po: dict[str, dict[str, Message]],
                                                                          used: dict[str, str]) -> None:
    """A string app also uses lives in app.po, not in ui.po; one no code uses any more is gone."""
    stray = [f"{layer}.po: {text!r} ({'used lowest in ' + layer_of(used[text]) if text in used else 'not used'})"
             for layer in LAYERS for text in po[layer] if text not in used or layer_of(used[text]) != layer]
    assert not stray, "run `python -m tools.catalogues update`:\n" + "\n".join(stray)


def test_no_string_is_in_two_catalogues(po: dict[str, dict[str, Message]]) -> None:
    twice = [f"{text!r} in {a}.po and {b}.po" for i, a in enumerate(LAYERS) for b in LAYERS[i + 1:]
             for text in po[a].keys() & po[b].keys()]
    assert not twice, "\n".join(twice)


def test_the_compiled_catalogues_say_what_the_po_files_say(po: dict[str, dict[str, Message]]) -> None:
    """The program reads the .mo with the standard library: it must hold exactly the reviewed entries."""
    stale = []
    for layer in LAYERS:
        expected = {text: m.string for text, m in po[layer].items() if m.string and not m.fuzzy}
        with open(catalogue_path(layer), "rb") as fh:
            read = gettext.GNUTranslations(fh)
        stale += [f"{layer}.mo: {text!r}" for text, persian in expected.items() if read.gettext(text) != persian]
        with open(catalogue_path(layer), "rb") as fh:
            compiled = {m.id for m in read_mo(fh) if m.id}
        stale += [f"{layer}.mo has {text!r}, its .po does not" for text in compiled - expected.keys()]
    assert not stale, "run `python -m tools.catalogues compile`:\n" + "\n".join(stale)


def test_translations_keep_the_placeholders(po: dict[str, dict[str, Message]]) -> None:
    wrong = [f"{layer}.po: {text!r} -> {m.string!r}" for layer in LAYERS for text, m in po[layer].items()
             if m.string and placeholders(text) != placeholders(str(m.string))]
    assert not wrong, "\n".join(wrong)


def test_translations_are_persian(po: dict[str, dict[str, Message]]) -> None:
    def persian(text: str) -> bool:
        return any("\u0600" <= ch <= "\u06ff" for ch in text)

    def words(text: str) -> bool:  # English words outside the {placeholders} (names like USB, PDF may stay)
        return any(lit and any(ch.islower() for ch in lit) for lit, *_ in string.Formatter().parse(text))

    not_persian = [f"{layer}.po: {text!r} -> {m.string!r}" for layer in LAYERS for text, m in po[layer].items()
                   if words(text) and not persian(str(m.string))]
    assert not not_persian, "\n".join(not_persian)


def test_the_catalogue_tool_extracts_every_string_the_scan_finds(used: dict[str, str]) -> None:
    """`update` (Babel's extractor) and this test (the AST scan) agree on what is translatable and where;
    a `_()` Babel cannot see (inside an f-string, say) would otherwise never reach a catalogue."""
    from tools.catalogues import extract

    assert {text: use.layer for text, use in extract().items()} == {t: layer_of(w) for t, w in used.items()}


def test_a_translated_message_fills_its_placeholders() -> None:
    try:
        i18n.set_language("fa")
        message = i18n._("Invalid amount: {value}", value="12x")
        assert message == "مبلغ نادرست است: 12x"
        assert i18n._("Shift {id} opened.", id=12) == "نوبت کاری ۱۲ باز شد."  # an int in Persian digits
        i18n.set_language("en")
        assert i18n._("Invalid amount: {value}", value="12x") == "Invalid amount: 12x"
        assert i18n._("Shift {id} opened.", id=12) == "Shift 12 opened."
    finally:
        i18n.set_language("fa")  # the default for every other test


LAYERS_SCRIPT = r"""
import json, sys
from app import i18n
import app.reports, app.services.backup_schedule, printing.service, ui  # importing loads no words
out = {"imported": [i18n._("Cash"), i18n.loaded_catalogues()]}
i18n.load_catalogues("printing")
out["printing"] = [i18n._("Receipt no. {number}", number=5), i18n._("Cash"), i18n._("Copy details"),
                   i18n.loaded_catalogues()]
i18n.load_catalogues("app")  # already there: nothing changes
i18n.load_catalogues("ui")
out["ui"] = [i18n._("Copy details"), i18n._("Receipt no. {number}", number=5), i18n.loaded_catalogues()]
out["qt"] = any(m.startswith("PySide6") for m in sys.modules)
print(json.dumps(out))
"""


def test_a_layer_s_words_come_when_it_is_loaded_with_the_layers_below_it() -> None:
    done = subprocess.run([sys.executable, "-c", LAYERS_SCRIPT], cwd=ROOT, env=subprocess_env(),
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert out["imported"] == ["Cash", []]
    assert out["printing"] == ["رسید شماره ۵", "نقدی", "Copy details", ["app", "printing"]]
    assert out["ui"] == ["رونوشت جزئیات", "رسید شماره ۵", ["app", "printing", "ui"]]
    assert out["qt"] is False


CLI_SCRIPT = r"""
import json, sys
from app.cli import main
code = main(sys.argv[1:])
print(json.dumps([code, sorted({m.split(".")[0] for m in sys.modules} & {"ui", "printing", "PySide6"})]))
"""


@pytest.mark.parametrize("lang", ["fa", "en"])
def test_a_command_line_message_is_persian_in_a_fresh_process_without_the_window(tmp_path, lang: str) -> None:
    argv = ["void", "x", "--user", "owner", "--pin", "1", "--reason", "y", "--db", str(tmp_path / "none.db")]
    done = subprocess.run([sys.executable, "-c", CLI_SCRIPT, *argv, *(["--lang", "en"] if lang == "en" else [])],
                          cwd=ROOT, env=subprocess_env(), capture_output=True, text=True, timeout=60)
    assert json.loads(done.stdout) == [2, []], done.stderr
    expected = {"fa": "شماره رسید نادرست است: x", "en": "Invalid receipt number: x"}[lang]
    assert done.stderr.strip() == expected


def test_the_compiled_catalogues_travel_with_the_program() -> None:
    """The Windows bundle (build.spec) and an installed wheel (package data) carry each layer's .mo to
    the place app/i18n.py reads it from."""
    shipped: list[tuple[str, str]] = []

    def analysis(scripts: list[str], **kw: Any) -> SimpleNamespace:  # PyInstaller's, as the spec calls it
        shipped.extend(kw["datas"])
        return SimpleNamespace(pure=[], scripts=scripts, binaries=[], datas=kw["datas"])

    spec = {"SPECPATH": str(ROOT), "Analysis": analysis,
            "PYZ": lambda *a, **k: None, "EXE": lambda *a, **k: None, "COLLECT": lambda *a, **k: None}
    exec(compile((ROOT / "build.spec").read_text(encoding="utf-8"), "build.spec", "exec"), spec)
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["package-data"]
    for layer in LAYERS:
        mo = catalogue_path(layer)
        assert (str(mo), str(mo.parent.relative_to(ROOT))) in shipped, layer
        inside = mo.relative_to(ROOT / layer).as_posix()
        assert any(fnmatch.fnmatch(inside, pattern) for pattern in data[layer]), layer
        assert Path(mo).stat().st_size > 1000


def test_no_old_style_dict_catalogue_is_left() -> None:
    """A `messages_fa*.py` merged in from a branch older than the catalogues is read by nothing."""
    old = sorted(str(p.relative_to(ROOT)) for layer in LAYERS for p in (ROOT / layer).rglob("messages_fa*.py"))
    assert not old, f"move them in with `python -m tools.catalogues import-dict {' '.join(old)}`, then delete them"


def test_no_translated_string_hides_inside_an_f_string() -> None:
    """Babel's extractor does not look inside f-strings (Python 3.11): a `_()` there is shown in English
    once the catalogue is updated — it happened to the counter's unprinted-receipts count."""
    inside = re.compile(r"""\bf(["']).*?\{N?_\(""")
    found = [f"{path.relative_to(ROOT)}:{n}" for layer in LAYERS for path in sorted((ROOT / layer).rglob("*.py"))
             for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if inside.search(line)]
    assert not found, found
