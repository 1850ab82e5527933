"""Receipts and printers: one printer-neutral document, rendered to a thermal bitmap + ESC/POS bytes
or to an A4 PDF, sent to a printer through a queue that never loses a job.

Dependency rule: this package may import `app`, never `ui`. Painters do no business arithmetic:
every amount comes formatted from `printing.document`, which takes it from `ReceiptData`.
Qt is imported only by `printing.thermal`, so building documents and PDFs loads no Qt.
Importing the package registers its Persian strings with `app.i18n`.
"""
from app.i18n import register
from printing.messages_fa_printing import FA_PRINTING

register(FA_PRINTING)
