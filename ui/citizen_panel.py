"""Who the visit is for: national ID checked as it is typed, the name remembered from earlier visits."""
from __future__ import annotations

from PySide6.QtCore import QEvent, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QGridLayout, QLabel, QLineEdit, QWidget

from app.errors import UserError
from app.i18n import _
from app.services.citizens import find_citizen
from app.text import clean_digits, normalise_mobile, normalise_national_id
from ui.desk import Desk
from ui.widgets import DigitEdit, keys_text

ID_KEYS = ["Ctrl+I"]
NARROW = 720  # px: below this the citizen's row takes two lines
OK_STYLE = "color:#1d5b2a;"
BAD_STYLE = "color:#8a1c12;"


class CitizenPanel(QWidget):
    finished = Signal()  # Enter in the name or the mobile: the clerk goes back to the services

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.national_id = DigitEdit()
        self.national_id.setMaxLength(14)
        self.national_id.setPlaceholderText(_("National ID"))
        self.national_id.setToolTip(_("The citizen's 10-digit national ID. Shortcut: {keys}",
                                      keys=keys_text(ID_KEYS)))
        self.id_state = QLabel()
        self.id_state.setMinimumWidth(90)
        self.name = QLineEdit()
        self.name.setPlaceholderText(_("Citizen's name"))
        self.mobile = DigitEdit()
        self.mobile.setMaxLength(16)
        self.mobile.setPlaceholderText(_("Mobile"))
        self._size_fields()
        self._looked_up = ""
        self._name_filled = False
        # The key is shown where the field is: the clerk learns it by looking, not from a manual.
        self.labels = (QLabel(_("{field} ({keys})", field=_("National ID"), keys=keys_text(ID_KEYS))),
                       QLabel(_("Name")), QLabel(_("Mobile")))
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.narrow: bool | None = None
        self._arrange(narrow=False)
        self.national_id.textChanged.connect(self._check_id)
        self.name.textEdited.connect(lambda _t: setattr(self, "_name_filled", False))
        self.national_id.returnPressed.connect(self.name.setFocus)
        # Enter in the name (or the mobile) does not strand the clerk in the citizen's row.
        self.name.returnPressed.connect(self.finished.emit)
        self.mobile.returnPressed.connect(self.finished.emit)

    def _arrange(self, *, narrow: bool) -> None:
        """One row on a wide screen; on a narrow one the name and mobile go to a second row, so that the
        name is never squeezed out of sight."""
        if narrow == self.narrow:
            return
        self.narrow = narrow
        for old in (*self.labels, self.national_id, self.id_state, self.name, self.mobile):
            self.grid.removeWidget(old)
        id_label, name_label, mobile_label = self.labels
        places: list[tuple[QWidget, int, int, int]] = [(id_label, 0, 0, 1), (self.national_id, 0, 1, 1),
                                                       (self.id_state, 0, 2, 1)]
        if narrow:  # the name gets a whole line under the ID and the mobile
            places += [(mobile_label, 0, 3, 1), (self.mobile, 0, 4, 1), (name_label, 1, 0, 1), (self.name, 1, 1, 4)]
            stretch = {1: 1, 4: 1}
        else:
            places += [(name_label, 0, 3, 1), (self.name, 0, 4, 1), (mobile_label, 0, 5, 1), (self.mobile, 0, 6, 1)]
            stretch = {1: 2, 4: 3, 6: 2}
        for widget, row, column, span in places:
            self.grid.addWidget(widget, row, column, 1, span)
        for column in range(7):
            self.grid.setColumnStretch(column, stretch.get(column, 0))

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self._arrange(narrow=event.size().width() < NARROW)

    def _size_fields(self) -> None:
        """A whole ID or number stays in view, in either digit script, on a 1024 px screen."""
        for edit, count in ((self.national_id, 10), (self.mobile, 11)):
            widest = max(self.fontMetrics().horizontalAdvance(d * count) for d in ("0", "۰", "8", "۸"))
            edit.setMinimumWidth(widest + 24)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._size_fields()

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
                raise UserError("The national ID {value} is not valid (its check digit does not match the "
                                "card). Correct it ({keys}), or clear it to pay without one.",
                                value=self.national_id.text(), keys=keys_text(ID_KEYS))
        mobile = ""
        if self.mobile.digits():
            mobile = normalise_mobile(self.mobile.digits()) or ""
            if not mobile:
                raise UserError("Invalid mobile number: {value}", value=self.desk.digits(self.mobile.text()))
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

    def focus_invalid(self) -> None:
        """The cursor on the field that was refused, its text selected to be typed over or cleared."""
        edit = self.mobile if self.national_id.digits() and normalise_national_id(self.national_id.digits()) \
            or not self.national_id.digits() else self.national_id
        edit.setFocus()
        edit.selectAll()

    def restore(self, national_id: str, name: str, mobile: str) -> None:
        """A parked visit's citizen, as it was typed."""
        self.clear()
        self.national_id.setText(national_id)
        self.name.setText(name)
        self.mobile.setText(mobile)

