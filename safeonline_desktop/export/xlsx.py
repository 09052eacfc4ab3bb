"""The review pack as an Excel workbook (openpyxl): one row per record, ready to filter and sort.

Sheets: cover, summary per domain (with native stacked bar charts), one sheet per framework
(a row per item), evidence register, findings, recommendations, action plan, participants, and
a hidden sheet with the lists used to validate the status, priority, timeframe and cost columns.

User text is always stored as text: every string cell is written with type ``s`` (and Excel's
"quote prefix" when it begins with ``= + - @``), so nothing the user typed can become a formula.
Characters an .xlsx file cannot hold are replaced by U+FFFD; text over Excel's 32,767-character
cell limit is cut with a note (the PDF report keeps the full text).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.table import Table, TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet

from safeonline_desktop.i18n import tr

from . import model as rm
from .options import PackOptions
from .output import Progress
from .text import xlsx_text

NAVY = "1F3A5F"
FORMULA_STARTS = ("=", "+", "-", "@")
HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor=NAVY)
WRAP_TOP = Alignment(wrap_text=True, vertical="top")
TOP = Alignment(vertical="top")
DATE_FORMAT = "yyyy-mm-dd"
THIN = Side(style="thin", color="BFC5CC")


@dataclass(frozen=True)
class Column:
    header: str
    width: float
    wrap: bool = False
    number_format: str | None = None


class _Writer:
    def __init__(self, model: rm.ReportModel, options: PackOptions) -> None:
        self.m = model
        self.lang = model.language
        self.options = options
        self.wb = Workbook()
        self.tables: set[str] = set()
        self.lists: dict[str, str] = {}  # list name -> range on the hidden sheet

    def t(self, text: str, **values: object) -> str:
        return tr(text, lang=self.lang, **values)

    # -- cells ---------------------------------------------------------------------------------
    def put(self, ws: Worksheet, row: int, col: int, value: object, *, wrap: bool = False,
            number_format: str | None = None):
        """Write one cell; strings always as text, never as formulas."""
        cell = ws.cell(row=row, column=col)
        if isinstance(value, str):
            text = xlsx_text(value, self.t("… [cut at Excel's cell limit; the PDF report has the full text]"))
            cell.value = text
            cell.data_type = "s"  # openpyxl would otherwise read a leading "=" as a formula
            if text.startswith(FORMULA_STARTS):
                cell.quotePrefix = True  # and Excel keeps it as text when the cell is edited
        elif isinstance(value, dt.datetime):
            cell.value = value
            cell.number_format = "yyyy-mm-dd hh:mm"
        elif isinstance(value, dt.date):
            cell.value = value
            cell.number_format = DATE_FORMAT
        else:
            cell.value = value
        if number_format:
            cell.number_format = number_format
        cell.alignment = WRAP_TOP if wrap else TOP
        return cell

    def yes_no(self, flag: bool) -> str:
        return self.t("Yes") if flag else self.t("No")

    # -- sheets --------------------------------------------------------------------------------
    def sheet(self, title: str) -> Worksheet:
        name = _sheet_name(title, {ws.title for ws in self.wb.worksheets})
        if len(self.wb.worksheets) == 1 and self.wb.active.title == "Sheet":
            ws = self.wb.active
            ws.title = name
        else:
            ws = self.wb.create_sheet(name)
        return ws

    def print_setup(self, ws: Worksheet, title_rows: str | None) -> None:
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = ws.PAPERSIZE_LETTER if self.options.paper == "Letter" else ws.PAPERSIZE_A4
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.print_options.gridLines = False
        ws.page_margins.left = ws.page_margins.right = 0.4
        ws.page_margins.top = ws.page_margins.bottom = 0.6
        if title_rows:
            ws.print_title_rows = title_rows
        ws.oddHeader.left.text = _header_text(self.m.title)
        ws.oddHeader.left.size = 8
        if self.options.confidential:
            ws.oddHeader.right.text = _header_text(self.t("CONFIDENTIAL"))
            ws.oddHeader.right.font = "Arial,Bold"
            ws.oddHeader.right.color = "C0392B"
        ws.oddFooter.left.text = _header_text(self.t("SafeOnline Desktop review pack"))
        ws.oddFooter.left.size = 8
        ws.oddFooter.right.text = self.t("Page {page} of {pages}", page="&P", pages="&N")
        ws.oddFooter.right.size = 8

    def table(self, ws: Worksheet, name: str, columns: Sequence[Column], rows: Sequence[Sequence[object]], *,
              first_row: int = 1, first_col: int = 1, freeze: str | None = "A2",
              validations: dict[int, str] | None = None) -> tuple[int, int]:
        """Header + rows as an Excel table with filters; returns (first data row, last row)."""
        header_row = first_row
        for c, column in enumerate(columns):
            cell = self.put(ws, header_row, first_col + c, column.header, wrap=True)
            cell.font = HEADER_FONT
            cell.fill = HEADER_FILL
            ws.column_dimensions[get_column_letter(first_col + c)].width = column.width
        body = list(rows) or [[""] * len(columns)]  # Excel needs at least one row in a table
        for r, values in enumerate(body, start=header_row + 1):
            for c, (column, value) in enumerate(zip(columns, values, strict=True)):
                self.put(ws, r, first_col + c, value, wrap=column.wrap, number_format=column.number_format)
        last_row = header_row + len(body)
        ref = f"{get_column_letter(first_col)}{header_row}:{get_column_letter(first_col + len(columns) - 1)}{last_row}"
        table_name = _table_name(name, self.tables)
        table = Table(displayName=table_name, ref=ref)
        table.tableStyleInfo = TableStyleInfo(name="TableStyleMedium2", showRowStripes=True)
        ws.add_table(table)
        if freeze:
            ws.freeze_panes = freeze
        for col_index, list_name in (validations or {}).items():
            letter = get_column_letter(first_col + col_index)
            dv = DataValidation(type="list", formula1=self.lists[list_name], allow_blank=True,
                                showErrorMessage=True, showDropDown=False)
            dv.errorTitle = self.t("Not in the list")
            dv.error = self.t("Choose a value from the list.")
            dv.add(f"{letter}{header_row + 1}:{letter}{max(last_row, header_row + 1) + 200}")
            ws.add_data_validation(dv)
        return header_row + 1, last_row

    # -- content -------------------------------------------------------------------------------
    def build(self, progress: Progress) -> Workbook:
        self.lists_sheet_name = _sheet_name(self.t("Lists"), set())
        cover = self.sheet(self.t("Cover"))
        self.make_lists()
        steps = [lambda: self.cover(cover), self.summary, self.frameworks, self.consensus, self.evidence,
                 self.findings, self.recommendations, self.actions, self.participants]
        for n, step in enumerate(steps):
            progress(n / len(steps), self.t("Writing the workbook…"))
            step()
        lists = self.wb[self.lists_sheet_name]
        self.wb.move_sheet(lists, len(self.wb.worksheets) - 1 - self.wb.worksheets.index(lists))
        self.wb.active = 0
        self.wb.properties.title = xlsx_text(self.m.title)[:250]
        self.wb.properties.creator = "SafeOnline Desktop"
        self.wb.properties.language = self.lang
        return self.wb

    def make_lists(self) -> None:
        ws = self.wb.create_sheet(self.lists_sheet_name)
        ws.sheet_state = "hidden"
        lists = {
            "status": self.m.choices.status,
            "confidence": self.m.choices.confidence,
            "action_status": self.m.choices.action_status,
            "priority": self.m.choices.priority,
            "timeframe": self.m.choices.timeframe,
            "cost_band": self.m.choices.cost_band,
        }
        for c, (key, values) in enumerate(lists.items(), start=1):
            self.put(ws, 1, c, key)
            for r, value in enumerate(values, start=2):
                self.put(ws, r, c, value)
            letter = get_column_letter(c)
            self.lists[key] = f"{quote_sheetname(ws.title)}!${letter}$2:${letter}${max(2, len(values) + 1)}"

    def cover(self, ws: Worksheet) -> None:
        m = self.m
        ws.column_dimensions["A"].width = 30
        ws.column_dimensions["B"].width = 100
        cell = self.put(ws, 1, 1, m.title)
        cell.font = Font(bold=True, size=16, color=NAVY)
        ws.merge_cells("A1:B1")
        subtitle = self.put(ws, 2, 1, self.t("Country capacity review: workbook"))
        subtitle.font = Font(italic=True, color="555555")
        row = 4
        if self.options.confidential:
            c = self.put(ws, 3, 1, self.t("CONFIDENTIAL"))
            c.font = Font(bold=True, color="C0392B")
        team = [p for p in m.participants if p.team]
        team_text = "\n".join(
            f"{p.name} ({p.role_label}, {p.organisation})" if p.organisation else f"{p.name} ({p.role_label})"
            for p in team if p.name
        )
        unnamed = sum(1 for p in team if not p.name)
        if unnamed:
            team_text = (team_text + "\n" if team_text else "") + self.t("{count} team member(s) not named", count=unnamed)
        facts: list[tuple[str, object]] = [
            (self.t("Review"), m.title),
            (self.t("Country"), f"{m.country} ({m.country_code})"),
            (self.t("Period"), m.period or self.t("Not set")),
            (self.t("Review status"), m.review_status),
            (self.t("Scope"), m.scope),
            (self.t("Review team"), team_text or self.t("None recorded")),
        ]
        for fw in m.frameworks:
            facts.append((self.t("Framework"), f"{fw.title} — {fw.publisher}, {fw.year} "
                                               f"({self.t('content pack {id} version {version}', id=fw.id, version=fw.version)})"))
        for label, version in m.content_versions:
            facts.append((label, self.t("version {version}", version=version)))
        facts += [
            (self.t("Language"), m.language),
            (self.t("Edition"), self.edition_text()),
            (self.t("Generated at"), m.generated_at.replace(microsecond=0)),
            (self.t("Generated with"), f"SafeOnline Desktop {m.app_version}"),
            (self.t("Review identifier"), m.review_uid),
        ]
        for label, value in facts:
            c = self.put(ws, row, 1, label)
            c.font = Font(bold=True)
            self.put(ws, row, 2, value, wrap=True)
            if isinstance(value, dt.datetime):
                ws.cell(row=row, column=2).number_format = "yyyy-mm-dd hh:mm \"UTC\""
                ws.cell(row=row, column=2).alignment = Alignment(horizontal="left", vertical="top")
            row += 1
        row += 1
        note = self.put(ws, row, 1, self.t("WeProtect Global Alliance does not score or rank countries, and neither "
                                           "does this workbook: it shows how ratings are distributed, never a total."),
                        wrap=True)
        note.font = Font(italic=True, color="555555")
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=2)
        ws.row_dimensions[row].height = 30
        self.print_setup(ws, None)
        ws.page_setup.orientation = "portrait"

    def edition_text(self) -> str:
        m = self.m
        if not m.redacted:
            return self.t("Full edition: includes notes and material marked sensitive. Participants are named only "
                          "with their consent.")
        r = m.redaction
        return self.t("Redacted edition: left out {notes} assessment note(s), {evidence} sensitive evidence record(s), "
                      "{findings} sensitive finding(s), the rationale of {items} sensitive item(s) and all "
                      "participants' names.", notes=r.notes, evidence=r.evidence, findings=r.findings,
                      items=r.withheld_items)

    def summary(self) -> None:
        m = self.m
        ws = self.sheet(self.t("Summary"))
        title = self.put(ws, 1, 1, self.t("Ratings by domain"))
        title.font = Font(bold=True, size=14, color=NAVY)
        fw_names = {fw.id: fw.short_title for fw in m.frameworks}
        columns = [Column(self.t("Framework"), 26, wrap=True), Column(self.t("Domain"), 30, wrap=True),
                   Column(self.t("Items"), 8), Column(self.t("Rated"), 8),
                   Column(self.t("Progress"), 10, number_format="0%")]
        columns += [Column(level.label, 13, wrap=True) for level in m.levels]
        rows = []
        for d in m.summary:
            rows.append([fw_names.get(d.framework_id, d.framework_id), f"{d.number}. {d.name}", d.total, d.rated,
                         d.fraction] + [d.count(level.code) for level in m.levels])
        first, last = self.table(ws, "Summary", columns, rows, first_row=3, freeze="C4")
        ws.row_dimensions[3].height = 32
        total_row = last + 1
        self.put(ws, total_row, 2, self.t("All domains")).font = Font(bold=True)
        for c in range(3, len(columns) + 1):
            letter = get_column_letter(c)
            if c == 5:
                value = (m.items_rated / m.items_total) if m.items_total else 0.0
                cell = self.put(ws, total_row, c, value, number_format="0%")
            elif c == 3:
                cell = self.put(ws, total_row, c, m.items_total)
            elif c == 4:
                cell = self.put(ws, total_row, c, m.items_rated)
            else:
                code = m.levels[c - 6].code
                cell = self.put(ws, total_row, c, sum(d.count(code) for d in m.summary))
            cell.font = Font(bold=True)
            cell.border = Border(top=THIN)
            del letter
        if m.summary:
            self.charts(ws, first, last, len(columns), total_row + 2)
        self.print_setup(ws, "3:3")

    def charts(self, ws: Worksheet, first: int, last: int, ncols: int, anchor_row: int) -> None:
        m = self.m
        n = last - first + 1
        chart = BarChart()
        chart.type = "bar"
        chart.grouping = "stacked"
        chart.overlap = 100
        chart.gapWidth = 60
        chart.title = self.t("Ratings by domain")
        chart.y_axis.title = self.t("Number of items")
        chart.y_axis.majorUnit = 1
        chart.y_axis.majorGridlines = None
        chart.x_axis.scaling.orientation = "maxMin"  # first domain at the top, as in the table
        chart.x_axis.delete = False
        chart.y_axis.delete = False
        data = Reference(ws, min_col=6, max_col=ncols, min_row=first - 1, max_row=last)
        cats = Reference(ws, min_col=2, min_row=first, max_row=last)
        chart.add_data(data, titles_from_data=True)
        chart.set_categories(cats)
        for series, level in zip(chart.series, m.levels, strict=False):
            colour = level.colour.lstrip("#").upper()
            series.graphicalProperties.solidFill = colour
            series.graphicalProperties.line.solidFill = colour
        chart.legend.position = "b"
        chart.height = max(7.5, 2.2 + 1.1 * n)
        chart.width = 24
        ws.add_chart(chart, f"A{anchor_row}")

        progress = BarChart()
        progress.type = "bar"
        progress.title = self.t("Share of items rated")
        progress.x_axis.scaling.orientation = "maxMin"
        progress.y_axis.scaling.min = 0
        progress.y_axis.scaling.max = 1
        progress.y_axis.majorUnit = 0.25
        progress.y_axis.number_format = "0%"
        progress.x_axis.delete = False
        progress.y_axis.delete = False
        progress.add_data(Reference(ws, min_col=5, min_row=first - 1, max_row=last), titles_from_data=True)
        progress.set_categories(cats)
        progress.series[0].graphicalProperties.solidFill = NAVY
        progress.legend = None
        progress.height = max(7.5, 2.2 + 1.1 * n)
        progress.width = 24
        rows_taken = int(chart.height / 0.5) + 2  # about 0.5 cm per default row
        ws.add_chart(progress, f"A{anchor_row + rows_taken}")

    def frameworks(self) -> None:
        m = self.m
        for section in m.sections:
            fw = section.framework
            ws = self.sheet(fw.short_title)
            columns = [Column(self.t("Item ID"), 11), Column(self.t("Domain"), 22, wrap=True),
                       Column(self.t("Item"), 30, wrap=True), Column(self.t("Rating"), 18, wrap=True)]
            if section.uses_phase:
                columns.append(Column(self.t("MNR maturity phase"), 16, wrap=True))
            columns += [Column(self.t("Confidence"), 12), Column(self.t("Progress"), 14, wrap=True),
                        Column(self.t("Rationale"), 70, wrap=True), Column(self.t("Notes"), 50, wrap=True),
                        Column(self.t("Evidence count"), 10), Column(self.t("Evidence"), 30, wrap=True),
                        Column(self.t("Findings"), 60, wrap=True), Column(self.t("Guiding questions covered"), 12),
                        Column(self.t("Last updated by"), 16, wrap=True),
                        Column(self.t("Last updated"), 17, number_format="yyyy-mm-dd hh:mm"),
                        Column(self.t("Rating code"), 16)]
            findings = {f.ref: f for f in m.findings}
            rows = []
            for d in section.domains:
                for item in d.items:
                    rationale = self.t("Withheld in this edition (sensitive item).") if item.withheld else item.rationale
                    row: list[object] = [item.id, f"{d.number}. {d.name}", item.name,
                                         item.status_label if item.status_code != rm.UNRATED else ""]
                    if section.uses_phase:
                        row.append(item.phase_label)
                    row += [item.confidence_label, item.state_label, rationale, item.notes, len(item.evidence),
                            "\n".join(f"{e.ref} {e.title}" for e in item.evidence),
                            "\n".join(f"{ref} ({findings[ref].kind_label}): {findings[ref].statement}"
                                      for ref in item.findings if ref in findings),
                            f"{item.questions_done}/{item.questions_total}", item.updated_by, item.updated_at,
                            item.status_code if item.status_code != rm.UNRATED else ""]
                    rows.append(row)
            rating_col = 3
            confidence_col = 5 if section.uses_phase else 4
            self.table(ws, f"Items_{fw.id}", columns, rows, freeze="D2",
                       validations={rating_col: "status", confidence_col: "confidence"})
            self.print_setup(ws, "1:1")

    def consensus(self) -> None:
        """Workshop mode: self-assessment beside the validated rating, then dissent (if any)."""
        m = self.m
        if not (m.consensus or m.dissents):
            return
        ws = self.sheet(self.t("Consensus"))
        columns = [Column(self.t("Item ID"), 11), Column(self.t("Item"), 40, wrap=True),
                   Column(self.t("National self-assessment"), 20, wrap=True),
                   Column(self.t("Validated rating"), 20, wrap=True), Column(self.t("Difference (steps)"), 12),
                   Column(self.t("Proposals"), 11), Column(self.t("Spread (steps)"), 11), Column(self.t("Dissents"), 10)]
        rows = [[c.item_id, f"{c.item_code} {c.item_name}", c.self_label or "—", c.validated_label,
                 c.difference if c.difference is not None else "—", c.proposals,
                 c.spread if c.spread is not None else "—", c.dissents] for c in m.consensus]
        _, last = self.table(ws, "SelfAssessment", columns, rows, freeze="C2")
        first = last + 3
        self.put(ws, first - 1, 1, self.t("Dissent")).font = Font(bold=True)
        columns = [Column(self.t("Item ID"), 11), Column(self.t("Item"), 40, wrap=True),
                   Column(self.t("Who"), 20, wrap=True), Column(self.t("Holds"), 20, wrap=True),
                   Column(self.t("Agreed rating"), 12, wrap=True), Column(self.t("Reason"), 70, wrap=True)]
        rows = [[d.item_id, f"{d.item_code} {d.item_name}", d.who, d.held_label or "—", d.agreed_label, d.reason]
                for d in m.dissents]
        self.table(ws, "Dissent", columns, rows, first_row=first, freeze=None)
        for col, width in enumerate((11, 40, 30, 20, 20, 70), start=1):
            ws.column_dimensions[get_column_letter(col)].width = width
        self.print_setup(ws, None)

    def evidence(self) -> None:
        ws = self.sheet(self.t("Evidence"))
        columns = [Column(self.t("Ref"), 7), Column(self.t("Title"), 40, wrap=True), Column(self.t("Type"), 18, wrap=True),
                   Column(self.t("Citation"), 50, wrap=True), Column(self.t("Document date"), 13),
                   Column(self.t("Provided by"), 26, wrap=True), Column(self.t("Attached file"), 24, wrap=True),
                   Column(self.t("Items"), 22, wrap=True), Column(self.t("Sensitive"), 10)]
        rows = [[e.ref, e.title, e.type_label, e.citation, e.document_date, e.provided_by, e.file_name,
                 ", ".join(e.item_ids), self.yes_no(e.sensitive)] for e in self.m.evidence]
        self.table(ws, "Evidence", columns, rows, freeze="C2")
        self.print_setup(ws, "1:1")

    def findings(self) -> None:
        ws = self.sheet(self.t("Findings"))
        columns = [Column(self.t("Ref"), 7), Column(self.t("Kind"), 16), Column(self.t("Item ID"), 11),
                   Column(self.t("Item"), 30, wrap=True), Column(self.t("Finding"), 90, wrap=True),
                   Column(self.t("Sensitive"), 10)]
        rows = [[f.ref, f.kind_label, f.item_id, f.item_name, f.statement, self.yes_no(f.sensitive)]
                for f in self.m.findings]
        self.table(ws, "Findings", columns, rows)
        self.print_setup(ws, "1:1")

    def recommendations(self) -> None:
        ws = self.sheet(self.t("Recommendations"))
        columns = [Column(self.t("Ref"), 7), Column(self.t("Priority"), 11), Column(self.t("Recommendation"), 70, wrap=True),
                   Column(self.t("Lead actor"), 28, wrap=True), Column(self.t("Supporting actors"), 36, wrap=True),
                   Column(self.t("Timeframe"), 20, wrap=True), Column(self.t("Cost band"), 20, wrap=True),
                   Column(self.t("Items"), 22, wrap=True)]
        rows = [[r.ref, r.priority_label, r.text, r.lead_actor, r.supporting_actors, r.timeframe_label, r.cost_label,
                 ", ".join(r.item_ids)] for r in self.m.recommendations]
        self.table(ws, "Recommendations", columns, rows, freeze="C2",
                   validations={1: "priority", 5: "timeframe", 6: "cost_band"})
        self.print_setup(ws, "1:1")

    def actions(self) -> None:
        ws = self.sheet(self.t("Action plan"))
        columns = [Column(self.t("Ref"), 7), Column(self.t("Recommendation"), 14), Column(self.t("Activity"), 60, wrap=True),
                   Column(self.t("Owner"), 28, wrap=True), Column(self.t("Start"), 12), Column(self.t("Due"), 12),
                   Column(self.t("Indicator"), 40, wrap=True), Column(self.t("Status"), 14)]
        rows = [[a.ref, a.recommendation_ref, a.activity, a.owner, a.start_date, a.due_date, a.indicator,
                 a.status_label] for a in self.m.actions]
        self.table(ws, "ActionPlan", columns, rows, freeze="C2", validations={7: "action_status"})
        self.print_setup(ws, "1:1")

    def participants(self) -> None:
        m = self.m
        ws = self.sheet(self.t("Participants"))
        counts = [Column(self.t("Sector"), 30, wrap=True), Column(self.t("Organisations"), 14),
                  Column(self.t("Participants"), 13)]
        count_rows = [[s.sector_label, s.organisations, s.participants] for s in m.sectors]
        if m.redacted:  # no names, and no per-person rows that would point at someone
            self.table(ws, "ParticipantsBySector", counts, count_rows)
        else:
            columns = [Column(self.t("Name"), 28, wrap=True), Column(self.t("Organisation"), 50, wrap=True),
                       Column(self.t("Sector"), 30, wrap=True), Column(self.t("Role"), 18),
                       Column(self.t("Review team"), 12)]
            rows = [[p.name or self.t("(name withheld: no consent)"), p.organisation, p.sector_label, p.role_label,
                     self.yes_no(p.team)] for p in m.participants]
            self.table(ws, "Participants", columns, rows)
            self.table(ws, "ParticipantsBySector", counts, count_rows, first_col=len(columns) + 2)
        self.print_setup(ws, "1:1")


def _sheet_name(title: str, taken: set[str]) -> str:
    """A valid, unique sheet name: no []:*?/\\, at most 31 characters."""
    clean = "".join(" " if ch in "[]:*?/\\" else ch for ch in title).strip().strip("'") or "Sheet"

    def fit(limit: int) -> str:
        # Cut at a word boundary with an ellipsis, not mid-word ("Modèle de réponse nationale (MN").
        if len(clean) <= limit:
            return clean
        cut = clean[: limit - 1]
        if " " in cut[limit // 2:]:
            cut = cut[: cut.rindex(" ")]
        return cut.rstrip(" ,;:-(") + "…"

    name = fit(31)
    n = 2
    while name.casefold() in {t.casefold() for t in taken}:
        suffix = f" ({n})"
        name = fit(31 - len(suffix)) + suffix
        n += 1
    return name


def _table_name(name: str, taken: set[str]) -> str:
    base = "".join(ch if ch.isalnum() or ch == "_" else "_" for ch in name)
    if not base or not base[0].isalpha():
        base = "T_" + base
    candidate, n = base, 2
    while candidate.casefold() in taken:
        candidate, n = f"{base}_{n}", n + 1
    taken.add(candidate.casefold())
    return candidate


def _header_text(text: str) -> str:
    """Text for a print header/footer: '&' doubled (it starts codes there), within Excel's limit."""
    text = xlsx_text(text).replace("\n", " ")
    if len(text) > 80:
        text = text[:79] + "…"
    return text.replace("&", "&&")


def render_xlsx(model: rm.ReportModel, path: Path, options: PackOptions, progress: Progress) -> None:
    """Write the workbook of ``model`` to ``path`` (a temporary file; see :mod:`.output`)."""
    writer = _Writer(model, options)
    wb = writer.build(progress)
    progress(0.95, tr("Saving the workbook…", lang=model.language))
    wb.save(path)
