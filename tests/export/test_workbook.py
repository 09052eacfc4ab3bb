"""The Excel workbook, read back with openpyxl."""

from __future__ import annotations

from openpyxl import load_workbook
from openpyxl.chart import BarChart

from safeonline_desktop.export.text import EXCEL_CELL_LIMIT
from safeonline_desktop.services.reporting import ExportRequest, export_review


def _rows(ws):
    rows = list(ws.iter_rows(values_only=True))
    header = rows[0]
    return [dict(zip(header, r, strict=True)) for r in rows[1:]]


def test_sheets_and_cover(demo, catalog):
    xlsx, _ = demo.pack()
    wb = load_workbook(xlsx)
    assert wb.sheetnames == ["Cover", "Summary", "Model National Response (MNR)", "Broadband Commission 2019",
                             "Evidence", "Findings", "Recommendations", "Action plan", "Participants", "Lists"]
    assert wb["Lists"].sheet_state == "hidden"
    cover = {row[0]: row[1] for row in wb["Cover"].iter_rows(min_row=4, values_only=True) if row[0]}
    assert cover["Review"] == "Demonstration review: Republic of Aravia (fictional)"
    assert cover["Country"] == "Fictional country (ZZ)"
    assert cover["Period"] == "2026-01-15 – 2026-06-30"
    assert cover["Review status"] == "In consultation"
    assert "Dr Mirela Kostan (Lead assessor" in cover["Review team"]
    assert "Teodor Vassel" not in cover["Review team"]  # an informant, and did not consent
    frameworks = [row[1] for row in wb["Cover"].iter_rows(min_row=4, values_only=True) if row[0] == "Framework"]
    assert any("content pack mnr version 2016.1" in f for f in frameworks)
    assert any("content pack bbc2019 version 2019.1" in f for f in frameworks)
    assert cover["Generated at"].isoformat() == "2026-03-01T09:30:00"
    assert cover["Generated with"].startswith("SafeOnline Desktop ")
    assert cover["Edition"].startswith("Full edition")


def test_summary_counts_and_native_charts(demo):
    xlsx, _ = demo.pack()
    ws = load_workbook(xlsx)["Summary"]
    rows = list(ws.iter_rows(min_row=3, values_only=True))
    header = rows[0]
    assert header[:5] == ("Framework", "Domain", "Items", "Rated", "Progress")
    assert header[5:] == ("Not in place", "Planned", "Partly in place", "In place", "Embedded", "Not applicable",
                          "Insufficient evidence", "Not rated")
    by_domain = {r[1]: dict(zip(header, r, strict=True)) for r in rows[1:] if r[1]}
    policy = by_domain["1. Policy and Governance"]
    assert (policy["Items"], policy["Rated"], policy["Progress"]) == (3, 3, 1)
    assert (policy["Planned"], policy["Partly in place"], policy["In place"]) == (1, 1, 1)
    justice = by_domain["2. Criminal Justice"]
    assert (justice["Items"], justice["Rated"], justice["Not rated"]) == (4, 3, 1)
    assert by_domain["1. Six action areas"]["Rated"] == 6
    totals = by_domain["All domains"]
    assert (totals["Items"], totals["Rated"]) == (27, 24)
    charts = ws._charts
    assert len(charts) == 2
    ratings = charts[0]
    assert isinstance(ratings, BarChart)
    assert ratings.type == "bar" and ratings.grouping == "stacked" and ratings.overlap == 100
    assert len(ratings.series) == 8  # one per level, "not rated" included
    assert str(ratings.series[0].graphicalProperties.solidFill.srgbClr).endswith("C0392B")
    assert "Summary" in ratings.series[0].val.numRef.f


def test_framework_sheet_has_a_row_per_item(demo, catalog):
    xlsx, _ = demo.pack()
    wb = load_workbook(xlsx)
    rows = _rows(wb["Model National Response (MNR)"])
    assert [r["Item ID"] for r in rows] == [i.id for i in catalog.framework("mnr").items]
    c01 = rows[0]
    assert c01["Item"] == "Leadership"
    assert c01["Rating"] == "Partly in place"
    assert c01["Rating code"] == "partly_in_place"
    assert c01["MNR maturity phase"] == "Phase 2"
    assert c01["Confidence"] == "Medium"
    assert c01["Evidence count"] == 3
    assert c01["Rationale"].startswith("The National Council for Child Online Protection was set up")
    assert "F5 (Gap): The National Council" in c01["Findings"]
    assert c01["Guiding questions covered"] == "4/6"
    c06 = next(r for r in rows if r["Item ID"] == "MNR.C06")
    assert c06["Rating"] is None and c06["Progress"] == "Not started"
    bbc = _rows(wb["Broadband Commission 2019"])
    assert len(bbc) == 6 and "MNR maturity phase" not in bbc[0]


def test_tables_filters_validation_freeze_and_print_setup(demo):
    xlsx, _ = demo.pack()
    wb = load_workbook(xlsx)
    for name in ["Summary", "Model National Response (MNR)", "Evidence", "Findings", "Recommendations", "Action plan",
                 "Participants"]:
        ws = wb[name]
        assert ws.tables, name
        for table in ws.tables.values():
            assert table.autoFilter is not None and table.autoFilter.ref == table.ref
        assert ws.freeze_panes, name
        assert ws.page_setup.orientation == "landscape"
        assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.print_title_rows in ("$1:$1", "$3:$3")
    plan = wb["Action plan"]
    status = [dv for dv in plan.data_validations.dataValidation if "H2" in str(dv.sqref)]
    assert len(status) == 1
    dv = status[0]
    assert dv.type == "list" and dv.showErrorMessage and dv.allow_blank
    sheet, cells = dv.formula1.split("!")
    lists = wb[sheet.strip("'")]
    column = cells.split(":")[0].replace("$", "")[0]
    values = [c.value for c in lists[column][1:] if c.value]
    assert values == ["Not started", "In progress", "Done", "Blocked"]
    assert {r["Status"] for r in _rows(plan)} <= set(values)
    mnr = wb["Model National Response (MNR)"]
    assert any("D2" in str(dv.sqref) for dv in mnr.data_validations.dataValidation)  # the rating column
    assert mnr.column_dimensions["H"].width >= 60  # rationale
    assert mnr["H2"].alignment.wrap_text


def test_no_cell_is_a_formula(demo):
    xlsx, _ = demo.pack()
    wb = load_workbook(xlsx)
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)


def test_user_text_that_looks_like_a_formula_stays_text(services, review, tmp_path):
    typed = {
        "rationale": "=1+1",
        "notes": "+SUM(A1:A9)\n-2 people",
        "finding": "@INDIRECT(\"A1\")",
        "evidence": '=HYPERLINK("http://example.invalid","click")',
        "recommendation": "-cmd|' /C calc'!A0",
        "activity": "=A1&\"\"",
    }
    services.assessments.record(review.id, "MNR.C01", status="planned", rationale=typed["rationale"], notes=typed["notes"])
    services.planning.add_finding(review.id, statement=typed["finding"], kind="gap", item_id="MNR.C01")
    services.evidence.add(review.id, title=typed["evidence"], citation=typed["evidence"], item_ids=["MNR.C01"])
    rec = services.planning.add_recommendation(review.id, text=typed["recommendation"], lead_actor="=lead")
    services.planning.add_action(review.id, activity=typed["activity"], recommendation_id=rec.id, owner="@owner")
    target = tmp_path / "pack.xlsx"
    export_review(services, ExportRequest(review.id, xlsx=target))
    wb = load_workbook(target)
    found = {}
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str) and cell.value[:1] in "=+-@":
                    assert cell.data_type == "s"
                    assert cell.quotePrefix, (ws.title, cell.coordinate)
                    found[cell.value] = ws.title
    for value in (typed["rationale"], typed["notes"], typed["finding"], typed["evidence"], typed["recommendation"],
                  typed["activity"], "=lead", "@owner"):
        assert value in found, value
    item = _rows(wb["Model National Response (MNR)"])[0]
    assert item["Rationale"] == "=1+1" and item["Notes"] == "+SUM(A1:A9)\n-2 people"


def test_text_round_trips_exactly_except_characters_xlsx_cannot_hold(services, review, tmp_path):
    kept = "Línea 1\n\tPривет مرحبا 中文 ไทย 😀 _x0041_ <b>x</b> & \"q\" '  spaces  "
    services.assessments.record(review.id, "MNR.C01", rationale=kept, notes="a\x00b\x07c\x1bd\ufffee\uffff")
    target = tmp_path / "pack.xlsx"
    export_review(services, ExportRequest(review.id, xlsx=target))
    item = _rows(load_workbook(target)["Model National Response (MNR)"])[0]
    assert item["Rationale"] == kept
    assert item["Notes"] == "a\ufffdb\ufffdc\ufffdd\ufffde\ufffd"


def test_text_over_excels_cell_limit_is_cut_with_a_note(services, review, tmp_path):
    long_text = "word " * 10_000  # 50,000 characters
    services.assessments.record(review.id, "MNR.C02", rationale=long_text)
    target = tmp_path / "pack.xlsx"
    export_review(services, ExportRequest(review.id, xlsx=target))
    item = _rows(load_workbook(target)["Model National Response (MNR)"])[1]
    assert len(item["Rationale"]) == EXCEL_CELL_LIMIT
    assert item["Rationale"].endswith("the PDF report has the full text]")
    assert long_text.startswith(item["Rationale"][:30_000])


def test_workbook_in_spanish(demo, catalog):
    xlsx, _ = demo.pack("es")
    wb = load_workbook(xlsx)
    assert wb.sheetnames[:2] == ["Portada", "Resumen"]
    assert "Plan de acción" in wb.sheetnames
    mnr = wb["Modelo de Respuesta Nacional…"]  # cut at a word to fit Excel's 31 characters
    rows = _rows(mnr)
    assert rows[0]["Elemento"] == catalog.item("MNR.C01").name.es
    assert rows[0]["Calificación"] == "Parcialmente implantado"
    plan = _rows(wb["Plan de acción"])
    assert {r["Estado"] for r in plan} <= {"Sin iniciar", "En curso", "Completado", "Bloqueado"}


def test_sheet_names_are_cut_at_a_word_and_stay_unique():
    from safeonline_desktop.export.xlsx import _sheet_name

    assert _sheet_name("Model National Response (MNR)", set()) == "Model National Response (MNR)"
    long = _sheet_name("Modèle de réponse nationale (MNR)", set())
    assert long == "Modèle de réponse nationale…" and len(long) <= 31
    second = _sheet_name("Modèle de réponse nationale (MNR)", {long})
    assert second.endswith(" (2)") and len(second) <= 31 and second != long
    assert _sheet_name("a/b:c*d?[e]", set()) == "a b c d  e"
