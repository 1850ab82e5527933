"""Printer faults through loopback stand-ins for a network printer: the job is kept, the clerk reads a
plain Persian message, and a retry once the printer is back delivers the bytes intact."""
from __future__ import annotations

import json
import re
import socket
import threading
import time

import pytest

from printing import printers
from printing.jobs import PrintQueue
from printing.printers import PrinterConfig, PrinterError, send

PERSIAN = re.compile("[\u0600-\u06ff]")
PAYLOAD = b"\x1b@" + bytes(range(256)) * 800 + b"\x1dV\x00"  # ~200 KB, like a long receipt


class StandIn:
    """A fake network printer on 127.0.0.1.

    mode: "read" (takes everything until the client closes), "stall" (accepts, never reads:
    a printer out of paper), "close" (accepts and hangs up at once).
    """

    def __init__(self, mode: str, port: int = 0) -> None:
        self.mode = mode
        self.received = bytearray()
        self.done = threading.Event()
        self.release = threading.Event()
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        if mode == "stall":
            # A printer's own buffer is a few KB; without this the kernel would swallow the whole job.
            self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        self.listener.bind(("127.0.0.1", port))
        self.listener.listen(4)
        self.port = self.listener.getsockname()[1]
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        try:
            conn, _ = self.listener.accept()
        except OSError:
            return
        with conn:
            if self.mode == "read":
                while chunk := conn.recv(65536):
                    self.received.extend(chunk)
            elif self.mode == "stall":
                self.release.wait(30)
            # "close": fall through and hang up
        self.done.set()

    def config(self) -> PrinterConfig:
        return PrinterConfig(kind="network", host="127.0.0.1", port=self.port)

    def stop(self) -> None:
        self.release.set()
        self.listener.close()
        self.thread.join(5)


@pytest.fixture
def stand_ins():
    made: list[StandIn] = []

    def make(mode: str, port: int = 0) -> StandIn:
        server = StandIn(mode, port)
        made.append(server)
        return server

    yield make
    for server in made:
        server.stop()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def assert_plain_persian(error: PrinterError) -> None:
    assert PERSIAN.search(error.message), error.message
    assert "Traceback" not in error.message and "Error" not in error.message and "errno" not in error.message


# --- send() ------------------------------------------------------------------------------------


def test_working_printer_gets_every_byte(stand_ins):
    server = stand_ins("read")
    send(server.config(), PAYLOAD, timeout=5)
    assert server.done.wait(5)
    assert bytes(server.received) == PAYLOAD


def test_nothing_listening_is_off_or_unreachable():
    config = PrinterConfig(kind="network", host="127.0.0.1", port=free_port())
    with pytest.raises(PrinterError) as caught:
        send(config, PAYLOAD, timeout=2)
    assert caught.value.kind == "unreachable"
    assert "خاموش است یا در دسترس نیست" in caught.value.message
    assert f"127.0.0.1:{config.port}" in caught.value.message
    assert_plain_persian(caught.value)


def test_stalled_printer_times_out_instead_of_hanging(stand_ins):
    server = stand_ins("stall")
    started = time.monotonic()
    with pytest.raises(PrinterError) as caught:
        send(server.config(), PAYLOAD, timeout=1.5)
    assert time.monotonic() - started < 4  # bounded by the timeout, not by the printer
    assert caught.value.kind == "stalled"
    assert "کاغذ تمام شده" in caught.value.message
    assert_plain_persian(caught.value)


def test_printer_hanging_up_is_a_disconnection(stand_ins):
    server = stand_ins("close")
    with pytest.raises(PrinterError) as caught:
        send(server.config(), PAYLOAD, timeout=3)
    assert caught.value.kind == "disconnected"
    assert "قطع شد" in caught.value.message
    assert_plain_persian(caught.value)


def test_small_job_to_a_printer_that_hung_up_is_not_reported_printed(stand_ins):
    server = stand_ins("close")
    server.done.wait(1)
    time.sleep(0.1)  # the stand-in has closed before we send
    with pytest.raises(PrinterError) as caught:
        send(server.config(), b"\x1b@short", timeout=3)
    assert caught.value.kind in ("disconnected", "unreachable")


def test_bad_settings_are_refused_before_connecting():
    with pytest.raises(PrinterError) as caught:
        send(PrinterConfig(kind="network", host=""), PAYLOAD)
    assert caught.value.kind == "settings"
    assert "نشانی شبکه" in caught.value.message


def test_file_printer(tmp_path):
    target = tmp_path / "lp0"
    send(PrinterConfig(kind="file", file_path=str(target)), PAYLOAD)
    assert target.read_bytes() == PAYLOAD
    with pytest.raises(PrinterError) as caught:
        send(PrinterConfig(kind="file", file_path=str(tmp_path / "missing" / "lp0")), PAYLOAD)
    assert caught.value.kind == "not_found"
    assert_plain_persian(caught.value)


def test_driver_exceptions_become_printer_errors(monkeypatch):
    def broken(config, payload, budget):
        raise ValueError("driver bug")

    monkeypatch.setattr(printers, "_send_file", broken)
    with pytest.raises(PrinterError) as caught:
        send(PrinterConfig(kind="file", file_path="/tmp/x"), b"x")
    assert caught.value.kind == "failed" and "driver bug" in caught.value.detail
    assert_plain_persian(caught.value)


# --- the queue -----------------------------------------------------------------------------------


@pytest.mark.parametrize("mode", ["nothing", "stall", "close"])
def test_failed_job_is_kept_and_retry_delivers_it_intact(stand_ins, tmp_path, mode):
    port = free_port()
    config = PrinterConfig(kind="network", host="127.0.0.1", port=port, timeout=1.5)
    broken = stand_ins(mode, port) if mode != "nothing" else None
    queue = PrintQueue(tmp_path / "spool")

    outcome = queue.submit(PAYLOAD, config, receipt_number=140312)
    assert not outcome.ok
    assert [job.receipt_number for job in queue.pending()] == [140312]
    assert "رسید ۱۴۰۳۱۲ چاپ نشد" in outcome.message and "دوباره چاپ" in outcome.message
    assert_plain_persian(outcome.error)
    assert queue.pending()[0].error == outcome.error.message
    assert queue.pending()[0].attempts == 1

    if broken is not None:
        broken.stop()
    server = stand_ins("read", port)  # the printer is back
    again = queue.retry(queue.pending()[0])
    assert again.ok, again.message
    assert server.done.wait(5)
    assert bytes(server.received) == PAYLOAD
    assert queue.pending() == []
    assert list((tmp_path / "spool").iterdir()) == []


def test_pending_jobs_survive_a_restart(tmp_path):
    config = PrinterConfig(kind="network", host="127.0.0.1", port=free_port(), timeout=1)
    first = PrintQueue(tmp_path)
    first.submit(PAYLOAD, config, receipt_number=7)
    first.submit(b"\x1b@second", config, receipt_number=8)

    restarted = PrintQueue(tmp_path)
    jobs = restarted.pending()
    assert [j.receipt_number for j in jobs] == [7, 8]
    assert jobs[0].payload == PAYLOAD and jobs[1].payload == b"\x1b@second"
    assert jobs[0].config == config
    assert PERSIAN.search(jobs[0].error)


def test_job_is_on_disk_before_the_printer_is_touched(tmp_path):
    seen: list[int] = []
    queue: PrintQueue

    def sender(config, payload):
        seen.append(len(list(tmp_path.glob("*.job.json"))))

    queue = PrintQueue(tmp_path, sender=sender)
    assert queue.submit(b"abc", PrinterConfig(kind="file", file_path="/dev/null")).ok
    assert seen == [1]  # spooled while sending ...
    assert list(tmp_path.glob("*.job.json")) == []  # ... and gone once printed


def test_unreadable_spool_file_is_set_aside(tmp_path):
    (tmp_path / "broken.job.json").write_text("{not json", encoding="utf-8")
    queue = PrintQueue(tmp_path)
    assert queue.pending() == []
    assert (tmp_path / "broken.job.json.bad").exists()


def test_retry_on_another_printer_and_discard(tmp_path):
    dead = PrinterConfig(kind="network", host="127.0.0.1", port=free_port(), timeout=1)
    queue = PrintQueue(tmp_path)
    job = queue.submit(b"\x1b@spare", dead, receipt_number=5).job
    spare = tmp_path / "spare.bin"
    assert queue.retry(job, PrinterConfig(kind="file", file_path=str(spare))).ok
    assert spare.read_bytes() == b"\x1b@spare"
    job2 = queue.submit(b"x", dead, receipt_number=6).job
    queue.discard(job2)
    assert queue.pending() == [] and list(tmp_path.glob("*.job.json")) == []


def test_submit_from_worker_threads(stand_ins, tmp_path):
    server = stand_ins("read")
    queue = PrintQueue(tmp_path)
    results = []
    worker = threading.Thread(target=lambda: results.append(queue.submit(b"\x1b@t", server.config())))
    worker.start()
    worker.join(10)
    assert results and results[0].ok


# --- settings and the test page -------------------------------------------------------------------


def test_config_json_round_trip():
    config = PrinterConfig(kind="usb", usb_vendor=0x0416, usb_product=0x5011, paper=58, width_px=0,
                           drawer_kick=True, copies=2, cut=False)
    assert PrinterConfig.from_json(config.to_json()) == config
    raw = json.loads(config.to_json())
    raw["usb_vendor"] = "0x0416"
    raw["from_a_newer_version"] = 1
    assert PrinterConfig.from_json(json.dumps(raw)) == config
    assert config.dots == 384
    with pytest.raises(PrinterError) as caught:
        PrinterConfig.from_json("[1, 2]")
    assert caught.value.kind == "settings"


def test_config_problems_are_persian():
    assert PrinterConfig(kind="network", host="192.168.1.50").problems() == []
    for bad in (PrinterConfig(kind="laser"), PrinterConfig(kind="serial"), PrinterConfig(kind="cups"),
                PrinterConfig(kind="network", host="h", paper=70), PrinterConfig(kind="file", file_path="f", copies=9),
                PrinterConfig(kind="network", host="h", paper=58, width_px=576)):
        problems = bad.problems()
        assert problems and all(PERSIAN.search(p) for p in problems), bad


def test_unavailable_backends_say_so(monkeypatch):
    from escpos.printer import Win32Raw

    monkeypatch.setattr(Win32Raw, "is_usable", staticmethod(lambda: False))
    with pytest.raises(PrinterError) as caught:
        send(PrinterConfig(kind="windows", printer_name="POS-80"), b"x")
    assert caught.value.kind == "unavailable"
    assert_plain_persian(caught.value)


def test_test_page_reaches_the_printer(printing_qt, stand_ins):
    server = stand_ins("read")
    config = server.config()
    config.drawer_kick = True
    sent = printers.test_page(config, timeout=5)
    assert server.done.wait(5)
    assert bytes(server.received) == sent
    assert sent.startswith(b"\x1b@\x1bp")  # init, then the drawer pulse the settings asked for
    assert b"\x1dv0" in sent and b"\x1dV" in sent
