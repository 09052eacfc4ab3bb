"""Assessments, evidence and planning through the services."""

from __future__ import annotations

import datetime as dt

import pytest

from safeonline_desktop.errors import NotFoundError, ValidationError
from safeonline_desktop.services import views as v


def test_record_assessment_keeps_who_and_when_and_audits_changes(services, review, clock):
    a = services.assessments.record(review.id, "MNR.C04", status="partly_in_place", phase="phase_2",
                                    confidence="medium", rationale="Unit exists", questions_done=["q1", "q3"])
    assert (a.status, a.phase, a.confidence, a.questions_done) == ("partly_in_place", "phase_2", "medium", ("q1", "q3"))
    assert a.updated_by == "Tester" and a.updated_at == clock.now()
    clock.advance(minutes=5)
    b = services.assessments.record(review.id, "MNR.C04", rationale="Unit exists; 12 officers")
    assert b.status == "partly_in_place" and b.updated_at == clock.now()
    entry = services.audit.entries(review.id, item_id="MNR.C04")[0]
    assert entry.before == {"rationale": "Unit exists"} and entry.after == {"rationale": "Unit exists; 12 officers"}
    cleared = services.assessments.record(review.id, "MNR.C04", status=None)
    assert cleared.status is None and cleared.rationale == "Unit exists; 12 officers"


@pytest.mark.parametrize("item, kwargs, message", [
    ("MNR.C99", {"status": "planned"}, "Unknown checklist item"),
    ("MNR.C01", {"status": "excellent"}, "not a level"),
    ("MNR.C01", {"confidence": "certain"}, "not a level"),
    ("BBC.A01", {"phase": "phase_1"}, "not rated in MNR phases"),
    ("MNR.C01", {"questions_done": ["q99"]}, "Unknown guiding question"),
])
def test_record_refuses_bad_values_and_keeps_the_old_ones(services, review, item, kwargs, message):
    services.assessments.record(review.id, "MNR.C01", status="planned")
    with pytest.raises(ValidationError, match=message):
        services.assessments.record(review.id, item, **kwargs)
    assert services.assessments.get(review.id, "MNR.C01").status == "planned"


def test_item_outside_the_review_frameworks_is_refused(services):
    r = services.reviews.create(country_code="KE", title="MNR only", frameworks=["mnr"])
    with pytest.raises(ValidationError, match="not part of this review"):
        services.assessments.record(r.id, "BBC.A01", status="planned")


ODD_TEXTS = [
    "مرحبا بالعالم — قانون حماية الطفل (٢٠٢٠)",
    "ทดสอบภาษาไทย", "中文测试：儿童保护", "Привет, мир", "emoji 🙂👩🏽‍⚖️🇰🇪",
    "control\x00chars\x01\x07\x1b[31m\ttab\r\nCRLF\u200b\u202eRTL-override",
    "=SUM(A1:A9)", "<b>not bold</b> & <script>", "x" * 20_000,
    "\ufeffBOM and \U0010ffff last plane",
]


@pytest.mark.parametrize("text", ODD_TEXTS, ids=range(len(ODD_TEXTS)))
def test_any_text_is_stored_and_returned_exactly(services, review, catalog, text):
    services.assessments.record(review.id, "MNR.C01", rationale=text, notes=text)
    services.ctx.workspace.close()
    from safeonline_desktop.services import open_services

    again = open_services(services.data.root, catalog=catalog)
    got = again.assessments.get(review.id, "MNR.C01")
    again.close()
    assert got.rationale == text and got.notes == text


def test_lone_surrogates_are_refused_with_a_message(services, review):
    with pytest.raises(ValidationError, match="cannot be stored"):
        services.assessments.record(review.id, "MNR.C01", rationale="bad \ud800 text")


def test_evidence_with_file_is_stored_by_hash_and_linked(services, review, tmp_path):
    f = tmp_path / "Ley 12-2020.pdf"
    payload = bytes(range(256)) * 100
    f.write_bytes(payload)
    ev = services.evidence.add(review.id, title="Ley 12/2020", evidence_type="law", citation="Art. 3",
                               document_date=dt.date(2020, 3, 1), file=f, item_ids=["MNR.C03", "BBC.A01"])
    assert ev.file_name == "Ley 12-2020.pdf" and ev.file_size == len(payload)
    stored = services.evidence.file_path(ev.id)
    assert stored.read_bytes() == payload and stored.name == ev.file_sha256
    assert stored.stat().st_mode & 0o077 == 0
    assert [e.id for e in services.evidence.list(review.id, item_id="BBC.A01")] == [ev.id]
    services.evidence.link(ev.id, "MNR.C04")
    services.evidence.unlink(ev.id, "BBC.A01")
    assert services.evidence.get(ev.id).item_ids == ("MNR.C03", "MNR.C04")
    out = services.evidence.export_file(ev.id, tmp_path / "open")
    assert out.read_bytes() == payload and out.name == "Ley 12-2020.pdf"


def test_evidence_refuses_missing_file_and_unknown_type(services, review, tmp_path):
    with pytest.raises(ValidationError):
        services.evidence.add(review.id, title="x", file=tmp_path / "missing.pdf")
    with pytest.raises(ValidationError):
        services.evidence.add(review.id, title="x", evidence_type="video")
    assert services.evidence.list(review.id) == []


def test_deleting_evidence_removes_an_unshared_file(services, review, tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("a")
    ev = services.evidence.add(review.id, title="A", file=f)
    path = services.evidence.file_path(ev.id)
    services.evidence.delete(ev.id)
    assert not path.exists()
    with pytest.raises(NotFoundError):
        services.evidence.get(ev.id)


def test_findings_recommendations_actions(services, review):
    f = services.planning.add_finding(review.id, statement="No budget", kind="gap", item_id="MNR.C01", sensitive=True)
    services.planning.update_finding(f.id, kind="risk")
    assert services.planning.findings(review.id, item_id="MNR.C01")[0].kind == "risk"
    low = services.planning.add_recommendation(review.id, text="Later", priority="low")
    high = services.planning.add_recommendation(review.id, text="Now", priority="high", lead_actor="MoJ",
                                                timeframe="immediate", cost_band="low", item_ids=["MNR.C03"])
    assert [r.text for r in services.planning.recommendations(review.id)] == ["Now", "Later"]
    services.planning.update_recommendation(low.id, item_ids=["MNR.C01", "BBC.A02"], priority="medium")
    assert services.planning.recommendations(review.id, item_id="BBC.A02")[0].priority == "medium"
    act = services.planning.add_action(review.id, activity="Draft bill", recommendation_id=high.id,
                                       start_date=dt.date(2026, 1, 1), due_date=dt.date(2026, 6, 1))
    services.planning.update_action(act.id, status="in_progress")
    assert services.planning.actions(review.id)[0].status == "in_progress"
    services.planning.delete_recommendation(high.id)
    assert services.planning.actions(review.id)[0].recommendation_id is None  # ON DELETE SET NULL
    with pytest.raises(ValidationError):
        services.planning.add_action(review.id, activity="x", start_date=dt.date(2026, 2, 1), due_date=dt.date(2026, 1, 1))
    with pytest.raises(ValidationError):
        services.planning.update_action(act.id, status="finished")
    services.planning.delete_finding(f.id)
    services.planning.delete_action(act.id)
    assert services.planning.findings(review.id) == [] and services.planning.actions(review.id) == []


def test_progress_states_and_domain_summary(services, review, tmp_path):
    services.assessments.record(review.id, "MNR.C01", rationale="talking")            # in progress
    services.assessments.record(review.id, "MNR.C02", status="in_place")              # needs evidence
    services.assessments.record(review.id, "MNR.C03", status="not_in_place")          # rated: nothing to show
    f = tmp_path / "x.txt"
    f.write_text("x")
    services.evidence.add(review.id, title="X", file=f, item_ids=["MNR.C02"])          # now rated
    services.assessments.record(review.id, "MNR.C04", status="insufficient_evidence")  # needs evidence
    p = services.progress.progress(review.id)
    states = {i: p.by_item[i].state for i in ("MNR.C01", "MNR.C02", "MNR.C03", "MNR.C04", "MNR.C05")}
    assert states == {"MNR.C01": v.IN_PROGRESS, "MNR.C02": v.RATED, "MNR.C03": v.RATED,
                      "MNR.C04": v.NEEDS_EVIDENCE, "MNR.C05": v.NOT_STARTED}
    assert p.total == 27 and p.rated == 3
    assert p.framework("mnr") == (3, 21)
    d1 = next(s for s in services.progress.summary(review.id) if s.domain_id == "MNR.D1")
    assert d1.counts["in_place"] == 1 and d1.counts["not_in_place"] == 1 and d1.counts["unrated"] == 1
    assert sum(d1.counts.values()) == d1.total == 3


def test_demo_review_shows_the_whole_product(services):
    from safeonline_desktop.services.demo import create_demo_review

    demo = create_demo_review(services)
    assert demo.country_code == "ZZ" and demo.status != "draft"
    p = services.progress.progress(demo.id)
    assert 0 < p.rated < p.total
    assert services.evidence.list(demo.id) and any(e.file_sha256 for e in services.evidence.list(demo.id))
    assert services.planning.findings(demo.id) and services.planning.recommendations(demo.id)
    assert services.planning.actions(demo.id) and services.participants.list(demo.id)
