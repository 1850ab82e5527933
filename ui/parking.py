"""Parking a visit: the citizen steps away to fetch a document, the clerk serves the next one, and the
parked visit comes back from a list by its name.

Parked visits live in memory, per clerk, for as long as the program runs; they do not survive a
restart. A parked visit has taken no money and holds no receipt number, so nothing is lost from the
books; and it holds a citizen's national ID and name, which the program keeps on disk only inside a
recorded sale (journaled, backed up, append-only), not in drafts. When a parked visit comes back its
services are priced again from the catalogue of the day, so a tariff that changed meanwhile applies.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _
from app.jalali import now_utc
from ui.desk import Desk
from ui.lines_model import DraftLine
from ui.widgets import MessageBar, bind_button, scaled_font

PARK_KEYS = ["Ctrl+H"]
PARKED_KEYS = ["Ctrl+Shift+H"]


@dataclass
class ParkedVisit:
    name: str
    lines: list[DraftLine]
    citizen: tuple[str, str, str]  # national ID, name, mobile: as typed
    total: int
    parked_at: dt.datetime = field(default_factory=now_utc)

    def summary(self, desk: Desk) -> str:
        services = "، ".join(line.service.name for line in self.lines)
        when = desk.fmt.time(self.parked_at)
        return _("{name} — {time} — {services} — {total}", name=self.name, time=when, services=services,
                 total=desk.money(self.total, with_unit=True))


def parked(desk: Desk) -> list[ParkedVisit]:
    """The logged-in clerk's parked visits (another clerk's stay theirs)."""
    staff = desk.actor.id if desk.actor else 0
    return desk.parked.setdefault(staff, [])


class ParkDialog(QDialog):
    """Ctrl+N on a visit with services, or Ctrl+H: park it under a name, drop it, or go back to it."""

    park_chosen = Signal(str)  # the name
    drop_chosen = Signal()

    def __init__(self, desk: Desk, count: int, total: int, suggested: str, *, asked_new: bool,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Park this visit"))
        question = _("This visit has {count} services ({total}). Park it under a name to serve it later, or "
                     "drop it?", count=count, total=desk.money(total, with_unit=True)) if asked_new else \
            _("Park this visit under a name; it comes back from the list of parked visits ({keys}).",
              keys=" ".join(PARKED_KEYS))
        text = QLabel(question)
        text.setWordWrap(True)
        text.setFont(scaled_font(self, 1.1))
        self.name = QLineEdit(suggested)
        self.name.setMaxLength(60)
        self.name.selectAll()
        self.message = MessageBar()
        self.park_button = QPushButton()
        self.drop_button = QPushButton()
        self.back_button = QPushButton()
        bind_button(self, self.park_button, _("Park it"), ["Return"], self._park, shortcut=False)
        bind_button(self, self.drop_button, _("Drop it"), ["Ctrl+Delete"], self._drop)
        bind_button(self, self.back_button, _("Back to the visit"), ["Escape"], self.reject, shortcut=False)
        self.park_button.setDefault(True)
        for button in (self.drop_button, self.back_button):
            button.setAutoDefault(False)
        buttons = QHBoxLayout()
        buttons.addWidget(self.park_button, 2)
        buttons.addWidget(self.drop_button, 1)
        buttons.addWidget(self.back_button, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(QLabel(_("Name for the list (who or what it is)")))
        layout.addWidget(self.name)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.setMinimumWidth(520)
        self.name.setFocus()

    def _park(self) -> None:
        name = self.name.text().strip()
        if not name:
            self.message.show_error(_("Give the visit a name, so that it can be found in the list."))
            self.name.setFocus()
            return
        self.accept()
        self.park_chosen.emit(name)

    def _drop(self) -> None:
        self.accept()
        self.drop_chosen.emit()


class ParkedVisitsDialog(QDialog):
    """The clerk's parked visits: Enter brings one back, Delete drops it."""

    recalled = Signal(object)  # ParkedVisit

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.setWindowTitle(_("Parked visits"))
        self.list = QListWidget()
        self.list.setWordWrap(True)
        self.list.setFont(scaled_font(self, 1.1))
        self.empty = QLabel(_("No visit is parked."))
        self.recall_button = QPushButton()
        self.drop_button = QPushButton()
        self.close_button = QPushButton()
        bind_button(self, self.recall_button, _("Bring it back"), ["Return"], self._recall, shortcut=False)
        bind_button(self, self.drop_button, _("Drop it"), ["Delete"], self._drop)
        bind_button(self, self.close_button, _("Close"), ["Escape"], self.reject, shortcut=False)
        self.recall_button.setDefault(True)
        for button in (self.drop_button, self.close_button):
            button.setAutoDefault(False)
        buttons = QHBoxLayout()
        buttons.addWidget(self.recall_button, 2)
        buttons.addWidget(self.drop_button, 1)
        buttons.addWidget(self.close_button, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.empty)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)
        self.list.itemActivated.connect(lambda _item: self._recall())
        self.resize(720, 380)
        self._fill()

    def _fill(self) -> None:
        self.list.clear()
        for visit in parked(self.desk):
            item = QListWidgetItem(visit.summary(self.desk))
            item.setData(Qt.ItemDataRole.UserRole, visit)
            self.list.addItem(item)
        has = self.list.count() > 0
        self.empty.setVisible(not has)
        self.recall_button.setEnabled(has)
        self.drop_button.setEnabled(has)
        if has:
            self.list.setCurrentRow(0)
            self.list.setFocus()

    def selected(self) -> ParkedVisit | None:
        item = self.list.currentItem()
        visit = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        return visit if isinstance(visit, ParkedVisit) else None

    def _recall(self) -> None:
        visit = self.selected()
        if visit is None:
            return
        parked(self.desk).remove(visit)
        self.accept()
        self.recalled.emit(visit)

    def _drop(self) -> None:
        visit = self.selected()
        if visit is not None:
            parked(self.desk).remove(visit)
            self._fill()
