"""The PDF report, read back with pypdf: text in the chosen language, embedded fonts, layout
that survives hostile text."""

from __future__ import annotations

from export_helpers import pdf_pages, pdf_text, workbook_strings
from openpyxl import load_workbook
from pypdf import PdfReader

from safeonline_desktop.services.reporting import ExportRequest, export_review


def _fonts(path) -> dict[str, bool]:
    """BaseFont -> whether its TrueType program is embedded (FontFile2), for every font used."""
    out: dict[str, bool] = {}
    for page in PdfReader(str(path)).pages:
        for ref in page["/Resources"].get("/Font", {}).values():
            font = ref.get_object()
            desc = font.get("/FontDescriptor")
            if desc is None and "/DescendantFonts" in font:
                desc = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            out[str(font["/BaseFont"])] = desc is not None and "/FontFile2" in desc.get_object()
    return out


def test_english_report_has_every_part(demo, catalog):
    _, pdf = demo.pack()
    reader = PdfReader(str(pdf))
    pages = pdf_pages(pdf)
    text = " ".join(pages)
    for heading in ["Contents", "Executive summary", "Ratings by domain", "Scope and method", "Rating scale",
                    "Model National Response (MNR)", "1. Policy and Governance", "6. Media and Communications",
                    "Broadband Commission 2019", "Findings", "Recommendations", "Action plan",
                    "Annex A. Evidence register", "Annex B. Participants"]:
        assert heading in text, heading
    for item in catalog.framework("mnr").items + catalog.framework("bbc2019").items:
        assert item.name.en in text, item.id
    assert "Partly in place" in text and "Phase 1 (building)" in text and "Insufficient evidence" in text
    assert "Revise Decree 45/2021 to give the National Council for Child Online Protection a permanent secretariat" in text
    assert "E3 Decree establishing the National Council for Child Online Protection (fictional)" in text
    total = len(reader.pages)
    assert total >= 15
    assert pages[1].startswith("Demonstration review: Republic of Aravia (fictional)")  # running header
    assert f"Page 2 of {total}" in pages[1] and f"Page {total} of {total}" in pages[-1]
    assert "Page 1 of" not in pages[0]  # the cover has no number
    assert "CONFIDENTIAL" not in text
    outline = [o.title for o in reader.outline if not isinstance(o, list)]
    assert outline[:2] == ["Executive summary", "Scope and method"]
    assert "Annex B. Participants" in outline
    assert reader.metadata.title == "Demonstration review: Republic of Aravia (fictional)"
    assert abs(float(reader.pages[0].mediabox.width) - 595.28) < 1  # A4


def test_every_font_is_embedded(demo):
    _, pdf = demo.pack()
    fonts = _fonts(pdf)
    assert fonts and all(fonts.values()), fonts
    assert any("DejaVuSans" in name for name in fonts)


def test_spanish_and_french_reports(demo, catalog):
    expectations = {
        "es": ["Índice", "Resumen ejecutivo", "Calificaciones por dominio", "Hallazgos", "Recomendaciones",
               "Plan de acción", "Anexo A. Registro de evidencia", "Parcialmente implantado", "Página 2 de",
               "Justificación", "Evidencia citada", "Fase 1 (construcción)", "País ficticio"],
        "fr": ["Sommaire", "Synthèse", "Notes par domaine", "Constats", "Recommandations", "Plan d'action",
               "Annexe A. Registre des preuves", "Partiellement en place", "Page 2 sur", "Justification",
               "Preuves citées", "Phase 1 (construction)", "Pays fictif"],
    }
    for lang, words in expectations.items():
        _, pdf = demo.pack(lang)
        text = pdf_text(pdf)
        for word in words:
            assert word in text, (lang, word)
        for item_id in ("MNR.C01", "MNR.C05", "MNR.C12", "BBC.A05"):
            assert catalog.item(item_id).name.get(lang) in text, (lang, item_id)
        assert catalog.domain("MNR.D2").name.get(lang) in text
        assert "Executive summary" not in text and "Partly in place" not in text
        assert all(_fonts(pdf).values())


def test_confidential_marking_and_letter_paper(demo):
    _, pdf = demo.pack(paper="Letter", confidential=True)
    reader = PdfReader(str(pdf))
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)
    pages = pdf_pages(pdf)
    assert "CONFIDENTIAL" in pages[0]
    assert all("CONFIDENTIAL" in page for page in pages[1:])


def test_user_markup_is_shown_not_interpreted(services, review, tmp_path):
    typed = "<b>not bold</b> & <i>x</i> <font size=40>big</font> <br/> &amp; <para>"
    services.assessments.record(review.id, "MNR.C01", status="planned", rationale=typed)
    services.planning.add_recommendation(review.id, text="Use <u>this</u> & that", lead_actor="<Ministry>")
    services.reviews.rename(review.id, "Review <b>A&B</b>")
    target = tmp_path / "r.pdf"
    export_review(services, ExportRequest(review.id, pdf=target))
    text = pdf_text(target)
    assert typed in text
    assert "Use <u>this</u> & that" in text and "<Ministry>" in text
    assert "Review <b>A&B</b>" in text


def _mixed(n: int, marker: str) -> str:
    block = ("Évaluation <b>Ž</b> & Привет мир; مرحبا بالعالم (١٢٣) في السياق; ภาษาไทยทดสอบ; 中文测试内容；"
             "日本語のテキスト; 😀🎉; ctrl\x00\x07\x1b\x7f\u0085 end. ")
    text = (block * (n // len(block) + 1))[:n - len(marker)]
    return text + marker


def test_twenty_thousand_character_notes_and_mixed_scripts_export(services, review, tmp_path, catalog):
    note = _mixed(20_000, " END-OF-NOTE-MARKER")
    unbroken = "x" * 20_000  # no space to break at
    arabic = "التقرير الوطني عن حماية الأطفال على الإنترنت " * 300
    services.assessments.record(review.id, "MNR.C01", status="planned", confidence="low", rationale=note, notes=note)
    services.assessments.record(review.id, "MNR.C02", status="in_place", rationale=unbroken, notes=arabic)
    services.assessments.record(review.id, "MNR.C03", status="embedded", rationale="ก" * 5000 + " " + "中" * 5000)
    ev = services.evidence.add(review.id, title=_mixed(1500, " T"), citation=note + " " + unbroken,
                               provided_by=_mixed(1500, " P"), item_ids=["MNR.C01", "MNR.C02"])
    assert ev.id
    services.planning.add_finding(review.id, statement=note, kind="gap", item_id="MNR.C01")
    rec = services.planning.add_recommendation(review.id, text=note, lead_actor=_mixed(3000, " L"),
                                               supporting_actors=unbroken[:4000], item_ids=["MNR.C01"])
    services.planning.add_action(review.id, activity=note, recommendation_id=rec.id, owner=unbroken[:4000],
                                 indicator=arabic[:4000])
    services.participants.add(review.id, name="Ана Петрова 李雷 محمد", organisation=note[:900], consent_named=True)
    xlsx, pdf = tmp_path / "mixed.xlsx", tmp_path / "mixed.pdf"
    written = export_review(services, ExportRequest(review.id, xlsx=xlsx, pdf=pdf, language="fr"))
    assert written == [xlsx, pdf]
    reader = PdfReader(str(pdf))
    assert len(reader.pages) > 40
    text = pdf_text(pdf)
    assert text.count("END-OF-NOTE-MARKER") >= 6  # rationale, notes, finding, recommendation, action, citation
    assert "Ана Петрова" in text
    fonts = _fonts(pdf)
    assert all(fonts.values()), fonts
    assert any("DroidSansFallback" in name for name in fonts)  # Chinese and Japanese
    assert any("NotoSansThai" in name for name in fonts)
    # The workbook keeps every character it can hold; control characters become U+FFFD.
    wb = load_workbook(xlsx)
    mnr = wb.worksheets[2]
    assert mnr.title == "Modèle de réponse nationale…"  # cut at a word to fit Excel's 31 characters
    header = [c.value for c in mnr[1]]
    notes = mnr.cell(row=2, column=header.index("Notes") + 1).value
    assert notes == note.replace("\x00", "\ufffd").replace("\x07", "\ufffd").replace("\x1b", "\ufffd")
    assert "Ана Петрова 李雷 محمد" in workbook_strings(xlsx)


def test_right_to_left_text_is_shaped_in_every_style(services, review, tmp_path):
    word = "مرحبا"
    services.reviews.rename(review.id, f"تقرير {word} (١)")
    services.assessments.record(review.id, "MNR.C01", rationale=f"{word} (١)", notes=f"Notes: {word} " * 40)
    target = tmp_path / "rtl.pdf"
    export_review(services, ExportRequest(review.id, pdf=target))
    text = pdf_text(target)
    import arabic_reshaper

    shaped = arabic_reshaper.reshape(word)  # joined presentation forms (initial, medial, final)
    assert shaped != word
    assert text.count(shaped) + text.count(shaped[::-1]) >= 40 + 2  # notes (oblique), rationale, header...
    assert word not in text  # never the unjoined letters
    assert "\x00" not in text  # no glyph missing from the font used
    assert all(_fonts(target).values())
