"""Word wrapping of right-to-left lines in logical order, for the A4 PDF.

Lines are wrapped before they are ordered and shaped (`printing.shaping`): width does not depend
on order. A line never breaks inside a word; LTR islands (LRI…PDI: card numbers, tracking codes)
never break at their inner spaces.
"""
from __future__ import annotations

from collections.abc import Callable

LRI, PDI = "\u2066", "\u2069"
SMALLEST = 5.5  # pt: the least a word too wide for its column is shrunk to before it is cut


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


def wrap(text: str, width: float, measure: Callable[[str], float], stretch: float = 1.0) -> list[str]:
    """Greedy word wrap in logical order; `measure` gives the drawn width of a logical string.

    Words are never split: a word wider than the line gets a line of its own, which the renderer
    sets smaller. Only a token more than `stretch` times wider than the line (a very long code
    that even the smallest size cannot hold) is cut by characters rather than overflow the page.
    """
    lines: list[str] = []
    for paragraph in text.split("\n"):
        current = ""
        for token in tokens(paragraph):
            candidate = f"{current} {token}" if current else token
            if measure(candidate) <= width or not current and measure(token) <= width * stretch:
                current = candidate
                continue
            if current:
                lines.append(current)
            current = token
            if measure(current) <= width * stretch:
                continue
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
