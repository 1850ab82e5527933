"""The file dialogs the app opens: Qt's own, in Persian, with Jalali dates in the date column."""
from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from PySide6.QtWidgets import QApplication, QDialogButtonBox, QFileDialog, QTreeView

from app.jalali import format_instant
from ui.file_dialogs import DATE_COLUMN, SIZE_COLUMN, TYPE_COLUMN, JalaliDates, file_dialog


def test_the_date_column_is_jalali_in_persian_digits(qtbot, qt_app, tmp_path: Path) -> None:
    table = tmp_path / "tariffs-1405.csv"
    table.write_text("code\n", encoding="utf-8")
    when = dt.datetime(2026, 3, 21, 9, 30, tzinfo=dt.UTC)  # Nowruz 1405
    os.utime(table, (when.timestamp(), when.timestamp()))
    dialog = file_dialog(None, "جدول تعرفه", directory=str(tmp_path), name_filter="*.csv")
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.testOption(QFileDialog.Option.DontUseNativeDialog)
    proxy = dialog.proxyModel()
    assert isinstance(proxy, JalaliDates)
    view = dialog.findChild(QTreeView, "treeView")

    def row_of_the_file():  # type: ignore[no-untyped-def]
        root = view.rootIndex()
        for row in range(proxy.rowCount(root)):
            if proxy.index(row, 0, root).data() == table.name:
                return row
        return None

    qtbot.waitUntil(lambda: view.rootIndex().isValid() and row_of_the_file() is not None, timeout=10_000)
    shown = proxy.index(row_of_the_file(), DATE_COLUMN, view.rootIndex()).data()
    assert shown == format_instant(when, persian=True)
    assert shown.startswith("۱۴۰۵/۰۱/۰۱")
    size = proxy.index(row_of_the_file(), SIZE_COLUMN, view.rootIndex()).data()
    kind = proxy.index(row_of_the_file(), TYPE_COLUMN, view.rootIndex()).data()
    assert size == "۵ بایت" and kind == "فایل CSV"  # not «5 bytes», «CSV document»
    assert dialog.testOption(QFileDialog.Option.HideNameFilterDetails)  # no «(*.csv» turned around
    # Qt's own words are Persian (qtbase_fa): the buttons and the column headers.
    buttons = dialog.findChild(QDialogButtonBox)
    assert any(b.text() in ("باز کردن", "بازکردن", "&باز کردن") or "باز" in b.text() for b in buttons.buttons())
    header = proxy.headerData(DATE_COLUMN, view.header().orientation())
    assert header and not header.isascii()
    dialog.reject()
    QApplication.processEvents()
