"""The main window only assembles the screens and moves between them:
start -> first run or login -> open shift (if none is open) -> counter -> login."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QMainWindow, QStackedWidget, QWidget

from app.errors import UserError
from app.i18n import _
from app.office_record import Office
from ui.desk import Desk
from ui.page_frame import PageFrame
from ui.pages import PAGES, Page
from ui.runner import Runner
from ui.widgets import add_shortcuts, keys_text, open_dialog

if TYPE_CHECKING:
    from app.db import Database
    from app.services.common import Actor
    from app.services.shifts import ShiftReport
    from ui.counter import CounterScreen
    from ui.first_run import FirstRunScreen
    from ui.login import LoginScreen
    from ui.open_shift import OpenShiftScreen

ScreenT = TypeVar("ScreenT", bound=QWidget)

# The database layer (SQLAlchemy, Alembic) and the screens are imported on first use: the worker thread
# imports them while the GUI thread puts the window on the screen.
# Small enough for a 1024×768 monitor with a task bar, and 1920×1080 at 150% (1280×720 logical).
MIN_SIZE = (960, 600)


def _open(db_path: Path | str) -> tuple[Database, bool, list[tuple[str, str]], Office]:
    from app.store.base import is_url

    if is_url(db_path):  # a server that does not answer is said before the database layer loads
        from app.store.postgres import url_unreachable

        if (cut := url_unreachable(str(db_path))) is not None:
            raise cut
    from app.db import open_database
    from app.services.office import has_office, office_settings
    from app.services.staff import login_names

    db = open_database(db_path, create=True)
    if not has_office(db):
        return db, False, [], Office()
    return db, True, login_names(db), office_settings(db)


def _reopen(old: Database | None, location: Path | str) -> tuple[Database, bool, list[tuple[str, str]], Office]:
    if old is not None:
        old.close()
    return _open(location)


def _shift_state(db: Database, actor: Actor) -> tuple[Office, bool]:
    """The office settings (they may have changed) and whether the actor has an open shift."""
    from app.services.office import office_settings
    from app.services.shifts import shift_report

    settings = office_settings(db)
    try:
        shift_report(db, actor)
    except UserError:
        return settings, False
    return settings, True


class MainWindow(QMainWindow):
    ready = Signal()  # the first real screen (first run or login) is showing
    start_failed = Signal(str)

    def __init__(self, db_path: Path | str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db_path = db_path
        self.setWindowTitle(_("Pishkhan Desk"))
        self.setMinimumSize(*MIN_SIZE)
        self.runner = Runner(self)
        self.printer = Runner(self)
        self.desk: Desk | None = None
        self.stack = QStackedWidget()
        self.starting = QLabel(_("Opening the office database…"))
        self.starting.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack.addWidget(self.starting)
        self.setCentralWidget(self.stack)
        self.screens: dict[str, QWidget] = {}
        self.pages: list[Page] = list(PAGES)
        self.page_frame: PageFrame | None = None  # an owner's page showing in place of a screen
        self.return_to: QWidget | None = None
        self.daily_backup: QObject | None = None
        self.pages_menu = self.menuBar().addMenu(_("Office management"))
        self.pages_menu.menuAction().setToolTip(_("{action} — shortcut: {keys}", action=_("Office management"),
                                                  keys=keys_text(["Ctrl+M"])))
        self.menuBar().hide()
        add_shortcuts(self, ["Ctrl+M"], self._popup_pages)
        self.runner.on_user_error = lambda err: self.statusBar().showMessage(err.message(), 10_000)
        self._login_early(db_path)  # first: the opening job below must see the early desk
        self.runner.run(lambda: self._open_job(db_path), self._opened, self._open_failed)

    def _open_job(self, db_path: Path | str) -> tuple[Database, bool, list[tuple[str, str]], Office]:
        opened = _open(db_path)
        if self.desk is not None and opened[1]:
            # Worker thread: hand the database to the early login screen before the next job (a
            # login typed at once) runs; the GUI-thread callback comes later.
            self.desk.db = opened[0]
        return opened

    def _login_early(self, db_path: Path | str) -> None:
        """Show the login screen from a stdlib glance at the file while the database opens behind it.

        The login job is queued after the opening job on the same one-thread runner, so a PIN typed
        at once still waits for the open database."""
        from app.quickread import glance

        seen = glance(db_path)
        if seen is None or not seen.names:
            return
        self.desk = Desk(None, self.runner, self.printer, office=seen.office)  # type: ignore[arg-type]
        self.show_login(names=seen.names)
        QTimer.singleShot(0, self.ready.emit)

    # --- start ------------------------------------------------------------------------------------

    def _opened(self, opened: tuple[Database, bool, list[tuple[str, str]], Office]) -> None:
        db, has, names, settings = opened
        if self.desk is not None and has:  # the login screen is already up (_login_early)
            self.desk.db = db
            self.desk.office = settings
            self._start_daily_backup()
            return
        self.desk = Desk(db, self.runner, self.printer, office=settings)
        self._start_daily_backup()
        if has:
            self.show_login(names=names)
        else:
            self.show_first_run()
        self.ready.emit()

    def _open_failed(self, err: UserError) -> None:
        self.desk = None
        self.stack.setCurrentWidget(self.starting)  # no login over a database that did not open
        self.starting.setText(err.message())
        if isinstance(self.db_path, str):  # the office server: say so, and offer to try again
            self._server_lost(err)
        self.start_failed.emit(err.message())

    def _server_lost(self, err: UserError) -> None:
        from ui.server_connect import ServerLostScreen, server_address

        if "server_lost" not in self.screens:
            screen = ServerLostScreen(self.runner)
            screen.retry_requested.connect(lambda: self.open_books(self.db_path))
            screen.books_chosen.connect(self.open_books)
            self.screens["server_lost"] = screen
            self.stack.addWidget(screen)
        lost = self._show(self.screens["server_lost"])
        assert isinstance(lost, ServerLostScreen)
        lost.show_problem(err, server_address(self.db_path))

    def open_books(self, location: Path | str) -> None:
        """Open other books on this desk (connected to the office server, back to this PC's file, or the
        server back): every screen starts again on them, as at start."""
        self._drop_frame()
        for screen in self.screens.values():
            self.stack.removeWidget(screen)
            screen.deleteLater()
        self.screens.clear()
        old = self.desk.db if self.desk is not None else None
        self.desk, self.db_path = None, location
        self._refresh_pages()
        self.starting.setText(_("Opening the office database…"))
        self.stack.setCurrentWidget(self.starting)
        self.runner.run(lambda: _reopen(old, location), self._opened, self._open_failed)

    # --- the four screens, each built on first use and wired once -----------------------------------

    def first_run_screen(self) -> FirstRunScreen:
        from ui.first_run import FirstRunScreen

        return self._screen("first_run", FirstRunScreen, self._wire_first_run)

    def login_screen(self) -> LoginScreen:
        from ui.login import LoginScreen

        return self._screen("login", LoginScreen, self._wire_login)

    def open_shift_screen(self) -> OpenShiftScreen:
        from ui.open_shift import OpenShiftScreen

        return self._screen("open_shift", OpenShiftScreen, self._wire_open_shift)

    def counter_screen(self) -> CounterScreen:
        from ui.counter import CounterScreen

        return self._screen("counter", CounterScreen, self._wire_counter)

    def _screen(self, name: str, kind: Callable[[Desk], ScreenT], wire: Callable[[ScreenT], None]) -> ScreenT:
        if name not in self.screens:
            assert self.desk is not None
            widget = kind(self.desk)
            self.screens[name] = widget
            self.stack.addWidget(widget)
            wire(widget)
        return self.screens[name]  # type: ignore[return-value]

    def _show(self, screen: ScreenT) -> ScreenT:
        self.stack.setCurrentWidget(screen)
        return screen

    # --- screens and their wiring -----------------------------------------------------------------

    def show_first_run(self) -> None:
        self._show(self.first_run_screen()).start()

    def _wire_first_run(self, screen: FirstRunScreen) -> None:
        screen.office_ready.connect(lambda username: self.show_login(select=username))
        screen.server_connected.connect(self.open_books)

    def show_login(self, *, names: list[tuple[str, str]] | None = None, select: str = "", message: str = "") -> None:
        assert self.desk is not None
        login = self._show(self.login_screen())
        if names is None:
            from app.services.office import office_settings
            from app.services.staff import login_names

            db = self.desk.db
            self.runner.run(lambda: (login_names(db), office_settings(db)),
                            lambda loaded: self._users_loaded(loaded, select, message))
            login.reset(message)
            return
        login.set_users(names, self.desk.office.name, select)
        login.reset(message)

    def _users_loaded(self, loaded: tuple[list[tuple[str, str]], Office], select: str, message: str) -> None:
        names, settings = loaded
        assert self.desk is not None
        self.desk.office = settings
        login = self.login_screen()
        # The list starts at the top for everyone: the previous user's row would make ↓ land on the
        # wrong person.
        login.set_users(names, settings.name, select)
        login.reset(message)

    def _wire_login(self, screen: LoginScreen) -> None:
        screen.logged_in.connect(self._logged_in)

    def _logged_in(self, actor: Actor) -> None:
        assert self.desk is not None
        self.desk.actor = actor
        db = self.desk.db
        self.runner.run(lambda: _shift_state(db, actor), self._shift_checked)

    def _shift_checked(self, state: tuple[Office, bool]) -> None:
        assert self.desk is not None
        self.desk.office, has_shift = state
        self._refresh_pages()
        self.show_counter() if has_shift else self._show(self.open_shift_screen()).start()

    def _wire_open_shift(self, screen: OpenShiftScreen) -> None:
        screen.shift_opened.connect(lambda _id: self.show_counter())
        screen.logout_requested.connect(self.logout)

    def show_counter(self) -> None:
        self._show(self.counter_screen()).start()

    def _wire_counter(self, screen: CounterScreen) -> None:
        screen.todays_list_requested.connect(self.show_todays_list)
        screen.cash_movement_requested.connect(self.show_cash_movement)
        screen.x_report_requested.connect(self.show_x_report)
        screen.close_shift_requested.connect(self.show_close_shift)
        screen.print_jobs_requested.connect(self.show_print_jobs)
        screen.logout_requested.connect(self.logout)

    def logout(self) -> None:
        assert self.desk is not None
        self.desk.actor = None
        self._drop_frame()  # a manager's page does not stay open for the next user
        self._refresh_pages()
        self.activateWindow()
        self.show_login()

    # --- dialogs over the counter -----------------------------------------------------------------

    def _dialog(self, dialog: Any) -> Any:
        self.dialog = dialog
        dialog.finished.connect(lambda _code: self._back_to_counter())
        open_dialog(dialog)
        return dialog

    def _back_to_counter(self) -> None:
        from ui.counter import CounterScreen

        counter = self.screens.get("counter")
        if QApplication.activeModalWidget() is None and isinstance(counter, CounterScreen) and \
                self.stack.currentWidget() is counter:
            counter.back_from_dialog()

    def show_todays_list(self) -> None:
        from ui.todays_list import TodaysListDialog

        assert self.desk is not None
        dialog = self._dialog(TodaysListDialog(self.desk, self))  # it opens its receipts' previews itself
        dialog.printed.connect(self.counter_screen().count_unprinted)

    def show_print_jobs(self) -> None:
        from ui.print_jobs import PrintJobsDialog, show_pending_notice

        assert self.desk is not None
        counter = self.counter_screen()
        dialog = self._dialog(PrintJobsDialog(self.desk, self))
        dialog.finished.connect(lambda _code: show_pending_notice(dialog.desk, counter.message,
                                                                  counter.print_jobs_button))

    def show_cash_movement(self) -> None:
        from ui.cash_movement import CashMovementDialog

        assert self.desk is not None
        dialog = self._dialog(CashMovementDialog(self.desk, self))
        dialog.recorded.connect(lambda kind, amount: self.statusBar().showMessage(
            _("Cash in recorded: {amount}", amount=self.desk.money(amount, with_unit=True)) if kind == "in" else
            _("Cash out recorded: {amount}", amount=self.desk.money(amount, with_unit=True)), 10_000))

    def show_x_report(self) -> None:
        from app.services.shifts import shift_report

        assert self.desk is not None
        db, actor = self.desk.db, self.desk.acting
        self.runner.run(lambda: shift_report(db, actor), self._show_report)

    def _show_report(self, report: ShiftReport) -> Any:
        from ui.shift_report import ShiftReportDialog

        assert self.desk is not None
        return self._dialog(ShiftReportDialog(self.desk, report, self))

    def show_close_shift(self) -> None:
        from ui.close_shift import CloseShiftDialog

        assert self.desk is not None
        dialog = self._dialog(CloseShiftDialog(self.desk, self))
        dialog.closed.connect(self._shift_closed)

    def _shift_closed(self, report: ShiftReport) -> None:
        from ui.parking import parked

        assert self.desk is not None
        parked(self.desk).clear()  # a parked visit belongs to the shift it was started in
        z_report = self._show_report(report)
        z_report.finished.connect(lambda _code: self.logout())

    # --- the owner's and managers' pages (ui/pages.py) --------------------------------------------

    def add_page(self, page: Page) -> None:
        """One more entry of the management menu (Ctrl+M), after those of ui/pages.py."""
        self.pages.append(page)
        self._refresh_pages()

    def _start_daily_backup(self) -> None:
        from ui.daily_backup import DailyBackup

        if self.daily_backup is None:
            self.daily_backup = DailyBackup(self)

    def _refresh_pages(self) -> None:
        """The management menu lists the pages the logged-in role may open (hidden for a clerk)."""
        self.pages_menu.clear()
        role = self.desk.actor.role if self.desk and self.desk.actor else ""
        for page in self.pages:
            if role in page.roles:
                action = self.pages_menu.addAction(_(page.title))
                action.setShortcut(QKeySequence(page.keys))
                action.setToolTip(_("{action} — shortcut: {keys}", action=_(page.title), keys=keys_text([page.keys])))
                action.triggered.connect(lambda _c=False, p=page: self.open_page(p))
        self.menuBar().setVisible(not self.pages_menu.isEmpty())

    def _popup_pages(self) -> None:
        if self.menuBar().isVisible():
            self.menuBar().setActiveAction(self.pages_menu.menuAction())

    def open_page(self, page: Page) -> QWidget:
        """Show `page` in the window, in place of the counter until Esc; a dialog opens over it."""
        assert self.desk is not None
        widget = page.open(self.desk, self)
        if isinstance(widget, QDialog):
            add_shortcuts(widget, ["Ctrl+W"], widget.reject)
            open_dialog(widget)
            return widget
        if self.page_frame is None:
            self.return_to = self.stack.currentWidget()
        else:
            self._drop_frame()
        self.page_frame = PageFrame(_(page.title), widget)
        self.page_frame.closed.connect(self.close_page)
        self.stack.addWidget(self.page_frame)
        self.stack.setCurrentWidget(self.page_frame)
        return widget

    def close_page(self) -> None:
        """Back to the screen the page was opened from (the counter gets the keyboard again)."""
        if self.page_frame is None:
            return
        back = self.return_to
        if back is not None and self.stack.indexOf(back) >= 0:
            self.stack.setCurrentWidget(back)
        self._drop_frame()
        from ui.counter import CounterScreen

        counter = self.screens.get("counter")
        if back is counter and isinstance(counter, CounterScreen):
            counter.back_from_dialog()

    def _drop_frame(self) -> None:
        frame, self.page_frame = self.page_frame, None
        if frame is not None:
            self.stack.removeWidget(frame)
            frame.deleteLater()

    # --- closing ----------------------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        self.shutdown()
        super().closeEvent(event)

    def shutdown(self) -> None:
        """Let running database and printing work finish before the process ends."""
        self.runner.wait(30_000)
        self.printer.wait(30_000)
        if self.desk is not None and self.desk.db is not None:  # None: closed before it finished opening
            self.desk.db.close()
