"""The eight favourite services on F1..F8, as buttons the clerk can also click.

A name that does not fit on one line wraps onto a second rather than being cut (a cut inside
«(المثنی)» reads as a different service). The name is a bidi isolate, so a Persian name with
brackets keeps its order in an English (left-to-right) window too.
"""
from __future__ import annotations

from functools import partial

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QFontMetrics, QResizeEvent
from PySide6.QtWidgets import QGridLayout, QPushButton, QSizePolicy, QWidget

from app.i18n import _
from app.services.catalogue import ServiceView
from ui.widgets import add_shortcuts, isolate, keys_text

KEYS = 8
LINES = 2
PADDING = 14  # the button's frame and margins, both sides


def wrap_words(text: str, metrics: QFontMetrics, width: int, first_width: int | None = None) -> list[str]:
    """Greedy word wrap: lines no wider than `width` (the first no wider than `first_width`)."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        room = first_width if first_width is not None and not lines else width
        trial = f"{current} {word}" if current else word
        if current and metrics.horizontalAdvance(trial) > room:
            lines.append(current)
            current = word
        else:
            current = trial
    if current:
        lines.append(current)
    return lines


class FavouritesBar(QWidget):
    chosen = Signal(object)  # ServiceView

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services: dict[int, ServiceView] = {}
        self.buttons: list[QPushButton] = []
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(4)
        for key in range(1, KEYS + 1):
            button = QPushButton()
            button.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
            button.clicked.connect(lambda _c=False, k=key: self.press(k))
            button.setAutoDefault(False)
            grid.addWidget(button, (key - 1) // 2, (key - 1) % 2)
            self.buttons.append(button)
            add_shortcuts(self, [f"F{key}"], partial(self.press, key))
        self._set_heights()

    def _set_heights(self) -> None:
        line = QFontMetrics(self.font()).lineSpacing()
        for button in self.buttons:
            button.setFixedHeight(line * LINES + PADDING)

    def set_services(self, services: list[ServiceView]) -> None:
        self.services = {s.favourite_key: s for s in services if s.favourite_key}
        for key, button in enumerate(self.buttons, start=1):
            service = self.services.get(key)
            button.setEnabled(service is not None)
            button.setToolTip(_("{action} — shortcut: {keys}", action=service.name, keys=keys_text([f"F{key}"]))
                              if service else "")
        self._label()

    def label_lines(self, key: int, name: str, width: int) -> list[str]:
        """The key, then the name over at most two lines; shortened only if two lines cannot hold it."""
        metrics = QFontMetrics(self.font())
        prefix = f"{keys_text([f'F{key}'])}  "
        lines = wrap_words(name, metrics, width, width - metrics.horizontalAdvance(prefix)) or [""]
        if len(lines) > LINES:
            rest = " ".join(lines[LINES - 1:])
            lines = [*lines[:LINES - 1], metrics.elidedText(rest, Qt.TextElideMode.ElideRight, width)]
        return [prefix + isolate(lines[0]), *(isolate(line) for line in lines[1:])]

    def _label(self) -> None:
        """Each button shows its key and the name (the full name is in the tooltip as well)."""
        for key, button in enumerate(self.buttons, start=1):
            service = self.services.get(key)
            width = max(button.width() - PADDING, 40)
            button.setText("\n".join(self.label_lines(key, service.name, width)) if service else keys_text([f"F{key}"]))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._set_heights()
            self._label()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self._label()

    def press(self, key: int) -> None:
        service = self.services.get(key)
        if service is not None:
            self.chosen.emit(service)
