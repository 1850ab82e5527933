"""The owner accepts the books as they are after a witness finding (the repair path when the books
were deliberately put back — a disk image restored by IT, say — and no backup is to be restored):
the acceptance is journaled with its reason, then the witness follows the books' end again."""
from __future__ import annotations

import datetime as dt

from app.db import Database
from app.errors import UserError
from app.journal import canonical
from app.ledger import witness
from app.ledger.chain import Entry
from app.security import Action
from app.services.common import Actor, acting_tx, iso, journal_for, now
from app.text import limited


def accept_books(db: Database, actor: Actor, reason: str, *, at: dt.datetime | None = None) -> witness.Mark:
    """Owner only. What the witness last saw is recorded in the entry, so the acceptance shows what was
    given up."""
    from app.i18n import _

    reason = limited(reason, 200, _("reason"))
    if not reason:
        raise UserError("A reason is required.")
    if db.on_server:
        raise UserError("The office server keeps its own chain's end; there is no witness file to reset.")
    with db.raw() as tx:
        acting_tx(tx, actor, Action.RESTORE)
        journal = journal_for(tx)
        seen = witness.read(journal.key, journal.witness.path).mark
        tx.guarded = True  # type: ignore[attr-defined]  # (the guard is what this overrides, knowingly)
        mark = journal.append_tx(tx, Entry(iso(now(at)), actor.id, "witness_reset", "journal", None, canonical({
            "reason": reason, "witness_saw": seen.entry_id if seen else None})))
    witness.create(journal.key, journal.witness.path, mark)
    return mark
