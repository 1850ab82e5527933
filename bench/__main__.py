"""Run every bench module (bench/bench_*.py) and print one JSON object per line.

`python -m bench [name ...]` runs only the named modules (e.g. `ledger`, `printing`).
"""
from __future__ import annotations

import importlib
import pkgutil
import sys
import traceback

import bench
from bench.common import emit


def main(argv: list[str]) -> int:
    names = sorted(m.name for m in pkgutil.iter_modules(bench.__path__) if m.name.startswith("bench_"))
    wanted = {f"bench_{n.removeprefix('bench_')}" for n in argv}
    failed = 0
    for name in names:
        if wanted and name not in wanted:
            continue
        try:
            module = importlib.import_module(f"bench.{name}")
            for row in module.metrics():
                emit(row)
        except Exception:
            failed += 1
            traceback.print_exc()
    return 1 if failed else 0


sys.exit(main(sys.argv[1:]))
