"""The counter's own questions asked of the office server: which of the shift's receipts were never
printed, today's list with each receipt's state, and how a shift was closed on the owner's Z report."""
from __future__ import annotations

from server_testkit import Office

from app.reports.document import ReportSpec, build_report
from app.services import shifts
from app.services.office import save_settings
from app.services.receipts import prepare_print, record_delivery, shift_unprinted
from app.services.sales import LineRequest, SaleRequest, record_sale
from app.services.sales_list import todays_sales
from app.services.voids import void_sale
from app.settings_registry import ASK_VARIANCE_REASON, BLIND_COUNT, VARIANCE_REASON_THRESHOLD


def test_receipts_not_printed_and_the_close_note_on_the_server(office: Office) -> None:
    one = office.desk_db("one")
    clerk, owner = office.actor("clerk1"), office.actor("owner")
    shifts.open_shift(one, clerk, 500_000)
    never, delivered, voided = (record_sale(one, clerk, SaleRequest((LineRequest("1001"),))).receipt_number
                                for _ in range(3))
    plan = prepare_print(one, clerk, delivered)
    record_delivery(one, plan.to_meta(), destination="192.0.2.10:9100", delivered_by=clerk.id)
    void_sale(one, clerk, voided, "اشتباه", approver=("manager1", "3333"))
    assert [u.receipt_number for u in shift_unprinted(one, clerk)] == [never]
    states = {row.receipt_number: row.printed for row in todays_sales(one, clerk)}
    assert states[never] is False and states[delivered] is True

    save_settings(one, owner, {}, {BLIND_COUNT: True, ASK_VARIANCE_REASON: True, VARIANCE_REASON_THRESHOLD: 10_000})
    z = shifts.close_shift(one, clerk, 500_000, reason="شمارش دوباره لازم است")
    rows = {label: value for label, value, _kind in
            build_report(one, owner, ReportSpec("shift", shift_id=z.shift_id)).summary()}
    assert rows["شمارش کور"] == "بله" and rows["دلیل اختلاف"] == "شمارش دوباره لازم است"
    assert rows["اختلاف مجاز بدون ذکر دلیل"] == 10_000
    one.close()
