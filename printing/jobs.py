"""The print queue: a job is written to the spool folder before it is sent and removed only once the
printer has taken it, so a printer fault, a crash or a restart never loses a receipt.

`submit()` and `retry()` block while sending: the UI calls them off the GUI thread. They never
raise for a printer fault; they return a `PrintOutcome` whose `message` is for the clerk.
"""
from __future__ import annotations

import base64
import datetime as dt
import json
import logging
import os
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from app.i18n import _
from app.text import isolate_ltr
from printing.printers import PrinterConfig, PrinterError, send

log = logging.getLogger(__name__)

Sender = Callable[[PrinterConfig, bytes], None]
_seq_lock = threading.Lock()
_last_seq = 0


def _next_seq() -> int:
    """Nanoseconds since the epoch, strictly increasing: orders jobs across restarts too."""
    global _last_seq
    with _seq_lock:
        _last_seq = max(time.time_ns(), _last_seq + 1)
        return _last_seq
SUFFIX = ".job.json"


@dataclass
class PrintJob:
    id: str
    payload: bytes  # ESC/POS bytes, ready for the printer
    config: PrinterConfig
    receipt_number: int | None = None
    label: str = ""  # what the clerk sees in the list of unprinted jobs
    created_at: str = field(default_factory=lambda: dt.datetime.now(dt.UTC).isoformat(timespec="seconds"))
    seq: int = field(default_factory=lambda: _next_seq())  # submission order, even within one second
    attempts: int = 0
    error: str = ""  # the last failure, in the clerk's language
    error_kind: str = ""  # PrinterError.kind
    meta: dict[str, object] = field(default_factory=dict)  # what to log once delivered (printing/service.py)

    def to_dict(self) -> dict[str, object]:
        return {"id": self.id, "receipt_number": self.receipt_number, "label": self.label,
                "created_at": self.created_at, "seq": self.seq, "attempts": self.attempts, "error": self.error,
                "error_kind": self.error_kind, "meta": self.meta, "config": json.loads(self.config.to_json()),
                "payload": base64.b64encode(self.payload).decode("ascii")}

    @classmethod
    def from_dict(cls, raw: dict[str, object]) -> PrintJob:
        return cls(id=str(raw["id"]), payload=base64.b64decode(str(raw["payload"]), validate=True),
                   config=PrinterConfig.from_json(raw["config"]),  # type: ignore[arg-type]
                   receipt_number=raw.get("receipt_number"),  # type: ignore[arg-type]
                   label=str(raw.get("label", "")), created_at=str(raw.get("created_at", "")),
                   seq=int(raw.get("seq", 0)),  # type: ignore[call-overload]
                   attempts=int(raw.get("attempts", 0)),  # type: ignore[call-overload]
                   error=str(raw.get("error", "")), error_kind=str(raw.get("error_kind", "")),
                   meta=dict(raw.get("meta") or {}))  # type: ignore[call-overload]


@dataclass(frozen=True)
class PrintOutcome:
    ok: bool
    job: PrintJob
    error: PrinterError | None = None

    @property
    def message(self) -> str:
        """For the clerk: empty on success, else what went wrong and that the job is kept."""
        if self.ok or self.error is None:
            return ""
        number = self.job.receipt_number if self.job.receipt_number is not None else self.job.label
        return _("Receipt {number} was not printed: {error} It is kept and can be printed again.",
                 number=number, error=self.error.message)


class PrintQueue:
    """Jobs not yet printed, kept in memory and in `spool_dir` (one JSON file per job)."""

    def __init__(self, spool_dir: str | os.PathLike[str], sender: Sender | None = None,
                 on_change: Callable[[], None] | None = None) -> None:
        self.spool = Path(spool_dir)
        self.spool.mkdir(parents=True, exist_ok=True)
        self._send: Sender = sender or (lambda config, payload: send(config, payload))
        self._on_change = on_change
        self._lock = threading.Lock()
        self._jobs: dict[str, PrintJob] = {}
        self._sending: set[str] = set()
        self._load()

    # --- the clerk's operations ----------------------------------------------------------------

    def submit(self, payload: bytes, config: PrinterConfig, *, receipt_number: int | None = None,
               label: str = "", meta: dict[str, object] | None = None) -> PrintOutcome:
        """Spool the job, then send it; on success it leaves the spool, on failure it stays."""
        job = PrintJob(id=uuid.uuid4().hex, payload=bytes(payload), config=config,
                       receipt_number=receipt_number, label=label, meta=dict(meta or {}))
        with self._lock:
            self._jobs[job.id] = job
            self._write(job)  # on disk before the printer is touched: a crash now loses nothing
            self._sending.add(job.id)
        return self._attempt(job)

    def retry(self, job: PrintJob | str, config: PrinterConfig | None = None) -> PrintOutcome:
        """Send a kept job again, optionally to another printer (e.g. the spare one)."""
        job_id = job if isinstance(job, str) else job.id
        with self._lock:
            current = self._jobs.get(job_id)
            if current is None:
                raise KeyError(job_id)
            if job_id in self._sending:
                busy = PrinterError(_("This receipt is being printed right now."), kind="busy")
                return PrintOutcome(False, current, busy)
            if config is not None:
                current.config = config
            self._sending.add(job_id)
        return self._attempt(current)

    def retry_all(self) -> list[PrintOutcome]:
        return [self.retry(job) for job in self.pending()]

    def discard(self, job: PrintJob | str) -> None:
        """Drop a kept job the clerk no longer wants (it was reprinted, or the citizen left)."""
        job_id = job if isinstance(job, str) else job.id
        with self._lock:
            self._jobs.pop(job_id, None)
            self._path(job_id).unlink(missing_ok=True)
        self._changed()

    def pending(self) -> list[PrintJob]:
        """Jobs not printed yet, oldest first."""
        with self._lock:
            return sorted(self._jobs.values(), key=lambda j: (j.seq, j.created_at, j.id))

    def __len__(self) -> int:
        with self._lock:
            return len(self._jobs)

    # --- internals -----------------------------------------------------------------------------

    def _attempt(self, job: PrintJob) -> PrintOutcome:
        try:
            self._send(job.config, job.payload)
        except PrinterError as exc:
            return self._failed(job, exc)
        except Exception as exc:  # a bug in a back-end must still not lose the job
            log.exception("print job %s failed unexpectedly", job.id)
            return self._failed(job, PrinterError(
                _("The receipt could not be sent to the printer ({address}).", address=isolate_ltr(job.config.address)),
                detail=repr(exc)))
        with self._lock:
            self._sending.discard(job.id)
            self._jobs.pop(job.id, None)
            self._path(job.id).unlink(missing_ok=True)
        self._changed()
        return PrintOutcome(True, job)

    def _failed(self, job: PrintJob, exc: PrinterError) -> PrintOutcome:
        log.warning("print job %s (receipt %s) failed: %s %s", job.id, job.receipt_number, exc.kind, exc.detail)
        with self._lock:
            self._sending.discard(job.id)
            job.attempts += 1
            job.error, job.error_kind = exc.message, exc.kind
            if job.id in self._jobs:
                self._write(job)
        self._changed()
        return PrintOutcome(False, job, exc)

    def _changed(self) -> None:
        if self._on_change is not None:
            try:
                self._on_change()
            except Exception:  # a listener's fault is not the printer's
                log.exception("print queue listener failed")

    def _path(self, job_id: str) -> Path:
        return self.spool / f"{job_id}{SUFFIX}"

    def _write(self, job: PrintJob) -> None:
        """Write whole-or-nothing: a temporary file, flushed to disk, then renamed over."""
        path = self._path(job.id)
        tmp = path.with_name(path.name + ".tmp")
        with open(tmp, "w", encoding="utf-8") as out:
            json.dump(job.to_dict(), out, ensure_ascii=False)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
        _sync_dir(self.spool)

    def _load(self) -> None:
        interrupted = _("The app closed before this receipt was confirmed printed.")
        for path in sorted(self.spool.glob(f"*{SUFFIX}")):
            try:
                job = PrintJob.from_dict(json.loads(path.read_text(encoding="utf-8")))
            except (OSError, ValueError, KeyError, TypeError, PrinterError) as exc:
                # Keep the unreadable file aside for a technician instead of failing the start.
                log.error("unreadable print job %s: %r", path, exc)
                path.rename(path.with_name(path.name + ".bad"))
                continue
            if not job.error:
                job.error = interrupted
            self._jobs[job.id] = job
        for leftover in self.spool.glob(f"*{SUFFIX}.tmp"):
            leftover.unlink(missing_ok=True)  # a write cut short; its previous version is intact


def _sync_dir(folder: Path) -> None:
    """Make the rename itself durable (POSIX); Windows has no directory handles to sync."""
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
