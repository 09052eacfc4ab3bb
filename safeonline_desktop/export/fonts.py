"""Fonts for the PDF report: the bundled DejaVu Sans family, plus fallbacks for scripts it lacks
(Thai: Noto Sans Thai; Chinese and Japanese: Droid Sans Fallback), all embedded as subsets.

reportlab has no font fallback of its own, so :func:`markup` wraps runs of characters that
DejaVu Sans cannot draw in ``<font name=...>`` tags. Right-to-left text (Arabic, Hebrew) is
shaped with arabic-reshaper and reordered with python-bidi's legacy ``get_display`` one line at
a time, after wrapping (:func:`rtl_lines`), because reportlab 4/5 does neither.
"""

from __future__ import annotations

import threading
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from safeonline_desktop import paths
from safeonline_desktop.errors import ExportError

SANS = "SafeSans"
SANS_BOLD = "SafeSans-Bold"
SANS_ITALIC = "SafeSans-Oblique"
SANS_BOLD_ITALIC = "SafeSans-BoldOblique"
#: DejaVu Sans again, in a family of its own: the upright fallback inside bold or oblique text
#: (DejaVu Sans Oblique has no Arabic), which the family mapping cannot turn oblique again.
UPRIGHT = "SafeSans-Upright"
THAI = "SafeThai"
THAI_BOLD = "SafeThai-Bold"
CJK = "SafeCJK"

_FILES = {
    SANS: "DejaVuSans.ttf",
    SANS_BOLD: "DejaVuSans-Bold.ttf",
    SANS_ITALIC: "DejaVuSans-Oblique.ttf",
    SANS_BOLD_ITALIC: "DejaVuSans-BoldOblique.ttf",
}
_FALLBACK_FILES = {
    THAI: "NotoSansThai-Regular.ttf",
    THAI_BOLD: "NotoSansThai-Bold.ttf",
    CJK: "DroidSansFallbackFull.ttf",
}

_lock = threading.RLock()
_registered = False
_fallbacks_loaded = False
_primary_cmap: dict[int, int] = {}
_fallback_cmaps: list[tuple[str, dict[int, int]]] = []
_cmaps: dict[str, dict[int, int]] = {}


def fonts_dir() -> Path:
    return paths.resources_dir() / "fonts"


def _load(name: str, filename: str) -> TTFont:
    path = fonts_dir() / filename
    try:
        font = TTFont(name, str(path))
    except Exception as exc:  # missing or damaged file: the installation is broken
        raise ExportError(f"The report font {path} cannot be loaded ({exc}). Reinstall SafeOnline Desktop.") from exc
    pdfmetrics.registerFont(font)
    return font


def _to_unicode_cmap(fontname: str, subset) -> str:
    """reportlab's ToUnicode CMap, fixed for characters beyond U+FFFF (emoji): PDF wants their
    UTF-16 surrogate pair, reportlab writes an odd-length hex string that readers reject, so
    copying or searching such text fails."""
    def utf16(code: int) -> str:
        return chr(code).encode("utf-16-be").hex().upper() if code > 0xFFFF else f"{code:04X}"

    cmap = [
        "/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap", "/CIDSystemInfo",
        f"<< /Registry ({fontname})", f"/Ordering ({fontname})", "/Supplement 0", ">> def",
        f"/CMapName /{fontname} def", "/CMapType 2 def", "1 begincodespacerange",
        f"<00> <{len(subset) - 1:02X}>", "endcodespacerange", f"{len(subset)} beginbfchar",
    ]
    cmap += [f"<{i:02X}> <{utf16(code)}>" for i, code in enumerate(subset)]
    cmap += ["endbfchar", "endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
    return "\n".join(cmap)


def register_fonts() -> None:
    """Register the DejaVu Sans family with reportlab (once per process)."""
    global _registered, _primary_cmap
    with _lock:
        if _registered:
            return
        import reportlab.pdfbase.ttfonts as ttfonts

        ttfonts.makeToUnicodeCMap = _to_unicode_cmap
        fonts = {name: _load(name, filename) for name, filename in _FILES.items()}
        pdfmetrics.registerFontFamily(SANS, normal=SANS, bold=SANS_BOLD, italic=SANS_ITALIC, boldItalic=SANS_BOLD_ITALIC)
        _load(UPRIGHT, _FILES[SANS])
        pdfmetrics.registerFontFamily(UPRIGHT, normal=UPRIGHT, bold=UPRIGHT, italic=UPRIGHT, boldItalic=UPRIGHT)
        _primary_cmap = dict(fonts[SANS].face.charToGlyph)
        _registered = True


def _ensure_fallbacks() -> None:
    global _fallbacks_loaded, _fallback_cmaps
    with _lock:
        if _fallbacks_loaded:
            return
        thai = _load(THAI, _FALLBACK_FILES[THAI])
        _load(THAI_BOLD, _FALLBACK_FILES[THAI_BOLD])
        cjk = _load(CJK, _FALLBACK_FILES[CJK])
        pdfmetrics.registerFontFamily(THAI, normal=THAI, bold=THAI_BOLD, italic=THAI, boldItalic=THAI_BOLD)
        pdfmetrics.registerFontFamily(CJK, normal=CJK, bold=CJK, italic=CJK, boldItalic=CJK)
        _fallback_cmaps = [(THAI, dict(thai.face.charToGlyph)), (CJK, dict(cjk.face.charToGlyph))]
        _fallbacks_loaded = True


def _cmap(font: str) -> dict[int, int]:
    cmap = _cmaps.get(font)
    if cmap is None:
        cmap = _cmaps[font] = dict(pdfmetrics.getFont(font).face.charToGlyph)
    return cmap


def font_for(ch: str, font: str = SANS) -> str | None:
    """``None`` if ``font`` draws ``ch``, else the font that does (regular DejaVu Sans, then the
    fallbacks), or ``None`` when no bundled font has it (it shows as a box)."""
    code = ord(ch)
    if code in _cmap(font) or code < 0x20:
        return None
    if font != SANS and code in _primary_cmap:
        return UPRIGHT
    if code in _primary_cmap:
        return None
    _ensure_fallbacks()
    for name, cmap in _fallback_cmaps:
        if code in cmap:
            return name
    return None


def markup(text: str, font: str = SANS) -> str:
    """``text`` escaped for a reportlab Paragraph set in ``font``, with other fonts for the
    characters ``font`` lacks (DejaVu Sans Oblique has no Arabic, DejaVu Sans no Thai or CJK)."""
    register_fonts()
    cmap = _cmap(font)
    if all(ord(ch) in cmap for ch in text):
        return escape(text)
    out: list[str] = []
    run: list[str] = []
    current: str | None = None
    for ch in text:
        fallback = None if ord(ch) in cmap else font_for(ch, font)
        if fallback != current and run:
            out.append(_run(run, current))
            run = []
        current = fallback
        run.append(ch)
    if run:
        out.append(_run(run, current))
    return "".join(out)


def _run(chars: list[str], font: str | None) -> str:
    text = escape("".join(chars))
    return f'<font name="{font}">{text}</font>' if font else text


def char_width(ch: str, font: str, size: float) -> float:
    return pdfmetrics.stringWidth(ch, font, size)


def wrap_spans(text: str, font: str, size: float, width: float) -> list[tuple[int, int]]:
    """Greedy word wrap of one paragraph to ``width`` points, as (start, end) offsets into ``text``.

    Words longer than a line are broken between characters (as reportlab's splitLongWords does).
    """
    register_fonts()
    spans: list[tuple[int, int]] = []
    space = pdfmetrics.stringWidth(" ", font, size)
    line_start: int | None = None
    line_end = 0
    line_width = 0.0
    pos = 0
    for word in text.split(" "):
        start, end = pos, pos + len(word)
        pos = end + 1
        w = pdfmetrics.stringWidth(word, font, size)
        if w > width:  # break an over-long word across lines
            if line_start is not None:
                spans.append((line_start, line_end))
            piece_start, piece_width = start, 0.0
            for i, ch in enumerate(word):
                cw = pdfmetrics.stringWidth(ch, font, size)
                if i and piece_width + cw > width:
                    spans.append((piece_start, start + i))
                    piece_start, piece_width = start + i, 0.0
                piece_width += cw
            line_start, line_end, line_width = piece_start, end, piece_width
            continue
        if line_start is None:
            line_start, line_end, line_width = start, end, w
        elif line_width + space + w > width:
            spans.append((line_start, line_end))
            line_start, line_end, line_width = start, end, w
        else:
            line_end, line_width = end, line_width + space + w
    if line_start is not None:
        spans.append((line_start, line_end))
    return spans or [(0, len(text))]


def wrap_lines(text: str, font: str, size: float, width: float) -> list[str]:
    """The lines of :func:`wrap_spans`."""
    return [text[a:b] for a, b in wrap_spans(text, font, size, width)]


def rtl_lines(text: str, font: str, size: float, width: float, rtl: bool) -> list[str]:
    """Shape Arabic letters, wrap to ``width``, then put each line in visual order."""
    import arabic_reshaper
    from bidi.algorithm import get_display  # the legacy implementation mirrors brackets

    shaped = arabic_reshaper.reshape(text)
    return [get_display(line, base_dir="R" if rtl else "L") for line in wrap_lines(shaped, font, size, width)]
