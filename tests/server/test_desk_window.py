"""A desk's window on the office server, driven as the owner and a clerk would: connecting from the first
run, the login listing the office's staff, a sale landing on the server with the office-wide number,
the owner's Office server page going back to this PC's file, and a server that is gone — at start,
mid-visit, or right after a sale was saved."""
from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from app_testkit import PINS
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from server_testkit import Office

from app.services import shifts
from app.services.connection import save_server, saved_server
from app.services.sales import LineRequest, SaleRequest, record_sale
from app.text import to_persian_digits
from bench import pgcluster

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "ui"))
from ui_helpers import Keyboard, wait_for_dialog, wait_idle  # noqa: E402

Key = Qt.Key


@pytest.fixture(scope="module")
def qt_app(qapp: QApplication) -> QApplication:
    from ui.app import create_application

    return create_application()


@pytest.fixture(autouse=True)
def desk_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """This desk's own config and data folders: where its connection is saved, where its own file would be."""
    monkeypatch.setenv("PISHKHAN_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("PISHKHAN_DATA_DIR", str(tmp_path / "data"))
    return tmp_path


@pytest.fixture(autouse=True)
def no_bugs() -> Iterator[None]:
    """A bug dialog is a failure whatever the test checks (the server gone is the user's news, not a bug)."""
    from ui import errors

    errors.reported.clear()
    yield
    assert not errors.reported, "bug reported:\n" + "\n".join(errors.reported)


@pytest.fixture(scope="module")
def stoppable() -> Iterator[pgcluster.Cluster]:
    """A cluster of this module's own: its tests stop it as a pulled cable or a server PC switched off would."""
    server = pgcluster.Cluster().init().start()
    yield server
    server.destroy()


def running(cluster: pgcluster.Cluster) -> None:
    status = cluster._run(str(cluster.bin / "pg_ctl"), "-D", str(cluster.data), "status", check=False)
    if status.returncode != 0:
        cluster.restart()


@pytest.fixture
def lost_office(stoppable: pgcluster.Cluster, request: pytest.FixtureRequest) -> Iterator[Office]:
    running(stoppable)
    office = Office.create(stoppable, f"lost_{request.node.name[5:40].lower()}")
    yield office
    office.close()
    running(stoppable)
    stoppable.drop_database(office.name)


def start(qtbot, location: Path | str):  # type: ignore[no-untyped-def]
    from ui.main_window import MainWindow

    window = MainWindow(location)
    qtbot.addWidget(window, before_close_func=lambda w: w.shutdown())
    window.resize(1024, 768)
    window.show()
    return window


def showing(window, name: str) -> bool:  # type: ignore[no-untyped-def]
    return name in window.screens and window.stack.currentWidget() is window.screens[name]


def connect_from_first_run(qtbot, window, text: str):  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: showing(window, "first_run"), timeout=20_000)
    first_run = window.screens["first_run"]
    qtbot.keyClick(first_run, Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    form = first_run.connection
    assert form.isVisible() and form.address.hasFocus()
    form.address.setText(text)  # pasted
    return form


def log_in(qtbot, window, username: str) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: showing(window, "login") and window.screens["login"].users.count() > 0, timeout=20_000)
    login = window.screens["login"]
    login.select_user(username)
    login.pin.setText(PINS[username])
    login.submit()


def at_counter(qtbot, window, office: Office, clerk: str, desk: str = "one"):  # type: ignore[no-untyped-def]
    db = office.desk_db(desk)
    shifts.open_shift(db, office.actor(clerk), 0)
    db.close()
    log_in(qtbot, window, clerk)
    qtbot.waitUntil(lambda: showing(window, "counter"), timeout=20_000)
    wait_idle(qtbot, window)
    return window.screens["counter"]


def add_service(qtbot, keyboard: Keyboard, counter, code: str = "1001") -> None:  # type: ignore[no-untyped-def]
    counter.focus_search()
    keyboard.type(code)
    keyboard.press(Key.Key_Return)
    assert counter.lines.rowCount() >= 1


def pay_cash(qtbot, keyboard: Keyboard) -> None:  # type: ignore[no-untyped-def]
    from ui.payment_dialog import PaymentDialog

    keyboard.press(Key.Key_F12)
    wait_for_dialog(qtbot, PaymentDialog)
    keyboard.press(Key.Key_Return)  # exact cash


def test_a_wrong_password_says_so_and_saves_nothing(qtbot, qt_app, office: Office, desk_folders: Path) -> None:
    window = start(qtbot, desk_folders / "data" / "pishkhan.db")
    login, rest = office.desks["one"].split("@", 1)
    form = connect_from_first_run(qtbot, window, login.rsplit(":", 1)[0] + ":wrong@" + rest)
    form.test_button.click()
    qtbot.waitUntil(lambda: not form.busy, timeout=10_000)
    assert form.message.kind == "error" and "رمز آن را نپذیرفت" in form.message.text()
    assert "پاسخ می‌دهد" in form.findings.server.text() and "پذیرفته نشد" in form.findings.login.text()
    form.save_button.click()  # saving tests again: still refused
    qtbot.waitUntil(lambda: not form.busy, timeout=10_000)
    assert form.message.kind == "error" and showing(window, "first_run")
    assert saved_server() is None and not (desk_folders / "config" / "server.json").exists()


def test_the_first_run_connects_and_a_sale_lands_on_the_server_in_the_office_series(
        qtbot, qt_app, office: Office, desk_folders: Path) -> None:
    window = start(qtbot, desk_folders / "data" / "pishkhan.db")
    form = connect_from_first_run(qtbot, window, f"باجه one:\n{office.desks['one']}\n")
    qtbot.keyClick(form.address, Key.Key_Return)  # Enter tests
    qtbot.waitUntil(lambda: not form.busy, timeout=10_000)
    office_name = to_persian_digits(office.scalar("SELECT name FROM office"))  # as every screen shows names
    assert form.message.kind == "info" and form.findings.office.text() == office_name
    assert form.findings.desk.text().strip("\u2066\u2069") == "one"
    qtbot.keyClick(form.address, Key.Key_Return, Qt.KeyboardModifier.ControlModifier)  # save and connect
    qtbot.waitUntil(lambda: showing(window, "login"), timeout=20_000)
    assert saved_server() == office.desks["one"]
    login = window.screens["login"]
    qtbot.waitUntil(lambda: login.users.count() == 4, timeout=20_000)
    staff = [login.users.item(i).data(Qt.ItemDataRole.UserRole) for i in range(login.users.count())]
    assert staff == ["owner", "clerk1", "clerk2", "manager1"]  # the office's staff, from the server
    assert window.desk is not None and window.desk.db.on_server
    # Desk two records first: this desk's sale takes the next number of the one office-wide series.
    two = office.desk_db("two")
    shifts.open_shift(two, office.actor("clerk2"), 0)
    first = record_sale(two, office.actor("clerk2"), SaleRequest((LineRequest("1001"),))).receipt_number
    two.close()
    keyboard = Keyboard(qtbot)
    counter = at_counter(qtbot, window, office, "clerk1")
    add_service(qtbot, keyboard, counter)
    pay_cash(qtbot, keyboard)
    qtbot.waitUntil(lambda: counter.lines.rowCount() == 0, timeout=20_000)
    assert office.scalar("SELECT MAX(receipt_number) FROM txn") == first + 1
    assert office.scalar("SELECT s.username FROM txn t JOIN staff s ON s.id = t.staff_id WHERE receipt_number = ?",
                         first + 1) == "clerk1"


def test_the_owners_page_shows_the_server_and_goes_back_to_this_pcs_file(
        qtbot, qt_app, office: Office, desk_folders: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from ui.admin_office_server import OfficeServerPage
    from ui.pages import PAGES

    save_server(office.desks["two"])
    window = start(qtbot, saved_server())  # type: ignore[arg-type]
    log_in(qtbot, window, "owner")
    qtbot.waitUntil(lambda: showing(window, "open_shift"), timeout=20_000)
    page_entry = next(p for p in PAGES if p.title == "Office server")
    assert page_entry.roles == ("owner",)
    page = window.open_page(page_entry)
    assert isinstance(page, OfficeServerPage)
    shown = page.place.text()
    assert "desk_two@127.0.0.1" in shown and "«\u2066two\u2069»" in shown
    assert office.desks["two"].split(":")[2].split("@")[0] not in shown  # never the password
    page.test_button.click()
    qtbot.waitUntil(lambda: page.findings.isVisible(), timeout=10_000)
    assert page.message.kind == "info"
    assert page.findings.office.text() == to_persian_digits(office.scalar("SELECT name FROM office"))
    asked: list[bool] = []
    monkeypatch.setattr(page, "ask_own_file", lambda: asked.append(True) or True)
    page.own_file_button.click()
    # The window opens this PC's own file (new and empty: the first run), and forgets the server.
    qtbot.waitUntil(lambda: showing(window, "first_run"), timeout=20_000)
    assert asked and saved_server() is None
    assert window.desk is not None and not window.desk.db.on_server
    assert window.desk.db.path == desk_folders / "data" / "pishkhan.db"


def test_a_server_gone_at_start_says_so_offers_retry_and_never_opens_a_file_instead(
        qtbot, qt_app, lost_office: Office, stoppable: pgcluster.Cluster, desk_folders: Path) -> None:
    from app.cli.io import db_path
    from ui.server_connect import ServerLostScreen

    save_server(lost_office.desks["one"])
    stoppable.stop("immediate")
    import argparse

    location = db_path(argparse.Namespace(db=None))  # where `pishkhan` opens this desk's books
    assert location == lost_office.desks["one"]
    window = start(qtbot, location)
    with qtbot.waitSignal(window.start_failed, timeout=10_000) as failed:
        pass
    assert "سرور دفتر در دسترس نیست" in failed.args[0]
    lost = window.stack.currentWidget()
    assert isinstance(lost, ServerLostScreen) and lost.retry_button.isVisible() and lost.settings_button.isVisible()
    assert "«\u2066one\u2069»" in lost.place.text() and "desk_one@" in lost.place.text()
    assert not (desk_folders / "data" / "pishkhan.db").exists()  # no books of its own: they would split
    stoppable.restart()
    qtbot.keyClick(lost, Key.Key_Return)  # try again
    qtbot.waitUntil(lambda: showing(window, "login"), timeout=20_000)
    qtbot.waitUntil(lambda: window.screens["login"].users.count() == 4, timeout=20_000)
    assert not (desk_folders / "data" / "pishkhan.db").exists()


def test_the_connection_settings_of_a_desk_whose_server_is_gone(qtbot, qt_app, office: Office,
                                                                 desk_folders: Path, monkeypatch) -> None:
    from ui.server_connect import ConnectionDialog, ServerLostScreen

    url = office.desks["one"]
    save_server(url.replace(f":{office.cluster.port}/", ":1/"))  # the server moved to another port
    window = start(qtbot, saved_server())  # type: ignore[arg-type]
    qtbot.waitUntil(lambda: isinstance(window.stack.currentWidget(), ServerLostScreen), timeout=10_000)
    lost = window.stack.currentWidget()
    assert "nothing accepts connections on port" in lost.problem.text() or "کسی اتصال نمی‌پذیرد" in lost.problem.text()
    qtbot.keyClick(lost, Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    dialog = wait_for_dialog(qtbot, ConnectionDialog)
    dialog.form.address.setText(url)
    dialog.form.save_button.click()
    qtbot.waitUntil(lambda: showing(window, "login"), timeout=20_000)
    assert saved_server() == url
    # And this PC's own file, chosen knowingly from the same dialog once the server is gone for good.
    save_server(url.replace(f":{office.cluster.port}/", ":1/"))
    window.open_books(saved_server())  # type: ignore[arg-type]
    qtbot.waitUntil(lambda: isinstance(window.stack.currentWidget(), ServerLostScreen), timeout=10_000)
    window.stack.currentWidget().open_settings()
    dialog = wait_for_dialog(qtbot, ConnectionDialog)
    monkeypatch.setattr(dialog, "ask_own_file", lambda: True)
    dialog.own_file_button.click()
    qtbot.waitUntil(lambda: showing(window, "first_run"), timeout=20_000)
    assert saved_server() is None and (desk_folders / "data" / "pishkhan.db").exists()


def test_the_server_gone_mid_visit_keeps_the_visit_and_writes_nothing(
        qtbot, qt_app, lost_office: Office, stoppable: pgcluster.Cluster) -> None:
    window = start(qtbot, lost_office.desks["one"])
    keyboard = Keyboard(qtbot)
    counter = at_counter(qtbot, window, lost_office, "clerk1")
    before = lost_office.scalar("SELECT COUNT(*) FROM txn")
    lost_office.close()  # (the test's own connection would only be cut too)
    add_service(qtbot, keyboard, counter)
    add_service(qtbot, keyboard, counter, "2005")
    stoppable.stop("immediate")
    pay_cash(qtbot, keyboard)
    qtbot.waitUntil(lambda: counter.message.kind == "error", timeout=10_000)
    assert "سرور دفتر در دسترس نیست" in counter.message.text()
    assert counter.lines.rowCount() == 2 and counter.pay_button.isEnabled()  # the visit stays, ready to pay again
    stoppable.restart()
    after = Office(stoppable, lost_office.name, lost_office.owner_url, db=lost_office.desk_db("one"))
    try:
        assert after.scalar("SELECT COUNT(*) FROM txn") == before  # nothing half-written
        pay_cash(qtbot, keyboard)  # back: the same visit is paid and saved
        qtbot.waitUntil(lambda: counter.lines.rowCount() == 0, timeout=20_000)
        assert after.scalar("SELECT COUNT(*) FROM txn") == before + 1
        assert after.scalar("SELECT COUNT(*) FROM txn_line WHERE txn_id = (SELECT MAX(id) FROM txn)") == 2
    finally:
        after.close()


def test_a_sale_saved_just_before_the_server_went_away_is_not_shown_as_unsaved(
        qtbot, qt_app, lost_office: Office, stoppable: pgcluster.Cluster, monkeypatch) -> None:
    import ui.counter

    window = start(qtbot, lost_office.desks["one"])
    keyboard = Keyboard(qtbot)
    counter = at_counter(qtbot, window, lost_office, "clerk1")
    lost_office.close()
    real = ui.counter.record_sale

    def saved_then_cut(*args, **kwargs):  # type: ignore[no-untyped-def]
        result = real(*args, **kwargs)  # committed: the number is the citizen's
        stoppable.stop("immediate")  # the server goes before the receipt is read back
        return result

    monkeypatch.setattr(ui.counter, "record_sale", saved_then_cut)
    add_service(qtbot, keyboard, counter)
    pay_cash(qtbot, keyboard)
    qtbot.waitUntil(lambda: counter.message.kind == "error", timeout=20_000)
    text = counter.message.text()
    assert "ثبت شد" in text and "فهرست امروز" in text, text  # saved, print it later — not "nothing recorded"
    assert counter.lines.rowCount() == 0  # the clerk must not take the money twice
    stoppable.restart()
    after = Office(stoppable, lost_office.name, lost_office.owner_url, db=lost_office.desk_db("one"))
    try:
        assert after.scalar("SELECT COUNT(*) FROM txn") == 1
    finally:
        after.close()


def test_a_sale_whose_answer_was_lost_is_not_saved_twice_when_paid_again(
        qtbot, qt_app, lost_office: Office, stoppable: pgcluster.Cluster, monkeypatch) -> None:
    """The server commits the sale and goes before its answer reaches the desk: the clerk sees the server
    gone and pays the same visit again once it is back — the sale already saved is returned, not a second."""
    import psycopg

    import ui.counter
    from app.store.postgres import classify

    window = start(qtbot, lost_office.desks["one"])
    keyboard = Keyboard(qtbot)
    counter = at_counter(qtbot, window, lost_office, "clerk1")
    lost_office.close()
    real, tries = ui.counter.record_sale, []

    def committed_then_lost(*args, **kwargs):  # type: ignore[no-untyped-def]
        tries.append(kwargs.get("attempt_at"))
        result = real(*args, **kwargs)
        if len(tries) == 1:  # the first try: committed, then the answer is lost with the server
            stoppable.stop("immediate")
            window.desk.db.store.close()  # (as psycopg marks a connection broken when COMMIT fails)
            raise classify(psycopg.OperationalError("server closed the connection unexpectedly"),
                           lost_office.desks["one"])
        return result

    monkeypatch.setattr(ui.counter, "record_sale", committed_then_lost)
    add_service(qtbot, keyboard, counter)
    pay_cash(qtbot, keyboard)
    qtbot.waitUntil(lambda: counter.message.kind == "error", timeout=20_000)
    assert "سرور دفتر در دسترس نیست" in counter.message.text()
    assert counter.lines.rowCount() == 1  # to the clerk, not saved: the visit stays to be paid again
    stoppable.restart()
    pay_cash(qtbot, keyboard)
    qtbot.waitUntil(lambda: counter.lines.rowCount() == 0, timeout=20_000)
    assert tries[0] is not None and tries[1] == tries[0]  # the same visit, tried with the time of its first try
    after = Office(stoppable, lost_office.name, lost_office.owner_url, db=lost_office.desk_db("one"))
    try:
        assert after.scalar("SELECT COUNT(*) FROM txn") == 1  # one sale, one receipt number
        number = after.scalar("SELECT receipt_number FROM txn")
        assert to_persian_digits(str(number)) in counter.message.text()
    finally:
        after.close()


def test_the_window_opens_the_saved_server_and_the_password_stays_in_the_connection_file(
        qtbot, qt_app, office: Office, desk_folders: Path) -> None:
    from app.services.connection import connect_desk

    assert connect_desk(office.desks["three"]).ok
    import argparse

    from app.cli.window import db_path

    window = start(qtbot, db_path(argparse.Namespace(db=None)))  # as `pishkhan` opens the window
    log_in(qtbot, window, "clerk2")
    qtbot.waitUntil(lambda: showing(window, "open_shift"), timeout=20_000)
    assert window.desk is not None and window.desk.db.on_server
    # (A URL once became a local file path: a SQLite file, named after the password, beside the program.)
    password = office.desks["three"].split(":")[2].split("@")[0]
    found = [p for p in [*desk_folders.rglob("*"), *Path.cwd().glob("postgres*")]
             if password in str(p) or (p.is_file() and password.encode() in p.read_bytes())]
    assert found == [desk_folders / "config" / "server.json"]
    assert json.loads(found[0].read_text())["url"] == office.desks["three"]


def test_pishkhan_opens_the_saved_server_and_never_a_file_in_its_place(office: Office, tmp_path: Path) -> None:
    """The real program, started as a clerk starts it: the desk's saved server, or exit 1 when it is gone."""
    import subprocess

    from app_testkit import subprocess_env

    here = tmp_path / "started-here"  # (PYTHONPATH finds the program; a stray file would land here)
    here.mkdir()
    env = subprocess_env(QT_QPA_PLATFORM="offscreen", PISHKHAN_CONFIG_DIR=str(tmp_path / "config"),
                         PISHKHAN_DATA_DIR=str(tmp_path / "data"))

    def window() -> int:
        return subprocess.run([sys.executable, "-m", "app", "--exit-when-ready"], cwd=here,
                              env=env, capture_output=True, timeout=120, stdin=subprocess.DEVNULL).returncode

    save_server(office.desks["one"].replace(f":{office.cluster.port}/", ":1/"))  # nothing listens there
    assert window() == 1
    save_server(office.desks["one"])
    assert window() == 0
    assert list(here.iterdir()) == [] and not (tmp_path / "data" / "pishkhan.db").exists()


@pytest.fixture
def silent_port() -> Iterator[int]:
    """A port where nothing ever answers (a server PC switched off, a cable pulled): its queue is full,
    so the system drops every new connection's first packet."""
    import socket

    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(0)
    port = server.getsockname()[1]
    queued = []
    for _ in range(3):
        client = socket.socket()
        client.setblocking(False)
        try:
            client.connect(("127.0.0.1", port))
        except BlockingIOError:
            pass
        queued.append(client)
    yield port
    for client in queued:
        client.close()
    server.close()


def test_a_server_that_never_answers_is_told_without_freezing_the_window(qtbot, qt_app, office: Office,
                                                                        silent_port: int) -> None:
    from PySide6.QtCore import QTimer

    from ui.server_connect import ServerLostScreen

    save_server(office.desks["one"].replace(f":{office.cluster.port}/", f":{silent_port}/"))
    window = start(qtbot, saved_server())  # type: ignore[arg-type]
    ticks: list[int] = []
    timer = QTimer(window)
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start(50)
    qtbot.waitUntil(lambda: isinstance(window.stack.currentWidget(), ServerLostScreen), timeout=10_000)
    lost = window.stack.currentWidget()
    assert "no answer from" in lost.problem.text() or "پاسخی نیامد" in lost.problem.text()
    assert len(ticks) >= 3  # the window kept answering while the desk waited for the server
