"""Printer settings and sending ESC/POS bytes to a printer, with faults turned into plain Persian.

Every back-end is bounded in time: a printer that is off, out of paper or unplugged must never
hang the sale, and every failure becomes a `PrinterError` whose message a clerk can act on.
The network back-end is a plain socket (port 9100 "raw"), because python-escpos's Network class
cannot tell a stalled printer from a slow one; the others use python-escpos or the system spooler.
"""
from __future__ import annotations

import json
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, fields
from typing import Any

from app.i18n import _
from app.text import isolate_ltr

KINDS = ("network", "usb", "serial", "file", "cups", "windows")
PAPER_WIDTHS = {80: 576, 58: 384}  # dots at 203 dpi; a few 80 mm models print only 512
DEFAULT_TIMEOUT = 15.0  # seconds for a whole job; a receipt prints in 1-3 s on a working printer
CONNECT_TIMEOUT = 4.0
LINGER = 0.5  # after sending, how long to wait for the printer to close its side


def width_for_paper(paper: int) -> int:
    try:
        return PAPER_WIDTHS[int(paper)]
    except (KeyError, ValueError):
        raise PrinterError(_("Paper width must be 80 or 58 mm."), kind="settings") from None


class PrinterError(Exception):
    """A printing failure with a message for the clerk (`message`) and one for the log (`detail`).

    `kind` is one of: settings, not_found, unreachable, timeout, stalled, disconnected,
    unavailable, failed.
    """

    def __init__(self, message: str, *, kind: str = "failed", detail: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.kind = kind
        self.detail = detail


@dataclass
class PrinterConfig:
    kind: str = "network"
    host: str = ""
    port: int = 9100
    usb_vendor: int = 0  # USB ids, e.g. 0x0416
    usb_product: int = 0
    serial_device: str = ""  # "/dev/ttyUSB0", "COM3"
    baudrate: int = 9600
    file_path: str = ""  # "/dev/usb/lp0", "LPT1", a file
    printer_name: str = ""  # the CUPS queue or the Windows printer name
    paper: int = 80  # mm: 80 or 58
    width_px: int = 0  # 0 = the paper's usual width (576 / 384); 512 for narrow 80 mm models
    drawer_kick: bool = False  # open the cash drawer for cash payments
    copies: int = 1
    cut: bool = True
    timeout: float = DEFAULT_TIMEOUT

    @property
    def dots(self) -> int:
        return int(self.width_px) or width_for_paper(self.paper)

    @property
    def address(self) -> str:
        """Where the printer is, as a clerk would recognise it."""
        if self.kind == "network":
            return f"{self.host}:{self.port}"
        if self.kind == "usb":
            return f"USB {self.usb_vendor:04x}:{self.usb_product:04x}"
        if self.kind == "serial":
            return self.serial_device
        if self.kind == "file":
            return self.file_path
        return self.printer_name

    def problems(self) -> list[str]:
        """What is missing or wrong in these settings, in the clerk's language (empty when fine)."""
        found: list[str] = []
        if self.kind not in KINDS:
            found.append(_("Unknown printer type: {kind}", kind=self.kind))
        elif self.kind == "network" and not self.host:
            found.append(_("The printer's network address is missing."))
        elif self.kind == "network" and not 0 < int(self.port) < 65536:
            found.append(_("The printer's port must be between 1 and 65535."))
        elif self.kind == "usb" and not (self.usb_vendor and self.usb_product):
            found.append(_("The printer's USB vendor and product ids are missing."))
        elif self.kind == "serial" and not self.serial_device:
            found.append(_("The printer's serial port is missing."))
        elif self.kind == "file" and not self.file_path:
            found.append(_("The printer's file or device path is missing."))
        elif self.kind in ("cups", "windows") and not self.printer_name:
            found.append(_("The printer's name is missing."))
        if int(self.paper) not in PAPER_WIDTHS:
            found.append(_("Paper width must be 80 or 58 mm."))
        elif self.width_px and not 0 < int(self.width_px) <= PAPER_WIDTHS[int(self.paper)]:
            found.append(_("The printable width is wider than the paper."))
        if not 1 <= int(self.copies) <= 5:
            found.append(_("Copies must be between 1 and 5."))
        return found

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str | dict[str, Any]) -> PrinterConfig:
        """Settings saved by `to_json` (unknown keys from a newer version are ignored)."""
        try:
            raw = json.loads(text) if isinstance(text, str) else dict(text)
            if not isinstance(raw, dict):
                raise ValueError("not an object")
            known = {f.name: f for f in fields(cls)}
            values: dict[str, Any] = {}
            for key, value in raw.items():
                if key not in known:
                    continue
                default = known[key].default
                if isinstance(default, bool):
                    value = bool(value)
                elif isinstance(default, int):
                    # USB ids are often written in hex: "0x0416".
                    value = int(value, 0) if isinstance(value, str) else int(value)
                elif isinstance(default, float):
                    value = float(value)
                else:
                    value = str(value)
                values[key] = value
            return cls(**values)
        except (ValueError, TypeError) as exc:
            raise PrinterError(_("The saved printer settings cannot be read."), kind="settings",
                               detail=str(exc)) from None


# --- sending -------------------------------------------------------------------------------------


def send(config: PrinterConfig, payload: bytes, timeout: float | None = None) -> None:
    """Deliver `payload` (ESC/POS bytes, copies already included) to the printer, or raise PrinterError."""
    problems = config.problems()
    if problems:
        raise PrinterError(_("The printer settings are incomplete: {problem}", problem=problems[0]),
                           kind="settings")
    budget = float(timeout if timeout is not None else config.timeout)
    senders: dict[str, Callable[[PrinterConfig, bytes, float], None]] = {
        "network": _send_network, "usb": _send_usb, "serial": _send_serial, "file": _send_file,
        "cups": _send_cups, "windows": _send_windows,
    }
    try:
        senders[config.kind](config, payload, budget)
    except PrinterError:
        raise
    except Exception as exc:  # a driver's own exception: never let a traceback reach the clerk
        raise PrinterError(_("The receipt could not be sent to the printer ({address}).",
                             address=isolate_ltr(config.address)), detail=repr(exc)) from None


def _where(config: PrinterConfig) -> str:
    return isolate_ltr(config.address)


def _unsent_bytes(sock: socket.socket) -> int | None:
    """Bytes the printer has not acknowledged yet (Linux only; None where unknown)."""
    if not sys.platform.startswith("linux"):
        return None
    import array
    import fcntl
    import termios

    buf = array.array("i", [0])
    try:
        fcntl.ioctl(sock.fileno(), termios.TIOCOUTQ, buf)
    except OSError:
        return None
    return buf[0]


def _send_network(config: PrinterConfig, payload: bytes, budget: float) -> None:
    where = _where(config)
    deadline = time.monotonic() + budget
    try:
        sock = socket.create_connection((config.host, int(config.port)), timeout=min(CONNECT_TIMEOUT, budget))
    except socket.gaierror as exc:
        raise PrinterError(_("The printer address {address} was not found. Check the printer settings.",
                             address=where), kind="not_found", detail=repr(exc)) from None
    except TimeoutError as exc:
        raise PrinterError(_("The printer at {address} does not answer. Check that it is on and connected to the network.", address=where), kind="timeout", detail=repr(exc)) from None
    except OSError as exc:  # refused, no route, network down
        raise PrinterError(_("The printer at {address} is off or cannot be reached. Check that it is on and its cable is connected.", address=where), kind="unreachable",
                           detail=repr(exc)) from None
    stalled = PrinterError(_("The printer at {address} stopped taking the receipt (out of paper, cover open or busy). Check it, then print again.", address=where), kind="stalled")
    dropped = PrinterError(_("The printer at {address} disconnected in the middle of printing. Check it, then print again.", address=where), kind="disconnected")
    with sock:
        try:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            view = memoryview(payload)
            sent = 0
            while sent < len(view):
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise stalled
                sock.settimeout(remaining)
                sent += sock.send(view[sent:sent + 65536])
            # send() returning only means the bytes are in our kernel's buffer. Wait until the
            # printer has acknowledged them all: a printer out of paper stops acknowledging.
            while (unsent := _unsent_bytes(sock)):
                if sock.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR):
                    raise dropped
                if time.monotonic() > deadline:
                    stalled.detail = f"{unsent} bytes not acknowledged"
                    raise stalled
                time.sleep(0.005)
            # Tell the printer we are done; one that dropped the connection answers with a reset.
            sock.shutdown(socket.SHUT_WR)
            sock.settimeout(max(0.05, min(LINGER, deadline - time.monotonic())))
            try:
                while sock.recv(4096):  # status bytes some printers send back: not needed
                    pass
            except TimeoutError:
                pass  # printers may keep their side open; everything was acknowledged
        except PrinterError:
            raise
        except TimeoutError as exc:
            stalled.detail = repr(exc)
            raise stalled from None
        except OSError as exc:  # reset, broken pipe, aborted
            dropped.detail = repr(exc)
            raise dropped from None


def _bounded(work: Callable[[], None], budget: float, config: PrinterConfig) -> None:
    """Run a blocking driver call in a helper thread so a wedged device cannot hang the caller.

    A device that never returns leaves that helper thread blocked; the job is kept and reported.
    """
    box: list[BaseException] = []

    def run() -> None:
        try:
            work()
        except BaseException as exc:  # handed to the caller below
            box.append(exc)

    worker = threading.Thread(target=run, name="printer-io", daemon=True)
    worker.start()
    worker.join(budget)
    if worker.is_alive():
        raise PrinterError(_("The printer ({address}) does not respond. Check that it is on and has paper, then print again.", address=_where(config)), kind="timeout")
    if box:
        raise box[0]


def _unavailable(config: PrinterConfig, detail: str) -> PrinterError:
    return PrinterError(_("This computer cannot print to this kind of printer ({kind}). Check the printer settings.", kind=config.kind), kind="unavailable", detail=detail)


def _send_file(config: PrinterConfig, payload: bytes, budget: float) -> None:
    # /dev/usb/lp0 on Linux, LPT1 or a shared printer's \\host\name path on Windows, or a plain file.
    def work() -> None:
        with open(config.file_path, "wb") as out:
            out.write(payload)
            out.flush()

    try:
        _bounded(work, budget, config)
    except FileNotFoundError as exc:
        raise PrinterError(_("The printer {address} was not found. Check that it is connected and on.",
                             address=_where(config)), kind="not_found", detail=repr(exc)) from None
    except OSError as exc:
        raise PrinterError(_("The printer {address} could not be written to. Check that it is connected and on.", address=_where(config)), kind="unreachable", detail=repr(exc)) from None


def _escpos_send(config: PrinterConfig, make: Callable[[], Any], payload: bytes, budget: float) -> None:
    """Open a python-escpos device, write the bytes, close it: all inside the time bound."""
    from escpos import exceptions as escpos_errors

    def work() -> None:
        printer = make()
        try:
            printer.open()
            printer._raw(payload)  # raw bytes: the image and commands are already encoded
        finally:
            printer.close()

    try:
        _bounded(work, budget, config)
    except (escpos_errors.DeviceNotFoundError, escpos_errors.USBNotFoundError) as exc:
        raise PrinterError(_("The printer {address} was not found. Check that it is connected and on.",
                             address=_where(config)), kind="not_found", detail=repr(exc)) from None
    except PrinterError:
        raise
    except Exception as exc:
        raise PrinterError(_("The printer {address} disconnected or refused the receipt. Check it, then print again.", address=_where(config)), kind="disconnected",
                           detail=repr(exc)) from None


def _send_usb(config: PrinterConfig, payload: bytes, budget: float) -> None:
    from escpos.printer import Usb

    if not Usb.is_usable():
        raise _unavailable(config, "pyusb is not installed")
    _escpos_send(config, lambda: Usb(config.usb_vendor, config.usb_product, timeout=int(budget * 1000)),
                 payload, budget)


def _send_serial(config: PrinterConfig, payload: bytes, budget: float) -> None:
    from escpos.printer import Serial

    if not Serial.is_usable():
        raise _unavailable(config, "pyserial is not installed")
    _escpos_send(config, lambda: Serial(config.serial_device, baudrate=int(config.baudrate),
                                        timeout=budget), payload, budget)


def _send_windows(config: PrinterConfig, payload: bytes, budget: float) -> None:
    from escpos.printer import Win32Raw

    if not Win32Raw.is_usable():
        raise _unavailable(config, "pywin32 is not installed or this is not Windows")
    _escpos_send(config, lambda: Win32Raw(config.printer_name), payload, budget)


def _send_cups(config: PrinterConfig, payload: bytes, budget: float) -> None:
    # `lp -o raw` hands the bytes to CUPS untouched; no pycups (a C extension) to build or ship.
    try:
        result = subprocess.run(["lp", "-d", config.printer_name, "-o", "raw", "-"], input=payload,
                                capture_output=True, timeout=budget, check=False)
    except FileNotFoundError as exc:
        raise _unavailable(config, "lp (CUPS) is not installed") from exc
    except subprocess.TimeoutExpired as exc:
        raise PrinterError(_("The printer ({address}) does not respond. Check that it is on and has paper, then print again.", address=_where(config)), kind="timeout",
                           detail=repr(exc)) from None
    if result.returncode != 0:
        raise PrinterError(_("The system printer {address} refused the receipt. Check its name in the settings.", address=_where(config)), kind="not_found",
                           detail=result.stderr.decode(errors="replace").strip())


# --- what to send --------------------------------------------------------------------------------


def receipt_escpos(doc: Any, config: PrinterConfig, *, kick_drawer: bool = False) -> bytes:
    """ESC/POS bytes for a document on this printer: its width, copies, cut and drawer settings."""
    from printing.thermal import render_thermal, to_escpos

    image = render_thermal(doc, config.dots)
    return to_escpos(image, cut=config.cut, kick_drawer=kick_drawer and config.drawer_kick,
                     copies=int(config.copies), paper_px=config.dots)


def wants_drawer(data: Any) -> bool:
    """The drawer opens for a sale taking cash (not for card-only sales or reprints)."""
    return not getattr(data, "copy", False) and any(p.method == "cash" for p in getattr(data, "payments", ()))


def test_page(config: PrinterConfig, timeout: float | None = None, *, key_fingerprint: str = "") -> bytes:
    """Print a test page on `config` (raises PrinterError); returns the bytes sent."""
    from app.jalali import format_instant, now_utc
    from printing.receipt_document import build_test_page

    kinds = {"network": _("Network"), "usb": _("USB printer"), "serial": _("Serial port"), "file": _("Device file"),
             "cups": _("System printer (CUPS)"), "windows": _("Windows printer")}
    doc = build_test_page(kind=kinds.get(config.kind, config.kind), address=config.address,
                          paper_mm=int(config.paper), width_px=config.dots, when=format_instant(now_utc()),
                          key_fingerprint=key_fingerprint)
    payload = receipt_escpos(doc, config, kick_drawer=True)
    send(config, payload, timeout)
    return payload
