"""A reportlab TrueType font that draws shaped glyphs and maps each back to its real characters.

reportlab addresses glyphs through character codes and writes a ToUnicode map of code -> character.
A shaped Persian glyph (an initial beh, a lam-alef ligature, a mirrored bracket) has no character
of its own, so each (glyph, characters, advance) triple gets a private code (plane 15, never a
real character), and the ToUnicode map sends that code to the logical characters the glyph stands
for. Poppler, pdf.js and Acrobat then read the page as plain Persian («رسید», ZWNJ and all) in
reading order, while the page shows joined letters.
"""
from __future__ import annotations

import threading
from collections.abc import Sequence

from reportlab.pdfbase import pdfdoc
from reportlab.pdfbase.ttfonts import SUBSETN, TTFont

from printing.shaping import Glyph, Shaper

_FIRST_CODE = 0xF0000


class ShapedFont(TTFont):  # type: ignore[misc]  # reportlab ships no type hints
    def __init__(self, name: str, filename: str) -> None:
        super().__init__(name, filename, shapable=False)
        self.shaper = Shaper(filename)
        self._codes: dict[tuple[int, str, int], str] = {}
        self._texts: dict[int, str] = {}
        self._next = _FIRST_CODE
        self._codes_lock = threading.Lock()

    def codes(self, glyphs: Sequence[Glyph]) -> str:
        """The glyphs as a string of this font's codes, for canvas text operators."""
        return "".join(self._code(g) for g in glyphs)

    def _code(self, glyph: Glyph) -> str:
        key = (glyph.gid, glyph.text, glyph.advance)
        code = self._codes.get(key)
        if code is None:
            with self._codes_lock:
                code = self._codes.get(key)
                if code is None:
                    value = self._next
                    self._next += 1
                    face = self.face
                    face.charToGlyph[value] = glyph.gid
                    face.charWidths[value] = glyph.advance * 1000 / self.shaper.upem
                    self._texts[value] = glyph.text
                    code = self._codes[key] = chr(value)
        return code

    def addObjects(self, doc: object) -> None:
        """reportlab's own, but with a ToUnicode map to the glyphs' characters."""
        try:
            state = self.state[doc]
        except KeyError:
            state = self.state[doc] = TTFont.State(self._asciiReadable)
        state.frozen = 1
        for n, subset in enumerate(state.subsets):
            internal = self.getSubsetInternalName(n, doc)[1:]
            base = (b"".join((SUBSETN(n), b"+", self.face.name, self.face.subfontNameX))).decode("pdfdoc")
            font = pdfdoc.PDFTrueTypeFont()
            font.__Comment__ = f"Font {self.fontName} subset {n}"
            font.Name = internal
            font.BaseFont = base
            font.FirstChar = 0
            font.LastChar = len(subset) - 1
            font.Widths = pdfdoc.PDFArray([self.face.getCharWidth(code) for code in subset])
            cmap = pdfdoc.PDFStream()
            cmap.content = self._to_unicode(base, subset)
            if doc.compression:  # type: ignore[attr-defined]
                cmap.filters = [pdfdoc.PDFZCompress]
            font.ToUnicode = doc.Reference(cmap, "toUnicodeCMap:" + base)  # type: ignore[attr-defined]
            font.FontDescriptor = self.face.addSubsetObjects(doc, base, subset)
            doc.Reference(font, internal)  # type: ignore[attr-defined]
            doc.idToObject["BasicFonts"].dict[internal] = font  # type: ignore[attr-defined]
        del self.state[doc]

    def _to_unicode(self, name: str, subset: list[int]) -> str:
        """A ToUnicode CMap (PDF 32000 9.10.3): one code -> the UTF-16 of its characters."""
        pairs = []
        for i, code in enumerate(subset):
            text = self._texts.get(code, chr(code) if code < _FIRST_CODE else "")
            if text:
                pairs.append(f"<{i:02X}> <{text.encode('utf-16-be').hex().upper()}>")
        lines = ["/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap",
                 f"/CIDSystemInfo << /Registry ({name}) /Ordering ({name}) /Supplement 0 >> def",
                 f"/CMapName /{name} def", "/CMapType 2 def",
                 "1 begincodespacerange", "<00> <FF>", "endcodespacerange"]
        for start in range(0, len(pairs), 100):  # at most 100 entries per block
            chunk = pairs[start:start + 100]
            lines += [f"{len(chunk)} beginbfchar", *chunk, "endbfchar"]
        lines += ["endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
        return "\n".join(lines)
