"""Login: pick a user, type the PIN (the numeric keypad's Enter works), see why a login is refused."""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.errors import UserError
from app.i18n import _
from ui.desk import Desk

if TYPE_CHECKING:
    from app.services.common import Actor
from ui.widgets import DigitEdit, MessageBar, keys_text, scaled_font

KEYPAD = ("7", "8", "9", "4", "5", "6", "1", "2", "3")


class LoginScreen(QWidget):
    logged_in = Signal(object)  # Actor

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.title = QLabel()
        self.title.setFont(scaled_font(self, 1.6, bold=True))
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.users = QListWidget()
        self.users.setFont(scaled_font(self, 1.3))
        self.users.setMinimumWidth(320)
        self.pin = DigitEdit()
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setFont(scaled_font(self, 1.6))
        self.pin.setMaxLength(12)
        self.pin.setPlaceholderText(_("PIN"))
        self.pin.setToolTip(_("Type your PIN and press Enter. Up and Down choose the user."))
        self.enter = QPushButton(_("Log in  ({keys})", keys=keys_text(["Enter"])))
        self.enter.setFont(scaled_font(self, 1.2, bold=True))
        self.enter.setToolTip(_("{action} — shortcut: {keys}", action=_("Log in"), keys=keys_text(["Enter"])))
        self.message = MessageBar()
        self._build()
        self.pin.returnPressed.connect(self.submit)
        self.enter.clicked.connect(self.submit)
        self.users.itemActivated.connect(lambda _item: self.pin.setFocus())
        self.pin.installEventFilter(self)

    def _build(self) -> None:
        keypad = QWidget()
        keypad.setLayoutDirection(Qt.LayoutDirection.LeftToRight)  # 7 8 9 as on the physical keypad
        pad = QGridLayout(keypad)
        pad.setContentsMargins(0, 0, 0, 0)
        buttons = [*KEYPAD, "⌫", "0", "C"]
        for i, label in enumerate(buttons):
            button = QPushButton(label if label in "⌫C" else self.desk.digits(label))
            button.setFont(scaled_font(self, 1.4))
            button.setMinimumSize(72, 56)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the keypad never steals focus from the PIN
            button.clicked.connect(lambda _c=False, key=label: self._keypad(key))
            pad.addWidget(button, i // 3, i % 3)
        right = QVBoxLayout()
        right.addWidget(QLabel(_("Who is at the counter?")))
        right.addWidget(self.users, 1)
        left = QVBoxLayout()
        left.addWidget(QLabel(_("PIN")))
        left.addWidget(self.pin)
        left.addWidget(keypad)
        left.addWidget(self.enter)
        left.addStretch(1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addLayout(right, 3)
        row.addSpacing(32)
        row.addLayout(left, 2)
        row.addStretch(1)
        page = QVBoxLayout(self)
        page.addSpacing(24)
        page.addWidget(self.title)
        page.addSpacing(16)
        page.addWidget(self.message)
        page.addLayout(row, 1)
        page.addSpacing(24)

    def set_users(self, names: list[tuple[str, str]], office_name: str, select: str = "") -> None:
        self.title.setText(self.desk.digits(office_name))
        self.users.clear()
        for username, full_name in names:
            item = QListWidgetItem(f"{full_name}")
            item.setData(Qt.ItemDataRole.UserRole, username)
            item.setToolTip(username)
            self.users.addItem(item)
        self.select_user(select)

    def select_user(self, username: str) -> None:
        for row in range(self.users.count()):
            if self.users.item(row).data(Qt.ItemDataRole.UserRole) == username:
                self.users.setCurrentRow(row)
                return
        if self.users.currentRow() < 0 and self.users.count():
            self.users.setCurrentRow(0)

    def username(self) -> str:
        item = self.users.currentItem()
        return str(item.data(Qt.ItemDataRole.UserRole)) if item else ""

    def reset(self, message: str = "") -> None:
        """Back to an empty PIN (after logout, or when switching user)."""
        self.pin.clear()
        self.enter.setEnabled(True)
        if message:
            self.message.show_info(message)
        else:
            self.message.clear_message()
        self.pin.setFocus()

    def submit(self) -> None:
        username, pin = self.username(), self.pin.digits()
        if not username:
            self.message.show_error(_("Choose a user first."))
            return
        if not pin:
            self.message.show_error(_("Type your PIN."))
            return
        self.enter.setEnabled(False)
        from app.services.auth import login  # here, not at the top: the login screen shows before SQLAlchemy loads

        desk = self.desk  # desk.db is read when the job runs: after the database has finished opening
        self.desk.runner.run(lambda: login(desk.db, username, pin), self._done, self._refused)

    def _done(self, actor: Actor) -> None:
        self.pin.clear()
        self.enter.setEnabled(True)
        self.message.clear_message()
        self.logged_in.emit(actor)

    def _refused(self, err: UserError) -> None:
        self.enter.setEnabled(True)
        self.pin.clear()
        self.pin.setFocus()
        self.message.show_error(err)  # (a wrong PIN says how many tries are left: app.services.auth)

    def _keypad(self, key: str) -> None:
        if key == "⌫":
            self.pin.backspace()
        elif key == "C":
            self.pin.clear()
        else:
            self.pin.insert(key)
        self.pin.setFocus()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if watched is self.pin and isinstance(event, QKeyEvent) and event.type() == QEvent.Type.KeyPress:
            step = {int(Qt.Key.Key_Up): -1, int(Qt.Key.Key_Down): 1}.get(int(event.key()))
            if step and self.users.count():
                row = max(0, min(self.users.count() - 1, self.users.currentRow() + step))
                self.users.setCurrentRow(row)
                return True
        return super().eventFilter(watched, event)
