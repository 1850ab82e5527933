"""Persian lines to positioned glyphs for the A4 PDF: bidi order, then HarfBuzz shaping.

Why: reportlab draws glyphs as given and its own shaping keeps words in reverse order; shaping
with arabic-reshaper instead leaves presentation forms in the PDF's text layer, so a search for
«رسید» finds nothing. Here each line is split into directional runs (python-bidi's levels, with
LRI…PDI islands kept whole, UAX #9), the runs are put in visual order, and each run is shaped by
HarfBuzz in its own direction (which also mirrors brackets in right-to-left runs). Every glyph
keeps the logical characters it stands for, so the PDF can map it back to real text
(`printing.pdf_font`). uharfbuzz wheels carry HarfBuzz inside: nothing else to ship on Windows.
"""
from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import uharfbuzz as hb
from bidi import algorithm as _bidi

LRI, PDI = "\u2066", "\u2069"
_ISOLATE = re.compile(f"{LRI}(.*?)(?:{PDI}|$)", re.S)
# Control Pictures (U+2400…) are bidi class ON (a neutral, as an isolate is to the text around it,
# UAX #9 X5a), never typed on a receipt, and distinct per island.
_PLACEHOLDERS = [chr(0x2400 + i) for i in range(0x27)]
# Bidi controls order the line and then have no business on paper or in the text layer.
_CONTROLS = dict.fromkeys(map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"))
_JOINERS = frozenset("\u200c\u200d")  # ZWNJ, ZWJ: kept, they decide how letters join
# HarfBuzz's defaults (joining forms, lam-alef, mark placement) minus pair kerning: Vazirmatn's
# Arabic kerning sets words tighter than the receipts printed so far, and tesseract then misreads
# small bold headers (measured: «کارمزد دفتر» read as «کارمزد ووتر» at 150 dpi; without kerning,
# every phrase of the sample receipts reads back).
FEATURES: dict[str, bool] = {"kern": False}


@dataclass(frozen=True)
class Glyph:
    """One glyph in drawing order; units are the font's (units per em), `text` the characters it
    stands for in reading order ("" for the second glyph of one character)."""

    gid: int
    text: str
    advance: int
    dx: int = 0
    dy: int = 0


@dataclass(frozen=True)
class Run:
    text: str
    rtl: bool


class Shaper:
    """HarfBuzz for one font file, at the font's own units (sizes scale linearly)."""

    def __init__(self, path: str | Path) -> None:
        data = Path(path).read_bytes()
        self.data = data
        self.face = hb.Face(hb.Blob(data))
        self.font = hb.Font(self.face)
        self.upem = self.face.upem
        self.blank = self.font.get_nominal_glyph(ord(" ")) or 0  # drawn with no width: invisible
        self._lock = threading.Lock()  # a HarfBuzz font is not shared across threads mid-shape
        self.line = lru_cache(maxsize=4096)(self._line)

    def run(self, run: Run) -> list[Glyph]:
        buf = hb.Buffer()
        buf.add_str(run.text)
        buf.direction = "rtl" if run.rtl else "ltr"
        buf.script = "Arab" if run.rtl else "Latn"
        buf.language = "fa"
        # One cluster per character (marks apart from their base), so each glyph maps to the
        # characters it draws and a shadda or hamza keeps its place in the text layer.
        buf.cluster_level = hb.BufferClusterLevel.MONOTONE_CHARACTERS
        with self._lock:
            hb.shape(self.font, buf, FEATURES)
        return _glyphs(run.text, buf.glyph_infos, buf.glyph_positions, run.rtl, self.blank)

    def _line(self, line: str) -> tuple[Glyph, ...]:
        return tuple(g for run in visual_runs(line) for g in self.run(run))

    def width(self, line: str, size: float) -> float:
        return float(sum(g.advance for g in self.line(line)) * size / self.upem)


def _glyphs(text: str, infos: list[Any], positions: list[Any], rtl: bool, blank: int) -> list[Glyph]:
    """Glyphs with their characters: a cluster's text goes to its first glyph in reading order."""
    starts = sorted({info.cluster for info in infos})
    ends = {start: (starts[i + 1] if i + 1 < len(starts) else len(text)) for i, start in enumerate(starts)}
    order = range(len(infos) - 1, -1, -1) if rtl else range(len(infos))
    seen: set[int] = set()
    texts = [""] * len(infos)
    for i in order:
        cluster = infos[i].cluster
        if cluster not in seen:
            seen.add(cluster)
            texts[i] = text[cluster:ends[cluster]]
    glyphs: list[Glyph] = []
    for info, pos, chars in zip(infos, positions, texts, strict=True):
        glyph = Glyph(info.codepoint, chars, pos.x_advance, pos.x_offset, pos.y_offset)
        glyphs += _split_ligature(glyph, blank) if rtl and len(chars) > 1 else [glyph]
    return glyphs


def _split_ligature(glyph: Glyph, blank: int) -> list[Glyph]:
    """A right-to-left ligature (lam-alef) as one character per position.

    Text extraction (poppler, PDFium) orders characters by where they sit on the line; a glyph
    carrying «لا» whole comes out reversed («ال») when the line is read right to left. So the
    glyph keeps its last character and each earlier one rides on an invisible zero-width glyph
    placed over its part of the ligature, the first character rightmost.
    """
    n, width = len(glyph.text), glyph.advance
    parts = [Glyph(glyph.gid, glyph.text[-1], width, glyph.dx, glyph.dy)]
    for k in range(n - 1, 0, -1):  # characters n-1 … 1, drawn after the pen passed the ligature
        parts.append(Glyph(blank, glyph.text[k - 1], 0, -round(width * (k - 1) / n), 0))
    return parts


def visual_runs(line: str) -> list[Run]:
    """One logical line -> directional runs in left-to-right drawing order (base direction RTL)."""
    islands: list[str] = []

    def hold(match: re.Match[str]) -> str:
        if len(islands) >= len(_PLACEHOLDERS):  # absurdly many islands: leave the rest to the algorithm
            return match.group(1)
        islands.append(match.group(1))
        return _PLACEHOLDERS[len(islands) - 1]

    held = _ISOLATE.sub(hold, line).translate(_CONTROLS)
    if not held:
        return []
    pieces: list[tuple[int, Run]] = []  # (level, run) in logical order
    for level, chunk in _level_chunks(held):
        start = 0
        for i, ch in enumerate(chunk):  # an island is one unit at its level, shaped left to right
            if ch in _PLACEHOLDERS[:len(islands)]:
                if i > start:
                    pieces.append((level, Run(chunk[start:i], level % 2 == 1)))
                island = islands[_PLACEHOLDERS.index(ch)].translate(_CONTROLS)
                pieces.append((level, Run(island, False)))
                start = i + 1
        if start < len(chunk):
            pieces.append((level, Run(chunk[start:], level % 2 == 1)))
    return _reorder(pieces)


def _level_chunks(text: str) -> list[tuple[int, str]]:
    """Maximal stretches of one embedding level (python-bidi's pure-Python algorithm, base RTL).

    The algorithm drops boundary-neutral characters (rule X9), ZWNJ among them; they are put back
    at the level of the character before them, where they join or part letters.
    """
    kept = [ch for ch in text if ch not in _JOINERS]
    storage = _bidi.get_empty_storage()
    storage["base_level"], storage["base_dir"] = 1, "R"
    _bidi.get_embedding_levels("".join(kept), storage)
    _bidi.explicit_embed_and_overrides(storage)
    _bidi.resolve_weak_types(storage)
    _bidi.resolve_neutral_types(storage, False)
    _bidi.resolve_implicit_levels(storage, False)
    levels = iter([ch["level"] for ch in storage["chars"]])
    chunks: list[tuple[int, str]] = []
    level = 1
    for ch in text:
        if ch not in _JOINERS:
            level = next(levels)
        if chunks and chunks[-1][0] == level:
            chunks[-1] = (level, chunks[-1][1] + ch)
        else:
            chunks.append((level, ch))
    return _trailing_spaces(chunks)


def _trailing_spaces(chunks: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Rule L1: whitespace at the end of the line goes back to the paragraph level."""
    if not chunks:
        return chunks
    level, text = chunks[-1]
    stripped = text.rstrip()
    if level != 1 and stripped != text:
        chunks = chunks[:-1] + ([(level, stripped)] if stripped else []) + [(1, text[len(stripped):])]
    return chunks


def _reorder(pieces: list[tuple[int, Run]]) -> list[Run]:
    """Rule L2: from the highest level down to the lowest odd one, reverse every stretch at or above it."""
    if not pieces:
        return []
    levels = [level for level, _run in pieces]
    runs = [run for _level, run in pieces]
    lowest_odd = min(level for level in levels if level % 2) if any(level % 2 for level in levels) else max(levels) + 1
    for floor in range(max(levels), lowest_odd - 1, -1):
        i = 0
        while i < len(runs):
            if levels[i] >= floor:
                j = i
                while j < len(runs) and levels[j] >= floor:
                    j += 1
                runs[i:j] = runs[i:j][::-1]
                levels[i:j] = levels[i:j][::-1]
                i = j
            else:
                i += 1
    return runs
