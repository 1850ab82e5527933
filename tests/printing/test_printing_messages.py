"""Every user-visible string of printing/ has its Persian, and the package keeps the dependency rule."""
from __future__ import annotations

import ast
import re
import string
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "printing"
# The receipts-and-printers modules (report_pdf is checked with the reports, tests/app/reports).
MODULES = ["jobs", "pdf", "printers", "receipt_document", "receipt_files", "rtl", "samples", "shift_document", "thermal"]


def translated_strings() -> set[str]:
    found: set[str] = set()
    for name in MODULES:
        path = PACKAGE / f"{name}.py"
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "_"
                    and node.args and isinstance(node.args[0], ast.Constant)):
                found.add(node.args[0].value)
            # UserError("...") is translated where it is shown
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "UserError"
                    and node.args and isinstance(node.args[0], ast.Constant)):
                found.add(node.args[0].value)
    return found


def fields(text: str) -> set[str]:
    return {name for _lit, name, _spec, _conv in string.Formatter().parse(text) if name}


def test_every_string_has_persian_in_printing_s_catalogue_or_app_s():
    """printing/ reads its own catalogue, falling back to app's (a string app uses too lives there)."""
    from babel.messages.pofile import read_po

    from app.i18n import catalogue_path

    below = {}
    for layer in ("app", "printing"):
        with open(catalogue_path(layer, ".po"), "rb") as fh:
            below.update({m.id: m.string for m in read_po(fh) if m.id and m.string and not m.fuzzy})
    used = translated_strings()
    assert len(used) > 60
    missing = sorted(used - below.keys())
    assert not missing, missing
    for english in used:
        assert re.search("[\u0600-\u06ff]", below[english]) or english == below[english], english
        assert fields(english) == fields(below[english]), english


def test_printing_never_imports_ui():
    for path in PACKAGE.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else (
                [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            assert not any(n == "ui" or n.startswith("ui.") for n in names), path.name
