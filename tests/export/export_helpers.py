"""Reading review packs back: PDF text (pypdf) and workbook strings (openpyxl)."""

from __future__ import annotations

from pathlib import Path


def pdf_text(path: Path) -> str:
    """All the text of a PDF, whitespace collapsed (lines wrap anywhere)."""
    from pypdf import PdfReader

    reader = PdfReader(str(path))
    return " ".join(" ".join(page.extract_text() or "" for page in reader.pages).split())


def pdf_pages(path: Path) -> list[str]:
    from pypdf import PdfReader

    return [" ".join((page.extract_text() or "").split()) for page in PdfReader(str(path)).pages]


def workbook_strings(path: Path) -> str:
    from openpyxl import load_workbook

    wb = load_workbook(path)
    parts = []
    for ws in wb.worksheets:
        for row in ws.iter_rows(values_only=True):
            parts += [v for v in row if isinstance(v, str)]
    return "\n".join(parts)
