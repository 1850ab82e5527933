"""Turn `python -m bench` JSON lines into the README's speed tables (markdown).

    python -m bench > run.jsonl
    python -m bench.table run.jsonl > speed.md
    python -m bench.table --readme README.md run.jsonl    # rewrite the README's generated tables

The first table is issue 10's goal table (each operation at 730k and 2M sales, its floor and ratio,
the goal, met or not); the second lists every figure of the run.
"""
from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from typing import Any

SIZES = ("730k", "2m")
# (label, metric, size or None for "each big size", goal text)
GOALS = [
    ("`pishkhan verify` (full)", "verify_full_s", "≤ 10 s"),
    ("`pishkhan verify --quick` (nothing new)", "verify_quick_s", "≤ 1 s"),
    ("`pishkhan verify --quick` after a day of sales", "verify_quick_after_a_day_s", "≤ 1 s"),
    ("`pishkhan backup` (daily: checks the day since the verified point)", "backup_daily_s", "≤ 1.5× a plain copy; ≤ 5 s"),
    ("`pishkhan backup --full` (weekly: full check first)", "backup_full_s", "≤ 1.5× a plain copy"),
    ("`pishkhan restore`", "restore_s", "≤ 1.5× a plain copy"),
    ("year report (a Jalali year), warm", "report_year_figures_ms", "≤ 300 ms"),
    ("year report, first call in a fresh process", "report_year_figures_first_call_ms", "≤ 300 ms"),
    ("ten-year report, warm", "report_10y_figures_ms", "grows with days, not sales"),
    ("database size per sale", "db_bytes_per_sale", "≤ 800 B"),
    ("record one sale, in-process", "record_sale_ms", "≤ 1 ms"),
    ("`pishkhan record` as a process", "record_process_ms", "≤ 250 ms"),
    ("start-up until a PIN is accepted (Xvfb)", "startup_until_pin_accepted_ms", "≤ 2× a bare window"),
    ("building the office (demo generator)", "bigdb_build_s", "—"),
]


def read(lines: Iterable[str]) -> list[dict[str, Any]]:
    rows = []
    for line in lines:
        line = line.strip()
        if line.startswith("{"):
            rows.append(json.loads(line))
    return rows


def _num(x: Any, unit: str = "") -> str:
    if x is None:
        return "—"
    if isinstance(x, float) and x >= 100:
        text = f"{x:,.0f}"
    elif isinstance(x, float):
        text = f"{x:.3g}" if x < 10 else f"{x:.1f}"
    else:
        text = f"{x:,}"
    return f"{text} {unit}".strip()


def cell(row: dict[str, Any] | None) -> str:
    """'value (floor floor, ×ratio)' with the met mark."""
    if row is None:
        return "not measured"
    if "skipped" in row:
        return "skipped"
    unit = row.get("unit", "")
    text = _num(row["value"], unit)
    if row.get("floor") is not None:
        text += f" (floor {_num(row['floor'], unit)}, ×{row['ratio']})"
    if "met" in row:
        text += " ✓" if row["met"] else " ✗"
    return text


def find(rows: list[dict[str, Any]], metric: str, size: str) -> dict[str, Any] | None:
    for row in rows:
        if row.get("metric") == metric and str(row.get("size")) == size:
            return row
    return None


def goal_table(rows: list[dict[str, Any]]) -> list[str]:
    out = ["| operation | at 730k sales | at 2M sales | goal | met at 2M |", "|---|---|---|---|---|"]
    for label, metric, goal in GOALS:
        at = [find(rows, metric, s) for s in SIZES]
        big = at[-1]
        met = "—" if big is None or "met" not in big else ("yes" if big["met"] else "**no**")
        out.append(f"| {label} | {cell(at[0])} | {cell(at[1])} | {goal} | {met} |")
    return out


# The office server (issue 11): (label, metric, goal text); each row as measured, whatever its size.
SERVER_GOALS = [
    ("a desk records one sale (localhost)", "server_record_sale_ms", "≤ 3 ms"),
    ("20 desks together, a sale every 500 ms each: p99", "server_desks_p99_ms", "≤ 50 ms, no error"),
    ("20 desks flat out (the office's ceiling): p99", "server_desks_flat_out_p99_ms", "—"),
    ("moving a big office onto the server", "server_import_s", "—"),
    ("day figures on the server", "server_report_day_figures_ms", "≤ 10 ms"),
    ("month figures on the server", "server_report_month_figures_ms", "≤ 50 ms"),
    ("year figures on the server", "server_report_year_figures_ms", "≤ 300 ms"),
]


def server_table(rows: list[dict[str, Any]]) -> list[str]:
    out = ["| office server | measured | size | goal |", "|---|---|---|---|"]
    for label, metric, goal in SERVER_GOALS:
        found = [r for r in rows if r.get("metric") == metric]  # the biggest office measured, when several
        row = next((r for r in found if r.get("size") == SIZES[-1]), found[0] if found else None)
        extra = ""
        if row is not None and "sales_per_s" in row:
            extra = f"; {row['sales_per_s']} sales/s, {row.get('errors', 0)} errors"
        size = "" if row is None else str(row.get("size", "new office"))
        out.append(f"| {label} | {cell(row)}{extra} | {size} | {goal} |")
    return out


def all_figures(rows: list[dict[str, Any]]) -> list[str]:
    out = ["| figure | size | value | floor | ratio | first call | floor first | p95 | goal | met |",
           "|---|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        if "skipped" in r:
            out.append(f"| {r['metric']} | {r.get('size', '')} | skipped: {r['skipped']} | | | | | | | |")
            continue
        unit = r.get("unit", "")
        goal = []
        if "target" in r:
            goal.append(f"≤ {_num(r['target'], unit)}")
        if "target_ratio" in r:
            goal.append(f"≤ {r['target_ratio']}× floor")
        first = r.get("first_ms", r.get("process_first_call_ms"))
        met = "" if "met" not in r else ("yes" if r["met"] else "no")
        out.append(f"| {r['metric']} | {r.get('size', '')} | {_num(r['value'], unit)} | {_num(r.get('floor'), unit)} | "
                   f"{'' if r.get('ratio') is None else '×' + str(r['ratio'])} | {_num(first, 'ms') if first else ''} | "
                   f"{_num(r['floor_first_ms'], 'ms') if r.get('floor_first_ms') else ''} | "
                   f"{_num(r['p95'], unit) if r.get('p95') is not None else ''} | {', '.join(goal)} | {met} |")
    return out


BEGIN = "<!-- speed tables: generated by `python -m bench.table` from a bench run -->"
END = "<!-- end of generated speed tables -->"


def tables(rows: list[dict[str, Any]]) -> str:
    server = [*server_table(rows), ""] if any(str(r.get("metric", "")).startswith("server_") for r in rows) else []
    return "\n".join([*goal_table(rows), "", *server, "<details><summary>Every figure of the run</summary>", "",
                      *all_figures(rows), "", "</details>"])


def rewrite_readme(path: str, rows: list[dict[str, Any]]) -> None:
    """Replace what lies between the README's markers with the tables of `rows`."""
    text = open(path, encoding="utf-8").read()
    head, rest = text.split(BEGIN, 1)
    tail = rest.split(END, 1)[1] if END in rest else ""
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(f"{head}{BEGIN}\n{tables(rows)}\n{END}{tail}")


def main(argv: list[str]) -> int:
    readme = None
    if argv[:1] == ["--readme"]:
        readme, argv = argv[1], argv[2:]
    text = open(argv[0], encoding="utf-8").read() if argv else sys.stdin.read()
    rows = read(text.splitlines())
    if readme:
        rewrite_readme(readme, rows)
    else:
        print(tables(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
