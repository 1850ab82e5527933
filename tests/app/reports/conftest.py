"""Fixtures for the owner's reports: a small office built through the real services, cloned per test.

Databases live under pytest's tmp folders and journal keys in the config folder tests/conftest.py
points PISHKHAN_CONFIG_DIR at (set again here so this folder also runs on its own).
"""
from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

if "PISHKHAN_CONFIG_DIR" not in os.environ:
    _home = tempfile.mkdtemp(prefix="pishkhan-report-tests-")
    os.environ["PISHKHAN_CONFIG_DIR"] = os.path.join(_home, "config")
    os.environ["PISHKHAN_DATA_DIR"] = os.path.join(_home, "data")
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))

from reports_testkit import build_office, clone  # noqa: E402

from app import i18n  # noqa: E402
from app.db import Database, open_database  # noqa: E402
from app.services.common import forget_journal_keys  # noqa: E402


@pytest.fixture(autouse=True)
def _fresh_process_state() -> Iterator[None]:
    i18n.set_language("fa")
    forget_journal_keys()
    yield
    i18n.set_language("fa")
    forget_journal_keys()


@pytest.fixture(scope="session")
def office_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Owner, manager, two clerks, the demo catalogue plus a VAT-included service; no sales."""
    path = tmp_path_factory.mktemp("reports-template") / "office.db"
    build_office(path)
    return path


@pytest.fixture
def office_db(office_template: Path, tmp_path: Path) -> Iterator[Database]:
    db = open_database(clone(office_template, tmp_path / "office.db"))
    yield db
    db.close()
