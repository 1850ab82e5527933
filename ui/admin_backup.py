"""Backups: where they go (a USB drive, say), how many are kept, the last good one, a backup now, the
copies in the folder, and restore. `BackupStatusBanner` is the line the owner's dashboard shows."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.db import Database
from app.i18n import N_, _
from app.security import Action
from app.services.backup import BackupResult
from app.services.backup_schedule import (
    BackupFile,
    BackupSettings,
    BackupStatus,
    backup_now,
    backup_settings,
    backup_status,
    office_backups,
    same_disk_as_database,
    save_backup_settings,
)
from app.settings_registry import BACKUP_KEEP_DAILY, BACKUP_KEEP_MONTHLY
from app.text import isolate_ltr
from ui.admin_common import PAGE_TITLE, AdminPage, refusal
from ui.desk import Desk
from ui.file_dialogs import choose_folder
from ui.formatting import Formatter
from ui.widgets import ERROR_STYLE, INFO_STYLE, button_row

COLUMNS = (N_("Made at"), N_("Kind"), N_("Size"), N_("Key file"), N_("File"))


def status_text(status: BackupStatus, fmt: Formatter) -> str:
    if status.warning:
        return status.warning
    assert status.last is not None
    text = _("Last good backup: {when}", when=fmt.when(status.last.taken_at))
    if not status.last.reachable:
        text += " " + _("(on a drive that is not plugged in now)")
    return text


class BackupStatusBanner(QLabel):
    """One line: the last good backup, or a warning when there has been none for two days."""

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.status: BackupStatus | None = None
        self.setWordWrap(True)

    def refresh(self) -> None:
        db = self.desk.db
        self.desk.runner.run(lambda: backup_status(db), self.show_status)

    def show_status(self, status: BackupStatus) -> None:
        self.status = status
        self.setText(status_text(status, self.desk.fmt))
        self.setStyleSheet(ERROR_STYLE if status.warning else INFO_STYLE)


@dataclass(frozen=True)
class _Loaded:
    settings: BackupSettings
    files: list[BackupFile]
    same_disk: bool


def _load(db: Database) -> _Loaded:
    settings = backup_settings(db)
    same = bool(settings.folder) and same_disk_as_database(db, settings.folder)
    return _Loaded(settings, office_backups(db), same)


class AdminBackupScreen(AdminPage):
    restored = Signal(object)  # RestoreResult: the database was replaced; reopen it and log in again

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(desk, parent)
        self.banner = BackupStatusBanner(desk)
        self.folder = QLineEdit()
        self.choose_button = QPushButton(_("Choose…"))
        self.keep_daily, self.keep_monthly = QSpinBox(), QSpinBox()
        self.disk_note = QLabel()
        self.save_button = QPushButton(_("Save"))
        self.backup_button = QPushButton(_("Back up now"))
        self.files = QTableWidget(0, len(COLUMNS))
        self.backups: list[BackupFile] = []
        self.restore_button = QPushButton(_("Restore the chosen backup…"))
        self.restore_other_button = QPushButton(_("Restore from another file…"))
        self._build()
        self._connect()
        if not self.may(Action.BACKUP):
            self.message.show_error(refusal(self.actor, Action.BACKUP))
        self.reload()

    def _build(self) -> None:
        for spin, setting in ((self.keep_daily, BACKUP_KEEP_DAILY), (self.keep_monthly, BACKUP_KEEP_MONTHLY)):
            spin.setRange(setting.low, setting.high)
        self.folder.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.disk_note.setWordWrap(True)
        self.disk_note.setStyleSheet("color: #8a5300;")
        self.files.setHorizontalHeaderLabels([_(c) for c in COLUMNS])
        self.files.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.files.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.files.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.files.verticalHeader().hide()
        self.files.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.files.horizontalHeader().setStretchLastSection(True)
        for button in (self.choose_button, self.save_button, self.backup_button):
            self.guard(button, Action.BACKUP)
        self.guard(self.restore_button, Action.RESTORE)
        self.guard(self.restore_other_button, Action.RESTORE)
        where = QGroupBox(_("Where backups go"))
        row = QHBoxLayout()
        row.addWidget(self.folder, 1)
        row.addWidget(self.choose_button)
        form = QFormLayout(where)
        form.addRow(_("Folder"), row)
        form.addRow("", self.disk_note)
        form.addRow(_(BACKUP_KEEP_DAILY.label), self.keep_daily)
        form.addRow(_(BACKUP_KEEP_MONTHLY.label), self.keep_monthly)
        save_row = button_row(self.save_button)
        form.addRow("", save_row)
        explain = QLabel(_("A backup is made every day and at each day close, and checked after it is written. "
                           "Older copies are removed: the last backup of each recent day and of each recent "
                           "month is kept."))
        explain.setWordWrap(True)
        actions = button_row(self.backup_button, self.restore_button, self.restore_other_button)
        title = QLabel(_("Backups"))
        title.setStyleSheet("font-size: 18pt; font-weight: bold;")
        title.setObjectName(PAGE_TITLE)  # hidden in the window's page frame, which shows the title
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.banner)
        layout.addWidget(self.message)
        layout.addWidget(explain)
        layout.addWidget(where)
        layout.addWidget(QLabel(_("Backups of this office in the folder")))
        layout.addWidget(self.files, 1)
        layout.addLayout(actions)

    def _connect(self) -> None:
        self.choose_button.clicked.connect(self.choose_folder)
        self.save_button.clicked.connect(self.save)
        self.backup_button.clicked.connect(self.back_up)
        # Bound methods, not lambdas holding `self`: PySide can crash freeing such a cycle.
        self.restore_button.clicked.connect(self.restore_chosen)
        self.restore_other_button.clicked.connect(self.restore_other)
        self.files.itemSelectionChanged.connect(self.refresh_buttons)

    def can_press(self, button: QAbstractButton) -> bool:
        return button is not self.restore_button or self.selected() is not None

    def reload(self) -> None:
        self.banner.refresh()
        db = self.db
        self.call(lambda: _load(db), self._loaded)

    def _loaded(self, loaded: _Loaded) -> None:
        self.folder.setText(loaded.settings.folder)
        self.keep_daily.setValue(loaded.settings.keep_daily)
        self.keep_monthly.setValue(loaded.settings.keep_monthly)
        self.disk_note.setText(_("This folder is on the same disk as the database: if that disk fails, the backups "
                                 "go with it. A USB drive or another disk is safer.") if loaded.same_disk else "")
        self.disk_note.setVisible(loaded.same_disk)
        self.show_files(loaded.files)

    def show_files(self, files: list[BackupFile]) -> None:
        self.backups = files
        self.files.setRowCount(len(files))
        for row, b in enumerate(files):
            cells = (self.fmt.when(b.taken_at), b.label_name, self.fmt.megabytes(b.size), _("present") if b.has_key else _("absent"),
                     isolate_ltr(b.path.name))
            for column, text in enumerate(cells):
                self.files.setItem(row, column, QTableWidgetItem(text))
        self.refresh_buttons()

    def selected(self) -> BackupFile | None:
        rows = self.files.selectionModel().selectedRows()
        return self.backups[rows[0].row()] if rows else None

    # --- actions (the file dialogs are methods that tests replace) ---------------------------

    def ask_folder(self) -> str:
        return choose_folder(self, _("Choose the backup folder"), self.folder.text())

    def choose_folder(self) -> None:
        folder = self.ask_folder()
        if folder:
            self.folder.setText(folder)

    def save(self) -> None:
        db, actor = self.db, self.actor
        folder, daily, monthly = self.folder.text(), self.keep_daily.value(), self.keep_monthly.value()
        self.call(lambda: save_backup_settings(db, actor, folder, daily, monthly),
                  lambda _s: self._after(_("The backup settings were saved.")))

    def back_up(self) -> None:
        db, actor = self.db, self.actor
        self.message.show_info(_("Backing up…"))
        self.call(lambda: backup_now(db, actor), self._backed_up)

    def _backed_up(self, result: BackupResult) -> None:
        self._after(_("Backup written and verified: {path}", path=isolate_ltr(str(result.path))))

    def _after(self, text: str) -> None:
        self.message.show_info(text)
        self.reload()

    def restore_chosen(self) -> None:
        self.open_restore(self.selected())

    def restore_other(self) -> None:
        self.open_restore(None)

    def open_restore(self, chosen: BackupFile | None) -> None:
        from ui.admin_restore import AdminRestoreDialog

        dialog = AdminRestoreDialog(self.desk, chosen.path if chosen else None, self)
        dialog.restored.connect(self.restored.emit)
        self.restore_dialog = dialog
        dialog.open()


def backup_page(desk: Desk, on_restored: Callable[[], None] | None = None) -> AdminBackupScreen:
    """The page for the management menu. After a restore everyone logs in again, on the restored
    database (`on_restored`: the window's logout)."""
    screen = AdminBackupScreen(desk)
    if on_restored is not None:
        screen.restored.connect(on_restored)
    return screen

