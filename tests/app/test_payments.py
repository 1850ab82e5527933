"""How a visit's payments settle its total: change is always cash, a card never pays more than
remains, one payment at most takes "the rest", and nothing short or empty is accepted."""
from __future__ import annotations

import pytest

from app.errors import UserError
from app.services.sales import PaymentRequest as Pay
from app.services.sales import settle

TOTAL = 385_000


def paid(rows: list[dict[str, object]]) -> dict[str, tuple[object, object]]:
    return {str(r["method"]): (r["amount"], r["tendered"]) for r in rows}


def test_cash_handed_over_above_the_total_gives_change() -> None:
    rows, change = settle(TOTAL, (Pay("cash", 500_000),))
    assert paid(rows) == {"cash": (TOTAL, 500_000)} and change == 115_000


def test_some_cash_and_the_rest_by_card() -> None:
    rows, change = settle(TOTAL, (Pay("cash", 100_000), Pay("card", reference="123456789012")))
    assert paid(rows) == {"cash": (100_000, 100_000), "card": (285_000, 0)} and change == 0


def test_a_stated_card_amount_and_cash_for_the_rest_with_change() -> None:
    rows, change = settle(TOTAL, (Pay("card", 100_000), Pay("cash", 300_000)))
    assert paid(rows) == {"card": (100_000, 0), "cash": (285_000, 300_000)} and change == 15_000


def test_the_order_typed_does_not_matter() -> None:
    a = settle(TOTAL, (Pay("transfer"), Pay("cash", 50_000)))
    b = settle(TOTAL, (Pay("cash", 50_000), Pay("transfer")))
    assert paid(a[0]) == paid(b[0]) == {"cash": (50_000, 50_000), "transfer": (335_000, 0)}


@pytest.mark.parametrize("payments", [
    (Pay("card"), Pay("cash")),                      # two open payments: which one takes the rest?
    (Pay("card", 400_000),),                          # a card above the total
    (Pay("cash", 500_000), Pay("card")),              # cash already covers it: the card would pay nothing
    (Pay("cash", 300_000),),                          # short
    (Pay("card", 0), Pay("cash")),                    # an empty payment
    (),                                               # no payment at all
    (Pay("cheque"),),                                 # unknown method
], ids=["two-open", "card-over", "card-nothing", "short", "zero", "none", "unknown"])
def test_refused(payments: tuple[Pay, ...]) -> None:
    with pytest.raises(UserError):
        settle(TOTAL, payments)


def test_a_free_visit_settles_with_nothing_paid() -> None:
    rows, change = settle(0, (Pay("cash"),))
    assert paid(rows) == {"cash": (0, 0)} and change == 0
