"""Checking a receipt someone holds: is it genuine (signed with the office key), and — against the
office's books — is it exactly a recorded sale (number, business day and time, total, void state),
the original or which copy?

The verdicts, each with its own words: genuine and matching; genuine but the books differ (an
edited database, or a sale voided after the receipt was printed); genuine but missing from the
books (cut out after printing); not genuine (altered: an edited total, or forged); another office's
receipt; an older unsigned receipt (checked against the books only). Garbage is a UserError.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from app import receipt_seal, signing
from app.db import Database
from app.errors import UserError
from app.i18n import _, language
from app.jalali import format_instant, format_jalali, to_local
from app.money import format_amount
from app.office_record import Office
from app.receipt_seal import LegacyCode, ReceiptClaims, SealError
from app.security import Action
from app.services.common import Actor, acting, parse_iso
from app.services.office_history import office_at, office_codes
from app.services.receipts import PrintRecord, prints_of, receipt_number_by_code
from app.text import for_message, to_ascii_digits, to_persian_digits

GENUINE = "genuine"  # signed by the office key; and, with the books, exactly as recorded
BOOKS_DIFFER = "books_differ"
MISSING = "missing_from_books"
NOT_GENUINE = "not_genuine"
OTHER_OFFICE = "other_office"
LEGACY = "legacy"  # an unsigned receipt from before signing, matching the books
LEGACY_DIFFERS = "legacy_differs"
UNCHECKED = "unchecked"  # an unsigned receipt and no books to check it against
LOOKUP = "lookup"  # a typed receipt number or verification code: the recorded sale, nothing claimed


@dataclass(frozen=True)
class RecordedSale:
    receipt_number: int
    business_day: dt.date
    created_at: dt.datetime
    grand_total: int
    voided: bool
    void_at: dt.datetime | None
    void_approved_by: str
    office: Office
    journal_hash: str
    prints: tuple[PrintRecord, ...] = ()

    @property
    def local_time(self) -> str:
        return to_local(self.created_at).strftime("%H%M")


@dataclass(frozen=True)
class Mismatch:
    name: str  # "office", "business_day", "time", "total", "voided", "code"
    claimed: str
    recorded: str


@dataclass(frozen=True)
class CheckResult:
    verdict: str
    claims: ReceiptClaims | None = None
    legacy: LegacyCode | None = None
    signed_by: str = ""  # the fingerprint of the key that verified it
    recorded: RecordedSale | None = None
    mismatches: tuple[Mismatch, ...] = ()
    print_record: PrintRecord | None = None
    notes: tuple[str, ...] = field(default=())

    @property
    def ok(self) -> bool:
        """Genuine and (where the books were asked) exactly as recorded: the command's exit 0."""
        return self.verdict in (GENUINE, LEGACY)

    @property
    def receipt_number(self) -> int | None:
        source = self.claims or self.legacy or self.recorded
        return source.receipt_number if source else None

    def summary(self) -> str:
        """One line for the user saying what the receipt is."""
        number = self.receipt_number
        code = self.claims.office_code if self.claims else (self.legacy.office_code if self.legacy else "")
        office = self.recorded.office.name if self.recorded else ""
        if _fa():  # codes and names are stored with ASCII digits; Persian text shows Persian ones
            code, office = to_persian_digits(code), to_persian_digits(office)
        texts = {
            GENUINE: _("Genuine: receipt {number} of office {code} {office}", number=number, code=code, office=office),
            BOOKS_DIFFER: _("Genuine receipt {number}, but the books differ from it.", number=number),
            MISSING: _("Receipt {number} is signed by this office but missing from the books: it was removed "
                       "after it was printed.", number=number),
            NOT_GENUINE: _("Not genuine: the signature of receipt {number} does not match; the receipt was altered "
                           "or not made by this office.", number=number),
            OTHER_OFFICE: _("This is a receipt of another office (code {code}); it cannot be checked with this "
                            "office's key.", code=code),
            LEGACY: _("An older receipt without a signature; it matches the books (receipt {number}).", number=number),
            LEGACY_DIFFERS: _("An older receipt without a signature, and it does not match the books (receipt "
                              "{number}).", number=number),
            UNCHECKED: _("An older receipt without a signature: it can only be checked against the office's books "
                         "(--db)."),
            LOOKUP: _("Receipt {number} as recorded in the books.", number=number),
        }
        return texts[self.verdict].strip()

    def lines(self) -> list[str]:
        """Every finding, one per line, for the command line and the screen."""
        out = [self.summary()]
        out += [_("{field}: the receipt says {claimed}, the books say {recorded}.", field=field_label(m.name),
                  claimed=m.claimed, recorded=m.recorded) for m in self.mismatches]
        out += list(self.notes)
        return out


def field_label(name: str) -> str:
    labels = {"office": _("Office code"), "business_day": _("Business day"), "time": _("Time"),
              "total": _("Grand total"), "voided": _("Void"), "code": _("Verification code")}
    return labels.get(name, name)


# --- reading what the receipt says -----------------------------------------------------------------

def read_code(qr_text: str) -> receipt_seal.Sealed | LegacyCode:
    """The receipt code in a scanned or pasted text, or a UserError saying it is not one."""
    cleaned = (qr_text or "").strip()
    if not cleaned:
        raise UserError("Paste or scan the text of the receipt's QR code.")
    legacy = receipt_seal.parse_legacy(cleaned)
    if legacy is not None:
        return legacy
    try:
        return receipt_seal.parse(cleaned)
    except SealError:
        raise UserError("This is not the QR code of a Pishkhan receipt: {value}",
                        value=for_message(cleaned, 60)) from None


# --- the check -------------------------------------------------------------------------------------

def check_receipt(qr_text: str, *, db: Database | None = None, public_key: bytes | None = None) -> CheckResult:
    """Check a receipt's QR text against a public key (given, or the office's recorded keys) and,
    with `db`, against the books. Reading needs no login: it tells only what the receipt's holder
    could already read off it, and how the books differ."""
    code = read_code(qr_text)
    if isinstance(code, LegacyCode):
        return _check_legacy(code, db)
    keys = [public_key] if public_key is not None else _office_keys(db)
    signer = next((k for k in keys if signing.verify(k, code.message, code.signature)), None)
    if db is None:
        verdict = GENUINE if signer else NOT_GENUINE
        return CheckResult(verdict, code.claims, signed_by=signing.fingerprint(signer) if signer else "")
    with db.read() as session:
        recorded = recorded_sale(session, code.claims.receipt_number)
        if signer is None:
            codes = {_code(c) for c in office_codes(session)}
            verdict = NOT_GENUINE if _code(code.claims.office_code) in codes else OTHER_OFFICE
            mismatches = _compare(code.claims, recorded) if recorded and verdict == NOT_GENUINE else ()
            return CheckResult(verdict, code.claims, recorded=recorded, mismatches=mismatches)
        fingerprint = signing.fingerprint(signer)
        if recorded is None:
            return CheckResult(MISSING, code.claims, signed_by=fingerprint)
        mismatches = _compare(code.claims, recorded)
        printed, notes = _print_of(code.claims, recorded)
        return CheckResult(BOOKS_DIFFER if mismatches else GENUINE, code.claims, signed_by=fingerprint,
                           recorded=recorded, mismatches=mismatches, print_record=printed, notes=notes)


def _office_keys(db: Database | None) -> list[bytes]:
    if db is None:
        raise UserError("Say which office's public key to check against (--public-key FILE) or give its "
                        "database (--db).")
    from app.services.signing_keys import public_keys, signing_key

    keys = [k.raw for k in public_keys(db)]
    if not keys:  # an office made before signing, that never printed since: make its key now
        signing_key(db)
        keys = [k.raw for k in public_keys(db)]
    return keys


def _code(code: str) -> str:
    return to_ascii_digits(code).strip().upper()


def recorded_sale(session: Session, number: int) -> RecordedSale | None:
    """What the books hold for a receipt number (None: no such sale)."""
    t = session.execute(text("SELECT id, receipt_number, business_day, created_at, grand_total FROM txn "
                             "WHERE receipt_number = :n"), {"n": number}).mappings().first()
    if t is None:
        return None
    void = session.execute(text(
        "SELECT v.created_at, s.full_name FROM void v JOIN staff s ON s.id = v.approved_by WHERE v.txn_id = :t"),
        {"t": t["id"]}).first()
    found = session.execute(text("SELECT hash FROM journal WHERE entity = 'txn' AND entity_id = :t "
                                 "AND action = 'sale'"), {"t": t["id"]}).scalar()
    digest = bytes(found).hex() if found is not None else ""
    return RecordedSale(int(t["receipt_number"]), dt.date.fromisoformat(t["business_day"]),
                        parse_iso(t["created_at"]), int(t["grand_total"]), void is not None,
                        parse_iso(void[0]) if void else None, str(void[1]) if void else "",
                        office_at(session, t["created_at"]), str(digest), tuple(prints_of(session, number)))


def lookup_sale(db: Database, number: int) -> RecordedSale:
    """The recorded sale for a typed receipt number (the check screen without a QR code)."""
    with db.read() as session:
        found = recorded_sale(session, number)
    if found is None:
        raise UserError("No receipt with number {number}.", number=number)
    return found


def _hhmm(value: str) -> str:
    return f"{value[:2]}:{value[2:]}"


def _compare(claims: ReceiptClaims, sale: RecordedSale) -> tuple[Mismatch, ...]:
    found: list[Mismatch] = []

    def differ(name: str, claimed: Any, recorded: Any) -> None:
        if claimed != recorded:
            found.append(Mismatch(name, str(claimed), str(recorded)))

    differ("office", _code(claims.office_code), _code(sale.office.code))
    differ("business_day", _day(claims.business_day), _day(sale.business_day))
    differ("time", _hhmm(claims.local_time), _hhmm(sale.local_time))
    if claims.grand_total != sale.grand_total:
        found.append(Mismatch("total", format_amount(claims.grand_total, persian=_fa(), with_unit=True),
                              format_amount(sale.grand_total, persian=_fa(), with_unit=True)))
    if claims.voided != sale.voided:
        found.append(Mismatch("voided", _void_text(claims.voided, None, ""),
                              _void_text(sale.voided, sale.void_at, sale.void_approved_by)))
    return tuple(found)


def _fa() -> bool:
    return language() == "fa"


def _day(day: dt.date) -> str:
    """A Jalali day as receipts write it: 1405/09/11."""
    return format_jalali(day, persian=_fa()).replace("-", "/")


def _when(instant: dt.datetime) -> str:
    return format_instant(instant, persian=_fa())


def _void_text(voided: bool, at: dt.datetime | None, by: str) -> str:
    if not voided:
        return _("not void")
    if at is None:
        return _("voided")
    return _("void since {when}, approved by {name}", when=_when(at), name=by)


def _print_of(claims: ReceiptClaims, sale: RecordedSale) -> tuple[PrintRecord | None, tuple[str, ...]]:
    """The print log's line for this very print, and what to say about it."""
    kind = "copy" if claims.copy_no else "original"
    record = next((p for p in sale.prints if p.kind == kind and p.copy_no == claims.copy_no), None)
    if record is not None:
        if claims.copy_no:
            return record, (_("This is copy {number} (المثنی), reprinted {when} by {name}.", number=claims.copy_no,
                                when=_when(record.requested_at), name=record.requested_by),)
        return record, (_("This is the original, printed {when}.", when=_when(record.delivered_at)),)
    if claims.copy_no:
        return None, (_("This is copy {number} (المثنی); the print log has no record of its delivery.",
                        number=claims.copy_no),)
    return None, (_("This is the original."),)


def _check_legacy(code: LegacyCode, db: Database | None) -> CheckResult:
    if db is None:
        return CheckResult(UNCHECKED, legacy=code)
    with db.read() as session:
        recorded = recorded_sale(session, code.receipt_number)
    if recorded is None:
        return CheckResult(MISSING, legacy=code)
    found = []
    if not recorded.journal_hash.startswith(code.hash_prefix):
        found.append(Mismatch("code", code.hash_prefix, recorded.journal_hash[:12]))
    if code.grand_total != recorded.grand_total:
        found.append(Mismatch("total", format_amount(code.grand_total, persian=_fa(), with_unit=True),
                              format_amount(recorded.grand_total, persian=_fa(), with_unit=True)))
    local = format_instant(recorded.created_at, persian=False).replace(" ", "T")
    if code.local != local:
        found.append(Mismatch("time", code.local.replace("T", " "), local.replace("T", " ")))
    return CheckResult(LEGACY_DIFFERS if found else LEGACY, legacy=code, recorded=recorded, mismatches=tuple(found))


def inspect_receipt(db: Database, actor: Actor, entry: str) -> CheckResult:
    """What the check screen shows for what was pasted, scanned or typed (owner and managers): a QR
    text is checked against the office's keys and books; a receipt number or a printed verification
    code finds the recorded sale and its prints."""
    with db.read() as session:
        acting(session, actor, Action.VIEW_REPORTS)
    cleaned = to_ascii_digits((entry or "").strip())
    if cleaned.isascii() and cleaned.isdigit() and len(cleaned) <= 12:
        return CheckResult(LOOKUP, recorded=lookup_sale(db, int(cleaned)))
    if receipt_seal.normalise_code(cleaned) and ":" not in cleaned and ";" not in cleaned:
        number = receipt_number_by_code(db, cleaned)
        if number is None:
            raise UserError("No printed receipt has the verification code {value}.", value=for_message(entry, 30))
        sale = lookup_sale(db, number)
        record = next((p for p in sale.prints if p.code == receipt_seal.normalise_code(cleaned)), None)
        return CheckResult(LOOKUP, recorded=sale, print_record=record)
    return check_receipt(entry, db=db)
