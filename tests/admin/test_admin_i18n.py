"""Every string of the administration screens and the backup schedule has Persian, with the same
placeholders; and `app/` stays free of Qt."""
from __future__ import annotations

import ast
import string
import subprocess
import sys
from pathlib import Path

import pytest

from app.i18n import catalogue
from app.i18n_scan import _calls

ROOT = Path(__file__).resolve().parents[2]
FILES = sorted((ROOT / "ui").glob("admin_*.py")) + [ROOT / "app" / "services" / "backup_schedule.py"]


def strings() -> dict[str, str]:
    found: dict[str, str] = {}
    for path in FILES:
        for text, line in _calls(ast.parse(path.read_text(encoding="utf-8"))):
            found.setdefault(text, f"{path.relative_to(ROOT)}:{line}")
    return found


def fields(template: str) -> set[str]:
    return {name for _lit, name, _spec, _conv in string.Formatter().parse(template) if name}


def test_every_string_has_persian_with_the_same_placeholders() -> None:
    import ui.admin_common  # noqa: F401 - registers the screens' catalogue (and the window's)

    known = catalogue()
    missing = [f"{where}: {text!r}" for text, where in strings().items() if text not in known]
    assert missing == []
    wrong = [text for text in strings() if fields(text) != fields(known[text])]
    assert wrong == []
    untranslated = [t for t in strings() if known[t] == t and any("a" <= c <= "z" for c in t.lower())
                    and t not in {"USB"}]
    assert untranslated == []


@pytest.mark.parametrize("module", ["app.services.backup_schedule", "app.services.messages_fa_admin"])
def test_app_modules_load_no_qt(module: str) -> None:
    code = f"import sys, {module}; assert not any(m.startswith('PySide6') for m in sys.modules), 'Qt loaded'"
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)


def test_no_other_catalogue_translates_our_strings_differently() -> None:
    """All catalogues feed one dictionary: the same English with another Persian would change a screen (or
    a receipt) depending on import order."""
    import importlib

    from app.services.messages_fa_admin import FA_ADMIN

    clashes = []
    paths = [*ROOT.glob("app/**/messages_fa*.py"), *ROOT.glob("ui/**/messages_fa*.py"),
             *ROOT.glob("printing/**/messages_fa*.py")]
    for path in sorted(paths):
        name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
        for value in vars(importlib.import_module(name)).values():
            if isinstance(value, dict) and value is not FA_ADMIN:
                clashes += [f"{name}: {key!r} = {value[key]!r}, ours {FA_ADMIN[key]!r}"
                            for key in FA_ADMIN.keys() & value.keys() if value[key] != FA_ADMIN[key]]
    assert clashes == []
