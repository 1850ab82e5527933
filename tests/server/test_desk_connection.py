"""Connecting a desk to the office server, without a screen: the address `server add-desk` prints is
what the desk's field takes, the connection test says which step fails, and only a passing test is
saved (in a file only this account reads)."""
from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest
from app_testkit import subprocess_env
from server_testkit import Office, pishkhan

from app import i18n
from app.errors import UserError
from app.services.connection import (
    check_desk_address,
    connect_desk,
    connection_file,
    saved_server,
    use_own_file,
)
from app.services.connection_check import read_desk_address


@pytest.fixture(autouse=True)
def own_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each test is a desk of its own: its config folder (where the connection is saved) is new."""
    monkeypatch.setenv("PISHKHAN_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("PISHKHAN_DATA_DIR", str(tmp_path / "data"))
    i18n.set_language("en")
    return tmp_path / "config"


def wrong_password(url: str) -> str:
    login, rest = url.split("@", 1)
    return login.rsplit(":", 1)[0] + ":not-the-password@" + rest


def test_what_add_desk_prints_is_what_the_desk_takes_whole_or_with_the_sentence_around_it(office: Office) -> None:
    result = pishkhan("server", "add-desk", "front", "--url", office.owner_url, "--lang", "en",
                      env=subprocess_env())
    assert result.code == 0, result
    printed = result.stdout.strip()
    assert printed.count("\n") == 0 and printed.startswith("postgresql://desk_front:")
    # 127.0.0.1 works on the server PC only: the owner is told to name it as the office network knows it.
    assert "--host" in result.stderr and "other PCs cannot reach it" in result.stderr
    copied = result.stderr + printed + "\n"  # a copy from the terminal, sentence and all
    for pasted in (printed, f"  «{printed}»\n", copied, printed.replace("5", "۵")):
        assert read_desk_address(pasted).url == printed
    check = check_desk_address(copied)
    assert check.ok and check.address.desk == "front" and check.office == office.scalar("SELECT name FROM office")
    with_host = pishkhan("server", "add-desk", "back", "--url", office.owner_url, "--host", "192.168.1.10",
                         "--lang", "en", env=subprocess_env())
    assert "@192.168.1.10:" in with_host.stdout and "--host" not in with_host.stderr


@pytest.mark.parametrize("text, says", [
    ("", "it begins with postgresql://"),
    ("192.168.1.10:5432", "it begins with postgresql://"),
    ("postgresql://192.168.1.10:5432/pishkhan", "no desk login and password"),
    ("postgresql://desk_a:pw@192.168.1.10:99999/pishkhan", "not a number from 1 to 65535"),
    ("postgresql://desk_a:pw@192.168.1.10:5432", "names no database"),
])
def test_an_address_that_is_no_address_says_what_is_missing(text: str, says: str) -> None:
    with pytest.raises(UserError) as refused:
        read_desk_address(text)
    assert says in refused.value.message()


def test_each_step_of_the_test_says_what_is_wrong_and_nothing_is_saved(office: Office) -> None:
    url = office.desks["one"]
    address = read_desk_address(url)
    closed_port = url.replace(f":{address.port}/", ":1/")
    cases = {
        closed_port: (False, False, "nothing accepts connections on port"),
        url.replace("@127.0.0.1:", "@no-such-server.invalid:"): (False, False, "is not known on this network"),
        wrong_password(url): (True, False, "refused the desk login"),
        url.rsplit("/", 1)[0] + "/no_such_books": (True, False, "has no database named"),
        office.owner_url: (True, True, "is not a desk's login"),  # the owner's: a desk must never hold it
    }
    for text, (reached, accepted, says) in cases.items():
        check = connect_desk(text)
        assert (check.reached, check.accepted) == (reached, accepted), text
        assert check.problem is not None and says in check.problem.message(), check.problem
        assert "not-the-password" not in check.problem.message() and "admin-secret" not in check.problem.message()
    assert not connection_file().exists() and saved_server() is None


def test_books_of_another_version_are_refused_before_the_desk_uses_them(office: Office) -> None:
    import psycopg

    for revision, says in (("0007", "older version"), ("0099", "newer version")):
        with psycopg.connect(office.owner_url, autocommit=True) as conn:
            conn.execute("UPDATE alembic_version SET version_num = %s", (revision,))
        check = connect_desk(office.desks["one"])
        assert not check.ok and check.accepted and says in check.problem.message()  # type: ignore[union-attr]
    assert saved_server() is None


def test_a_passing_test_is_saved_for_this_account_only_and_the_command_line_uses_it(office: Office) -> None:
    check = connect_desk(office.desks["two"])
    assert check.ok and check.address.desk == "two"
    assert saved_server() == office.desks["two"]
    if os.name != "nt":
        assert stat.S_IMODE(connection_file().stat().st_mode) == 0o600  # it holds the desk's password
    assert json.loads(connection_file().read_text())["url"] == office.desks["two"]
    env = subprocess_env(PISHKHAN_CONFIG_DIR=os.environ["PISHKHAN_CONFIG_DIR"])
    shown = pishkhan("verify", "--lang", "en", env=env)  # no --db: the saved server's books
    entries = office.scalar("SELECT COUNT(*) FROM journal")
    assert shown.code == 0 and f"Verified: {entries} journal entries" in shown.stderr, shown
    assert use_own_file() == Path(os.environ["PISHKHAN_DATA_DIR"]) / "pishkhan.db" and saved_server() is None


def test_the_connect_command_runs_the_same_test(office: Office) -> None:
    env = subprocess_env(PISHKHAN_CONFIG_DIR=os.environ["PISHKHAN_CONFIG_DIR"])
    refused = pishkhan("connect", wrong_password(office.desks["one"]), "--lang", "en", env=env)
    assert refused.code == 2 and "refused the desk login" in refused.stderr and "Traceback" not in refused.stderr
    assert saved_server() is None
    owner = pishkhan("connect", office.owner_url, "--lang", "en", env=env)
    assert owner.code == 2 and "not a desk's login" in owner.stderr and saved_server() is None
    done = pishkhan("connect", office.desks["one"], "--lang", "en", env=env)
    assert done.code == 0 and "as desk «one»" in done.stderr and saved_server() == office.desks["one"]


def test_a_clerk_may_not_change_where_the_desk_keeps_its_books(office: Office) -> None:
    from app.errors import PermissionDenied

    with pytest.raises(PermissionDenied):
        connect_desk(office.desks["one"], office.actor("manager1"))
    assert saved_server() is None
    assert connect_desk(office.desks["one"], office.actor("owner")).ok
    with pytest.raises(PermissionDenied):
        use_own_file(office.actor("clerk1"))
    assert saved_server() == office.desks["one"]
