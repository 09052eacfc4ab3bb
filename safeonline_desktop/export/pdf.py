"""The review pack as a PDF report (reportlab platypus).

Cover, contents, executive summary with charts of the ratings per domain (reportlab.graphics),
scope and method, a section per framework and domain with each item's rating, rationale and the
evidence cited, findings, prioritised recommendations, the action plan, and annexes (evidence
register, participants). Running header with the review title, "Page X of Y", an optional
"Confidential" marking, A4 or Letter. Fonts are bundled and embedded (:mod:`.fonts`).

User text is never read as markup: it is escaped before it reaches a Paragraph. Long text
never breaks the layout: body text flows across pages, and text in table cells is cut into
continuation rows of bounded height, because a table row taller than a page cannot be laid out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from pathlib import Path

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.tableofcontents import TableOfContents

from safeonline_desktop.i18n import tr

from . import fonts
from . import model as rm
from .options import PackOptions
from .output import Progress
from .text import chunk_words, has_rtl, is_rtl_paragraph, paragraphs, pdf_clean

NAVY = colors.HexColor("#1F3A5F")
ACCENT = colors.HexColor("#2E86AB")
MUTED = colors.HexColor("#5D6D7E")
RULE = colors.HexColor("#C8CED6")
LIGHT = colors.HexColor("#F2F4F7")
ZEBRA = colors.HexColor("#F7F9FB")
RED = colors.HexColor("#C0392B")
PRIORITY_COLOURS = {"high": "#C0392B", "medium": "#B9770E", "low": "#5D6D7E"}

#: Lines of text per table row at most; longer cell text continues in the next row.
CELL_MAX_LINES = 28
#: Body paragraphs longer than this are handed to reportlab in pieces (it re-wraps on every split).
BODY_PIECE_CHARS = 8000


class Heading(Paragraph):
    """A heading that goes into the table of contents (levels 0-1) and the PDF outline."""

    def __init__(self, markup: str, style: ParagraphStyle, level: int, outline: str, toc: bool = True) -> None:
        super().__init__(markup, style)
        self.level = level
        self.outline = outline
        self.toc = toc
        self.toc_markup = markup


def _numbered_canvas(doc: ReportDoc):
    class NumberedCanvas(rl_canvas.Canvas):
        """Holds every page until the end, so each can say "Page X of Y"."""

        def __init__(self, *args, **kwargs):
            # The canvas names its initial font on every page: an embedded one, never Helvetica.
            kwargs["initialFontName"] = fonts.SANS
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []

        def showPage(self):  # noqa: N802 - reportlab's name
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                doc.draw_page_number(self, total)
                super().showPage()
            super().save()

    return NumberedCanvas


class ReportDoc(BaseDocTemplate):
    def __init__(self, path: Path, writer: _Report, pagesize) -> None:
        self.writer = writer
        super().__init__(
            str(path), pagesize=pagesize, leftMargin=20 * mm, rightMargin=20 * mm, topMargin=24 * mm,
            bottomMargin=20 * mm, title=fonts_plain(writer.m.title), author="SafeOnline Desktop",
            subject=tr("Country capacity review", lang=writer.lang), creator="SafeOnline Desktop", lang=writer.lang,
            displayDocTitle=True, initialFontName=fonts.SANS, initialFontSize=9, initialLeading=12,
        )
        width, height = pagesize
        body = Frame(self.leftMargin, self.bottomMargin, self.width, self.height, id="body",
                     leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        cover = Frame(self.leftMargin, 22 * mm, self.width, height - 22 * mm - 62 * mm, id="cover",
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        self.addPageTemplates([
            PageTemplate(id="cover", frames=[cover], onPage=writer.draw_cover_page),
            PageTemplate(id="body", frames=[body], onPage=writer.draw_body_page),
        ])
        self._flowed = 0

    def afterFlowable(self, flowable: Flowable) -> None:  # noqa: N802 - reportlab's name
        self._flowed += 1
        if self._flowed % 40 == 0:
            self.writer.progress_flow(self._flowed)
        if isinstance(flowable, Heading):
            key = f"h{self.seq.nextf('heading')}"
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(flowable.outline, key, level=flowable.level, closed=flowable.level >= 1)
            if flowable.toc:
                self.notify("TOCEntry", (flowable.level, flowable.toc_markup, self.page, key))

    def draw_page_number(self, canv, total: int) -> None:
        if canv._pageNumber == 1:
            return
        canv.saveState()
        canv.setFont(fonts.SANS, 7.5)
        canv.setFillColor(MUTED)
        text = tr("Page {page} of {pages}", lang=self.writer.lang, page=canv._pageNumber, pages=total)
        canv.drawRightString(self.leftMargin + self.width, 11 * mm, text)
        canv.restoreState()


def fonts_plain(text: str) -> str:
    """Text for PDF metadata and outlines (no markup; one line)."""
    return " ".join(pdf_clean(text).split())[:300]


class _Report:
    def __init__(self, model: rm.ReportModel, options: PackOptions, progress: Progress) -> None:
        fonts.register_fonts()
        self.m = model
        self.lang = model.language
        self.options = options
        self.progress = progress
        self.pagesize = LETTER if options.paper == "Letter" else A4
        self.width = self.pagesize[0] - 40 * mm
        self.styles = _styles()
        self._derived: dict[tuple[str, str], ParagraphStyle] = {}
        self.findings = {f.ref: f for f in model.findings}
        self.item_names = {i.id: i.name for s in model.sections for i in s.items}
        self.item_codes = {i.id: i.code for s in model.sections for i in s.items}
        self.story_size = 1

    def t(self, text: str, **values: object) -> str:
        return tr(text, lang=self.lang, **values)

    # -- text ------------------------------------------------------------------------------------
    def style(self, name: str, **changes) -> ParagraphStyle:
        if not changes:
            return self.styles[name]
        key = (name, repr(sorted(changes.items())))
        if key not in self._derived:
            self._derived[key] = ParagraphStyle(f"{name}-{len(self._derived)}", parent=self.styles[name], **changes)
        return self._derived[key]

    def label(self, text: str, style: str = "body") -> Paragraph:
        """A Paragraph of the app's own words (already translated), escaped like user text."""
        return Paragraph(fonts.markup(text, self.styles[style].fontName), self.styles[style])

    def user(self, text: str, style: str = "body", width: float | None = None) -> list[Flowable]:
        """User text as Paragraphs: escaped, paragraph breaks kept, right-to-left lines shaped."""
        base = self.styles[style]
        width = width or self.width
        out: list[Flowable] = []
        for para in paragraphs(pdf_clean(text)):
            if has_rtl(para):
                rtl = is_rtl_paragraph(para)
                lines = fonts.rtl_lines(para, base.fontName, base.fontSize, width - base.leftIndent - 3, rtl)
                groups = [lines[i:i + CELL_MAX_LINES] for i in range(0, len(lines), CELL_MAX_LINES)]
                for n, group in enumerate(groups):
                    st = self.style(style, alignment=TA_RIGHT if rtl else TA_LEFT,
                                    spaceAfter=base.spaceAfter if n == len(groups) - 1 else 0)
                    out.append(Paragraph("<br/>".join(fonts.markup(line, base.fontName) for line in group), st))
            else:
                pieces = chunk_words(para, BODY_PIECE_CHARS)
                for n, piece in enumerate(pieces):
                    st = base if n == len(pieces) - 1 else self.style(style, spaceAfter=0)
                    out.append(Paragraph(fonts.markup(piece, base.fontName), st))
        return out

    def cell_chunks(self, text: str, style: str, width: float) -> list[list[Flowable]]:
        """User text for a table cell, cut into pieces of at most CELL_MAX_LINES lines each.

        A table row cannot be split across pages, so a long cell continues in further rows.
        """
        base = self.styles[style]
        avail = max(20.0, width - 8)
        # One entry per line: (paragraph, text of the line or span, right-to-left?)
        lines: list[tuple[int, object, bool]] = []
        paras = paragraphs(pdf_clean(text))
        for n, para in enumerate(paras):
            if has_rtl(para):
                rtl = is_rtl_paragraph(para)
                lines += [(n, line, rtl) for line in fonts.rtl_lines(para, base.fontName, base.fontSize, avail - 2, rtl)]
            else:
                lines += [(n, span, False) for span in fonts.wrap_spans(para, base.fontName, base.fontSize, avail * 0.97)]
        if not lines:
            return [[]]
        chunks: list[list[Flowable]] = []
        for start in range(0, len(lines), CELL_MAX_LINES):
            group = lines[start:start + CELL_MAX_LINES]
            flow: list[Flowable] = []
            n = 0
            while n < len(group):
                para_no, _, rtl = group[n]
                same = [entry for entry in group[n:] if entry[0] == para_no]
                n += len(same)
                if isinstance(same[0][1], tuple):  # left-to-right: the original text of those lines
                    markup = fonts.markup(paras[para_no][same[0][1][0]:same[-1][1][1]], base.fontName)
                    flow.append(Paragraph(markup, base))
                else:  # right-to-left: lines already in visual order
                    markup = "<br/>".join(fonts.markup(str(entry[1]), base.fontName) for entry in same)
                    flow.append(Paragraph(markup, self.style(style, alignment=TA_RIGHT) if rtl else base))
            chunks.append(flow)
        return chunks

    # -- tables ----------------------------------------------------------------------------------
    def table(self, header: Sequence[object], records: Iterable[Sequence[object]], widths: Sequence[float], *,
              header_style: str = "th", cell_style: str = "td") -> Table:
        """A data table; string cells are user text, split into continuation rows when long."""
        widths = [w * self.width for w in widths]
        rows: list[list[object]] = [[self.label(h, header_style) if isinstance(h, str) else h for h in header]]
        commands: list[tuple] = [
            ("BACKGROUND", (0, 0), (-1, 0), NAVY),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 4),
            ("RIGHTPADDING", (0, 0), (-1, -1), 4),
            ("TOPPADDING", (0, 0), (-1, -1), 3),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ]
        for n, record in enumerate(records):
            cells = []
            for value, width in zip(record, widths, strict=True):
                if isinstance(value, str):
                    cells.append(self.cell_chunks(value, cell_style, width))
                elif isinstance(value, list):
                    cells.append([value])
                else:
                    cells.append([[value]])
            height = max(len(c) for c in cells)
            first = len(rows)
            for k in range(height):
                rows.append([c[k] if k < len(c) else "" for c in cells])
            last = len(rows) - 1
            if n % 2:
                commands.append(("BACKGROUND", (0, first), (-1, last), ZEBRA))
            commands.append(("LINEBELOW", (0, last), (-1, last), 0.4, RULE))
            if height > 1:
                commands.append(("TOPPADDING", (0, first + 1), (-1, last), 0))
        table = Table(rows, colWidths=widths, repeatRows=1, hAlign="LEFT")
        table.setStyle(_table_style(commands))
        return table

    def pair_table(self, pairs: Sequence[tuple[str, object]], label_width: float = 0.26) -> Table:
        """Label / value rows (values may be user text)."""
        widths = [label_width * self.width, (1 - label_width) * self.width]
        rows: list[list[object]] = []
        commands: list[tuple] = [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 6),
            ("TOPPADDING", (0, 0), (-1, -1), 2),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ]
        for label, value in pairs:
            chunks = self.cell_chunks(value, "td", widths[1]) if isinstance(value, str) else [[value]]
            first = len(rows)
            for k, chunk in enumerate(chunks):
                rows.append([self.label(label, "td_label") if k == 0 else "", chunk])
            commands.append(("LINEBELOW", (0, len(rows) - 1), (-1, len(rows) - 1), 0.3, RULE))
            del first
        table = Table(rows, colWidths=widths, hAlign="LEFT")
        table.setStyle(_table_style(commands))
        return table

    # -- page decoration -------------------------------------------------------------------------
    def draw_cover_page(self, canv, doc) -> None:
        width, height = self.pagesize
        canv.saveState()
        canv.setFillColor(NAVY)
        canv.rect(0, height - 52 * mm, width, 52 * mm, stroke=0, fill=1)
        canv.setFillColor(ACCENT)
        canv.rect(0, height - 54 * mm, width, 2 * mm, stroke=0, fill=1)
        canv.setFillColor(colors.white)
        canv.setFont(fonts.SANS_BOLD, 11)
        canv.drawString(20 * mm, height - 22 * mm, "SafeOnline Desktop")
        canv.setFont(fonts.SANS, 9.5)
        canv.drawString(20 * mm, height - 29 * mm, self.t("Country capacity review"))
        if self.options.confidential:
            self._confidential_stamp(canv, width - 20 * mm, height - 24 * mm, 11)
        canv.setFillColor(MUTED)
        canv.setFont(fonts.SANS, 7.5)
        canv.drawString(20 * mm, 12 * mm, self.t("Generated with SafeOnline Desktop {version} on {date}",
                                                  version=self.m.app_version, date=self.generated()))
        canv.restoreState()

    def _confidential_stamp(self, canv, right: float, baseline: float, size: float) -> None:
        text = self.t("CONFIDENTIAL")
        canv.setFont(fonts.SANS_BOLD, size)
        w = canv.stringWidth(text, fonts.SANS_BOLD, size)
        pad = size * 0.45
        canv.setFillColor(colors.white)
        canv.setStrokeColor(RED)
        canv.setLineWidth(1.2)
        canv.roundRect(right - w - 2 * pad, baseline - pad, w + 2 * pad, size + 2 * pad * 0.9, 2, stroke=1, fill=1)
        canv.setFillColor(RED)
        canv.drawRightString(right - pad, baseline + pad * 0.35, text)

    def draw_body_page(self, canv, doc) -> None:
        width, height = self.pagesize
        left, right = doc.leftMargin, doc.leftMargin + doc.width
        canv.saveState()
        top = height - 14 * mm
        title_width = doc.width - (38 * mm if self.options.confidential else 0)
        header = self.header_paragraph(title_width)
        _, h = header.wrap(title_width, 20)
        header.drawOn(canv, left, top - h + 8)
        if self.options.confidential:
            self._confidential_stamp(canv, right, top - 4, 7.5)
        canv.setStrokeColor(RULE)
        canv.setLineWidth(0.6)
        canv.line(left, top - 7, right, top - 7)
        canv.line(left, 15 * mm, right, 15 * mm)
        canv.setFont(fonts.SANS, 7.5)
        canv.setFillColor(MUTED)
        footer = self.t("SafeOnline Desktop review pack · {date}", date=self.generated())
        if self.m.redacted:
            footer += " · " + self.t("Redacted edition")
        canv.drawString(left, 11 * mm, footer)
        canv.restoreState()

    def header_paragraph(self, width: float) -> Paragraph:
        style = self.styles["header"]
        title = " ".join(pdf_clean(self.m.title).split())
        if has_rtl(title):
            lines = fonts.rtl_lines(title, style.fontName, style.fontSize, width - 4, is_rtl_paragraph(title))
        else:
            lines = fonts.wrap_lines(title, style.fontName, style.fontSize, width * 0.95)
        text = lines[0] + (" …" if len(lines) > 1 else "")
        return Paragraph(fonts.markup(text, style.fontName), style)

    def generated(self) -> str:
        return self.m.generated_at.strftime("%Y-%m-%d %H:%M") + " UTC"

    # -- headings --------------------------------------------------------------------------------
    def h1(self, text: str) -> Heading:
        return Heading(fonts.markup(text, fonts.SANS_BOLD), self.styles["h1"], 0, text)

    def h2(self, text: str, toc: bool = True) -> Heading:
        return Heading(fonts.markup(text, fonts.SANS_BOLD), self.styles["h2"], 1, text, toc=toc)

    def h3(self, text: str) -> Heading:
        return Heading(fonts.markup(text, fonts.SANS_BOLD), self.styles["h3"], 2, text, toc=False)

    def progress_flow(self, flowed: int) -> None:
        # Flowables are laid out about twice (the contents need a second pass).
        self.progress(0.3 + 0.65 * min(1.0, flowed / (2.2 * self.story_size)), self.t("Laying out the pages…"))

    # -- the story -------------------------------------------------------------------------------
    def story(self) -> list[Flowable]:
        parts = [
            (self.cover, tr("Writing the cover…", lang=self.lang)),
            (self.contents, tr("Writing the contents…", lang=self.lang)),
            (self.executive_summary, tr("Writing the executive summary…", lang=self.lang)),
            (self.about, tr("Writing the scope and method…", lang=self.lang)),
            (self.item_sections, tr("Writing the item sections…", lang=self.lang)),
            (self.consensus_section, tr("Writing the consensus and dissent…", lang=self.lang)),
            (self.findings_section, tr("Writing the findings…", lang=self.lang)),
            (self.recommendations_section, tr("Writing the recommendations…", lang=self.lang)),
            (self.action_plan, tr("Writing the action plan…", lang=self.lang)),
            (self.evidence_annex, tr("Writing the evidence register…", lang=self.lang)),
            (self.participants_annex, tr("Writing the participants…", lang=self.lang)),
        ]
        story: list[Flowable] = []
        for n, (part, message) in enumerate(parts):
            self.progress(0.3 * n / len(parts), message)
            story += part()
        self.story_size = max(1, len(story))
        return story

    def cover(self) -> list[Flowable]:
        m = self.m
        out: list[Flowable] = [Spacer(1, 4 * mm), self.label(self.t("Country capacity review").upper(), "kicker")]
        out += self.user(m.title, "title")
        out.append(self.label(f"{m.country} · {m.period}" if m.period else m.country, "subtitle"))
        out.append(Spacer(1, 8 * mm))
        pairs: list[tuple[str, object]] = [
            (self.t("Country"), f"{m.country} ({m.country_code})"),
            (self.t("Period"), m.period or self.t("Not set")),
            (self.t("Review status"), m.review_status),
        ]
        for fw in m.frameworks:
            pairs.append((self.t("Framework"), f"{fw.short_title} — {fw.publisher}, {fw.year} "
                                               f"({self.t('content pack {id} version {version}', id=fw.id, version=fw.version)})"))
        pairs += [
            (self.t("Edition"), self.t("Redacted edition") if m.redacted else self.t("Full edition")),
            (self.t("Generated at"), self.generated()),
            (self.t("Generated with"), f"SafeOnline Desktop {m.app_version}"),
        ]
        out.append(self.pair_table(pairs))
        out.append(Spacer(1, 7 * mm))
        team = [p for p in m.participants if p.team]
        if team:
            out.append(self.label(self.t("Review team"), "h4"))
            named = [p for p in team if p.name]
            for p in named:
                line = f"{p.name} — {p.role_label}" + (f", {p.organisation}" if p.organisation else "")
                out += self.user(line, "team")
            unnamed = len(team) - len(named)
            if unnamed:
                out.append(self.label(self.t("{count} team member(s) not named in this report.", count=unnamed), "team"))
        if self.options.confidential:
            out.append(Spacer(1, 6 * mm))
            out.append(self.label(self.t("Confidential: for the people this review was shared with. "
                                         "Do not forward or publish."), "confidential"))
        out += [NextPageTemplate("body"), PageBreak()]
        return out

    def contents(self) -> list[Flowable]:
        toc = TableOfContents()
        toc.levelStyles = [self.styles["toc0"], self.styles["toc1"]]
        toc.dotsMinLevel = 0
        toc.tableStyle = _table_style([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                       ("RIGHTPADDING", (0, 0), (-1, -1), 0)])
        return [Paragraph(fonts.markup(self.t("Contents")), self.styles["h1"]), Spacer(1, 2 * mm), toc, PageBreak()]

    def executive_summary(self) -> list[Flowable]:
        m = self.m
        out: list[Flowable] = [self.h1(self.t("Executive summary"))]
        frameworks = ", ".join(fw.short_title for fw in m.frameworks)
        out.append(self.label(self.t(
            "This report sets out the results of a review of national capacity to prevent and respond to online child "
            "sexual exploitation and abuse in {country}, measured against: {frameworks}. {rated} of the {total} "
            "checklist items have been rated.", country=m.country, frameworks=frameworks, rated=m.items_rated,
            total=m.items_total)))
        out.append(Spacer(1, 3 * mm))
        out.append(self.key_figures())
        out.append(Spacer(1, 3 * mm))
        out.append(self.h2(self.t("Ratings by domain")))
        out.append(self.label(self.t(
            "Each bar shows how the items of one domain are rated; the numbers are items. There is deliberately no "
            "overall score: WeProtect Global Alliance does not score or rank countries.")))
        for section in m.sections:
            domains = [d for d in m.summary if d.framework_id == section.framework.id]
            if not domains:
                continue
            out.append(KeepTogether([self.label(section.framework.short_title, "chart_title"),
                                     self.ratings_chart(domains)]))
            out.append(Spacer(1, 1.5 * mm))
        out.append(self.legend())
        counts: dict[str, int] = {}
        order = ["strength", "good_practice", "gap", "risk"]
        for f in sorted(m.findings, key=lambda f: order.index(f.kind_code) if f.kind_code in order else 99):
            counts[f.kind_label] = counts.get(f.kind_label, 0) + 1
        if counts:
            out.append(self.h2(self.t("Findings at a glance")))
            text = "; ".join(f"{label}: {n}" for label, n in counts.items())
            out.append(self.label(self.t("The review recorded {count} findings ({breakdown}). They are set out in "
                                         "full in the Findings section.", count=len(m.findings), breakdown=text)))
        top = [r for r in m.recommendations if r.priority_code == "high"] or list(m.recommendations[:3])
        if top:
            out.append(self.h2(self.t("Priority recommendations")))
            for r in top:
                paras = self.user(r.text, "bullet")
                paras.insert(0, self.label(f"{r.ref} · {r.priority_label} · {r.lead_actor}" if r.lead_actor
                                           else f"{r.ref} · {r.priority_label}", "meta"))
                out += paras
        return out

    def key_figures(self) -> Table:
        m = self.m
        figures = [
            (f"{m.items_rated}/{m.items_total}", self.t("items rated")),
            (str(len(m.evidence)), self.t("evidence records")),
            (str(len(m.findings)), self.t("findings")),
            (str(len(m.recommendations)), self.t("recommendations")),
            (str(len(m.actions)), self.t("planned actions")),
        ]
        cells = [[self.label(number, "figure"), self.label(caption, "figure_caption")] for number, caption in figures]
        table = Table([cells], colWidths=[self.width / len(figures)] * len(figures))
        table.setStyle(_table_style([
            ("BACKGROUND", (0, 0), (-1, -1), LIGHT),
            ("LINEBEFORE", (1, 0), (-1, -1), 2, colors.white),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("TOPPADDING", (0, 0), (-1, -1), 5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
        ]))
        return table

    def used_levels(self) -> list[rm.Level]:
        used = {code for d in self.m.summary for code, n in d.counts if n}
        return [lv for lv in self.m.levels if lv.code in used]

    def ratings_chart(self, domains: Sequence[rm.DomainSummary]) -> Drawing:
        levels = self.used_levels()
        label_width = min(0.36 * self.width, 62 * mm)
        bar = 13.5
        height = bar * len(domains) + 27
        d = _drawing(self.width, height)
        chart = HorizontalBarChart()
        chart.x = label_width
        chart.y = 22
        chart.width = self.width - label_width - 6
        chart.height = bar * len(domains)
        chart.data = [[dom.count(lv.code) for dom in domains] for lv in levels] or [[0 for _ in domains]]
        names = []
        for dom in domains:
            name = f"{dom.number}. {dom.name} ({dom.rated}/{dom.total})"
            lines = fonts.wrap_lines(name, fonts.SANS, 7.5, label_width - 10)
            names.append(lines[0] + (" …" if len(lines) > 1 else ""))
        chart.categoryAxis.categoryNames = names
        chart.categoryAxis.style = "stacked"
        chart.categoryAxis.reverseDirection = 1
        chart.categoryAxis.labels.fontName = fonts.SANS
        chart.categoryAxis.labels.fontSize = 7.5
        chart.categoryAxis.labels.boxAnchor = "e"
        chart.categoryAxis.labels.dx = -4
        chart.categoryAxis.strokeColor = RULE
        chart.categoryAxis.tickLeft = 0
        top = max((dom.total for dom in domains), default=1) or 1
        chart.valueAxis.valueMin = 0
        chart.valueAxis.valueMax = top
        chart.valueAxis.valueStep = 1 if top <= 12 else 2 if top <= 24 else 5
        chart.valueAxis.labels.fontName = fonts.SANS
        chart.valueAxis.labels.fontSize = 7
        chart.valueAxis.strokeColor = RULE
        chart.valueAxis.visibleGrid = 1
        chart.valueAxis.gridStrokeColor = colors.HexColor("#E5E8EC")
        chart.valueAxis.gridStrokeWidth = 0.5
        chart.barWidth = 9.5
        chart.groupSpacing = 4
        chart.barSpacing = 0
        for n, lv in enumerate(levels):
            chart.bars[n].fillColor = colors.HexColor(lv.colour)
            chart.bars[n].strokeColor = colors.white
            chart.bars[n].strokeWidth = 0.8
        chart.barLabelFormat = lambda v: f"{int(v)}" if v else ""
        chart.barLabels.fontName = fonts.SANS_BOLD
        chart.barLabels.fontSize = 7
        chart.barLabels.fillColor = colors.HexColor("#1B2631")
        chart.barLabels.boxTarget = "mid"
        chart.barLabels.boxAnchor = "c"
        d.add(chart)
        d.add(String(chart.x + chart.width / 2, 1, self.t("Number of items"), fontName=fonts.SANS, fontSize=7,
                     fillColor=MUTED, textAnchor="middle"))
        return d

    def legend(self) -> Drawing:
        levels = self.used_levels()
        columns = 4
        rows = (len(levels) + columns - 1) // columns
        d = _drawing(self.width, 13 * rows + 4)
        legend = Legend()
        legend.colorNamePairs = [(colors.HexColor(lv.colour), lv.label) for lv in levels]
        legend.fontName = fonts.SANS
        legend.fontSize = 7.5
        legend.alignment = "right"
        legend.columnMaximum = rows
        legend.deltax = self.width / columns
        legend.dxTextSpace = 5
        legend.dx = 9
        legend.dy = 9
        legend.deltay = 13
        legend.x = 0
        legend.y = 13 * rows
        legend.strokeColor = None
        legend.strokeWidth = 0
        legend.boxAnchor = "nw"
        d.add(legend)
        return d

    def about(self) -> list[Flowable]:
        m = self.m
        out: list[Flowable] = [CondPageBreak(110 * mm), Spacer(1, 6 * mm), self.h1(self.t("Scope and method"))]
        out.append(self.h2(self.t("Scope")))
        out += self.user(m.scope) if m.scope.strip() else [self.label(self.t("No scope was recorded."), "muted")]
        out.append(self.pair_table([
            (self.t("Country"), f"{m.country} ({m.country_code})"),
            (self.t("Period"), m.period or self.t("Not set")),
            (self.t("Review status"), m.review_status),
            (self.t("Edition"), self.edition_text()),
        ]))
        out.append(self.h2(self.t("Frameworks")))
        for fw in m.frameworks:
            block = [self.label(fw.title, "h4"),
                     self.label(f"{fw.publisher}, {fw.year} · "
                                + self.t("content pack {id} version {version}", id=fw.id, version=fw.version), "meta"),
                     self.label(fw.wording_notice, "note")]
            out.append(KeepTogether(block))
        versions = ", ".join(f"{label} {version}" for label, version in m.content_versions)
        out.append(self.label(self.t("Other content used: {versions}.", versions=versions), "muted"))
        out.append(self.h2(self.t("Rating scale")))
        out.append(self.label(self.t("Each item is rated on SafeOnline's status scale. It is the app's own scale, "
                                     "not a WeProtect Global Alliance scale.")))
        rows = []
        for lv in m.levels:
            rows.append([self.swatch(lv.colour), self.label(lv.label, "td_label"), self.label(lv.description, "td")])
        table = Table(rows, colWidths=[8 * mm, 0.26 * self.width, self.width - 8 * mm - 0.26 * self.width], hAlign="LEFT")
        table.setStyle(_table_style([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LINEBELOW", (0, 0), (-1, -1), 0.3, RULE),
                                   ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                                   ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
        out.append(KeepTogether(table))
        return out

    def edition_text(self) -> str:
        m = self.m
        if not m.redacted:
            text = self.t("This is the full edition. It includes the assessors' notes and material marked sensitive; "
                          "share it only with people entitled to see them.")
        else:
            r = m.redaction
            text = self.t("This is a redacted edition. It leaves out {notes} assessment note(s), {evidence} evidence "
                          "record(s) and {findings} finding(s) marked sensitive, the rationale of {items} item(s) "
                          "whose subject is sensitive, and the names of all participants.", notes=r.notes,
                          evidence=r.evidence, findings=r.findings, items=r.withheld_items)
        return text + " " + self.t("Participants are named only if they agreed to be named.")

    def swatch(self, colour: str, size: float = 9) -> Drawing:
        from reportlab.graphics.shapes import Rect

        d = _drawing(size, size + 2)
        d.add(Rect(0, 1, size, size, fillColor=colors.HexColor(colour), strokeColor=None))
        return d

    def item_sections(self) -> list[Flowable]:
        out: list[Flowable] = []
        for section in self.m.sections:
            fw = section.framework
            out += [PageBreak(), self.h1(fw.short_title)]
            out.append(self.label(fw.title, "meta"))
            out.append(self.label(fw.wording_notice, "note"))
            for d in section.domains:
                self.progress.check()
                out.append(CondPageBreak(60 * mm))
                out.append(self.h2(f"{d.number}. {d.name}"))
                out.append(self.label(d.outcome, "outcome"))
                rated = sum(1 for i in d.items if i.status_code != rm.UNRATED)
                out.append(self.label(self.t("{rated} of {total} items rated.", rated=rated, total=len(d.items)), "muted"))
                for item in d.items:
                    out += self.item_block(item, section.uses_phase)
        return out

    def item_block(self, item: rm.ItemEntry, uses_phase: bool) -> list[Flowable]:
        level = self.m.level(item.status_code) if item.status_code in {lv.code for lv in self.m.levels} else None
        head = [self.h3(f"{item.code}  {item.name}"), self.label(item.short_label, "short_label"), self.facts(item, level, uses_phase)]
        out: list[Flowable] = [KeepTogether(head)]
        out.append(self.label(self.t("Rationale"), "h5"))
        if item.withheld:
            out.append(self.label(self.t("Withheld in this edition: the subject of this item is sensitive."), "muted"))
        elif item.rationale.strip():
            out += self.user(item.rationale)
        else:
            out.append(self.label(self.t("No rationale recorded yet."), "muted"))
        if item.notes.strip():
            out.append(self.label(self.t("Assessors' notes"), "h5"))
            out += self.user(item.notes, "note")
        out.append(self.label(self.t("Evidence cited"), "h5"))
        if item.evidence:
            for e in item.evidence:
                out += self.user(f"{e.ref}  {e.title}", "bullet")
        else:
            out.append(self.label(self.t("None recorded."), "muted"))
        if item.findings:
            out.append(self.label(self.t("Findings"), "h5"))
            for ref in item.findings:
                f = self.findings.get(ref)
                if f is not None:
                    out += self.user(f"{f.ref} ({f.kind_label}): {f.statement}", "bullet")
        out.append(Spacer(1, 3 * mm))
        return out

    def facts(self, item: rm.ItemEntry, level: rm.Level | None, uses_phase: bool) -> Table:
        cells = [[self.label(self.t("Rating"), "fact_label"), self.label(item.status_label, "fact_value")]]
        if uses_phase:
            cells.append([self.label(self.t("MNR maturity phase"), "fact_label"),
                          self.label(item.phase_label or "—", "fact_value")])
        cells.append([self.label(self.t("Confidence"), "fact_label"), self.label(item.confidence_label or "—", "fact_value")])
        cells.append([self.label(self.t("Evidence"), "fact_label"), self.label(str(len(item.evidence)), "fact_value")])
        widths = [0.34] + [(0.66 / (len(cells) - 1))] * (len(cells) - 1)
        table = Table([cells], colWidths=[w * self.width for w in widths], hAlign="LEFT")
        commands = [
            ("BACKGROUND", (0, 0), (-1, -1), LIGHT),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LINEBEFORE", (1, 0), (-1, -1), 1.5, colors.white),
            ("TOPPADDING", (0, 0), (-1, -1), 4),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ("LEFTPADDING", (0, 0), (-1, -1), 6),
        ]
        if level is not None:
            commands.append(("LINEBEFORE", (0, 0), (0, 0), 5, colors.HexColor(level.colour)))
        table.setStyle(_table_style(commands))
        return table

    def consensus_section(self) -> list[Flowable]:
        """Workshop mode: self-assessment beside the validated rating, and dissent (if any)."""
        m = self.m
        if not (m.consensus or m.dissents):
            return []
        out: list[Flowable] = [PageBreak(), self.h1(self.t("Consensus and dissent"))]
        if m.consensus:
            out.append(self.label(self.t("The country's self-assessment beside the rating validated in the "
                                         "review's sessions; the difference is counted in steps of the status "
                                         "scale. Spread: steps between the lowest and highest rating proposed.")))
            header = [self.t("Item"), self.t("Self-assessment"), self.t("Validated"),
                      self.label(self.t("Difference"), "th_num"), self.label(self.t("Proposals"), "th_num"),
                      self.label(self.t("Spread"), "th_num")]
            records = []
            for c in m.consensus:
                diff = "—" if c.difference is None else (f"+{c.difference}" if c.difference > 0 else str(c.difference))
                records.append([f"{c.item_code} {c.item_name}", c.self_label or "—", c.validated_label,
                                self.label(diff, "td_num"), self.label(str(c.proposals), "td_num"),
                                self.label("—" if c.spread is None else str(c.spread), "td_num")])
            out.append(self.table(header, records, [0.30, 0.185, 0.185, 0.12, 0.12, 0.09]))
        out.append(self.h2(self.t("Dissent")))
        if not m.dissents:
            return out + [self.label(self.t("Nobody recorded dissent from an agreed rating."), "muted")]
        out.append(self.label(self.t("Participants or organisations that did not agree with an item's agreed rating, "
                                     "and why. People are named only if they agreed to be named.")))
        header = [self.t("Item"), self.t("Who"), self.t("Holds"), self.t("Agreed"), self.t("Reason")]
        records = [[f"{d.item_code} {d.item_name}", d.who, d.held_label or "—", d.agreed_label, d.reason]
                   for d in m.dissents]
        out.append(self.table(header, records, [0.22, 0.2, 0.12, 0.12, 0.34]))
        return out

    def findings_section(self) -> list[Flowable]:
        m = self.m
        out: list[Flowable] = [PageBreak(), self.h1(self.t("Findings"))]
        if not m.findings:
            return out + [self.label(self.t("No findings were recorded."), "muted")]
        out.append(self.label(self.t("Strengths, good practice, gaps and risks the review found, with the item "
                                     "each one concerns.")))
        kinds: dict[str, list[rm.FindingEntry]] = {}
        for f in m.findings:
            kinds.setdefault(f.kind_code, []).append(f)
        order = ["strength", "good_practice", "gap", "risk"]
        for code in sorted(kinds, key=lambda c: order.index(c) if c in order else 99):
            entries = kinds[code]
            headings = {"strength": tr("Strengths", lang=self.lang), "gap": tr("Gaps", lang=self.lang),
                        "risk": tr("Risks", lang=self.lang), "good_practice": tr("Good practice", lang=self.lang)}
            heading = headings.get(code, entries[0].kind_label)
            out.append(self.h2(heading))
            for f in entries:
                where = f"{self.item_codes.get(f.item_id, f.item_id)} {f.item_name}" if f.item_id else self.t("Whole review")
                block: list[Flowable] = [self.label(f"{f.ref} · {where}", "meta")]
                block += self.user(f.statement, "indented")
                out.append(KeepTogether(block[:2]))
                out += block[2:]
        return out

    def recommendations_section(self) -> list[Flowable]:
        m = self.m
        out: list[Flowable] = [PageBreak(), self.h1(self.t("Recommendations"))]
        if not m.recommendations:
            return out + [self.label(self.t("No recommendations were recorded."), "muted")]
        out.append(self.label(self.t("Recommendations in order of priority. The action plan that follows breaks them "
                                     "down into activities.")))
        for r in m.recommendations:
            self.progress.check()
            colour = PRIORITY_COLOURS.get(r.priority_code, "#5D6D7E")
            title = Paragraph(f'<b>{fonts.markup(r.ref)}</b>  <font color="{colour}">'
                              f'<b>{fonts.markup(self.t("{priority} priority", priority=r.priority_label))}</b></font>',
                              self.styles["rec_title"])
            body = self.user(r.text)
            items = "; ".join(f"{self.item_codes.get(i, i)} {self.item_names.get(i, '')}".strip() for i in r.item_ids)
            pairs: list[tuple[str, object]] = [
                (self.t("Lead actor"), r.lead_actor or "—"),
                (self.t("Supporting actors"), r.supporting_actors or "—"),
                (self.t("Timeframe"), r.timeframe_label),
                (self.t("Cost band"), r.cost_label),
                (self.t("Items"), items or "—"),
            ]
            out.append(KeepTogether([title, *body, self.pair_table(pairs, label_width=0.22)]))
            out.append(Spacer(1, 5 * mm))
        return out

    def action_plan(self) -> list[Flowable]:
        m = self.m
        out: list[Flowable] = [PageBreak(), self.h1(self.t("Action plan"))]
        if not m.actions:
            return out + [self.label(self.t("No actions were planned."), "muted")]
        header = [self.t("Ref"), self.t("Activity"), self.t("Rec."), self.t("Owner"), self.t("Dates"),
                  self.t("Indicator"), self.t("Status")]
        records = []
        for a in m.actions:
            dates = " – ".join(_date(d) for d in (a.start_date, a.due_date) if d)
            records.append([a.ref, a.activity, a.recommendation_ref or "—", a.owner or "—", dates or "—",
                            a.indicator or "—", a.status_label])
        out.append(self.table(header, records, [0.055, 0.27, 0.06, 0.19, 0.135, 0.17, 0.12]))
        return out

    def evidence_annex(self) -> list[Flowable]:
        m = self.m
        out: list[Flowable] = [PageBreak(), self.h1(self.t("Annex A. Evidence register"))]
        if not m.evidence:
            return out + [self.label(self.t("No evidence was recorded."), "muted")]
        out.append(self.label(self.t("Documents and other evidence the review relied on. Attached files stay in the "
                                     "review's workspace; only their names are listed here.")))
        header = [self.t("Ref"), self.t("Title and citation"), self.t("Type"), self.t("Date"), self.t("Provided by"),
                  self.t("Items")]
        records = []
        for e in m.evidence:
            title = e.title + ("\n" + e.citation if e.citation.strip() else "")
            if e.file_name:
                title += "\n" + self.t("File: {name}", name=e.file_name)
            records.append([e.ref, title, e.type_label, _date(e.document_date) or "—", e.provided_by or "—",
                            ", ".join(self.item_codes.get(i, i) for i in e.item_ids) or "—"])
        out.append(self.table(header, records, [0.055, 0.34, 0.155, 0.12, 0.20, 0.13]))
        return out

    def participants_annex(self) -> list[Flowable]:
        m = self.m
        out: list[Flowable] = [PageBreak(), self.h1(self.t("Annex B. Participants"))]
        if not m.participants:
            return out + [self.label(self.t("No participants were recorded."), "muted")]
        if m.redacted:
            out.append(self.label(self.t("This edition does not name participants; it lists how many took part from "
                                         "each sector.")))
        else:
            out.append(self.label(self.t("People who took part in the review or were consulted. Participants are "
                                         "named only if they agreed to be named.")))
            header = [self.t("Name"), self.t("Organisation"), self.t("Sector"), self.t("Role")]
            records = [[p.name or self.t("Name withheld"), p.organisation or "—", p.sector_label, p.role_label]
                       for p in m.participants]
            out.append(self.table(header, records, [0.22, 0.38, 0.22, 0.18]))
            out.append(Spacer(1, 4 * mm))
        out.append(self.h2(self.t("Participants by sector")))
        header = [self.t("Sector"), self.label(self.t("Organisations"), "th_num"),
                  self.label(self.t("Participants"), "th_num")]
        records = [[s.sector_label, self.label(str(s.organisations), "td_num"), self.label(str(s.participants), "td_num")]
                   for s in m.sectors]
        out.append(self.table(header, records, [0.6, 0.2, 0.2]))
        return out


def _drawing(width: float, height: float) -> Drawing:
    """A Drawing whose initial font is the embedded one (the renderer's default is Helvetica)."""
    d = Drawing(width, height)
    d.initialFontName = fonts.SANS
    return d


def _table_style(commands: list[tuple]) -> TableStyle:
    """A table style whose default cell font is the embedded one (reportlab's default is Helvetica)."""
    return TableStyle([("FONT", (0, 0), (-1, -1), fonts.SANS, 8), *commands])


def _date(value: dt.date | None) -> str:
    return value.isoformat() if value else ""


def _styles() -> dict[str, ParagraphStyle]:
    sans, bold, italic = fonts.SANS, fonts.SANS_BOLD, fonts.SANS_ITALIC
    base = ParagraphStyle("body", fontName=sans, fontSize=9.5, leading=13.5, spaceAfter=5, textColor=colors.HexColor("#1B2631"))
    s: dict[str, ParagraphStyle] = {"body": base}

    def add(name: str, parent: str = "body", **kw) -> None:
        s[name] = ParagraphStyle(name, parent=s[parent], **kw)

    add("title", fontName=bold, fontSize=24, leading=29, textColor=NAVY, spaceAfter=8)
    add("kicker", fontName=bold, fontSize=9, leading=12, textColor=ACCENT, spaceAfter=4)
    add("subtitle", fontSize=13, leading=17, textColor=MUTED, spaceAfter=4)
    add("h1", fontName=bold, fontSize=17, leading=21, textColor=NAVY, spaceAfter=9, keepWithNext=1)
    add("h2", fontName=bold, fontSize=12.5, leading=16, textColor=NAVY, spaceBefore=10, spaceAfter=5, keepWithNext=1)
    add("h3", fontName=bold, fontSize=10.5, leading=14, textColor=colors.HexColor("#1B2631"), spaceBefore=8,
        spaceAfter=1, keepWithNext=1)
    add("h4", fontName=bold, fontSize=10, leading=13.5, spaceBefore=4, spaceAfter=2, keepWithNext=1)
    add("h5", fontName=bold, fontSize=8.5, leading=12, textColor=ACCENT, spaceBefore=4, spaceAfter=1, keepWithNext=1)
    add("short_label", fontSize=8.5, leading=11.5, textColor=MUTED, spaceAfter=4, keepWithNext=1)
    add("outcome", fontName=italic, fontSize=9, leading=12.5, textColor=MUTED, spaceAfter=3)
    add("meta", fontSize=8.5, leading=11.5, textColor=MUTED, spaceAfter=2, keepWithNext=1)
    add("note", fontName=italic, fontSize=8.5, leading=12, textColor=colors.HexColor("#34495E"), spaceAfter=4)
    add("muted", fontSize=9, leading=12.5, textColor=MUTED, spaceAfter=4)
    add("bullet", fontSize=9, leading=12.5, leftIndent=10, bulletIndent=0, spaceAfter=2)
    add("indented", leftIndent=10, spaceAfter=7)
    add("team", fontSize=9, leading=12.5, spaceAfter=1)
    add("confidential", fontName=bold, fontSize=10, leading=13, textColor=RED)
    add("header", fontSize=7.5, leading=9, textColor=MUTED)
    add("th", fontName=bold, fontSize=8, leading=10, textColor=colors.white, spaceAfter=0)
    add("td", fontSize=8, leading=10.5, spaceAfter=2)
    add("th_num", parent="th", alignment=TA_RIGHT)
    add("td_num", fontSize=8, leading=10.5, spaceAfter=0, alignment=TA_RIGHT)
    add("td_label", fontName=bold, fontSize=8, leading=10.5, spaceAfter=0)
    add("fact_label", fontSize=7, leading=9, textColor=MUTED, spaceAfter=1)
    add("fact_value", fontName=bold, fontSize=9, leading=11.5, spaceAfter=0)
    add("figure", fontName=bold, fontSize=17, leading=20, textColor=NAVY, alignment=TA_CENTER, spaceAfter=0)
    add("figure_caption", fontSize=8, leading=10, textColor=MUTED, alignment=TA_CENTER, spaceAfter=0)
    add("chart_title", fontName=bold, fontSize=9, leading=12, spaceBefore=4, spaceAfter=2, keepWithNext=1)
    add("rec_title", fontSize=10, leading=14, spaceBefore=2, spaceAfter=3, keepWithNext=1)
    add("toc0", fontName=bold, fontSize=10.5, leading=15, spaceBefore=5, spaceAfter=0, leftIndent=0, firstLineIndent=0)
    add("toc1", fontSize=9, leading=12.5, spaceAfter=0, leftIndent=14, firstLineIndent=0)
    return s


def render_pdf(model: rm.ReportModel, path: Path, options: PackOptions, progress: Progress) -> None:
    """Write the report of ``model`` to ``path`` (a temporary file; see :mod:`.output`)."""
    report = _Report(model, options, progress)
    story = report.story()
    doc = ReportDoc(path, report, report.pagesize)
    doc.multiBuild(story, canvasmaker=_numbered_canvas(doc))
    progress(1.0, tr("Report written.", lang=model.language))
