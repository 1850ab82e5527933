"""Does a screen fit? Every visible control inside its window and its parent, and no text cut short
where the screen did not mean to shorten it. Used by the tests at each monitor size and by
`python -m ui.screenshots`, which runs it on the real window under a real X server.

A widget may say that shortening is on purpose: `allow_elide(widget)` (a service name in a narrow
list, with the whole name in its tooltip), or `allow_elide(view, columns=[...])` for table columns.
A scroll area's content may be larger than the area: that is what scrolling is for; the area itself
must fit.
"""
from __future__ import annotations

import re
from collections.abc import Iterable

from PySide6.QtCore import QModelIndex, QPoint, QRect, QSize, Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtGui import Qt as GuiQt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QApplication,
    QComboBox,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListView,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QStyle,
    QStyleOptionComboBox,
    QTabBar,
    QTableView,
    QWidget,
)

SLACK = 1  # px: rounding at fractional scale factors


def allow_elide(widget: QWidget, columns: Iterable[int] | None = None) -> None:
    """Mark shortening as intended: the whole widget, or only these columns of a view."""
    widget.setProperty("fit_elide", True if columns is None else list(columns))


def allow_sideways(view: QAbstractScrollArea) -> None:
    """A wide table the user scrolls left and right on purpose (many report columns)."""
    view.setProperty("fit_sideways", True)


def _elide_ok(widget: QWidget, column: int | None = None) -> bool:
    mark = widget.property("fit_elide")
    if mark is True:
        return True
    return column is not None and isinstance(mark, list) and column in mark


def _name(widget: QWidget) -> str:
    text = ""
    for attr in ("text", "title", "placeholderText", "windowTitle"):
        getter = getattr(widget, attr, None)
        if callable(getter):
            try:
                value = getter()
            except TypeError:
                continue
            if isinstance(value, str) and value:
                text = value
                break
    chain: list[str] = []
    w: QWidget | None = widget
    while w is not None and len(chain) < 3:
        chain.append(w.objectName() or type(w).__name__)
        w = w.parentWidget()
    return f"{'<'.join(chain)} «{text[:40]}»"


def _in_scrolled_content(widget: QWidget, top: QWidget) -> bool:
    w = widget.parentWidget()
    child = widget
    while w is not None and w is not top:
        if isinstance(w, QAbstractScrollArea) and child is w.viewport():
            return True
        child, w = w, w.parentWidget()
    return False


def _is_viewport(widget: QWidget) -> bool:
    owner = widget.parentWidget()
    return isinstance(owner, QAbstractScrollArea) and owner.viewport() is widget


def _shown(widget: QWidget, top: QWidget) -> bool:
    return widget.isVisibleTo(top) and not widget.isWindow()


def problems(top: QWidget) -> list[str]:
    """What does not fit in `top` (a window or dialog) as it is laid out now."""
    QApplication.processEvents()
    found: list[str] = []
    if top.minimumSizeHint().width() > top.width() + SLACK or top.minimumSizeHint().height() > top.height() + SLACK:
        found.append(f"{_name(top)}: needs at least {top.minimumSizeHint().width()}×"
                     f"{top.minimumSizeHint().height()}, has {top.width()}×{top.height()}")
    for widget in top.findChildren(QWidget):
        if not _shown(widget, top):
            continue
        found.extend(_placement(widget, top, scrolled=_in_scrolled_content(widget, top)))
        found.extend(_text(widget))
    return found


def _placement(widget: QWidget, top: QWidget, *, scrolled: bool) -> list[str]:
    """Inside the window, and inside its parent (a scroll area's content may be scrolled out of view)."""
    out = []
    where = QRect(widget.mapTo(top, QPoint(0, 0)), widget.size())
    if not scrolled and not top.rect().adjusted(-SLACK, -SLACK, SLACK, SLACK).contains(where):
        out.append(f"{_name(widget)}: outside the window ({where.x()},{where.y()} {where.width()}×{where.height()} "
                   f"in {top.width()}×{top.height()})")
        return out
    parent = widget.parentWidget()
    if parent is not None and parent is not top and not isinstance(parent, QAbstractScrollArea) and \
            not _is_viewport(parent):
        if not parent.rect().adjusted(-SLACK, -SLACK, SLACK, SLACK).contains(widget.geometry()):
            out.append(f"{_name(widget)}: cut by its parent {type(parent).__name__}")
    return out


def _text(widget: QWidget) -> list[str]:
    if _elide_ok(widget):
        return []
    if isinstance(widget, QLabel):
        return _label(widget)
    if isinstance(widget, QPushButton) or (isinstance(widget, QAbstractButton) and widget.text()):
        return _button(widget)
    if isinstance(widget, QGroupBox):
        need = QFontMetrics(widget.font()).horizontalAdvance(widget.title()) + 16
        return [f"{_name(widget)}: title cut ({need} > {widget.width()})"] if need > widget.width() + SLACK else []
    if isinstance(widget, QLineEdit):
        return _line_edit(widget)
    if isinstance(widget, QComboBox):
        return _combo(widget)
    if isinstance(widget, QProgressBar) and widget.isTextVisible():
        need = QFontMetrics(widget.font()).horizontalAdvance(widget.text()) + 8
        return [f"{_name(widget)}: «{widget.text()}» cut"] if need > widget.width() + SLACK else []
    if isinstance(widget, QTabBar):
        return _tabs(widget)
    if isinstance(widget, QTableView):
        return _table(widget)
    if isinstance(widget, QScrollArea) and widget.horizontalScrollBar().maximum() > 0 \
            and not widget.property("fit_sideways"):
        content = widget.widget()
        wide = content.minimumSizeHint().width() if content is not None else 0
        return [f"{_name(widget)}: wider than the window ({wide} > {widget.viewport().width()}): scrolls sideways"]
    if isinstance(widget, QListView):
        return _list(widget)
    return []


def _label(label: QLabel) -> list[str]:
    text = label.text()
    if not text or label.pixmap() is not None and not label.pixmap().isNull():
        return []
    if label.textFormat() == Qt.TextFormat.RichText or (label.textFormat() == Qt.TextFormat.AutoText
                                                         and GuiQt.mightBeRichText(text)):
        return []
    room = label.contentsRect().adjusted(label.margin(), label.margin(), -label.margin(), -label.margin())
    if label.wordWrap():
        need = label.heightForWidth(label.width())
        return [f"{_name(label)}: wrapped text cut at the bottom ({need} > {label.height()})"] \
            if need > label.height() + SLACK else []
    metrics = QFontMetrics(label.font())
    lines = text.split("\n")
    wide = max(metrics.horizontalAdvance(line) for line in lines)
    tall = metrics.height() * len(lines)
    out = []
    if wide > room.width() + SLACK:
        out.append(f"{_name(label)}: text cut ({wide} > {room.width()})")
    if tall > room.height() + SLACK:
        out.append(f"{_name(label)}: text cut at the bottom ({tall} > {room.height()})")
    return out


def _button(button: QAbstractButton) -> list[str]:
    hint = button.sizeHint()
    if "\n" in button.text() or button.sizePolicy().horizontalPolicy().name == "Ignored":
        metrics = QFontMetrics(button.font())
        wide = max(metrics.horizontalAdvance(line) for line in button.text().split("\n")) + 12
        if "…" in button.text():
            return [f"{_name(button)}: text shortened"]
        return [f"{_name(button)}: text cut ({wide} > {button.width()})"] if wide > button.width() + SLACK else []
    if hint.width() > button.width() + SLACK:
        return [f"{_name(button)}: text cut ({hint.width()} > {button.width()})"]
    return []


def _combo(combo: QComboBox) -> list[str]:
    """The chosen item's text against the room the style leaves beside the arrow."""
    if combo.isEditable() or not combo.currentText():
        return []
    metrics = QFontMetrics(combo.font())
    option = QStyleOptionComboBox()
    combo.initStyleOption(option)
    need = combo.style().sizeFromContents(QStyle.ContentsType.CT_ComboBox, option,
                                          QSize(metrics.horizontalAdvance(combo.currentText()), metrics.height()),
                                          combo).width()
    return [f"{_name(combo)}: choice «{combo.currentText()}» cut ({need} > {combo.width()})"] \
        if need > combo.width() + SLACK else []


def _line_edit(edit: QLineEdit) -> list[str]:
    shown = edit.text() or edit.placeholderText()
    if not shown or edit.echoMode() != QLineEdit.EchoMode.Normal:
        return []
    margins = edit.textMargins()
    room = edit.contentsRect().width() - margins.left() - margins.right() - 8
    if edit.isClearButtonEnabled() and edit.text():
        room -= 20
    need = QFontMetrics(edit.font()).horizontalAdvance(shown)
    what = "text" if edit.text() else "placeholder"
    return [f"{_name(edit)}: {what} cut ({need} > {room})"] if need > room + SLACK else []


def _tabs(bar: QTabBar) -> list[str]:
    if bar.elideMode() == Qt.TextElideMode.ElideNone:
        return []
    out = []
    for i in range(bar.count()):
        if bar.isTabVisible(i) and bar.tabSizeHint(i).width() > bar.tabRect(i).width() + SLACK:
            out.append(f"{_name(bar)}: tab «{bar.tabText(i)}» shortened")
    return out


def _cell_problems(view: QAbstractItemView, rows: Iterable[int], columns: Iterable[int], width_of) -> list[str]:  # type: ignore[no-untyped-def]
    """Cells narrower than what the view's own delegate asks for their text."""
    model = view.model()
    out = []
    for column in columns:
        if _elide_ok(view, column):
            continue
        for row in rows:
            index = model.index(row, column)
            value = model.data(index, Qt.ItemDataRole.DisplayRole)
            if value is None or value == "":
                continue
            need = view.sizeHintForIndex(index).width()
            if need > width_of(column) + SLACK and isinstance(view, QTableView) and view.wordWrap():
                if _wrapped_height(view, str(value), width_of(column)) <= view.rowHeight(row) + SLACK:
                    continue  # wraps onto more lines, and the row is tall enough for them
            if need > width_of(column) + SLACK:
                out.append(f"{_name(view)}: cell ({row},{column}) «{str(value)[:30]}» cut ({need} > {width_of(column)})")
                break
    return out


def _wrapped_height(view: QAbstractItemView, text: str, width: int) -> int:
    metrics = QFontMetrics(view.font())
    box = metrics.boundingRect(QRect(0, 0, max(width - 8, 1), 100_000), int(Qt.TextFlag.TextWordWrap), text)
    return box.height() + 4


def _visible_rows(view: QAbstractItemView) -> list[int]:
    model = view.model()
    rows = []
    for row in range(model.rowCount()):
        rect = view.visualRect(model.index(row, 0))
        if rect.bottom() < 0:
            continue
        if rect.top() > view.viewport().height():
            break
        rows.append(row)
    return rows


def _table(view: QTableView) -> list[str]:
    out = []
    header: QHeaderView = view.horizontalHeader()
    model = view.model()
    if model is None:
        return out
    if view.horizontalScrollBar().maximum() > 0 and not view.property("fit_sideways"):
        out.append(f"{_name(view)}: columns do not fit side by side (a scroll bar hides some)")
    columns = [c for c in range(model.columnCount()) if not view.isColumnHidden(c)]
    out.extend(_cell_problems(view, _visible_rows(view), columns, view.columnWidth))
    for column in columns:
        title = model.headerData(column, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole)
        if title and not _elide_ok(view, column) and header.isVisible():
            need = header.sectionSizeFromContents(column).width()
            if need > header.sectionSize(column) + SLACK:
                out.append(f"{_name(view)}: header «{title}» cut ({need} > {header.sectionSize(column)})")
    return out


def _list(view: QListView) -> list[str]:
    if view.model() is None or view.wordWrap():
        return []
    width = view.viewport().width()
    return _cell_problems(view, _visible_rows(view), [view.modelColumn()], lambda _c: width)


# --- Persian all the way through ---------------------------------------------------------------------

_ISOLATED = re.compile("[\u2066\u2067\u2068][^\u2069]*\u2069")  # LRI/RLI/FSI … PDI: a Latin run on purpose
_LATIN_DIGIT = re.compile(r"[0-9]")
_MIXED_SEPARATOR = re.compile(r"[۰-۹],[۰-۹]|[0-9]٬[0-9]")
_PERCENT = re.compile("%")


def allow_latin(widget: QWidget) -> None:
    """A field whose content is Latin on purpose (a user name, a printer's network address)."""
    widget.setProperty("fit_latin", True)


def _texts(widget: QWidget) -> list[str]:
    if isinstance(widget, QLabel) and not (widget.pixmap() is not None and not widget.pixmap().isNull()):
        return [widget.text()]
    if isinstance(widget, QAbstractButton):
        return [widget.text()]
    if isinstance(widget, QLineEdit) and widget.echoMode() == QLineEdit.EchoMode.Normal:
        return [widget.text(), widget.placeholderText()]
    if isinstance(widget, QComboBox):
        return [widget.currentText()]
    if isinstance(widget, QGroupBox):
        return [widget.title()]
    if isinstance(widget, QTabBar):
        return [widget.tabText(i) for i in range(widget.count())]
    if isinstance(widget, QAbstractItemView) and widget.model() is not None:
        model = widget.model()
        rows = _visible_rows(widget)
        if isinstance(widget, QListView):
            return [str(model.data(model.index(r, widget.modelColumn())) or "") for r in rows]
        columns = range(model.columnCount(QModelIndex()))
        cells = [str(model.data(model.index(r, c)) or "") for r in rows for c in columns]
        heads = [str(model.headerData(c, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole) or "")
                 for c in columns]
        return cells + heads
    return []


def persian_problems(top: QWidget) -> list[str]:
    """Latin digits outside an isolated Latin run, «%» instead of «٪», an ASCII comma between Persian
    digits: what a Persian screen must not show (an English one may)."""
    from app.i18n import language

    if language() != "fa":
        return []
    found = []
    for widget in [top, *top.findChildren(QWidget)]:
        if widget is not top and not _shown(widget, top) or widget.property("fit_latin"):
            continue
        for text in _texts(widget):
            bare = _ISOLATED.sub("", text)
            if _LATIN_DIGIT.search(bare) or _PERCENT.search(text) or _MIXED_SEPARATOR.search(text):
                found.append(f"{_name(widget)}: «{text[:60]}»")
    return found
