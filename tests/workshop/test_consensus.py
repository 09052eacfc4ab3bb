"""Consensus: proposals per agency, their spread, the agreed (validated) rating set by the
facilitator, dissent, and the national self-assessment beside the validated rating."""

from __future__ import annotations

import datetime as dt

import pytest

from safeonline_desktop.errors import PermissionDenied, ValidationError
from safeonline_desktop.services.workshop import DissentInput


@pytest.fixture
def people(room):
    s, rid = room.services, room.review_id
    police = s.participants.add(rid, name="Ruth Police", organisation="National Police", sector="police",
                                consent_named=True)
    social = s.participants.add(rid, name="Sam Social", organisation="Social Welfare Department",
                                sector="social_services", consent_named=False)
    telecom = s.participants.add(rid, name="Tom Telecom", organisation="Communications Authority",
                                 sector="telecom_regulator", consent_named=True)
    session = s.workshop.add_session(rid, title="National validation workshop", kind="validation",
                                     held_on=dt.date(2026, 3, 2), location="Nairobi",
                                     attendee_ids=[police.id, social.id, telecom.id])
    return {"police": police, "social": social, "telecom": telecom, "session": session}


def test_three_agencies_propose_the_facilitator_agrees_and_dissent_is_recorded(room, people):
    s, rid, item = room.services, room.review_id, "MNR.C05"
    sid = people["session"].id
    s.workshop.set_self_assessment(rid, item, "in_place", source="Government self-assessment, January 2026")
    s.workshop.propose(rid, item, status="in_place", participant_id=people["police"].id, session_id=sid,
                       comment="The unit has 12 officers.")
    s.workshop.propose(rid, item, status="planned", participant_id=people["social"].id, session_id=sid)
    s.workshop.propose(rid, item, status="partly_in_place", participant_id=people["telecom"].id, session_id=sid)
    s.workshop.propose(rid, item, status="partly_in_place", organisation="Child Rights Network", sector="ngo")

    view = s.workshop.consensus(rid, item)
    assert len(view.proposals) == 4
    assert dict(view.counts) == {"not_in_place": 0, "planned": 1, "partly_in_place": 2, "in_place": 1,
                                 "embedded": 0, "not_applicable": 0, "insufficient_evidence": 0}
    assert (view.lowest, view.highest, view.spread) == ("planned", "in_place", 2)
    assert view.validated is None and view.difference is None and view.differing == ()

    view = s.workshop.agree(rid, item, status="partly_in_place", session_id=sid,
                            rationale="A unit exists but lacks a budget line.",
                            dissents=[DissentInput("The unit is fully staffed and funded.",
                                                   participant_id=people["police"].id)])
    assert view.validated == "partly_in_place" == s.assessments.get(rid, item).status
    assert s.assessments.get(rid, item).rationale == "A unit exists but lacks a budget line."
    assert s.assessments.get(rid, item).updated_by == "Amina Lead"
    assert (view.agreed_status, view.agreed_by, view.session_id) == ("partly_in_place", "Amina Lead", sid)
    assert view.self_assessment == "in_place" and view.difference == -1  # validated one step below
    assert {p.contributor.organisation for p in view.differing} == {"National Police", "Social Welfare Department"}
    [dissent] = view.dissents
    assert dissent.contributor.name == "Ruth Police" and dissent.contributor.organisation == "National Police"
    assert (dissent.agreed_status, dissent.proposed_status) == ("partly_in_place", "in_place")
    assert dissent.recorded_by == "Amina Lead"

    # Dissent added afterwards, by organisation only; the named-with-consent rule holds.
    later = s.workshop.record_dissent(rid, item, participant_id=people["social"].id,
                                      reason="Nothing operates outside the capital.")
    assert later.proposed_status == "planned"
    assert later.contributor.public_label() == "Social Welfare Department"  # no consent: organisation only
    assert dissent.contributor.public_label() == "Ruth Police (National Police)"

    # The audit trail of the item tells the story, with before and after.
    entries = s.audit.entries(rid, item)
    actions = [e.action for e in reversed(entries)]
    assert actions[:1] == ["self_assessment.set"]
    assert actions.count("proposal.add") == 4 and "consensus.agree" in actions and actions.count("dissent.add") == 2
    agree = next(e for e in entries if e.action == "consensus.agree")
    assert agree.before == {"status": None, "rationale": ""}
    assert agree.after["status"] == "partly_in_place" and agree.actor == "Amina Lead"

    report = s.workshop.report(rid)
    [row] = [r for r in report.comparison if r.item_id == item]
    assert (row.self_assessment, row.validated, row.difference, row.proposals, row.spread, row.dissents) == \
        ("in_place", "partly_in_place", -1, 4, 2, 2)
    assert [d.reason for d in report.dissents] == ["The unit is fully staffed and funded.",
                                                   "Nothing operates outside the capital."]
    assert [x.title for x in report.sessions] == ["National validation workshop"]


def test_proposing_again_replaces_the_earlier_proposal(room, people):
    s, rid = room.services, room.review_id
    first = s.workshop.propose(rid, "MNR.C01", status="planned", participant_id=people["police"].id)
    again = s.workshop.propose(rid, "MNR.C01", status="in_place", participant_id=people["police"].id, comment="Checked.")
    assert again.id == first.id and [p.status for p in s.workshop.proposals(rid, "MNR.C01")] == ["in_place"]
    org = s.workshop.propose(rid, "MNR.C01", status="planned", organisation="Child Rights Network")
    same = s.workshop.propose(rid, "MNR.C01", status="not_in_place", organisation="  child rights  network ")
    assert same.id == org.id
    assert len(s.workshop.proposals(rid, "MNR.C01")) == 2
    s.workshop.withdraw_proposal(org.id)
    assert [p.contributor.name for p in s.workshop.proposals(rid, "MNR.C01")] == ["Ruth Police"]
    actions = [e.action for e in s.audit.entries(rid, "MNR.C01")]
    assert "proposal.update" in actions and "proposal.withdraw" in actions


def test_off_scale_proposals_are_counted_but_not_in_the_spread(room, people):
    s, rid = room.services, room.review_id
    s.workshop.propose(rid, "MNR.C02", status="insufficient_evidence", participant_id=people["police"].id)
    view = s.workshop.consensus(rid, "MNR.C02")
    assert dict(view.counts)["insufficient_evidence"] == 1 and view.spread is None
    s.workshop.propose(rid, "MNR.C02", status="planned", participant_id=people["social"].id)
    assert s.workshop.consensus(rid, "MNR.C02").spread == 0


def test_self_assessment_versus_validated_in_checklist_order(room, people):
    s, rid = room.services, room.review_id
    s.workshop.set_self_assessment(rid, "MNR.C03", "embedded")
    s.workshop.set_self_assessment(rid, "MNR.C01", "planned")
    s.workshop.agree(rid, "MNR.C01", status="in_place")
    s.workshop.agree(rid, "MNR.C03", status="not_applicable")
    s.assessments.record(rid, "MNR.C04", status="planned")  # rated without the workshop: not compared
    rows = {r.item_id: r for r in s.workshop.comparison(rid)}
    assert list(rows) == ["MNR.C01", "MNR.C03"]
    assert rows["MNR.C01"].difference == 2
    assert rows["MNR.C03"].difference is None  # "not applicable" is off the scale
    s.workshop.set_self_assessment(rid, "MNR.C03", None)
    assert "MNR.C03" not in {r.item_id for r in s.workshop.comparison(rid)}


def test_a_later_change_of_the_rating_shows_against_the_agreement(room):
    s, rid = room.services, room.review_id
    s.workshop.agree(rid, "MNR.C06", status="planned")
    assert not s.workshop.consensus(rid, "MNR.C06").changed_since_agreed
    s.assessments.record(rid, "MNR.C06", status="in_place")
    view = s.workshop.consensus(rid, "MNR.C06")
    assert view.changed_since_agreed and view.agreed_status == "planned" and view.validated == "in_place"


@pytest.mark.parametrize("call, message", [
    (lambda s, rid, p: s.workshop.propose(rid, "MNR.C01", status="great", participant_id=p), "not a level"),
    (lambda s, rid, p: s.workshop.propose(rid, "MNR.C01", status=None, participant_id=p), "Choose a level"),
    (lambda s, rid, p: s.workshop.propose(rid, "MNR.C01", status="planned"), "Say who this comes from"),
    (lambda s, rid, p: s.workshop.propose(rid, "XYZ.1", status="planned", participant_id=p), "not part of"),
    (lambda s, rid, p: s.workshop.propose(rid, "BBC.A01", status="planned", organisation="X", sector="pirates"),
     "Unknown sector"),
    (lambda s, rid, p: s.workshop.record_dissent(rid, "MNR.C09", reason="No", participant_id=p), "before recording"),
    (lambda s, rid, p: s.workshop.agree(rid, "MNR.C01", status="planned", dissents=[DissentInput("  ", p)]),
     "cannot be empty"),
    (lambda s, rid, p: s.workshop.add_session(rid, title="X", kind="party"), "Unknown session kind"),
    (lambda s, rid, p: s.workshop.add_session(rid, title="X", attendee_ids=[9999]), "not registered"),
])
def test_bad_input_is_refused_and_changes_nothing(room, people, call, message):
    s, rid = room.services, room.review_id
    before = len(s.audit.entries(rid))
    with pytest.raises(ValidationError, match=message):
        call(s, rid, people["police"].id)
    assert len(s.audit.entries(rid)) == before
    assert s.assessments.get(rid, "MNR.C01").status is None


def test_a_participant_of_another_review_cannot_be_named(room, people):
    s = room.services
    room.sign_in("Other Lead")
    stranger = s.participants.add(room.other_review_id, name="Stranger", organisation="Elsewhere")
    room.sign_in("Amina Lead")
    with pytest.raises(ValidationError, match="not registered for this review"):
        s.workshop.propose(room.review_id, "MNR.C01", status="planned", participant_id=stranger.id)


def test_sessions_attendance_and_attributed_notes_and_evidence(room, people):
    s, rid = room.services, room.review_id
    session = people["session"]
    assert session.attendee_ids == tuple(sorted(p.id for p in (people["police"], people["social"], people["telecom"])))
    s.workshop.set_attendance(session.id, [people["police"].id])
    interview = s.workshop.add_session(rid, title="Interview with the regulator", kind="interview",
                                       held_on=dt.date(2026, 2, 20), attendee_ids=[people["telecom"].id])
    assert [x.title for x in s.workshop.sessions(rid)] == ["Interview with the regulator", "National validation workshop"]
    note = s.workshop.add_note(rid, "MNR.C17", "Blocking list updated weekly.", participant_id=people["telecom"].id,
                               session_id=interview.id)
    assert note.contributor.organisation == "Communications Authority" and note.session_id == interview.id
    anon = s.workshop.add_note(rid, "MNR.C17", "Someone said the list is outdated.")
    assert anon.contributor.label == ""
    ev = s.evidence.add(rid, title="Blocking procedure", item_ids=["MNR.C17"])
    who = s.workshop.attribute_evidence(ev.id, people["telecom"].id)
    assert who.name == "Tom Telecom"
    assert s.evidence.get(ev.id).provided_by == "Communications Authority"
    assert s.workshop.evidence_contributors(rid)[ev.id].name == "Tom Telecom"
    # Deleting the participant keeps their contributions, attributed to their organisation.
    s.workshop.propose(rid, "MNR.C17", status="in_place", participant_id=people["telecom"].id)
    s.participants.remove(people["telecom"].id)
    [kept] = s.workshop.proposals(rid, "MNR.C17")
    assert kept.contributor.participant_id is None and kept.contributor.organisation == "Communications Authority"
    assert s.workshop.notes(rid, "MNR.C17")[0].contributor.organisation == "Communications Authority"
    assert s.workshop.evidence_contributors(rid) == {}
    assert s.workshop.sessions(rid)[0].attendee_ids == ()
    # Deleting a session keeps what was said in it.
    s.workshop.delete_session(interview.id)
    assert s.workshop.notes(rid, "MNR.C17")[0].session_id is None


def test_note_taker_proposes_but_cannot_agree(room, people):
    room.sign_in("Noah Notes")
    s, rid = room.services, room.review_id
    s.workshop.propose(rid, "MNR.C05", status="planned", participant_id=people["social"].id)
    s.workshop.set_self_assessment(rid, "MNR.C05", "in_place")
    with pytest.raises(PermissionDenied):
        s.workshop.agree(rid, "MNR.C05", status="planned")
    assert s.workshop.consensus(rid, "MNR.C05").validated is None


def test_deleting_the_review_removes_its_workshop_records(room, people):
    s, rid = room.services, room.review_id
    s.workshop.propose(rid, "MNR.C05", status="planned", participant_id=people["social"].id)
    s.workshop.agree(rid, "MNR.C05", status="planned",
                     dissents=[DissentInput("x", participant_id=people["police"].id)])
    s.reviews.delete(rid)
    import sqlite3

    with sqlite3.connect(s.data.database) as conn:
        for table in ("rating_proposals", "dissents", "item_consensus", "workshop_sessions", "session_attendance",
                      "review_team"):
            count = conn.execute(f"SELECT count(*) FROM {table} WHERE "
                                 + ("session_id IN (SELECT id FROM workshop_sessions)" if table == "session_attendance"
                                    else "review_id = ?"), () if table == "session_attendance" else (rid,)).fetchone()[0]
            assert count == 0, table
