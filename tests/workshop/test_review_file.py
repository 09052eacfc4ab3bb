"""Workshop records travel in the review file (issue 5's format): proposals, consensus, dissent,
sessions and attributed notes come back whole on another laptop, whose audit chain stays
intact; there, an imported review belongs to the importing lead's team, like one created there."""

from __future__ import annotations

import datetime as dt

from workshop_support import FAST

from safeonline_desktop.exchange import container
from safeonline_desktop.services import open_services
from safeonline_desktop.services.context import Actor
from safeonline_desktop.services.exchange import ExchangeService
from safeonline_desktop.services.workshop import DissentInput
from safeonline_desktop.storage.audit import verify_database


def _exchange(services) -> ExchangeService:
    return ExchangeService(services.ctx, scrypt_n=container.SCRYPT_MIN_N)


def _story(view):
    """What a person reads on the consensus panel, without database ids."""
    return {
        "self": (view.self_assessment, view.self_assessment_source),
        "validated": view.validated,
        "agreed": (view.agreed_status, view.agreed_by),
        "spread": (view.lowest, view.highest, view.spread),
        "proposals": sorted((p.contributor.name, p.contributor.organisation, p.status, p.comment)
                            for p in view.proposals),
        "dissents": sorted((d.contributor.name, d.contributor.organisation, d.reason, d.agreed_status,
                            d.proposed_status) for d in view.dissents),
    }


def test_proposals_consensus_and_dissent_round_trip_through_a_review_file(services, review, tmp_path, catalog):
    s, rid = services, review.id
    police = s.participants.add(rid, name="Ruth Police", organisation="National Police", sector="police",
                                consent_named=True)
    social = s.participants.add(rid, name="Sam Social", organisation="Social Welfare Department",
                                sector="social_services")
    session = s.workshop.add_session(rid, title="Validation workshop", kind="validation",
                                     held_on=dt.date(2026, 3, 2), attendee_ids=[police.id, social.id])
    s.workshop.set_self_assessment(rid, "MNR.C05", "in_place", "Government self-assessment 2026")
    s.workshop.propose(rid, "MNR.C05", status="in_place", participant_id=police.id, session_id=session.id,
                       comment="Twelve officers — «dédiés»")
    s.workshop.propose(rid, "MNR.C05", status="planned", participant_id=social.id, session_id=session.id)
    s.workshop.propose(rid, "MNR.C05", status="partly_in_place", organisation="Child Rights Network", sector="ngo")
    s.workshop.agree(rid, "MNR.C05", status="partly_in_place", session_id=session.id,
                     dissents=[DissentInput("Funded and staffed: مرحبا 🙂", participant_id=police.id)])
    s.workshop.record_dissent(rid, "MNR.C05", organisation="Child Rights Network", reason="Too generous.")
    s.workshop.add_note(rid, "MNR.C05", "Budget line confirmed.", participant_id=social.id, session_id=session.id)
    ev = s.evidence.add(rid, title="Police annual report", item_ids=["MNR.C05"])
    s.workshop.attribute_evidence(ev.id, police.id)
    before = _story(s.workshop.consensus(rid, "MNR.C05"))
    file = tmp_path / "kenya.safeonline"
    _exchange(s).export_review(rid, file)

    hq = open_services(tmp_path / "hq", catalog=catalog, actor=Actor("HQ analyst"))
    try:
        outcome = _exchange(hq).import_file(file)
        assert outcome.written
        new_id = outcome.review_id
        assert _story(hq.workshop.consensus(new_id, "MNR.C05")) == before
        [hq_session] = hq.workshop.sessions(new_id)
        assert hq_session.title == "Validation workshop" and len(hq_session.attendee_ids) == 2
        assert {p.session_id for p in hq.workshop.proposals(new_id) if p.contributor.participant_id} == {hq_session.id}
        [note] = hq.workshop.notes(new_id, "MNR.C05")
        assert (note.text, note.contributor.name, note.session_id) == ("Budget line confirmed.", "Sam Social",
                                                                        hq_session.id)
        assert [c.name for c in hq.workshop.evidence_contributors(new_id).values()] == ["Ruth Police"]
        [row] = hq.workshop.comparison(new_id)
        assert (row.self_assessment, row.validated, row.difference, row.dissents) == \
            ("in_place", "partly_in_place", -1, 2)
        # The history arrived too, chained onto this laptop's own log.
        actions = [e.action for e in hq.audit.entries(new_id, "MNR.C05")]
        assert "consensus.agree" in actions and "dissent.add" in actions
        report = verify_database(hq.data.database)
        assert report.ok, report.problem

        # On a laptop with profiles, an imported review waits for a lead assessor to give it a team.
        hq.profiles.cost = FAST
        hq.profiles.create(name="HQ Lead", role="lead_assessor", passphrase="hq lead passphrase")
        hq.profiles.sign_in("HQ Lead", "hq lead passphrase")
        notes = hq.profiles.create(name="HQ Notes", role="note_taker", passphrase="hq notes passphrase")
        hq.profiles.create(name="HQ Second Lead", role="lead_assessor", passphrase="second lead passphrase")
        assert [e.review.id for e in hq.reviews.list()] == [new_id]  # the first lead took over what was there
        other = s.reviews.create(country_code="GH", title="Ghana review", frameworks=["mnr"])
        _exchange(s).export_review(other.id, tmp_path / "ghana.safeonline")
        ghana = _exchange(hq).import_file(tmp_path / "ghana.safeonline").review_id
        hq.profiles.sign_in("HQ Second Lead", "second lead passphrase")
        assert hq.reviews.list() == []  # the importing lead's team has it, as if created here
        hq.profiles.sign_in("HQ Notes", "hq notes passphrase")
        assert hq.reviews.list() == []
        hq.profiles.sign_in("HQ Lead", "hq lead passphrase")
        hq.profiles.add_to_team(ghana, notes.id)
        hq.profiles.sign_in("HQ Notes", "hq notes passphrase")
        assert [e.review.id for e in hq.reviews.list()] == [ghana]
        hq.profiles.sign_in("HQ Second Lead", "second lead passphrase")
        assert hq.reviews.list() == []  # still only HQ Lead's team
        assert verify_database(hq.data.database).ok
    finally:
        hq.close()
