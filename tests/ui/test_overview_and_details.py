"""The overview (chart, gaps, editable recommendations and action plan) and the review details."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QComboBox, QLineEdit, QMessageBox, QWizard
from ui_support import click_button, settle

from safeonline_desktop.ui.chart import BarRow, DistributionChart, Segment, contrast_text
from safeonline_desktop.ui.dialogs import OptionalDateEdit
from safeonline_desktop.ui.models import ITEM_ID_ROLE

pytestmark = pytest.mark.gui


def test_overview_shows_progress_distribution_and_gaps(demo_window, services, demo, qtbot):
    window = demo_window
    window.show_tab(1)
    ov = window.workspace.overview
    settle(qtbot)
    assert "Model National Response (MNR): 18 of 21 items rated" in ov.progress_label.text()
    summary = ov.chart.summary().splitlines()
    assert len(summary) == 7  # six MNR domains and the Broadband Commission's one
    assert summary[0].startswith("MNR 1. Policy and Governance - ")
    counts = {s.domain_id: s.counts for s in services.progress.summary(demo.id)}
    d1 = counts["MNR.D1"]
    for code, n in d1.items():
        if n and code != "unrated":
            label = services.catalog.scales["status"].level(code).label.en
            assert f"{label}: {n}" in summary[0]
    image = ov.chart.grab().toImage()
    assert image.width() > 300 and not image.isNull()
    # a click on a gap opens the item
    gaps = ov.gaps_model
    row = next(r for r in range(gaps.rowCount()) if gaps.index(r, 0).data(ITEM_ID_ROLE) == "MNR.C17")
    ov.gaps_view.doubleClicked.emit(gaps.index(row, 0))
    assert window.workspace.current_item_id() == "MNR.C17" and window.workspace.tabs.currentIndex() == 0
    # rating an item changes the overview
    window.rate_current("embedded")
    window.show_tab(1)
    settle(qtbot)
    reasons = {g.item_id: g.reason for g in gaps.rows()}
    assert reasons.get("MNR.C17") in (None, "no_evidence")  # no longer "insufficient evidence"


def test_chart_draws_each_level_in_its_colour():
    chart = DistributionChart()
    segments = [Segment("a", "Alpha", "#c0392b"), Segment("b", "Beta", "#27ae60"), Segment("unrated", "None", None)]
    chart.set_data([BarRow("d1", "Domain one", {"a": 1, "b": 3, "unrated": 0}, 4)], segments)
    chart.resize(600, chart.heightForWidth(600))
    image: QImage = chart.grab().toImage()
    colours = {image.pixelColor(x, chart._row_height() // 2).name() for x in range(image.width())}
    assert "#c0392b" in colours and "#27ae60" in colours
    assert contrast_text(QColor("#f1c40f")) == QColor("#000000")
    assert contrast_text(QColor("#1e8449")) == QColor("#ffffff")
    assert chart.accessibleDescription() == "Domain one - Alpha: 1; Beta: 3"


def test_recommendations_and_actions_are_edited_in_place(demo_window, services, demo, qtbot):
    window = demo_window
    window.show_tab(1)
    ov = window.workspace.overview
    settle(qtbot)
    view = ov.rec_view
    proxy = ov.rec_proxy
    col = ov.rec_model.columns.index("lead_actor")
    index = proxy.index(0, col)
    rec_id = ov.rec_model.row(proxy.mapToSource(index).row()).id
    view.setCurrentIndex(index)
    view.edit(index)
    editor = view.findChild(QLineEdit)
    assert editor is not None and editor.accessibleName() == "Lead actor"
    editor.setText("Office of the Prime Minister")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    settle(qtbot)
    assert next(r for r in services.planning.recommendations(demo.id) if r.id == rec_id).lead_actor == \
        "Office of the Prime Minister"
    # a coded column edits through a combo box
    pcol = ov.rec_model.columns.index("priority")
    pindex = proxy.index(0, pcol)
    view.edit(pindex)
    combo = view.findChild(QComboBox)
    combo.setCurrentIndex(combo.findData("low"))
    qtbot.keyClick(combo, Qt.Key.Key_Return)
    settle(qtbot)
    assert next(r for r in services.planning.recommendations(demo.id) if r.id == rec_id).priority == "low"
    window.undo()
    assert next(r for r in services.planning.recommendations(demo.id) if r.id == rec_id).priority != "low"

    # action plan: add through the dialog, edit a date in the table
    ov.tabs.setCurrentIndex(1)
    before = len(services.planning.actions(demo.id))
    dialog = ov.add_action()
    dialog.activity_edit.setText("Train 40 prosecutors")
    dialog.due_edit.set_value(dt.date(2026, 12, 31))
    dialog.ok_button.click()
    settle(qtbot)
    actions = services.planning.actions(demo.id)
    assert len(actions) == before + 1 and actions[-1].due_date == dt.date(2026, 12, 31)
    plan = ov.plan_model
    n = plan.row_of_id(actions[-1].id)
    start = plan.index(n, plan.columns.index("start_date"))
    ov.plan_view.edit(start)
    date_editor = ov.plan_view.findChild(OptionalDateEdit)
    date_editor.setDate(QDate(2027, 1, 15))
    qtbot.keyClick(date_editor, Qt.Key.Key_Return)
    settle(qtbot)
    refused = services.planning.actions(demo.id)[-1]
    assert refused.start_date is None  # starts after it is due: refused by the services
    assert window.saved_text() == "Not saved"
    assert "before it starts" in window.message_box.text() or window.message_box.text()
    window.message_box.close()
    ov.plan_view.selectRow(n)
    click_button(ov.delete_action(), QMessageBox.ButtonRole.DestructiveRole)
    assert len(services.planning.actions(demo.id)) == before


def test_review_details_are_saved_as_typed(window, review, services, qtbot):
    window.open_review(review.id)
    window.show_tab(2)
    details = window.workspace.details
    details.title_edit.setFocus()
    details.title_edit.selectAll()
    qtbot.keyClicks(details.title_edit, "Kenya national review 2026")
    qtbot.keyClick(details.title_edit, Qt.Key.Key_Return)
    assert services.reviews.get(review.id).title == "Kenya national review 2026"
    settle(qtbot)
    assert window.windowTitle().startswith("Kenya national review 2026")
    details.status_combo.setCurrentIndex(details.status_combo.findData("validation"))
    details.status_combo.activated.emit(details.status_combo.currentIndex())
    assert services.reviews.get(review.id).status == "validation"
    details.end_edit.set_value(dt.date(2026, 1, 1))
    details.end_edit.committed.emit()
    details.start_edit.set_value(dt.date(2026, 6, 1))
    details.start_edit.committed.emit()  # after the end: refused, and the field shows the stored value
    assert services.reviews.get(review.id).period_start is None
    assert details.start_edit.value() is None
    window.message_box.close()
    dialog = details.add_member()
    dialog.name_edit.setText("Achieng Mwangi")
    dialog.role_combo.setCurrentIndex(dialog.role_combo.findData("facilitator"))
    dialog.ok_button.click()
    settle(qtbot)
    assert [(p.name, p.role) for p in services.participants.list(review.id)] == [("Achieng Mwangi", "facilitator")]
    assert details.team_model.rowCount() == 1


def test_wizard_needs_a_country_and_keeps_a_refused_review_on_screen(window, services, qtbot, monkeypatch):
    wizard = window.new_review()
    qtbot.waitExposed(wizard)
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()  # no country chosen
    qtbot.keyClicks(wizard.country_page.search, "Per")
    qtbot.keyClick(wizard.country_page.search, Qt.Key.Key_Return)  # takes the first match and moves on
    assert wizard.country_page.country_code() == "PE"
    assert wizard.currentPage() is wizard.details_page
    wizard.details_page.title_edit.clear()
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()  # a title is required
    wizard.details_page.title_edit.setText("Peru")
    wizard.next()
    wizard.frameworks_page.checks["mnr"].setChecked(False)
    wizard.frameworks_page.checks["bbc2019"].setChecked(False)
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()  # at least one framework
    wizard.frameworks_page.checks["bbc2019"].setChecked(True)
    wizard.next()
    wizard.details_page.end_edit.set_value(dt.date(2025, 1, 1))
    wizard.details_page.start_edit.set_value(dt.date(2026, 1, 1))
    wizard.button(QWizard.WizardButton.FinishButton).click()
    assert wizard.isVisible() and services.reviews.list() == []
    assert "ends before it starts" in wizard.findChild(QMessageBox).text()
    wizard.details_page.end_edit.set_value(None)
    wizard.button(QWizard.WizardButton.FinishButton).click()
    qtbot.waitUntil(lambda: window.current_review_id() is not None)
    review = services.reviews.get(window.current_review_id())
    assert (review.country_code, review.framework_ids, review.period_start) == ("PE", ("bbc2019",), dt.date(2026, 1, 1))
    assert window.workspace.current_item_id() == "BBC.A01"
