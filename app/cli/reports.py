"""`pishkhan report --kind day|shift|period [--from J] [--to J] [--shift ID] --format pdf|xlsx|csv
[--machine] --out FILE --user U --pin PIN` (the work in app/cli/report_run.py, loaded when it runs)."""
from __future__ import annotations

import argparse
from typing import Any

from app.cli.io import open_books, path


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("report", parents=[common], help="day, shift or period report")
    p.add_argument("--kind", choices=["day", "shift", "period"], required=True)
    p.add_argument("--from", dest="from_day")
    p.add_argument("--to", dest="to_day")
    p.add_argument("--shift", dest="shift_id", type=int)
    p.add_argument("--format", choices=["pdf", "xlsx", "csv"], required=True)
    p.add_argument("--machine", action="store_true", help="CSV for scripts: English header, no BOM, no title or totals")
    p.add_argument("--out", type=path, required=True)
    p.add_argument("--user", default=None)
    p.add_argument("--pin")
    p.set_defaults(handler=cmd_report)


def cmd_report(args: argparse.Namespace) -> int:
    from app.cli.report_run import run_report_command

    return run_report_command(args, open_books(args))
