"""Verify an office database: what `pishkhan verify`, backups, restores and the owner's screen run.

A full check covers everything (app/ledger/verify.py). A quick check starts from the newest verified
point recorded in the journal (`verified` entries, written after a full check that found nothing):
it checks the chain from there, the records written since, staff, settings, numbers, the witness —
cost that grows with what is new, not with years of books. Old rows edited behind the app's back are
only caught by a full check, which a backup runs once a week.

Verifying never writes to the database (it opens read-only; a file on a read-only drive is read
from a temporary copy).
"""
from __future__ import annotations

import datetime as dt
import json
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.errors import CheckFailed, UserError
from app.i18n import _
from app.ledger import verify as core
from app.ledger import witness
from app.ledger.chain import row_hash
from app.ledger.keys import check_key, key_check, key_path, read_key
from app.store.base import Tx
from app.store.sqlite import connect_readonly_anywhere, probe

CHECKPOINT_ACTION = "verified"
FULL_EVERY = dt.timedelta(days=7)


@dataclass
class VerifyReport:
    problems: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    full: bool = True
    upto: int = 0  # the journal entry the check reached
    floor: dict[str, int] = field(default_factory=dict)  # the largest record ids it covered
    install_id: str = ""

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass(frozen=True)
class Checkpoint:
    entry_id: int  # the checkpoint entry itself
    upto: int
    ids: dict[str, int]
    at: str


def _translate(findings: list[core.Finding]) -> list[str]:
    """Findings in the user's language (tasks in other processes return them untranslated)."""
    return [" ".join(_(text, **{k: _value(k, v) for k, v in values.items()}).split()) for text, values in findings]


def _value(name: str, value: Any) -> Any:
    from app.i18n import language
    from app.text import to_ascii_digits

    if name == "kind":
        return _(value)
    if isinstance(value, str) and language() == "en":
        return to_ascii_digits(value)
    return value


def latest_checkpoint(tx: Tx) -> Checkpoint | None:
    row = tx.one("SELECT id, payload, at FROM journal WHERE action = ? ORDER BY id DESC LIMIT 1", CHECKPOINT_ACTION)
    if row is None:
        return None
    body = json.loads(row[1])
    return Checkpoint(int(row[0]), int(body["upto"]), {k: int(v) for k, v in body["ids"].items()}, str(row[2]))


def record_floor(tx: Tx) -> dict[str, int]:
    """The largest id of each record table: what a checkpoint covers."""
    from app.ledger.forms import KINDS

    return {k.table: int(tx.value(f"SELECT COALESCE(MAX(id), 0) FROM {k.table}")) for k in KINDS.values()}


def verify_file(path: Path, key: bytes | None = None, *, witnessed: bool = True, quick: bool = False,
                workers: int | None = None, backup: bool = False) -> VerifyReport:
    """Check a database file. Raises only when the file or its key cannot be used at all.

    `witnessed`: the books must reach the office's witness beside its key. `backup`: the file is a
    backup copy (rightly older than the books): it must reach its own witness beside it instead, and
    its own key beside it is used. `quick`: from the newest verified point only."""
    path = Path(path)
    if backup:
        witnessed = False
        if key is None and path.with_suffix(".key").exists():
            from app.ledger.keys import read_key_file

            key = read_key_file(path.with_suffix(".key"))
    if not path.exists():
        raise UserError("Database not found: {path}", path=str(path))
    found = probe(path)
    if found.kind != "office":
        raise UserError("Not a Pishkhan database: {path}", path=str(path))
    from app.db import HEAD_REVISION, KNOWN_REVISIONS

    if found.revision not in KNOWN_REVISIONS:
        raise UserError("The database {path} was made by a newer version of Pishkhan Desk (schema {revision}); "
                        "update the app to open it.", path=str(path), revision=str(found.revision))
    if found.revision != HEAD_REVISION:
        raise UserError("The database {path} was made by an older version and must be upgraded first: open it "
                        "with the app, or run `pishkhan upgrade --db {path}`.", path=str(path))
    conn, copy = connect_readonly_anywhere(path)
    try:
        report = _verify(conn, copy / "books.db" if copy else path, key, witnessed=witnessed, quick=quick,
                         workers=workers)
        if backup:
            report.problems.extend(seal_findings(path, key))
        return report
    finally:
        conn.close()
        if copy:
            shutil.rmtree(copy, ignore_errors=True)


def _verify(conn: Any, path: Path, key: bytes | None, *, witnessed: bool, quick: bool,
            workers: int | None) -> VerifyReport:
    tx = Tx(conn.cursor())
    tx.run("BEGIN")
    report = _verify_tx(tx, str(path), key, witnessed=witnessed, quick=quick, workers=workers)
    return report


def _verify_tx(tx: Tx, location: str, key: bytes | None, *, witnessed: bool, quick: bool,
               workers: int | None) -> VerifyReport:
    office = tx.one("SELECT install_id, key_check FROM office WHERE id = 1")
    if office is None:
        raise UserError("This database has no office yet. Create one or load the demo.")
    install_id = str(office[0])
    where = key_path(install_id)
    key = key if key is not None else _key_of(tx, install_id)
    _check_key(tx, key, office[1], where)
    checkpoint = latest_checkpoint(tx) if quick else None
    if checkpoint is not None and not _holds_checkpoint(tx, key, checkpoint):
        checkpoint = None
    if checkpoint is None:
        work = core.plan(tx, engine="quick")
    else:
        work = core.plan(tx, since=checkpoint.upto, record_floor=checkpoint.ids, engine="none")
        work.tasks[:] = [t for t in work.tasks if t.kind != "engine"]
    report = VerifyReport(full=checkpoint is None, upto=work.upto, floor=record_floor(tx), install_id=install_id)
    if tx.engine == "postgresql":
        report.problems.extend(_translate(chain_head_findings(tx)))
    elif witnessed:
        report.problems.extend(_translate(witness_findings(tx, key, install_id)))
        report.problems.extend(_translate(backup_findings(tx, key)))
    tx.run("COMMIT")
    outcome = core.run(location, key, work, workers=workers)
    report.problems[:0] = _translate(outcome.findings)
    report.notices.extend(_translate(outcome.notices))
    report.counts = outcome.counts
    report.counts["journal"] = work.entries
    return report


def _key_of(tx: Tx, install_id: str) -> bytes:
    """The chain key: the owner's copy beside the config; on the server, the server's own (the owner's
    login may read it; a desk's may not, so a desk cannot verify — nor forge)."""
    if tx.engine == "postgresql" and not key_path(install_id).exists():
        try:
            row = tx.one("SELECT key FROM ledger_secret WHERE id = 1")
        except Exception as exc:
            raise UserError("Only the office server's owner login can verify its books (a desk cannot read the "
                            "chain key).") from exc
        if row is not None:
            return bytes(row[0])
    return read_key(install_id)


def verify_server(url: str, key: bytes | None = None, *, quick: bool = False,
                  workers: int | None = None) -> VerifyReport:
    """Check the office server's books (run by the owner, on the server PC or any PC with the owner's login)."""
    from app.db import HEAD_REVISION
    from app.store.postgres import connect, masked, translate
    from app.store.postgres import probe as probe_server

    found = probe_server(url)
    if found.kind != "office" or found.revision != HEAD_REVISION:
        raise UserError("Not a Pishkhan database: {path}", path=masked(url))
    conn = connect(url, readonly=True)
    try:
        conn.isolation_level = 3
        with conn.cursor() as cur:
            return _verify_tx(Tx(cur, translate, engine="postgresql"), url, key, witnessed=False, quick=quick,
                              workers=workers)
    finally:
        conn.close()


def chain_head_findings(tx: Tx) -> list[core.Finding]:
    """On the server, the chain's end as its function recorded it must be the journal's last entry."""
    head = tx.one("SELECT entry_id, hash FROM chain_head WHERE id = 1")
    end = tx.one("SELECT id, hash FROM journal ORDER BY id DESC LIMIT 1")
    if head is None or (end is None and int(head[0]) == 0):
        return []
    if end is None or int(end[0]) < int(head[0]):
        return [core.finding("The journal no longer reaches entry {id}, which its witness saw: entries were removed "
                             "from its end, or this file is an older copy (such as a backup).", {"id": int(head[0])})]
    found = tx.value("SELECT hash FROM journal WHERE id = ?", int(head[0]))
    if found is None or bytes(found) != bytes(head[1]):
        return [core.finding("Journal entry {id} differs from the one its witness saw: this file is another copy of "
                             "the books or was rewritten.", {"id": int(head[0])})]
    return []


def _check_key(tx: Tx, key: bytes, expected: str | None, where: Path) -> None:
    """A key that is not this database's is said so (unless the check value itself was altered:
    then the first entry still verifies with the key, and the state check names the change)."""
    if not expected or key_check(key) == expected:
        return
    first = tx.one("SELECT at, staff_id, action, entity, entity_id, payload, digest, fields, hash FROM journal "
                   "ORDER BY id LIMIT 1")
    if first is not None and row_hash(key, bytes(32), first[:8]) == bytes(first[8]):
        return
    check_key(key, expected, where)


def _holds_checkpoint(tx: Tx, key: bytes, checkpoint: Checkpoint) -> bool:
    return tx.one("SELECT 1 FROM journal WHERE id = ?", checkpoint.upto) is not None


def seal_findings(path: Path, key: bytes | None) -> list[str]:
    """A backup copy against the seal written beside it when it was made (none: nothing to add)."""
    from app.ledger import seal
    from app.ledger.keys import read_key_file

    if key is None:
        key = read_key_file(path.with_suffix(".key"))
    sealed = seal.read(key, path)
    if sealed is None:
        return []
    if not isinstance(sealed, seal.Seal):
        return [_("The seal beside the backup {path} is not genuine: the backup cannot be trusted.", path=str(path))]
    sha, size = seal.digest_file(path)
    if (sha, size) != (sealed.sha256, sealed.size):
        return [_("The backup {path} was changed after it was made (it no longer matches its seal).", path=str(path))]
    return []


def backup_findings(tx: Tx, key: bytes) -> list[core.Finding]:
    """The books must still hold the end of every sealed backup of them in the backup folder: backups
    kept on another drive witness the books even against someone who also holds the key folder's
    witness (they would have to reach the owner's USB drive too)."""
    from app.ledger import seal

    folder = tx.value("SELECT value FROM setting WHERE key = 'backup_folder'")
    if not folder or not Path(folder).is_dir():
        return []
    found: list[core.Finding] = []
    for marker in sorted(Path(folder).glob("pishkhan-*.seal")):
        backup = marker.with_suffix(".db")
        sealed = seal.read(key, backup)
        if not isinstance(sealed, seal.Seal):
            continue  # another office's backup, or not a seal: not this office's witness
        held = tx.value("SELECT hash FROM journal WHERE id = ?", sealed.entry_id)
        if held is None or bytes(held).hex() != sealed.entry_hash:
            found.append(core.finding("The books no longer hold journal entry {id}, which the backup {file} holds: "
                                      "entries were removed, or older books were put back.",
                                      {"id": sealed.entry_id, "file": backup.name}))
    return found


def witness_findings(tx: Tx, key: bytes, install_id: str) -> list[core.Finding]:
    """The books must still hold the entry the witness last saw (a missing or unreadable witness is
    a finding too: once written, it is never optional)."""
    reading = witness.read(key, witness.witness_path(install_id))
    if not reading.exists:
        return [core.finding("The witness of the journal's end is missing ({path}): entries may have been cut from the end of "
                 "the books. If the books were moved to a new computer, restore them from a backup (the witness "
                 "travels with it).", {"path": str(reading.path)})]
    if reading.mark is None:
        return [core.finding("The witness of the journal's end ({path}) is unreadable or was not written with this office's "
                 "key.", {"path": str(reading.path)})]
    found = tx.value("SELECT hash FROM journal WHERE id = ?", reading.mark.entry_id)
    if found is None:
        return [core.finding("The journal no longer reaches entry {id}, which its witness saw: entries were removed from its "
                 "end, or this file is an older copy (such as a backup).", {"id": reading.mark.entry_id})]
    if bytes(found) != reading.mark.hash:
        return [core.finding("Journal entry {id} differs from the one its witness saw: this file is another copy of the books "
                 "or was rewritten.", {"id": reading.mark.entry_id})]
    return []


def verify_database(db: Any, actor: Any, *, quick: bool = False) -> VerifyReport:
    """Verify from inside the app: managers and the owner only (the command line `pishkhan verify`
    is the IT person's tool and needs only the file and its key, like any auditor)."""
    from app.security import Action
    from app.services.common import acting_tx

    with db.raw(write=False) as tx:
        acting_tx(tx, actor, Action.VERIFY)
    if db.on_server:
        return verify_server(db.store.url, quick=quick)
    return verify_file(db.path, quick=quick)


def needs_full_check(db: Any, *, at: dt.datetime | None = None) -> bool:
    """Whether the newest full check is older than a week (or there is none)."""
    from app.services.common import now

    with db.raw(write=False) as tx:
        checkpoint = latest_checkpoint(tx)
    if checkpoint is None:
        return True
    return now(at) - dt.datetime.fromisoformat(checkpoint.at) > FULL_EVERY


def record_checkpoint(db: Any, report: VerifyReport, *, staff_id: int | None, at: dt.datetime | None = None) -> None:
    """After a full check found nothing: the verified point quick checks start from."""
    from app.journal import canonical
    from app.ledger.chain import Entry
    from app.services.common import iso, journal_for, now

    if not report.ok or not report.full:
        raise CheckFailed("Only a full check that found nothing can be recorded as a verified point.")
    with db.raw() as tx:
        payload = canonical({"upto": report.upto, "ids": report.floor, "full": True})
        journal_for(tx).append_tx(tx, Entry(iso(now(at)), staff_id, CHECKPOINT_ACTION, "journal", None, payload))
