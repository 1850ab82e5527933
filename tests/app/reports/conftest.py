"""Fixtures for the owner's reports: a small office built through the real services, cloned per test
(reports_testkit.py; the owner's screens, tests/ui/owner, use the same office).

Databases live under pytest's tmp folders and journal keys in the config folder tests/conftest.py
points PISHKHAN_CONFIG_DIR at; tests/app/conftest.py resets the language and journal keys per test.
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from reports_testkit import office_db, office_template  # noqa: E402, F401  (fixtures)
