"""Persian text: normalisation, search keys, digits and the national ID check."""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹"
ARABIC_DIGITS = "٠١٢٣٤٥٦٧٨٩"
_TO_ASCII = str.maketrans(PERSIAN_DIGITS + ARABIC_DIGITS, "0123456789" * 2)
_TO_PERSIAN = str.maketrans("0123456789", PERSIAN_DIGITS)

ZWNJ = "\u200c"
SHADDA, HAMZA_ABOVE, HAMZA_BELOW = "\u0651", "\u0654", "\u0655"
# Arabic letter forms typed on Arabic keyboards -> Persian letters. ۀ, the hamza letters (أ إ ؤ ئ ء)
# and shadda are the citizen's spelling («شناسنامۀ», «سیّد», «مسئول»): kept, folded only in the key.
_LETTERS = str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک", "ة": "ه"})
# ه + hamza above (how the Persian keyboard types ۀ) and ۀ itself are one letter: stored as ۀ.
_HEH_HAMZA = re.compile("\u0647\u0654")
_TATWEEL = "\u0640"
# Bidi controls and marks that users paste in without meaning to.
_BIDI = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069\u061c\ufeff]")
# Short vowels and tanwin are not written on ID cards; shadda and the hamza marks are, and stay.
_HARAKAT = re.compile("[\u064b-\u0650\u0652\u0653\u0656-\u065f\u0670]")
_ALL_MARKS = re.compile("[\u064b-\u065f\u0670]")
# Presentation forms (pasted from old PDFs) and full-width letters: their compatibility
# decomposition is the letter itself. Elsewhere only NFC: NFKC would also rewrite what the
# citizen's documents say.
_COMPAT = re.compile("[\ufb50-\ufdff\ufe70-\ufeff\uff00-\uffef]+")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
# Lone surrogates: what Python makes of bytes that are not UTF-8 on a command line; SQLite refuses them.
_SURROGATES = re.compile("[\ud800-\udfff]")
_SPACES = re.compile(r"[\s\u00a0]+")
_ZWNJ_RUN = re.compile(f"{ZWNJ}+")
_ZWNJ_EDGE = re.compile(rf"\s*{ZWNJ}\s*")
# The search key folds letters that people spell interchangeably.
_SEARCH_FOLD = str.maketrans({"آ": "ا", "أ": "ا", "إ": "ا", "ٱ": "ا", "ؤ": "و", "ئ": "ی", "ء": None,
                              "ۀ": "ه", "ە": "ه", "ة": "ه"})


def to_ascii_digits(text: str) -> str:
    return text.translate(_TO_ASCII)


def to_persian_digits(text: str) -> str:
    return text.translate(_TO_PERSIAN)


@lru_cache(maxsize=4096)  # a counter types the same service names, methods and names again and again
def normalise(text: str) -> str:
    """The stored form of a name: what the citizen's documents say, tidied.

    NFC; Arabic ي ى ك ة as the Persian letters; no tatweel, short vowels or bidi controls; ZWNJ
    kept (once, never at an edge or beside a space); ۀ, hamza forms and shadda kept; ASCII digits.
    """
    text = _SURROGATES.sub("\ufffd", text)
    text = _COMPAT.sub(lambda m: unicodedata.normalize("NFKC", m.group(0)), text)
    text = unicodedata.normalize("NFC", text)
    text = text.translate(_LETTERS)
    text = _BIDI.sub("", text).replace(_TATWEEL, "")
    text = _HARAKAT.sub("", text)
    text = _HEH_HAMZA.sub("ۀ", text)
    text = _CONTROL.sub(" ", text)
    text = to_ascii_digits(text)
    text = _ZWNJ_RUN.sub(ZWNJ, text)
    text = _ZWNJ_EDGE.sub(lambda m: " " if m.group(0).strip(ZWNJ) else ZWNJ, text)
    text = _SPACES.sub(" ", text).strip(" " + ZWNJ)
    return unicodedata.normalize("NFC", text)


def clip(text: str, limit: int) -> str:
    """The stored form cut to a column's length, without a space or ZWNJ left dangling at the cut."""
    return normalise(text)[:limit].rstrip(" " + ZWNJ)


def limited(text: str, limit: int, what: str) -> str:
    """The stored form of a field, refused (not silently cut) when longer than its column allows."""
    value = normalise(text)
    if len(value) > limit:
        from app.errors import UserError

        raise UserError("The {field} is longer than {limit} characters ({length}).", field=what, limit=limit,
                        length=len(value))
    return value


def search_key(text: str) -> str:
    """Indexed key: the stored form folded (hamza forms, ۀ, آ, every mark), without ZWNJ or spaces,
    lower-case; «علی‌اکبر», «علی اکبر» and «علي اكبر» give one key, as do «سیّد» and «سید»."""
    key = unicodedata.normalize("NFC", normalise(text)).translate(_SEARCH_FOLD)
    key = _ALL_MARKS.sub("", key)
    key = key.replace(ZWNJ, "").replace(" ", "")
    return key.casefold()


def clean_digits(text: str) -> str:
    """Digits typed in any script, with separators and spaces removed."""
    return re.sub(r"[\s\-_٬,]", "", to_ascii_digits(normalise(text)))


def normalise_national_id(text: str) -> str | None:
    """A valid 10-digit national ID (left-padded from 8-9 digits), or None."""
    digits = clean_digits(text)
    if not digits.isascii() or not digits.isdigit() or not 8 <= len(digits) <= 10:
        return None
    digits = digits.zfill(10)
    if len(set(digits)) == 1:
        return None
    r = sum(int(digits[i]) * (10 - i) for i in range(9)) % 11
    check = r if r < 2 else 11 - r
    return digits if int(digits[9]) == check else None


def normalise_mobile(text: str) -> str | None:
    """An Iranian mobile number as 09xxxxxxxxx, or None."""
    digits = clean_digits(text)
    if digits.startswith("+98"):
        digits = "0" + digits[3:]
    elif digits.startswith("0098"):
        digits = "0" + digits[4:]
    elif digits.startswith("98") and len(digits) == 12:
        digits = "0" + digits[2:]
    if re.fullmatch(r"09[0-9]{9}", digits):
        return digits
    return None


def for_message(text: object, limit: int = 64) -> str:
    """User input echoed in a message: one line, no bidi tricks, not endless."""
    shown = normalise(str(text))
    return shown if len(shown) <= limit else shown[:limit] + "…"


def isolate_ltr(text: str) -> str:
    """Wrap a left-to-right run (card number, tracking code) so RTL text keeps it intact."""
    return f"\u2066{text}\u2069"
