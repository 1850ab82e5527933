"""The history's windowed model on a few thousand demo transactions: the row count is the whole
result from the start, rows read anywhere are the right receipts, and only a few pages are kept."""
from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

import pytest
from desks import desk_of
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from reports_testkit import actor, clone
from sqlalchemy import text

from app.db import Database, open_database
from app.reports.history import HistoryFilter, history_count, history_page

pytestmark = pytest.mark.gui

ORDER = "ORDER BY t.business_day DESC, t.id DESC"
VOIDED = "EXISTS (SELECT 1 FROM void v WHERE v.txn_id = t.id)"


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from app.demo import build_demo

    path = tmp_path_factory.mktemp("history-window") / "demo.db"
    db = open_database(path, create=True)
    try:
        build_demo(db, days=20, seed=5)
    finally:
        db.close()
    return path


@pytest.fixture
def demo_db(demo_template: Path, tmp_path: Path) -> Iterator[Database]:
    db = open_database(clone(demo_template, tmp_path / "demo.db"))
    yield db
    db.close()


@pytest.fixture(scope="module", autouse=True)
def persian_app(qapp: QApplication) -> QApplication:
    from ui.app import create_application

    return create_application()


def _receipts(db: Database, where: str = "1") -> list[int]:
    """The matching receipts in the history's order, straight from the ledger."""
    with db.read() as s:
        return list(s.execute(text(f"SELECT t.receipt_number FROM txn t WHERE {where} {ORDER}")).scalars())


def _model(db: Database, flt: HistoryFilter = HistoryFilter()):  # type: ignore[no-untyped-def]  # noqa: B008
    from ui.owner_history import HistoryModel, history_loader

    owner = actor(db, "owner")
    model = HistoryModel()
    model.reset(history_count(db, owner, flt), history_page(db, owner, flt, limit=model.page_rows),
                history_loader(db, owner, flt))
    return model


def _number(model, row: int) -> int:  # type: ignore[no-untyped-def]
    return model.data(model.index(row, 0), Qt.ItemDataRole.UserRole)


def test_the_model_passes_the_model_tester(qtmodeltester, demo_db) -> None:
    model = _model(demo_db)
    assert model.rowCount() > 2000
    qtmodeltester.check(model)


def test_row_count_is_the_whole_result(demo_db) -> None:
    owner = actor(demo_db, "owner")
    everything = _receipts(demo_db)
    assert len(everything) > 2000  # several pages, more than the cache holds
    model = _model(demo_db)
    assert model.rowCount() == history_count(demo_db, owner, HistoryFilter()) == len(everything)
    assert model.cached_pages == 1  # the count came first, only the first page was read
    voided = _model(demo_db, HistoryFilter(voided=True))
    expected = _receipts(demo_db, VOIDED)
    assert 0 < voided.rowCount() == history_count(demo_db, owner, HistoryFilter(voided=True)) == len(expected)
    assert [_number(voided, i) for i in range(voided.rowCount())] == expected


def test_rows_anywhere_are_the_pages_receipts(demo_db) -> None:
    owner = actor(demo_db, "owner")
    everything = _receipts(demo_db)
    total = len(everything)
    model = _model(demo_db)
    # Jumps (pages read by offset): the end, the middle, the start, and rows across page edges.
    for start in (total - 7, total // 2 - 3, model.page_rows - 2, 0):
        page = history_page(demo_db, owner, HistoryFilter(), offset=start, limit=7)
        shown = [_number(model, row) for row in range(start, start + 7)]
        assert shown == [r.receipt_number for r in page.rows] == everything[start:start + 7]
    assert model.data(model.index(total - 1, 9)) is not None and model.index(total, 0).isValid() is False
    # Scrolling on (each page keyset after the one before): every row, in order.
    scrolled = _model(demo_db)
    assert [_number(scrolled, row) for row in range(total)] == everything


def test_the_cache_never_exceeds_its_cap(demo_db) -> None:
    from ui.owner_history import MAX_PAGES

    model = _model(demo_db)
    total = model.rowCount()
    rng = random.Random(7)
    touched = [*range(0, total, 37), *(rng.randrange(total) for _ in range(300)), *range(total - 1, 0, -53)]
    for row in touched:
        assert model.data(model.index(row, 3))  # the clerk's name: every row has one
        assert model.cached_pages <= MAX_PAGES
        assert sum(len(rows) for rows in model.pages.values()) <= MAX_PAGES * model.page_rows
    pages = -(-total // model.page_rows)
    assert pages > MAX_PAGES and model.loads > pages  # pages were dropped and read again
    assert model.cached_pages == MAX_PAGES


def test_a_filter_change_resets_the_count_and_the_cache(qtbot, demo_db) -> None:
    from ui.owner_history import OwnerHistory

    history = OwnerHistory(desk_of(demo_db, actor(demo_db, "owner")))
    qtbot.addWidget(history)
    with qtbot.waitSignal(history.counted, timeout=10_000) as counted:
        pass
    model = history.model
    everything = _receipts(demo_db)
    assert counted.args == [len(everything)] and model.rowCount() == len(everything)
    for row in range(0, len(everything), 250):
        model.data(model.index(row, 0))
    assert model.cached_pages > 5
    history.status.setCurrentIndex(history.status.findData(True))
    with qtbot.waitSignal(model.modelReset, timeout=10_000), \
            qtbot.waitSignal(history.counted, timeout=10_000) as counted:
        qtbot.mouseClick(history.search_button, Qt.MouseButton.LeftButton)
    voided = _receipts(demo_db, VOIDED)
    assert counted.args == [len(voided)] and model.rowCount() == len(voided)
    assert model.cached_pages == 1 and model.loads == 0  # the old pages went with the old filter
    assert [_number(model, i) for i in range(model.rowCount())] == voided
    # The screen still opens the receipt a row shows.
    history.view.setCurrentIndex(model.index(len(voided) - 1, 0))
    qtbot.mouseClick(history.open_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: history.receipt_dialog is not None, timeout=10_000)
    assert history.receipt_dialog.data.receipt_number == voided[-1]
    history.receipt_dialog.accept()
