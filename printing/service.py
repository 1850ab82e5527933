"""Printing as a use case: the one place the screens and the command line print, reprint, export and
empty the spool.

    service = PrintService(db)
    service.print_sale(actor, number)          # original or copy: the print log decides
    service.print_shift_report(actor, report)  # the X / Z report on the receipt printer
    service.export_sale(actor, number, "pdf", 80, path)  # a file for the citizen: counts as a print
    service.pending(); service.retry(actor, ids); service.discard(actor, id)
    service.waiting(actor); service.print_waiting(actor, ids)  # the spool and the shift's unsent receipts

The printer is the office setting PRINTER (app/settings_registry.py), read through the settings
service. Every job goes through the spool (printing/jobs.py), one per spool folder per process, so a
printer fault never loses a receipt; a delivered receipt is logged (and journaled) by app/services/receipts.py, also
when it is delivered later by a retry. Methods block while the printer is written to: screens call
them on their printer thread. A printer fault is never an exception here, only an outcome with a
message for the clerk.
"""
from __future__ import annotations

import logging
import os
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeAlias

from app.db import Database
from app.i18n import _
from app.office_record import Office
from app.receipt_data import ReceiptData
from app.services.common import Actor
from app.services.office import read_setting
from app.services.receipts import PrintPlan, may_print, prepare_print, record_delivery, shift_unprinted, staff_name
from app.settings_registry import PRINTER
from printing.jobs import PrintJob, PrintQueue
from printing.printers import PrinterConfig, PrinterError, receipt_escpos, wants_drawer

if TYPE_CHECKING:
    from app.services.shifts import ShiftReport

log = logging.getLogger(__name__)

SPOOL_FOLDER = "print-spool"

_spools: dict[str, PrintQueue] = {}
_spools_lock = threading.Lock()


def spool(folder: str | os.PathLike[str] | None = None) -> PrintQueue:
    """The process's queue over a spool folder (default: the data folder's print-spool). One per
    folder: two queues over the same files would send a job twice."""
    if folder is None:
        from app.paths import data_dir

        folder = data_dir() / SPOOL_FOLDER
    where = str(Path(folder).resolve())
    with _spools_lock:
        if where not in _spools:
            _spools[where] = PrintQueue(where)
        return _spools[where]


def forget_spools() -> None:
    """As a new process would: queues are read again from their folders (tests, restore)."""
    with _spools_lock:
        _spools.clear()


@dataclass(frozen=True)
class PrintOutcome:
    printed: bool
    message: str = ""  # for the clerk, when not printed
    job_id: str = ""  # a job kept in the spool, to retry
    configured: bool = True  # False: no printer set up yet (a fact to mention, not a fault)
    data: ReceiptData | None = None  # the receipt sent (original or copy)


@dataclass(frozen=True)
class RetryResult:
    outcomes: list[PrintOutcome]
    pending: list[PrintJob] = field(default_factory=list)


@dataclass(frozen=True)
class NeverSent:
    """A receipt of the clerk's shift that is in no print job and was never delivered: no printer was
    set up when it was saved, or its job was discarded. Listed beside the spool's jobs, so that the
    waiting list holds every receipt the counter counts as not printed."""

    receipt_number: int
    created_at: str  # when the sale was recorded
    label: str = ""
    attempts: int = 0

    @property
    def id(self) -> str:
        return f"receipt:{self.receipt_number}"

    @property
    def error(self) -> str:
        return _("Never sent to a printer (none was set up, or its print job was discarded).")


Waiting: TypeAlias = "PrintJob | NeverSent"


@dataclass(frozen=True)
class WaitingResult:
    outcomes: list[PrintOutcome]
    waiting: list[Waiting]


@dataclass(frozen=True)
class ExportResult:
    path: Path
    data: ReceiptData


class PrintService:
    def __init__(self, db: Database, queue: PrintQueue | None = None) -> None:
        self.db = db
        self.queue = queue if queue is not None else spool()

    # --- the printer ------------------------------------------------------------------------------

    def printer(self) -> PrinterConfig | None:
        """The receipt printer set up for this office, or None. (Unreadable settings: PrinterError.)"""
        raw = read_setting(self.db, PRINTER)  # PrinterConfig.to_json(), from the printer settings page
        return PrinterConfig.from_json(raw) if raw else None

    # --- receipts ---------------------------------------------------------------------------------

    def plan(self, actor: Actor, number: int) -> PrintPlan:
        """The receipt as its next print will be (original or the next copy), for a preview."""
        return prepare_print(self.db, actor, number)

    def print_sale(self, actor: Actor, number: int, *, open_drawer: bool = False) -> PrintOutcome:
        """Print a sale's receipt: the original until one was delivered, then a copy. With
        `open_drawer`, an original paid in cash kicks the drawer (where the printer drives one)."""
        return self.print_plan(actor, prepare_print(self.db, actor, number), open_drawer=open_drawer)

    def reprint_copy(self, actor: Actor, number: int) -> PrintOutcome:
        """«Print again» from a list: the same rule as `print_sale` (a receipt never delivered is still
        printed as the original), never opening the drawer."""
        return self.print_sale(actor, number)

    def print_plan(self, actor: Actor, plan: PrintPlan, *, open_drawer: bool = False) -> PrintOutcome:
        """Send a prepared receipt (the one a preview shows)."""
        from printing.receipt_document import build_receipt

        try:
            config = self.printer()
        except PrinterError as err:
            return PrintOutcome(False, err.message, data=plan.data)
        if config is None:
            return PrintOutcome(False, _("No receipt printer is set up yet; the receipt is saved and can be "
                                         "printed later from today's list."), configured=False, data=plan.data)
        try:
            payload = receipt_escpos(build_receipt(plan.data), config,
                                     kick_drawer=open_drawer and wants_drawer(plan.data))
        except PrinterError as err:
            return PrintOutcome(False, err.message, data=plan.data)
        result = self.queue.submit(payload, config, receipt_number=plan.data.receipt_number, meta=plan.to_meta())
        if result.ok:
            self._delivered(result.job, actor)
        return PrintOutcome(bool(result.ok), result.message, "" if result.ok else result.job.id, data=plan.data)

    def export_sale(self, actor: Actor, number: int, fmt: str, paper: int, out: str | os.PathLike[str]) -> ExportResult:
        """Write the receipt to a file the citizen gets (PNG, ESC/POS or PDF): a delivered print,
        logged and journaled, and a copy unless it is the first print of the sale."""
        from printing.receipt_files import write_receipt

        plan = prepare_print(self.db, actor, number)
        path = write_receipt(plan.data, fmt, paper, out)
        record_delivery(self.db, plan.to_meta(), destination=f"file:{Path(path).name}", delivered_by=actor.id)
        return ExportResult(path, plan.data)

    # --- shift reports ----------------------------------------------------------------------------

    def print_shift_report(self, actor: Actor, report: ShiftReport, office: Office | None = None) -> PrintOutcome:
        """The X or Z report on the receipt printer, through the same spool."""
        from app.services.office_history import current_office
        from printing.shift_document import build_shift_document, shift_report_title

        may_print(self.db, actor)
        try:
            config = self.printer()
        except PrinterError as err:
            return PrintOutcome(False, err.message)
        if config is None:
            return PrintOutcome(False, _("No receipt printer is set up yet; set one up in the settings to print "
                                         "this report."), configured=False)
        office = office or current_office(self.db)
        clerk = actor.full_name if actor.id == report.staff_id else staff_name(self.db, report.staff_id)
        try:
            payload = receipt_escpos(build_shift_document(report, office, clerk), config)
        except PrinterError as err:
            return PrintOutcome(False, err.message)
        result = self.queue.submit(payload, config, label=shift_report_title(report))
        return self._outcome(result)

    # --- the test page ----------------------------------------------------------------------------

    def print_test_page(self, config: PrinterConfig) -> None:
        """A test page on `config` (not yet saved, maybe), with the office's key fingerprint; raises
        PrinterError. Not spooled: a test page that fails is not worth keeping."""
        from app.services.signing_keys import current_public_key
        from printing.printers import test_page

        test_page(config, key_fingerprint=current_public_key(self.db).fingerprint)

    # --- the spool --------------------------------------------------------------------------------

    def pending(self) -> list[PrintJob]:
        """Receipts and reports waiting in the spool, oldest first."""
        return self.queue.pending()

    def retry(self, actor: Actor, job_ids: list[str] | None = None) -> RetryResult:
        """Send waiting jobs again (all, or these) on the printer set up now — its settings may have
        been fixed since; with none set up any more, each job keeps its own printer. A receipt
        delivered now is logged as printed by `actor`."""
        may_print(self.db, actor)
        try:
            config = self.printer()
        except PrinterError:
            config = None
        known = {job.id for job in self.queue.pending()}
        wanted = [j for j in (job_ids if job_ids is not None else list(known)) if j in known]
        outcomes = []
        for job_id in wanted:
            result = self.queue.retry(job_id, config)
            if result.ok:
                self._delivered(result.job, actor)
            outcomes.append(self._outcome(result))
        return RetryResult(outcomes, self.queue.pending())

    def retry_job(self, actor: Actor, job_id: str) -> PrintOutcome:
        """Send one kept job again (the «try printing again» of a receipt or report window)."""
        outcomes = self.retry(actor, [job_id]).outcomes
        if not outcomes:  # printed or discarded from the waiting-jobs window meanwhile
            return PrintOutcome(False, _("This print job is no longer waiting; print the receipt or report again."))
        return outcomes[0]

    def waiting(self, actor: Actor) -> list[Waiting]:
        """What waits to be printed: the spool's jobs (receipts and reports, oldest first), then the
        receipts of the actor's shift that are in no job and were never delivered."""
        jobs = self.queue.pending()
        spooled = {job.receipt_number for job in jobs if job.receipt_number is not None}
        unsent = [NeverSent(u.receipt_number, u.created_at) for u in shift_unprinted(self.db, actor)
                  if u.receipt_number not in spooled]
        return [*jobs, *unsent]

    def print_waiting(self, actor: Actor, ids: list[str]) -> WaitingResult:
        """Print these waiting items (`Waiting.id`): a kept job goes again, a receipt never sent is
        printed now (as its original: none was delivered)."""
        may_print(self.db, actor)
        outcomes = []
        for item_id in ids:
            if item_id.startswith("receipt:"):
                outcomes.append(self.print_sale(actor, int(item_id.removeprefix("receipt:"))))
            else:
                outcomes += self.retry(actor, [item_id]).outcomes
        return WaitingResult(outcomes, self.waiting(actor))

    def discard(self, actor: Actor, job_id: str) -> list[PrintJob]:
        """Take a job out of the spool (the sale stays recorded; its receipt can be printed again)."""
        may_print(self.db, actor)
        self.queue.discard(job_id)
        return self.queue.pending()

    # --- internals --------------------------------------------------------------------------------

    def _delivered(self, job: PrintJob, actor: Actor) -> None:
        if not job.meta.get("txn_id"):
            return  # a report: nothing to log
        try:
            record_delivery(self.db, dict(job.meta), destination=job.config.address, delivered_by=actor.id)
        except Exception:  # the receipt is in the citizen's hand; the log line is what was lost
            log.exception("print of receipt %s delivered but not logged", job.receipt_number)

    @staticmethod
    def _outcome(result: Any) -> PrintOutcome:
        if result.ok:
            return PrintOutcome(True)
        return PrintOutcome(False, failure_text(result), result.job.id)


def failure_text(result: Any) -> str:
    """What went wrong, for the clerk: the queue's own words for a receipt, the report's for a report."""
    if result.job.receipt_number is not None:
        return str(result.message)
    error = result.error.message if result.error is not None else ""
    return _("The report was not printed: {error} It is kept and can be printed again.", error=error)


def job_title(job: PrintJob) -> str:
    if job.receipt_number is not None:
        return _("Receipt {number}", number=job.receipt_number)
    return job.label or _("Report")
