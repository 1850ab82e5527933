"""The staff screen, driven as the owner and a manager would: add a clerk who then logs in, change a
role, deactivate, reset a PIN (owner only), see and lift a lockout."""
from __future__ import annotations

import pytest
from admin_testkit import PINS, actor, settle
from desks import desk_of
from PySide6.QtCore import Qt

from app.db import Database
from app.errors import AuthError, PermissionDenied
from app.security import MAX_FAILED_PINS
from app.services.auth import login
from app.services.staff import update_staff
from ui.admin_staff import AdminStaffScreen, NewStaff, StaffDialog


def open_screen(gui, db: Database, username: str) -> AdminStaffScreen:  # type: ignore[no-untyped-def]
    screen = AdminStaffScreen(desk_of(db, actor(db, username)))
    gui.addWidget(screen)
    screen.show()
    settle(gui, screen)
    return screen


def cell(screen: AdminStaffScreen, username: str, column: int) -> str:
    row = [m.username for m in screen.model.staff].index(username)
    return str(screen.model.index(row, column).data(Qt.ItemDataRole.DisplayRole))


def test_owner_adds_a_clerk_who_can_then_log_in(gui, office: Database) -> None:
    screen = open_screen(gui, office, "owner")
    assert [m.username for m in screen.model.staff] == ["owner", "clerk1", "clerk2", "manager1"]
    screen.ask_new_member = lambda: NewStaff("Clerk3", "سارا محمدی", "clerk", "۵۶۷۸")
    screen.add_button.click()
    settle(gui, screen)
    assert screen.message.kind == "info" and "سارا محمدی" in screen.message.text()
    assert screen.selected() is not None and screen.selected().username == "clerk3"
    assert cell(screen, "clerk3", 2) == "متصدی" and cell(screen, "clerk3", 3) == "فعال"
    assert login(office, "clerk3", "5678").role == "clerk"


def test_the_add_dialog_checks_the_pin_twice(gui) -> None:
    dialog = StaffDialog(["manager", "clerk"])
    gui.addWidget(dialog)
    gui.keyClicks(dialog.username, "clerk3")
    dialog.full_name.insert("سارا محمدی")  # QTest types ASCII only
    gui.keyClicks(dialog.pins.pin, "5678")
    gui.keyClicks(dialog.pins.again, "5679")
    dialog.accept()
    assert dialog.result() == 0 and dialog.message.kind == "error"
    assert dialog.message.text() == "دو رمز یکسان نیستند."
    dialog.pins.again.setText("۵۶۷۸")
    dialog.accept()
    assert dialog.result() == 1
    assert dialog.value() == NewStaff("clerk3", "سارا محمدی", "clerk", "5678")


def test_a_refused_name_is_shown_and_nothing_added(gui, office: Database) -> None:
    screen = open_screen(gui, office, "owner")
    screen.ask_new_member = lambda: NewStaff("clerk1", "تکراری", "clerk", "5678")
    screen.add_button.click()
    settle(gui, screen)
    assert screen.message.kind == "error" and "clerk1" in screen.message.text()
    assert len(screen.model.staff) == 4


def test_manager_cannot_reset_a_pin(gui, office: Database) -> None:
    screen = open_screen(gui, office, "manager1")
    screen.select("clerk1")
    assert screen.role_button.isEnabled() and screen.active_button.isEnabled()
    assert not screen.pin_button.isEnabled()
    assert "نمی‌تواند" in screen.pin_button.toolTip() or screen.pin_button.toolTip()
    screen.ask_new_pin = lambda member: "9999"
    screen.reset_pin()  # past the disabled button: the service refuses
    settle(gui, screen)
    assert screen.message.kind == "error"
    with pytest.raises(PermissionDenied):
        update_staff(office, actor(office, "manager1"), "clerk1", pin="9999")
    assert login(office, "clerk1", PINS["clerk1"]).username == "clerk1"
    with pytest.raises(AuthError):
        login(office, "clerk1", "9999")


def test_owner_resets_a_pin(gui, office: Database) -> None:
    screen = open_screen(gui, office, "owner")
    screen.select("clerk2")
    assert screen.pin_button.isEnabled()
    screen.ask_new_pin = lambda member: "8642"
    screen.pin_button.click()
    settle(gui, screen)
    assert screen.message.kind == "info"
    assert login(office, "clerk2", "8642").username == "clerk2"


def test_lockout_is_shown_and_lifted(gui, office: Database) -> None:
    for _ in range(MAX_FAILED_PINS):
        with pytest.raises(AuthError):
            login(office, "clerk1", "0000")
    with pytest.raises(AuthError):
        login(office, "clerk1", PINS["clerk1"])  # locked: even the right PIN is refused
    screen = open_screen(gui, office, "owner")
    assert cell(screen, "clerk1", 4).startswith("قفل تا ۱۴")
    assert cell(screen, "clerk2", 4) == ""
    screen.select("clerk2")
    assert not screen.unlock_button.isEnabled()  # nothing to lift
    screen.select("clerk1")
    assert screen.unlock_button.isEnabled()
    screen.unlock_button.click()
    settle(gui, screen)
    assert screen.message.kind == "info"
    assert cell(screen, "clerk1", 4) == ""
    assert not screen.unlock_button.isEnabled()
    assert login(office, "clerk1", PINS["clerk1"]).username == "clerk1"


def test_deactivate_and_activate_again(gui, office: Database) -> None:
    screen = open_screen(gui, office, "owner")
    screen.select("clerk2")
    screen.ask_confirm = lambda text: True
    screen.active_button.click()
    settle(gui, screen)
    assert cell(screen, "clerk2", 3) == "غیرفعال" and screen.active_button.text() == "فعال کردن"
    with pytest.raises(AuthError):
        login(office, "clerk2", PINS["clerk2"])
    screen.active_button.click()
    settle(gui, screen)
    assert cell(screen, "clerk2", 3) == "فعال"
    assert login(office, "clerk2", PINS["clerk2"]).username == "clerk2"


def test_change_role(gui, office: Database) -> None:
    screen = open_screen(gui, office, "owner")
    screen.select("clerk2")
    screen.ask_role = lambda member: "manager"
    screen.role_button.click()
    settle(gui, screen)
    assert cell(screen, "clerk2", 2) == "مدیر"
    assert actor(office, "clerk2").role == "manager"


def test_a_manager_cannot_touch_the_owner(gui, office: Database) -> None:
    screen = open_screen(gui, office, "manager1")
    screen.select("owner")
    for button in (screen.role_button, screen.active_button, screen.pin_button, screen.unlock_button):
        assert not button.isEnabled()


def test_the_last_owner_stays(gui, office: Database) -> None:
    screen = open_screen(gui, office, "owner")
    screen.select("owner")
    screen.ask_confirm = lambda text: True
    screen.active_button.click()
    settle(gui, screen)
    assert screen.message.kind == "error"
    assert actor(office, "owner").role == "owner"


def test_a_clerk_is_refused(gui, office: Database) -> None:
    screen = open_screen(gui, office, "clerk1")
    assert screen.message.kind == "error" and "متصدی" in screen.message.text()
    assert screen.model.staff == []
    for button in (screen.add_button, screen.role_button, screen.active_button, screen.pin_button,
                   screen.unlock_button):
        assert not button.isEnabled()
