"""The automatic daily backup, started with the window. Kept apart from the backup page so that the
window's start-up does not import the page (and the backup machinery) before a clerk can log in."""
from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QStatusBar

from app.errors import UserError
from app.i18n import _
from app.security import Action, allowed
from app.text import isolate_ltr

if TYPE_CHECKING:
    from app.services.backup import BackupResult
    from ui.desk import Desk


class BackupHost(Protocol):
    """What the daily backup needs of its window: the desk (None until the database is open) and a
    status bar to say what happened."""

    desk: Desk | None

    def statusBar(self) -> QStatusBar: ...  # noqa: N802 - Qt's name


class DailyBackup(QObject):
    """The automatic daily backup: tried a minute after the window opens and every half hour after,
    whenever anyone is logged in, a clerk included (`run_due_backups` makes one only if today has none)."""

    FIRST_TRY_MS = 60_000
    INTERVAL_MS = 30 * 60_000

    def __init__(self, window: BackupHost) -> None:
        super().__init__(window)  # type: ignore[arg-type]  # a QMainWindow in the program
        self.window = window
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.tick)
        self.timer.start(self.FIRST_TRY_MS)

    def tick(self) -> None:
        self.timer.setInterval(self.INTERVAL_MS)
        desk = self.window.desk
        actor = desk.actor if desk is not None else None
        if desk is None or actor is None or not allowed(actor.role, Action.SCHEDULED_BACKUP):
            return
        db = desk.db
        desk.runner.run(lambda: _run_due_backups(db, actor), self._done, self._failed)

    def _say(self, text: str) -> None:
        self.window.statusBar().showMessage(text, 30_000)

    def _done(self, result: BackupResult | None) -> None:
        if result is not None:
            self._say(_("Daily backup written and verified: {path}", path=isolate_ltr(str(result.path))))

    def _failed(self, err: UserError) -> None:
        self._say(_("The daily backup was not made: {reason}", reason=err.message()))


def _run_due_backups(db: object, actor: object) -> BackupResult | None:
    from app.services.backup_schedule import run_due_backups  # (on the worker thread, a minute in)

    return run_due_backups(db, actor)  # type: ignore[arg-type]
