"""Every string of the administration screens and the backup schedule has Persian, with the same
placeholders; and `app/` stays free of Qt."""
from __future__ import annotations

import ast
import string
import subprocess
import sys
from pathlib import Path

from app.i18n_scan import _calls

ROOT = Path(__file__).resolve().parents[3]
FILES = sorted((ROOT / "ui").glob("admin_*.py")) + [ROOT / "app" / "services" / "backup_schedule.py"]


def strings() -> dict[str, str]:
    found: dict[str, str] = {}
    for path in FILES:
        for text, line in _calls(ast.parse(path.read_text(encoding="utf-8"))):
            found.setdefault(text, f"{path.relative_to(ROOT)}:{line}")
    return found


def fields(template: str) -> set[str]:
    return {name for _lit, name, _spec, _conv in string.Formatter().parse(template) if name}


def test_every_string_has_persian_with_the_same_placeholders(persian: dict[str, str]) -> None:
    found = strings()
    assert len(found) > 150
    missing = [f"{where}: {text!r}" for text, where in found.items() if text not in persian]
    assert missing == []
    wrong = [text for text in found if fields(text) != fields(persian[text])]
    assert wrong == []
    untranslated = [t for t in found if persian[t] == t and any("a" <= c <= "z" for c in t.lower())
                    and t not in {"USB"}]
    assert untranslated == []


def test_the_backup_schedule_loads_no_qt() -> None:
    code = "import sys, app.services.backup_schedule; assert not any(m.startswith('PySide6') for m in sys.modules)"
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)
