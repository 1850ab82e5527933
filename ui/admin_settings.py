"""Office settings: what the receipt says about the office, how money shows, the default VAT, when the
business day starts, the language; and the receipt printer (its own page). Every change is journaled
by the service."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.db import Database
from app.errors import UserError
from app.i18n import _, language
from app.money import format_rate, parse_rate
from app.security import Action
from app.services.common import Actor
from app.services.office import office_settings, read_setting, save_settings
from app.text import clean_digits, normalise
from ui.admin_common import PAGE_TITLE, AdminPage, digits, refusal
from ui.admin_signing_key import SigningKeyPage
from ui.desk import Desk
from ui.runner import Runner
from ui.widgets import group_digits, show_persian_digits

if TYPE_CHECKING:
    from ui.admin_printer import PrinterPage

LANGUAGE = "language"
BLIND_COUNT = "blind_count"
ASK_REASON = "ask_variance_reason"
THRESHOLD = "variance_reason_threshold"
TEXT_FIELDS = ("name", "code", "address", "phone", "economic_code")


REGISTERED = (LANGUAGE, BLIND_COUNT, ASK_REASON, THRESHOLD)  # settings of the registry shown on this page


def _load(db: Database) -> dict[str, Any]:
    values = office_settings(db)
    for key in REGISTERED:
        values[key] = read_setting(db, key)
    return values


def _save(db: Database, actor: Actor, changes: dict[str, Any], settings: dict[str, str]) -> int:
    """The office row and the registered settings in one transaction. Returns the number of changes."""
    return len(save_settings(db, actor, changes, settings))


class OfficePage(AdminPage):
    """The office's own details and money settings."""

    saved = Signal(dict)  # the office settings after a save (the main window refreshes its header)

    def __init__(self, db: Database, actor: Actor, runner: Runner | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(db, actor, runner, parent)
        self.loaded: dict[str, Any] = {}
        self.edits = {name: QLineEdit() for name in TEXT_FIELDS}
        self.footer = QPlainTextEdit()
        self.unit, self.language = QComboBox(), QComboBox()
        self.vat = QLineEdit()
        self.vat_included = QCheckBox(_("The office fee already includes VAT"))
        self.day_start = QComboBox()
        self.blind_count = QCheckBox(_("Blind count: the clerk does not see the expected cash until the drawer "
                                       "is counted"))
        self.ask_reason = QCheckBox(_("Ask the clerk for the reason of a variance above this amount (Rial):"))
        self.threshold = QLineEdit()
        self.save_button = QPushButton(_("Save"))
        self._build()
        self.save_button.clicked.connect(self.save)
        self.load()

    def _build(self) -> None:
        self.footer.setMaximumHeight(80)
        for name in ("phone", "economic_code"):
            self.edits[name].setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        for edit in (*self.edits.values(), self.vat):
            show_persian_digits(edit)
        self.unit.addItem(_("Rial"), "rial")
        self.unit.addItem(_("Toman"), "toman")
        self.language.addItem("فارسی", "fa")
        self.language.addItem("English", "en")
        for hour in range(13):
            self.day_start.addItem(digits(f"{hour:02d}:00"), hour)
        self.vat.setMaximumWidth(120)
        office = QGroupBox(_("The office (printed on every receipt)"))
        form = QFormLayout(office)
        form.addRow(_("Office name"), self.edits["name"])
        form.addRow(_("Office code"), self.edits["code"])
        form.addRow(_("Address"), self.edits["address"])
        form.addRow(_("Phone"), self.edits["phone"])
        form.addRow(_("Economic code"), self.edits["economic_code"])
        form.addRow(_("Receipt footer"), self.footer)
        money = QGroupBox(_("Money and the business day"))
        form2 = QFormLayout(money)
        form2.addRow(_("Show amounts in"), self.unit)
        form2.addRow(_("Default VAT (percent)"), self.vat)
        form2.addRow("", self.vat_included)
        form2.addRow(_("The business day starts at"), self.day_start)
        form2.addRow(_("Language"), self.language)
        closing = QGroupBox(_("Closing a shift"))
        form3 = QFormLayout(closing)
        form3.addRow("", self.blind_count)
        self.threshold.setMaximumWidth(180)
        self.threshold.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.threshold.textEdited.connect(self._group_threshold)
        form3.addRow(self.ask_reason, self.threshold)
        self.ask_reason.toggled.connect(self.threshold.setEnabled)
        hint = QLabel(_("The default VAT applies to services added from now on; each service keeps the VAT of "
                        "its tariff. A new language shows after the program is started again."))
        hint.setWordWrap(True)
        self.guard(self.save_button, Action.CHANGE_SETTINGS)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addWidget(office)
        layout.addWidget(money)
        layout.addWidget(closing)
        layout.addWidget(hint)
        layout.addLayout(buttons)
        layout.addStretch(1)

    def load(self) -> None:
        db = self.db
        self.call(lambda: _load(db), self.show_values)

    def show_values(self, values: dict[str, Any]) -> None:
        self.loaded = values
        for name, edit in self.edits.items():
            edit.setText(digits(values[name]))  # stored with ASCII digits, shown with Persian ones
        self.footer.setPlainText(digits(values["footer"]))
        self.unit.setCurrentIndex(max(0, self.unit.findData(values["display_unit"])))
        self.vat.setText(digits(format_rate(int(values["default_vat_bp"]))))
        self.vat_included.setChecked(bool(values["default_vat_included"]))
        self.day_start.setCurrentIndex(self.day_start.findData(int(values["day_start_hour"])))
        self.language.setCurrentIndex(max(0, self.language.findData(values[LANGUAGE])))
        self.blind_count.setChecked(values[BLIND_COUNT] == "1")
        self.ask_reason.setChecked(values[ASK_REASON] == "1")
        self.threshold.setEnabled(self.ask_reason.isChecked())
        self.threshold.setText(group_digits(str(values[THRESHOLD]), persian=language() == "fa") or "")

    def _group_threshold(self, text: str) -> None:
        grouped = group_digits(text, persian=language() == "fa")
        if grouped is not None and grouped != text:
            self.threshold.setText(grouped)

    def setting_changes(self) -> dict[str, str]:
        """The registered settings that differ from the saved ones (as the registry stores them)."""
        form = {LANGUAGE: str(self.language.currentData()), BLIND_COUNT: "1" if self.blind_count.isChecked() else "0",
                ASK_REASON: "1" if self.ask_reason.isChecked() else "0", THRESHOLD: clean_digits(self.threshold.text())}
        return {k: v for k, v in form.items() if str(self.loaded.get(k)) != v}

    def changes(self) -> dict[str, Any]:
        """What differs from the saved settings (raises UserError for an unreadable VAT rate)."""
        # As the service will store them (normalised, ASCII digits): a field shown in Persian digits and
        # not touched is not a change.
        form: dict[str, Any] = {name: normalise(edit.text()) for name, edit in self.edits.items()}
        form.update(footer=normalise(self.footer.toPlainText()), display_unit=self.unit.currentData(),
                    default_vat_bp=parse_rate(self.vat.text()), default_vat_included=self.vat_included.isChecked(),
                    day_start_hour=int(self.day_start.currentData()))
        return {k: v for k, v in form.items() if self.loaded.get(k) != v}

    def save(self) -> None:
        try:
            changes = self.changes()
        except UserError as err:
            self.message.show_error(err)
            return
        settings = self.setting_changes()
        if not changes and not settings:
            self.message.show_info(_("Nothing was changed."))
            return
        db, actor = self.db, self.actor
        self.call(lambda: (_save(db, actor, changes, settings), _load(db)), self._saved)

    def _saved(self, outcome: tuple[int, dict[str, Any]]) -> None:
        count, values = outcome
        self.show_values(values)
        self.message.show_info(_("Settings saved ({count} changes).", count=count))
        self.saved.emit(values)


class AdminSettingsScreen(QWidget):
    """The settings as tabs: the office, and the receipt printer when printing is available."""

    def __init__(self, db: Database, actor: Actor, runner: Runner | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.office = OfficePage(db, actor, runner)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.office, _("Office"))
        self.printer = _printer_page(db, actor, runner)
        if self.printer is not None:
            self.tabs.addTab(self.printer, _("Receipt printer"))
        self.signing = SigningKeyPage(db, actor, runner)
        self.tabs.addTab(self.signing, _("Receipt signing key"))
        title = QLabel(_("Settings"))
        title.setStyleSheet("font-size: 18pt; font-weight: bold;")
        title.setObjectName(PAGE_TITLE)  # hidden in the window's page frame, which shows the title
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        if not self.office.may(Action.CHANGE_SETTINGS):
            notice = QLabel(refusal(actor, Action.CHANGE_SETTINGS))
            notice.setWordWrap(True)
            layout.addWidget(notice)
            self.tabs.setEnabled(False)
        layout.addWidget(self.tabs, 1)

    @property
    def idle(self) -> bool:
        return self.office.idle and self.signing.idle and (self.printer is None or (self.printer.idle and not self.printer.printing.busy))


def _printer_page(db: Database, actor: Actor, runner: Runner | None) -> PrinterPage | None:
    try:
        from ui.admin_printer import PrinterPage
    except ImportError:  # a build without the printing package: the rest of the settings still work
        return None
    return PrinterPage(db, actor, runner)


def settings_page(desk: Desk) -> AdminSettingsScreen:
    """The page for the management menu. A save updates the desk's copy of the office settings (how
    money shows, the VAT default)."""
    screen = AdminSettingsScreen(desk.db, desk.actor, desk.runner)  # type: ignore[arg-type]
    screen.office.saved.connect(desk.office.update)
    return screen
