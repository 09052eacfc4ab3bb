"""Comparing reviews: the matrix by country and period, a country's change, the workbook."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest

from safeonline_desktop.errors import ValidationError
from safeonline_desktop.services import comparison as cmp
from safeonline_desktop.services.comparison import ComparisonService


@pytest.fixture
def workspace(laptop):
    """The demo (ZZ) plus Kenya in 2024 and 2026, and an archived review of Chile."""
    svc = laptop
    ke1 = svc.reviews.create(country_code="KE", title="Kenya 2024", frameworks=["mnr"],
                             period_start=dt.date(2024, 1, 1), period_end=dt.date(2024, 12, 31))
    ke2 = svc.reviews.create(country_code="KE", title='=HYPERLINK("http://evil.example","Kenya 2026")',
                             frameworks=["mnr", "bbc2019"], period_start=dt.date(2026, 1, 1))
    for item, before, after in (("MNR.C01", "planned", "in_place"), ("MNR.C02", "in_place", "partly_in_place"),
                                ("MNR.C03", "partly_in_place", "partly_in_place"), ("MNR.C04", None, "planned"),
                                ("MNR.C05", "planned", None), ("MNR.C06", "planned", "not_applicable")):
        if before:
            svc.assessments.record(ke1.id, item, status=before)
        if after:
            svc.assessments.record(ke2.id, item, status=after)
    cl = svc.reviews.create(country_code="CL", title="Chile 2025", frameworks=["mnr"])
    svc.reviews.archive(cl.id)
    return svc, ke1, ke2, cl


def test_matrix_rows_by_country_then_period_and_columns_by_filter(workspace):
    svc, ke1, ke2, cl = workspace
    service = ComparisonService(svc.ctx)
    full = service.matrix(lang="en")
    assert [r.head.title[:10] for r in full.rows] == ["Demonstrat", "Kenya 2024", '=HYPERLINK']  # Fictional, Kenya
    assert len(full.columns) == 27
    mnr = service.matrix(framework_id="mnr", lang="en")
    assert {c.framework_id for c in mnr.columns} == {"mnr"} and len(mnr.columns) == 21
    domain = service.matrix(domain_id="MNR.D2", lang="en")
    assert [c.item_id for c in domain.columns] == ["MNR.C04", "MNR.C05", "MNR.C06", "MNR.C07"]
    kenya_2024 = next(r for r in full.rows if r.head.review_id == ke1.id)
    cells = dict(zip([c.item_id for c in full.columns], kenya_2024.cells, strict=True))
    assert cells["BBC.A01"] is None  # not one of this review's frameworks
    assert cells["MNR.C01"].status == "planned" and cells["MNR.C01"].label == "Planned"
    assert cells["MNR.C01"].colour.startswith("#") and cells["MNR.C01"].rank == 1
    assert cells["MNR.C10"].status is None and cells["MNR.C10"].label == "Not rated"
    counts = full.counts(kenya_2024)
    assert counts["planned"] == 3 and counts["unrated"] == 21 - 5 and sum(counts.values()) == 21
    with_archived = service.matrix(include_archived=True)
    assert cl.id in {r.head.review_id for r in with_archived.rows}
    with pytest.raises(ValidationError):
        service.matrix(framework_id="bbc2019", domain_id="MNR.D1")


def test_change_between_two_reviews_of_a_country(workspace):
    svc, ke1, ke2, _ = workspace
    change = ComparisonService(svc.ctx).change(ke1.id, ke2.id, lang="en")
    by_item = {i.column.item_id: i.direction for i in change.items}
    assert by_item["MNR.C01"] == cmp.IMPROVED
    assert by_item["MNR.C02"] == cmp.DECLINED
    assert by_item["MNR.C03"] == cmp.UNCHANGED
    assert by_item["MNR.C04"] == cmp.NEWLY_RATED
    assert by_item["MNR.C05"] == cmp.NO_LONGER_RATED
    assert by_item["MNR.C06"] == cmp.NOT_COMPARABLE
    assert by_item["MNR.C07"] == cmp.NOT_RATED
    assert not any(i.startswith("BBC") for i in by_item)  # only items both reviews cover
    counts = change.counts()
    assert counts[cmp.IMPROVED] == 1 and counts[cmp.DECLINED] == 1 and sum(counts.values()) == 21
    latest = ComparisonService(svc.ctx).latest_changes(lang="en")
    assert [(c.before.review_id, c.after.review_id) for c in latest] == [(ke1.id, ke2.id)]


def test_change_needs_two_reviews_of_the_same_country(workspace):
    svc, ke1, _, _ = workspace
    demo = next(e.review for e in svc.reviews.list() if e.review.country_code == "ZZ")
    service = ComparisonService(svc.ctx)
    with pytest.raises(ValidationError, match="same country"):
        service.change(ke1.id, demo.id)
    with pytest.raises(ValidationError, match="two different"):
        service.change(ke1.id, ke1.id)


def test_no_country_score_anywhere(workspace):
    svc, *_ = workspace
    matrix = ComparisonService(svc.ctx).matrix()
    for name in ("score", "rank", "total", "average"):
        assert not hasattr(matrix, name) and not hasattr(matrix.rows[0], name)


@pytest.mark.parametrize("lang", ["en", "es"])
def test_workbook_is_text_only_coloured_by_rating_and_frozen(workspace, tmp_path, lang):
    svc, ke1, ke2, _ = workspace
    target = tmp_path / f"comparison-{lang}.xlsx"
    written = ComparisonService(svc.ctx).export_xlsx(target, lang=lang)
    assert written == target.absolute() or written == target
    wb = openpyxl.load_workbook(target)
    heat = wb.worksheets[0]
    assert heat.freeze_panes == "D7"
    assert heat["D5"].value == "C01" and heat["A5"].value == ("Country" if lang == "en" else "País")
    titles = [heat.cell(row=r, column=3).value for r in range(7, 10)]
    assert '=HYPERLINK("http://evil.example","Kenya 2026")' in titles
    for sheet in wb.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate)
    rules = [(str(cf.sqref), rule.formula[0]) for cf in heat.conditional_formatting for rule in cf.rules]
    planned = '"Planned"' if lang == "en" else '"Planificado"'
    assert any(formula == planned for _, formula in rules)
    assert {sqref for sqref, _ in rules} == {"D7:AD9"}
    kenya_row = next(r for r in range(7, 10) if heat.cell(row=r, column=3).value == "Kenya 2024")
    values = [heat.cell(row=kenya_row, column=c).value for c in range(4, 31)]
    assert values[-6:] == ["–"] * 6  # the Broadband Commission items (after the MNR) are not part of this review
    assert ("Planned" if lang == "en" else "Planificado") in values
    changes = wb.worksheets[2]
    texts = [c.value for row in changes.iter_rows() for c in row if c.value]
    assert any(isinstance(t, str) and "→" in t for t in texts)
    assert ("Improved" if lang == "en" else "Mejora") in texts
    about = wb.worksheets[3]
    assert "score" in about["A3"].value or "puntuación" in about["A3"].value
