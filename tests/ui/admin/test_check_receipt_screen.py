"""The owner's «بررسی رسید» screen and the office's signing key in the settings: a pasted or scanned code
is checked, an edited total is shown in red beside what the books hold, a typed number shows the
recorded sale, a photo of the receipt is read; the settings show and export the public key."""
from __future__ import annotations

from pathlib import Path

from admin_testkit import actor, settle
from desks import desk_of

from app.db import Database
from app.services import shifts
from app.services.receipts import load_receipt, prepare_print, record_delivery
from app.services.sales import LineRequest, SaleRequest, record_sale
from app.services.signing_keys import current_public_key
from app.signing import read_public_key_file
from ui.admin_settings import AdminSettingsScreen
from ui.check_receipt import CheckReceiptScreen


def a_sale(db: Database) -> int:
    clerk = actor(db, "clerk1")
    shifts.open_shift(db, clerk, 0)
    return record_sale(db, clerk, SaleRequest((LineRequest("1001"),))).receipt_number


def open_check(gui, db: Database) -> CheckReceiptScreen:  # type: ignore[no-untyped-def]
    screen = CheckReceiptScreen(desk_of(db, actor(db, "owner")))
    gui.addWidget(screen)
    screen.resize(1024, 700)
    screen.show()
    return screen


def check(gui, screen: CheckReceiptScreen, text: str) -> None:  # type: ignore[no-untyped-def]
    screen.entry.setText(text)
    with gui.waitSignal(screen.checked, timeout=20_000):
        screen.check_button.click()


def test_a_scanned_code_is_genuine_and_matches_the_books(gui, office: Database) -> None:
    number = a_sale(office)
    screen = open_check(gui, office)
    check(gui, screen, load_receipt(office, number).seal)
    assert screen.genuine and screen.verdict.text().startswith("اصل است")
    assert screen.mismatched_rows == set()
    claimed, recorded = screen.cells["total"]
    assert claimed.text() == recorded.text() == "۳۸۵٬۰۰۰ ریال"
    assert screen.cells["print"][0].text() == "اصل"


def test_an_edited_total_is_shown_beside_the_books_in_red(gui, office: Database) -> None:
    number = a_sale(office)
    screen = open_check(gui, office)
    check(gui, screen, load_receipt(office, number).seal.replace(":385000:", ":35000:"))
    assert not screen.genuine and screen.verdict.text().startswith("اصل نیست")
    assert screen.mismatched_rows == {"total"}
    claimed, recorded = screen.cells["total"]
    assert (claimed.text(), recorded.text()) == ("۳۵٬۰۰۰ ریال", "۳۸۵٬۰۰۰ ریال")


def test_a_typed_number_or_verification_code_shows_the_recorded_sale(gui, office: Database) -> None:
    number = a_sale(office)
    plan = prepare_print(office, actor(office, "clerk1"), number)
    record_delivery(office, plan.to_meta(), destination="file:x")
    screen = open_check(gui, office)
    check(gui, screen, "۱")
    assert screen.cells["number"][1].text() == "۱" and screen.cells["number"][0].text() == "—"
    check(gui, screen, plan.data.verification_code.lower())
    assert screen.cells["print"][1].text().startswith("اصل")
    screen.entry.setText("چیز بی‌ربط")
    screen.check_button.click()
    gui.waitUntil(lambda: screen.message.kind == "error", timeout=20_000)


def test_a_photo_of_the_receipt_is_read(gui, office: Database, tmp_path: Path) -> None:
    from printing.receipt_document import build_receipt
    from printing.thermal import render_thermal

    number = a_sale(office)
    image = tmp_path / "receipt.png"
    render_thermal(build_receipt(load_receipt(office, number)), 384).save(image)
    screen = open_check(gui, office)
    with gui.waitSignal(screen.checked, timeout=20_000):
        screen.check_image(str(image))
    assert screen.genuine and screen.entry.text().startswith("PKD2:")


def test_the_settings_show_and_export_the_office_public_key(gui, office: Database, tmp_path: Path) -> None:
    screen = AdminSettingsScreen(desk_of(office, actor(office, "owner")))
    gui.addWidget(screen)
    screen.show()
    settle(gui, screen)
    key = current_public_key(office)
    page = screen.signing
    assert screen.tabs.tabText(screen.tabs.indexOf(page)) == "کلید امضای رسید"
    assert page.fingerprint.text() == key.fingerprint and len(key.fingerprint) == 19
    assert page.public_key.text() == key.hex
    out = tmp_path / "office.pem"
    page.export_to(str(out))
    settle(gui, screen)
    assert read_public_key_file(out) == key.raw
    assert page.message.text() == f"کلید عمومی در {out} نوشته شد."
