"""The item models pass Qt's model tester and show what the services hold."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QDate, QModelIndex, Qt

from safeonline_desktop import i18n
from safeonline_desktop.services import views as v
from safeonline_desktop.ui.models import (
    CHOICES_ROLE,
    ID_ROLE,
    ITEM_ID_ROLE,
    PROGRESS_ROLE,
    ActionPlanModel,
    EvidenceModel,
    FindingModel,
    GapsModel,
    NavigatorModel,
    ParticipantModel,
    RecommendationModel,
    ReviewListModel,
    find_gaps,
)

D = Qt.ItemDataRole.DisplayRole


def column(model, name: str) -> int:
    return model.columns.index(name)


def test_review_list_model(qtmodeltester, services, demo, catalog):
    services.reviews.create(country_code="KE", title="Kenya", frameworks=["mnr"])
    model = ReviewListModel(catalog)
    model.set_rows(services.reviews.list())
    qtmodeltester.check(model)
    assert model.rowCount() == 2
    n = model.row_of_id(demo.id)
    assert model.index(n, column(model, "country")).data(D) == "Fictional country"
    assert model.index(n, column(model, "status")).data(D) == "In consultation"
    assert model.index(n, column(model, "progress")).data(PROGRESS_ROLE) == pytest.approx(24 / 27)
    assert model.index(n, column(model, "progress")).data(D) == "24 of 27 rated"
    assert model.index(n, 0).data(ID_ROLE) == demo.id


def test_navigator_model_is_a_valid_tree_with_states_and_progress(qtmodeltester, services, demo, catalog):
    model = NavigatorModel(catalog)
    progress = services.progress.progress(demo.id)
    model.set_review(demo.framework_ids, progress)
    qtmodeltester.check(model)
    assert model.rowCount() == 2  # MNR, then the Broadband Commission
    mnr = model.index(0, 0)
    assert mnr.data(D) == "Model National Response (MNR)"
    assert model.rowCount(mnr) == 6
    d1 = model.index(0, 0, mnr)
    assert d1.data(D) == "1. Policy and Governance"
    assert model.index(0, 1, mnr).data(D) == "3/3"
    assert model.parent(d1) == mnr
    c17 = model.index_of("MNR.C17")
    assert c17.data(ITEM_ID_ROLE) == "MNR.C17"
    assert progress.by_item["MNR.C17"].state == v.NEEDS_EVIDENCE
    assert "Needs evidence" in c17.data(Qt.ItemDataRole.ToolTipRole)
    assert not c17.data(Qt.ItemDataRole.DecorationRole).isNull()
    assert model.item_ids()[:3] == ["MNR.C01", "MNR.C02", "MNR.C03"] and len(model.item_ids()) == 27
    # new progress updates in place (no reset: the view keeps its selection)
    resets = []
    model.modelReset.connect(lambda: resets.append(1))
    services.assessments.record(demo.id, "MNR.C06", status="planned")
    model.set_progress(services.progress.progress(demo.id))
    assert not resets
    assert "Rated" in model.index_of("MNR.C06").data(Qt.ItemDataRole.ToolTipRole) or \
        "Needs evidence" in model.index_of("MNR.C06").data(Qt.ItemDataRole.ToolTipRole)
    qtmodeltester.check(model)


def test_navigator_model_empty_is_valid(qtmodeltester, catalog):
    model = NavigatorModel(catalog)
    qtmodeltester.check(model)
    model.set_review((), None)
    qtmodeltester.check(model)
    assert model.rowCount() == 0 and model.index_of("MNR.C01") == QModelIndex()


def test_evidence_model(qtmodeltester, services, demo, catalog):
    model = EvidenceModel(catalog, show_items=True)
    model.set_rows(services.evidence.list(demo.id))
    qtmodeltester.check(model)
    rows = model.rows()
    sensitive = next(n for n, e in enumerate(rows) if e.sensitive)
    assert model.index(sensitive, 0).data(D).endswith("(sensitive)")
    with_file = next(n for n, e in enumerate(rows) if e.file_name)
    assert model.index(with_file, column(model, "file")).data(D) == rows[with_file].file_name
    assert model.index(0, column(model, "type")).data(D) == catalog.label("evidence_type", rows[0].evidence_type, "en")


def test_finding_and_participant_models(qtmodeltester, services, demo, catalog):
    findings = FindingModel(catalog)
    findings.set_rows(services.planning.findings(demo.id))
    qtmodeltester.check(findings)
    assert findings.rowCount() == len(services.planning.findings(demo.id)) > 0
    sensitive = next(n for n, f in enumerate(findings.rows()) if f.sensitive)
    assert findings.index(sensitive, 1).data(D).endswith("(sensitive)")
    people = ParticipantModel(catalog)
    people.set_rows(services.participants.list(demo.id))
    qtmodeltester.check(people)
    assert people.index(0, 0).data(D) == "Dr Mirela Kostan"
    assert people.index(0, column(people, "role")).data(D) == "Lead assessor"


def test_recommendation_model_edits_go_through_commit(qtmodeltester, services, demo, catalog):
    model = RecommendationModel(catalog)
    model.set_rows(services.planning.recommendations(demo.id))
    qtmodeltester.check(model)
    assert not model.flags(model.index(0, 0)) & Qt.ItemFlag.ItemIsEditable  # no commit: read-only
    calls = []

    def commit(row, field, value):
        calls.append((row.id, field, value))
        return services.planning.update_recommendation(row.id, **{field: value})

    model.commit = commit
    priority = model.index(0, column(model, "priority"))
    assert model.flags(priority) & Qt.ItemFlag.ItemIsEditable
    assert [c for c, _ in priority.data(CHOICES_ROLE)] == ["high", "medium", "low"]
    first = model.row(0)
    new = "low" if first.priority != "low" else "high"
    assert model.setData(priority, new)
    assert calls == [(first.id, "priority", new)]
    assert model.row(0).priority == new
    assert services.planning.recommendations(demo.id)[-1].priority == new or any(
        r.id == first.id and r.priority == new for r in services.planning.recommendations(demo.id))
    # a refused edit leaves the row as it was
    model.commit = lambda row, field, value: None
    assert not model.setData(model.index(0, 0), "Rewritten")
    assert model.row(0).text == first.text
    qtmodeltester.check(model)


def test_action_plan_model_dates_and_recommendations(qtmodeltester, services, demo, catalog):
    model = ActionPlanModel(catalog)
    recs = services.planning.recommendations(demo.id)
    model.set_recommendations(recs)
    model.set_rows(services.planning.actions(demo.id))
    qtmodeltester.check(model)
    model.commit = lambda row, field, value: services.planning.update_action(row.id, **{field: value})
    due = model.index(0, column(model, "due_date"))
    assert model.setData(due, QDate(2027, 3, 31))
    assert model.row(0).due_date == dt.date(2027, 3, 31)
    assert due.data(D) == "2027-03-31"
    assert model.setData(due, QDate())  # cleared
    assert model.row(0).due_date is None
    rec_col = model.index(0, column(model, "recommendation_id"))
    choices = rec_col.data(CHOICES_ROLE)
    assert choices[0] == (None, "(none)") and len(choices) == len(recs) + 1
    other = next(r for r in recs if r.id != model.row(0).recommendation_id)
    assert model.setData(rec_col, other.id)
    assert rec_col.data(D) == other.text
    assert model.setData(rec_col, None)
    assert rec_col.data(D) == ""


def test_gaps_model(qtmodeltester, services, demo, catalog):
    progress = services.progress.progress(demo.id)
    gaps = find_gaps(progress)
    model = GapsModel(catalog)
    model.set_rows(gaps)
    qtmodeltester.check(model)
    reasons = {g.item_id: g.reason for g in gaps}
    assert reasons["MNR.C17"] == "insufficient_evidence"
    assert all(progress.by_item[i].status in ("not_in_place", "planned") for i, r in reasons.items() if r == "low_rating")
    n = next(i for i, g in enumerate(gaps) if g.item_id == "MNR.C17")
    assert model.index(n, 0).data(ITEM_ID_ROLE) == "MNR.C17"
    assert model.index(n, 2).data(D) == "Insufficient evidence"


def test_set_rows_keeps_the_same_records_without_a_reset(catalog, services, demo):
    model = EvidenceModel(catalog)
    model.set_rows(services.evidence.list(demo.id))
    resets, changes = [], []
    model.modelReset.connect(lambda: resets.append(1))
    model.dataChanged.connect(lambda a, b: changes.append(a.row()))
    first = model.row(0)
    services.evidence.update(first.id, title="Renamed document")
    model.set_rows(services.evidence.list(demo.id))
    assert not resets and changes == [0]
    assert model.index(0, 0).data(D) == "Renamed document"
    services.evidence.delete(first.id)
    model.set_rows(services.evidence.list(demo.id))
    assert resets == [1]


def test_models_speak_the_current_language(catalog, services, demo):
    model = ReviewListModel(catalog)
    model.set_rows(services.reviews.list())
    i18n.set_language("es")
    model.retranslate()
    assert model.headerData(0, Qt.Orientation.Horizontal) == "País"
    assert model.index(0, 0).data(D) == "País ficticio"
    nav = NavigatorModel(catalog)
    nav.set_review(demo.framework_ids, services.progress.progress(demo.id))
    assert nav.index(0, 0).data(D) == "Modelo de Respuesta Nacional (MNR)"


def test_a_failing_model_reports_the_error_instead_of_crashing_the_view(qtbot, catalog, services, demo,
                                                                       monkeypatch):
    import sys

    from PySide6.QtWidgets import QTableView

    reported = []
    monkeypatch.setattr(sys, "excepthook", lambda *info: reported.append(info))
    model = FindingModel(catalog)
    model.set_rows(services.planning.findings(demo.id))
    monkeypatch.setattr(model, "cell", lambda row, column, role: 1 / 0)
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.show()
    view.grab()  # paints every cell
    assert model.index(0, 0).data(D) is None
    qtbot.waitUntil(lambda: len(reported) == 1)
    assert reported[0][0] is ZeroDivisionError
