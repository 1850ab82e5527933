"""Small widgets the screens share: the message bar, amount and digit fields, shortcut buttons."""
from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics, QKeySequence, QShortcut
from PySide6.QtWidgets import QAbstractButton, QDialog, QHBoxLayout, QLabel, QLineEdit, QWidget

from app.errors import UserError
from app.i18n import _
from app.text import clean_digits, isolate_ltr, to_ascii_digits, to_persian_digits
from ui.desk import Desk

ERROR_STYLE = "background:#fdecea; color:#8a1c12; border:1px solid #f5c2bd; border-radius:6px; padding:8px;"
INFO_STYLE = "background:#e8f4ea; color:#1d5b2a; border:1px solid #b9dcc0; border-radius:6px; padding:8px;"


def isolate(text: str) -> str:
    """Text laid out in its own direction whatever surrounds it (FSI … PDI): a Persian service name
    with brackets in an English window, a Latin code in a Persian line."""
    return f"\u2068{text}\u2069" if text else text


def keys_text(keys: Sequence[str]) -> str:
    """Key names as printed on the keys (Latin on Persian keyboards too), kept left-to-right in RTL text.

    Qt's own Persian catalogue would write «کنترل+بازگشت» for Ctrl+Return: no key says that.
    """
    names = [QKeySequence(k).toString(QKeySequence.SequenceFormat.PortableText).replace("Return", "Enter")
             for k in keys]
    return " / ".join(isolate_ltr(n) for n in names)


def add_shortcuts(owner: QWidget, keys: Sequence[str], slot: Callable[[], object],
                  context: Qt.ShortcutContext = Qt.ShortcutContext.WindowShortcut) -> list[QShortcut]:
    shortcuts = []
    for key in keys:
        shortcut = QShortcut(QKeySequence(key), owner)
        shortcut.setContext(context)
        shortcut.activated.connect(slot)
        shortcuts.append(shortcut)
    return shortcuts


def bind_button(owner: QWidget, button: QAbstractButton, text: str, keys: Sequence[str],
                slot: Callable[[], object], tip: str = "", *, shortcut: bool = True) -> None:
    """A button that also answers to `keys` while `owner` is showing; the tooltip names the keys.

    `shortcut=False` for keys the window already routes (Enter to a dialog's default button, Esc).
    """
    button.setText(f"{text}  ({keys_text(keys[:1])})" if keys else text)
    button.setToolTip(_("{action} — shortcut: {keys}", action=tip or text, keys=keys_text(keys)))
    button.clicked.connect(slot)
    if shortcut:
        add_shortcuts(owner, keys, lambda: button.isEnabled() and button.isVisible() and slot())


def button_row(*buttons: QWidget) -> QHBoxLayout:
    """A screen's buttons side by side from the start of the line (the right in Persian), the rest empty."""
    row = QHBoxLayout()
    for button in buttons:
        row.addWidget(button)
    row.addStretch(1)
    return row


def scaled_font(widget: QWidget, factor: float, bold: bool = False) -> QFont:
    font = QFont(widget.font())
    font.setPointSizeF(font.pointSizeF() * factor)
    font.setBold(bold)
    return font


class MessageBar(QLabel):
    """Where a screen tells the user what went wrong (or right), in plain words. Hidden when empty;
    with `reserve=True` its room (two lines) is kept while hidden, so that the screen around it does
    not jump when a message comes and goes (the counter)."""

    def __init__(self, parent: QWidget | None = None, *, reserve: bool = False) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.kind = ""
        self.reserve = reserve
        if reserve:
            self.setFixedHeight(QFontMetrics(self.font()).lineSpacing() * 2 + 20)
            self.setAlignment(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeading)
            policy = self.sizePolicy()
            policy.setRetainSizeWhenHidden(True)
            self.setSizePolicy(policy)
        self.hide()

    def show_error(self, text: str | UserError) -> None:
        self._show(text.message() if isinstance(text, UserError) else text, ERROR_STYLE, "error")

    def show_info(self, text: str) -> None:
        self._show(text, INFO_STYLE, "info")

    def _show(self, text: str, style: str, kind: str) -> None:
        self.kind = kind
        self.setStyleSheet(style)
        self.setText(text)
        self.setToolTip(text if self.reserve else "")
        self.show()

    def clear_message(self) -> None:
        self.kind = ""
        self.clear()
        self.setToolTip("")
        self.hide()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        super().changeEvent(event)
        if self.reserve and event.type() == QEvent.Type.FontChange:
            self.setFixedHeight(QFontMetrics(self.font()).lineSpacing() * 2 + 20)


def show_persian_digits(edit: QLineEdit, *, also_when_set: bool = False) -> None:
    """Digits typed on a Latin keyboard appear as Persian digits, the cursor staying where it was (and
    with `also_when_set`, digits the program puts in too)."""

    def convert(text: str) -> None:
        persian = to_persian_digits(text)
        if persian != text:
            cursor = edit.cursorPosition()
            edit.setText(persian)
            edit.setCursorPosition(cursor)

    from app.i18n import language

    if language() == "fa":
        (edit.textChanged if also_when_set else edit.textEdited).connect(convert)


class DigitEdit(QLineEdit):
    """Digits in any script (Persian, Arabic, ASCII) for codes, PINs and counts; `digits()` is ASCII."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        show_persian_digits(self, also_when_set=True)

    def digits(self) -> str:
        return clean_digits(self.text())


class AmountEdit(QLineEdit):
    """An amount in the office's display unit, grouped as it is typed («۵٬۰۰۰٬۰۰۰», so a missing zero
    shows) in Persian digits and the Persian thousands separator."""

    amount_edited = Signal()

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignAbsolute | Qt.AlignmentFlag.AlignVCenter)
        self.setPlaceholderText(desk.digits(0))
        self.editingFinished.connect(self._tidy)
        self.textEdited.connect(self._group_as_typed)

    def rials(self) -> int:
        """The amount in Rials; empty is zero; raises UserError for anything else unreadable."""
        text = self.text().strip()
        return self.desk.parse_money(text) if text else 0

    def set_rials(self, rials: int) -> None:
        self.setText(self.desk.money(rials) if rials else "")

    def _group_as_typed(self, text: str) -> None:
        grouped = group_digits(text, persian=self.desk.persian)
        if grouped is not None and grouped != text:
            # The cursor keeps its place among the digits (separators come and go around it).
            after = sum(ch.isdigit() for ch in text[self.cursorPosition():])
            self.setText(grouped)
            self.setCursorPosition(_position_before_digits(grouped, after))
        self.amount_edited.emit()

    def _tidy(self) -> None:
        try:
            value = self.rials()
        except UserError:
            return  # left as typed: the screen says what is wrong when it is used
        if self.text().strip():
            self.set_rials(value)


def group_digits(text: str, *, persian: bool) -> str | None:
    """Digits typed in any script, grouped by thousands; None when the text holds something else (it is
    left as typed, and refused with a message when used)."""
    raw = to_ascii_digits(text).replace("٬", "").replace(",", "").replace(" ", "")
    if not raw:
        return ""
    if not raw.isascii() or not raw.isdigit():
        return None
    grouped = f"{int(raw):,}"
    return to_persian_digits(grouped).replace(",", "٬") if persian else grouped


def _position_before_digits(text: str, digits_after: int) -> int:
    position = len(text)
    while digits_after > 0 and position > 0:
        position -= 1
        if text[position].isdigit():
            digits_after -= 1
    while position > 0 and not text[position - 1].isdigit():
        position -= 1  # right after the digit typed, not after the separator that follows it
    return position


def persian_digits_if(desk: Desk, text: str) -> str:
    return to_persian_digits(text) if desk.persian else to_ascii_digits(text)


def open_dialog(dialog: QDialog) -> QDialog:
    """Open a window-modal dialog and give it the keyboard (some platforms leave the parent active)."""
    parent = dialog.parentWidget()
    if parent is not None:
        dialog.finished.connect(lambda _code: _give_back_keyboard(parent.window()))
    dialog.open()
    dialog.raise_()
    dialog.activateWindow()
    return dialog


def _give_back_keyboard(window: QWidget) -> None:
    """When a dialog closes, the window under it takes the keyboard again (unless a newer dialog has it)."""
    from PySide6.QtWidgets import QApplication

    modal = QApplication.activeModalWidget()
    if window.isVisible() and (modal is None or modal is window):
        window.activateWindow()
