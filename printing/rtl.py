"""Persian for reportlab: shape with arabic-reshaper, order with python-bidi, one line at a time.

reportlab draws glyphs left to right as given, so each line must arrive shaped (joined
presentation forms) and in visual order. The traps (DESIGN.md): python-bidi's legacy
`get_display` mirrors brackets but rejects the isolates (LRI…PDI) that keep card numbers and
tracking codes whole; its new one accepts isolates but leaves «(» and «)» unmirrored. So each
isolate is swapped for a neutral placeholder (an isolate is a neutral to the text around it,
UAX #9 X5a), the legacy algorithm orders the line, and the LTR runs go back in place.
"""
from __future__ import annotations

import re
from collections.abc import Callable

import arabic_reshaper
from bidi.algorithm import get_display

LRI, PDI = "\u2066", "\u2069"
_ISOLATE = re.compile(f"{LRI}(.*?)(?:{PDI}|$)", re.S)
# Control Pictures (U+2400…) are bidi class ON, never typed on a receipt, and distinct per slot.
_PLACEHOLDERS = [chr(0x2400 + i) for i in range(0x27)]
# Invisible controls the font has no glyph for; the shaped text no longer needs them.
_INVISIBLE = dict.fromkeys(map(ord, "\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"))
_reshaper = arabic_reshaper.ArabicReshaper({"delete_harakat": False, "support_ligatures": True})


def visual(line: str) -> str:
    """One logical line (no wrapping here) -> shaped glyphs in left-to-right drawing order."""
    runs: list[str] = []

    def hold(match: re.Match[str]) -> str:
        if len(runs) >= len(_PLACEHOLDERS):  # absurdly many islands: leave the rest to the algorithm
            return match.group(1)
        runs.append(match.group(1))
        return _PLACEHOLDERS[len(runs) - 1]

    held = _ISOLATE.sub(hold, line).replace(PDI, "")
    shaped = _reshaper.reshape(held)
    ordered = str(get_display(shaped, base_dir="R"))
    for i, run in enumerate(runs):
        ordered = ordered.replace(_PLACEHOLDERS[i], get_display(_reshaper.reshape(run), base_dir="L"))
    return ordered.translate(_INVISIBLE)


def tokens(text: str) -> list[str]:
    """Words split at spaces outside isolates: an LTR island ("1234 5678") never breaks apart."""
    out: list[str] = []
    current: list[str] = []
    inside = False
    for ch in text:
        if ch == LRI:
            inside = True
        elif ch == PDI:
            inside = False
        if ch.isspace() and not inside:
            if current:
                out.append("".join(current))
                current = []
        else:
            current.append(ch)
    if current:
        out.append("".join(current))
    return out


def _open_isolate(text: str) -> bool:
    return text.count(LRI) > text.count(PDI)


def wrap(text: str, width: float, measure: Callable[[str], float]) -> list[str]:
    """Greedy word wrap in logical order; `measure` gives the drawn width of a logical string.

    Width does not depend on order, so lines are measured before `visual()`. A token wider than
    the line (a long code) is cut by characters rather than overflow the page.
    """
    lines: list[str] = []
    for paragraph in text.split("\n"):
        current = ""
        for token in tokens(paragraph):
            candidate = f"{current} {token}" if current else token
            if measure(candidate) <= width or not current and measure(token) <= width:
                current = candidate
                continue
            if current:
                lines.append(current)
            current = token
            while measure(current) > width and len(current.strip(LRI + PDI)) > 1:
                cut = len(current) - 1
                while cut > 1 and measure(current[:cut]) > width:
                    cut -= 1
                if not current[:cut].strip(LRI):  # not even one character fits: take one anyway
                    cut = 2 if current.startswith(LRI) else 1
                head, current = current[:cut], current[cut:]
                if _open_isolate(head):  # keep both halves of a cut LTR run isolated
                    head, current = head + PDI, LRI + current
                lines.append(head)
        lines.append(current)
    return lines
