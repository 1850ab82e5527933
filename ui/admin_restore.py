"""Restore a backup: choose the file, see it verified with its office and date, then restore (owner only).

On a new computer (no office in the database yet, nobody logged in: the desk has no actor) the same
dialog restores the first office: the key file beside the backup comes back with it. After a restore the caller reopens the
database and asks everyone to log in again (`restored` carries the `RestoreResult`).
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.db import Database
from app.i18n import _
from app.security import Action, allowed
from app.services.backup import RestoreResult, restore_backup, restore_first_run
from app.services.backup_schedule import BackupInfo, inspect_backup, office_identity
from app.services.common import Actor
from app.text import isolate_ltr
from ui.admin_common import AdminPage, confirm, refusal, rtl
from ui.desk import Desk
from ui.file_dialogs import open_file
from ui.widgets import button_row

FIELDS = ("office", "code", "made", "receipts", "journal", "key", "check")


def _inspect(db: Database, source: Path) -> tuple[BackupInfo, tuple[str, str, str] | None]:
    return inspect_backup(source), office_identity(db)


class RestorePanel(AdminPage):
    restored = Signal(object)  # RestoreResult

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        # Before the first run there is nobody to act as: the service allows that only for an empty database.
        super().__init__(desk, parent, actor=desk.actor or Actor(0, "", "", "owner"))
        self.first_run = desk.actor is None
        self.info: BackupInfo | None = None
        self.current: tuple[str, str, str] | None = None
        self.path = QLineEdit()
        self.path.setReadOnly(True)
        self.path.setLayoutDirection(Qt.LayoutDirection.LeftToRight)  # a path reads left to right
        self.choose_button = QPushButton(_("Choose a backup file…"))
        self.values = {name: QLabel() for name in FIELDS}
        self.note = QLabel()
        self.restore_button = QPushButton(_("Restore this backup"))
        self._build()
        self.choose_button.clicked.connect(self.choose)
        self.restore_button.clicked.connect(self.restore)
        if not self.first_run and not allowed(self.actor.role, Action.RESTORE):
            self.message.show_error(refusal(self.actor, Action.RESTORE))

    def _build(self) -> None:
        for label in self.values.values():
            label.setWordWrap(True)
        self.note.setWordWrap(True)
        self.guard(self.restore_button, None if self.first_run else Action.RESTORE)
        self.guard(self.choose_button, None if self.first_run else Action.VERIFY)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(self.choose_button)
        box = QGroupBox(_("What the backup holds"))
        form = QFormLayout(box)
        names = {"office": _("Office"), "code": _("Office code"), "made": _("Made at"), "receipts": _("Receipts"),
                 "journal": _("Journal entries"), "key": _("Key file"), "check": _("Verification")}
        for name in FIELDS:
            form.addRow(names[name], self.values[name])
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addLayout(row)
        layout.addWidget(box)
        layout.addWidget(self.note)
        buttons = button_row(self.restore_button)
        layout.addLayout(buttons)

    def can_press(self, button: object) -> bool:
        return button is not self.restore_button or (self.info is not None and self.info.problem is None)

    def ask_file(self) -> str:
        return open_file(self, _("Choose a backup file"), self.path.text(), _("Pishkhan backups (*.db)"))

    def ask_confirm(self, text: str) -> bool:
        return confirm(self, _("Restore a backup"), text)

    def choose(self) -> None:
        chosen = self.ask_file()
        if chosen:
            self.check(Path(chosen))

    def check(self, source: Path) -> None:
        """Verify `source` and show what it holds (off the GUI thread: a big file takes a while)."""
        self.path.setText(str(source))
        self.info = None
        for label in self.values.values():
            label.clear()
        self.note.clear()
        self.message.show_info(_("Checking the backup…"))
        db = self.db
        self.call(lambda: _inspect(db, source), self._checked, self._unreadable)

    def _unreadable(self, err: Exception) -> None:
        self.message.show_error(err)  # type: ignore[arg-type]
        self.refresh_buttons()

    def _checked(self, outcome: tuple[BackupInfo, tuple[str, str, str] | None]) -> None:
        info, self.current = outcome
        self.info = info
        v = self.values
        v["office"].setText(info.office_name)
        fmt = self.fmt
        v["code"].setText(rtl(fmt.digits(info.office_code)))
        v["made"].setText(rtl(fmt.when(info.made_at)) if info.made_at else "—")
        v["receipts"].setText(rtl(_("{count} (last number {number})", count=info.receipts, number=info.last_receipt)
                                  if info.last_receipt else fmt.digits(info.receipts)))
        v["journal"].setText(rtl(fmt.digits(info.journal_entries)))
        v["key"].setText(_("beside the backup") if info.key_beside else _("on this computer"))
        v["check"].setText(_("✔ intact") if info.problem is None else "✘ " + info.problem)
        v["check"].setStyleSheet("color: #1d5b2a;" if info.problem is None else "color: #c62828;")
        if info.problem is None:
            self.message.show_info(_("The backup was verified: it can be restored."))
        else:
            self.message.show_error(_("This backup cannot be restored."))
        self.note.setText(self._consequence(info))
        self.refresh_buttons()

    def _consequence(self, info: BackupInfo) -> str:
        if self.current is None:
            return _("This computer has no office yet: the office will be restored from this backup.")
        text = _("The database in use now is kept aside under a new name (nothing is deleted). Everyone must log "
                 "in again after the restore.")
        if self.current[0] != info.install_id:
            text = _("Careful: this backup is of another office ({name}), not of {current}.",
                     name=info.office_name, current=self.current[1]) + " " + text
        return text

    def restore(self) -> None:
        info = self.info
        if info is None or info.problem is not None:
            return
        if not self.ask_confirm(_("Restore the backup made at {when}? {consequence}",
                                  when=self.fmt.when(info.made_at) if info.made_at else "—",
                                  consequence=self._consequence(info))):
            return
        db, actor, source = self.db, self.actor, info.path
        self.message.show_info(_("Restoring…"))
        if self.first_run:
            self.call(lambda: restore_first_run(db, source), self._restored)
        else:
            self.call(lambda: restore_backup(db, actor, source), self._restored)

    def _restored(self, result: RestoreResult) -> None:
        self.info = None
        self.refresh_buttons()
        if result.report.ok:
            self.message.show_info(_("Restored and verified: {journal} journal entries, {receipts} receipts.",
                                     journal=result.report.counts.get("journal", 0),
                                     receipts=result.report.counts.get("receipts", 0)))
        else:
            self.message.show_error(_("Restored, but the check found a problem: {problem}",
                                      problem=result.report.problems[0]))
        if result.aside is not None:
            self.note.setText(_("The previous database was kept as {path}.", path=isolate_ltr(str(result.aside))))
        self.restored.emit(result)


class AdminRestoreDialog(QDialog):
    """The restore panel as a dialog (from the backup screen, or the first-run screen: nobody logged in)."""

    restored = Signal(object)  # RestoreResult

    def __init__(self, desk: Desk, source: Path | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Restore a backup"))
        self.setMinimumWidth(640)
        self.panel = RestorePanel(desk, self)
        close = QPushButton(_("Close"))
        close.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.panel)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(close)
        layout.addLayout(row)
        self.panel.restored.connect(self.restored.emit)
        if source is not None:
            self.panel.check(source)
