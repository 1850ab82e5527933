"""The saved receipt on screen and on paper, through `printing` (one renderer for both).

Runs in the printing runner's thread: rendering with QPainter on a QImage is thread-safe, and a
printer that is off or out of paper only ever produces a message, never a lost sale.
"""
from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QImage

from app.db import Database
from app.receipt_data import ReceiptData

PRINTER_SETTING = "printer"  # the office setting holding PrinterConfig.to_json()
PREVIEW_WIDTH = 576  # 80 mm paper, as printed


@dataclass(frozen=True)
class PrintOutcome:
    printed: bool
    message: str = ""  # for the clerk, when not printed
    job_id: str = ""  # a job kept in the spool, to retry
    configured: bool = True  # False: no printer set up yet (a fact to mention, not a fault)


def receipt_image(data: ReceiptData, width_px: int = PREVIEW_WIDTH) -> QImage:
    from printing.document import build_receipt
    from printing.thermal import render_qimage

    return render_qimage(build_receipt(data), width_px)


def load_printer(db: Database):  # type: ignore[no-untyped-def]
    """The receipt printer set up for this office (ui/admin_printer.py saves it), or None."""
    from app.services.office import get_setting
    from printing.printers import PrinterConfig

    # TODO(app): a `printer_settings(db)` service would keep this read out of ui/.
    with db.read() as session:
        raw = get_setting(session, PRINTER_SETTING)
    return PrinterConfig.from_json(raw) if raw else None


_queues: dict[str, object] = {}


def print_queue():  # type: ignore[no-untyped-def]
    """The spool of receipts not yet printed (kept on disk, so nothing is lost to a printer fault)."""
    from app.paths import data_dir
    from printing.jobs import PrintQueue

    folder = str(data_dir() / "print-spool")
    if folder not in _queues:
        _queues[folder] = PrintQueue(folder)
    return _queues[folder]


def print_receipt(db: Database, data: ReceiptData) -> PrintOutcome:
    """Render and send the receipt; every printer fault becomes a message (the sale is already saved)."""
    from app.i18n import _
    from printing.document import build_receipt
    from printing.printers import PrinterError, receipt_escpos, wants_drawer

    config = load_printer(db)
    if config is None:
        return PrintOutcome(False, _("No receipt printer is set up yet; the receipt is saved and can be "
                                     "printed later from today's list."), configured=False)
    try:
        payload = receipt_escpos(build_receipt(data), config, kick_drawer=wants_drawer(data))
    except PrinterError as err:
        return PrintOutcome(False, err.message)
    return _outcome(print_queue().submit(payload, config, receipt_number=data.receipt_number))


def retry_print(job_id: str) -> PrintOutcome:
    return _outcome(print_queue().retry(job_id))


def _outcome(result) -> PrintOutcome:  # type: ignore[no-untyped-def]
    return PrintOutcome(bool(result.ok), result.message, "" if result.ok else result.job.id)
