"""Run the bench modules (bench/bench_*.py) and print one JSON object per line.

    python -m bench [--sizes 730k,2m|none] [--build] [name ...]

`name`: only those modules (ledger, reports, books, security, startup, printing). The big offices'
figures (730k and 2M sales) need the offices cached in the bench home (PISHKHAN_BENCH_HOME, else the
user's cache folder); a size that is not cached prints a `skipped` line saying how to build it, unless
`--build` (or PISHKHAN_BENCH_BUILD=1) builds it first (once: ~9 min for 730k, ~25 min for 2M here).
`--sizes none` (or PISHKHAN_BENCH_SIZES=none) measures no big office at all.
"""
from __future__ import annotations

import importlib
import os
import pkgutil
import sys
import traceback

import bench
from app.i18n import load_catalogues
from bench.common import emit


def _options(argv: list[str]) -> list[str]:
    names = []
    args = iter(argv)
    for arg in args:
        if arg == "--build":
            os.environ["PISHKHAN_BENCH_BUILD"] = "1"
        elif arg == "--sizes":
            os.environ["PISHKHAN_BENCH_SIZES"] = next(args, "none")
        elif arg.startswith("--sizes="):
            os.environ["PISHKHAN_BENCH_SIZES"] = arg.split("=", 1)[1]
        elif arg in ("-h", "--help"):
            print(__doc__)
            raise SystemExit(0)
        else:
            names.append(arg)
    return names


def main(argv: list[str]) -> int:
    names = sorted(m.name for m in pkgutil.iter_modules(bench.__path__) if m.name.startswith("bench_"))
    wanted = {f"bench_{n.removeprefix('bench_')}" for n in _options(argv)}
    failed = 0
    load_catalogues("printing")  # in-process figures are of the program as it runs: in Persian
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


if __name__ == "__main__":  # (verify's worker processes import the main module again)
    sys.exit(main(sys.argv[1:]))
