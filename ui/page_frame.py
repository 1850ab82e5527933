"""An owner's page inside the main window: its title, a way back (Esc, Ctrl+W or the button), and the
page in a scroll area, so that a page taller than a 768-line screen scrolls instead of being cut."""
from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.i18n import _
from ui.fit import ScrollPage
from ui.widgets import add_shortcuts, bind_button, scaled_font

BACK_KEYS = ["Escape", "Ctrl+W"]
PAGE_TITLE = "page_title"  # the object name of a page's own title, hidden here (the frame shows one)


class PageFrame(QWidget):
    closed = Signal()

    def __init__(self, title: str, page: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.page = page
        for own_title in page.findChildren(QLabel, PAGE_TITLE):
            own_title.hide()  # the frame shows the title, once
        self.title = QLabel(title)
        self.title.setFont(scaled_font(self, 1.3, bold=True))
        self.back_button = QPushButton()
        self.back_button.setAutoDefault(False)
        bind_button(self, self.back_button, _("Back"), BACK_KEYS, self.close_page, shortcut=False)
        add_shortcuts(self, BACK_KEYS, self.close_page)  # only while this page shows (hidden: inactive)
        head = QHBoxLayout()
        head.addWidget(self.title, 1)
        head.addWidget(self.back_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addLayout(head)
        self.scroll_area = ScrollPage(page)
        layout.addWidget(self.scroll_area, 1)

    def close_page(self) -> None:
        if self.isVisible():
            self.closed.emit()

    def showEvent(self, event) -> None:  # type: ignore[no-untyped-def]  # noqa: N802 - Qt override
        super().showEvent(event)
        focus = self.page.focusWidget() or self.page
        focus.setFocus()
        if not focus.hasFocus():
            self.page.focusNextChild()
