"""Comparing reviews: countries (and periods) against checklist items, and a country's change
between two of its reviews.

Nothing here adds ratings up. WeProtect does not rank countries and neither does this app: the
comparison shows each item's status side by side, and a change is told item by item.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from safeonline_desktop.domain.content import Catalog, Item
from safeonline_desktop.domain.countries import country_name
from safeonline_desktop.errors import ValidationError
from safeonline_desktop.i18n import current_language, tr
from safeonline_desktop.storage import models as m

from .context import ServiceContext

IMPROVED = "improved"
DECLINED = "declined"
UNCHANGED = "unchanged"
NEWLY_RATED = "newly_rated"
NO_LONGER_RATED = "no_longer_rated"
NOT_COMPARABLE = "not_comparable"  #: a value off the scale (not applicable, insufficient evidence)
NOT_RATED = "not_rated"
DIRECTIONS = (IMPROVED, DECLINED, UNCHANGED, NEWLY_RATED, NO_LONGER_RATED, NOT_COMPARABLE, NOT_RATED)


@dataclass(frozen=True)
class Column:
    item_id: str
    framework_id: str
    domain_id: str
    code: str
    name: str
    domain_name: str


@dataclass(frozen=True)
class Cell:
    """One item's status in one review. ``status`` None: not rated yet."""

    status: str | None
    rank: int | None
    label: str
    colour: str


@dataclass(frozen=True)
class RowHead:
    review_id: int
    review_uid: str
    country_code: str
    country: str
    title: str
    period_start: dt.date | None
    period_end: dt.date | None
    origin: str
    archived: bool

    @property
    def period_label(self) -> str:
        start = self.period_start.isoformat() if self.period_start else ""
        end = self.period_end.isoformat() if self.period_end else ""
        return f"{start} – {end}" if start and end else start or end

    @property
    def sort_date(self) -> dt.date:
        return self.period_start or self.period_end or dt.date.min


@dataclass(frozen=True)
class Row:
    head: RowHead
    #: One per column; ``None`` where the item is not part of this review's frameworks.
    cells: tuple[Cell | None, ...]


@dataclass(frozen=True)
class ComparisonMatrix:
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    framework_id: str | None
    domain_id: str | None
    lang: str

    def counts(self, row: Row) -> dict[str, int]:
        """How many items of a row are at each status (and unrated): a distribution, not a score."""
        counter: Counter[str] = Counter()
        for cell in row.cells:
            if cell is not None:
                counter[cell.status or "unrated"] += 1
        return dict(counter)


@dataclass(frozen=True)
class ItemChange:
    column: Column
    before: Cell
    after: Cell
    direction: str


@dataclass(frozen=True)
class CountryChange:
    before: RowHead
    after: RowHead
    items: tuple[ItemChange, ...]

    def counts(self) -> dict[str, int]:
        counter = Counter(i.direction for i in self.items)
        return {d: counter.get(d, 0) for d in DIRECTIONS}


#: How much of a review's title a row label shows (the rest is in the tooltip, or shown in full
#: where the shortened titles would make two rows look alike).
TITLE_WIDTH = 32


def shorten(text: str, width: int | None) -> str:
    """``text`` cut to ``width`` characters, at a word where one is near, with an ellipsis."""
    if width is None or len(text) <= width:
        return text
    cut = text[: width - 1]
    space = cut.rfind(" ")
    if space >= width // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:·–-") + "…"


def _alike(heads: Sequence[RowHead]) -> set[int]:
    """Reviews another review of the same country and period has the same title as."""
    same = Counter((h.country_code, h.period_label, h.title) for h in heads)
    return {h.review_id for h in heads if same[(h.country_code, h.period_label, h.title)] > 1}


def review_titles(heads: Sequence[RowHead]) -> list[str]:
    """Each review's title, with its number (``#12``) where that alone tells two reviews apart."""
    numbered = _alike(heads)
    return [f"{h.title} #{h.review_id}" if h.review_id in numbered else h.title for h in heads]


def row_labels(heads: Sequence[RowHead], *, country: str | None = "name",
               title_width: int | None = TITLE_WIDTH) -> list[str]:
    """A label for each review that tells it apart from the others: country (``"name"``,
    ``"code"`` or ``None`` for none), period and title, the title shortened to ``title_width``.

    Where shortened titles would make two labels alike, the titles are shown whole; two reviews
    of one country and period with the same title also show their number (``#12``).
    """
    numbered = _alike(heads)

    def label(head: RowHead, width: int | None) -> str:
        title = shorten(head.title, width)
        if head.review_id in numbered:
            title = f"{title} #{head.review_id}"
        where = {"name": head.country, "code": head.country_code}.get(country or "", "")
        return " · ".join(part for part in (where, head.period_label, title) if part)

    labels = [label(h, title_width) for h in heads]
    clash = Counter(labels)
    return [label(h, None) if clash[text] > 1 else text for h, text in zip(heads, labels, strict=True)]


def direction_label(direction: str, lang: str | None = None) -> str:
    return {
        IMPROVED: tr("Improved", lang),
        DECLINED: tr("Declined", lang),
        UNCHANGED: tr("Unchanged", lang),
        NEWLY_RATED: tr("Newly rated", lang),
        NO_LONGER_RATED: tr("No longer rated", lang),
        NOT_COMPARABLE: tr("Not comparable", lang),
        NOT_RATED: tr("Not rated in either", lang),
    }[direction]


def compare_cells(before: Cell, after: Cell) -> str:
    if before.status is None and after.status is None:
        return NOT_RATED
    if before.status is None:
        return NEWLY_RATED
    if after.status is None:
        return NO_LONGER_RATED
    if before.status == after.status:
        return UNCHANGED
    if before.rank is None or after.rank is None:
        return NOT_COMPARABLE
    return IMPROVED if after.rank > before.rank else DECLINED


class ComparisonService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    @property
    def catalog(self) -> Catalog:
        return self.ctx.catalog

    # -- building blocks ------------------------------------------------------------------
    def columns(self, framework_id: str | None = None, domain_id: str | None = None,
                lang: str | None = None) -> tuple[Column, ...]:
        lang = lang or current_language()
        if framework_id is not None and framework_id not in self.catalog.frameworks:
            raise ValidationError(tr("Unknown framework {id}.", id=framework_id))
        if domain_id is not None:
            try:
                domain = self.catalog.domain(domain_id)
            except KeyError:
                raise ValidationError(tr("Unknown domain {id}.", id=domain_id)) from None
            if framework_id is not None and domain.framework_id != framework_id:
                raise ValidationError(tr("The domain {domain} is not part of the framework {framework}.",
                                         domain=domain_id, framework=framework_id))
        out = []
        for fw in self.catalog.frameworks.values():
            if framework_id is not None and fw.id != framework_id:
                continue
            for d in fw.domains:
                if domain_id is not None and d.id != domain_id:
                    continue
                out.extend(self._column(item, d.name.get(lang), lang) for item in d.items)
        return tuple(out)

    def _column(self, item: Item, domain_name: str, lang: str) -> Column:
        return Column(item.id, item.framework_id, item.domain_id, item.code(), item.name.get(lang), domain_name)

    def cell(self, status: str | None, lang: str | None = None) -> Cell:
        lang = lang or current_language()
        if not status:
            return Cell(None, None, tr("Not rated", lang), "#ffffff")
        scale = self.catalog.scales["status"]
        try:
            level = scale.level(status)
        except KeyError:
            return Cell(status, None, status, "#ffffff")
        return Cell(status, level.rank, level.label.get(lang), level.colour)

    def _reviews(self, s, review_ids, include_archived: bool) -> list[m.Review]:
        stmt = select(m.Review)
        if review_ids is not None:
            stmt = stmt.where(m.Review.id.in_(list(review_ids)))
        elif not include_archived:
            stmt = stmt.where(m.Review.archived_at.is_(None))
        reviews = list(s.scalars(stmt))
        visible = getattr(self.ctx.policy, "visible_review_ids", None)
        if visible is not None:
            allowed = visible(self.ctx)
            if allowed is not None:
                reviews = [r for r in reviews if r.id in allowed]
        return reviews

    def _head(self, r: m.Review, lang: str) -> RowHead:
        return RowHead(r.id, r.uid, r.country_code, country_name(r.country_code, lang), r.title, r.period_start,
                       r.period_end, r.origin, r.archived_at is not None)

    # -- the matrix -----------------------------------------------------------------------
    def matrix(self, *, framework_id: str | None = None, domain_id: str | None = None,
               review_ids: list[int] | None = None, include_archived: bool = False,
               lang: str | None = None) -> ComparisonMatrix:
        """Reviews (by country, then period) against the items of a framework or domain (all by default)."""
        lang = lang or current_language()
        columns = self.columns(framework_id, domain_id, lang)
        wanted = {c.item_id for c in columns}
        with self.ctx.workspace.read() as s:
            reviews = self._reviews(s, review_ids, include_archived)
            ids = [r.id for r in reviews]
            statuses: dict[int, dict[str, str | None]] = {i: {} for i in ids}
            packs = {r.id: {p.pack_id for p in r.packs} for r in reviews}
            for start in range(0, len(ids), 500):
                chunk = ids[start:start + 500]
                for review_id, item_id, status in s.execute(
                        select(m.Assessment.review_id, m.Assessment.item_id, m.Assessment.status)
                        .where(m.Assessment.review_id.in_(chunk))):
                    if item_id in wanted:
                        statuses[review_id][item_id] = status
            heads = [self._head(r, lang) for r in reviews]
        cache: dict[str | None, Cell] = {}

        def cell(status: str | None) -> Cell:
            if status not in cache:
                cache[status] = self.cell(status, lang)
            return cache[status]

        rows = []
        for head in sorted(heads, key=lambda h: (h.country.casefold(), h.sort_date, h.title.casefold(), h.review_id)):
            got = statuses[head.review_id]
            used = packs[head.review_id]
            rows.append(Row(head, tuple(cell(got.get(c.item_id)) if c.framework_id in used else None
                                        for c in columns)))
        return ComparisonMatrix(columns, tuple(rows), framework_id, domain_id, lang)

    def countries(self, *, include_archived: bool = False, lang: str | None = None) -> list[tuple[str, str, list[RowHead]]]:
        """Each country with its reviews, oldest period first."""
        lang = lang or current_language()
        with self.ctx.workspace.read() as s:
            heads = [self._head(r, lang) for r in self._reviews(s, None, include_archived)]
        by_country: dict[str, list[RowHead]] = {}
        for h in heads:
            by_country.setdefault(h.country_code, []).append(h)
        out = []
        for code, items in by_country.items():
            items.sort(key=lambda h: (h.sort_date, h.review_id))
            out.append((code, items[0].country, items))
        return sorted(out, key=lambda t: t[1].casefold())

    # -- a country's change ---------------------------------------------------------------
    def change(self, before_id: int, after_id: int, *, framework_id: str | None = None,
               domain_id: str | None = None, lang: str | None = None) -> CountryChange:
        """Item by item, from review ``before_id`` to review ``after_id`` of the same country."""
        lang = lang or current_language()
        if before_id == after_id:
            raise ValidationError(tr("Choose two different reviews to see a change."))
        for rid in (before_id, after_id):
            self.ctx.check(rid, "review.read")
        matrix = self.matrix(framework_id=framework_id, domain_id=domain_id, review_ids=[before_id, after_id],
                             lang=lang)
        rows = {r.head.review_id: r for r in matrix.rows}
        if before_id not in rows or after_id not in rows:
            raise ValidationError(tr("One of the two reviews does not exist."))
        before, after = rows[before_id], rows[after_id]
        if before.head.country_code != after.head.country_code:
            raise ValidationError(tr("A change can only be shown between two reviews of the same country."))
        items = []
        for column, b, a in zip(matrix.columns, before.cells, after.cells, strict=True):
            if b is None or a is None:  # the item is not part of both reviews' frameworks
                continue
            items.append(ItemChange(column, b, a, compare_cells(b, a)))
        return CountryChange(before.head, after.head, tuple(items))

    def latest_changes(self, *, framework_id: str | None = None, domain_id: str | None = None,
                       include_archived: bool = False, lang: str | None = None) -> list[CountryChange]:
        """For every country with two or more reviews: its latest review against the one before."""
        out = []
        for _code, _name, heads in self.countries(include_archived=include_archived, lang=lang):
            if len(heads) >= 2:
                out.append(self.change(heads[-2].review_id, heads[-1].review_id, framework_id=framework_id,
                                       domain_id=domain_id, lang=lang))
        return out

    # -- Excel ----------------------------------------------------------------------------
    def export_xlsx(self, target: Path, *, framework_id: str | None = None, domain_id: str | None = None,
                    include_archived: bool = False, lang: str | None = None) -> Path:
        """The consolidated comparison workbook (heat map, items, changes per country)."""
        from safeonline_desktop.export.comparison_xlsx import write_comparison_xlsx

        lang = lang or current_language()
        matrix = self.matrix(framework_id=framework_id, domain_id=domain_id, include_archived=include_archived,
                             lang=lang)
        changes = self.latest_changes(framework_id=framework_id, domain_id=domain_id,
                                      include_archived=include_archived, lang=lang)
        return write_comparison_xlsx(self.report(matrix, changes), Path(target))

    def report(self, matrix: ComparisonMatrix, changes: list[CountryChange]):
        """The neutral model the workbook writer renders."""
        from safeonline_desktop.export import comparison_xlsx as cx

        lang = matrix.lang
        scope = tr("All frameworks", lang)
        if matrix.domain_id:
            scope = self.catalog.domain(matrix.domain_id).name.get(lang)
        elif matrix.framework_id:
            scope = self.catalog.framework(matrix.framework_id).short_title.get(lang)
        scale = self.catalog.scales["status"]
        legend = [cx.LegendEntry(level.label.get(lang), level.colour) for level in scale.levels]
        legend.append(cx.LegendEntry(tr("Not rated", lang), "#ffffff"))
        return cx.ComparisonReport(
            lang=lang,
            title=tr("Comparison of country reviews", lang),
            scope=scope,
            note=tr("Each cell is the item's status in that review. The comparison shows statuses side by side and "
                    "adds nothing up: like the WeProtect Global Alliance, SafeOnline gives no single country score "
                    "and does not rank countries.", lang),
            headers=cx.Headers(
                country=tr("Country", lang), period=tr("Period", lang), review=tr("Review", lang),
                origin=tr("Source", lang), code=tr("Item", lang), name=tr("Name", lang), domain=tr("Domain", lang),
                framework=tr("Framework", lang), before=tr("Before", lang), after=tr("After", lang),
                change=tr("Change", lang), legend=tr("Legend", lang),
                not_in_review=tr("not in this review", lang),
            ),
            sheet_names=cx.SheetNames(heatmap=tr("Comparison", lang), items=tr("Items", lang),
                                      changes=tr("Changes", lang), about=tr("About", lang)),
            columns=[cx.ColumnHead(c.code, c.item_id, c.name, c.domain_name,
                                   self.catalog.framework(c.framework_id).short_title.get(lang))
                     for c in matrix.columns],
            rows=[cx.RowEntry(r.head.country, r.head.country_code, r.head.period_label, title, r.head.origin,
                              [cx.CellValue(c.label, c.colour) if c is not None else None for c in r.cells])
                  for r, title in zip(matrix.rows, review_titles([r.head for r in matrix.rows]), strict=True)],
            legend=legend,
            changes=[cx.ChangeBlock(
                title=tr("{country}: {before} → {after}", lang, country=ch.after.country,
                         **dict(zip(("before", "after"), row_labels([ch.before, ch.after], country=None,
                                                                    title_width=None), strict=True))),
                lines=[cx.ChangeLine(i.column.code, i.column.name, cx.CellValue(i.before.label, i.before.colour),
                                     cx.CellValue(i.after.label, i.after.colour), direction_label(i.direction, lang))
                       for i in ch.items])
                for ch in changes],
            no_changes=tr("No change over time to show: that needs two reviews of the same country, and no country "
                          "in this comparison has two.", lang),
        )
