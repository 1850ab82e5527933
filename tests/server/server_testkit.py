"""Helpers of the office-server tests: an office set up on the throwaway cluster, desks' URLs,
real `pishkhan` processes against it."""
from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app_testkit import PINS, ROOT, CliResult, subprocess_env

from app.db import Database
from app.demo import build_demo
from app.services.common import Actor
from app.services.server import add_desk, init_server
from app.services.staff import add_staff


@dataclass
class Office:
    cluster: Any
    name: str
    owner_url: str
    desks: dict[str, str] = field(default_factory=dict)
    db: Database | None = None

    @classmethod
    def create(cls, cluster: Any, name: str, *, days: int = 0) -> Office:
        url = cluster.create_database(name)
        db = init_server(url)
        owner = build_demo(db, days=days, seed=5, check=False)
        add_staff(db, owner, "manager1", "مریم صالحی", "manager", PINS["manager1"])
        office = cls(cluster, name, url, db=db)
        for desk in ("one", "two", "three"):
            office.desks[desk] = add_desk(url, desk).url
        return office

    def desk_db(self, desk: str = "one") -> Database:
        return Database(self.desks[desk])

    def actor(self, username: str) -> Actor:
        assert self.db is not None
        with self.db.raw(write=False) as tx:
            row = tx.one("SELECT id, username, full_name, role FROM staff WHERE username = ?", username)
        return Actor(*row)

    def scalar(self, sql: str, *params: object) -> Any:
        assert self.db is not None
        with self.db.raw(write=False) as tx:
            return tx.value(sql, *params)

    def close(self) -> None:
        if self.db is not None:
            self.db.close()
            self.db = None


def pishkhan(*argv: str | Path, env: dict[str, str] | None = None, timeout: float = 120) -> CliResult:
    proc = subprocess.run([sys.executable, "-m", "app", *map(str, argv)], cwd=ROOT, env=env or subprocess_env(),
                          capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL)
    return CliResult(proc.returncode, proc.stdout, proc.stderr)
