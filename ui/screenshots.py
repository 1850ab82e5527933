"""Real screenshots of the counter screens for docs/screenshots (`make screenshots`, under Xvfb).

    xvfb-run -a -s "-screen 0 1366x768x24" python -m ui.screenshots docs/screenshots

Builds a demo office in a temporary folder, then walks a clerk's day through the real window:
login, counter with lines, payment (split), receipt preview, today's list, shift close.
"""
from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QPixmap
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

SHOTS = ("login", "counter", "payment", "receipt_preview", "todays_list", "shift_close")


def wait_until(condition: Callable[[], object], timeout: float = 30.0) -> None:
    end = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > end:
            raise TimeoutError("the window did not get there in time")
        QApplication.processEvents()
        time.sleep(0.01)


def settle(seconds: float = 0.4) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        QApplication.processEvents()
        time.sleep(0.01)


def grab(folder: Path, name: str, window: QWidget) -> Path:
    """The whole screen when there is one (dialogs included), else the active window."""
    settle()
    screen = QGuiApplication.primaryScreen()
    pixmap: QPixmap = screen.grabWindow(0) if QGuiApplication.platformName() == "xcb" else \
        (QApplication.activeModalWidget() or window).grab()
    path = folder / f"{name}.png"
    pixmap.save(str(path))
    print(path)
    return path


def type_into(edit: QWidget, text: str) -> None:
    """Typed like a clerk would (so the field shows what typing shows, Persian digits included)."""
    edit.setFocus()
    edit.selectAll()  # type: ignore[attr-defined]
    QTest.keyClicks(edit, text)


def _demo(workdir: Path) -> Path:
    from app.db import open_database
    from app.demo import build_demo

    path = workdir / "demo.db"
    db = open_database(path, create=True)
    build_demo(db, days=3)
    db.close()
    return path


def take(folder: Path) -> list[Path]:
    from ui.app import create_application
    from ui.main_window import MainWindow

    folder.mkdir(parents=True, exist_ok=True)
    workdir = Path(tempfile.mkdtemp(prefix="pishkhan-shots-"))
    os.environ.setdefault("PISHKHAN_CONFIG_DIR", str(workdir / "config"))
    os.environ.setdefault("PISHKHAN_DATA_DIR", str(workdir / "data"))
    app = create_application()
    window = MainWindow(_demo(workdir))
    window.setGeometry(QGuiApplication.primaryScreen().availableGeometry())  # no window manager under Xvfb
    window.show()
    wait_until(lambda: window.screens.get("login") is not None and not window.runner.busy)
    return _walk(app, window, folder)


def _walk(app: QApplication, window, folder: Path) -> list[Path]:  # type: ignore[no-untyped-def]
    from app.services.shifts import DENOMINATIONS
    from ui.close_shift import CloseShiftDialog
    from ui.lines_model import TRACKING
    from ui.payment_dialog import PaymentDialog
    from ui.receipt_preview import ReceiptPreviewDialog
    from ui.todays_list import TodaysListDialog

    shots = []
    idle = lambda: not window.runner.busy and not window.printer.busy  # noqa: E731
    login = window.screens["login"]
    login.select_user("clerk1")
    login.pin.setText("11")
    shots.append(grab(folder, "login", window))
    login.pin.setText("1111")
    login.submit()
    wait_until(lambda: window.screens.get("open_shift") is not None and idle())
    opening = window.screens["open_shift"]
    type_into(opening.float_total, "2000000")
    opening.submit()
    wait_until(lambda: window.screens.get("counter") is not None and idle())
    counter = window.screens["counter"]
    wait_until(lambda: counter.search.catalogue)

    def serve(codes: list[str], nid: str = "", name: str = "", fee: int = 0) -> None:
        type_into(counter.citizen.national_id, nid)
        counter.citizen.name.setText(name)
        for code in codes:
            counter.add_service(counter.search.by_code(code), 1)
            if counter.lines.lines[-1].service.tariff.variable_agency_fee:  # the fee cell is open: type it
                wait_until(lambda: QApplication.focusWidget() not in (None, counter.search.edit))
                editor = QApplication.focusWidget()
                editor.setText(str(fee))
                QTest.keyClick(editor, Qt.Key.Key_Return)
                wait_until(lambda: counter.search.edit.hasFocus())

    def pay(card: int = 0) -> ReceiptPreviewDialog:
        counter.pay()
        if counter.message.kind == "error":
            raise RuntimeError(counter.message.text())
        wait_until(lambda: isinstance(QApplication.activeModalWidget(), PaymentDialog))
        payment = QApplication.activeModalWidget()
        if card:
            type_into(payment.card, str(card))
            type_into(payment.terminal, "61234567")
            type_into(payment.card_reference, "402118")
        return payment

    def finish(payment) -> ReceiptPreviewDialog:  # type: ignore[no-untyped-def]
        payment.accept()
        wait_until(lambda: isinstance(QApplication.activeModalWidget(), ReceiptPreviewDialog) and idle())
        return QApplication.activeModalWidget()

    for codes, nid, name, card in ((["1004"], "1573681938", "مریم احمدی", 0), (["5001"], "", "", 0)):
        serve(codes, nid, name)
        finish(pay(card)).accept()
    serve(["1001", "2001", "7001"], "0013542419", "علی‌اکبر محمدی", fee=1_250_000)
    counter.search.edit.setText("کارت هوشمند")
    counter.lines.setData(counter.lines.index(0, TRACKING), "14030912-8876")
    shots.append(grab(folder, "counter", window))
    counter.search.edit.clear()
    payment = pay(card=1_000_000)
    type_into(payment.cash, "2000000")
    shots.append(grab(folder, "payment", window))
    preview = finish(payment)
    shots.append(grab(folder, "receipt_preview", window))
    preview.accept()
    from app.services.voids import void_sale

    db, actor = window.desk.db, window.desk.actor
    void_sale(db, actor, preview.data.receipt_number - 1, "ثبت اشتباه", approver=("owner", "1234"))
    window.show_todays_list()
    wait_until(lambda: isinstance(QApplication.activeModalWidget(), TodaysListDialog) and idle())
    shots.append(grab(folder, "todays_list", window))
    QApplication.activeModalWidget().reject()
    window.show_close_shift()
    wait_until(lambda: isinstance(QApplication.activeModalWidget(), CloseShiftDialog) and idle())
    closing = QApplication.activeModalWidget()
    counted = (closing.expected or 0) - 5_000
    for note in DENOMINATIONS:
        count, counted = divmod(counted, note)
        if count:
            type_into(closing.counter.fields[note], str(count))
    shots.append(grab(folder, "shift_close", window))
    closing.reject()
    window.shutdown()
    return shots


def main(argv: list[str]) -> int:
    folder = Path(argv[0] if argv else "docs/screenshots")
    take(folder)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
