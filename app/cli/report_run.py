"""Writing a report from the command line (`printing` only lazily, for a PDF)."""
from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from app.cli.io import read_pin, say
from app.db import Database
from app.errors import UserError
from app.i18n import _, language, load_catalogues
from app.jalali import parse_jalali
from app.money import format_amount
from app.reports.document import Report, ReportSpec
from app.reports.export import PdfWriter, export_report
from app.reports.periods import check_range, month_range
from app.services.auth import login
from app.services.common import Actor
from app.services.sales_list import current_business_day


def _pdf_writer() -> PdfWriter:
    load_catalogues("printing")
    from printing.report_pdf import write_report_pdf

    writer: PdfWriter = write_report_pdf
    return writer


def _spec(args: argparse.Namespace, db: Database) -> ReportSpec:
    first = parse_jalali(args.from_day) if args.from_day else None
    last = parse_jalali(args.to_day) if args.to_day else None
    today = current_business_day(db)
    if args.kind == "shift":
        return ReportSpec("shift", shift_id=args.shift_id)
    if args.kind == "day":
        if last is not None and first is not None and last != first:
            raise UserError("A day report covers one day: give --from only.")
        day = first or last or today
        return ReportSpec("day", day, day)
    first = first or month_range(last or today)[0]
    last = last or today
    check_range(first, last)
    return ReportSpec("period", first, last)


def _progress(done: int, total: int) -> None:
    if sys.stderr.isatty():
        sys.stderr.write(f"\r{done}/{total}")
        if done == total:
            sys.stderr.write("\n")


def _actor(db: Database, args: argparse.Namespace) -> Actor:
    if not getattr(args, "user", None):
        raise UserError("Reports need the owner's or a manager's --user and --pin.")
    return login(db, args.user, read_pin(args))


def run_report_command(args: argparse.Namespace, db: Database, *, at: dt.datetime | None = None) -> int:
    """Write the report file; 0 on success, 2 (with a message on stderr) on refused or bad input."""
    try:
        actor = _actor(db, args)
        spec = _spec(args, db)
        fmt = str(args.format)
        writer = _pdf_writer() if fmt == "pdf" else None
        report = export_report(db, actor, spec, fmt, Path(args.out), pdf_writer=writer, progress=_progress, at=at,
                               machine=bool(getattr(args, "machine", False)))
    except UserError as err:
        say(err.message())
        return err.exit_code
    say(_summary(report, Path(args.out)))
    return 0


def _summary(report: Report, path: Path) -> str:
    t = report.figures.totals
    return _("{title}, {period}: {visits} visits, total {total} Rials; written to {path}.", title=report.title,
             period=report.period, visits=t.net_visits, total=format_amount(t.grand, persian=language() == "fa"), path=str(path))
