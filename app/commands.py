"""Command handlers: parse the arguments, call one service, say what happened.

Part of the composition root: the only module of `app/` that may reach into `printing`
(for `receipt` and `report`) and, lazily, `ui` (for the window).
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from app.cli import db_path, read_pin, say
from app.db import Database, open_database
from app.errors import CheckFailed, UserError
from app.i18n import _
from app.money import format_amount, parse_amount
from app.services.auth import login
from app.services.common import Actor
from app.text import for_message


def _open(args: argparse.Namespace) -> Database:
    return open_database(db_path(args))


def _login(db: Database, args: argparse.Namespace) -> Actor:
    return login(db, args.user, read_pin(args))


def _number(text: str) -> int:
    from app.text import to_ascii_digits

    digits = to_ascii_digits(text.strip())
    if not digits.isascii() or not digits.isdigit() or len(digits) > 12:
        raise UserError("Invalid receipt number: {value}", value=for_message(text))
    return int(digits)


def cmd_demo(args: argparse.Namespace) -> int:
    from app.demo import build_demo

    path = db_path(args)
    if not 0 <= args.days <= 10_000:
        raise UserError("Days must be between 0 and 10000.")
    if isinstance(path, str):  # an office server set up with `server init` and no office yet
        from app.services.server import init_server

        db = init_server(path)
        path = db.location
    else:
        if path.exists() and path.stat().st_size > 0:
            raise UserError("The file {path} already exists; the demo needs a new database.", path=str(path))
        db = open_database(path, create=True)

    def progress(done: int, total: int) -> None:
        if sys.stderr.isatty() and (done % 30 == 0 or done == total):
            sys.stderr.write(f"\r{done}/{total}")

    if not 1 <= args.desks <= 4 or not 1 <= args.visits <= 1000:
        raise UserError("Desks must be between 1 and 4, and visits between 1 and 1000.")
    build_demo(db, days=args.days, seed=args.seed, desks=args.desks, visits=args.visits, progress=progress)
    say(_("Demo office created in {path}: users owner (PIN 1234), clerk1 (1111), clerk2 (2222).", path=str(path)))
    return 0


def cmd_shift(args: argparse.Namespace) -> int:
    from app.services import shifts

    db = _open(args)
    actor = _login(db, args)
    if args.action == "open":
        shift_id = shifts.open_shift(db, actor, parse_amount(args.float_amount))
        say(_("Shift {id} opened.", id=shift_id))
        return 0
    if args.action == "report":
        report = shifts.shift_report(db, actor)
    else:
        if args.counted is None:
            raise UserError("Count the cash in the drawer to close the shift.")
        report = shifts.close_shift(db, actor, parse_amount(args.counted))
    unit = "rial"
    say(_("Shift {id}: {visits} visits, expected cash {expected}, counted {counted}, variance {variance}.",
          id=report.shift_id, visits=report.totals.visits, expected=format_amount(report.cash["expected"], unit),
          counted=format_amount(report.counted_cash or 0, unit), variance=format_amount(report.variance or 0, unit)))
    print(report.variance if report.variance is not None else report.cash["expected"])
    return 0


def _payments(args: argparse.Namespace) -> tuple[object, ...]:
    from app.services.sales import PaymentRequest

    out = []
    for spec in args.pay or ["cash"]:
        method, _sep, amount = spec.partition(":")
        method = method.strip().lower()
        if method not in ("cash", "card", "transfer"):
            raise UserError("Unknown payment method: {method}", method=for_message(method))
        ref = args.reference if method != "cash" else ""
        term = args.terminal if method == "card" else ""
        out.append(PaymentRequest(method, parse_amount(amount) if amount else None, term, ref))
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
    request = SaleRequest(lines, _payments(args), args.national_id, args.name, args.mobile)  # type: ignore[arg-type]
    db = _open(args)
    actor = _login(db, args)
    result = record_sale(db, actor, request)
    say(_("Receipt {number} saved: total {total}, change {change} Rials.", number=result.receipt_number,
          total=format_amount(result.grand_total), change=format_amount(result.change_due)))
    print(result.receipt_number)
    return 0


def cmd_void(args: argparse.Namespace) -> int:
    from app.services.voids import void_sale

    number = _number(args.number)
    db = _open(args)
    actor = _login(db, args)
    approver = None
    if args.approver:
        approver = (args.approver, read_pin(args, "approver_pin", "PISHKHAN_APPROVER_PIN"))
    result = void_sale(db, actor, number, args.reason, approver=approver)
    say(_("Receipt {number} voided ({total} Rials), approved by {manager}.", number=result.receipt_number,
          total=format_amount(result.grand_total), manager=result.approved_by))
    return 0


def cmd_close_day(args: argparse.Namespace) -> int:
    from app.jalali import format_jalali, parse_jalali
    from app.services.dayclose import close_day

    db = _open(args)
    actor = _login(db, args)
    result = close_day(db, actor, parse_jalali(args.day) if args.day else None)
    say(_("Day {day} closed: {visits} visits, total {total} Rials.", day=format_jalali(result.business_day),
          visits=result.totals.visits, total=format_amount(result.totals.grand)))
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    from app.reports.command import run_report_command

    return int(run_report_command(args, _open(args)))


def cmd_tariffs(args: argparse.Namespace) -> int:
    from app.services.tariffs import export_tariffs, import_tariffs

    db = _open(args)
    actor = _login(db, args)
    if args.action == "export":
        count = export_tariffs(db, actor, args.file)
        say(_("{count} tariff rows written to {path}.", count=count, path=str(args.file)))
        return 0
    preview = import_tariffs(db, actor, args.file)
    say(_("Tariffs applied: {new} new services, {changed} changed, {gone} no longer offered.",
          new=len(preview.new_services), changed=len(preview.changed), gone=len(preview.discontinued)))
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    from app.services.verify import verify_file

    location = db_path(args)
    if isinstance(location, str):
        from app.services.verify import verify_server

        report = verify_server(location, quick=args.quick)
    else:
        report = verify_file(location, quick=args.quick, backup=args.backup)  # read-only: nothing is written
    for notice in report.notices:
        say(notice)
    if not report.ok:
        for problem in report.problems:
            say(problem)
        return 1
    if report.full:
        say(_("Verified: {journal} journal entries, {receipts} receipts, all intact.",
              journal=report.counts.get("journal", 0), receipts=report.counts.get("receipts", 0)))
    else:
        say(_("Verified since the last full check: {entries} new journal entries, {receipts} receipts, all intact.",
              entries=report.counts.get("journal", 0), receipts=report.counts.get("receipts", 0)))
    return 0


def cmd_upgrade(args: argparse.Namespace) -> int:
    open_database(db_path(args)).close()  # a backup first, then the migrations
    say(_("The database is up to date."))
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    from app.services.backup import backup

    db = _open(args)
    actor = _login(db, args)
    result = backup(db, actor, args.to, full=True if args.full else None)
    say(_("Backup written and verified: {path}", path=str(result.path)))
    print(result.path)
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from app.security import Action, require
    from app.services.backup import restore

    target = db_path(args)
    if isinstance(target, str):  # a new office server, from a server backup (pg_dump)
        from app.services.server_backup import restore_server
        from app.store.postgres import masked

        restore_server(target, Path(args.source))
        say(_("Restored into {path}.", path=masked(target)))
        return 0
    by = ""
    if target.exists() and target.stat().st_size > 0:
        if not args.user:
            raise UserError("Restoring over an existing database needs the owner's --user and --pin.")
        db = open_database(target)
        actor = _login(db, args)
        require(actor.role, Action.RESTORE)
        db.close()
        by = actor.username
    aside = restore(target, args.source, by=by)
    if aside:
        say(_("Restored; the previous database was kept as {path}.", path=str(aside)))
    else:
        say(_("Restored into {path}.", path=str(target)))
    return 0


def cmd_gui(args: argparse.Namespace) -> int:
    import os

    from app.i18n import set_language
    from app.quickread import setting

    if args.lang is None and not os.environ.get("PISHKHAN_LANG"):
        set_language(setting(db_path(args), "language") or "fa")  # the office's chosen language
    try:
        from ui.app import run_app  # lazily: commands that draw nothing load no Qt
    except ImportError as exc:
        raise CheckFailed("The desktop window is not available: {detail}", detail=str(exc)) from exc
    return int(run_app(db_path(args), exit_when_ready=args.exit_when_ready))


