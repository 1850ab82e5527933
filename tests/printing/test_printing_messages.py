"""Every user-visible string of printing/ has its Persian, and the package keeps the dependency rule."""
from __future__ import annotations

import ast
import re
import string
from pathlib import Path

from printing.messages_fa_printing import FA_PRINTING

PACKAGE = Path(__file__).resolve().parents[2] / "printing"
# The receipts-and-printers modules; report modules keep their strings in their own catalogue.
MODULES = ["document", "export", "jobs", "pdf", "printers", "rtl", "samples", "shift_document", "thermal"]


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


def test_every_string_has_persian():
    used = translated_strings()
    assert len(used) > 60
    missing = sorted(used - FA_PRINTING.keys())
    assert not missing, missing


def test_catalogue_is_persian_with_the_same_placeholders():
    for english, persian in FA_PRINTING.items():
        assert re.search("[\u0600-\u06ff]", persian) or english == persian, english
        assert fields(english) == fields(persian), english


def test_printing_never_imports_ui():
    for path in PACKAGE.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else (
                [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            assert not any(n == "ui" or n.startswith("ui.") for n in names), path.name


def test_no_other_catalogue_translates_our_strings_differently():
    # All packages register into one dictionary: the same English key with another Persian would
    # silently change the receipt depending on import order ("Change" is تغییر in the settings).
    import importlib
    import importlib.util

    root = PACKAGE.parent
    clashes = []
    for path in sorted([*root.glob("app/**/messages_fa*.py"), *root.glob("ui/**/messages_fa*.py")]):
        name = ".".join(path.relative_to(root).with_suffix("").parts)
        try:
            module = importlib.import_module(name)
        except ImportError:  # e.g. ui without Qt widgets: not our concern here
            continue
        for value in vars(module).values():
            if isinstance(value, dict) and value is not FA_PRINTING:
                clashes += [f"{name}: {key!r} = {value[key]!r}, printing has {FA_PRINTING[key]!r}"
                            for key in FA_PRINTING.keys() & value.keys() if value[key] != FA_PRINTING[key]]
    assert not clashes, "\n".join(clashes)
