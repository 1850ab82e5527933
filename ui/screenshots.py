"""Real screenshots of the clerk's day and the owner's review for docs/screenshots (`make screenshots`,
under Xvfb at each monitor size):

    xvfb-run -a -s "-screen 0 1366x768x24" python -m ui.screenshots docs/screenshots/1366x768
    QT_SCALE_FACTOR=1.5 xvfb-run -a -s "-screen 0 1920x1080x24" python -m ui.screenshots /tmp/shots

Builds a demo office in a temporary folder, then walks the real window: login, a visit with three
services, a split payment with the round-sum keys, the receipt, a parked visit, today's list, the
drawer count and the Z report; then the owner's pages. Every screen is also run through
ui.fit_check on the real screen; the tool exits 1 if anything is cut or not in Persian.
"""
from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QPixmap
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget

if TYPE_CHECKING:
    from ui.counter import CounterScreen
    from ui.payment_dialog import PaymentDialog
    from ui.receipt_preview import ReceiptPreviewDialog

CLERK_SHOTS = ("login", "counter", "payment", "receipt_preview", "park", "parked_visits", "todays_list",
               "shift_close", "z_report")
OWNER_SHOTS = ("dashboard", "history", "reports", "catalogue", "staff", "backups", "tariffs", "settings",
               "file_dialog")
SHOTS = CLERK_SHOTS + OWNER_SHOTS
problems_seen: list[str] = []


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
    """The whole screen when there is one (dialogs included), else the active window; and the fit check
    of what is on top."""
    from ui.fit_check import persian_problems, problems

    settle()
    top = QApplication.activeModalWidget() or window
    found = [f"{name}: {p}" for p in problems(top) + persian_problems(top)]
    screen_area = QGuiApplication.primaryScreen().availableGeometry()
    if not screen_area.contains(top.frameGeometry()):
        found.append(f"{name}: the window reaches past the screen ({top.frameGeometry()} in {screen_area})")
    problems_seen.extend(found)
    for line in found:
        print("  NOT FIT:", line, file=sys.stderr)
    screen = QGuiApplication.primaryScreen()
    pixmap: QPixmap = screen.grabWindow(0) if QGuiApplication.platformName() == "xcb" else top.grab()
    path = folder / f"{name}.png"
    pixmap.save(str(path))
    print(path)
    return path


def type_into(edit: QWidget, text: str) -> None:
    """Typed like a clerk would (so the field shows what typing shows, Persian digits included)."""
    edit.setFocus()
    edit.selectAll()  # type: ignore[attr-defined]
    if text.isascii():
        QTest.keyClicks(edit, text)
    else:  # QTest types ASCII only: Persian text is put in as a paste would
        edit.insert(text)  # type: ignore[attr-defined]


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
    shots = ClerksDay(app, window, folder).walk()
    shots += OwnersReview(window, folder).walk()
    window.shutdown()
    return shots


W = TypeVar("W", bound=QWidget)


class ClerksDay:
    def __init__(self, app: QApplication, window, folder: Path) -> None:  # type: ignore[no-untyped-def]
        self.app, self.window, self.folder = app, window, folder

    def idle(self) -> bool:
        return not self.window.runner.busy and not self.window.printer.busy

    def modal(self, kind: type[W]) -> W:
        wait_until(lambda: isinstance(QApplication.activeModalWidget(), kind) and self.idle())
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, kind)
        return dialog

    def shot(self, name: str) -> Path:
        return grab(self.folder, name, self.window)

    def walk(self) -> list[Path]:
        shots = [self._login()]
        self.counter = self._open_shift()
        for codes, nid, name in ((["1004"], "1573681938", "مریم احمدی"), (["5001"], "", "")):
            self.serve(codes, nid, name)
            self.finish(self.pay()).accept()
        self.serve(["1001", "2001", "7001"], "0013542419", "علی‌اکبر محمدی", fee=1_250_000)
        from ui.lines_model import TRACKING

        self.counter.lines.setData(self.counter.lines.index(0, TRACKING), "14030912-8876")
        type_into(self.counter.search.edit, "کارت هوشمند")
        shots.append(self.shot("counter"))
        self.counter.search.edit.clear()
        payment = self.pay(card=1_000_000)
        payment.cash_handed_over(payment.quick_amounts[2])  # F7: a round sum handed over
        shots.append(self.shot("payment"))
        preview = self.finish(payment)
        shots.append(self.shot("receipt_preview"))
        preview.accept()
        shots += self._park()
        shots += self._todays_list(preview.data.receipt_number)
        shots += self._close_shift()
        return shots

    def _login(self) -> Path:
        login = self.window.screens["login"]
        login.select_user("clerk1")
        login.pin.setText("11")
        path = self.shot("login")
        login.pin.setText("1111")
        login.submit()
        return path

    def _open_shift(self) -> CounterScreen:
        from ui.counter import CounterScreen

        wait_until(lambda: self.window.screens.get("open_shift") is not None and self.idle())
        opening = self.window.screens["open_shift"]
        type_into(opening.float_total, "2000000")
        opening.submit()
        wait_until(lambda: self.window.screens.get("counter") is not None and self.idle())
        counter = self.window.screens["counter"]
        assert isinstance(counter, CounterScreen)
        wait_until(lambda: bool(counter.search.catalogue))
        return counter

    def serve(self, codes: list[str], nid: str = "", name: str = "", fee: int = 0) -> None:
        counter = self.counter
        type_into(counter.citizen.national_id, nid)
        counter.citizen.name.setText(name)
        for code in codes:
            service = counter.search.by_code(code)
            assert service is not None, code
            counter.add_service(service, 1)
            if counter.lines.lines[-1].service.tariff.variable_agency_fee:  # the fee cell is open: type it
                wait_until(lambda: QApplication.focusWidget() not in (None, counter.search.edit))
                editor = QApplication.focusWidget()
                assert isinstance(editor, QLineEdit)
                editor.setText(str(fee))
                QTest.keyClick(editor, Qt.Key.Key_Return)
                wait_until(lambda: counter.search.edit.hasFocus())

    def pay(self, card: int = 0) -> PaymentDialog:
        from ui.payment_dialog import PaymentDialog

        self.counter.pay()
        if self.counter.message.kind == "error":
            raise RuntimeError(self.counter.message.text())
        payment = self.modal(PaymentDialog)
        if card:
            type_into(payment.card, str(card))
            type_into(payment.terminal, "61234567")
            type_into(payment.card_reference, "402118")
        return payment

    def finish(self, payment: PaymentDialog) -> ReceiptPreviewDialog:
        from ui.receipt_preview import ReceiptPreviewDialog

        payment.accept()
        return self.modal(ReceiptPreviewDialog)

    def _park(self) -> list[Path]:
        from ui.parking import ParkDialog, ParkedVisitsDialog

        self.serve(["1002", "9504"], "", "زهرا موسوی")
        self.counter.ask_new_visit()
        dialog = self.modal(ParkDialog)
        shots = [self.shot("park")]
        dialog._park()
        self.serve(["8001"], "", "حسن رحیمی")
        self.counter.park("حسن رحیمی")
        self.counter.show_parked()
        visits = self.modal(ParkedVisitsDialog)
        shots.append(self.shot("parked_visits"))
        visits.reject()
        return shots

    def _todays_list(self, last_receipt: int) -> list[Path]:
        from app.services.voids import void_sale
        from ui.todays_list import TodaysListDialog

        desk = self.window.desk
        void_sale(desk.db, desk.actor, last_receipt - 1, "ثبت اشتباه", approver=("owner", "1234"))
        self.window.show_todays_list()
        dialog = self.modal(TodaysListDialog)
        path = self.shot("todays_list")
        dialog.reject()
        return [path]

    def _close_shift(self) -> list[Path]:
        from app.services.shifts import DENOMINATIONS
        from ui.close_shift import CloseShiftDialog
        from ui.shift_report import ShiftReportDialog

        self._ask_variance_reason()
        self.window.show_close_shift()
        closing = self.modal(CloseShiftDialog)
        counted = (closing.expected or 0) - 5_000
        for note in DENOMINATIONS:
            count, counted = divmod(counted, note)
            if count:
                type_into(closing.counter.fields[note], str(count))
        closing._counted()  # Enter on the last note: 5,000 short is beyond what the office lets pass
        type_into(closing.reason, "باقی پول یک مراجعه‌کننده داده نشد")
        shots = [self.shot("shift_close")]
        closing.submit()
        report = self.modal(ShiftReportDialog)
        shots.append(self.shot("z_report"))
        report.accept()
        wait_until(lambda: self.window.stack.currentWidget() is self.window.screens["login"] and self.idle())
        return shots


    def _ask_variance_reason(self) -> None:
        """The owner's rule for this office: a variance above 1,000 Rials needs the clerk's reason."""
        from app.services.auth import login
        from app.services.office import set_setting
        from app.settings_registry import ASK_VARIANCE_REASON, VARIANCE_REASON_THRESHOLD

        db = self.window.desk.db
        owner = login(db, "owner", "1234")
        set_setting(db, owner, ASK_VARIANCE_REASON, True)
        set_setting(db, owner, VARIANCE_REASON_THRESHOLD, 1000)


class OwnersReview:
    """The owner after the day: each page of the management menu, and a file dialog."""

    def __init__(self, window, folder: Path) -> None:  # type: ignore[no-untyped-def]
        self.window, self.folder = window, folder

    def walk(self) -> list[Path]:
        from ui.pages import PAGES

        login = self.window.screens["login"]
        login.select_user("owner")
        login.pin.setText("1234")
        login.submit()
        wait_until(lambda: self.window.stack.currentWidget() is not login and not self.window.runner.busy)
        shots = []
        for name, page in zip(OWNER_SHOTS, PAGES, strict=False):
            self.window.open_page(page)
            wait_until(lambda: not self.window.runner.busy)
            settle(0.8)
            wait_until(lambda: not self.window.runner.busy)
            shots.append(grab(self.folder, name, self.window))
        shots.append(self._file_dialog())
        self.window.close_page()
        return shots

    def _file_dialog(self) -> Path:
        from app.i18n import _
        from ui.file_dialogs import file_dialog

        folder = Path(tempfile.mkdtemp(prefix="pishkhan-tariffs-"))
        for name in ("tariffs-1405.csv", "tariffs-1406.xlsx"):
            (folder / name).write_text("code,agency\n", encoding="utf-8")
        dialog = file_dialog(self.window, _("Choose the tariff file"), directory=str(folder),
                             name_filter=_("Tariff tables (*.csv *.xlsx)"))
        dialog.open()
        wait_until(lambda: QApplication.activeModalWidget() is dialog)
        settle(0.6)
        path = grab(self.folder, "file_dialog", self.window)
        dialog.reject()
        return path


def main(argv: list[str]) -> int:
    folder = Path(argv[0] if argv else "docs/screenshots")
    take(folder)
    if problems_seen:
        print(f"{len(problems_seen)} problems: something is cut or not in Persian", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
