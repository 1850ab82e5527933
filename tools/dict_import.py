"""Reading the old-style catalogues: Python files holding `NAME = {"English": "Persian", …}`.

Read as data (`ast.literal_eval`), never imported: a file from another branch runs no code here.
"""
from __future__ import annotations

import ast
import fnmatch
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

OLD_FILES = "messages_fa*.py"


@dataclass
class Found:
    entries: dict[str, str] = field(default_factory=dict)
    sources: list[str] = field(default_factory=list)  # one line per file read, for the report

    def add(self, name: str, source: str) -> None:
        entries = dict_entries(source)
        clashes = [text for text, persian in entries.items() if self.entries.get(text, persian) != persian]
        self.entries.update(entries)
        self.sources.append(f"read {len(entries)} entries from {name}"
                            + (f" ({len(clashes)} differ from a file read before; this one's kept)" if clashes else ""))

    def update(self, other: Found) -> None:
        self.entries.update(other.entries)
        self.sources += other.sources


def dict_entries(source: str) -> dict[str, str]:
    """Every `str: str` entry of the dict literals assigned at the top of a module."""
    entries: dict[str, str] = {}
    for node in ast.parse(source).body:
        value = node.value if isinstance(node, (ast.Assign, ast.AnnAssign)) else None
        if isinstance(value, ast.Dict):
            literal = ast.literal_eval(value)
            entries.update({k: v for k, v in literal.items() if isinstance(k, str) and isinstance(v, str)})
    return entries


def entries_from_files(paths: Iterable[Path]) -> Found:
    found = Found()
    for path in paths:
        found.add(str(path), path.read_text(encoding="utf-8"))
    return found


def entries_from_branch(root: Path, branch: str) -> Found:
    """The entries of every old catalogue file in `branch`'s tree (read with git, not checked out)."""
    listing = _git(root, "ls-tree", "-r", "--name-only", branch)
    found = Found()
    for name in listing.splitlines():
        if fnmatch.fnmatch(PurePosixPath(name).name, OLD_FILES):
            found.add(f"{branch}:{name}", _git(root, "show", f"{branch}:{name}"))
    if not found.sources:
        found.sources.append(f"no {OLD_FILES} file on {branch}")
    return found


def _git(root: Path, *args: str) -> str:
    done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, encoding="utf-8")
    if done.returncode != 0:
        raise SystemExit(f"git {' '.join(args)}: {done.stderr.strip()}")
    return done.stdout
