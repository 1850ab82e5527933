"""Amounts typed at the counter, the VAT rule, and how amounts are shown."""
from __future__ import annotations

import datetime as dt
import unicodedata
from fractions import Fraction

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from app.errors import UserError
from app.money import MAX_AMOUNT, format_amount, format_rate, parse_amount, parse_rate, vat_split
from app.services.catalogue import ServiceView, TariffView
from app.services.sales import LineRequest, price_line
from app.text import ARABIC_DIGITS, PERSIAN_DIGITS

amounts = st.integers(min_value=0, max_value=MAX_AMOUNT)
rates = st.integers(min_value=0, max_value=10000)  # basis points


def script(text: str, digits: str) -> str:
    return text.translate(str.maketrans("0123456789", digits))


def grouped(value: int, sep: str) -> str:
    return f"{value:,}".replace(",", sep)


# --- parsing ---------------------------------------------------------------------------------------

@pytest.mark.parametrize(("typed", "rials"), [
    ("350000", 350_000),
    ("350,000", 350_000),
    ("1,234,567", 1_234_567),
    ("۳۵۰۰۰۰", 350_000),
    ("۳۵۰٬۰۰۰", 350_000),
    ("۱٬۲۳۴٬۵۶۷", 1_234_567),
    ("٣٥٠٠٠٠", 350_000),
    ("٣٥٠٬٠٠٠", 350_000),
    ("١،٢٣٤،٥٦٧", 1_234_567),  # Arabic comma as the separator
    ("۱,۲۳۴", 1_234),  # Persian digits, ASCII comma
    ("  ۴۵۰۰۰ ", 45_000),
    ("0", 0),
    ("007", 7),
    (str(MAX_AMOUNT), MAX_AMOUNT),
])
def test_amounts_in_every_digit_script_are_accepted(typed: str, rials: int) -> None:
    assert parse_amount(typed) == rials


@given(amounts, st.sampled_from(["0123456789", PERSIAN_DIGITS, ARABIC_DIGITS]),
       st.sampled_from(["", ",", "٬", "،"]))
@example(MAX_AMOUNT, PERSIAN_DIGITS, "٬")
def test_any_amount_written_any_way_reads_back(value: int, digits: str, sep: str) -> None:
    typed = script(grouped(value, sep) if sep else str(value), digits)
    assert parse_amount(typed) == value


@given(amounts)
def test_what_the_app_shows_parses_back(value: int) -> None:
    assert parse_amount(format_amount(value)) == value
    assert parse_amount(format_amount(value, persian=False)) == value


@pytest.mark.parametrize("typed", [
    "1e3", "1E3", "1_000", "12.5", "۱۲٫۵", "١٢.٥", "NaN", "nan", "inf", "Infinity", "0x10", "+5", "5-",
    "", "   ", ",", "1,00", "1,0000", "12,34,567", "1,,000", ",100", "100,", "12 345abc", "۱۲۳ریال",
    "१२३",  # Devanagari digits are not among the digits the counter types
    "٣٥٠.٠٠٠", "3.500.000", "½", "one",
])
def test_anything_else_is_refused_with_a_message(typed: str) -> None:
    with pytest.raises(UserError) as err:
        parse_amount(typed)
    message = err.value.message()
    assert message.strip() and "\n" not in message


@pytest.mark.parametrize("typed", ["-1", "-0", "-۵۰۰۰", "-١٠", " -350,000"])
def test_negative_amounts_are_refused(typed: str) -> None:
    with pytest.raises(UserError, match="negative"):
        parse_amount(typed)


@pytest.mark.parametrize("value", [MAX_AMOUNT + 1, 10**18, -1])
def test_integers_outside_the_range_are_refused(value: int) -> None:
    with pytest.raises(UserError):
        parse_amount(value)
    if value > 0:
        with pytest.raises(UserError, match="too large"):
            parse_amount(str(value))
        with pytest.raises(UserError, match="too large"):
            parse_amount(script(grouped(value, "٬"), PERSIAN_DIGITS))


def test_an_absurdly_long_number_is_a_message_not_a_crash() -> None:
    with pytest.raises(UserError, match="too large") as err:
        parse_amount("9" * 5000)  # int() alone raises ValueError past 4300 digits
    assert len(err.value.message()) < 200


def test_booleans_floats_and_zero_where_not_allowed() -> None:
    with pytest.raises(UserError):
        parse_amount(True)  # type: ignore[arg-type]
    with pytest.raises(UserError, match="more than zero"):
        parse_amount("0", allow_zero=False)
    assert parse_amount(5) == 5


@given(st.text(max_size=30))
def test_arbitrary_text_is_an_amount_or_a_user_error(typed: str) -> None:
    try:
        value = parse_amount(typed)
    except UserError as err:
        assert "\n" not in err.message()
        return
    assert 0 <= value <= MAX_AMOUNT
    ascii_text = unicodedata.normalize("NFKC", typed).translate(
        str.maketrans(PERSIAN_DIGITS + ARABIC_DIGITS, "0123456789" * 2))
    assert value == int("".join(c for c in ascii_text if c in "0123456789"))


# --- VAT ---------------------------------------------------------------------------------------------

def half_up(x: Fraction) -> int:
    return int(x + Fraction(1, 2)) if x >= 0 else -int(-x + Fraction(1, 2))


@pytest.mark.parametrize(("office", "rate", "included", "net", "vat"), [
    (350_000, 1000, False, 350_000, 35_000),   # 10% added on top
    (110_000, 1000, True, 100_000, 10_000),    # 10% inside the fee
    (100_000, 1200, False, 100_000, 12_000),   # the proposed 12% of 1405
    (5, 1000, False, 5, 1),                    # 0.5 rounds up
    (4, 1000, False, 4, 0),                    # 0.4 rounds down
    (15, 1000, False, 15, 2),                  # 1.5 rounds up (half-up, not banker's)
    (1, 1000, True, 1, 0),                     # 1/1.1 = 0.909 -> net 1
    (11, 1000, True, 10, 1),
    (0, 1000, False, 0, 0),
    (123_457, 0, True, 123_457, 0),
])
def test_vat_rule_examples(office: int, rate: int, included: bool, net: int, vat: int) -> None:
    assert vat_split(office, rate, included) == (net, vat)


@given(amounts, rates)
def test_vat_added_is_rate_times_fee_rounded_half_up(office: int, rate: int) -> None:
    net, vat = vat_split(office, rate, False)
    assert net == office
    assert vat == half_up(Fraction(office * rate, 10000))


@given(amounts, rates)
def test_vat_included_splits_the_fee_exactly(office: int, rate: int) -> None:
    net, vat = vat_split(office, rate, True)
    assert net + vat == office
    assert net == half_up(Fraction(office * 10000, 10000 + rate))
    assert 0 <= vat <= vat_split(office, rate, False)[1]


def _service(agency_fee: int, office_fee: int, rate: int, included: bool, variable: bool = False) -> ServiceView:
    tariff = TariffView(1, dt.date(2026, 3, 21), agency_fee, office_fee, rate, included, variable, 0, 10**9)
    return ServiceView(1, "X1", "خدمت", "A", "دستگاه", None, tariff)


@given(st.integers(0, 10**9), st.integers(0, 10**9), rates, st.booleans(), st.integers(1, 20))
def test_a_line_carries_vat_on_the_office_fee_only(agency: int, office: int, rate: int, included: bool,
                                                    quantity: int) -> None:
    line = price_line(_service(agency, office, rate, included), LineRequest("X1", quantity))
    net, vat = vat_split(office * quantity, rate, included)
    assert line["agency_amount"] == agency * quantity
    assert (line["office_amount"], line["vat_amount"]) == (net, vat)
    assert line["line_total"] == line["agency_amount"] + line["office_amount"] + line["vat_amount"]
    if included:  # the citizen pays the fee as printed on the tariff
        assert line["line_total"] == (agency + office) * quantity
    else:
        assert line["line_total"] == (agency + office) * quantity + vat


def test_the_office_fee_cannot_go_above_the_tariff() -> None:
    service = _service(0, 350_000, 1000, False)
    assert price_line(service, LineRequest("X1", office_fee=300_000))["office_fee"] == 300_000
    with pytest.raises(UserError, match="official tariff"):
        price_line(service, LineRequest("X1", office_fee=350_001))


def test_a_fixed_agency_fee_cannot_be_changed_and_a_variable_one_stays_in_bounds() -> None:
    with pytest.raises(UserError, match="fixed"):
        price_line(_service(300_000, 100_000, 1000, False), LineRequest("X1", agency_fee=1))
    variable = _service(0, 30_000, 1000, False, variable=True)
    assert price_line(variable, LineRequest("X1", agency_fee=2_500_000))["agency_amount"] == 2_500_000
    with pytest.raises(UserError, match="between"):
        price_line(variable, LineRequest("X1", agency_fee=10**9 + 1))


# --- display -----------------------------------------------------------------------------------------

def test_display_in_rial_and_toman() -> None:
    assert format_amount(1_234_567) == "۱٬۲۳۴٬۵۶۷"
    assert format_amount(1_234_567, persian=False) == "1,234,567"
    assert format_amount(12_340, "toman", persian=False) == "1,234"
    assert format_amount(12_340, "toman", with_unit=True) == "۱٬۲۳۴ تومان"


def test_toman_never_shows_a_tenth_but_the_exact_rials_with_their_unit() -> None:
    """A VAT split (45,455 + 4,545 of a 50,000 Rial fee) is not a whole number of Toman: it shows in
    Rials, named as such even where a heading says Toman, and nothing is rounded away."""
    assert format_amount(45_455, "toman") == "۴۵٬۴۵۵ ریال"
    assert format_amount(45_455, "toman", with_unit=True) == "۴۵٬۴۵۵ ریال"
    assert format_amount(1_098, "toman", persian=False) == "1,098 Rial" or format_amount(1_098, "toman") == "۱٬۰۹۸ ریال"
    assert "٫" not in format_amount(1_098, "toman") and "." not in format_amount(1_098, "toman", persian=False)
    assert format_amount(-12_345, "toman") == "-۱۲٬۳۴۵ ریال"
    assert format_amount(-5_000, persian=False) == "-5,000"


@pytest.mark.parametrize(("typed", "bp"), [("10", 1000), ("۱۰", 1000), ("9.5", 950), ("9٫5", 950), ("12%", 1200),
                                           ("0", 0), ("7.25", 725)])
def test_vat_rates_in_percent(typed: str, bp: int) -> None:
    assert parse_rate(typed) == bp
    assert parse_rate(format_rate(bp)) == bp


@pytest.mark.parametrize("typed", ["100", "abc", "-1", "10.555", "", "1e1"])
def test_bad_vat_rates_are_refused(typed: str) -> None:
    with pytest.raises(UserError):
        parse_rate(typed)
