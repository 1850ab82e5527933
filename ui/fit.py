"""Fitting screens to the monitors counters have (1024×768, 1366×768, 1920×1080 at 125–150%):
dialogs no taller or wider than the screen, their body scrolling while the buttons stay in view,
rows of buttons that wrap instead of pushing the window wider.
"""
from __future__ import annotations

import shiboken6
from PySide6.QtCore import QEvent, QMargins, QObject, QPoint, QRect, QSize, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QBoxLayout,
    QDialog,
    QFrame,
    QLayout,
    QLayoutItem,
    QScrollArea,
    QSizePolicy,
    QStyle,
    QWidget,
)

# Room the window system takes around a dialog (title bar and borders), and at the screen's edge.
FRAME = QSize(16, 40)
# Tests (and the screenshot tool) set this to play a monitor of that size; None: the real screen.
SCREEN_OVERRIDE: QSize | None = None


def available(widget: QWidget | None = None) -> QRect:
    """The part of the screen a window may use (without the task bar)."""
    if SCREEN_OVERRIDE is not None:
        return QRect(QPoint(0, 0), SCREEN_OVERRIDE)
    screen = (QWidget.screen(widget) if widget is not None else None) or QGuiApplication.primaryScreen()
    return screen.availableGeometry()


def room_for_dialog(widget: QWidget | None = None) -> QSize:
    area = available(widget).size()
    return QSize(area.width() - FRAME.width(), area.height() - FRAME.height())


def cap_to_screen(window: QWidget) -> None:
    """Size a dialog to what it asks for, but never beyond the screen; a body too tall scrolls."""
    room = room_for_dialog(window.parentWidget() or window)
    least = window.minimumSizeHint()
    if least.height() > room.height() or least.width() > room.width():
        # Cannot shrink to the screen (a tall form): its body scrolls. A dialog that only asks for more
        # than there is but can shrink (its own scroll area, a table) is just sized to the screen.
        scroll_body(window)
    window.setMaximumSize(QSize(max(room.width(), 200), max(room.height(), 200)))
    # What the layout needs wins over a minimum a dialog set for itself, within the screen.
    needed = window.minimumSize().expandedTo(window.minimumSizeHint())
    window.setMinimumSize(needed.boundedTo(window.maximumSize()))
    window.resize(wanted_size(window, room))


def refit(window: QWidget, shown: QWidget | None = None) -> None:
    """Fit a dialog again after a row it shows on demand made it taller: it grows within the screen,
    and its body scrolls when the screen has no more room, with `shown` scrolled into view."""
    layout = window.layout()
    if layout is not None:
        layout.activate()
    cap_to_screen(window)
    keep_on_screen(window)
    area = window.findChild(QScrollArea, "fit_scroll")
    if area is not None and shown is not None:
        area.ensureWidgetVisible(shown)


def wanted_size(window: QWidget, room: QSize) -> QSize:
    """What the dialog asks for, as tall as the screen allows when its body scrolls, within the screen."""
    hint = window.sizeHint().expandedTo(window.minimumSizeHint())
    area = window.findChild(QScrollArea, "fit_scroll")
    body = area.widget() if area is not None else None
    if area is not None and body is not None:  # as tall as the screen allows: as little as possible scrolls
        full = body.sizeHint().height() + hint.height() - area.sizeHint().height()
        hint.setHeight(max(hint.height(), full))
    return hint.expandedTo(window.size() if window.testAttribute(Qt.WidgetAttribute.WA_Resized)
                           else QSize(0, 0)).boundedTo(room)


def _grow_after_show(window: QWidget) -> None:
    """Qt sizes a dialog once more as it shows (to two thirds of the screen at most): put it back."""
    if shiboken6.isValid(window) and window.isVisible():
        room = room_for_dialog(window.parentWidget() or window)
        wanted = wanted_size(window, room)
        if wanted.height() > window.height() or wanted.width() > window.width():
            window.resize(wanted.expandedTo(window.size()).boundedTo(room))
        keep_on_screen(window)


def keep_on_screen(window: QWidget) -> None:
    """Move a window that reaches past the screen's edge back inside it (its buttons are at the bottom)."""
    area = available(window) if SCREEN_OVERRIDE is None else QGuiApplication.primaryScreen().availableGeometry()
    frame = window.frameGeometry()
    x = min(max(frame.left(), area.left()), max(area.right() - frame.width() + 1, area.left()))
    y = min(max(frame.top(), area.top()), max(area.bottom() - frame.height() + 1, area.top()))
    if (x, y) != (frame.left(), frame.top()):
        window.move(x, y)


def scroll_body(window: QWidget, keep: int = 1) -> QScrollArea | None:
    """Move everything but the last `keep` items of the window's box layout (its buttons) into a
    scroll area, so that the buttons stay on screen whatever the body's height. Once per window."""
    layout = window.layout()
    if not isinstance(layout, QBoxLayout) or window.property("fit_scrolled") or layout.count() <= keep:
        return None
    window.setProperty("fit_scrolled", True)
    focused = window.focusWidget()  # reparenting takes the keyboard focus away: given back below
    body = QWidget()
    inner = QBoxLayout(layout.direction(), body)
    inner.setContentsMargins(QMargins(0, 0, 0, 0))
    items: list[QLayoutItem] = []
    while layout.count() > keep:
        taken = layout.takeAt(0)
        if taken is not None:
            items.append(taken)
    for item in items:
        _move(item, inner)
    area = QScrollArea()
    area.setObjectName("fit_scroll")
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    area.setWidget(body)
    area.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
    layout.insertWidget(0, area, 1)
    # The area asks for its content's width (no sideways scrolling) and shrinks in height.
    area.setMinimumWidth(body.minimumSizeHint().width() + area.verticalScrollBar().sizeHint().width())
    if focused is not None:
        focused.setFocus()
    return area


def _move(item: QLayoutItem, into: QBoxLayout) -> None:
    widget, layout, spacer = item.widget(), item.layout(), item.spacerItem()
    if widget is not None:
        into.addWidget(widget, 0, item.alignment())  # reparented; a hidden widget stays hidden
    elif layout is not None:
        into.addLayout(layout)  # its widgets are reparented with it
    elif spacer is not None:
        if spacer.expandingDirections() & Qt.Orientation.Vertical:
            into.addStretch(1)
        else:
            into.addSpacing(spacer.sizeHint().height())


class DialogFitter(QObject):
    """Every dialog the app opens (its own, Qt's message boxes and file dialogs) is capped to the screen
    when it is first polished, just before showing: one place, so that a new dialog cannot forget it."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if not isinstance(watched, QDialog) or not watched.isWindow():
            return False
        try:
            if event.type() == QEvent.Type.Polish:
                cap_to_screen(watched)  # at polish, before Qt sizes and centres the dialog for showing
            elif event.type() == QEvent.Type.Show:
                QTimer.singleShot(0, lambda: _grow_after_show(watched))
        except Exception as exc:  # an exception escaping an event filter takes the process down
            from ui.errors import report_bug

            report_bug(exc)
        return False


_fitter: list[DialogFitter] = []


def install(app: QObject) -> None:
    if not _fitter:
        _fitter.append(DialogFitter(app))
        app.installEventFilter(_fitter[0])


class ScrollPage(QScrollArea):
    """A page whose content keeps its minimum size and scrolls (down, and sideways only if it must)
    when the window is smaller than that."""

    def __init__(self, content: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.content = content
        self.setWidget(content)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)


class FlowLayout(QLayout):
    """Items in a row that wraps onto the next line when it runs out of room (reading direction kept)."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 6) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._spacing = spacing
        self.setContentsMargins(0, 0, 0, 0)

    def addItem(self, item: QLayoutItem) -> None:  # noqa: N802 - Qt override
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:  # noqa: N802 - Qt override
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:  # noqa: N802 - Qt override
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:  # noqa: N802 - Qt override
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt override
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt override
        return self._place(QRect(0, 0, width, 0), apply=False)

    def setGeometry(self, rect: QRect) -> None:  # noqa: N802 - Qt override
        super().setGeometry(rect)
        self._place(rect, apply=True)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return self.minimumSize()

    def minimumSize(self) -> QSize:  # noqa: N802 - Qt override
        size = QSize()
        for item in self._items:
            size = size.expandedTo(item.minimumSize())
        m = self.contentsMargins()
        return size + QSize(m.left() + m.right(), m.top() + m.bottom())

    def _place(self, rect: QRect, *, apply: bool) -> int:
        m = self.contentsMargins()
        area = rect.adjusted(m.left(), m.top(), -m.right(), -m.bottom())
        x, y, line = area.x(), area.y(), 0
        owner = self.parentWidget()
        rtl = owner is not None and owner.isRightToLeft()
        for item in self._items:
            if item.isEmpty():
                continue
            hint = item.sizeHint()
            if x + hint.width() > area.right() + 1 and line > 0:
                x, y, line = area.x(), y + line + self._spacing, 0
            if apply:
                where = QRect(QPoint(x, y), hint)
                item.setGeometry(QStyle.visualRect(Qt.LayoutDirection.RightToLeft if rtl else
                                                   Qt.LayoutDirection.LeftToRight, area, where))
            x += hint.width() + self._spacing
            line = max(line, hint.height())
        return y + line - rect.y() + m.bottom()
