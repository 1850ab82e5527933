"""First run: set up a new office (name, code, owner account and PIN, VAT, Rial or Toman), connect this
desk to the office server, restore a backup, or load the demo."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.errors import UserError
from app.i18n import _
from app.money import parse_rate
from app.office_record import Office
from app.services.office import OfficeSetup, create_office
from ui.desk import Desk
from ui.server_connect import ConnectionForm
from ui.widgets import DigitEdit, MessageBar, bind_button, button_row, open_dialog, scaled_font, show_persian_digits

DEMO_DAYS = 7


def _load_demo(db) -> str:  # type: ignore[no-untyped-def]
    from app.demo import build_demo

    return build_demo(db, days=DEMO_DAYS).username


class FirstRunScreen(QWidget):
    """Two steps: choose (new office, the office server, a backup or the demo), then the new office's
    details or the server's address."""

    office_ready = Signal(str)  # the user name to preselect at login
    server_connected = Signal(str)  # this desk's books are now on the office server at this URL

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.pages = QStackedWidget()
        self.message = MessageBar()
        self.new_button = QPushButton()
        self.server_button = QPushButton()
        self.demo_button = QPushButton()
        self.restore_button = QPushButton()
        self.name = QLineEdit()
        self.code = DigitEdit()
        self.owner_name = QLineEdit()
        self.owner_username = QLineEdit("owner")
        self.pin = DigitEdit()
        self.pin_again = DigitEdit()
        self.vat = QLineEdit(desk.digits(10))
        show_persian_digits(self.vat)
        self.unit = QComboBox()
        self.back_button = QPushButton()
        self.create_button = QPushButton()
        self.pages.addWidget(self._choice_page())
        self.pages.addWidget(self._form_page())
        self.server_back_button = QPushButton()
        self.connection = ConnectionForm(desk.runner)
        self.connection.connected.connect(self.server_connected.emit)
        self.pages.addWidget(self._server_page())
        title = QLabel(_("Welcome to Pishkhan Desk"))
        title.setFont(scaled_font(self, 1.8, bold=True))
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.message)
        layout.addWidget(self.pages, 1)

    def _choice_page(self) -> QWidget:
        page = QWidget()
        intro = QLabel(_("This computer has no office yet. Set up your office on this PC, connect this desk "
                         "to your office's server when several desks share one office's books, bring your "
                         "office back from a backup made on another computer, or load a demo office with "
                         "sample services and staff to try the program."))
        intro.setWordWrap(True)
        for button in (self.new_button, self.server_button, self.demo_button, self.restore_button):
            button.setFont(scaled_font(self, 1.3, bold=True))
            button.setMinimumHeight(72)
        bind_button(self, self.new_button, _("Start a new office on this PC"), ["Ctrl+N"], self.show_form)
        bind_button(self, self.server_button, _("Connect this desk to the office server"), ["Ctrl+K"],
                    self.show_server)
        bind_button(self, self.demo_button, _("Load the demo office"), ["Ctrl+D"], self.load_demo)
        bind_button(self, self.restore_button, _("Restore from a backup"), ["Ctrl+R"], self.restore_backup)
        layout = QVBoxLayout(page)
        layout.addWidget(intro)
        layout.addSpacing(16)
        layout.addWidget(self.new_button)
        layout.addWidget(self.server_button)
        layout.addWidget(self.restore_button)
        layout.addWidget(self.demo_button)
        layout.addStretch(1)
        return page

    def _server_page(self) -> QWidget:
        page = QWidget()
        box = QGroupBox(_("Connect this desk to the office server"))
        inner = QVBoxLayout(box)
        inner.addWidget(self.connection)
        bind_button(page, self.server_back_button, _("Back"), ["Alt+Left"], lambda: self.pages.setCurrentIndex(0))
        self.server_back_button.setAutoDefault(False)
        back = button_row(self.server_back_button)
        layout = QVBoxLayout(page)
        layout.addWidget(box)
        layout.addLayout(back)
        layout.addStretch(1)
        return page

    def show_server(self) -> None:
        self.message.clear_message()
        self.pages.setCurrentIndex(2)
        self.connection.start()

    def restore_backup(self) -> None:
        """A new computer: bring the office back from a backup (the .db with its .key beside it)."""
        from ui.admin_restore import AdminRestoreDialog  # only when asked: the admin screens are heavy

        dialog = AdminRestoreDialog(self.desk, parent=self)
        dialog.restored.connect(lambda _result: self.office_ready.emit("owner"))
        dialog.restored.connect(dialog.accept)
        open_dialog(dialog)

    def _form_page(self) -> QWidget:
        page = QWidget()
        for edit in (self.pin, self.pin_again):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
            edit.setMaxLength(12)
        self.unit.addItem(_("Rial"), "rial")
        self.unit.addItem(_("Toman"), "toman")
        office = QGroupBox(_("Office"))
        form = QFormLayout(office)
        form.addRow(_("Office name"), self.name)
        form.addRow(_("Office code"), self.code)
        owner = QGroupBox(_("Owner account"))
        form2 = QFormLayout(owner)
        form2.addRow(_("Full name"), self.owner_name)
        form2.addRow(_("User name (Latin letters)"), self.owner_username)
        form2.addRow(_("PIN (4 to 12 digits)"), self.pin)
        form2.addRow(_("PIN again"), self.pin_again)
        money = QGroupBox(_("Money"))
        form3 = QFormLayout(money)
        form3.addRow(_("Default VAT (percent)"), self.vat)
        form3.addRow(_("Show amounts in"), self.unit)
        self.owner_username.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        # Keys owned by the page: the server page answers to the same ones (a hidden page's keys are off).
        bind_button(page, self.back_button, _("Back"), ["Alt+Left"], lambda: self.pages.setCurrentIndex(0))
        bind_button(page, self.create_button, _("Create the office"), ["Ctrl+Return", "Ctrl+Enter"], self.create_office)
        self.create_button.setDefault(True)
        edits: tuple[QLineEdit, ...] = (self.name, self.code, self.owner_name, self.owner_username, self.pin, self.vat)
        for line in edits:
            line.returnPressed.connect(self.focusNextChild)
        self.pin_again.returnPressed.connect(self.create_office)
        buttons = button_row(self.create_button, self.back_button)
        layout = QVBoxLayout(page)
        layout.addWidget(office)
        layout.addWidget(owner)
        layout.addWidget(money)
        layout.addLayout(buttons)
        layout.addStretch(1)
        return page

    def start(self) -> None:
        self.pages.setCurrentIndex(0)
        self.new_button.setFocus()

    def show_form(self) -> None:
        self.message.clear_message()
        self.pages.setCurrentIndex(1)
        self.name.setFocus()

    def setup(self) -> OfficeSetup:
        """What the form says, checked where the service cannot (PIN typed twice, VAT rate)."""
        if self.pin.digits() != self.pin_again.digits():
            raise UserError("The two PINs are not the same.")
        office = Office(name=self.name.text(), code=self.code.digits(), display_unit=str(self.unit.currentData()),
                        default_vat_bp=parse_rate(self.vat.text()))
        return OfficeSetup(office, owner_username=self.owner_username.text(), owner_name=self.owner_name.text(),
                           owner_pin=self.pin.digits())

    def create_office(self) -> None:  # (not `create`: that is QWidget's own)
        try:
            setup = self.setup()
        except UserError as err:
            self.message.show_error(err)
            return
        self._busy(_("Creating the office…"))
        db = self.desk.db
        self.desk.runner.run(lambda: create_office(db, setup).username, self.office_ready.emit, self._failed)

    def load_demo(self) -> None:
        self._busy(_("Loading the demo office…"))
        db = self.desk.db
        self.desk.runner.run(lambda: _load_demo(db), self.office_ready.emit, self._failed)

    def _busy(self, text: str) -> None:
        self.message.show_info(text)
        for button in (self.create_button, self.demo_button, self.new_button, self.server_button):
            button.setEnabled(False)

    def _failed(self, err: UserError) -> None:
        for button in (self.create_button, self.demo_button, self.new_button, self.server_button):
            button.setEnabled(True)
        self.message.show_error(err)
