"""The tariff table as a file: export, and an all-or-nothing import with a preview of what changes.

Format (UTF-8 CSV, also read from XLSX): code,agency,service,agency_fee,office_fee,vat_rate,
vat_included,variable_agency_fee,effective_from — fees in Rials, vat_rate in percent,
effective_from a Jalali YYYY-MM-DD. Tariffs are append-only: a change is a new dated row.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from app.db import Database
from app.errors import UserError
from app.i18n import _, language
from app.jalali import format_jalali, parse_jalali
from app.journal import session_tx
from app.ledger import canonical
from app.ledger.records import Tariff
from app.money import MAX_AMOUNT, format_rate, parse_amount, parse_rate
from app.security import Action
from app.services.common import Actor, acting, iso, journal, now, sync_states
from app.text import normalise, search_key, to_persian_digits

HEADER = ["code", "agency", "service", "agency_fee", "office_fee", "vat_rate", "vat_included",
          "variable_agency_fee", "effective_from"]
_TRUE = {"1", "true", "yes", "بله", "y"}
_FALSE = {"0", "false", "no", "خیر", "n", ""}


@dataclass
class TariffRow:
    line: int
    code: str
    agency: str
    service: str
    agency_fee: int
    office_fee: int
    vat_bp: int
    vat_included: bool
    variable_agency_fee: bool
    effective_from: dt.date


@dataclass
class TariffPreview:
    """What an import would change; `errors` lists every bad row, and then nothing is applied."""

    rows: list[TariffRow] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    new_services: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    discontinued: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def export_tariffs(db: Database, actor: Actor, path: Path) -> int:
    """The newest tariff of every offered service, in the import format, so that the file can be
    edited into next year's table and imported back. Returns the number of rows."""
    with db.read() as session:
        acting(session, actor, Action.VIEW_REPORTS)
        rows = session.execute(text(
            "SELECT s.code, a.name, s.name, t.agency_fee, t.office_fee, t.vat_bp, t.vat_included, "
            "t.variable_agency_fee, t.effective_from FROM tariff t JOIN service s ON s.id = t.service_id "
            "JOIN agency a ON a.id = s.agency_id WHERE s.active = TRUE AND s.discontinued_from IS NULL "
            "AND t.effective_from = "
            "(SELECT MAX(effective_from) FROM tariff WHERE service_id = s.id) ORDER BY s.code")).all()
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(HEADER)
        for r in rows:
            writer.writerow([r[0], r[1], r[2], r[3], r[4], format_rate(r[5]), int(r[6]), int(r[7]),
                             format_jalali(dt.date.fromisoformat(r[8]))])
    return len(rows)


def read_table(path: Path) -> list[list[str]]:
    """Rows of a CSV or XLSX file as text cells."""
    if path.suffix.lower() == ".xlsx":
        from openpyxl import load_workbook

        try:
            sheet = load_workbook(path, read_only=True, data_only=True).active
        except Exception as exc:
            raise UserError("Cannot read the file {path}.", path=str(path)) from exc
        assert sheet is not None
        return [[_cell(c) for c in row] for row in sheet.iter_rows(values_only=True)]
    try:
        content = path.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise UserError("Cannot read the file {path}.", path=str(path)) from exc
    return list(csv.reader(io.StringIO(content)))


def _cell(value: object) -> str:
    """A spreadsheet cell as text; Excel keeps numbers as floats (350000.0 is the amount 350000)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _flag(value: str) -> bool:
    v = normalise(value).lower()
    if v in _TRUE:
        return True
    if v in _FALSE:
        return False
    raise UserError("Expected yes or no (1 or 0), not {value}", value=value)


def parse_row(line: int, cells: list[str]) -> TariffRow:
    if len(cells) != len(HEADER):
        raise UserError("Expected {n} columns, found {m}.", n=len(HEADER), m=len(cells))
    c = dict(zip(HEADER, (normalise(x) for x in cells), strict=True))
    if not c["code"]:
        raise UserError("The service code is empty.")
    if not c["service"]:
        raise UserError("The service name is empty.")
    return TariffRow(line, c["code"], c["agency"], c["service"],
                     parse_amount(c["agency_fee"]), parse_amount(c["office_fee"]), parse_rate(c["vat_rate"]),
                     _flag(c["vat_included"]), _flag(c["variable_agency_fee"]),
                     parse_jalali(c["effective_from"]))


def preview_import(db: Database, path: Path) -> TariffPreview:
    """Validate every row and compare with the tariffs in force; nothing is written."""
    table = read_table(path)
    preview = TariffPreview()
    if not table or [normalise(h).lower() for h in table[0]] != HEADER:
        preview.errors.append(_("The first row must be the header: {header}", header=",".join(HEADER)))
        return preview
    seen: set[str] = set()
    with db.read() as session:
        agencies = _agencies(session)
        for number, cells in enumerate(table[1:], start=2):
            if not any(x.strip() for x in cells):
                continue
            try:
                row = parse_row(number, cells)
                if row.code in seen:
                    raise UserError("Service code {code} is in the file twice: keep one row per service.",
                                    code=row.code)
                if search_key(row.agency) not in agencies:
                    raise UserError("Unknown agency: {name}. Write the agency's name or code as the catalogue "
                                    "has it.", name=row.agency)
                _same_day_conflict(session, row)
                seen.add(row.code)
                preview.rows.append(row)
            except UserError as err:
                preview.errors.append(for_reader(_("Row {line}: {error}", line=number, error=err.message())))
        if not preview.rows and not preview.errors:
            preview.errors.append(_("The file has no tariff rows."))
        _compare(session, preview)
    return preview


def shown_day(day: dt.date) -> str:
    """A date in a message: Jalali, with slashes, in Persian digits for a Persian reader."""
    return for_reader(format_jalali(day).replace("-", "/"))


def for_reader(text: str) -> str:
    return to_persian_digits(text) if language() == "fa" else text


def _same_day_conflict(session: Session, row: TariffRow) -> None:
    """What applying would refuse (add_tariff): another tariff of this service starting the same day.
    Checked here so that the preview says it, with what to change, before anything is applied."""
    same = session.execute(text(
        "SELECT t.agency_fee, t.office_fee, t.vat_bp, t.vat_included, t.variable_agency_fee FROM tariff t "
        "JOIN service s ON s.id = t.service_id WHERE s.code = :c AND t.effective_from = :d"),
        {"c": row.code, "d": row.effective_from.isoformat()}).first()
    if same is not None and (same[0], same[1], same[2], bool(same[3]), bool(same[4])) != (
            row.agency_fee, row.office_fee, row.vat_bp, row.vat_included, row.variable_agency_fee):
        raise UserError("Service {code} already has a different tariff from {day}. Choose another start date "
                        "for the table, or make this row the same as that tariff.",
                        code=row.code, day=shown_day(row.effective_from))


def _agencies(session: Session) -> dict[str, int]:
    rows = session.execute(text("SELECT id, code, name FROM agency")).all()
    out = {search_key(r[2]): r[0] for r in rows}
    out.update({search_key(r[1]): r[0] for r in rows})
    return out


def _current(session: Session, code: str, day: dt.date) -> Any:
    return session.execute(text(
        "SELECT s.id, t.agency_fee, t.office_fee, t.vat_bp, t.vat_included, t.variable_agency_fee, s.name "
        "FROM service s LEFT JOIN tariff t ON t.id = (SELECT id FROM tariff WHERE service_id = s.id "
        "AND effective_from <= :d ORDER BY effective_from DESC LIMIT 1) WHERE s.code = :c"),
        {"c": code, "d": day.isoformat()}).first()


def _compare(session: Session, preview: TariffPreview) -> None:
    codes = {r.code for r in preview.rows}
    for row in preview.rows:
        cur = _current(session, row.code, row.effective_from)
        label = f"{row.code} {row.service}"
        if cur is None:
            preview.new_services.append(label)
        elif cur[1] is None or (cur[1], cur[2], cur[3], bool(cur[4]), bool(cur[5])) != (
                row.agency_fee, row.office_fee, row.vat_bp, row.vat_included, row.variable_agency_fee) \
                or cur[6] != row.service:
            preview.changed.append(label)
        else:
            preview.unchanged.append(label)
    for code, name in session.execute(text("SELECT code, name FROM service WHERE active = TRUE "
                                           "AND discontinued_from IS NULL")).all():
        if code not in codes:
            preview.discontinued.append(f"{code} {name}")


def import_tariffs(db: Database, actor: Actor, path: Path, *, at: dt.datetime | None = None) -> TariffPreview:
    """Apply a tariff table: all rows or none. Services missing from the file stop being offered from
    the day the table takes effect (its earliest date), not before; nothing already recorded changes
    (sales keep the tariff they were priced with)."""
    preview = preview_import(db, path)
    if not preview.ok:
        raise UserError("The tariff file has errors; nothing was applied:\n{errors}",
                        errors="\n".join(preview.errors))
    instant = now(at)
    with db.write() as session:
        staff = acting(session, actor, Action.CHANGE_TARIFFS)
        agencies = _agencies(session)
        for row in preview.rows:
            _apply_row(session, row, agencies[search_key(row.agency)], instant, staff.id)
        codes = [r.code for r in preview.rows]
        placeholders = ",".join(f":c{i}" for i in range(len(codes)))
        takes_effect = min(r.effective_from for r in preview.rows).isoformat()
        session.execute(text(f"UPDATE service SET discontinued_from = :d WHERE code NOT IN ({placeholders}) "
                             "AND (discontinued_from IS NULL OR discontinued_from > :d)"),
                        {"d": takes_effect, **{f"c{i}": c for i, c in enumerate(codes)}})
        journal(session).append(session, at=iso(instant), staff_id=staff.id, action="tariffs_imported",
                                entity="tariff", payload={"file": path.name, "new": len(preview.new_services),
                                                          "changed": len(preview.changed),
                                                          "discontinued": preview.discontinued})
        for entity in ("agency", "service"):
            sync_states(session_tx(session), entity, at=iso(instant), staff_id=staff.id)
    return preview


def _apply_row(session: Session, row: TariffRow, agency_id: int, instant: dt.datetime, staff_id: int) -> None:
    service_id = session.execute(text("SELECT id FROM service WHERE code = :c"), {"c": row.code}).scalar()
    if service_id is None:
        service_id = session.execute(text(
            "INSERT INTO service (code, agency_id, name, search_key, active) VALUES (:c, :a, :n, :k, TRUE) "
            "RETURNING id"), {"c": row.code, "a": agency_id, "n": row.service, "k": search_key(row.service)}
        ).scalar_one()
    else:
        session.execute(text("UPDATE service SET name = :n, search_key = :k, agency_id = :a, active = TRUE, "
                             "discontinued_from = NULL WHERE id = :id"),
                        {"n": row.service, "k": search_key(row.service), "a": agency_id, "id": service_id})
        cur = _current(session, row.code, row.effective_from)
        if cur[1] is not None and (cur[1], cur[2], cur[3], bool(cur[4]), bool(cur[5])) == (
                row.agency_fee, row.office_fee, row.vat_bp, row.vat_included, row.variable_agency_fee):
            return  # the same tariff is already in force: no new dated row
    add_tariff(session, staff_id, instant, {
        "service_id": service_id, "effective_from": row.effective_from.isoformat(),
        "agency_fee": row.agency_fee, "office_fee": row.office_fee, "vat_bp": row.vat_bp,
        "vat_included": int(row.vat_included), "variable_agency_fee": int(row.variable_agency_fee),
        "agency_fee_min": 0, "agency_fee_max": MAX_AMOUNT if row.variable_agency_fee else row.agency_fee})


def add_tariff(session: Session, staff_id: int | None, instant: dt.datetime, row: dict[str, Any]) -> None:
    """Add a dated tariff row unless the same one is already in force from that date."""
    for name in ("agency_fee", "office_fee", "vat_bp", "agency_fee_min", "agency_fee_max"):
        if type(row[name]) is not int:  # noqa: E721 - bool and float are both wrong here
            raise TypeError(f"tariff {name} must be int Rials")
    same = session.execute(text(
        "SELECT agency_fee, office_fee, vat_bp, vat_included, variable_agency_fee FROM tariff "
        "WHERE service_id = :service_id AND effective_from = :effective_from"), row).first()
    if same is not None:
        if tuple(same) == (row["agency_fee"], row["office_fee"], row["vat_bp"], row["vat_included"],
                           row["variable_agency_fee"]):
            return
        raise UserError("A different tariff for this service already starts on {day}.",
                        day=shown_day(dt.date.fromisoformat(row["effective_from"])))
    tariff_id = session.execute(text(
        "INSERT INTO tariff (service_id, effective_from, agency_fee, office_fee, vat_bp, vat_included, "
        "variable_agency_fee, agency_fee_min, agency_fee_max, created_at) VALUES (:service_id, :effective_from, "
        ":agency_fee, :office_fee, :vat_bp, :vat_included, :variable_agency_fee, :agency_fee_min, "
        ":agency_fee_max, :created_at) RETURNING id"), {**row, "created_at": iso(instant), "vat_included": bool(
            row["vat_included"]), "variable_agency_fee": bool(row["variable_agency_fee"])}).scalar_one()
    journal(session).append(session, at=iso(instant), staff_id=staff_id, action="tariff_added",
                            entity="tariff", entity_id=tariff_id,
                            sealed=canonical.single(_tariff_record(row)))


def _tariff_record(row: dict[str, Any]) -> Tariff:
    values: dict[str, Any] = {n: int(row[n]) if isinstance(row[n], bool) else row[n] for n in Tariff.names()}
    return Tariff(**values)
