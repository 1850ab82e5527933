"""The text inside a receipt's QR code: what the receipt claims, signed by the office.

    PKD2:<office code>:<receipt no.>:<business day, Jalali YYYYMMDD>:<local time HHMM>:<grand total,
    Rials>:<void 0|1>:<O | C<n>>:<Ed25519 signature, base32>

Every character is in the QR "alphanumeric" set (digits, capitals, a few signs), so the code is as
small as the data allows: version 6 (41×41 modules) for a usual receipt, 7 at the extremes. The
signature covers every byte before it (the text up to and including the last ':'), so the claims
cannot change without the signature failing, and anyone holding the office's public key can check
it offline. "O" is the original; "C<n>" the n-th copy (reprint).

Receipts printed before signing carried `PKD1;o=…;n=…;d=…;t=…;h=<journal hash prefix>`: they are
parsed too, so the check can say what they are.
"""
from __future__ import annotations

import base64
import datetime as dt
import re
from dataclasses import dataclass
from urllib.parse import quote, unquote

import jdatetime

from app.jalali import to_local
from app.text import to_ascii_digits

PREFIX = "PKD2"
LEGACY_PREFIX = "PKD1"
SIGNATURE_CHARS = 103  # 64 bytes in base32, padding dropped
_SAFE = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-."  # office-code characters kept as they are
_FIELDS = re.compile(r"[0-9A-Z%.\-]{1,64}:[0-9]{1,15}:[0-9]{8}:[0-9]{4}:[0-9]{1,16}:[01]:(?:O|C[0-9]{1,6}):")


class SealError(ValueError):
    """The text is not a receipt code this app wrote (garbage, cut short, another format)."""


@dataclass(frozen=True)
class ReceiptClaims:
    """What a printed receipt says about itself, as signed."""

    office_code: str
    receipt_number: int
    business_day: dt.date
    local_time: str  # "HHMM", Tehran time of the sale
    grand_total: int  # Rials
    voided: bool
    copy_no: int = 0  # 0: the original; n: the n-th copy

    @property
    def is_copy(self) -> bool:
        return self.copy_no > 0


@dataclass(frozen=True)
class Sealed:
    claims: ReceiptClaims
    message: bytes  # what the signature covers
    signature: bytes


@dataclass(frozen=True)
class LegacyCode:
    """An unsigned receipt code from before signing (PKD1): checked against the books only."""

    office_code: str
    receipt_number: int
    local: str  # "YYYY/MM/DDTHH:MM", Jalali local time
    grand_total: int
    hash_prefix: str
    voided: bool


def claims_of(office_code: str, receipt_number: int, business_day: dt.date, created_at: dt.datetime,
              grand_total: int, voided: bool, copy_no: int) -> ReceiptClaims:
    return ReceiptClaims(office_code, receipt_number, business_day, to_local(created_at).strftime("%H%M"),
                         grand_total, voided, copy_no)


def _code_text(code: str) -> str:
    """The office code in QR-alphanumeric characters (anything else %-escaped as UTF-8)."""
    upper = to_ascii_digits(code).upper()
    return "".join(ch if ch in _SAFE else quote(ch, safe="").upper() for ch in upper) or "-"


def message_text(claims: ReceiptClaims) -> str:
    day = jdatetime.date.fromgregorian(date=claims.business_day).strftime("%Y%m%d")
    kind = f"C{claims.copy_no}" if claims.copy_no else "O"
    return ":".join([PREFIX, _code_text(claims.office_code), str(claims.receipt_number), day, claims.local_time,
                     str(claims.grand_total), "1" if claims.voided else "0", kind]) + ":"


def encode(claims: ReceiptClaims, signature: bytes) -> str:
    return message_text(claims) + base64.b32encode(signature).decode("ascii").rstrip("=")


def short_code(signature: bytes) -> str:
    """The code printed under the QR («کد اصالت»): the signature's first 50 bits, "XXXXX-XXXXX".
    Each printed receipt (original and every copy) has its own; the print log keeps them."""
    letters = base64.b32encode(signature).decode("ascii")[:10]
    return f"{letters[:5]}-{letters[5:]}"


def normalise_code(text: str) -> str:
    """A typed verification code in the form `short_code` prints ("abcde fghij" → "ABCDE-FGHIJ")."""
    letters = re.sub(r"[^0-9A-Za-z]", "", to_ascii_digits(text)).upper()
    return f"{letters[:5]}-{letters[5:]}" if len(letters) == 10 else ""


def parse(text: str) -> Sealed:
    """The claims and signature in a scanned QR text; SealError if it is not one."""
    raw = to_ascii_digits(text.strip()).upper()
    if not raw.startswith(PREFIX + ":"):
        raise SealError("not a signed receipt code")
    head, _sep, tail = raw.rpartition(":")
    head += ":"
    fields = head[len(PREFIX) + 1:]
    if not _FIELDS.fullmatch(fields) or len(tail) != SIGNATURE_CHARS:
        raise SealError("malformed receipt code")
    try:
        signature = base64.b32decode(tail + "=" * (-len(tail) % 8), casefold=False)
    except ValueError:
        raise SealError("malformed signature") from None
    code, number, day, hhmm, total, void, kind = fields[:-1].split(":")
    try:
        business_day = jdatetime.date(int(day[:4]), int(day[4:6]), int(day[6:])).togregorian()
    except ValueError:
        raise SealError("malformed business day") from None
    if int(hhmm[:2]) > 23 or int(hhmm[2:]) > 59:
        raise SealError("malformed time")
    claims = ReceiptClaims(unquote(code), int(number), business_day, hhmm, int(total), void == "1",
                           0 if kind == "O" else int(kind[1:]))
    return Sealed(claims, head.encode("ascii"), signature)


_LEGACY = re.compile(r"PKD1;O=([^;]{1,64});N=([0-9]{1,15});D=([0-9]{4}/[0-9]{2}/[0-9]{2}T[0-9]{2}:[0-9]{2});"
                     r"T=([0-9]{1,16});H=([0-9A-F]{12})(;V=1)?")


def parse_legacy(text: str) -> LegacyCode | None:
    """A PKD1 code (before signing), or None."""
    m = _LEGACY.fullmatch(to_ascii_digits(text.strip()).upper())
    if m is None:
        return None
    return LegacyCode(m.group(1), int(m.group(2)), m.group(3), int(m.group(4)), m.group(5).lower(),
                      bool(m.group(6)))
