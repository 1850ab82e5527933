"""The file dialogs the app opens (a tariff table, a backup file, a backup folder, where to save a report):
Qt's own dialog, in Persian (qtbase_fa), with the «Date Modified» column in Jalali dates.

Why not the system's dialog: on Windows it follows the Windows locale, which in most offices is not set
to the Persian calendar, and its words follow the Windows language; Qt's own dialog is the same on every
computer. Why a proxy model: QFileDialog formats dates with QLocale, and QLocale's short date format
is Gregorian even for Persian (Qt's Jalali calendar is only used where a widget is given one); the
proxy replaces that one column's text, the rest of the dialog (sorting by date included, which uses
the file's time, not the text) is Qt's.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QIdentityProxyModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QFileDialog, QFileSystemModel, QHeaderView, QListView, QTreeView, QWidget

from app.i18n import _
from ui.fit_check import allow_latin
from ui.formatting import Formatter

SIZE_COLUMN, TYPE_COLUMN, DATE_COLUMN = 1, 2, 3  # QFileSystemModel: name, size, type, date modified
# Children of Qt's own dialog that show paths, file names and filters: read left to right.
LEFT_TO_RIGHT = ("lookInCombo", "fileNameEdit", "fileTypeCombo")


class JalaliDates(QIdentityProxyModel):
    """The file system model as the dialog shows it, its modification dates in Jalali."""

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        source = self.sourceModel()
        if index.isValid() and role == Qt.ItemDataRole.DisplayRole and isinstance(source, QFileSystemModel) \
                and index.column() in (SIZE_COLUMN, TYPE_COLUMN, DATE_COLUMN):
            shown = self._shown(source, self.mapToSource(index), index.column())
            if shown is not None:
                return shown
        # The names are left as they are: the dialog copies a clicked name from this text into its field.
        return super().data(index, role)

    @staticmethod
    def _shown(source: QFileSystemModel, index: QModelIndex, column: int) -> str | None:
        fmt = Formatter()
        if column == DATE_COLUMN:
            modified = source.lastModified(index)
            if not modified.isValid():
                return None
            return fmt.when(dt.datetime.fromtimestamp(modified.toSecsSinceEpoch(), dt.UTC))
        if source.isDir(index):
            return _("Folder") if column == TYPE_COLUMN else ""
        if column == TYPE_COLUMN:
            suffix = source.fileInfo(index).suffix()
            return _("{kind} file", kind=suffix.upper()) if suffix else _("File")
        return fmt.file_size(source.size(index))


def file_dialog(parent: QWidget | None, title: str, *, directory: str = "", name_filter: str = "",
                mode: QFileDialog.FileMode = QFileDialog.FileMode.ExistingFile,
                accept: QFileDialog.AcceptMode = QFileDialog.AcceptMode.AcceptOpen) -> QFileDialog:
    """Qt's own file dialog with Jalali dates, in the detail view (where the dates are)."""
    dialog = QFileDialog(parent, title, directory, name_filter)
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    dialog.setProxyModel(JalaliDates(dialog))
    dialog.setFileMode(mode)
    dialog.setAcceptMode(accept)
    dialog.setViewMode(QFileDialog.ViewMode.Detail)
    # «جدول تعرفه» rather than «جدول تعرفه (*.csv *.xlsx)»: Qt draws the combo's text right to left,
    # and the pattern's closing bracket would land at the wrong end.
    dialog.setOption(QFileDialog.Option.HideNameFilterDetails, True)
    for label, text in ((QFileDialog.DialogLabel.LookIn, _("Look in:")),
                        (QFileDialog.DialogLabel.FileName, _("File name:")),
                        (QFileDialog.DialogLabel.FileType, _("Files of type:")),
                        (QFileDialog.DialogLabel.Reject, _("Cancel"))):
        dialog.setLabelText(label, text)  # Qt's Persian catalogue leaves some of these in English
    dialog.resize(900, 540)  # room for the dates (capped to the screen when it opens)
    view = dialog.findChild(QTreeView, "treeView")
    if view is not None:  # the size, type and date columns as wide as what they show
        for column in (SIZE_COLUMN, TYPE_COLUMN, DATE_COLUMN):
            view.header().setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
    sidebar = dialog.findChild(QListView, "sidebar")
    if sidebar is not None:  # «Computer», «رایانه»: the places on the side, whole
        sidebar.setMinimumWidth(sidebar.sizeHintForColumn(0) + 24)
    for name in LEFT_TO_RIGHT:
        child = dialog.findChild(QWidget, name)
        if child is not None:
            child.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
            allow_latin(child)  # a path or a file name is as the disk has it
    if mode == QFileDialog.FileMode.Directory:
        dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
    return dialog


def _run(dialog: QFileDialog) -> str:
    if dialog.exec() != QFileDialog.DialogCode.Accepted:
        return ""
    chosen = dialog.selectedFiles()
    return chosen[0] if chosen else ""


def open_file(parent: QWidget | None, title: str, directory: str, name_filter: str) -> str:
    """A file to read, or '' when the user cancels."""
    return _run(file_dialog(parent, title, directory=directory, name_filter=name_filter))


def save_file(parent: QWidget | None, title: str, path: str, name_filter: str) -> str:
    """Where to write a file, or ''; an existing file is confirmed by the dialog."""
    return _run(file_dialog(parent, title, directory=path, name_filter=name_filter,
                            mode=QFileDialog.FileMode.AnyFile, accept=QFileDialog.AcceptMode.AcceptSave))


def choose_folder(parent: QWidget | None, title: str, directory: str) -> str:
    """A folder, or ''."""
    return _run(file_dialog(parent, title, directory=directory, mode=QFileDialog.FileMode.Directory))
