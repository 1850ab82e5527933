"""Only the owner and managers see any of it: a clerk is refused by every report service and by
the command line (exit 2, one Persian line, no file)."""
from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
from reports_testkit import PINS, ROOT, actor, busy_office

from app.errors import AuthError, PermissionDenied
from app.reports.dashboard import dashboard, report_context
from app.reports.document import ReportSpec, build_report
from app.reports.export import export_report
from app.reports.figures import day_figures, period_figures
from app.reports.history import HistoryFilter, history_choices, history_count, history_page, open_receipt, reprint_copy
from app.reports.shift_figures import list_shifts, shift_figures
from app.reports.tax import tax_year

REFUSAL = "فقط مدیر دفتر یا مدیر می‌تواند گزارش‌ها را ببیند."


def _calls(db, who, s, tmp_path: Path):  # type: ignore[no-untyped-def]
    day = s.first
    return {
        "day": lambda: day_figures(db, who, day),
        "period": lambda: period_figures(db, who, day, s.second),
        "dashboard": lambda: dashboard(db, who),
        "context": lambda: report_context(db, who),
        "tax": lambda: tax_year(db, who, 1405),
        "history": lambda: history_page(db, who, HistoryFilter()),
        "count": lambda: history_count(db, who, HistoryFilter()),
        "choices": lambda: history_choices(db, who),
        "receipt": lambda: open_receipt(db, who, s.receipts[0]),
        "reprint": lambda: reprint_copy(db, who, s.receipts[0]),
        "shift": lambda: shift_figures(db, who),
        "shifts": lambda: list_shifts(db, who, day, day),
        "report": lambda: build_report(db, who, ReportSpec("day", day)),
        "export": lambda: export_report(db, who, ReportSpec("day", day), "csv", tmp_path / "x.csv"),
    }


def test_a_clerk_can_open_none_of_it(office_db, tmp_path: Path) -> None:
    s = busy_office(office_db)
    clerk = actor(office_db, "clerk1")
    for name, call in _calls(office_db, clerk, s, tmp_path).items():
        with pytest.raises(PermissionDenied) as err:
            call()
        assert err.value.message() == REFUSAL, name
    assert not (tmp_path / "x.csv").exists()


def test_owner_and_manager_can(office_db, tmp_path: Path) -> None:
    s = busy_office(office_db)
    for username in ("owner", "manager1"):
        for call in _calls(office_db, actor(office_db, username), s, tmp_path).values():
            call()


def test_a_deactivated_manager_sees_nothing(office_db) -> None:
    from app.services.staff import update_staff

    busy_office(office_db)
    manager = actor(office_db, "manager1")
    update_staff(office_db, actor(office_db, "owner"), "manager1", active=False)
    with pytest.raises(AuthError):
        day_figures(office_db, manager, dt.date.today())


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PISHKHAN_PIN")}
    env.pop("PISHKHAN_LANG", None)
    env["PYTHONPATH"] = str(ROOT)
    return env


def _pishkhan(*argv: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "app", *map(str, argv)], cwd=ROOT, env=_env(), capture_output=True,
                          text=True, timeout=120, stdin=subprocess.DEVNULL)


def test_command_line_refuses_a_clerk(office_db, tmp_path: Path) -> None:
    busy_office(office_db)
    out = tmp_path / "day.csv"
    done = _pishkhan("report", "--db", office_db.path, "--kind", "day", "--format", "csv", "--out", out,
                     "--user", "clerk1", "--pin", PINS["clerk1"])
    assert done.returncode == 2
    assert done.stderr.strip() == REFUSAL and "Traceback" not in done.stderr
    assert not out.exists()
    no_user = _pishkhan("report", "--db", office_db.path, "--kind", "day", "--format", "csv", "--out", out)
    assert no_user.returncode == 2 and "--user" in no_user.stderr and not out.exists()


def test_command_line_writes_every_format_for_the_owner(office_db, tmp_path: Path) -> None:
    from app.jalali import format_jalali

    s = busy_office(office_db)
    first = format_jalali(s.first)
    runs = [("day", ["--from", first, "--machine"], "csv"),
            ("period", ["--from", first, "--to", format_jalali(s.second)], "xlsx"),
            ("shift", [], "pdf"), ("day", ["--machine"], "csv"), ("day", [], "csv")]
    for kind, extra, fmt in runs:
        out = tmp_path / f"{kind}-{len(extra)}.{fmt}"
        done = _pishkhan("report", "--db", office_db.path, "--kind", kind, *extra, "--format", fmt, "--out", out,
                         "--user", "owner", "--pin", PINS["owner"])
        assert done.returncode == 0, done.stderr
        assert out.stat().st_size > 0 and str(out) in done.stderr
    first_day = (tmp_path / "day-3.csv").read_text(encoding="utf-8").splitlines()
    assert first_day[0] == "code,service,agency,count,agency_fee,office_fee,vat,total" and len(first_day) == 6
    # Without --from: the current business day (the second day here).
    machine = (tmp_path / "day-1.csv").read_text(encoding="utf-8").splitlines()
    assert machine[1].startswith("1001,")
    # Without --machine: the owner's form, the same rows under a title line and Persian headers.
    owners = (tmp_path / "day-0.csv").read_text(encoding="utf-8-sig").splitlines()
    assert owners[2:-1] == machine[1:] and owners[-1].startswith("جمع کل,")
    refused = _pishkhan("report", "--db", office_db.path, "--kind", "day", "--format", "pdf", "--machine", "--out",
                        tmp_path / "m.pdf", "--user", "owner", "--pin", PINS["owner"])
    assert refused.returncode == 2 and "CSV" in refused.stderr and not (tmp_path / "m.pdf").exists()


def test_command_line_bad_input_is_exit_2(office_db, tmp_path: Path) -> None:
    out = tmp_path / "x.csv"
    for extra in (["--kind", "period", "--from", "1405-13-01"], ["--kind", "period", "--from", "1405-09-10",
                                                                 "--to", "1405-09-01"],
                  ["--kind", "shift", "--shift", "999"]):
        done = _pishkhan("report", "--db", office_db.path, *extra, "--format", "csv", "--out", out,
                         "--user", "owner", "--pin", PINS["owner"])
        assert done.returncode == 2 and "Traceback" not in done.stderr and len(done.stderr.strip().splitlines()) == 1
        assert not out.exists()
