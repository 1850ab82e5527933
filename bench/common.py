"""Shared bench helpers: timing, the JSON line format, and the 10-year demo database."""
from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import platformdirs


def median_ms(fn: Callable[[], Any], runs: int = 50, warmup: int = 3) -> float:
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def metric(name: str, value: float, floor: float, unit: str = "ms", **extra: Any) -> dict[str, Any]:
    return {"metric": name, "value": round(value, 3), "unit": unit, "floor": round(floor, 3),
            "ratio": round(value / floor, 2) if floor else None, **extra}


def emit(row: dict[str, Any]) -> None:
    print(json.dumps(row, ensure_ascii=False), flush=True)


def bench_home() -> Path:
    path = Path(os.environ.get("PISHKHAN_BENCH_HOME") or platformdirs.user_cache_dir("pishkhan-bench"))
    path.mkdir(parents=True, exist_ok=True)
    return path


def big_demo_db(days: int = 3650) -> Path:
    """The 10-year demo database (built once, reused): PISHKHAN_BENCH_DB or the bench cache."""
    if os.environ.get("PISHKHAN_BENCH_DB"):
        return Path(os.environ["PISHKHAN_BENCH_DB"])
    home = bench_home()
    os.environ.setdefault("PISHKHAN_CONFIG_DIR", str(home / "config"))
    path = home / f"demo-{days}.db"
    ready = home / f"demo-{days}.ready"
    if not ready.exists():
        for stale in home.glob(f"demo-{days}.db*"):
            stale.unlink()
        print(f"building the {days}-day demo database in {path} (once)…", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "app", "demo", "--db", str(path), "--days", str(days)],
                       check=True, env={**os.environ})
        ready.touch()
    return path
