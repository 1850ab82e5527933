"""Fixtures for the printing tests: one Qt application and the OCR tools, once per session."""
from __future__ import annotations

import shutil
import subprocess

import pytest


@pytest.fixture(scope="session")
def printing_qt(qapp):
    """Qt ready for receipts: pytest-qt's QApplication (so widget tests in the same run still work)
    and Vazirmatn loaded."""
    from printing.thermal import ensure_qt

    ensure_qt()
    return qapp


@pytest.fixture(scope="session")
def ocr_ready() -> None:
    """Tesseract with Persian, and pdftoppm: `make test` installs them (tesseract-ocr-fas, poppler-utils)."""
    missing = [tool for tool in ("tesseract", "pdftoppm") if shutil.which(tool) is None]
    if not missing:
        langs = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True).stdout.split()
        missing += [f"tesseract language {lang}" for lang in ("fas", "eng") if lang not in langs]
    if missing:
        pytest.skip("OCR checks need: " + ", ".join(missing))


@pytest.fixture(autouse=True)
def persian_language():
    """Receipts are read in Persian; a test elsewhere may have left the app language on English."""
    from app import i18n

    previous = i18n.language()
    i18n.set_language("fa")
    yield
    i18n.set_language(previous)
