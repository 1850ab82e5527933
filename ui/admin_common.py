"""What the office administration screens share: the base page (the desk, a message bar, the
permission gate) and the Jalali date field. Figures read through the desk's formatter (ui.formatting).

Importing this module registers the administration screens' Persian strings.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QAbstractTableModel, QItemSelectionModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QAbstractButton, QAbstractItemView, QMessageBox, QWidget

from app.errors import PermissionDenied, UserError
from app.i18n import _, language
from app.ledger.vocab import Role
from app.security import ACTION_NAMES, ROLE_NAMES, Action, allowed
from app.services.common import Actor
from ui.desk import Desk
from ui.formatting import Formatter
from ui.jalali_date import date_of as date_of  # re-exported for the admin pages
from ui.jalali_date import jalali_date_edit as jalali_date_edit
from ui.jalali_date import set_date as set_date
from ui.page_frame import PAGE_TITLE as PAGE_TITLE  # the admin pages name their own title with it
from ui.widgets import MessageBar

ROLES = ("owner", "manager", "clerk")


def role_name(role: str) -> str:
    try:
        return _(ROLE_NAMES[Role(role)])
    except ValueError:
        return role


def refusal(actor: Actor, action: Action) -> str:
    """The same words the service layer uses when it refuses this role."""
    return PermissionDenied("Your role ({role}) may not do this: {action}.", role=role_name(actor.role),
                            action=_(ACTION_NAMES[action])).message()


def select_row(view: QAbstractItemView, row: int) -> None:
    """Select a whole row. (QTableView.selectRow picks its column from the header's left edge, which in a
    right-to-left window can be past the last column: then nothing is selected.)"""
    model, selection = view.model(), view.selectionModel()
    index = model.index(row, 0)
    flags = QItemSelectionModel.SelectionFlag
    selection.setCurrentIndex(index, flags.ClearAndSelect | flags.Rows)


def rtl(text: str) -> str:
    """Text that starts with digits or Latin letters, kept right-aligned in a Persian label."""
    return "\u200f" + text if language() == "fa" else text


def confirm(parent: QWidget, title: str, text: str) -> bool:
    answer = QMessageBox.question(parent, title, text, QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                  QMessageBox.StandardButton.No)
    return answer == QMessageBox.StandardButton.Yes


class AdminPage(QWidget):
    """A screen of the office administration, given the desk: its database, the acting staff member,
    and the window's one database runner, through which every service call goes (one ordered thread)."""

    def __init__(self, desk: Desk, parent: QWidget | None = None, *, actor: Actor | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.db = desk.db
        acting = actor or desk.actor
        assert acting is not None, "an administration page needs someone acting"
        self.actor: Actor = acting
        self.message = MessageBar()
        self.runner = desk.runner
        self._guarded: list[tuple[QAbstractButton, Action | None]] = []
        self.runner.busy_changed.connect(self._busy)

    @property
    def fmt(self) -> Formatter:
        return self.desk.fmt

    def may(self, action: Action) -> bool:
        return allowed(self.actor.role, action)

    def guard(self, button: QAbstractButton, action: Action | None = None) -> QAbstractButton:
        """Disable `button` while work runs, and for good when the role may not do `action` (the
        service refuses it anyway: this only spares the user a refusal)."""
        self._guarded.append((button, action))
        if action is not None and not self.may(action):
            button.setEnabled(False)
            button.setToolTip(refusal(self.actor, action))
        return button

    def call(self, work: Callable[[], Any], on_done: Callable[[Any], None] | None = None,
             on_error: Callable[[UserError], None] | None = None) -> None:
        """Run one service call off the GUI thread; a refusal or bad input is shown in the message bar.
        Nothing is delivered to a screen that was closed (and deleted) meanwhile."""
        failed = on_error or self.message.show_error

        def done(result: Any) -> None:
            if shiboken6.isValid(self) and on_done is not None:
                on_done(result)

        def refused(err: UserError) -> None:
            if shiboken6.isValid(self):
                failed(err)

        self.runner.run(work, done, refused)

    @property
    def idle(self) -> bool:
        return not self.runner.busy

    def _busy(self, busy: bool) -> None:
        for button, action in self._guarded:
            button.setEnabled(not busy and (action is None or self.may(action)) and self.can_press(button))

    def can_press(self, button: QAbstractButton) -> bool:
        """Screens say here when a button also depends on what is selected or loaded."""
        return True

    def refresh_buttons(self) -> None:
        self._busy(self.runner.busy)


class ColumnsModel(QAbstractTableModel):
    """A flat table whose header is `columns` (English sources, translated when shown)."""

    columns: tuple[str, ...] = ()

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _(self.columns[section])
        return None
