"""Office settings are declared once, with a type, a default, bounds and a label: callers give and get
values of that type; a wrong value is refused with a message that names the setting as a person reads
it, before anything is written; one Save is one transaction, whatever it changes."""
from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from app_testkit import actor

from app.db import Database
from app.errors import UserError
from app.i18n import _
from app.services.backup_schedule import backup_settings, save_backup_settings
from app.services.office import office_settings, read_setting, read_settings, save_settings, set_setting
from app.settings_registry import (
    BACKUP_KEEP_DAILY,
    BLIND_COUNT,
    LANGUAGE,
    MANAGER_MIN_PIN,
    PRINTER,
    REGISTRY,
    VARIANCE_REASON_THRESHOLD,
    Text,
)


def test_defaults_come_from_the_declarations_as_their_type(office_db: Database) -> None:
    assert read_setting(office_db, LANGUAGE) == "fa"
    assert read_setting(office_db, BACKUP_KEEP_DAILY) == 7
    assert read_setting(office_db, BLIND_COUNT) is False
    values = read_settings(office_db, (MANAGER_MIN_PIN, VARIANCE_REASON_THRESHOLD))
    assert (values[MANAGER_MIN_PIN], values[VARIANCE_REASON_THRESHOLD]) == (4, 100_000)


def test_every_declared_default_is_valid_and_reads_back_from_what_is_stored() -> None:
    for key, setting in REGISTRY.items():
        assert setting.key == key
        assert setting.check(setting.default) == setting.default
        assert setting.read(setting.dump(setting.default)) == setting.default
        assert _(setting.label) != setting.label, f"{key}: its label has no Persian"


@pytest.mark.parametrize(("setting", "value"), [
    (LANGUAGE, "de"),
    (BACKUP_KEEP_DAILY, 0),
    (BACKUP_KEEP_DAILY, "7"),  # a number as text is not a number
    (BLIND_COUNT, "1"),
    (PRINTER, "{not json"),
    (Text("no_such_setting", "No such setting", ""), "x"),  # not declared in the registry
])
def test_a_wrong_value_is_refused_and_nothing_changes(office_db: Database, setting: object, value: object) -> None:
    before = read_settings(office_db, REGISTRY.values())
    with pytest.raises(UserError):
        set_setting(office_db, actor(office_db, "owner"), setting, value)  # type: ignore[arg-type]
    assert read_settings(office_db, REGISTRY.values()) == before


def test_a_refusal_names_the_setting_as_the_owner_reads_it(office_db: Database) -> None:
    with pytest.raises(UserError) as refused:
        set_setting(office_db, actor(office_db, "owner"), VARIANCE_REASON_THRESHOLD, -5)
    message = refused.value.message()
    assert "آستانهٔ اختلاف صندوق" in message and "variance_reason_threshold" not in message
    assert "۰ تا ۱۰۰٬۰۰۰٬۰۰۰" in message  # the bounds, as the owner reads figures


def test_a_good_value_is_stored_and_read_as_its_type(office_db: Database) -> None:
    owner = actor(office_db, "owner")
    set_setting(office_db, owner, LANGUAGE, "en")
    set_setting(office_db, owner, BACKUP_KEEP_DAILY, 14)
    set_setting(office_db, owner, BLIND_COUNT, True)
    assert read_setting(office_db, LANGUAGE) == "en"
    assert read_setting(office_db, BACKUP_KEEP_DAILY) == 14
    assert read_setting(office_db, BLIND_COUNT) is True


def test_a_stored_value_no_longer_valid_reads_as_the_default(office_db: Database) -> None:
    conn = sqlite3.connect(office_db.path)
    with conn:
        conn.execute("INSERT INTO setting (key, value) VALUES ('backup_keep_daily', '9999')")
    conn.close()
    assert read_setting(office_db, BACKUP_KEEP_DAILY) == 7


def _refuse_writes_of(db: Database, key: str) -> None:
    """A database that fails when `key` is written (as a full disk or a lost server would, mid-Save)."""
    conn = sqlite3.connect(Path(db.path))
    with conn:
        conn.execute(f"CREATE TRIGGER refuse_{key} BEFORE INSERT ON setting WHEN NEW.key = '{key}' "
                     "BEGIN SELECT RAISE(ABORT, 'the disk is full'); END")
    conn.close()


def test_one_save_is_one_transaction_a_failing_second_half_leaves_the_first_unsaved(office_db: Database) -> None:
    """The settings page's Save: the office row and the settings go in together or not at all."""
    _refuse_writes_of(office_db, "blind_count")
    before_office, before = office_settings(office_db), read_settings(office_db, REGISTRY.values())
    with pytest.raises(Exception, match="the disk is full"):
        save_settings(office_db, actor(office_db, "owner"), {"name": "دفتر تازه"},
                      {LANGUAGE: "en", BLIND_COUNT: True})
    assert office_settings(office_db) == before_office
    assert read_settings(office_db, REGISTRY.values()) == before


def test_one_save_of_the_backup_settings_is_one_transaction(office_db: Database, tmp_path: Path) -> None:
    """Folder, daily and monthly copies kept: before, each was its own transaction, and a failure on the
    last left the folder changed and the rest not."""
    usb = tmp_path / "usb"
    usb.mkdir()
    _refuse_writes_of(office_db, "backup_keep_monthly")
    before = backup_settings(office_db)
    with pytest.raises(Exception, match="the disk is full"):
        save_backup_settings(office_db, actor(office_db, "owner"), str(usb), 10, 6)
    assert backup_settings(office_db) == before
