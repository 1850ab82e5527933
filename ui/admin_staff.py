"""Staff: add an account, change a role, deactivate (never delete: history keeps them), reset a PIN
(owner only), and see and lift a lockout after too many wrong PINs."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.errors import UserError
from app.i18n import N_, _
from app.jalali import now_utc
from app.security import Action, validate_new_pin
from app.services.common import parse_iso
from app.services.staff import StaffView, add_staff, list_staff, update_staff
from app.text import isolate_ltr
from ui.admin_common import PAGE_TITLE, ROLES, AdminPage, ColumnsModel, confirm, role_name, select_row
from ui.desk import Desk
from ui.widgets import DigitEdit, MessageBar, button_row

_ROOT = QModelIndex()  # Qt's default parent: the invisible root
COLUMNS = (N_("User name"), N_("Full name"), N_("Role"), N_("Status"), N_("Lockout"))


def locked(member: StaffView, instant: dt.datetime) -> bool:
    return bool(member.locked_until) and parse_iso(member.locked_until or "") > instant


class StaffModel(ColumnsModel):
    columns = COLUMNS

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.staff: list[StaffView] = []
        self.instant = now_utc()

    def set_staff(self, staff: list[StaffView]) -> None:
        self.beginResetModel()
        self.staff = staff
        self.instant = now_utc()
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.staff)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        member = self.staff[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(member, index.column())
        if role == Qt.ItemDataRole.ForegroundRole and (not member.active or index.column() == 4):
            colour = "#c62828" if index.column() == 4 else "#777777"
            return QBrush(QColor(colour))
        return None

    def _text(self, member: StaffView, column: int) -> str:
        if column == 0:
            return isolate_ltr(member.username)  # Latin letters and digits, kept in their order
        if column == 1:
            return member.full_name
        if column == 2:
            return role_name(member.role)
        if column == 3:
            return _("active") if member.active else _("inactive")
        if locked(member, self.instant):
            return _("locked until {time}", time=self.desk.fmt.when(parse_iso(member.locked_until or "")))
        return ""


@dataclass(frozen=True)
class NewStaff:
    username: str
    full_name: str
    role: str
    pin: str


class PinFields:
    """A PIN typed twice, in any digit script."""

    def __init__(self) -> None:
        self.pin, self.again = DigitEdit(), DigitEdit()
        for edit in (self.pin, self.again):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
            edit.setMaxLength(12)

    def value(self) -> str:
        if self.pin.digits() != self.again.digits():
            raise UserError("The two PINs are not the same.")
        return validate_new_pin(self.pin.digits())


class StaffDialog(QDialog):
    """A new account: user name, full name, role and first PIN."""

    def __init__(self, roles: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Add a staff member"))
        self.username, self.full_name, self.role = QLineEdit(), QLineEdit(), QComboBox()
        self.username.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.pins = PinFields()
        for role in roles:
            self.role.addItem(role_name(role), role)
        self.role.setCurrentIndex(self.role.findData("clerk"))
        self.message = MessageBar()
        form = QFormLayout()
        form.addRow(_("User name (Latin letters)"), self.username)
        form.addRow(_("Full name"), self.full_name)
        form.addRow(_("Role"), self.role)
        form.addRow(_("PIN (4 to 12 digits)"), self.pins.pin)
        form.addRow(_("PIN again"), self.pins.again)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def value(self) -> NewStaff:
        return NewStaff(self.username.text(), self.full_name.text(), str(self.role.currentData()),
                        self.pins.value())

    def accept(self) -> None:
        try:
            self.value()
        except UserError as err:
            self.message.show_error(err)
            return
        super().accept()


class PinDialog(QDialog):
    def __init__(self, full_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("New PIN for {name}", name=full_name))
        self.pins = PinFields()
        self.message = MessageBar()
        form = QFormLayout()
        form.addRow(_("New PIN"), self.pins.pin)
        form.addRow(_("PIN again"), self.pins.again)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(_("The new PIN also lifts any lockout. Tell it to the staff member in person.")))
        layout.addWidget(self.message)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def accept(self) -> None:
        try:
            self.pins.value()
        except UserError as err:
            self.message.show_error(err)
            return
        super().accept()


class AdminStaffScreen(AdminPage):
    """The staff list and what the owner (and, except PINs, a manager) may do with an account."""

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(desk, parent)
        self.model = StaffModel(desk, self)
        self.table = QTableView()
        self.add_button = QPushButton(_("Add a staff member…"))
        self.role_button = QPushButton(_("Change role…"))
        self.active_button = QPushButton(_("Deactivate"))
        self.pin_button = QPushButton(_("Set a new PIN…"))
        self.unlock_button = QPushButton(_("Lift the lockout"))
        self._build()
        self._connect()
        self.reload()

    def _build(self) -> None:
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.guard(self.add_button, Action.MANAGE_STAFF)
        self.guard(self.role_button, Action.MANAGE_STAFF)
        self.guard(self.active_button, Action.MANAGE_STAFF)
        self.guard(self.pin_button, Action.RESET_PIN)
        self.guard(self.unlock_button, Action.MANAGE_STAFF)
        buttons = button_row(self.add_button, self.role_button, self.active_button, self.pin_button, self.unlock_button)
        title = QLabel(_("Staff"))
        title.setStyleSheet("font-size: 18pt; font-weight: bold;")
        title.setObjectName(PAGE_TITLE)  # hidden in the window's page frame, which shows the title
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(QLabel(_("Accounts are never deleted: a deactivated account keeps its history "
                                  "but cannot log in.")))
        layout.addWidget(self.message)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

    def _connect(self) -> None:
        # Bound methods, not lambdas holding `self`: PySide can crash freeing such a cycle.
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.add_button.clicked.connect(self.add_member)
        self.role_button.clicked.connect(self.change_role)
        self.active_button.clicked.connect(self.toggle_active)
        self.pin_button.clicked.connect(self.reset_pin)
        self.unlock_button.clicked.connect(self.lift_lockout)

    # --- state -------------------------------------------------------------------------------

    def reload(self, select: str = "") -> None:
        db, actor = self.db, self.actor
        current = self.selected()
        chosen = select or (current.username if current else "")
        self.call(lambda: list_staff(db, actor), lambda staff: self._loaded(staff, chosen))

    def _loaded(self, staff: list[StaffView], select: str) -> None:
        self.model.set_staff(staff)
        self.select(select)
        self._selection_changed()

    def selected(self) -> StaffView | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return self.model.staff[rows[0].row()] if rows else None

    def select(self, username: str) -> None:
        for row, member in enumerate(self.model.staff):
            if member.username == username:
                select_row(self.table, row)

    def _selection_changed(self, *_args: object) -> None:
        member = self.selected()
        self.active_button.setText(_("Activate") if member and not member.active else _("Deactivate"))
        self.refresh_buttons()

    def can_press(self, button: QAbstractButton) -> bool:
        member = self.selected()
        if button is self.add_button:
            return True
        if member is None:
            return False
        if member.role == "owner" and self.actor.role != "owner":
            return False  # only the owner touches an owner's account
        if button is self.unlock_button:
            return locked(member, now_utc())
        return True

    def _done(self, text: str, username: str) -> None:
        self.message.show_info(text)
        self.reload(username)

    # --- what the buttons do (the dialogs are methods that tests replace) --------------------

    def ask_new_member(self) -> NewStaff | None:
        roles = [r for r in ROLES if r != "owner" or self.actor.role == "owner"]
        dialog = StaffDialog(roles, self)
        return dialog.value() if dialog.exec() == QDialog.DialogCode.Accepted else None

    def ask_role(self, member: StaffView) -> str | None:
        roles = [r for r in ROLES if r != "owner" or self.actor.role == "owner"]
        names = [role_name(r) for r in roles]
        current = roles.index(member.role) if member.role in roles else 0
        name, ok = QInputDialog.getItem(self, _("Change role"), _("New role for {name}", name=member.full_name),
                                        names, current, False)
        return roles[names.index(name)] if ok else None

    def ask_new_pin(self, member: StaffView) -> str | None:
        dialog = PinDialog(member.full_name, self)
        return dialog.pins.value() if dialog.exec() == QDialog.DialogCode.Accepted else None

    def ask_confirm(self, text: str) -> bool:
        return confirm(self, _("Staff"), text)

    def add_member(self) -> None:
        new = self.ask_new_member()
        if new is None:
            return
        db, actor = self.db, self.actor
        self.call(lambda: add_staff(db, actor, new.username, new.full_name, new.role, new.pin),
                  lambda _id: self._done(_("{name} was added and can log in now.", name=new.full_name),
                                         new.username.strip().lower()))

    def change_role(self) -> None:
        member = self.selected()
        role = self.ask_role(member) if member else None
        if member is None or role is None or role == member.role:
            return
        self._update(member, _("{name} is now {role}.", name=member.full_name, role=role_name(role)), role=role)

    def toggle_active(self) -> None:
        member = self.selected()
        if member is None:
            return
        if member.active and not self.ask_confirm(_("Deactivate {name}? The account keeps its history but can no "
                                                    "longer log in.", name=member.full_name)):
            return
        text = (_("{name} can no longer log in.", name=member.full_name) if member.active
                else _("{name} can log in again.", name=member.full_name))
        self._update(member, text, active=not member.active)

    def reset_pin(self) -> None:
        member = self.selected()
        pin = self.ask_new_pin(member) if member else None
        if member is None or pin is None:
            return
        self._update(member, _("The PIN of {name} was changed.", name=member.full_name), pin=pin)

    def lift_lockout(self) -> None:
        member = self.selected()
        if member is not None:
            self._update(member, _("{name} can try to log in again.", name=member.full_name), unlock=True)

    def _update(self, member: StaffView, text: str, **change: Any) -> None:
        db, actor, username = self.db, self.actor, member.username
        self.call(lambda: update_staff(db, actor, username, **change), lambda _r: self._done(text, username))


def staff_page(desk: Desk) -> AdminStaffScreen:
    """The page for the management menu."""
    return AdminStaffScreen(desk)
