"""Cutting entries off the end of the books leaves a valid-looking chain; the anchor kept beside the key
at each day close (per office and database file) catches it. A restore moves the anchor to the restored
journal, so an older backup put in place verifies."""
from __future__ import annotations

import sqlite3
from pathlib import Path

from app_testkit import actor, clone

from app.db import open_database
from app.services.backup import backup, restore
from app.services.dayclose import close_day
from app.services.verify import verify_file


def test_removing_the_tail_of_the_journal_is_caught(history_template: Path, tmp_path: Path) -> None:
    path = clone(history_template, tmp_path / "office.db")
    db = open_database(path)
    close_day(db, actor(db, "owner"))  # today's (empty) day: anchored outside the database
    db.close()
    assert verify_file(path).ok
    conn = sqlite3.connect(path)
    for trigger in ("journal_no_delete", "day_close_no_delete"):
        conn.execute(f"DROP TRIGGER {trigger}")
    # Someone removes today's day close and its journal entry: what is left still chains correctly.
    last_close = conn.execute("SELECT MAX(id) FROM day_close").fetchone()[0]
    conn.execute("DELETE FROM day_close WHERE id = ?", (last_close,))
    conn.execute("DELETE FROM journal WHERE id = (SELECT MAX(id) FROM journal)")
    conn.commit()
    conn.close()
    report = verify_file(path)
    assert not report.ok
    assert any("day close" in p or "بستن روز" in p for p in report.problems), report.problems
    # A copy checked as a backup (it may rightly be older than the anchor) is judged on its own.
    assert verify_file(path, anchored=False).ok


def test_a_restored_older_backup_verifies(history_template: Path, tmp_path: Path) -> None:
    path = clone(history_template, tmp_path / "office.db")
    db = open_database(path)
    owner = actor(db, "owner")
    made = backup(db, owner, tmp_path / "usb")
    close_day(db, owner)  # the anchor moves past what the backup holds
    db.close()
    assert verify_file(made.path).ok  # a copy in another folder is judged on its own, not by the live anchor
    restore(path, made.path, by="owner")
    assert verify_file(path).ok
