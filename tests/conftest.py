"""Every test run keeps the journal keys and data of its databases in its own folders,
never in the user's real config or data folder."""
from __future__ import annotations

import os
import tempfile

_home = tempfile.mkdtemp(prefix="pishkhan-tests-")
os.environ.setdefault("PISHKHAN_CONFIG_DIR", os.path.join(_home, "config"))
os.environ.setdefault("PISHKHAN_DATA_DIR", os.path.join(_home, "data"))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


import sys  # noqa: E402

import pytest  # noqa: E402

from app.i18n import LAYERS, catalogue_path, load_catalogues  # noqa: E402

# Every test in this process reads the words the window reads (ui, then printing, then app). That the
# command line loads its own, and only those, is checked in fresh processes (tests/app/test_catalogue.py).
load_catalogues("ui")


@pytest.fixture(scope="session")
def persian() -> dict[str, str]:
    """English -> reviewed Persian from the three layers' catalogues (no string is in two of them)."""
    from babel.messages.pofile import read_po

    words: dict[str, str] = {}
    for layer in LAYERS:
        with open(catalogue_path(layer, ".po"), "rb") as fh:
            words.update({m.id: m.string for m in read_po(fh) if m.id and m.string and not m.fuzzy})
    return words


@pytest.fixture(autouse=True)
def _a_1366_by_768_monitor(monkeypatch: pytest.MonkeyPatch) -> None:
    """Dialogs are capped to the screen they open on; Qt's offscreen screen is 800×800, no counter's
    monitor. Window tests play a 1366×768 monitor (less a 40 px task bar) unless they choose another."""
    fit = sys.modules.get("ui.fit")
    if fit is not None:
        monkeypatch.setattr(fit, "SCREEN_OVERRIDE", fit.QSize(1366, 728))

