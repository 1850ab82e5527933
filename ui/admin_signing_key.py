"""The settings' «کلید امضای رسید» tab: the fingerprint and public key of the key every receipt's QR code
is signed with, and exporting the public key as a file for whoever checks receipts."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QFormLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.i18n import _
from app.services.signing_keys import PublicKey, current_public_key, export_public_key
from ui.admin_common import AdminPage
from ui.desk import Desk
from ui.widgets import scaled_font


class SigningKeyPage(AdminPage):
    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(desk, parent)
        self.key: PublicKey | None = None
        self.fingerprint = QLabel()
        self.public_key = QLabel()
        self.export_button = QPushButton(_("Export the public key…"))
        self._build()
        self.export_button.clicked.connect(self.export_key)
        self.load()

    def _build(self) -> None:
        for label in (self.fingerprint, self.public_key):
            label.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.fingerprint.setFont(scaled_font(self, 1.4, bold=True))
        self.public_key.setWordWrap(True)
        form = QFormLayout()
        form.addRow(_("Fingerprint"), self.fingerprint)
        form.addRow(_("Public key"), self.public_key)
        explain = QLabel(_("Every receipt's QR code is signed with this office's key. Whoever has the public key "
                           "(exported as a file) can check a receipt with «pishkhan check-receipt»; the fingerprint "
                           "is also printed on the printer's test page."))
        explain.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addLayout(form)
        layout.addWidget(explain)
        layout.addWidget(self.export_button, 0, Qt.AlignmentFlag.AlignLeading)
        layout.addStretch(1)

    def load(self) -> None:
        db = self.db
        self.call(lambda: current_public_key(db), self.show_key)  # made now for an office from before signing

    def show_key(self, key: PublicKey) -> None:
        self.key = key
        self.fingerprint.setText(key.fingerprint)
        self.public_key.setText(key.hex)

    def export_key(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(self, _("Export the public key…"), "office-public-key.pem",
                                                    "PEM (*.pem)")
        if path:
            self.export_to(path)

    def export_to(self, path: str) -> None:
        db = self.db
        self.call(lambda: export_public_key(db, Path(path)),
                  lambda _key: self.message.show_info(_("The public key was written to {path}.", path=path)))
