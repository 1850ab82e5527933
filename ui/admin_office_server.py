"""The owner's «Office server» page: how this desk keeps the office's books — in this PC's own file, or
on the office server (its address without the password, and the desk's name) — with the connection
test, another server, and the way back to this PC's file. The choice is this desk's alone (its config
folder); the window then opens the chosen books and everyone logs in again."""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGroupBox, QLabel, QPushButton, QVBoxLayout, QWidget

from app.i18n import _
from app.security import Action
from app.services.connection import use_own_file
from app.services.connection_check import check_connection
from app.text import isolate_ltr
from ui.admin_common import PAGE_TITLE, AdminPage
from ui.server_connect import ConnectionForm, FindingsView, confirm_own_file, server_address
from ui.widgets import button_row, scaled_font

if TYPE_CHECKING:
    from app.services.connection_check import ConnectionCheck
    from ui.desk import Desk
    from ui.pages import PageHost


class OfficeServerPage(AdminPage):
    books_changed = Signal(object)  # the books this desk keeps from now on: the server's URL or this PC's file

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(desk, parent)
        db = self.db
        self.address = server_address(db.store.url) if db.on_server else None
        self.place = QLabel()
        self.explain = QLabel()
        self.findings = FindingsView()
        self.form = ConnectionForm(self.runner, self.actor)
        self.form_box = QGroupBox()
        QVBoxLayout(self.form_box).addWidget(self.form)
        self.form_box.hide()
        self.test_button, self.change_button, self.own_file_button = QPushButton(), QPushButton(), QPushButton()
        self._build()
        self.test_button.clicked.connect(self.test)
        self.change_button.clicked.connect(self.show_form)
        self.own_file_button.clicked.connect(self.own_file)
        self.form.connected.connect(self.books_changed.emit)
        self.show_place()

    def _build(self) -> None:
        title = QLabel(_("Office server"))
        title.setStyleSheet("font-size: 18pt; font-weight: bold;")
        title.setObjectName(PAGE_TITLE)  # hidden in the window's page frame, which shows the title
        self.place.setFont(scaled_font(self, 1.2, bold=True))
        for label in (self.place, self.explain):
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.test_button.setText(_("Test the connection"))
        self.own_file_button.setText(_("Use this PC's own file"))
        for button in (self.test_button, self.change_button, self.own_file_button):
            self.guard(button, Action.CONNECT_DESK)
        buttons = button_row(self.test_button, self.change_button, self.own_file_button)
        books = QGroupBox(_("How this desk keeps the office's books"))
        inner = QVBoxLayout(books)
        inner.addWidget(self.place)
        inner.addWidget(self.explain)
        inner.addWidget(self.findings)
        inner.addLayout(buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.message)
        layout.addWidget(books)
        layout.addWidget(self.form_box)
        layout.addStretch(1)

    def show_place(self) -> None:
        on_server = self.db.on_server
        if self.address is not None:
            self.place.setText(_("On the office server {url}, as desk «{desk}».", url=isolate_ltr(self.address.shown),
                                 desk=isolate_ltr(self.address.desk)))
            self.explain.setText(_("Every desk connected to this server records into the same books: one receipt "
                                   "series, one day close. This desk's password is kept in its own settings "
                                   "folder, readable by this Windows account only."))
        elif on_server:
            self.place.setText(_("On the office server {url}.", url=isolate_ltr(self.db.location)))
            self.explain.setText("")
        else:
            self.place.setText(_("In this PC's own file: {path}", path=isolate_ltr(str(self.db.path))))
            self.explain.setText(_("One desk alone. When several desks share the office's books, connect each of "
                                   "them to the office server. Connecting moves nothing: this file stays as it is; "
                                   "its history goes onto the server only with «pishkhan server import» on the "
                                   "server PC."))
        self.change_button.setText(_("Change the server…") if on_server else _("Connect to the office server…"))
        self.form_box.setTitle(self.change_button.text().rstrip("…"))
        self.test_button.setVisible(self.address is not None)
        self.own_file_button.setVisible(on_server)

    def show_form(self) -> None:
        self.form_box.show()
        self.form.start()

    def test(self) -> None:
        if self.address is None:
            return
        address = self.address
        self.message.show_info(_("Testing the connection…"))
        self.call(lambda: check_connection(address), self._tested)

    def _tested(self, check: ConnectionCheck) -> None:
        self.findings.show_check(check)
        if check.problem is not None:
            self.message.show_error(check.problem)
        else:
            self.message.show_info(_("The connection works."))

    def ask_own_file(self) -> bool:
        return confirm_own_file(self)

    def own_file(self) -> None:
        if not self.ask_own_file():
            return
        actor = self.actor
        self.call(lambda: use_own_file(actor), self._own_file)

    def _own_file(self, path: Path) -> None:
        self.books_changed.emit(path)


def office_server_page(desk: Desk, host: PageHost) -> OfficeServerPage:
    """The page for the management menu. Other books chosen: the window opens them (everyone logs in again)."""
    screen = OfficeServerPage(desk)
    screen.books_changed.connect(host.open_books)  # type: ignore[attr-defined]  # (the main window)
    return screen
