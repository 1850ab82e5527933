"""Shared bench helpers: paired timing (measured and floor interleaved), the JSON line format, the
big offices to measure on, and whole-process timing.

Every figure is one JSON object on one line:
  metric, value (the measured median), unit, floor (the floor's median), ratio (value / floor),
  first_ms / floor_first_ms (the first call, before any warm-up), p50, p95, runs, target, met,
  and what else the figure needs (size, sales, …).
A figure that cannot be measured here says so: {"metric": ..., "skipped": "why"}.
"""
from __future__ import annotations

import json
import math
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import platformdirs

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Timing:
    """Samples of one side of a pair, in milliseconds (first: the very first call, not warmed)."""

    samples: tuple[float, ...]
    first: float | None = None

    @property
    def p50(self) -> float:
        return statistics.median(self.samples)

    @property
    def p95(self) -> float:
        ordered = sorted(self.samples)
        return ordered[min(len(ordered) - 1, math.ceil(0.95 * len(ordered)) - 1)]


def _ms(fn: Callable[[], Any]) -> float:
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


def paired(measured: Callable[[], Any], floor: Callable[[], Any], *, runs: int = 30,
           warmup: int = 2) -> tuple[Timing, Timing]:
    """Time `measured` and `floor` alternately (A B A B …: drift and noise on a shared machine hit
    both alike); the first call of each is kept apart as the cold figure."""
    first_a, first_b = _ms(measured), _ms(floor)
    for _ in range(warmup):
        measured()
        floor()
    a, b = [], []
    for i in range(runs):
        if i % 2:  # alternate who goes first, so neither always runs right after the other
            b.append(_ms(floor))
            a.append(_ms(measured))
        else:
            a.append(_ms(measured))
            b.append(_ms(floor))
    return Timing(tuple(a), first_a), Timing(tuple(b), first_b)


def _round(x: float | None) -> float | None:
    if x is None:
        return None
    return round(x, 3) if x < 100 else round(x, 1)


def metric(name: str, value: float, floor: float | None, unit: str = "ms", *, target: float | None = None,
           target_ratio: float | None = None, **extra: Any) -> dict[str, Any]:
    """One figure. `target` is an absolute goal on the value, `target_ratio` a goal on value / floor;
    `met` says whether every goal given is reached."""
    row: dict[str, Any] = {"metric": name, "value": _round(value), "unit": unit, "floor": _round(floor),
                           "ratio": round(value / floor, 2) if floor else None}
    goals = []
    if target is not None:
        row["target"] = target
        goals.append(value <= target)
    if target_ratio is not None:
        row["target_ratio"] = target_ratio
        goals.append(bool(floor) and value / floor <= target_ratio)  # type: ignore[operator]
    if goals:
        row["met"] = all(goals)
    row.update({k: _round(v) if isinstance(v, float) else v for k, v in extra.items()})
    return row


def pair_metric(name: str, a: Timing, b: Timing, unit: str = "ms", **extra: Any) -> dict[str, Any]:
    """A figure from a paired measurement: medians, spread, and the first calls."""
    return metric(name, a.p50, b.p50, unit, first_ms=a.first, floor_first_ms=b.first, p95=a.p95,
                  floor_p95=b.p95, runs=len(a.samples), **extra)


def skipped(name: str, why: str, **extra: Any) -> dict[str, Any]:
    return {"metric": name, "skipped": why, **extra}


def emit(row: dict[str, Any]) -> None:
    print(json.dumps(row, ensure_ascii=False), flush=True)


def bench_home() -> Path:
    path = Path(os.environ.get("PISHKHAN_BENCH_HOME") or platformdirs.user_cache_dir("pishkhan-bench"))
    path.mkdir(parents=True, exist_ok=True)
    return path


# --- which big offices to measure ---------------------------------------------------------------------

def wanted_sizes() -> list[str]:
    """PISHKHAN_BENCH_SIZES (comma-separated: 730k, 2m; `none` for no big office); default both."""
    from bench.bigdb import SIZES, cached

    text = os.environ.get("PISHKHAN_BENCH_SIZES", ",".join(SIZES)).strip().lower()
    names = [] if text in ("", "none", "0") else [s.strip() for s in text.split(",")]
    return [s for s in names if s in SIZES or cached(s) is not None]  # (a small cached office: the tests)


def big_offices() -> Iterator[tuple[str, Any]]:
    """(size, Office or None) for each wanted size. A size not cached is built when PISHKHAN_BENCH_BUILD=1
    (minutes: ~6 for 730k, ~20 for 2M on a 2-core machine); otherwise it is None and its figures say
    `skipped`."""
    from bench.bigdb import SIZES, build, cached

    for size in wanted_sizes():
        office = cached(size)
        if office is None and os.environ.get("PISHKHAN_BENCH_BUILD") == "1":
            print(f"building the {size} office in {bench_home()} (once)…", file=sys.stderr, flush=True)
            office = build(SIZES[size])
        yield size, office


def not_cached(size: str) -> str:
    return (f"no {size} office cached: build it with `python -m bench.bigdb build {size}` "
            f"(or run with PISHKHAN_BENCH_BUILD=1)")


# --- whole processes -----------------------------------------------------------------------------------

def run_ms(cmd: Sequence[str], *, env: dict[str, str] | None = None, cwd: Path = ROOT,
           check: bool = True) -> tuple[float, subprocess.CompletedProcess[str]]:
    """Wall time of one whole process, from spawn to exit (interpreter start and imports included)."""
    start = time.perf_counter()
    done = subprocess.run(list(cmd), env=env, cwd=cwd, capture_output=True, text=True)
    ms = (time.perf_counter() - start) * 1000
    if check and done.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} exited {done.returncode}: {done.stderr.strip()[-800:]}")
    return ms, done


def python() -> str:
    return sys.executable
