"""The consolidated comparison workbook: countries and periods against checklist items.

This module only renders the neutral :class:`ComparisonReport` it is given (built by
``services/comparison.py``). Every cell holding text is written as text, never as a formula;
ratings are coloured by conditional formatting on their label, so a person who edits a cell
sees the colour follow; panes are frozen on the headers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import Workbook
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from safeonline_desktop.errors import ExportError

from .output import PendingFile, describe_write_error
from .text import xlsx_text


@dataclass(frozen=True)
class CellValue:
    label: str
    colour: str  #: "#rrggbb"


@dataclass(frozen=True)
class LegendEntry:
    label: str
    colour: str


@dataclass(frozen=True)
class ColumnHead:
    code: str
    item_id: str
    name: str
    domain: str
    framework: str


@dataclass(frozen=True)
class RowEntry:
    country: str
    country_code: str
    period: str
    title: str
    origin: str
    cells: list[CellValue | None]  #: ``None``: the item is not part of this review's frameworks


@dataclass(frozen=True)
class ChangeLine:
    code: str
    name: str
    before: CellValue
    after: CellValue
    change: str


@dataclass(frozen=True)
class ChangeBlock:
    title: str
    lines: list[ChangeLine]


@dataclass(frozen=True)
class Headers:
    country: str
    period: str
    review: str
    origin: str
    code: str
    name: str
    domain: str
    framework: str
    before: str
    after: str
    change: str
    legend: str
    not_in_review: str


@dataclass(frozen=True)
class SheetNames:
    heatmap: str
    items: str
    changes: str
    about: str


@dataclass(frozen=True)
class ComparisonReport:
    lang: str
    title: str
    scope: str
    note: str
    headers: Headers
    sheet_names: SheetNames
    columns: list[ColumnHead]
    rows: list[RowEntry]
    legend: list[LegendEntry]
    changes: list[ChangeBlock] = field(default_factory=list)
    #: The one line the changes sheet holds when there is no change to show.
    no_changes: str = ""


NOT_IN_REVIEW = "–"
_BOLD = Font(bold=True)
_TITLE = Font(bold=True, size=14)
_GREY = PatternFill("solid", fgColor="EEEEEE", bgColor="EEEEEE")
_WRAP_TOP = Alignment(wrap_text=True, vertical="top")


def _text(ws: Worksheet, row: int, column: int, value: str, font: Font | None = None) -> None:
    """A text cell, always: user text that looks like a formula stays text."""
    cell = ws.cell(row=row, column=column)
    cell.value = xlsx_text(str(value))
    cell.data_type = "s"
    if font is not None:
        cell.font = font


def _hex(colour: str) -> str:
    return colour.lstrip("#").upper()


def _ink(colour: str) -> str:
    """Black or white text, whichever reads better on ``colour``."""
    c = _hex(colour)
    try:
        r, g, b = int(c[0:2], 16), int(c[2:4], 16), int(c[4:6], 16)
    except ValueError:
        return "000000"
    return "FFFFFF" if (0.299 * r + 0.587 * g + 0.114 * b) < 140 else "000000"


def _sheet_name(name: str, used: set[str]) -> str:
    clean = "".join("_" if ch in "[]:*?/\\" else ch for ch in name).strip("'")[:31] or "Sheet"
    base, n = clean, 2
    while clean.casefold() in used:
        suffix = f" ({n})"
        clean = base[: 31 - len(suffix)] + suffix
        n += 1
    used.add(clean.casefold())
    return clean


def _colour_rules(ws: Worksheet, cell_range: str, legend: list[LegendEntry]) -> None:
    """Conditional formatting: a cell equal to a level's label takes the level's colour."""
    for entry in legend:
        if not entry.label:
            continue
        literal = '"' + entry.label.replace('"', '""') + '"'
        fill = PatternFill("solid", fgColor=_hex(entry.colour), bgColor=_hex(entry.colour))
        ws.conditional_formatting.add(cell_range, CellIsRule(operator="equal", formula=[literal], fill=fill,
                                                             font=Font(color=_ink(entry.colour))))


def write_comparison_xlsx(report: ComparisonReport, target: Path) -> Path:
    """Write the workbook to ``target`` (through a temporary file renamed into place)."""
    pending = PendingFile(Path(target))
    try:
        _build(report).save(pending.temp)
    except OSError as exc:
        pending.discard()
        raise ExportError(describe_write_error(exc, pending.target)) from exc
    except BaseException:
        pending.discard()
        raise
    return pending.commit()


def _build(report: ComparisonReport) -> Workbook:
    h = report.headers
    wb = Workbook()
    used: set[str] = set()

    # -- the heat map --------------------------------------------------------------------
    ws = wb.active
    ws.title = _sheet_name(report.sheet_names.heatmap, used)
    _text(ws, 1, 1, report.title, _TITLE)
    _text(ws, 2, 1, report.scope, _BOLD)
    _text(ws, 3, 1, report.note)
    head_row, name_row, first = 5, 6, 7
    fixed = (h.country, h.period, h.review)
    for col, label in enumerate(fixed, start=1):
        _text(ws, head_row, col, label, _BOLD)
    for n, column in enumerate(report.columns, start=len(fixed) + 1):
        _text(ws, head_row, n, column.code, _BOLD)
        _text(ws, name_row, n, column.name)
        ws.cell(row=name_row, column=n).alignment = Alignment(wrap_text=True, vertical="top", text_rotation=90)
        ws.column_dimensions[get_column_letter(n)].width = 14
    ws.row_dimensions[name_row].height = 150
    for r, entry in enumerate(report.rows, start=first):
        _text(ws, r, 1, entry.country)
        _text(ws, r, 2, entry.period)
        _text(ws, r, 3, entry.title)
        for n, cell in enumerate(entry.cells, start=len(fixed) + 1):
            if cell is None:
                _text(ws, r, n, NOT_IN_REVIEW)
                ws.cell(row=r, column=n).fill = _GREY
                ws.cell(row=r, column=n).alignment = Alignment(horizontal="center")
            else:
                _text(ws, r, n, cell.label)
    ws.column_dimensions["A"].width = 24
    ws.column_dimensions["B"].width = 24
    ws.column_dimensions["C"].width = 40
    if report.rows and report.columns:
        last = get_column_letter(len(fixed) + len(report.columns))
        _colour_rules(ws, f"D{first}:{last}{first + len(report.rows) - 1}", report.legend)
    ws.freeze_panes = ws.cell(row=first, column=len(fixed) + 1)

    # -- the items -----------------------------------------------------------------------
    items = wb.create_sheet(_sheet_name(report.sheet_names.items, used))
    for col, label in enumerate((h.code, h.name, h.domain, h.framework), start=1):
        _text(items, 1, col, label, _BOLD)
    for r, column in enumerate(report.columns, start=2):
        for col, value in enumerate((column.code, column.name, column.domain, column.framework), start=1):
            _text(items, r, col, value)
    for letter, width in zip("ABCD", (10, 60, 40, 30), strict=True):
        items.column_dimensions[letter].width = width
    items.freeze_panes = "A2"

    # -- the changes per country ---------------------------------------------------------
    changes = wb.create_sheet(_sheet_name(report.sheet_names.changes, used))
    if not report.changes and report.no_changes:
        _text(changes, 1, 1, report.no_changes)
    r = 1
    for block in report.changes:
        _text(changes, r, 1, block.title, _BOLD)
        r += 1
        for col, label in enumerate((h.code, h.name, h.before, h.after, h.change), start=1):
            _text(changes, r, col, label, _BOLD)
        r += 1
        start = r
        for line in block.lines:
            for col, value in enumerate((line.code, line.name, line.before.label, line.after.label, line.change),
                                        start=1):
                _text(changes, r, col, value)
            r += 1
        if block.lines:
            _colour_rules(changes, f"C{start}:D{r - 1}", report.legend)
        r += 1
    for letter, width in zip("ABCDE", (10, 60, 22, 22, 20), strict=True):
        changes.column_dimensions[letter].width = width

    # -- about ---------------------------------------------------------------------------
    about = wb.create_sheet(_sheet_name(report.sheet_names.about, used))
    _text(about, 1, 1, report.title, _TITLE)
    _text(about, 2, 1, report.scope, _BOLD)
    _text(about, 3, 1, report.note)
    about.cell(row=3, column=1).alignment = _WRAP_TOP
    about.column_dimensions["A"].width = 100
    about.row_dimensions[3].height = 60
    _text(about, 5, 1, h.legend, _BOLD)
    for n, entry in enumerate(report.legend, start=6):
        _text(about, n, 1, entry.label)
        fill = _hex(entry.colour)
        about.cell(row=n, column=1).fill = PatternFill("solid", fgColor=fill, bgColor=fill)
        about.cell(row=n, column=1).font = Font(color=_ink(entry.colour))
    _text(about, 6 + len(report.legend), 1, f"{NOT_IN_REVIEW}  {h.not_in_review}")
    return wb
