"""The counter from the command line: `shift open|close|report`, `record`, `void`, `close-day`."""
from __future__ import annotations

import argparse
from typing import Any

from app.cli.io import auth, log_in, open_books, read_pin, receipt_number, say
from app.errors import UserError
from app.i18n import _, language
from app.money import format_amount, parse_amount


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("shift", parents=[common], help="open or close a shift")
    p.add_argument("action", choices=["open", "close", "report"])
    auth(p)
    p.add_argument("--float", dest="float_amount", default="0")
    p.add_argument("--counted")
    p.add_argument("--reason", default="", help="close: why the counted cash differs (when the office asks)")
    p.set_defaults(handler=cmd_shift)

    p = sub.add_parser("record", parents=[common], help="record a visit; prints the receipt number")
    auth(p)
    p.add_argument("--service", action="append", nargs="+", required=True, metavar="CODE")
    p.add_argument("--national-id", default="")
    p.add_argument("--name", default="")
    p.add_argument("--mobile", default="")
    p.add_argument("--agency-fee", action="append", default=[])
    p.add_argument("--office-fee", action="append", default=[])
    p.add_argument("--tracking", action="append", default=[])
    p.add_argument("--pay", action="append", default=[], metavar="METHOD[:RIAL]")
    p.add_argument("--terminal", default="")
    p.add_argument("--reference", default="")
    p.set_defaults(handler=cmd_record)

    p = sub.add_parser("void", parents=[common], help="void a sale (a clerk needs --approver)")
    p.add_argument("number")
    auth(p)
    p.add_argument("--reason", required=True)
    p.add_argument("--approver", help="manager's user name (PIN from --approver-pin or PISHKHAN_APPROVER_PIN)")
    p.add_argument("--approver-pin")
    p.set_defaults(handler=cmd_void)

    p = sub.add_parser("close-day", parents=[common], help="close the business day")
    auth(p)
    p.add_argument("--day", help="Jalali YYYY-MM-DD (default: the current business day)")
    p.set_defaults(handler=cmd_close_day)


def _money(rials: int) -> str:
    return format_amount(rials, persian=language() == "fa")


def cmd_shift(args: argparse.Namespace) -> int:
    from app.services import shifts

    db = open_books(args)
    actor = log_in(db, args)
    if args.action == "open":
        shift_id = shifts.open_shift(db, actor, parse_amount(args.float_amount))
        say(_("Shift {id} opened.", id=shift_id))
        return 0
    if args.action == "report":
        report = shifts.shift_report(db, actor)
    else:
        if args.counted is None:
            raise UserError("Count the cash in the drawer to close the shift.")
        report = shifts.close_shift(db, actor, parse_amount(args.counted), reason=args.reason)
    say(_("Shift {id}: {visits} visits, expected cash {expected}, counted {counted}, variance {variance}.",
          id=report.shift_id, visits=report.totals.net_visits, expected=_money(report.cash["expected"]),
          counted=_money(report.counted_cash or 0), variance=_money(report.variance or 0)))
    print(report.variance if report.variance is not None else report.cash["expected"])
    return 0


def _payments(args: argparse.Namespace) -> tuple[Any, ...]:
    from app.ledger.vocab import PaymentMethod, parse_method
    from app.services.sales import PaymentRequest
    from app.text import for_message

    out = []
    for spec in args.pay or ["cash"]:
        code, _sep, amount = spec.partition(":")
        method = parse_method(code)
        if method is None:
            raise UserError("Unknown payment method: {method}", method=for_message(code))
        ref = args.reference if method is not PaymentMethod.CASH else ""
        term = args.terminal if method is PaymentMethod.CARD else ""
        out.append(PaymentRequest(method.value, parse_amount(amount) if amount else None, term, ref))
    return tuple(out)


def cmd_record(args: argparse.Namespace) -> int:
    from app.services.sales import LineRequest, SaleRequest, record_sale

    codes = [c for group in args.service for c in group]
    agency = [parse_amount(x) for x in args.agency_fee]
    office = [parse_amount(x) for x in args.office_fee]
    lines = tuple(LineRequest(code.strip(), 1, agency[i] if i < len(agency) else None,
                              office[i] if i < len(office) else None,
                              args.tracking[i] if i < len(args.tracking) else "")
                  for i, code in enumerate(codes))
    request = SaleRequest(lines, _payments(args), args.national_id, args.name, args.mobile)
    db = open_books(args)
    actor = log_in(db, args)
    result = record_sale(db, actor, request)
    say(_("Receipt {number} saved: total {total}, change {change} Rials.", number=result.receipt_number,
          total=_money(result.grand_total), change=_money(result.change_due)))
    print(result.receipt_number)
    return 0


def cmd_void(args: argparse.Namespace) -> int:
    from app.services.voids import void_sale

    number = receipt_number(args.number)
    db = open_books(args)
    actor = log_in(db, args)
    approver = None
    if args.approver:
        approver = (args.approver, read_pin(args, "approver_pin", "PISHKHAN_APPROVER_PIN"))
    result = void_sale(db, actor, number, args.reason, approver=approver)
    say(_("Receipt {number} voided ({total} Rials), approved by {manager}.", number=result.receipt_number,
          total=_money(result.grand_total), manager=result.approved_by))
    return 0


def cmd_close_day(args: argparse.Namespace) -> int:
    from app.jalali import format_jalali, parse_jalali
    from app.services.dayclose import close_day

    db = open_books(args)
    actor = log_in(db, args)
    result = close_day(db, actor, parse_jalali(args.day) if args.day else None)
    say(_("Day {day} closed: {visits} visits, total {total} Rials.", day=format_jalali(result.business_day),
          visits=result.totals.net_visits, total=_money(result.totals.grand)))
    return 0
