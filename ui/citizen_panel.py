"""Who the visit is for: national ID checked as it is typed, the name remembered from earlier visits."""
from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QWidget

from app.errors import UserError
from app.i18n import _
from app.services.citizens import find_citizen
from app.text import clean_digits, normalise_mobile, normalise_national_id
from ui.desk import Desk
from ui.widgets import DigitEdit, keys_text

OK_STYLE = "color:#1d5b2a;"
BAD_STYLE = "color:#8a1c12;"


class CitizenPanel(QWidget):
    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.national_id = DigitEdit()
        self.national_id.setMaxLength(14)
        self.national_id.setPlaceholderText(_("National ID"))
        self.national_id.setToolTip(_("The citizen's 10-digit national ID. Shortcut: {keys}",
                                      keys=keys_text(["Ctrl+I"])))
        self.id_state = QLabel()
        self.id_state.setMinimumWidth(110)
        self.name = QLineEdit()
        self.name.setPlaceholderText(_("Citizen's name"))
        self.mobile = DigitEdit()
        self.mobile.setMaxLength(16)
        self.mobile.setPlaceholderText(_("Mobile"))
        self._looked_up = ""
        self._name_filled = False
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(QLabel(_("National ID")))
        row.addWidget(self.national_id, 2)
        row.addWidget(self.id_state)
        row.addWidget(QLabel(_("Name")))
        row.addWidget(self.name, 3)
        row.addWidget(QLabel(_("Mobile")))
        row.addWidget(self.mobile, 2)
        self.national_id.textChanged.connect(self._check_id)
        self.name.textEdited.connect(lambda _t: setattr(self, "_name_filled", False))
        for edit in (self.national_id, self.name):
            edit.returnPressed.connect(self.focusNextChild)

    def _check_id(self, text: str) -> None:
        digits = clean_digits(text)
        valid = normalise_national_id(digits) if len(digits) >= 8 else None
        if not digits:
            self.id_state.clear()
        elif valid:
            self.id_state.setStyleSheet(OK_STYLE)
            self.id_state.setText("✓ " + _("valid"))
            self._look_up(valid)
        elif len(digits) < 10:
            self.id_state.setStyleSheet("")
            self.id_state.setText(self.desk.digits(f"{len(digits)}/10"))
        else:
            self.id_state.setStyleSheet(BAD_STYLE)
            self.id_state.setText("✗ " + _("not valid"))

    def _look_up(self, national_id: str) -> None:
        if national_id == self._looked_up:
            return
        self._looked_up = national_id
        db = self.desk.db
        self.desk.runner.run(lambda: find_citizen(db, national_id), self._found)

    def _found(self, citizen: dict[str, str] | None) -> None:
        if not citizen or citizen["national_id"] != normalise_national_id(self.national_id.digits()):
            return
        # Fill only what the clerk has not typed: a name they corrected is theirs.
        if not self.name.text().strip() or self._name_filled:
            self.name.setText(citizen["name"])
            self._name_filled = True
        if not self.mobile.text().strip() and citizen["mobile"]:
            self.mobile.setText(self.desk.digits(citizen["mobile"]))

    def values(self) -> tuple[str, str, str]:
        """(national ID, name, mobile) ready for the sale; refuses an invalid ID or mobile now, not at save."""
        digits = self.national_id.digits()
        national_id = ""
        if digits:
            national_id = normalise_national_id(digits) or ""
            if not national_id:
                raise UserError("Invalid national ID: {value}", value=self.national_id.text())
        mobile = ""
        if self.mobile.digits():
            mobile = normalise_mobile(self.mobile.digits()) or ""
            if not mobile:
                raise UserError("Invalid mobile number: {value}", value=self.mobile.text())
        return national_id, self.name.text().strip(), mobile

    def clear(self) -> None:
        for edit in (self.national_id, self.name, self.mobile):
            edit.clear()
        self._looked_up = ""
        self._name_filled = False
        self.id_state.clear()

    def focus(self) -> None:
        self.national_id.setFocus()
        self.national_id.selectAll()

