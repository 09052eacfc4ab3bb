"""Review life cycle through the services."""

from __future__ import annotations

import datetime as dt

import pytest

from safeonline_desktop.errors import NotFoundError, ValidationError
from safeonline_desktop.services.reviews import NewParticipant


def test_create_records_packs_versions_and_team(services, catalog):
    r = services.reviews.create(
        country_code="ke", title="Kenya 2026", frameworks=["mnr"], period_start=dt.date(2026, 1, 1),
        period_end=dt.date(2026, 6, 30), scope="National", language="es",
        team=[NewParticipant("Wanjiru K.", "Ministry of ICT", "government", "lead_assessor", True)],
    )
    assert r.country_code == "KE"
    assert [(p.pack_id, p.version) for p in r.packs] == [("mnr", catalog.framework("mnr").version)]
    assert r.language == "es" and r.status == "draft"
    team = services.participants.list(r.id)
    assert [(p.name, p.role, p.consent_named) for p in team] == [("Wanjiru K.", "lead_assessor", True)]
    assert services.audit.entries(r.id)[0].action == "review.create"


@pytest.mark.parametrize("kwargs, message", [
    ({"country_code": "XX", "title": "t"}, "ISO 3166"),
    ({"country_code": "KE", "title": "   "}, "cannot be empty"),
    ({"country_code": "KE", "title": "t", "frameworks": ["nope"]}, "Unknown framework"),
    ({"country_code": "KE", "title": "t", "language": "de"}, "Unknown language"),
    ({"country_code": "KE", "title": "t", "period_start": dt.date(2026, 5, 1), "period_end": dt.date(2026, 1, 1)},
     "ends before"),
])
def test_create_refuses_bad_input_and_writes_nothing(services, kwargs, message):
    with pytest.raises(ValidationError, match=message):
        services.reviews.create(**kwargs)
    assert services.reviews.list(include_archived=True) == []


def test_list_search_archive_and_progress(services, clock):
    a = services.reviews.create(country_code="KE", title="Kenya")
    clock.advance(minutes=1)
    b = services.reviews.create(country_code="PE", title="Peru")
    clock.advance(minutes=1)
    services.assessments.record(a.id, "MNR.C01", status="planned")
    entries = services.reviews.list()
    assert [e.review.title for e in entries] == ["Kenya", "Peru"]  # most recently changed first
    kenya = entries[0]
    assert kenya.items_rated == 1 and kenya.items_total == 27
    assert [e.review.title for e in services.reviews.list(query="per")] == ["Peru"]
    services.reviews.archive(b.id)
    assert [e.review.title for e in services.reviews.list()] == ["Kenya"]
    assert {e.review.title for e in services.reviews.list(include_archived=True)} == {"Kenya", "Peru"}
    services.reviews.unarchive(b.id)
    assert len(services.reviews.list()) == 2


def test_rename_and_update_are_audited(services, review):
    services.reviews.rename(review.id, "New title")
    services.reviews.update(review.id, status="validation", scope="Scope")
    got = services.reviews.get(review.id)
    assert (got.title, got.status, got.scope) == ("New title", "validation", "Scope")
    actions = [e.action for e in services.audit.entries(review.id)]
    assert actions[:2] == ["review.update", "review.update"]
    assert services.audit.entries(review.id)[1].before == {"title": "Kenya national review"}
    with pytest.raises(ValidationError):
        services.reviews.update(review.id, status="published")


def test_duplicate_copies_everything_with_new_identities(services, review, tmp_path):
    f = tmp_path / "law.txt"
    f.write_bytes(b"text of a law")
    services.assessments.record(review.id, "MNR.C03", status="in_place", rationale="Law of 2020")
    ev = services.evidence.add(review.id, title="Law", evidence_type="law", file=f, item_ids=["MNR.C03"])
    rec = services.planning.add_recommendation(review.id, text="Do it", item_ids=["MNR.C03"])
    services.planning.add_action(review.id, activity="Step 1", recommendation_id=rec.id)
    services.planning.add_finding(review.id, statement="Gap", item_id="MNR.C03")
    services.participants.add(review.id, name="A", sector="police")

    copy = services.reviews.duplicate(review.id)
    assert copy.id != review.id and copy.uid != review.uid and copy.title.endswith("(copy)")
    assert services.assessments.get(copy.id, "MNR.C03").rationale == "Law of 2020"
    [ev2] = services.evidence.list(copy.id)
    assert ev2.uid != ev.uid and ev2.file_sha256 == ev.file_sha256 and ev2.item_ids == ("MNR.C03",)
    [action] = services.planning.actions(copy.id)
    [rec2] = services.planning.recommendations(copy.id)
    assert action.recommendation_id == rec2.id != rec.id
    assert len(services.planning.findings(copy.id)) == 1
    assert len(services.participants.list(copy.id)) == 1


def test_delete_removes_rows_and_unused_files_but_keeps_audit(services, review, tmp_path):
    f = tmp_path / "minutes.txt"
    f.write_bytes(b"minutes")
    ev = services.evidence.add(review.id, title="Minutes", evidence_type="minutes", file=f)
    path = services.ctx.files.path_for(ev.file_sha256)
    other = services.reviews.duplicate(review.id)  # shares the file
    services.reviews.delete(review.id)
    with pytest.raises(NotFoundError):
        services.reviews.get(review.id)
    assert path.exists()  # still used by the copy
    services.reviews.delete(other.id)
    assert not path.exists()
    from sqlalchemy import select

    from safeonline_desktop.storage import models as m

    with services.ctx.workspace.read() as s:
        actions = set(s.scalars(select(m.AuditEntry.action)))
    assert "review.delete" in actions


def test_unknown_review_is_not_found(services):
    with pytest.raises(NotFoundError):
        services.reviews.get(404)


def test_who_is_recorded_without_profiles(services, review, monkeypatch):
    from safeonline_desktop.services.bundle import default_actor_name

    monkeypatch.setenv("SAFEONLINE_USER", "Field Assessor 2")
    assert default_actor_name() == "Field Assessor 2"
    assert services.profiles.set_local_name(" Ana Ruiz ") == "Ana Ruiz"
    assert services.assessments.record(review.id, "MNR.C02", status="planned").updated_by == "Ana Ruiz"
    with pytest.raises(ValidationError):
        services.profiles.set_local_name("")
    assert services.profiles.local_name() == "Ana Ruiz"
