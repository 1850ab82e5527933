"""What only the office server has: append-only by privileges as well as triggers, the chain extended
by a SECURITY DEFINER function with the key desks cannot read, the receipt series behind a function.

Roles: `pishkhan_desk` (NOLOGIN), of which every desk's login role is a member: SELECT on
everything it needs, INSERT on the ledger's tables, no UPDATE or DELETE on them, no TRUNCATE, no
access at all to `ledger_secret`; the journal only through `pishkhan_append`. The owner — the role
that ran `pishkhan server init` — owns the tables and functions.

Who this stops: a desk's PC (its credentials, a clerk with psql, malware on it) cannot rewrite or
delete a recorded sale, change the journal, read the key or forge an entry; all it can do is append,
in order, what the chain then shows. It does not stop the server's owner role (nor a PostgreSQL
superuser): the owner's password and the server PC are the office's to guard, with its backups.
"""
from __future__ import annotations

from typing import Any

DESK_ROLE = "pishkhan_desk"

# Tables a desk may only read and append to.
APPEND_ONLY_DESK = ("shift_close_note", "txn", "txn_search", "txn_line", "payment", "void", "day_close",
                    "day_summary", "cash_movement", "tariff",
                    "receipt_print", "receipt_print_origin", "office_version", "office_signing_key")
# Tables a desk may change (each change chained as a state entry, or not money at all).
CHANGEABLE_DESK = ("office", "setting", "agency", "service", "staff", "citizen", "pin_throttle", "shift")
READ_ONLY_DESK = ("journal", "chain_head", "desk_secret", "receipt_counter", "alembic_version")

# The same bytes as app/ledger/chain.py `message`, hashed with the key only this function can read.
APPEND = r"""
CREATE OR REPLACE FUNCTION pishkhan_append(p_at text, p_staff bigint, p_action text, p_entity text,
        p_entity_id bigint, p_payload text, p_digest bytea, p_fields bytea)
    RETURNS TABLE (entry_id bigint, entry_hash bytea)
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $fn$
DECLARE
    k bytea;
    prev bytea;
    msg bytea;
    h bytea;
    new_id bigint;
BEGIN
    SELECT s.key INTO k FROM ledger_secret s WHERE s.id = 1;
    IF k IS NULL THEN
        RAISE EXCEPTION 'the office has no chain key yet';
    END IF;
    SELECT c.hash INTO prev FROM chain_head c WHERE c.id = 1 FOR UPDATE;  -- one append at a time
    msg := prev || '\x02'::bytea
        || convert_to(concat_ws(chr(31), p_at, coalesce(p_staff::text, ''), p_action, p_entity,
                                coalesce(p_entity_id::text, '')), 'UTF8')
        || '\x1d'::bytea
        || CASE WHEN p_payload IS NULL THEN 'R'::bytea || coalesce(p_digest, ''::bytea) || coalesce(p_fields, ''::bytea)
                ELSE 'P'::bytea || convert_to(p_payload, 'UTF8') END;
    h := hmac(msg, k, 'sha256');
    INSERT INTO journal (at, staff_id, action, entity, entity_id, payload, digest, fields, hash)
        VALUES (p_at, p_staff, p_action, p_entity, p_entity_id, p_payload, p_digest, p_fields, h)
        RETURNING journal.id INTO new_id;
    UPDATE chain_head SET entry_id = new_id, hash = h WHERE id = 1;
    RETURN QUERY SELECT new_id, h;
END
$fn$;
"""

NEXT_RECEIPT = """
CREATE OR REPLACE FUNCTION pishkhan_next_receipt() RETURNS bigint
    LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $fn$
    UPDATE receipt_counter SET last_number = last_number + 1 WHERE id = 1 RETURNING last_number;
$fn$;
"""

# Locks the series for the caller's transaction without taking a number (a day close waits for sales).
HOLD_RECEIPTS = """
CREATE OR REPLACE FUNCTION pishkhan_hold_receipts() RETURNS bigint
    LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $fn$
    SELECT last_number FROM receipt_counter WHERE id = 1 FOR UPDATE;
$fn$;
"""

APPEND_ONLY_TRIGGER = """
CREATE OR REPLACE FUNCTION pishkhan_append_only() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
    RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END
$fn$;
"""

SHIFT_TRIGGER = """
CREATE OR REPLACE FUNCTION pishkhan_closed_shift() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'shift is append-only';
    END IF;
    IF OLD.closed_at IS NOT NULL THEN
        RAISE EXCEPTION 'a closed shift is append-only';
    END IF;
    RETURN NEW;
END
$fn$;
"""


def _sql(bind: Any, statement: str) -> None:
    """DDL straight to psycopg (no parameters: a '%' in a function body is not a placeholder)."""
    bind.connection.driver_connection.execute(statement)


def create(bind: Any) -> None:
    """The whole server schema at revision 0007 (the baseline on PostgreSQL)."""
    from app.ledger.tables import ADDED_AFTER_BASELINE, APPEND_ONLY, metadata, server_metadata

    _sql(bind, "CREATE EXTENSION IF NOT EXISTS pgcrypto")
    metadata.create_all(bind, tables=[t for t in metadata.sorted_tables if t.name not in ADDED_AFTER_BASELINE])
    server_metadata.create_all(bind)
    _sql(bind, "INSERT INTO chain_head (id, entry_id, hash) VALUES (1, 0, decode(repeat('00', 32), 'hex'))")
    _sql(bind, "INSERT INTO receipt_counter (id, last_number) VALUES (1, 0)")
    for ddl in (APPEND, NEXT_RECEIPT, HOLD_RECEIPTS, APPEND_ONLY_TRIGGER, SHIFT_TRIGGER):
        _sql(bind, ddl)
    for table in APPEND_ONLY:
        if table not in ADDED_AFTER_BASELINE:
            append_only(bind, table)
    _sql(bind, "CREATE TRIGGER shift_closed BEFORE UPDATE OR DELETE ON shift "
                         "FOR EACH ROW EXECUTE FUNCTION pishkhan_closed_shift()")
    grant_desks(bind)


def append_only(bind: Any, table: str) -> None:
    """Triggers refusing UPDATE, DELETE and TRUNCATE of a table (besides the desks' privileges)."""
    _sql(bind, f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
               "FOR EACH ROW EXECUTE FUNCTION pishkhan_append_only()")
    _sql(bind, f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
               "FOR EACH STATEMENT EXECUTE FUNCTION pishkhan_append_only()")


def grant_desks(bind: Any) -> None:
    """The desk role's rights: read, append, change only what is not money; the journal by function."""
    _sql(bind, f"DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{DESK_ROLE}') "
                         f"THEN CREATE ROLE {DESK_ROLE} NOLOGIN; END IF; END $$")
    _sql(bind, f"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {DESK_ROLE}, PUBLIC")
    _sql(bind, "REVOKE ALL ON ALL FUNCTIONS IN SCHEMA public FROM PUBLIC")
    existing = {r[0] for r in bind.connection.driver_connection.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()")}
    for rights, names in (("SELECT, INSERT", APPEND_ONLY_DESK), ("SELECT, INSERT, UPDATE", CHANGEABLE_DESK),
                          ("SELECT", READ_ONLY_DESK)):
        _sql(bind, f"GRANT {rights} ON {', '.join(n for n in names if n in existing)} TO {DESK_ROLE}")
    _sql(bind, f"GRANT DELETE ON pin_throttle TO {DESK_ROLE}")
    _sql(bind, f"GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO {DESK_ROLE}")
    _sql(bind, f"GRANT EXECUTE ON FUNCTION pishkhan_append(text, bigint, text, text, bigint, text, "
                         f"bytea, bytea), pishkhan_next_receipt(), pishkhan_hold_receipts() TO {DESK_ROLE}")
