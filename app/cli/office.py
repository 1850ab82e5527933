"""The office's books from the command line: `demo`, `tariffs`, `verify`, `upgrade`, `backup`,
`restore`, `witness reset`."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from app.cli.io import auth, db_path, log_in, open_books, path, say
from app.errors import UserError
from app.i18n import _


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("demo", parents=[common], help="new database with the demo office")
    p.add_argument("--days", type=int, default=30)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--desks", type=int, default=2, help="clerks working each day (1-4)")
    p.add_argument("--visits", type=int, default=100, help="visits per desk per day, on average")
    p.set_defaults(handler=cmd_demo)

    p = sub.add_parser("tariffs", parents=[common], help="export or import the tariff table (CSV)")
    p.add_argument("action", choices=["export", "import"])
    p.add_argument("file", type=path)
    auth(p, user="owner")
    p.set_defaults(handler=cmd_tariffs)

    p = sub.add_parser("verify", parents=[common], help="integrity, journal chain, gapless numbers")
    p.add_argument("--quick", action="store_true", help="only what changed since the last full check")
    p.add_argument("--backup", action="store_true", help="the file is a backup copy: check it against its seal")
    p.set_defaults(handler=cmd_verify)

    p = sub.add_parser("upgrade", parents=[common], help="bring an older database to this version (after a backup)")
    p.set_defaults(handler=cmd_upgrade)

    p = sub.add_parser("backup", parents=[common], help="verified backup into a folder")
    p.add_argument("--to", type=path, required=True)
    p.add_argument("--full", action="store_true", help="run a full check of the books first")
    auth(p, user="owner")
    p.set_defaults(handler=cmd_backup)

    p = sub.add_parser("restore", parents=[common], help="restore a verified backup")
    p.add_argument("--from", dest="source", type=path, required=True)
    p.add_argument("--user", default=None)
    p.add_argument("--pin")
    p.set_defaults(handler=cmd_restore)

    p = sub.add_parser("witness", parents=[common], help="accept the books as they are after a finding (owner)")
    p.add_argument("action", choices=["reset"])
    p.add_argument("--reason", required=True)
    auth(p, user="owner")
    p.set_defaults(handler=cmd_witness)


def cmd_demo(args: argparse.Namespace) -> int:
    from app.db import open_database
    from app.demo import build_demo

    location = db_path(args)
    if not 0 <= args.days <= 10_000:
        raise UserError("Days must be between 0 and 10000.")
    if not 1 <= args.desks <= 4 or not 1 <= args.visits <= 1000:
        raise UserError("Desks must be between 1 and 4, and visits between 1 and 1000.")
    if isinstance(location, str):  # an office server set up with `server init` and no office yet
        from app.services.server import init_server

        db = init_server(location)
        shown = db.location
    else:
        if location.exists() and location.stat().st_size > 0:
            raise UserError("The file {path} already exists; the demo needs a new database.", path=str(location))
        db = open_database(location, create=True)
        shown = str(location)

    def progress(done: int, total: int) -> None:
        if sys.stderr.isatty() and (done % 30 == 0 or done == total):
            sys.stderr.write(f"\r{done}/{total}")

    build_demo(db, days=args.days, seed=args.seed, desks=args.desks, visits=args.visits, progress=progress)
    say(_("Demo office created in {path}: users owner (PIN 1234), clerk1 (1111), clerk2 (2222).", path=shown))
    return 0


def cmd_tariffs(args: argparse.Namespace) -> int:
    from app.services.tariffs import export_tariffs, import_tariffs

    db = open_books(args)
    actor = log_in(db, args)
    if args.action == "export":
        count = export_tariffs(db, actor, args.file)
        say(_("{count} tariff rows written to {path}.", count=count, path=str(args.file)))
        return 0
    preview = import_tariffs(db, actor, args.file)
    say(_("Tariffs applied: {new} new services, {changed} changed, {gone} no longer offered.",
          new=len(preview.new_services), changed=len(preview.changed), gone=len(preview.discontinued)))
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    from app.services.verify import verify_file, verify_server

    location = db_path(args)  # read-only: nothing is migrated or written
    if isinstance(location, str):
        report = verify_server(location, quick=args.quick)
    else:
        report = verify_file(location, quick=args.quick, backup=args.backup)
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
    open_books(args).close()  # a backup first, then the migrations
    say(_("The database is up to date."))
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    from app.services.backup import backup

    db = open_books(args)
    actor = log_in(db, args)
    result = backup(db, actor, args.to, full=True if args.full else None)
    say(_("Backup written and verified: {path}", path=str(result.path)))
    print(result.path)
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    """The screens' restore path: over an office's books only with the owner's PIN; the restored books
    are verified in place."""
    from app.services.backup import restore_backup, restore_into

    target = db_path(args)
    if isinstance(target, str):  # a new office server, from a server backup (pg_dump)
        from app.services.server_backup import restore_server
        from app.store.postgres import masked

        restore_server(target, Path(args.source))
        say(_("Restored into {path}.", path=masked(target)))
        return 0
    if target.exists() and target.stat().st_size > 0:
        if not args.user:
            raise UserError("Restoring over an existing database needs the owner's --user and --pin.")
        db = open_books(args)
        result = restore_backup(db, log_in(db, args), args.source)
    else:
        result = restore_into(target, args.source)
    for problem in result.report.problems:
        say(problem)
    if result.aside:
        say(_("Restored; the previous database was kept as {path}.", path=str(result.aside)))
    else:
        say(_("Restored into {path}.", path=str(target)))
    return 0 if result.report.ok else 1


def cmd_witness(args: argparse.Namespace) -> int:
    from app.services.witness import accept_books

    db = open_books(args)
    mark = accept_books(db, log_in(db, args), args.reason)
    say(_("The books are accepted as they are: the witness now follows journal entry {id}.", id=mark.entry_id))
    return 0
