"""Who may see reports, and how long work reports progress and is cancelled."""
from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.orm import Session

from app.errors import PermissionDenied, UserError
from app.i18n import N_
from app.security import Action
from app.services.common import Actor, StaffRow, acting

Progress = Callable[[int, int], None]  # (done, total) chunks
Cancel = Callable[[], bool]  # True once the user asked to stop


class Cancelled(UserError):
    """The user stopped a long report or export; nothing was written."""

    def __init__(self) -> None:
        super().__init__(N_("The export was cancelled."))


def reports_staff(session: Session, actor: Actor) -> StaffRow:
    """The actor's staff row if their role may see reports (owner, manager), else a refusal."""
    try:
        return acting(session, actor, Action.VIEW_REPORTS)
    except PermissionDenied:
        raise PermissionDenied("Only the owner or a manager may see reports.") from None


def check_cancel(cancel: Cancel | None) -> None:
    if cancel is not None and cancel():
        raise Cancelled()
