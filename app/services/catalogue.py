"""Agencies, services and their effective-dated tariffs."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.orm import Session

from app.db import Database
from app.errors import UserError
from app.text import for_message, normalise, search_key


@dataclass(frozen=True)
class TariffView:
    tariff_id: int
    effective_from: dt.date
    agency_fee: int
    office_fee: int
    vat_bp: int
    vat_included: bool
    variable_agency_fee: bool
    agency_fee_min: int
    agency_fee_max: int


@dataclass(frozen=True)
class ServiceView:
    id: int
    code: str
    name: str
    agency_code: str
    agency_name: str
    favourite_key: int | None
    tariff: TariffView


_SERVICE_SQL = """
SELECT s.id, s.code, s.name, a.code, a.name, s.favourite_key,
       t.id, t.effective_from, t.agency_fee, t.office_fee, t.vat_bp, t.vat_included,
       t.variable_agency_fee, t.agency_fee_min, t.agency_fee_max
FROM service s JOIN agency a ON a.id = s.agency_id
JOIN tariff t ON t.id = (SELECT id FROM tariff WHERE service_id = s.id AND effective_from <= :day
                         ORDER BY effective_from DESC LIMIT 1)
WHERE s.active = 1 AND (s.discontinued_from IS NULL OR s.discontinued_from > :day) {extra}
"""


def _service_view(row: tuple) -> ServiceView:  # type: ignore[type-arg]
    tariff = TariffView(row[6], dt.date.fromisoformat(row[7]), row[8], row[9], row[10], bool(row[11]),
                        bool(row[12]), row[13], row[14])
    return ServiceView(row[0], row[1], row[2], row[3], row[4], row[5], tariff)


def service_for_sale(session: Session, code: str, day: dt.date) -> ServiceView:
    """The active service with this code and the tariff in force on `day`."""
    row = session.execute(text(_SERVICE_SQL.format(extra="AND s.code = :code")),
                          {"day": day.isoformat(), "code": normalise(code)}).first()  # stored normalised
    if row is None:
        raise UserError("Unknown service code: {code}", code=for_message(code))
    return _service_view(tuple(row))


def list_services(db: Database, day: dt.date, query: str = "") -> list[ServiceView]:
    """Active services with today's tariff, matched by code, name in any spelling, or agency."""
    key = search_key(query)
    with db.read() as session:
        rows = session.execute(text(_SERVICE_SQL.format(extra="") + " ORDER BY s.code"),
                               {"day": day.isoformat()}).all()
    services = [_service_view(tuple(r)) for r in rows]
    if not key:
        return services
    return [s for s in services if key in search_key(s.name) or s.code.lower().startswith(key)
            or key in search_key(s.agency_name)]
