"""ESC/POS streams, parsed command by command: init, raster image, cut, drawer kick only when asked."""
from __future__ import annotations

import pytest
from escpos.exceptions import ImageWidthError
from escpos_parse import parse
from PIL import Image

from printing.printers import PrinterConfig, receipt_escpos, wants_drawer
from printing.receipt_document import build_receipt
from printing.samples import sample_receipt
from printing.thermal import _dummy, render_thermal, to_escpos


def kinds(commands) -> list[str]:
    return [c[0] for c in commands]


@pytest.fixture(scope="module")
def receipt_image(printing_qt):
    return render_thermal(build_receipt(sample_receipt(lines=3)), 576)


def test_stream_is_init_raster_cut(receipt_image):
    commands = parse(to_escpos(receipt_image))
    assert commands[0] == ("init",)
    assert "drawer" not in kinds(commands)
    rasters = [c for c in commands if c[0] == "raster"]
    # python-escpos sends a tall image in bands of at most 960 rows; together they are the image.
    assert all(c[2] == 576 // 8 for c in rasters)
    assert sum(c[3] for c in rasters) == receipt_image.height
    assert kinds(commands)[-2:] == ["feed", "cut"]
    assert commands[-1] == ("cut", 0)  # full cut


def test_raster_bits_are_the_image(receipt_image):
    rasters = [c for c in parse(to_escpos(receipt_image)) if c[0] == "raster"]
    data = b"".join(c[4] for c in rasters)
    # In GS v 0 a set bit burns a dot: it must be exactly the image's black pixels.
    printed = Image.frombytes("1", (576, receipt_image.height), data)
    black = receipt_image.point(lambda v: 255 - v)
    assert printed.tobytes() == black.convert("1").tobytes()
    assert 0.02 < sum(bin(b).count("1") for b in data) / (len(data) * 8) < 0.5  # ink, not a blank or black page


def test_drawer_kick_only_when_asked(receipt_image):
    assert "drawer" not in kinds(parse(to_escpos(receipt_image, kick_drawer=False)))
    commands = parse(to_escpos(receipt_image, kick_drawer=True))
    assert kinds(commands)[:2] == ["init", "drawer"]  # before printing: change is made while it prints
    assert kinds(commands).count("drawer") == 1


def test_no_cut_when_the_printer_has_no_cutter(receipt_image):
    commands = parse(to_escpos(receipt_image, cut=False))
    assert "cut" not in kinds(commands)
    assert commands[-1][0] == "feed"  # fed past the tear bar instead


def test_copies_repeat_image_and_cut_but_not_the_drawer(printing_qt):
    data = sample_receipt(lines=2)
    config = PrinterConfig(kind="file", file_path="/dev/null", paper=58, copies=2, drawer_kick=True)
    commands = parse(receipt_escpos(build_receipt(data), config, kick_drawer=wants_drawer(data)))
    assert kinds(commands).count("cut") == 2
    assert kinds(commands).count("drawer") == 1
    assert {c[2] for c in commands if c[0] == "raster"} == {384 // 8}


def test_drawer_opens_for_cash_sales_only(printing_qt):
    assert wants_drawer(sample_receipt(cash=True))
    assert not wants_drawer(sample_receipt(cash=False))
    assert not wants_drawer(sample_receipt(cash=True, copy=True))  # a reprint takes no money
    # A printer without a drawer (the setting off) never gets the pulse, even for cash.
    config = PrinterConfig(kind="file", file_path="/dev/null", drawer_kick=False)
    doc = build_receipt(sample_receipt(cash=True))
    assert "drawer" not in kinds(parse(receipt_escpos(doc, config, kick_drawer=True)))


@pytest.mark.parametrize("paper,width", [(80, 576), (58, 384)])
def test_paper_width_from_the_profile(printing_qt, paper, width):
    config = PrinterConfig(kind="file", file_path="/dev/null", paper=paper)
    assert config.dots == width
    commands = parse(receipt_escpos(build_receipt(sample_receipt()), config))
    assert {c[2] for c in commands if c[0] == "raster"} == {width // 8}
    narrow = PrinterConfig(kind="file", file_path="/dev/null", paper=80, width_px=512)
    assert narrow.dots == 512


def test_image_wider_than_the_paper_is_refused():
    with pytest.raises(ImageWidthError):
        to_escpos(Image.new("1", (576, 10), 1), paper_px=384)
    with pytest.raises(ImageWidthError):  # the same guard python-escpos applies with this profile
        _dummy(384).image(Image.new("1", (576, 10), 1))


@pytest.mark.parametrize("width", [576, 384, 100])
def test_raster_matches_python_escpos_own_image_command(printing_qt, width):
    # to_escpos writes GS v 0 itself (five whole-image conversions faster); it must be the same bytes.
    image = render_thermal(build_receipt(sample_receipt(lines=2)), 576).crop((0, 0, width, 700))
    reference = _dummy(width)
    reference.image(image, impl="bitImageRaster")
    ours = [c for c in parse(to_escpos(image, cut=False)) if c[0] == "raster"]
    theirs = [c for c in parse(reference.output) if c[0] == "raster"]
    assert ours == theirs and len(ours) == 1
