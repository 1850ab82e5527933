"""Fixtures for the owner's screens: the reports' office (tests/app/reports/reports_testkit.py), cloned
per test, in a process whose language and journal keys every test starts from afresh."""
from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "app" / "reports"))

from reports_testkit import office_db, office_template  # noqa: E402, F401  (fixtures)

from app import i18n  # noqa: E402
from app.services.common import forget_journal_keys  # noqa: E402


@pytest.fixture(autouse=True)
def _fresh_process_state() -> Iterator[None]:
    i18n.set_language("fa")
    forget_journal_keys()
    yield
    i18n.set_language("fa")
    forget_journal_keys()
