"""Every test run keeps the journal keys and data of its databases in its own folders,
never in the user's real config or data folder."""
from __future__ import annotations

import os
import tempfile

_home = tempfile.mkdtemp(prefix="pishkhan-tests-")
os.environ.setdefault("PISHKHAN_CONFIG_DIR", os.path.join(_home, "config"))
os.environ.setdefault("PISHKHAN_DATA_DIR", os.path.join(_home, "data"))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
