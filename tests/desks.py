"""The desk a screen is given (ui.desk.Desk), for tests that build a screen on its own, without the
window: the office read from the database, and the runners.

In the program the window owns the two runners and every screen gets them through the desk. A screen
built here gets one pair kept for the whole test run (as a window's would be for its life): a runner
must not be deleted while a job of a closed test's screen may still deliver to it.
"""
from __future__ import annotations

from app.db import Database
from app.office_record import Office
from app.services.common import Actor
from app.services.office import has_office, office_settings
from ui.desk import Desk
from ui.runner import Runner

_runners: tuple[Runner, Runner] | None = None


def runners() -> tuple[Runner, Runner]:
    """(database, printer) runners of the test run."""
    global _runners
    if _runners is None:
        _runners = Runner(), Runner()
    return _runners


def desk_of(db: Database, actor: Actor | None = None) -> Desk:
    """A desk over `db` with `actor` acting (None: nobody logged in, as on the first run)."""
    runner, printer = runners()
    return Desk(db, runner, printer, actor, office_settings(db) if has_office(db) else Office())
