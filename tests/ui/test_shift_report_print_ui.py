"""The X and Z reports printed from their window on the receipt printer (a file printer here):
the ESC/POS bytes land in the file, a missing printer is said plainly, a fault can be retried."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from PIL import Image
from PySide6.QtCore import Qt
from ui_helpers import Keyboard, use_printer, wait_for_dialog, wait_idle

from ui.shift_report import ShiftReportDialog

Key = Qt.Key
CTRL = Qt.KeyboardModifier.ControlModifier



def printed_image(stream: bytes) -> Image.Image:
    """The paper as the printer would burn it: ESC @, GS v 0 bands, then (after a feed) the cut, GS V 0."""
    assert stream.startswith(b"\x1b@"), stream[:8]
    i, bands = 2, []
    while stream.startswith(b"\x1dv0", i):
        xl, xh, yl, yh = stream[i + 4:i + 8]
        width, height = 8 * (xl + 256 * xh), yl + 256 * yh
        data = stream[i + 8:i + 8 + width // 8 * height]
        assert len(data) == width // 8 * height, "raster data cut short"
        # ESC/POS bit 1 = a burnt dot; Pillow "1" bit 1 = white.
        bands.append(Image.frombytes("1", (width, height), bytes(255 - b for b in data)))
        i += 8 + len(data)
    assert bands, "no raster image (GS v 0) in what was printed"
    tail = stream[i + 3:] if stream.startswith(b"\x1bd", i) else stream[i:]  # a feed to the cutter, then
    assert tail == b"\x1dV\x00", f"the job does not end with a full cut: {stream[i:i + 8]!r}"
    paper = Image.new("1", (bands[0].width, sum(b.height for b in bands)), 1)
    top = 0
    for band in bands:
        paper.paste(band, (0, top))
        top += band.height
    return paper


def has_persian_ocr() -> bool:
    if shutil.which("tesseract") is None:
        return False
    return "fas" in subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True).stdout.split()


def open_x_report(qtbot, window, keyboard: Keyboard) -> ShiftReportDialog:  # type: ignore[no-untyped-def]
    keyboard.press(Key.Key_F11)
    report: ShiftReportDialog = wait_for_dialog(qtbot, ShiftReportDialog)
    assert report.windowTitle().startswith("گزارش X")
    return report


def test_print_sends_the_x_report_to_the_receipt_printer(qtbot, window, counter, keyboard: Keyboard,
                                                         demo_db: Path, tmp_path: Path) -> None:
    paper = tmp_path / "printer.bin"
    use_printer(demo_db, paper, paper=58)
    report = open_x_report(qtbot, window, keyboard)
    assert "Ctrl+P" in report.print_button.text() and "Ctrl+P" in report.print_button.toolTip()
    assert "میان‌بر" in report.print_button.toolTip()
    qtbot.mouseClick(report.print_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: report.status.text() == "چاپ شد.", timeout=20_000)
    image = printed_image(paper.read_bytes())
    assert image.width == 384 and image.height > 800  # 58 mm paper: the printer's width, a whole report
    assert report.isVisible() and report.print_button.isEnabled()


def test_ctrl_p_prints_the_z_report_after_closing(qtbot, window, counter, keyboard: Keyboard, demo_db: Path,
                                                  tmp_path: Path) -> None:
    paper = tmp_path / "printer.bin"
    use_printer(demo_db, paper)
    keyboard.press(Key.Key_F11, CTRL)
    wait_idle(qtbot, window)
    keyboard.type("1")  # one 2,000,000-rial note against 1,000,000 expected: 1,000,000 over
    keyboard.press(Key.Key_Return, CTRL)
    z_report: ShiftReportDialog = wait_for_dialog(qtbot, ShiftReportDialog)
    assert z_report.windowTitle().startswith("گزارش Z")
    keyboard.press(Key.Key_P, CTRL)
    qtbot.waitUntil(lambda: z_report.status.text() == "چاپ شد.", timeout=20_000)
    image = printed_image(paper.read_bytes())
    assert image.width == 576
    path = tmp_path / "printed.png"
    image.save(path)
    if has_persian_ocr():  # the paper reads as the Z report, with its count and variance
        sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "printing"))
        from ocr_check import assert_in_order, ocr

        assert_in_order(ocr(path, chunk=700), ["گزارش", "نوبت", "موجودی مورد انتظار کشو", "شمرده‌شده",
                                               "مغایرت", "اضافه", "اسکناس‌های کشو"])


def test_without_a_printer_the_clerk_is_told_plainly(qtbot, window, counter, keyboard: Keyboard) -> None:
    report = open_x_report(qtbot, window, keyboard)
    keyboard.press(Key.Key_P, CTRL)
    qtbot.waitUntil(lambda: not window.printer.busy and report.print_button.isEnabled(), timeout=20_000)
    assert report.status.kind == "info"
    assert report.status.text().startswith("هنوز چاپگر رسید تنظیم نشده است")


def test_a_printer_fault_is_explained_and_the_same_job_retried(qtbot, window, counter, keyboard: Keyboard,
                                                               demo_db: Path, tmp_path: Path) -> None:
    paper = tmp_path / "unplugged" / "printer.bin"
    use_printer(demo_db, paper)
    report = open_x_report(qtbot, window, keyboard)
    keyboard.press(Key.Key_P, CTRL)
    qtbot.waitUntil(lambda: report.status.kind == "error", timeout=20_000)
    assert report.status.text().startswith("گزارش چاپ نشد: چاپگر") and report.kept_job
    assert report.print_button.text().startswith("چاپ دوباره")
    paper.parent.mkdir()
    keyboard.press(Key.Key_P, CTRL)
    qtbot.waitUntil(lambda: report.status.text() == "چاپ شد.", timeout=20_000)
    assert printed_image(paper.read_bytes()).width == 576
    assert not report.kept_job and report.print_button.text().startswith("چاپ  ")
