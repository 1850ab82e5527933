"""Free-form office settings are declared with a kind and bounds: wrong values and unknown keys are
refused before anything is written; readers get the declared default."""
from __future__ import annotations

import pytest
from app_testkit import actor

from app.db import Database
from app.errors import UserError
from app.services.office import read_setting, set_setting


def test_defaults_come_from_the_registry(office_db: Database) -> None:
    assert read_setting(office_db, "language") == "fa"
    assert read_setting(office_db, "backup_keep_daily") == "7"


@pytest.mark.parametrize(("key", "value"), [
    ("language", "de"),
    ("backup_keep_daily", "0"),
    ("backup_keep_daily", "۱e3"),
    ("printer", "{not json"),
    ("no_such_setting", "x"),
])
def test_a_wrong_value_is_refused_and_nothing_changes(office_db: Database, key: str, value: str) -> None:
    before = read_setting(office_db, "language"), read_setting(office_db, "backup_keep_daily")
    with pytest.raises(UserError):
        set_setting(office_db, actor(office_db, "owner"), key, value)
    assert (read_setting(office_db, "language"), read_setting(office_db, "backup_keep_daily")) == before


def test_a_good_value_is_stored(office_db: Database) -> None:
    set_setting(office_db, actor(office_db, "owner"), "language", "en")
    set_setting(office_db, actor(office_db, "owner"), "backup_keep_daily", "14")
    assert read_setting(office_db, "language") == "en"
    assert read_setting(office_db, "backup_keep_daily") == "14"
