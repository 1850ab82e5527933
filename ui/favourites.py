"""The eight favourite services on F1..F8, as buttons the clerk can also click."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFontMetrics, QResizeEvent
from PySide6.QtWidgets import QGridLayout, QPushButton, QSizePolicy, QWidget

from app.i18n import _
from app.services.catalogue import ServiceView
from ui.widgets import add_shortcuts, keys_text

KEYS = 8


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
            button.setMinimumHeight(40)
            button.clicked.connect(lambda _c=False, k=key: self.press(k))
            button.setAutoDefault(False)
            grid.addWidget(button, (key - 1) // 2, (key - 1) % 2)
            self.buttons.append(button)
            add_shortcuts(self, [f"F{key}"], lambda k=key: self.press(k))

    def set_services(self, services: list[ServiceView]) -> None:
        self.services = {s.favourite_key: s for s in services if s.favourite_key}
        for key, button in enumerate(self.buttons, start=1):
            service = self.services.get(key)
            button.setEnabled(service is not None)
            button.setToolTip(_("{action} — shortcut: {keys}", action=service.name, keys=keys_text([f"F{key}"]))
                              if service else "")
        self._label()

    def _label(self) -> None:
        """Each button shows its key and as much of the name as fits (the full name is in the tooltip)."""
        for key, button in enumerate(self.buttons, start=1):
            service = self.services.get(key)
            room = button.width() - QFontMetrics(button.font()).horizontalAdvance(f"F{key}   ") - 16
            name = QFontMetrics(button.font()).elidedText(service.name, Qt.TextElideMode.ElideRight, max(room, 20)) \
                if service else ""
            button.setText(f"F{key}  {name}")

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self._label()

    def press(self, key: int) -> None:
        service = self.services.get(key)
        if service is not None:
            self.chosen.emit(service)
