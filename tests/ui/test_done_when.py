"""The issue's "done when": a small review done as a person would, then closed and reopened."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QWizard
from ui_support import activate, settle, type_text

from safeonline_desktop.services import open_services
from safeonline_desktop.services import views as v
from safeonline_desktop.services.context import Actor

pytestmark = pytest.mark.gui

CTRL = Qt.KeyboardModifier.ControlModifier


def test_a_small_review_done_as_a_person_would(make_window, services, catalog, clock, data_dir, tmp_path, qtbot,
                                               monkeypatch):
    # GIVEN an empty workspace, which offers the demonstration review
    window = make_window(services)
    assert window.home.empty_panel.isVisible()

    # WHEN the person creates a review through the wizard (Ctrl+N)
    qtbot.keyClick(window, Qt.Key.Key_N, CTRL)
    wizard = window.dialog
    assert isinstance(wizard, QWizard)
    qtbot.waitExposed(wizard)
    qtbot.keyClicks(wizard.country_page.search, "Kenya")
    assert wizard.country_page.country_code() == "KE"
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)
    details = wizard.details_page
    assert details.title_edit.text() == "Kenya: national capacity review"
    details.title_edit.clear()
    qtbot.keyClicks(details.title_edit, "Kenya review 2026")
    type_text(details.scope_edit, "Ministries, police, helpline. Niñas y niños.")
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)
    assert wizard.frameworks_page.chosen() == ["mnr", "bbc2019"]
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)
    qtbot.keyClicks(wizard.team_page.name_edit, "Amina Otieno")
    qtbot.keyClicks(wizard.team_page.org_edit, "Ministry of ICT")
    qtbot.mouseClick(wizard.team_page.add_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.FinishButton), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.current_review_id() is not None)
    review_id = window.current_review_id()
    workspace = window.workspace
    assert workspace.current_item_id() == "MNR.C01"
    activate(qtbot, window)

    # ... rates three items with the keyboard: 3, next item, 1, next item, n
    navigator = workspace.navigator
    navigator.setFocus()
    qtbot.keyClick(navigator, Qt.Key.Key_3)
    qtbot.keyClick(navigator, Qt.Key.Key_Down, CTRL)
    assert workspace.current_item_id() == "MNR.C02"
    qtbot.keyClick(navigator, Qt.Key.Key_1)
    qtbot.keyClick(navigator, Qt.Key.Key_Down, CTRL)
    qtbot.keyClick(navigator, Qt.Key.Key_N)
    settle(qtbot)
    assert window.saved_text().startswith("Saved at ")

    # ... adds evidence with a file to the third item
    page = workspace.item_page
    doc = tmp_path / "Penal Code 2019.txt"
    doc.write_text("Article 181: sexual exploitation of children online.", encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(doc), ""))
    qtbot.mouseClick(page.evidence.add_button, Qt.MouseButton.LeftButton)
    dialog = page.evidence.dialog
    qtbot.waitExposed(dialog)
    qtbot.mouseClick(dialog.choose_button, Qt.MouseButton.LeftButton)
    assert dialog.title_edit.text() == "Penal Code 2019"
    qtbot.keyClicks(dialog.citation_edit, "Articles 181-184")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    settle(qtbot)
    assert page.evidence.model.rowCount() == 1

    # ... adds a recommendation for it
    qtbot.mouseClick(page.recommendations.add_button, Qt.MouseButton.LeftButton)
    rec_dialog = page.recommendations.dialog
    qtbot.waitExposed(rec_dialog)
    qtbot.keyClicks(rec_dialog.text_edit, "Adopt a national protocol for online reports")
    rec_dialog.priority_combo.setCurrentIndex(rec_dialog.priority_combo.findData("high"))
    qtbot.keyClicks(rec_dialog.lead_edit, "Ministry of Interior")
    qtbot.mouseClick(rec_dialog.ok_button, Qt.MouseButton.LeftButton)
    settle(qtbot)
    assert page.recommendations.model.rowCount() == 1

    # ... writes a rationale, and closes the window at once
    page.rationale.setFocus()
    type_text(page.rationale, "Not applicable: no national CSEA unit by design. Décision du comité.")
    window.close()
    services.close()

    # THEN opening the workspace again finds all of it
    services2 = open_services(data_dir, catalog=catalog, actor=Actor("Tester"), clock=clock)
    try:
        window2 = make_window(services2)
        assert [e.review.title for e in services2.reviews.list()] == ["Kenya review 2026"]
        assert window2.home.model.rowCount() == 1
        review = services2.reviews.get(review_id)
        assert review.country_code == "KE" and review.framework_ids == ("mnr", "bbc2019")
        assert review.scope == "Ministries, police, helpline. Niñas y niños."
        assert [p.name for p in services2.participants.list(review_id)] == ["Amina Otieno"]
        statuses = {i: a.status for i, a in services2.assessments.all(review_id).items()}
        assert statuses == {"MNR.C01": "in_place", "MNR.C02": "planned", "MNR.C03": "not_applicable"}
        third = services2.assessments.get(review_id, "MNR.C03")
        assert third.rationale == "Not applicable: no national CSEA unit by design. Décision du comité."
        [ev] = services2.evidence.list(review_id, "MNR.C03")
        assert (ev.title, ev.citation, ev.file_name) == ("Penal Code 2019", "Articles 181-184", "Penal Code 2019.txt")
        copy = services2.evidence.export_file(ev.id, tmp_path / "out")
        assert copy.read_text(encoding="utf-8") == "Article 181: sexual exploitation of children online."
        [rec] = services2.planning.recommendations(review_id)
        assert (rec.text, rec.priority, rec.lead_actor, rec.item_ids) == (
            "Adopt a national protocol for online reports", "high", "Ministry of Interior", ("MNR.C03",))

        # and the reopened window shows it: the review reopens at the item last worked on
        window2.home.select(review_id)
        qtbot.keyClick(window2.home.table, Qt.Key.Key_Return)
        assert window2.current_review_id() == review_id
        ws2 = window2.workspace
        assert ws2.current_item_id() == "MNR.C03"
        assert ws2.item_page.levels.current() == "not_applicable"
        assert ws2.item_page.rationale.toPlainText().startswith("Not applicable")
        assert ws2.item_page.evidence.model.row(0).title == "Penal Code 2019"
        progress = services2.progress.progress(review_id)
        assert progress.by_item["MNR.C01"].state == v.NEEDS_EVIDENCE  # rated, no evidence yet
        assert progress.by_item["MNR.C03"].state == v.RATED
        window2.close()
    finally:
        services2.close()
