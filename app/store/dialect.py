"""The few SQL spellings that differ between SQLite and PostgreSQL, given by the session's engine."""
from __future__ import annotations

from typing import Any


def engine_of(session: Any) -> str:
    return str(session.connection().dialect.name)


def group_concat(session: Any, expr: str, sep: str, source: str, order: str = "") -> str:
    """A scalar subquery joining `expr` over `source` (FROM … WHERE …) with `sep`, in `order`."""
    if engine_of(session) == "postgresql":
        ordered = f" ORDER BY {order}" if order else ""
        return f"(SELECT string_agg({expr}, '{sep}'{ordered}) FROM {source})"
    if order:  # SQLite takes the rows in the order a subquery gives them
        return f"(SELECT GROUP_CONCAT(x, '{sep}') FROM (SELECT {expr} AS x FROM {source} ORDER BY {order}))"
    return f"(SELECT GROUP_CONCAT({expr}, '{sep}') FROM {source})"
