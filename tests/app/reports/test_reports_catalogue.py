"""Every string the owner's office shows has Persian with the same placeholders, and the report
services load neither Qt nor printing."""
from __future__ import annotations

import ast
import string
import subprocess
import sys

from reports_testkit import ROOT

from app.i18n_scan import _calls

FILES = [*sorted((ROOT / "app" / "reports").glob("*.py")), *sorted((ROOT / "ui").glob("owner_*.py")),
         ROOT / "printing" / "report_pdf.py"]


def _fields(template: str) -> set[str]:
    return {name for _t, name, _f, _c in string.Formatter().parse(template) if name}


def test_every_string_has_persian_with_matching_placeholders(persian: dict[str, str]) -> None:
    catalogue = persian
    missing, mismatched = [], []
    for path in FILES:
        for source, line in _calls(ast.parse(path.read_text(encoding="utf-8"))):
            where = f"{path.relative_to(ROOT)}:{line}"
            if source not in catalogue:
                missing.append(f"{where}: {source!r}")
            elif _fields(source) != _fields(catalogue[source]):
                mismatched.append(f"{where}: {source!r}")
    assert not missing and not mismatched, (missing, mismatched)


def test_reports_load_no_qt_and_no_printing() -> None:
    code = ("import sys, app.reports.dashboard, app.reports.history, app.reports.export, app.reports.tax, "
            "app.cli.report_run; bad = [m for m in sys.modules if m.split('.')[0] in ('PySide6', 'printing', 'ui')]; "
            "print(bad); sys.exit(1 if bad else 0)")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stdout + done.stderr


def test_app_reports_imports_only_app() -> None:
    for path in sorted((ROOT / "app" / "reports").glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and node.col_offset == 0:
                assert node.module.split(".")[0] not in ("PySide6", "ui", "printing"), (path, node.module)
