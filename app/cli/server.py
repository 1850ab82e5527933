"""The office server from the command line: `server init|add-desk|import|backup`, `connect`."""
from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from app.cli.io import read_pin, say
from app.i18n import _


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("server", parents=[common], help="the office's PostgreSQL server (several desks)")
    p.add_argument("action", choices=["init", "add-desk", "import", "backup"])
    p.add_argument("name", nargs="?", help="add-desk: the desk's name")
    p.add_argument("--url", help="the server's postgresql:// URL with the owner's login")
    p.add_argument("--host", help="add-desk: how desks reach the server on the office network")
    p.add_argument("--from", dest="source", type=Path, help="import: the one-desk office's database file")
    p.add_argument("--to", dest="target", help="import: the server URL; backup: the folder")
    p.add_argument("--office", help="init: a new office's name")
    p.add_argument("--code", help="init: the office code")
    p.add_argument("--owner", default="owner", help="init: the owner's user name")
    p.add_argument("--owner-name", default="", help="init: the owner's full name")
    p.add_argument("--owner-pin", help="init: the owner's PIN (or PISHKHAN_PIN, or a prompt)")
    p.set_defaults(handler=cmd_server)

    p = sub.add_parser("connect", parents=[common], help="connect this desk to the office server")
    p.add_argument("url", nargs="?", help="the desk's postgresql:// URL (from `server add-desk`)")
    p.add_argument("--forget", action="store_true", help="use this computer's own file again")
    p.set_defaults(handler=cmd_connect)


def _url(args: argparse.Namespace) -> str:
    from app.errors import UserError

    url = args.url or (args.db if args.db and str(args.db).startswith("postgresql://") else None)
    if not url:
        raise UserError("An office server is given as postgresql://USER:PASSWORD@HOST:PORT/DATABASE.")
    return str(url)


def cmd_server(args: argparse.Namespace) -> int:
    return int({"init": _init, "add-desk": _add_desk, "import": _import, "backup": _backup}[args.action](args))


def _init(args: argparse.Namespace) -> int:
    from app.services.server import init_server
    from app.store.postgres import masked

    url = _url(args)
    db = init_server(url)
    try:
        if args.office:
            from app.office_record import Office
            from app.services.office import OfficeSetup, create_office

            pin = read_pin(args, "owner_pin")
            create_office(db, OfficeSetup(Office(args.office, args.code or ""), args.owner, args.owner_name or args.owner,
                                          pin))
    finally:
        db.close()
    say(_("The office server is set up at {url}. Add a login for each desk: pishkhan server add-desk NAME.",
          url=masked(url)))
    return 0


def _add_desk(args: argparse.Namespace) -> int:
    from app.errors import UserError
    from app.services.server import add_desk

    if not args.name:
        raise UserError("Name the desk: pishkhan server add-desk NAME --url …")
    desk = add_desk(_url(args), args.name, host=args.host)
    say(_("Desk {name} can connect with the address below (keep it like a password): on that PC, paste it into "
          "«Connect this desk to the office server» (first run, or the owner's Office server page), or run "
          "pishkhan connect ADDRESS.", name=desk.name))
    if not args.host and _this_pc_only(desk.url):
        say(_("This address names the server as this PC itself ({host}): other PCs cannot reach it by that name. "
              "Issue it again with --host and the server PC's address on the office network, e.g. --host "
              "192.168.1.10.", host=_host(desk.url)))
    print(desk.url)  # alone on stdout, one line: what the desk's field takes as it is
    return 0


def _host(url: str) -> str:
    from urllib.parse import urlsplit

    return urlsplit(url).hostname or ""


def _this_pc_only(url: str) -> bool:
    host = _host(url)
    return not host or host == "localhost" or host.startswith(("127.", "/")) or host == "::1"


def _import(args: argparse.Namespace) -> int:
    from app.errors import UserError
    from app.money import format_amount
    from app.services.server import import_office

    if not args.source:
        raise UserError("Say which office database to move: --from OFFICE.db")
    result = import_office(args.source, str(args.target or _url(args)))
    say(_("Moved onto the server and verified on both sides: {sales} sales, {entries} journal entries, total "
          "{total} Rials.", sales=result.sales, entries=result.journal_entries, total=format_amount(result.grand_total)))
    return 0


def _backup(args: argparse.Namespace) -> int:
    from app.errors import UserError
    from app.services.server_backup import dump_server

    if not args.target:
        raise UserError("Say where to put the backup: --to FOLDER")
    result = dump_server(_url(args), Path(args.target))
    say(_("Backup written and verified: {path}", path=str(result.path)))
    print(result.path)
    return 0


def cmd_connect(args: argparse.Namespace) -> int:
    """The same test and save as the first-run screen's «connect this desk to the office server»."""
    from app.errors import UserError
    from app.services.connection import connect_desk, use_own_file

    if args.forget:
        use_own_file()
        say(_("This desk uses its own database file again."))
        return 0
    if not args.url:
        raise UserError("An office server is given as postgresql://USER:PASSWORD@HOST:PORT/DATABASE.")
    check = connect_desk(args.url)
    if check.problem is not None:
        raise check.problem
    say(_("This desk now keeps the books of «{office}» on the office server {url} as desk «{desk}».",
          office=check.office, url=check.address.shown, desk=check.address.desk))
    return 0
