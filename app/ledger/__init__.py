"""The ledger's one vocabulary: its tables, enums, typed records, canonical forms, journal chain
and the witness of the chain's end. Nothing here imports Qt; the hot path imports no SQLAlchemy."""
