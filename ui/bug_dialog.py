"""The dialog shown for a bug: what happened in plain words, the log file, and "copy details"."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _
from app.text import isolate_ltr


class BugDialog(QDialog):
    def __init__(self, details: str, log: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.details = details
        self.setWindowTitle(_("Unexpected error"))
        self.setMinimumWidth(560)
        intro = QLabel(_("Something went wrong inside the program. Nothing you did caused it. "
                         "The details were saved to {path}; please send them to your support.",
                         path=isolate_ltr(str(log))))
        intro.setWordWrap(True)
        self.text = QPlainTextEdit(details)
        self.text.setReadOnly(True)
        self.text.setLayoutDirection(self.text.layoutDirection().LeftToRight)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.copy_button = QPushButton(_("Copy details"))
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.text)
        layout.addWidget(buttons)
        buttons.rejected.connect(self.reject)
        self.copy_button.clicked.connect(self.copy_details)

    def copy_details(self) -> None:
        QApplication.clipboard().setText(self.details)
        self.copy_button.setText(_("Copied"))
