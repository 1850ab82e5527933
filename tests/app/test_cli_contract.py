"""The `pishkhan` command line as DESIGN.md states it: an office day scripted end to end with real
processes, the exit codes, and no Qt where nothing is drawn."""
from __future__ import annotations

import ast
import json
import sqlite3
import sys
from pathlib import Path

import pytest
from app_testkit import PINS, ROOT, actor, clone, one_line, run_app, run_cli, scalar, subprocess_env

from app.db import open_database
from app.services import shifts


def test_an_office_day_scripted_with_pishkhan(tmp_path: Path) -> None:
    db = tmp_path / "office.db"
    env = subprocess_env()

    def ok(*argv: str | Path) -> str:
        result = run_app(*argv, "--db", db, "--lang", "en", env=env)
        assert result.code == 0, result
        assert "Traceback" not in result.stderr
        return result.stdout.strip()

    ok("demo", "--days", "1", "--seed", "4")
    clerk = ["--user", "clerk1", "--pin", PINS["clerk1"]]
    ok("shift", "open", *clerk, "--float", "۵۰۰٬۰۰۰")

    # Cash with change: 385,000 Rials for 1001 (350,000 + 10% VAT), a 1,000,000 note handed over.
    cash = int(ok("record", *clerk, "--service", "1001", "--pay", "cash:1,000,000", "--name", "علي اكبر",
                  "--national-id", "0084575948"))
    assert scalar(db, "SELECT change_due FROM txn WHERE receipt_number = ?", cash) == 615_000
    assert scalar(db, "SELECT citizen_name FROM txn WHERE receipt_number = ?", cash) == "علی اکبر"
    # Card with its terminal and reference.
    card = int(ok("record", *clerk, "--service", "2005", "--pay", "card", "--terminal", "T-10445",
                  "--reference", "123456789012", "--tracking", "RR123456789IR"))
    assert card == cash + 1
    assert scalar(db, "SELECT reference FROM payment p JOIN txn t ON t.id = p.txn_id "
                      "WHERE t.receipt_number = ?", card) == "123456789012"
    # Split: part by card, the rest in cash.
    split = int(ok("record", *clerk, "--service", "8001", "--pay", "card:200000", "--pay", "cash"))
    methods = sqlite3.connect(db).execute(
        "SELECT method, amount FROM payment p JOIN txn t ON t.id = p.txn_id WHERE t.receipt_number = ? "
        "ORDER BY p.id", (split,)).fetchall()
    assert methods[0] == ("card", 200_000) and methods[1][0] == "cash"
    assert sum(a for _m, a in methods) == scalar(db, "SELECT grand_total FROM txn WHERE receipt_number = ?", split)

    # The clerk voids the card sale with the owner's PIN for that one action.
    ok("void", str(card), *clerk, "--reason", "خدمت اشتباه ثبت شد", "--approver", "owner",
       "--approver-pin", PINS["owner"])
    staff = dict(sqlite3.connect(db).execute("SELECT username, id FROM staff").fetchall())
    void = sqlite3.connect(db).execute("SELECT v.staff_id, approved_by, reason FROM void v JOIN txn t ON t.id = v.txn_id "
                                       "WHERE t.receipt_number = ?", (card,)).fetchone()
    assert void == (staff["clerk1"], staff["owner"], "خدمت اشتباه ثبت شد")

    # Close the shift 10,000 Rials short.
    expected = int(ok("shift", "report", *clerk))
    assert expected == 500_000 + 385_000 + (split_cash := methods[1][1])
    variance = int(ok("shift", "close", *clerk, "--counted", str(expected - 10_000)))
    assert variance == -10_000
    assert split_cash > 0

    # Back up, restore into a new file, verify both.
    backup = Path(ok("backup", "--to", tmp_path / "backups", "--user", "owner", "--pin", PINS["owner"]))
    assert backup.is_file() and backup.with_suffix(".key").is_file()
    # The restore is tried on another computer (its own config folder): here the books go on.
    restored = tmp_path / "elsewhere" / "restored.db"
    other_pc = {**env, "PISHKHAN_CONFIG_DIR": str(tmp_path / "other-pc-config")}
    result = run_app("restore", "--db", restored, "--from", backup, "--lang", "en", env=other_pc)
    assert result.code == 0, result
    for path, where in ((db, env), (restored, other_pc)):
        result = run_app("verify", "--db", path, "--lang", "en", env=where)
        assert result.code == 0, result
        assert result.stderr.startswith("Verified:")
    assert scalar(restored, "SELECT COUNT(*) FROM txn") == scalar(db, "SELECT COUNT(*) FROM txn")

    # Someone lowers an amount behind the app's back: verify catches it and names the sale.
    txn_id = scalar(db, "SELECT id FROM txn WHERE receipt_number = ?", cash)
    conn = sqlite3.connect(db)
    conn.execute("DROP TRIGGER txn_line_no_update")
    conn.execute("PRAGMA ignore_check_constraints = ON")
    conn.execute("UPDATE txn_line SET office_amount = office_amount - 50000 WHERE txn_id = ?", (txn_id,))
    conn.commit()
    conn.close()
    result = run_app("verify", "--db", db, "--lang", "en", env=env)
    assert result.code == 1, result
    assert f"The sale record {txn_id} was altered" in result.stderr
    assert "Traceback" not in result.stderr
    assert run_app("verify", "--db", restored, env=other_pc).code == 0


@pytest.fixture
def desk(office_template: Path, tmp_path: Path) -> Path:
    path = clone(office_template, tmp_path / "office.db")
    db = open_database(path)
    shifts.open_shift(db, actor(db, "clerk1"), 0)
    db.close()
    return path


def counts(path: Path) -> dict[str, int]:
    conn = sqlite3.connect(path)
    try:
        return {t: conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
                for t in ("txn", "txn_line", "payment", "void", "shift", "citizen", "journal")}
    finally:
        conn.close()


CLERK = ["--user", "clerk1", "--pin", PINS["clerk1"]]
BAD_INPUT = {
    "wrong PIN": ["record", "--user", "clerk1", "--pin", "0000", "--service", "1001"],
    "unknown user": ["record", "--user", "nobody", "--pin", "1111", "--service", "1001"],
    "no open shift": ["record", "--user", "clerk2", "--pin", PINS["clerk2"], "--service", "1001"],
    "unknown service": ["record", *CLERK, "--service", "9999"],
    "invalid national ID": ["record", *CLERK, "--service", "1001", "--national-id", "0084575949"],
    "invalid mobile": ["record", *CLERK, "--service", "1001", "--mobile", "12345"],
    "bad amount": ["record", *CLERK, "--service", "1001", "--pay", "cash:1e6"],
    "negative amount": ["record", *CLERK, "--service", "1001", "--pay", "cash:-5"],
    "short payment": ["record", *CLERK, "--service", "1001", "--pay", "card:1000"],
    "unknown payment method": ["record", *CLERK, "--service", "1001", "--pay", "cheque"],
    "fixed agency fee": ["record", *CLERK, "--service", "2005", "--agency-fee", "1"],
    "office fee above the tariff": ["record", *CLERK, "--service", "1001", "--office-fee", "400000"],
    "clerk void without approver": ["void", "1", *CLERK, "--reason", "x"],
    "void of a missing receipt": ["void", "4242", "--user", "owner", "--pin", PINS["owner"], "--reason", "x"],
    "bad receipt number": ["void", "12a", "--user", "owner", "--pin", PINS["owner"], "--reason", "x"],
    "bad Jalali date": ["close-day", "--user", "owner", "--pin", PINS["owner"], "--day", "1405-13-01"],
    "clerk backs up": ["backup", "--to", "somewhere", *CLERK],
    "clerk exports tariffs": ["tariffs", "export", "t.csv", *CLERK],
    "unknown command": ["frobnicate"],
    "missing argument": ["record", *CLERK],
    "bad choice": ["receipt", "1", "--format", "gif", "--out", "x"],
}


@pytest.mark.parametrize("case", list(BAD_INPUT))
def test_bad_or_refused_input_exits_2_with_one_line(desk: Path, case: str) -> None:
    before = counts(desk)
    result = run_cli(*BAD_INPUT[case], "--db", desk, "--lang", "en")
    assert result.code == 2, result
    assert result.stdout == ""
    one_line(result.stderr)
    after = counts(desk)
    # Nothing written but the journal's record of the attempt (a login, or the refused login).
    assert {k: v for k, v in after.items() if k != "journal"} == {k: v for k, v in before.items() if k != "journal"}
    assert after["journal"] - before["journal"] <= 1


def test_refusals_are_in_persian_by_default(desk: Path) -> None:
    for case in ("wrong PIN", "unknown service", "bad amount", "invalid national ID"):
        message = one_line(run_cli(*BAD_INPUT[case], "--db", desk).stderr)
        assert any("\u0600" <= ch <= "\u06ff" for ch in message), (case, message)
        english = one_line(run_cli(*BAD_INPUT[case], "--db", desk, "--lang", "en").stderr)
        assert message != english and english.isascii(), (case, english)


def test_lang_en_in_either_spelling(desk: Path) -> None:
    for lang in (["--lang", "en"], ["--lang=en"]):
        result = run_cli(*BAD_INPUT["unknown service"], "--db", desk, *lang)
        assert one_line(result.stderr) == "Unknown service code: 9999", lang


def test_a_locked_account_exits_2(desk: Path) -> None:
    for _ in range(5):
        run_cli("record", "--user", "clerk1", "--pin", "0000", "--service", "1001", "--db", desk)
    result = run_cli("record", *CLERK, "--service", "1001", "--db", desk, "--lang", "en")
    assert result.code == 2
    assert "locked for 15 more minutes" in one_line(result.stderr)


def test_the_pin_may_come_from_the_environment(desk: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PISHKHAN_PIN", PINS["clerk1"])
    result = run_cli("record", "--user", "clerk1", "--service", "1001", "--db", desk)
    assert result.code == 0 and result.stdout.strip().isdigit()
    monkeypatch.delenv("PISHKHAN_PIN")
    result = run_cli("record", "--user", "clerk1", "--service", "1001", "--db", desk, "--lang", "en")
    assert result.code == 2 and "PIN" in result.stderr  # no terminal to prompt on: said plainly


def test_problems_found_exit_1(tmp_path: Path) -> None:
    missing = run_cli("verify", "--db", tmp_path / "nothing-here.db", "--lang", "en")
    assert missing.code == 2 and "not found" in one_line(missing.stderr)
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not a database at all" * 100)
    result = run_cli("verify", "--db", junk, "--lang", "en")
    assert result.code in (1, 2) and "Not a Pishkhan database" in one_line(result.stderr)


def test_a_demo_refuses_to_overwrite(desk: Path) -> None:
    result = run_cli("demo", "--db", desk, "--lang", "en")
    assert result.code == 2 and "already exists" in one_line(result.stderr)


def test_odd_folder_names_are_the_folder_they_name(office_template: Path, tmp_path: Path) -> None:
    # A folder called "office #1" or "a?b" must not be taken for a URL's fragment or query
    # (that used to open, and migrate, another file next to it).
    for name in ("office #1", "q?x=1", "a%20b", "ملت شعبه ۲"):
        path = clone(office_template, tmp_path / name / "office.db")
        result = run_cli("verify", "--db", path, "--lang", "en")
        assert result.code == 0, (name, result)
        db = open_database(path)
        shifts.open_shift(db, actor(db, "clerk1"), 0)
        db.close()
        assert scalar(path, "SELECT COUNT(*) FROM shift WHERE closed_at IS NULL") == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["office #1", "q?x=1", "a%20b", "ملت شعبه ۲"])


# --- no Qt where nothing is drawn ----------------------------------------------------------------------

NO_QT_SCRIPT = r"""
import json, sys
from app.cli import main
db, out = sys.argv[1], sys.argv[2]
runs = [["demo", "--db", db, "--days", "1"],
        ["shift", "open", "--db", db, "--user", "clerk1", "--pin", "1111", "--float", "0"],
        ["record", "--db", db, "--user", "clerk1", "--pin", "1111", "--service", "1001"],
        ["void", "1", "--db", db, "--user", "owner", "--pin", "1234", "--reason", "x"],
        ["tariffs", "export", out + "/t.csv", "--db", db, "--pin", "1234"],
        ["backup", "--db", db, "--to", out, "--pin", "1234"],
        ["verify", "--db", db]]
loaded = {}
for argv in runs:
    code = main(argv)
    loaded[argv[0]] = [code, sorted(m for m in sys.modules if m.split(".")[0] in ("PySide6", "shiboken6", "ui", "printing"))]
print(json.dumps(loaded))
"""


def test_commands_that_draw_nothing_load_no_qt(tmp_path: Path) -> None:
    result = __import__("subprocess").run([sys.executable, "-c", NO_QT_SCRIPT, str(tmp_path / "o.db"), str(tmp_path)],
                                          cwd=ROOT, env=subprocess_env(), capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    loaded = json.loads(result.stdout.strip().splitlines()[-1])
    assert {name: code for name, (code, _mods) in loaded.items()} == {name: 0 for name in loaded}
    assert {name: mods for name, (_code, mods) in loaded.items()} == {name: [] for name in loaded}


def imports_of(path: Path) -> list[tuple[str, bool]]:
    """(module, at module level?) for every import statement in a file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    top = {id(node) for node in tree.body}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name, id(node) in top) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.module, id(node) in top))
    return found


# The composition root (DESIGN.md): it may reach into printing and ui, lazily, inside a function.
COMPOSITION_ROOT = {f"app/cli/{p.name}" for p in (ROOT / "app" / "cli").glob("*.py")}


def test_app_never_imports_qt_and_only_the_entry_point_reaches_ui_or_printing() -> None:
    problems = []
    files = sorted((ROOT / "app").rglob("*.py"))
    assert len(files) > 20
    for path in files:
        name = path.relative_to(ROOT).as_posix()
        for module, top_level in imports_of(path):
            root = module.split(".")[0]
            if root in ("PySide6", "shiboken6", "PyQt5", "PyQt6"):
                problems.append(f"{name} imports {module}")
            elif root in ("ui", "printing"):
                if name not in COMPOSITION_ROOT:
                    problems.append(f"{name} imports {module}")
                elif top_level:
                    problems.append(f"{name} imports {module} at load time (must be lazy)")
    assert not problems, "\n".join(problems)


def test_the_scan_sees_lazy_imports() -> None:
    found = dict(imports_of(ROOT / "app" / "cli" / "window.py"))
    assert found.get("ui.app") is False
    assert dict(imports_of(ROOT / "app" / "cli" / "receipts.py")).get("printing.service") is False



def test_each_group_of_commands_says_which_commands_it_adds() -> None:
    # The parser builds only the group a command line names, found by these lists: a list naming another
    # group's command, or missing one of its own, would break that command.
    import argparse
    import importlib

    from app.cli import parser

    for group, commands in parser.GROUPS.items():
        sub = parser.Parser().add_subparsers()
        importlib.import_module(f"app.cli.{group}").register(sub, parser.common_options())
        assert tuple(sub.choices) == commands, group
    whole = parser.build_parser()
    chosen = [a for a in whole._actions if isinstance(a, argparse._SubParsersAction)][0]
    assert len(chosen.choices) == sum(len(c) for c in parser.GROUPS.values())


@pytest.mark.parametrize("argv", [["--db", "report", "shift", "--help"], ["--lang", "en", "record", "--help"]])
def test_an_option_value_that_looks_like_a_command_does_not_choose_the_group(argv: list[str]) -> None:
    from app.cli.parser import _command_named

    assert _command_named(argv) == argv[2]
