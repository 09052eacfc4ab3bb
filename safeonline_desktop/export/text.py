"""Making user text safe for each format, without changing what it says.

- Excel: characters that XML 1.0 (and so an .xlsx file) cannot hold are replaced by U+FFFD,
  visibly; everything else is kept exactly. Cells hold at most 32,767 characters (Excel's limit).
- PDF: user text is escaped so that it is never read as markup; control characters become
  U+FFFD; right-to-left text is shaped and reordered line by line (see :mod:`.fonts`).
"""

from __future__ import annotations

import re

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

REPLACEMENT = "\ufffd"

#: What openpyxl refuses (C0 controls except tab, LF, CR) plus the XML non-characters
#: U+FFFE/U+FFFF, which openpyxl would write but no XML reader (Excel included) accepts.
XLSX_ILLEGAL_RE = re.compile(ILLEGAL_CHARACTERS_RE.pattern + "|[\ufffe\uffff]")

#: Excel's hard limit on the characters in one cell.
EXCEL_CELL_LIMIT = 32_767

#: Control characters that have no business in a printed page (C0 except tab/LF/CR, DEL, C1).
_PDF_CONTROL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")

#: Strong right-to-left characters (Hebrew, Arabic, Syriac, Thaana, N'Ko, presentation forms).
_RTL_RE = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")
_STRONG_LTR_RE = re.compile(r"[A-Za-z\u00c0-\u024f\u0370-\u052f\u0e00-\u0e7f\u3040-\u9fff]")


def xlsx_text(text: str, truncated_note: str = "") -> str:
    """``text`` as an Excel cell can hold it: illegal characters replaced, at most 32,767 characters.

    ``truncated_note`` (e.g. "… [truncated: 40,000 characters in all]") is appended when the text
    had to be cut; the PDF report always holds the full text.
    """
    text = XLSX_ILLEGAL_RE.sub(REPLACEMENT, text)
    if len(text) > EXCEL_CELL_LIMIT:
        note = truncated_note or "…"
        text = text[: EXCEL_CELL_LIMIT - len(note)] + note
    return text


def pdf_clean(text: str) -> str:
    """Normalise line breaks and make control characters visible (U+FFFD); nothing else changes."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n\n")
    text = text.replace("\t", "    ")
    return _PDF_CONTROL_RE.sub(REPLACEMENT, text)


def has_rtl(text: str) -> bool:
    return _RTL_RE.search(text) is not None


def is_rtl_paragraph(text: str) -> bool:
    """Whether a paragraph reads right to left: its first strong character is RTL."""
    rtl = _RTL_RE.search(text)
    if rtl is None:
        return False
    ltr = _STRONG_LTR_RE.search(text)
    return ltr is None or rtl.start() < ltr.start()


def paragraphs(text: str) -> list[str]:
    """Split text at blank lines or line breaks into paragraphs (empty ones dropped)."""
    return [p for p in (part.strip(" ") for part in text.split("\n")) if p.strip()]


def chunk_words(text: str, max_chars: int) -> list[str]:
    """Cut ``text`` into pieces of at most about ``max_chars``, at spaces where possible."""
    if len(text) <= max_chars:
        return [text]
    out = []
    start = 0
    n = len(text)
    while start < n:
        end = min(n, start + max_chars)
        if end < n:
            space = text.rfind(" ", start + max_chars // 2, end)
            if space > start:
                end = space + 1
        out.append(text[start:end])
        start = end
    return out
