"""Reading receipts back with tesseract, and checks that tolerate OCR noise but not wrong rendering.

What a correct rendering gives and a broken one does not:
- Persian phrases are found in reading order with a small edit budget (about one error per six
  letters: "میلغ" for "مبلغ" passes). Unjoined letters or reversed word order read as different
  text, and each test also renders such a broken receipt and asserts that the check rejects it.
- Numbers: tesseract's `fas` model reads Persian digits reliably inside a Persian phrase
  ("مبلغ کل: ۳٬۰۵۸٬۰۰۰ ریال", "رسید شماره ۱۴۰۳۱۲") but not a lone column of digits, so digits are
  checked on phrase lines, allowing one misread digit (۲/۳ look alike) and never a reordering.
"""
from __future__ import annotations

import dataclasses
import os
import re
import subprocess
import unicodedata
from pathlib import Path

from PIL import Image

_ARABIC_LETTERS = str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک", "ة": "ه"})
_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "0123456789" * 2)
# ZWNJ stays: a correct rendering reads back with the ZWNJs the text has, an unjoined one with dozens.
_MARKS = re.compile("[\u200d\u200e\u200f\u202a-\u202e\u2066-\u2069\u0640\u064b-\u065f]")
PERSIAN_DIGIT = re.compile("[۰-۹]")


def _blank_rows(image: Image.Image) -> list[bool]:
    grey = image.convert("L")
    width, height = grey.size
    data = grey.tobytes()
    return [min(data[y * width:(y + 1) * width]) > 128 for y in range(height)]


def _chunks(image: Image.Image, target: int) -> list[Image.Image]:
    """Cut a tall receipt at blank rows into pieces of about `target` pixels: tesseract's page
    layout analysis misreads long, narrow pages (it drops or merges lines)."""
    blank = _blank_rows(image)
    pieces, top = [], 0
    while top < image.height:
        cut = min(image.height, top + target)
        if cut < image.height:
            while cut > top + target // 2 and not blank[cut]:
                cut -= 1
        pieces.append(image.crop((0, top, image.width, cut)))
        top = cut
    return pieces


def ocr(image: Path | Image.Image, lang: str = "fas", psm: int = 6, workdir: Path | None = None,
        chunk: int = 0) -> str:
    """Tesseract's text for an image file or a Pillow image; `chunk` > 0 reads it in pieces."""
    if not isinstance(image, Image.Image):
        workdir = workdir or Path(image).parent
        image = Image.open(image)
    assert workdir is not None
    pieces = _chunks(image, chunk) if chunk else [image]
    env = dict(os.environ, OMP_THREAD_LIMIT="1")  # one thread: several times faster on small pages
    texts = []
    for i, piece in enumerate(pieces):
        framed = Image.new("L", (piece.width + 40, piece.height + 40), 255)
        framed.paste(piece.convert("L"), (20, 20))
        path = workdir / f"ocr-{id(image)}-{i}.png"
        framed.save(path)
        result = subprocess.run(["tesseract", str(path), "-", "-l", lang, "--psm", str(psm)],
                                capture_output=True, text=True, env=env, timeout=120, check=True)
        texts.append(result.stdout)
    return "\n".join(texts)


def pdf_pages_png(pdf: Path, dpi: int = 150) -> list[Path]:
    """Every page of a PDF as a greyscale PNG (pdftoppm, the poppler rasteriser)."""
    prefix = pdf.with_suffix("")
    subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-png", str(pdf), str(prefix)], check=True, timeout=60)
    pages = sorted(pdf.parent.glob(prefix.name + "-*.png"))
    assert pages, "pdftoppm wrote no page"
    return pages


def ocr_pdf(pdf: Path, lang: str = "fas", psm: int = 6, dpi: int = 150) -> str:
    return "\n".join(ocr(page, lang=lang, psm=psm) for page in pdf_pages_png(pdf, dpi))


def normalise(text: str) -> str:
    """OCR text and expected text in one form: Persian letters, no bidi marks, single spaces."""
    text = unicodedata.normalize("NFKC", text).translate(_ARABIC_LETTERS)
    text = _MARKS.sub("", text)
    return re.sub(r"\s+", " ", text).strip()


def _first_match(needle: str, hay: str, start: int, max_errors: int) -> int:
    """Approximate substring search (Sellers): end index of the first occurrence of `needle` in
    hay[start:] with at most `max_errors` edits, or -1."""
    m = len(needle)
    prev = list(range(m + 1))
    for j in range(start, len(hay)):
        cur = [0] * (m + 1)  # a match may start anywhere: row 0 costs nothing
        ch = hay[j]
        for i in range(1, m + 1):
            cur[i] = min(prev[i] + 1, cur[i - 1] + 1, prev[i - 1] + (needle[i - 1] != ch))
        if cur[m] <= max_errors:
            return j + 1
        prev = cur
    return -1


def budget(phrase: str) -> int:
    """Edits allowed: one per six letters, and one for a word of five or more — Tesseract reads a dot
    of «ت» as «ن» now and then, depending on what else the page holds (the time of day it printed)."""
    letters = len(phrase.replace(" ", ""))
    return max(letters // 6, 1 if letters >= 5 else 0)


def missing_in_order(text: str, phrases: list[str]) -> list[str]:
    """Phrases not found (within their edit budget) after the previous one; [] means all in order."""
    hay = normalise(text)
    pos = 0
    missing: list[str] = []
    for phrase in phrases:
        needle = normalise(phrase)
        end = _first_match(needle, hay, pos, budget(needle))
        if end >= 0:
            pos = end
        else:
            missing.append(phrase)
    return missing


def assert_in_order(text: str, phrases: list[str]) -> None:
    missing = missing_in_order(text, phrases)
    assert not missing, f"not read back in order: {missing}\n--- OCR ---\n{text}"


def _distance(a: str, b: str) -> int:
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def number_on_line(text: str, label: str, digits: str, max_errors: int = 1) -> str | None:
    """The line holding `label` whose Persian-digit number is within `max_errors` of `digits`.

    Returns that line, or None. The number must be written in Persian digits: ASCII digits on
    a Persian receipt are a rendering fault, not OCR noise.
    """
    for line in text.splitlines():
        line_n = normalise(line)
        if _first_match(normalise(label), line_n, 0, budget(label)) < 0:
            continue
        for run in re.findall(r"[۰-۹٠-٩0-9][۰-۹٠-٩0-9٬,.٫/:\-]*[۰-۹٠-٩0-9]|[۰-۹]", line_n):
            if not PERSIAN_DIGIT.search(run):
                continue
            found = re.sub(r"\D", "", run.translate(_DIGITS))
            if _distance(found, digits) <= max_errors:
                return line
    return None


# --- deliberately broken renderings: the checks above must reject these -----------------------

_PERSIAN_LETTER = re.compile("[\u0621-\u064a\u067e\u0686\u0698\u06a9\u06af\u06cc\u0622]")


def unjoin(text: str) -> str:
    """Every letter in its isolated form: what a renderer without shaping prints."""
    out = []
    for a, b in zip(text, text[1:] + " ", strict=False):
        out.append(a)
        if _PERSIAN_LETTER.match(a) and _PERSIAN_LETTER.match(b):
            out.append("\u200c")
    return "".join(out)


def reverse_words(text: str) -> str:
    """Words in reverse order: what reportlab's own shaping does to a Persian line."""
    return " ".join(reversed(text.split(" ")))


def break_document(doc, spoil):
    """A copy of a receipt document with `spoil` applied to every text it prints (not the QR payload)."""
    def walk(value):
        if isinstance(value, str):
            return spoil(value)
        if isinstance(value, tuple):
            return tuple(walk(v) for v in value)
        if dataclasses.is_dataclass(value):
            changes = {f.name: walk(getattr(value, f.name)) for f in dataclasses.fields(value)
                       if f.name not in ("payload", "meta")}
            return dataclasses.replace(value, **changes)
        return value

    return walk(doc)


def decode_qr(image: Path) -> list[str]:
    """Payloads of the QR codes zbarimg finds in an image (Debian zbar-tools); [] when none."""
    import shutil

    import pytest

    if shutil.which("zbarimg") is None:
        pytest.skip("QR checks need zbarimg (Debian zbar-tools)")
    result = subprocess.run(["zbarimg", "-q", "--raw", str(image)], capture_output=True, text=True, timeout=60)
    return [line for line in result.stdout.splitlines() if line]


def pdf_text(pdf: Path, *, layout: bool = False) -> str:
    """The PDF's text layer as `pdftotext` (poppler) gives it: what search, copy and screen readers see."""
    import shutil

    import pytest

    if shutil.which("pdftotext") is None:
        pytest.skip("text-layer checks need pdftotext (Debian poppler-utils)")
    args = ["pdftotext", "-enc", "UTF-8", *(["-layout"] if layout else []), str(pdf), "-"]
    return subprocess.run(args, capture_output=True, text=True, check=True, timeout=60).stdout


PRESENTATION_FORMS = re.compile("[\ufb50-\ufdff\ufe70-\ufeff]")
