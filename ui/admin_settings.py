"""Office settings: what the receipt says about the office, how money shows, the default VAT, when the
business day starts, the language, how a shift closes; and the receipt printer (its own page). One Save
is one transaction; every change is journaled by the service."""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
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
from app.i18n import _
from app.money import format_rate, parse_rate
from app.office_record import Office
from app.security import Action
from app.services.common import Actor
from app.services.office import office_settings, read_settings, save_settings
from app.settings_registry import (
    ASK_VARIANCE_REASON,
    BLIND_COUNT,
    LANGUAGE,
    VARIANCE_REASON_THRESHOLD,
    Setting,
    SettingValues,
)
from app.text import normalise
from ui.admin_common import PAGE_TITLE, AdminPage, refusal
from ui.admin_signing_key import SigningKeyPage
from ui.desk import Desk
from ui.widgets import button_row, group_digits, show_persian_digits

if TYPE_CHECKING:
    from ui.admin_printer import PrinterPage

TEXT_FIELDS = ("name", "code", "address", "phone", "economic_code")  # the office's one-line texts
SHOWN = (LANGUAGE, BLIND_COUNT, ASK_VARIANCE_REASON, VARIANCE_REASON_THRESHOLD)  # registered settings on this page


@dataclass(frozen=True)
class Saved:
    office: Office
    settings: SettingValues


def _load(db: Database) -> Saved:
    return Saved(office_settings(db), read_settings(db, SHOWN))


def _save(db: Database, actor: Actor, changes: dict[str, Any], settings: dict[Setting[Any], object]) -> int:
    """The office row and the registered settings in one transaction. Returns the number of changes."""
    return len(save_settings(db, actor, changes, settings))


class OfficePage(AdminPage):
    """The office's own details and money settings."""

    saved = Signal(object)  # the Office after a save (the desk takes it: how money shows, the VAT default)

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(desk, parent)
        self.loaded: Saved | None = None
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
            self.day_start.addItem(self.fmt.digits(f"{hour:02d}:00"), hour)
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
        buttons = button_row(self.save_button)
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

    def show_values(self, saved: Saved) -> None:
        self.loaded = saved
        office, settings, fmt = saved.office, saved.settings, self.fmt
        for name, edit in self.edits.items():
            edit.setText(fmt.digits(getattr(office, name)))  # stored with ASCII digits, shown with Persian ones
        self.footer.setPlainText(fmt.digits(office.footer))
        self.unit.setCurrentIndex(max(0, self.unit.findData(office.display_unit)))
        self.vat.setText(fmt.digits(format_rate(office.default_vat_bp)))
        self.vat_included.setChecked(office.default_vat_included)
        self.day_start.setCurrentIndex(self.day_start.findData(office.day_start_hour))
        self.language.setCurrentIndex(max(0, self.language.findData(settings[LANGUAGE])))
        self.blind_count.setChecked(settings[BLIND_COUNT])
        self.ask_reason.setChecked(settings[ASK_VARIANCE_REASON])
        self.threshold.setEnabled(self.ask_reason.isChecked())
        self.threshold.setText(group_digits(str(settings[VARIANCE_REASON_THRESHOLD]), persian=fmt.persian) or "")

    def _group_threshold(self, text: str) -> None:
        grouped = group_digits(text, persian=self.fmt.persian)
        if grouped is not None and grouped != text:
            self.threshold.setText(grouped)

    def setting_changes(self) -> dict[Setting[Any], object]:
        """The registered settings that differ from the saved ones (raises UserError for an unreadable
        threshold, naming it)."""
        assert self.loaded is not None
        form: dict[Setting[Any], object] = {
            LANGUAGE: str(self.language.currentData()), BLIND_COUNT: self.blind_count.isChecked(),
            ASK_VARIANCE_REASON: self.ask_reason.isChecked(),
            VARIANCE_REASON_THRESHOLD: VARIANCE_REASON_THRESHOLD.from_text(self.threshold.text())}
        return {s: v for s, v in form.items() if self.loaded.settings[s] != v}

    def form_office(self) -> Office:
        """The office as the form says (raises UserError for an unreadable VAT rate)."""
        assert self.loaded is not None
        # As the service will store them (normalised, ASCII digits): a field shown in Persian digits and
        # not touched is not a change.
        texts = {name: normalise(edit.text()) for name, edit in self.edits.items()}
        return replace(self.loaded.office, **texts, footer=normalise(self.footer.toPlainText()),
                       display_unit=str(self.unit.currentData()), default_vat_bp=parse_rate(self.vat.text()),
                       default_vat_included=self.vat_included.isChecked(),
                       day_start_hour=int(self.day_start.currentData()))

    def changes(self) -> dict[str, Any]:
        """The office fields that differ from the saved ones (raises UserError for an unreadable VAT rate)."""
        assert self.loaded is not None
        return {name: new for name, (_old, new) in self.loaded.office.changed(self.form_office()).items()}

    def save(self) -> None:
        if self.loaded is None:
            return  # not loaded yet: nothing to compare with
        try:
            changes = self.changes()
            settings = self.setting_changes()
        except UserError as err:
            self.message.show_error(err)
            return
        if not changes and not settings:
            self.message.show_info(_("Nothing was changed."))
            return
        db, actor = self.db, self.actor
        self.call(lambda: (_save(db, actor, changes, settings), _load(db)), self._saved)

    def _saved(self, outcome: tuple[int, Saved]) -> None:
        count, saved = outcome
        self.show_values(saved)
        self.message.show_info(_("Settings saved ({count} changes).", count=count))
        self.saved.emit(saved.office)


class AdminSettingsScreen(QWidget):
    """The settings as tabs: the office, and the receipt printer when printing is available."""

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.office = OfficePage(desk)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.office, _("Office"))
        self.printer = _printer_page(desk)
        if self.printer is not None:
            self.tabs.addTab(self.printer, _("Receipt printer"))
        self.signing = SigningKeyPage(desk)
        self.tabs.addTab(self.signing, _("Receipt signing key"))
        title = QLabel(_("Settings"))
        title.setStyleSheet("font-size: 18pt; font-weight: bold;")
        title.setObjectName(PAGE_TITLE)  # hidden in the window's page frame, which shows the title
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        if not self.office.may(Action.CHANGE_SETTINGS):
            notice = QLabel(refusal(self.office.actor, Action.CHANGE_SETTINGS))
            notice.setWordWrap(True)
            layout.addWidget(notice)
            self.tabs.setEnabled(False)
        layout.addWidget(self.tabs, 1)

    @property
    def idle(self) -> bool:
        return self.office.idle and self.signing.idle and (self.printer is None or (self.printer.idle and not self.printer.printing.busy))


def _printer_page(desk: Desk) -> PrinterPage | None:
    try:
        from ui.admin_printer import PrinterPage
    except ImportError:  # a build without the printing package: the rest of the settings still work
        return None
    return PrinterPage(desk)


def settings_page(desk: Desk) -> AdminSettingsScreen:
    """The page for the management menu. A save gives the desk the office as saved (how money shows, the
    VAT default)."""
    screen = AdminSettingsScreen(desk)
    screen.office.saved.connect(desk.set_office)
    return screen
