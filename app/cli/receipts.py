"""Receipts and printing from the command line: `print`, `print-jobs`, `receipt`, `check-receipt` and
`office public-key`. Each parses, calls one service, says what happened; `printing` only lazily.
"""
from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from app.cli.io import auth, log_in, open_books, receipt_number, say
from app.errors import CheckFailed, UserError
from app.i18n import _, load_catalogues
from app.text import for_message

if TYPE_CHECKING:
    from app.db import Database
    from app.services.common import Actor



def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("receipt", parents=[common], help="write a receipt to a file (a copy unless never printed)")
    p.add_argument("number")
    p.add_argument("--format", choices=["png", "escpos", "pdf"], required=True)
    p.add_argument("--paper", choices=["80", "58"], default="80")
    p.add_argument("--out", type=_path, required=True)
    auth(p)
    p.set_defaults(handler=cmd_receipt)

    p = sub.add_parser("print", parents=[common], help="print a receipt on the office's printer")
    p.add_argument("number")
    auth(p)
    p.set_defaults(handler=cmd_print)

    p = sub.add_parser("print-jobs", parents=[common], help="receipts and reports waiting to be printed")
    p.add_argument("action", choices=["list", "retry", "discard"])
    p.add_argument("job", nargs="?", help="a job id from `print-jobs list` (retry: all when omitted)")
    auth(p)
    p.set_defaults(handler=cmd_print_jobs)

    p = sub.add_parser("check-receipt", parents=[common], help="is a receipt genuine, and in the books (--db)?")
    p.add_argument("text", nargs="?", help="the text of the receipt's QR code")
    p.add_argument("--image", type=_path, help="a scan or photo of the receipt instead")
    p.add_argument("--public-key", type=_path, help="the office's public key file")
    p.set_defaults(handler=cmd_check_receipt)

    p = sub.add_parser("office", parents=[common], help="the office's public signing key")
    p.add_argument("what", choices=["public-key"])
    p.add_argument("--out", type=_path, required=True)
    p.set_defaults(handler=cmd_office)


def _path(text: str) -> Any:
    from pathlib import Path

    return Path(text)


def _open(args: argparse.Namespace) -> Database:
    return open_books(args)


def _login(db: Database, args: argparse.Namespace) -> Actor:
    return log_in(db, args)


def _number(text: str) -> int:
    return receipt_number(text)


def _kind(copy_no: int) -> str:
    return _("copy {number}", number=copy_no) if copy_no else _("original")


def cmd_receipt(args: argparse.Namespace) -> int:
    load_catalogues("printing")
    from printing.service import PrintService

    number = _number(args.number)
    db = _open(args)
    actor = _login(db, args)
    result = PrintService(db).export_sale(actor, number, args.format, int(args.paper), args.out)
    say(_("Receipt {number} ({kind}) written to {path}.", number=number, kind=_kind(result.data.copy_no),
          path=str(result.path)))
    return 0


def cmd_print(args: argparse.Namespace) -> int:
    load_catalogues("printing")
    from printing.service import PrintService

    number = _number(args.number)
    db = _open(args)
    actor = _login(db, args)
    outcome = PrintService(db).print_sale(actor, number)
    kind = _kind(outcome.data.copy_no if outcome.data else 0)
    if outcome.printed:
        say(_("Receipt {number} ({kind}) printed.", number=number, kind=kind))
        return 0
    if not outcome.configured:
        raise UserError("No receipt printer is set up yet; set one up in the settings.")
    raise CheckFailed(outcome.message)  # already in the user's language


def cmd_print_jobs(args: argparse.Namespace) -> int:
    load_catalogues("printing")
    from printing.service import PrintService, job_title

    db = _open(args)
    actor = _login(db, args)
    service = PrintService(db)
    if args.action == "list":
        jobs = service.pending()
        for job in jobs:
            print("\t".join([job.id, job_title(job), job.created_at, job.error]))
        say(_("{count} print jobs are waiting.", count=len(jobs)))
        return 0
    if args.action == "discard":
        if not args.job or args.job not in {job.id for job in service.pending()}:
            raise UserError("No waiting print job with the id {value}.", value=for_message(args.job or ""))
        service.discard(actor, args.job)
        say(_("The print job was discarded; the sale itself stays recorded."))
        return 0
    if args.job and args.job not in {job.id for job in service.pending()}:
        raise UserError("No waiting print job with the id {value}.", value=for_message(args.job))
    result = service.retry(actor, [args.job] if args.job else None)
    failed = [o for o in result.outcomes if not o.printed]
    for outcome in failed:
        say(outcome.message)
    say(_("{printed} printed, {waiting} still waiting.", printed=len(result.outcomes) - len(failed),
          waiting=len(result.pending)))
    return 1 if failed else 0


def cmd_check_receipt(args: argparse.Namespace) -> int:
    from app.services.receipt_check import check_receipt

    if bool(args.text) == bool(args.image):
        raise UserError("Give the QR text or --image FILE (one of the two).")
    if args.image:
        from app.qr_image import decode_receipt_qr

        qr_text = decode_receipt_qr(args.image)
    else:
        qr_text = args.text
    key = None
    if args.public_key:
        from app.signing import read_public_key_file

        key = read_public_key_file(args.public_key)
    db = open_books(args) if args.db or key is None else None
    result = check_receipt(qr_text, db=db, public_key=key)
    for line in result.lines():
        say(line)
    print(result.verdict)
    sys.stdout.flush()
    return 0 if result.ok else 1


def cmd_office(args: argparse.Namespace) -> int:
    from app.services.signing_keys import export_public_key

    db = _open(args)
    key = export_public_key(db, args.out)
    say(_("The office's public key (fingerprint {fingerprint}) was written to {path}.",
          fingerprint=key.fingerprint, path=str(args.out)))
    print(key.fingerprint)
    return 0
