"""Agencies, services and their effective-dated tariffs."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.orm import Session

from app.db import Database
from app.errors import UserError
from app.journal import session_tx
from app.security import Action
from app.services.common import Actor, acting
from app.services.pricing import SERVICE_SQL, ServiceView, TariffView, service_for_sale_tx, service_view

__all__ = ["ServiceView", "TariffView", "catalogue_overview", "list_services", "matches", "service_for_sale",
           "tariff_history"]
from app.text import for_message, normalise, search_key


def service_for_sale(session: Session, code: str, day: dt.date) -> ServiceView:
    """The active service with this code and the tariff in force on `day`."""
    return service_for_sale_tx(session_tx(session), code, day)


def list_services(db: Database, day: dt.date, query: str = "") -> list[ServiceView]:
    """Active services with today's tariff, matched by code, name in any spelling, or agency."""
    key = search_key(query)
    with db.read() as session:
        rows = session.execute(text(SERVICE_SQL.format(extra="") + " ORDER BY s.code"),
                               {"day": day.isoformat()}).all()
    services = [service_view(tuple(r)) for r in rows]
    if not key:
        return services
    return [s for s in services if matches(key, s.code, s.name, s.agency_name)]


def matches(key: str, code: str, name: str, agency_name: str) -> bool:
    """Whether a service answers a search: `key` (a `search_key`) starts its code, or is in its name or its
    agency's name, in any spelling."""
    return key in search_key(name) or code.lower().startswith(key) or key in search_key(agency_name)


# --- the owner's view of the whole catalogue -------------------------------------------------------

OFFERED, STARTING, LEAVING, GONE = "offered", "starting", "leaving", "gone"


@dataclass(frozen=True)
class CatalogueEntry:
    """A service as the owner sees it on `day`, sellable or not.

    `state`: OFFERED (sold today), STARTING (its first tariff starts on `since`), LEAVING (sold today, no
    longer from `until`), GONE (deactivated, discontinued, or without any tariff)."""

    id: int
    code: str
    name: str
    agency_code: str
    agency_name: str
    tariff: TariffView | None  # the one in force on the day, whatever the state
    state: str
    since: dt.date | None = None
    until: dt.date | None = None


_OVERVIEW_SQL = """
SELECT s.id, s.code, s.name, a.code, a.name, s.active, s.discontinued_from,
       (SELECT MIN(effective_from) FROM tariff WHERE service_id = s.id AND effective_from > :day),
       t.id, t.effective_from, t.agency_fee, t.office_fee, t.vat_bp, t.vat_included,
       t.variable_agency_fee, t.agency_fee_min, t.agency_fee_max
FROM service s JOIN agency a ON a.id = s.agency_id
LEFT JOIN tariff t ON t.id = (SELECT id FROM tariff WHERE service_id = s.id AND effective_from <= :day
                              ORDER BY effective_from DESC LIMIT 1)
ORDER BY s.code
"""

_TARIFF_COLUMNS = ("id, effective_from, agency_fee, office_fee, vat_bp, vat_included, variable_agency_fee, "
                   "agency_fee_min, agency_fee_max")


def _tariff_view(row: tuple) -> TariffView:  # type: ignore[type-arg]
    return TariffView(row[0], dt.date.fromisoformat(row[1]), row[2], row[3], row[4], bool(row[5]), bool(row[6]),
                      row[7], row[8])


def _entry(row: tuple, day: dt.date) -> CatalogueEntry:  # type: ignore[type-arg]
    tariff = _tariff_view(row[8:]) if row[8] is not None else None
    until = dt.date.fromisoformat(row[6]) if row[6] else None
    upcoming = dt.date.fromisoformat(row[7]) if row[7] else None
    since = None
    if not row[5] or (until is not None and until <= day):
        state = GONE
    elif tariff is None:
        state, since = (STARTING, upcoming) if upcoming is not None and (until is None or upcoming < until) \
            else (GONE, None)
    else:
        state = LEAVING if until is not None else OFFERED
    return CatalogueEntry(row[0], row[1], row[2], row[3], row[4], tariff, state, since,
                          until if state in (STARTING, LEAVING) else None)


def catalogue_overview(db: Database, actor: Actor, day: dt.date) -> list[CatalogueEntry]:
    """Every service, offered or not, with its agency, the tariff in force on `day` and its state."""
    with db.read() as session:
        acting(session, actor, Action.VIEW_REPORTS)
        rows = session.execute(text(_OVERVIEW_SQL), {"day": day.isoformat()}).all()
    return [_entry(tuple(r), day) for r in rows]


def tariff_history(db: Database, actor: Actor, service_code: str) -> list[TariffView]:
    """Every tariff row of a service, newest first (tariffs are never changed, only added)."""
    with db.read() as session:
        acting(session, actor, Action.VIEW_REPORTS)
        service_id = session.execute(text("SELECT id FROM service WHERE code = :c"),
                                     {"c": normalise(service_code)}).scalar()
        if service_id is None:
            raise UserError("Unknown service code: {code}", code=for_message(service_code))
        rows = session.execute(text(f"SELECT {_TARIFF_COLUMNS} FROM tariff WHERE service_id = :s "
                                    "ORDER BY effective_from DESC, id DESC"), {"s": service_id}).all()
    return [_tariff_view(tuple(r)) for r in rows]
