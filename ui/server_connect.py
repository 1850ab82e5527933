"""Connecting this desk to the office server: the address field with its connection test (first run,
the owner's Office server page, a desk whose server is gone at start), and the screen a desk shows
when it cannot open the office's books on the server.

A desk never falls back to its own file by itself (the office's books would split in two): when the
server is gone it says so, and waits for «Try again» or for someone who chooses otherwise.
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.errors import UserError
from app.i18n import _, language
from app.services.connection import check_desk_address, connect_desk, use_own_file
from app.text import isolate_ltr, to_persian_digits
from ui.runner import Runner
from ui.widgets import MessageBar, bind_button, button_row, scaled_font

if TYPE_CHECKING:
    from app.services.common import Actor
    from app.services.connection_check import ConnectionCheck, DeskAddress

GOOD = "color:#1d5b2a; font-weight:bold;"
BAD = "color:#8a1c12; font-weight:bold;"
EXAMPLE = "postgresql://desk_NAME:PASSWORD@192.168.1.10:5432/pishkhan"


class FindingsView(QWidget):
    """What a connection test found, one line per question: the server PC, the desk's login, the office."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.server, self.login, self.office, self.desk = QLabel(), QLabel(), QLabel(), QLabel()
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(_("Server PC"), self.server)
        form.addRow(_("Desk login"), self.login)
        form.addRow(_("Office"), self.office)
        form.addRow(_("This desk"), self.desk)
        # Beside its label whatever script the finding is in (Qt aligns a Latin-only text by its own direction).
        side = Qt.AlignmentFlag.AlignRight if self.isRightToLeft() else Qt.AlignmentFlag.AlignLeft
        for label in (self.server, self.login, self.office, self.desk):
            label.setWordWrap(True)
            label.setAlignment(side | Qt.AlignmentFlag.AlignAbsolute | Qt.AlignmentFlag.AlignVCenter)
        self.hide()

    def show_check(self, check: ConnectionCheck) -> None:
        where, login = check.address.where, isolate_ltr(check.address.login)
        self._set(self.server, check.reached, _("{where} answers", where=where), _("{where} does not answer", where=where))
        self._set(self.login, check.accepted if check.reached else None, _("{login} accepted", login=login),
                  _("{login} refused", login=login))
        self._set(self.office, bool(check.office) if check.accepted else None, shown(check.office),
                  _("no office's books"))
        self.desk.setText(isolate_ltr(check.address.desk))
        self.show()

    def _set(self, label: QLabel, good: bool | None, yes: str, no: str) -> None:
        """A finding: good, bad, or not known (an earlier step failed)."""
        label.setText("—" if good is None else yes if good else no)
        label.setStyleSheet("" if good is None else GOOD if good else BAD)


class ConnectionForm(QWidget):
    """Paste what `pishkhan server add-desk NAME` printed, test it, save it. Saving tests again and saves
    only what passes: a wrong password saves nothing."""

    connected = Signal(str)  # the server's URL, saved as this desk's: the window opens its books

    def __init__(self, runner: Runner, actor: Actor | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner, self.actor = runner, actor
        self.address = QLineEdit()
        self.address.setLayoutDirection(Qt.LayoutDirection.LeftToRight)  # an address reads left to right
        self.address.setPlaceholderText(EXAMPLE)
        self.address.setClearButtonEnabled(True)
        self.test_button, self.save_button = QPushButton(), QPushButton()
        self.message = MessageBar()
        self.findings = FindingsView()
        self.busy = False
        self._build()
        self.address.returnPressed.connect(self.test)
        self.address.textEdited.connect(self._edited)

    def _edited(self, _text: str) -> None:
        self.findings.hide()
        self.message.clear_message()

    def _build(self) -> None:
        intro = QLabel(_("On the server PC, «pishkhan server add-desk NAME» printed this desk's address (it begins "
                         "with postgresql://). Paste it here, or type it, and test the connection."))
        intro.setWordWrap(True)
        bind_button(self, self.test_button, _("Test the connection"), ["Return"], self.test, shortcut=False)
        bind_button(self, self.save_button, _("Save and connect"), ["Ctrl+Return", "Ctrl+Enter"], self.save)
        self.test_button.setDefault(True)  # Enter in a dialog tests; saving is asked for (Ctrl+Enter)
        self.save_button.setAutoDefault(False)
        buttons = button_row(self.test_button, self.save_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(intro)
        layout.addWidget(QLabel(_("This desk's address on the office server")))
        layout.addWidget(self.address)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        layout.addWidget(self.findings)

    def start(self) -> None:
        self.address.setFocus()

    def test(self) -> None:
        text = self.address.text()
        self._run(_("Testing the connection…"), lambda: check_desk_address(text), self._tested)

    def save(self) -> None:
        text, actor = self.address.text(), self.actor
        self._run(_("Testing the connection and saving…"), lambda: connect_desk(text, actor), self._saved)

    def _run(self, doing: str, work: Callable[[], ConnectionCheck], done: Callable[[ConnectionCheck], None]) -> None:
        if self.busy:
            return
        self._busy(True)
        self.findings.hide()
        self.message.show_info(doing)

        def finished(check: ConnectionCheck) -> None:
            if shiboken6.isValid(self):  # (not a form closed meanwhile)
                self._busy(False)
                done(check)

        def refused(err: UserError) -> None:  # an address that is no address, or a refused role
            if shiboken6.isValid(self):
                self._busy(False)
                self.message.show_error(err)

        self.runner.run(work, finished, refused)

    def _busy(self, busy: bool) -> None:
        self.busy = busy
        for button in (self.test_button, self.save_button):
            button.setEnabled(not busy)

    def _tested(self, check: ConnectionCheck) -> None:
        if self.address.text() != check.address.url:  # the address found in what was pasted, as it is used
            self.address.setText(check.address.url)
            self.address.setCursorPosition(0)
        self.findings.show_check(check)
        if check.problem is not None:
            self.message.show_error(check.problem)
        else:
            self.message.show_info(_("The connection works: this desk can keep the books of «{office}» as desk "
                                     "«{desk}». Press «Save and connect».", office=shown(check.office),
                                     desk=isolate_ltr(check.address.desk)))

    def _saved(self, check: ConnectionCheck) -> None:
        self._tested(check)
        if check.ok:
            self.message.show_info(_("Saved: this desk keeps the books of «{office}» on the office server.",
                                     office=shown(check.office)))
            self.connected.emit(check.address.url)


def shown(text: str) -> str:
    """A name from the books as the screens show names: Persian digits in Persian."""
    return to_persian_digits(text) if language() == "fa" else text


def server_address(location: Path | str) -> DeskAddress | None:
    """The desk's address on the office server, if `location` is one this desk may show."""
    from app.services.connection import books_place

    try:
        return books_place(location).server
    except UserError:  # (a URL without a desk's login: the owner's own, given with --db)
        return None


def confirm_own_file(parent: QWidget) -> bool:
    """Leaving the office server is a choice made knowingly: sales recorded in this PC's file are not in the
    office's books."""
    answer = QMessageBox.warning(
        parent, _("Use this PC's own file"),
        _("From now on this desk keeps its books in this PC's own file, not on the office server. Sales recorded "
          "here will not be in the office's books, its receipt numbers or its day close. Do this only if this "
          "desk leaves the office server for good. Go on?"),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
    return answer == QMessageBox.StandardButton.Yes


class ConnectionDialog(QDialog):
    """The connection settings of a desk no one can log in to yet (its server is gone at start): another
    address, or this PC's own file."""

    books_chosen = Signal(object)  # the server's URL (str) or this PC's file (Path)

    def __init__(self, runner: Runner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Office server connection"))
        self.setMinimumWidth(640)
        self.runner = runner
        self.form = ConnectionForm(runner)
        self.own_file_button, self.close_button = QPushButton(), QPushButton()
        self.own_file_button.setText(_("Use this PC's own file instead"))
        self.own_file_button.clicked.connect(self.own_file)
        bind_button(self, self.close_button, _("Close"), ["Escape"], self.reject, shortcut=False)
        for button in (self.own_file_button, self.close_button):
            button.setAutoDefault(False)
        self.form.connected.connect(self._chosen)
        buttons = button_row(self.own_file_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addStretch(1)
        layout.addLayout(buttons)
        self.form.start()

    def ask_own_file(self) -> bool:
        return confirm_own_file(self)

    def own_file(self) -> None:
        if self.ask_own_file():
            self.runner.run(use_own_file, self._chosen, self.form.message.show_error)

    def _chosen(self, location: Path | str) -> None:
        self.books_chosen.emit(location)
        self.accept()


class ServerLostScreen(QWidget):
    """The office's books are on the server, and the server cannot be opened: why, with «Try again» and the
    connection settings. Nothing is recorded anywhere meanwhile."""

    retry_requested = Signal()
    books_chosen = Signal(object)  # other books chosen in the connection settings

    def __init__(self, runner: Runner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.title = QLabel(_("This desk cannot open the office's books on the server"))
        self.title.setFont(scaled_font(self, 1.6, bold=True))
        self.title.setWordWrap(True)
        self.problem = MessageBar()
        self.place = QLabel()
        self.place.setWordWrap(True)
        self.retry_button, self.settings_button = QPushButton(), QPushButton()
        bind_button(self, self.retry_button, _("Try again"), ["Return"], self.retry, shortcut=False)
        bind_button(self, self.settings_button, _("Connection settings…"), ["Ctrl+K"], self.open_settings)
        for button in (self.retry_button, self.settings_button):
            button.setFont(scaled_font(self, 1.2, bold=True))
            button.setMinimumHeight(56)
        self.retry_button.setDefault(True)
        self.dialog: ConnectionDialog | None = None
        buttons = button_row(self.retry_button, self.settings_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 48, 48, 48)
        layout.addWidget(self.title)
        layout.addWidget(self.problem)
        layout.addWidget(self.place)
        layout.addLayout(buttons)
        layout.addStretch(1)

    def show_problem(self, err: UserError, address: DeskAddress | None) -> None:
        self.problem.show_error(err)
        if address is not None:
            self.place.setText(_("This desk keeps the office's books on the server {url} as desk «{desk}». It records "
                                 "nothing anywhere else meanwhile, so that the office's books stay one.",
                                 url=isolate_ltr(address.shown), desk=isolate_ltr(address.desk)))
        self.retry_button.setEnabled(True)
        self.retry_button.setFocus()

    def keyPressEvent(self, event) -> None:  # type: ignore[no-untyped-def]  # noqa: N802 - Qt override
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.retry_button.isEnabled():
            self.retry()
            return
        super().keyPressEvent(event)

    def retry(self) -> None:
        self.retry_button.setEnabled(False)  # one try at a time; the window says when it is over
        self.problem.show_info(_("Opening the office database…"))
        self.retry_requested.emit()

    def open_settings(self) -> None:
        from ui.widgets import open_dialog

        self.dialog = ConnectionDialog(self.runner, self)
        self.dialog.books_chosen.connect(self.books_chosen.emit)
        open_dialog(self.dialog)
