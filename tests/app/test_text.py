"""Persian names as stored and searched, national IDs and mobile numbers."""
from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from app.text import (
    ZWNJ,
    for_message,
    isolate_ltr,
    normalise,
    normalise_mobile,
    normalise_national_id,
    search_key,
    to_ascii_digits,
    to_persian_digits,
)

PERSIAN_LETTERS = "ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهیآئ"


# --- normalisation -----------------------------------------------------------------------------------

def test_arabic_letters_become_persian() -> None:
    assert normalise("علي") == "علی"
    assert normalise("كريمي") == "کریمی"
    assert normalise("موسى") == "موسی"
    assert normalise("فاطمة") == "فاطمه"


def test_the_three_spellings_of_aliakbar_find_each_other() -> None:
    keys = {search_key("علی\u200cاکبر"), search_key("علی اکبر"), search_key("علي اكبر"), search_key("علیاکبر")}
    assert len(keys) == 1
    assert search_key("علی اصغر") not in keys


@pytest.mark.parametrize(("typed", "stored"), [
    ("  علی   اکبر  ", "علی اکبر"),
    ("علـــی", "علی"),                          # tatweel
    ("عَلِی", "علی"),                              # harakat
    ("\u200fعلی\u200e", "علی"),                   # bidi marks pasted in
    ("\u202bعلی\u202c", "علی"),
    ("علی\u200c\u200cاکبر", "علی\u200cاکبر"),    # one ZWNJ is enough
    ("علی \u200c اکبر", "علی اکبر"),              # ZWNJ next to a space is just a space
    ("\u200cعلی\u200c", "علی"),                   # and none at the edges
    ("ﻋﻠﯽ", "علی"),                               # presentation forms from old PDFs
    ("کد ۱۲۳۴ و ١٢٣٤", "کد 1234 و 1234"),       # digits are stored ASCII
    ("مسئول", "مسئول"),                           # ئ is a Persian letter: kept as typed
    ("رئیسی", "رئیسی"),
    ("شناسنامۀ", "شناسنامۀ"),                     # ۀ is the citizen's spelling: kept
    ("شناسنامهٔ", "شناسنامۀ"),               # ه + hamza (the Persian keyboard's ۀ): one letter
    ("سیّد", "سیّد"),                              # shadda kept
    ("مؤسسه", "مؤسسه"), ("أحمد", "أحمد"), ("إسماعیل", "إسماعیل"), ("آرش", "آرش"),  # hamza forms kept
    ("آرش", "آرش"),                         # NFC: alef + madda is آ
    ("ﺳﯿّﺪ", "سیّد"),                              # presentation forms lose their form, not their shadda
    ("a\tb\nc\x00d", "a b c d"),                  # control characters are not kept
])
def test_stored_form(typed: str, stored: str) -> None:
    assert normalise(typed) == stored


def test_names_keep_the_letters_of_the_id_card_and_search_finds_either_spelling() -> None:
    for stored, plain in (("شناسنامۀ", "شناسنامه"), ("سیّد", "سید"), ("مؤسسه", "موسسه"), ("أحمد", "احمد"),
                          ("علی‌اکبر", "علی اکبر"), ("علی‌اکبر", "علي اكبر"), ("سیّد علی‌اکبر", "سيد علي اكبر")):
        assert normalise(stored) == stored
        assert search_key(stored) == search_key(plain), (stored, plain)


def test_search_key_folds_what_people_spell_either_way() -> None:
    assert search_key("آرش") == search_key("ارش")
    assert search_key("رئیس") == search_key("رییس")
    assert search_key("مسئول") == search_key("مسؤول") or search_key("مسئول") == search_key("مسیول")
    assert search_key("Ali AKBAR") == search_key("ali akbar")


def test_undecodable_command_line_bytes_do_not_survive() -> None:
    # sys.argv holds lone surrogates for bytes that are not UTF-8; SQLite cannot store them.
    stored = normalise("ab\udcffcd")
    stored.encode("utf-8")
    assert stored.startswith("ab") and stored.endswith("cd")


persian_words = st.lists(st.text(alphabet=PERSIAN_LETTERS, min_size=1, max_size=6), min_size=1, max_size=4)
names = st.text(alphabet=st.one_of(st.sampled_from(list(PERSIAN_LETTERS + "يكىة ـ\u200c\u200f\u064e ۱١1")),
                                   st.characters()), max_size=25)


@given(names)
@example("ه\u200eٔ")
@example("a \u200c b")
def test_normalise_is_stable(text: str) -> None:
    once = normalise(text)
    assert normalise(once) == once
    assert search_key(once) == search_key(text)
    once.encode("utf-8")
    for bad in ("ي", "ك", "\u0640", "\u200f", "\u200e", "\u202b", "  ", "\t", "\n"):
        assert bad not in once
    assert once == once.strip(" \u200c")


@given(persian_words)
def test_zwnj_space_or_nothing_between_words_gives_one_search_key(words: list[str]) -> None:
    keys = {search_key(sep.join(words)) for sep in (" ", ZWNJ, "", " " + ZWNJ, "  ")}
    assert len(keys) == 1
    assert " " not in keys.pop()


@given(persian_words)
def test_arabic_keyboard_spelling_finds_the_persian_one(words: list[str]) -> None:
    persian = " ".join(words)
    arabic = persian.replace("ی", "ي").replace("ک", "ك")
    assert search_key(arabic) == search_key(persian)


def test_digits_and_isolates() -> None:
    assert to_ascii_digits("۱۲۳٤٥٦") == "123456"
    assert to_persian_digits("2026") == "۲۰۲۶"
    assert isolate_ltr("ABC-123") == "\u2066ABC-123\u2069"
    assert for_message("x\ny\u202e" * 100).count("\n") == 0
    assert len(for_message("x" * 1000)) <= 65


# --- national ID -------------------------------------------------------------------------------------

def check_digit(nine: str) -> int:
    r = sum(int(d) * (10 - i) for i, d in enumerate(nine)) % 11
    return r if r < 2 else 11 - r


@pytest.mark.parametrize(("typed", "stored"), [
    ("0084575948", "0084575948"),
    ("84575948", "0084575948"),      # 8 digits: two zeros were dropped (a spreadsheet did it)
    ("084575948", "0084575948"),     # 9 digits
    ("۰۰۸۴۵۷۵۹۴۸", "0084575948"),
    ("٠٠٨٤٥٧٥٩٤٨", "0084575948"),
    ("008-457594-8", "0084575948"),
    (" 008 457 5948 ", "0084575948"),
])
def test_valid_national_ids(typed: str, stored: str) -> None:
    assert normalise_national_id(typed) == stored


@pytest.mark.parametrize("typed", [
    "0084575949", "0084575947",       # wrong check digit
    "1111111111", "0000000000",       # all one digit: the check passes but no such ID is issued
    "1234567", "12345678901", "", "abcdefghij", "00845759४8", "0084575948x",
])
def test_invalid_national_ids(typed: str) -> None:
    assert normalise_national_id(typed) is None


@given(st.text(alphabet="0123456789", min_size=9, max_size=9), st.integers(0, 9))
def test_national_id_check_digit(nine: str, other: int) -> None:
    good = nine + str(check_digit(nine))
    if len(set(good)) == 1:
        assert normalise_national_id(good) is None
        return
    assert normalise_national_id(good) == good
    assert normalise_national_id(to_persian_digits(good)) == good
    if other != check_digit(nine):
        assert normalise_national_id(nine + str(other)) is None
    if good.startswith("00"):
        assert normalise_national_id(good[2:]) == good
    if good.startswith("0"):
        assert normalise_national_id(good[1:]) == good


# --- mobile ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("typed", ["09121234567", "+989121234567", "00989121234567", "989121234567",
                                   "۰۹۱۲۱۲۳۴۵۶۷", "0912 123 4567", "0912-123-4567"])
def test_mobile_numbers(typed: str) -> None:
    assert normalise_mobile(typed) == "09121234567"


@pytest.mark.parametrize("typed", ["0912123456", "091212345678", "08121234567", "9121234567x", "",
                                   "09१२१२३४५६७"])
def test_bad_mobile_numbers(typed: str) -> None:
    assert normalise_mobile(typed) is None
