"""ESC/POS byte streams split back into commands, for the printing tests."""
from __future__ import annotations


def parse(stream: bytes) -> list[tuple]:
    """Split a stream into commands; any byte that is not a known command fails the test.

    Known: ESC @ (init), ESC p m t1 t2 (drawer), GS v 0 m xL xH yL yH data (raster), GS V m (cut),
    ESC d n (print and feed n lines).
    """
    out: list[tuple] = []
    i = 0
    while i < len(stream):
        if stream.startswith(b"\x1b@", i):
            out.append(("init",))
            i += 2
        elif stream.startswith(b"\x1bp", i):
            out.append(("drawer", stream[i + 2]))
            i += 5
        elif stream.startswith(b"\x1dv0", i):
            m, xl, xh, yl, yh = stream[i + 3:i + 8]
            width_bytes, height = xl + 256 * xh, yl + 256 * yh
            data = stream[i + 8:i + 8 + width_bytes * height]
            assert len(data) == width_bytes * height, "raster data cut short"
            out.append(("raster", m, width_bytes, height, data))
            i += 8 + width_bytes * height
        elif stream.startswith(b"\x1dV", i):
            out.append(("cut", stream[i + 2]))
            i += 3
        elif stream.startswith(b"\x1bd", i):
            out.append(("feed", stream[i + 2]))
            i += 3
        else:
            raise AssertionError(f"unknown bytes at {i}: {stream[i:i + 8]!r}")
    return out
