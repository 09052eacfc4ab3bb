"""Each role's limits, enforced in the services (not only in the GUI): every mutating service,
called as an observer, a note taker, a lead assessor, someone not signed in, and a lead of
another team."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from safeonline_desktop.errors import PermissionDenied
from safeonline_desktop.services.context import Actor
from safeonline_desktop.services.workshop import DissentInput
from safeonline_desktop.storage.audit import verify_database

Op = Callable[[object, dict], object]


@pytest.fixture
def things(room, tmp_path):
    """One of everything on the team's review, made by the lead assessor."""
    s, rid = room.services, room.review_id
    out = tmp_path / "out"
    out.mkdir()
    review_file = out / "kenya.safeonline"
    _exchange(s).export_review(rid, review_file)
    participant = s.participants.add(rid, name="Ruth Police", organisation="National Police", sector="police")
    ev = s.evidence.add(rid, title="Police annual report 2025", evidence_type="report", item_ids=["MNR.C05"])
    finding = s.planning.add_finding(rid, statement="No dedicated unit.", item_id="MNR.C05")
    rec = s.planning.add_recommendation(rid, text="Create a unit.", item_ids=["MNR.C05"])
    action = s.planning.add_action(rid, activity="Draft the unit's mandate", recommendation_id=rec.id)
    session = s.workshop.add_session(rid, title="Validation workshop", kind="validation", held_on=dt.date(2026, 3, 2))
    s.assessments.record(rid, "MNR.C05", status="planned")
    s.workshop.agree(rid, "MNR.C05", status="planned")
    dissent = s.workshop.record_dissent(rid, "MNR.C05", participant_id=participant.id, reason="The unit exists on paper.")
    note = s.workshop.add_note(rid, "MNR.C05", "Police say a unit was approved.", participant_id=participant.id)
    proposal = s.workshop.propose(rid, "MNR.C05", status="partly_in_place", participant_id=participant.id)
    return {"rid": rid, "participant": participant.id, "evidence": ev.id, "finding": finding.id, "rec": rec.id,
            "action": action.id, "session": session.id, "dissent": dissent.id, "note": note.id,
            "proposal": proposal.id, "note_taker": room.note_taker, "observer": room.observer, "out": out,
            "file": review_file}


def _exchange(services):
    from safeonline_desktop.exchange import container
    from safeonline_desktop.services.exchange import ExchangeService

    return ExchangeService(services.ctx, scrypt_n=container.SCRYPT_MIN_N)


def _export_pack(services, t):
    from safeonline_desktop.services.reporting import ExportRequest, export_review

    return export_review(services, ExportRequest(t["rid"], xlsx=t["out"] / "pack.xlsx"))


#: (name, call, may a note taker do it?) -- every mutating service method, grouped by service.
OPERATIONS: list[tuple[str, Op, bool]] = [
    # reviews
    ("reviews.create", lambda s, t: s.reviews.create(country_code="KE", title="New"), False),
    ("reviews.update", lambda s, t: s.reviews.update(t["rid"], title="Renamed"), False),
    ("reviews.archive", lambda s, t: s.reviews.archive(t["rid"]), False),
    ("reviews.duplicate", lambda s, t: s.reviews.duplicate(t["rid"]), False),
    # assessments: notes yes, the rating no
    ("assessments.record notes", lambda s, t: s.assessments.record(t["rid"], "MNR.C01", notes="Said in the room."), True),
    ("assessments.set_question_done", lambda s, t: s.assessments.set_question_done(t["rid"], "MNR.C01", "q1", True), True),
    ("assessments.record status", lambda s, t: s.assessments.record(t["rid"], "MNR.C01", status="in_place"), False),
    ("assessments.record confidence", lambda s, t: s.assessments.record(t["rid"], "MNR.C01", confidence="high"), False),
    # evidence
    ("evidence.add", lambda s, t: s.evidence.add(t["rid"], title="Minutes", item_ids=["MNR.C01"]), True),
    ("evidence.update", lambda s, t: s.evidence.update(t["evidence"], citation="p. 4"), True),
    ("evidence.link", lambda s, t: s.evidence.link(t["evidence"], "MNR.C01"), True),
    ("evidence.unlink", lambda s, t: s.evidence.unlink(t["evidence"], "MNR.C05"), True),
    # planning
    ("planning.add_finding", lambda s, t: s.planning.add_finding(t["rid"], statement="A gap."), False),
    ("planning.update_finding", lambda s, t: s.planning.update_finding(t["finding"], statement="Changed."), False),
    ("planning.add_recommendation", lambda s, t: s.planning.add_recommendation(t["rid"], text="Do it."), False),
    ("planning.update_recommendation", lambda s, t: s.planning.update_recommendation(t["rec"], priority="low"), False),
    ("planning.add_action", lambda s, t: s.planning.add_action(t["rid"], activity="Act."), False),
    ("planning.update_action", lambda s, t: s.planning.update_action(t["action"], status="done"), False),
    ("planning.delete_action", lambda s, t: s.planning.delete_action(t["action"]), False),
    ("planning.delete_finding", lambda s, t: s.planning.delete_finding(t["finding"]), False),
    # participants
    ("participants.add", lambda s, t: s.participants.add(t["rid"], name="New person"), True),
    ("participants.update", lambda s, t: s.participants.update(t["participant"], consent_named=True), True),
    # workshop
    ("workshop.add_session", lambda s, t: s.workshop.add_session(t["rid"], title="Interview"), True),
    ("workshop.update_session", lambda s, t: s.workshop.update_session(t["session"], location="Room 2"), True),
    ("workshop.set_attendance", lambda s, t: s.workshop.set_attendance(t["session"], [t["participant"]]), True),
    ("workshop.add_note", lambda s, t: s.workshop.add_note(t["rid"], "MNR.C01", "A note", organisation="NGO"), True),
    ("workshop.update_note", lambda s, t: s.workshop.update_note(t["note"], "Corrected note"), True),
    ("workshop.propose", lambda s, t: s.workshop.propose(t["rid"], "MNR.C01", status="planned",
                                                         participant_id=t["participant"]), True),
    ("workshop.set_self_assessment", lambda s, t: s.workshop.set_self_assessment(t["rid"], "MNR.C01", "in_place"), True),
    ("workshop.attribute_evidence", lambda s, t: s.workshop.attribute_evidence(t["evidence"], t["participant"]), True),
    ("workshop.agree", lambda s, t: s.workshop.agree(t["rid"], "MNR.C05", status="in_place"), False),
    ("workshop.agree with dissent", lambda s, t: s.workshop.agree(
        t["rid"], "MNR.C05", status="planned", dissents=[DissentInput("No.", organisation="NGO")]), False),
    ("workshop.record_dissent", lambda s, t: s.workshop.record_dissent(t["rid"], "MNR.C05", reason="No.",
                                                                       organisation="NGO"), False),
    ("workshop.withdraw_dissent", lambda s, t: s.workshop.withdraw_dissent(t["dissent"]), False),
    # profiles and teams
    ("profiles.create", lambda s, t: s.profiles.create(name="Intruder", role="lead_assessor",
                                                       passphrase="let me in please"), False),
    ("profiles.update", lambda s, t: s.profiles.update(t["observer"], role="lead_assessor"), False),
    ("profiles.set_active", lambda s, t: s.profiles.set_active(t["note_taker"], False), False),
    ("profiles.reset_passphrase", lambda s, t: s.profiles.reset_passphrase(t["note_taker"], "a new passphrase"), False),
    ("profiles.set_idle_lock_minutes", lambda s, t: s.profiles.set_idle_lock_minutes(120), False),
    ("profiles.add_to_team", lambda s, t: s.profiles.add_to_team(t["rid"], t["observer"]), False),
    ("profiles.remove_from_team", lambda s, t: s.profiles.remove_from_team(t["rid"], t["note_taker"]), False),
    # what leaves or enters the laptop: review packs and review files
    ("reporting.export_review", _export_pack, False),
    ("exchange.export_review", lambda s, t: _exchange(s).export_review(t["rid"], t["out"] / "copy.safeonline"), False),
    ("exchange.import_file", lambda s, t: _exchange(s).import_file(t["file"], dry_run=True), False),
    # destructive ones last
    ("workshop.withdraw_proposal", lambda s, t: s.workshop.withdraw_proposal(t["proposal"]), True),
    ("workshop.delete_note", lambda s, t: s.workshop.delete_note(t["note"]), True),
    ("workshop.delete_session", lambda s, t: s.workshop.delete_session(t["session"]), True),
    ("evidence.delete", lambda s, t: s.evidence.delete(t["evidence"]), True),
    ("participants.remove", lambda s, t: s.participants.remove(t["participant"]), True),
    ("profiles.delete", lambda s, t: s.profiles.delete(t["observer"]), False),
    ("reviews.delete", lambda s, t: s.reviews.delete(t["rid"]), False),
]

READS: list[tuple[str, Op]] = [
    ("reviews.get", lambda s, t: s.reviews.get(t["rid"])),
    ("assessments.all", lambda s, t: s.assessments.all(t["rid"])),
    ("evidence.list", lambda s, t: s.evidence.list(t["rid"])),
    ("planning.findings", lambda s, t: s.planning.findings(t["rid"])),
    ("participants.list", lambda s, t: s.participants.list(t["rid"])),
    ("progress.progress", lambda s, t: s.progress.progress(t["rid"])),
    ("audit.entries", lambda s, t: s.audit.entries(t["rid"])),
    ("workshop.consensus", lambda s, t: s.workshop.consensus(t["rid"], "MNR.C05")),
    ("workshop.sessions", lambda s, t: s.workshop.sessions(t["rid"])),
    ("workshop.notes", lambda s, t: s.workshop.notes(t["rid"])),
    ("profiles.team", lambda s, t: s.profiles.team(t["rid"])),
]


def _audit_count(services) -> int:
    return verify_database(services.data.database).entries


def _denied_everywhere(room, things, ops) -> None:
    s = room.services
    before = _audit_count(s)
    allowed = []
    for name, op, _ in ops:
        try:
            op(s, things)
        except PermissionDenied:
            continue
        allowed.append(name)
    assert not allowed, f"allowed although they should not be: {allowed}"
    # Refusals write nothing, not even to the audit trail, and the chain is intact.
    assert _audit_count(s) == before
    assert verify_database(s.data.database).ok


def test_observer_reads_but_every_mutating_service_refuses(room, things):
    room.sign_in("Olga Observer")
    s = room.services
    for _name, op in READS:
        op(s, things)
    assert [e.review.id for e in s.reviews.list()] == [room.review_id]
    _denied_everywhere(room, things, OPERATIONS)
    assert s.evidence.get(things["evidence"]).title == "Police annual report 2025"
    assert s.reviews.get(room.review_id).title == "Kenya national review"


def test_observer_denial_names_the_role(room, things):
    room.sign_in("Olga Observer")
    with pytest.raises(PermissionDenied, match="observer role may not add or change notes"):
        room.services.workshop.add_note(room.review_id, "MNR.C01", "x", organisation="NGO")


def test_note_taker_adds_notes_evidence_and_proposals_but_cannot_rate_or_manage(room, things):
    room.sign_in("Noah Notes")
    s = room.services
    _denied_everywhere(room, things, [op for op in OPERATIONS if not op[2]])
    done = []
    for name, op, may in OPERATIONS:
        if may:
            op(s, things)
            done.append(name)
    assert "workshop.propose" in done and "evidence.add" in done and "workshop.add_note" in done
    assessment = s.assessments.get(room.review_id, "MNR.C01")
    assert assessment.notes == "Said in the room." and assessment.status is None
    assert assessment.updated_by == "Noah Notes"
    with pytest.raises(PermissionDenied, match="note taker role may not set the agreed rating"):
        s.workshop.agree(room.review_id, "MNR.C01", status="planned")


def test_lead_assessor_does_everything_on_their_teams_review(room, things):
    s = room.services
    for _name, op in READS:
        op(s, things)
    for _name, op, _ in OPERATIONS:
        op(s, things)
    assert room.review_id not in {e.review.id for e in s.reviews.list(include_archived=True)}
    assert verify_database(s.data.database).ok


def test_a_review_is_open_only_to_its_team(room, things):
    room.sign_in("Other Lead")
    s = room.services
    assert [e.review.id for e in s.reviews.list()] == [room.other_review_id]
    for name, op in READS:
        with pytest.raises(PermissionDenied, match="not open to your profile"):
            op(s, things)
            pytest.fail(name)
    # Profiles, creating reviews and importing files are not about one review (merging a file into
    # this review is the last test).
    _denied_everywhere(room, things, [op for op in OPERATIONS if not op[0].startswith("profiles.")
                                      and op[0] not in ("reviews.create", "exchange.import_file")])
    # ... and the note taker of the first team does not see the other team's review either.
    room.sign_in("Noah Notes")
    assert [e.review.id for e in s.reviews.list()] == [room.review_id]
    with pytest.raises(PermissionDenied):
        s.reviews.get(room.other_review_id)


def test_nobody_signed_in_can_do_nothing_once_profiles_exist(room, things):
    s = room.services
    s.profiles.sign_out()
    assert s.reviews.list() == []
    for _name, op in READS:
        with pytest.raises(PermissionDenied, match="Sign in"):
            op(s, things)
    _denied_everywhere(room, things, OPERATIONS)
    # Claiming to be someone without the passphrase does not help: the policy reads the database.
    s.ctx.actor = Actor("Olga Observer", profile_id=room.observer, role="lead_assessor")
    with pytest.raises(PermissionDenied):
        s.reviews.update(room.review_id, title="Sneaky")


def test_role_change_applies_at_once(room, things):
    s = room.services
    s.profiles.update(room.note_taker, role="observer")
    room.sign_in("Noah Notes")
    with pytest.raises(PermissionDenied):
        s.workshop.add_note(room.review_id, "MNR.C01", "x", organisation="NGO")
    room.sign_in("Amina Lead")
    s.profiles.set_active(room.note_taker, False)
    with pytest.raises(PermissionDenied, match="deactivated"):
        room.sign_in("Noah Notes")


def test_the_creator_of_a_review_is_on_its_team_and_others_are_not(room):
    s = room.services
    made = s.reviews.create(country_code="GH", title="Ghana")
    assert [m.name for m in s.profiles.team(made.id)] == ["Amina Lead"]
    room.sign_in("Noah Notes")
    assert made.id not in {e.review.id for e in s.reviews.list()}
    room.sign_in("Other Lead")
    assert made.id not in {e.review.id for e in s.reviews.list()}


def test_a_lead_of_another_team_cannot_merge_a_file_into_a_review_not_open_to_them(room, tmp_path, catalog):
    from safeonline_desktop.services import open_services
    from safeonline_desktop.services.context import Actor

    s = room.services
    first = tmp_path / "from-here.safeonline"
    _exchange(s).export_review(room.review_id, first)
    elsewhere = open_services(tmp_path / "elsewhere", catalog=catalog, actor=Actor("Field laptop"))
    try:
        _exchange(elsewhere).import_file(first)
        [entry] = elsewhere.reviews.list()
        elsewhere.assessments.record(entry.review.id, "MNR.C01", status="embedded", rationale="Changed elsewhere.")
        changed = tmp_path / "changed.safeonline"
        _exchange(elsewhere).export_review(entry.review.id, changed)
    finally:
        elsewhere.close()
    room.sign_in("Other Lead")
    with pytest.raises(PermissionDenied):
        _exchange(s).import_file(changed)
    room.sign_in("Amina Lead")
    assert s.assessments.get(room.review_id, "MNR.C01").status is None
