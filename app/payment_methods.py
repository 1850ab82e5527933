"""Payment method codes and labels: defined once in app/ledger/vocab.py (PaymentMethod)."""
from app.ledger.vocab import METHODS, method_label

__all__ = ["METHODS", "method_label"]
