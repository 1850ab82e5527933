"""Receipts and printers: one printer-neutral document, rendered to a thermal bitmap + ESC/POS bytes
or to an A4 PDF, sent to a printer through a queue that never loses a job.

Dependency rule: this package may import `app`, never `ui`. Painters do no business arithmetic:
every amount comes formatted from `printing.receipt_document`, which takes it from `ReceiptData`.
Qt is imported only by `printing.thermal`, so building documents and PDFs loads no Qt.
Its Persian is in printing/locale (falling back to app's); an entry point that prints loads it with
`app.i18n.load_catalogues("printing")`.
"""
