"""Finds every literal string handed to the translation function, for the catalogue test.

Literals passed to `_()`, and the first argument of UserError (and subclasses) constructors.
"""
from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

from app.i18n import LAYERS

ERROR_CLASSES = {"UserError", "AuthError", "PermissionDenied", "CheckFailed"}
PACKAGES = LAYERS  # lowest first: a string's first place is in the lowest layer that uses it


def _calls(tree: ast.AST) -> Iterator[tuple[str, int]]:
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        func = node.func
        name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
        if name in {"_", "N_", "finding"} | ERROR_CLASSES:
            first = node.args[0]
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                yield first.value, node.lineno


def source_strings(root: Path) -> dict[str, str]:
    """Each translatable string and the first place it is used, in the lowest layer that uses it."""
    found: dict[str, str] = {}
    for package in PACKAGES:
        for path in sorted((root / package).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for text, line in _calls(tree):
                found.setdefault(text, f"{path.relative_to(root).as_posix()}:{line}")
    return found
