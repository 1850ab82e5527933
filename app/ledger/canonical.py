"""Canonical forms (chain version 2): the exact text of a record that its journal entry chains.

A record's form is its values in field order (app/ledger/records.py), as text, joined by US (0x1f);
the parts of a record (a sale, then its lines, then its payments) are joined by RS (0x1e) behind a
header that counts them. Integers are decimal (as SQLite's `||` writes them, so `verify` can have
SQLite build a sale's form: app/ledger/forms.py), NULL is GS (0x1d), booleans are 0/1. Stored text never
holds a control character (app.text.normalise removes them), so with the counts in front the form
is one-to-one: no edit of the records — a changed amount, a removed line, text moved from one
field to another — leaves the same form.

The journal keeps, per record, `digest` = the first 16 bytes of SHA-256 of the form (an edit is
always caught) and `fields` = one byte per value, the low byte of its CRC-32 (so that `verify` can
name which field was changed without keeping a copy of the record: a change of a value leaves its
byte unchanged one time in 256, and is then reported without the field's name).
"""
from __future__ import annotations

import hashlib
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from app.ledger import records as r

US, RS, NULL = "\x1f", "\x1e", "\x1d"
DIGEST_BYTES = 16


def text(value: Any) -> str:
    return NULL if value is None else str(value)


def form(*parts: Sequence[Any]) -> str:
    """The canonical text of a record made of `parts` (each a sequence of values)."""
    return _form(parts, _texts(parts))


def _texts(parts: Sequence[Sequence[Any]]) -> list[list[str]]:
    """Each row's values as text, in form order (the record first, then each group's rows)."""
    return [[NULL if v is None else str(v) for v in values] for values in _flat(parts)]


def _form(parts: Sequence[Sequence[Any]], texts: list[list[str]]) -> str:
    counts = US.join(str(len(p)) for p in parts[1:])
    return counts + RS + RS.join(US.join(row) for row in texts)


def _flat(parts: Sequence[Sequence[Any]]) -> Iterable[Sequence[Any]]:
    yield parts[0]
    for group in parts[1:]:
        yield from group


def digest(text: str | bytes) -> bytes:
    """The digest of a form, given as text or already as its UTF-8 bytes."""
    return hashlib.sha256(text.encode() if isinstance(text, str) else text).digest()[:DIGEST_BYTES]


def fingerprint(*parts: Sequence[Any]) -> bytes:
    """One byte per value, in form order: what `verify` compares to name a changed field."""
    return _fingerprint(_texts(parts))


def _fingerprint(texts: list[list[str]]) -> bytes:
    crc = zlib.crc32
    return bytes(crc(t.encode()) & 0xFF for row in texts for t in row)


@dataclass(frozen=True)
class Sealed:
    """What the journal keeps of a record: its digest and its per-field fingerprint."""

    digest: bytes
    fields: bytes


def seal(*parts: Sequence[Any]) -> Sealed:
    texts = _texts(parts)  # once, for both
    return Sealed(digest(_form(parts, texts)), _fingerprint(texts))


def sale(txn: r.Sale, lines: Sequence[r.SaleLine], payments: Sequence[r.Payment]) -> Sealed:
    return seal(txn.values(), [x.values() for x in lines], [p.values() for p in payments])


def single(record: r.Record) -> Sealed:
    return seal(record.values())


def day_close(close: r.DayClose, summaries: Sequence[r.DaySummary]) -> Sealed:
    return seal(close.values(), [s.values() for s in summaries])


# --- naming what changed --------------------------------------------------------------------------

def changed_fields(names: Sequence[tuple[str, ...]], journaled: bytes, now: bytes) -> list[str]:
    """Field names whose fingerprint byte differs. `names` gives each part's field names in form order."""
    flat = [n for part in names for n in part]
    if len(journaled) != len(now) or len(flat) != len(now):
        return []
    return sorted({flat[i] for i in range(len(now)) if journaled[i] != now[i]})


def sale_field_names(lines: int, payments: int) -> list[tuple[str, ...]]:
    return [r.Sale.names(), *[r.SaleLine.names()] * lines, *[r.Payment.names()] * payments]
