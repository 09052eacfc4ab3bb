"""Workshop mode: sessions and attendance, attributed notes and evidence, rating proposals,
consensus with dissent, and the national self-assessment beside the validated rating.

How a rating is reached in the room: each agency, stakeholder group or participant may
propose a status level for an item (:meth:`WorkshopService.propose`); the facilitator (a lead
assessor) sees the spread (:meth:`WorkshopService.consensus`), sets the agreed rating, which
becomes the assessment's status, the validated rating (:meth:`WorkshopService.agree`), and
records who dissents and why. The national self-assessment rating is kept beside it and the
difference is shown, as joint external evaluations do.

Names of participants appear in reports only with their consent
(:meth:`Contributor.public_label`); otherwise their organisation stands for them.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from safeonline_desktop.errors import NotFoundError, ValidationError
from safeonline_desktop.i18n import tr
from safeonline_desktop.storage import audit
from safeonline_desktop.storage import models as m

from .context import ServiceContext, check_code, clean_text
from .convert import get_review, snapshot

UNSET: Any = object()
SESSION_FIELDS = ("kind", "title", "held_on", "location", "notes")


# -- views -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Contributor:
    """Who a note, proposal, dissent or piece of evidence came from."""

    participant_id: int | None
    name: str
    organisation: str
    sector: str | None
    consent_named: bool

    @property
    def label(self) -> str:
        """For the team, inside the app: the name and organisation."""
        if self.name and self.organisation:
            return f"{self.name} ({self.organisation})"
        return self.name or self.organisation

    def public_label(self, lang: str | None = None) -> str:
        """For reports: the name only with the person's consent, else the organisation."""
        if self.name and self.consent_named:
            return self.label
        if self.organisation:
            return self.organisation
        return tr("A participant (name withheld)", lang)


@dataclass(frozen=True)
class SessionView:
    id: int
    uid: str
    review_id: int
    kind: str
    title: str
    held_on: dt.date | None
    location: str
    notes: str
    attendee_ids: tuple[int, ...]
    created_at: dt.datetime


@dataclass(frozen=True)
class NoteView:
    id: int
    uid: str
    review_id: int
    item_id: str
    text: str
    contributor: Contributor
    session_id: int | None
    recorded_by: str
    created_at: dt.datetime
    updated_at: dt.datetime


@dataclass(frozen=True)
class ProposalView:
    id: int
    uid: str
    review_id: int
    item_id: str
    contributor: Contributor
    status: str
    comment: str
    session_id: int | None
    recorded_by: str
    created_at: dt.datetime
    updated_at: dt.datetime


@dataclass(frozen=True)
class DissentView:
    id: int
    uid: str
    review_id: int
    item_id: str
    contributor: Contributor
    reason: str
    agreed_status: str | None
    proposed_status: str | None
    session_id: int | None
    recorded_by: str
    created_at: dt.datetime


@dataclass(frozen=True)
class DissentInput:
    """A dissent recorded together with the agreed rating."""

    reason: str
    participant_id: int | None = None
    organisation: str = ""
    proposed_status: str | None = None


@dataclass(frozen=True)
class ConsensusView:
    """Everything the facilitator needs on one item."""

    review_id: int
    item_id: str
    proposals: tuple[ProposalView, ...]
    #: Number of proposals at each level of the status scale, in scale order (zeros included).
    counts: tuple[tuple[str, int], ...]
    #: Lowest and highest proposed levels on the scale, and the number of steps between them.
    lowest: str | None
    highest: str | None
    spread: int | None
    self_assessment: str | None
    self_assessment_source: str
    #: The validated rating: the assessment's status.
    validated: str | None
    #: Steps from the self-assessment to the validated rating (negative: validated lower).
    difference: int | None
    agreed_status: str | None
    agreed_by: str
    agreed_at: dt.datetime | None
    session_id: int | None
    dissents: tuple[DissentView, ...]

    @property
    def differing(self) -> tuple[ProposalView, ...]:
        """Proposals other than the validated rating: whom to ask whether they dissent."""
        if self.validated is None:
            return ()
        return tuple(p for p in self.proposals if p.status != self.validated)

    @property
    def changed_since_agreed(self) -> bool:
        return self.agreed_at is not None and self.agreed_status != self.validated


@dataclass(frozen=True)
class ComparisonRow:
    """Self-assessment beside the validated rating for one item."""

    item_id: str
    self_assessment: str | None
    validated: str | None
    difference: int | None
    proposals: int
    spread: int | None
    dissents: int


@dataclass(frozen=True)
class WorkshopReport:
    """What the review pack shows of the workshop (for services/reporting.py)."""

    comparison: tuple[ComparisonRow, ...]
    dissents: tuple[DissentView, ...]
    sessions: tuple[SessionView, ...]
    proposals: dict[str, tuple[ProposalView, ...]] = field(default_factory=dict)


# -- helpers -----------------------------------------------------------------------------------


def _key(text: str) -> str:
    return unicodedata.normalize("NFC", " ".join((text or "").split())).casefold()


def _contributor(participant: m.Participant | None, organisation: str, sector: str | None) -> Contributor:
    if participant is None:
        return Contributor(None, "", organisation, sector, False)
    return Contributor(participant.id, participant.name, organisation, sector, bool(participant.consent_named))


class WorkshopService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    # -- shared ----------------------------------------------------------------------------
    def _audit(self, s, review: m.Review, action: str, entity: str, entity_uid: str | None,
               item_id: str | None = None, before=None, after=None) -> None:
        audit.record(s, at=self.ctx.now(), actor=self.ctx.actor.name, action=action, entity=entity,
                     review_uid=review.uid, entity_uid=entity_uid, item_id=item_id, before=before, after=after)

    def _check_item(self, review: m.Review, item_id: str) -> str:
        catalog = self.ctx.catalog
        if not isinstance(item_id, str) or not catalog.has_item(item_id) or \
                catalog.item(item_id).framework_id not in {p.pack_id for p in review.packs}:
            raise ValidationError(tr("Item {item} is not part of this review's frameworks.", item=item_id))
        return item_id

    def _check_status(self, code: object, *, allow_none: bool = False) -> str | None:
        if code is None or code == "":
            if allow_none:
                return None
            raise ValidationError(tr("Choose a level of the status scale."))
        if code not in self.ctx.catalog.scales["status"].codes():
            raise ValidationError(tr("{code!r} is not a level of the status scale.", code=code))
        return str(code)

    def _rank(self, code: str | None) -> int | None:
        if code is None:
            return None
        try:
            return self.ctx.catalog.scales["status"].level(code).rank
        except KeyError:
            return None

    def _participant(self, s, review_id: int, participant_id: int | None) -> m.Participant | None:
        if participant_id is None:
            return None
        p = s.get(m.Participant, participant_id)
        if p is None or p.review_id != review_id:
            raise ValidationError(tr("Participant {id} is not registered for this review.", id=participant_id))
        return p

    def _session(self, s, review_id: int, session_id: int | None) -> int | None:
        if session_id is None:
            return None
        row = s.get(m.WorkshopSession, session_id)
        if row is None or row.review_id != review_id:
            raise ValidationError(tr("Session {id} does not belong to this review.", id=session_id))
        return row.id

    def _source(self, s, review_id: int, participant_id: int | None, organisation: str,
                sector: str | None = None) -> tuple[m.Participant | None, str, str | None]:
        """Who a contribution came from: a registered participant, or an organisation named."""
        organisation = clean_text(organisation, "The organisation", max_len=1000).strip()
        participant = self._participant(s, review_id, participant_id)
        if sector is not None and sector != "":
            check_code(self.ctx, "sector", sector)
        else:
            sector = None
        if participant is not None:
            return participant, organisation or participant.organisation, sector or participant.sector
        if not organisation:
            raise ValidationError(tr("Say who this comes from: choose a participant or name the organisation."))
        return None, organisation, sector

    def _participants(self, s, review_id: int) -> dict[int, m.Participant]:
        return {p.id: p for p in s.scalars(select(m.Participant).where(m.Participant.review_id == review_id))}

    # -- sessions --------------------------------------------------------------------------
    def _session_view(self, row: m.WorkshopSession) -> SessionView:
        return SessionView(row.id, row.uid, row.review_id, row.kind, row.title, row.held_on, row.location, row.notes,
                           tuple(sorted(a.participant_id for a in row.attendance)), row.created_at)

    def _clean_session(self, changes: dict[str, Any]) -> None:
        if "kind" in changes:
            check_code(self.ctx, "session_kind", changes["kind"])
        if "title" in changes:
            changes["title"] = clean_text(changes["title"], "The title", required=True, max_len=500)
        if "location" in changes:
            changes["location"] = clean_text(changes["location"], "The place", max_len=1000)
        if "notes" in changes:
            changes["notes"] = clean_text(changes["notes"], "The notes")
        if "held_on" in changes and changes["held_on"] is not None and not isinstance(changes["held_on"], dt.date):
            raise ValidationError(tr("The date of a session must be a date."))

    def _attendees(self, s, review_id: int, participant_ids: Iterable[int]) -> list[int]:
        ids = list(dict.fromkeys(participant_ids))
        for pid in ids:
            self._participant(s, review_id, pid)
        return ids

    def add_session(self, review_id: int, *, title: str, kind: str = "workshop", held_on: dt.date | None = None,
                    location: str = "", notes: str = "", attendee_ids: Iterable[int] = ()) -> SessionView:
        """Record a workshop, interview, site visit or validation meeting, with who attended."""
        self.ctx.check(review_id, "sessions.edit")
        fields = {"kind": kind, "title": title, "held_on": held_on, "location": location, "notes": notes}
        self._clean_session(fields)
        with self.ctx.workspace.unit_of_work() as s:
            review = get_review(s, review_id)
            ids = self._attendees(s, review_id, attendee_ids)
            now = self.ctx.now()
            row = m.WorkshopSession(review_id=review_id, created_at=now, updated_at=now, **fields)
            row.attendance = [m.SessionAttendance(participant_id=pid) for pid in ids]
            s.add(row)
            s.flush()
            review.updated_at = now
            self._audit(s, review, "session.add", "session", row.uid,
                        after=snapshot(row, SESSION_FIELDS) | {"attendees": ids})
            s.flush()
            return self._session_view(row)

    def update_session(self, session_id: int, **changes: Any) -> SessionView:
        unknown = set(changes) - set(SESSION_FIELDS)
        if unknown:
            raise ValidationError(tr("Unknown session fields: {fields}.", fields=", ".join(sorted(unknown))))
        self._clean_session(changes)
        with self.ctx.workspace.unit_of_work() as s:
            row = self._get_session(s, session_id)
            self.ctx.check(row.review_id, "sessions.edit")
            review = get_review(s, row.review_id)
            before = snapshot(row, SESSION_FIELDS)
            for key, value in changes.items():
                setattr(row, key, value)
            now = self.ctx.now()
            row.updated_at = review.updated_at = now
            after = snapshot(row, SESSION_FIELDS)
            keys = [k for k in after if before[k] != after[k]]
            if keys:
                self._audit(s, review, "session.update", "session", row.uid,
                            before={k: before[k] for k in keys}, after={k: after[k] for k in keys})
            s.flush()
            return self._session_view(row)

    def set_attendance(self, session_id: int, participant_ids: Iterable[int]) -> SessionView:
        with self.ctx.workspace.unit_of_work() as s:
            row = self._get_session(s, session_id)
            self.ctx.check(row.review_id, "sessions.edit")
            review = get_review(s, row.review_id)
            ids = self._attendees(s, row.review_id, participant_ids)
            before = sorted(a.participant_id for a in row.attendance)
            if sorted(ids) != before:
                row.attendance = [m.SessionAttendance(participant_id=pid) for pid in ids]
                now = self.ctx.now()
                row.updated_at = review.updated_at = now
                self._audit(s, review, "session.attendance", "session", row.uid,
                            before={"attendees": before}, after={"attendees": sorted(ids)})
            s.flush()
            return self._session_view(row)

    def delete_session(self, session_id: int) -> None:
        """Delete a session. Contributions recorded in it are kept, without the session."""
        with self.ctx.workspace.unit_of_work() as s:
            row = self._get_session(s, session_id)
            self.ctx.check(row.review_id, "sessions.edit")
            review = get_review(s, row.review_id)
            self._audit(s, review, "session.delete", "session", row.uid,
                        before=snapshot(row, SESSION_FIELDS) | {"attendees": sorted(a.participant_id for a in row.attendance)})
            review.updated_at = self.ctx.now()
            s.delete(row)

    def _get_session(self, s, session_id: int) -> m.WorkshopSession:
        row = s.get(m.WorkshopSession, session_id)
        if row is None:
            raise NotFoundError(tr("Session {id} does not exist.", id=session_id))
        return row

    def sessions(self, review_id: int) -> list[SessionView]:
        """Sessions, by date (undated last)."""
        self.ctx.check(review_id, "review.read")
        with self.ctx.workspace.read() as s:
            get_review(s, review_id)
            rows = s.scalars(select(m.WorkshopSession).where(m.WorkshopSession.review_id == review_id))
            views = [self._session_view(r) for r in rows]
        return sorted(views, key=lambda v: (v.held_on is None, v.held_on or dt.date.min, v.id))

    # -- attributed notes ------------------------------------------------------------------
    def _note_view(self, row: m.ItemNote, participant: m.Participant | None) -> NoteView:
        return NoteView(row.id, row.uid, row.review_id, row.item_id, row.text,
                        _contributor(participant, row.organisation, participant.sector if participant else None),
                        row.session_id, row.recorded_by, row.created_at, row.updated_at)

    def add_note(self, review_id: int, item_id: str, text: str, *, participant_id: int | None = None,
                 organisation: str = "", session_id: int | None = None) -> NoteView:
        """A note on an item, attributed to the participant or organisation that said it (or to
        nobody in particular, when neither is given)."""
        self.ctx.check(review_id, "notes.edit")
        text = clean_text(text, "The note", required=True)
        organisation = clean_text(organisation, "The organisation", max_len=1000).strip()
        with self.ctx.workspace.unit_of_work() as s:
            review = get_review(s, review_id)
            self._check_item(review, item_id)
            participant = self._participant(s, review_id, participant_id)
            if participant is not None and not organisation:
                organisation = participant.organisation
            now = self.ctx.now()
            row = m.ItemNote(review_id=review_id, item_id=item_id, text=text, participant_id=participant_id,
                             organisation=organisation, session_id=self._session(s, review_id, session_id),
                             recorded_by=self.ctx.actor.name, created_at=now, updated_at=now)
            s.add(row)
            s.flush()
            review.updated_at = now
            self._audit(s, review, "note.add", "note", row.uid, item_id,
                        after={"text": text, "participant": participant.name if participant else None,
                               "organisation": organisation})
            s.flush()
            return self._note_view(row, participant)

    def update_note(self, note_id: int, text: str) -> NoteView:
        text = clean_text(text, "The note", required=True)
        with self.ctx.workspace.unit_of_work() as s:
            row = self._get(s, m.ItemNote, note_id, tr("Note {id} does not exist.", id=note_id))
            self.ctx.check(row.review_id, "notes.edit")
            review = get_review(s, row.review_id)
            if row.text != text:
                self._audit(s, review, "note.update", "note", row.uid, row.item_id,
                            before={"text": row.text}, after={"text": text})
                row.text = text
                row.updated_at = review.updated_at = self.ctx.now()
            s.flush()
            return self._note_view(row, s.get(m.Participant, row.participant_id) if row.participant_id else None)

    def delete_note(self, note_id: int) -> None:
        self._remove_attributed(m.ItemNote, note_id, tr("Note {id} does not exist.", id=note_id), "notes.edit",
                                "note.delete", "note",
                                lambda row, who: {"text": row.text, "participant": who,
                                                  "organisation": row.organisation})

    def notes(self, review_id: int, item_id: str | None = None) -> list[NoteView]:
        self.ctx.check(review_id, "review.read")
        with self.ctx.workspace.read() as s:
            get_review(s, review_id)
            return self._attributed(s, m.ItemNote, review_id, item_id, self._note_view)

    def _get(self, s, model, row_id: int, missing: str):
        row = s.get(model, row_id)
        if row is None:
            raise NotFoundError(missing)
        return row

    # Notes, proposals and dissents are all attributed to a participant (or an organisation):
    # they are listed and removed the same way.
    def _attributed(self, s, model, review_id: int, item_id: str | None,
                    view: Callable[[Any, m.Participant | None], Any]) -> list:
        """A review's rows (of one item, when given) in the order recorded, each with who said it."""
        people = self._participants(s, review_id)
        stmt = select(model).where(model.review_id == review_id).order_by(model.id)
        if item_id is not None:
            stmt = stmt.where(model.item_id == item_id)
        return [view(r, people.get(r.participant_id)) for r in s.scalars(stmt)]

    def _remove_attributed(self, model, row_id: int, missing: str, permission: str, action: str, entity: str,
                           before: Callable[[Any, str | None], dict[str, Any]]) -> None:
        """Delete a row, auditing what it held (``before(row, participant name)``)."""
        with self.ctx.workspace.unit_of_work() as s:
            row = self._get(s, model, row_id, missing)
            self.ctx.check(row.review_id, permission)
            review = get_review(s, row.review_id)
            who = s.get(m.Participant, row.participant_id) if row.participant_id else None
            self._audit(s, review, action, entity, row.uid, row.item_id,
                        before=before(row, who.name if who else None))
            review.updated_at = self.ctx.now()
            s.delete(row)

    # -- attributed evidence ---------------------------------------------------------------
    def attribute_evidence(self, evidence_id: int, participant_id: int | None) -> Contributor | None:
        """Record which participant contributed a piece of evidence (``None`` clears it). When
        the evidence names no provider yet, the participant's organisation becomes its provider."""
        with self.ctx.workspace.unit_of_work() as s:
            row = self._get(s, m.Evidence, evidence_id, tr("Evidence {id} does not exist.", id=evidence_id))
            self.ctx.check(row.review_id, "evidence.edit")
            review = get_review(s, row.review_id)
            participant = self._participant(s, row.review_id, participant_id)
            old = s.get(m.Participant, row.participant_id) if row.participant_id else None
            before = {"participant": old.name if old else None, "provided_by": row.provided_by}
            row.participant_id = participant_id
            if participant is not None and not row.provided_by.strip():
                row.provided_by = participant.organisation
            after = {"participant": participant.name if participant else None, "provided_by": row.provided_by}
            if before != after:
                now = self.ctx.now()
                row.updated_at = review.updated_at = now
                self._audit(s, review, "evidence.attribute", "evidence", row.uid, before=before, after=after)
            s.flush()
            if participant is None:
                return None
            return _contributor(participant, row.provided_by, participant.sector)

    def evidence_contributors(self, review_id: int) -> dict[int, Contributor]:
        """Evidence id → the participant who contributed it (attributed evidence only)."""
        self.ctx.check(review_id, "review.read")
        with self.ctx.workspace.read() as s:
            get_review(s, review_id)
            people = self._participants(s, review_id)
            rows = s.scalars(select(m.Evidence).where(m.Evidence.review_id == review_id,
                                                      m.Evidence.participant_id.is_not(None)))
            return {e.id: _contributor(people[e.participant_id], e.provided_by, people[e.participant_id].sector)
                    for e in rows if e.participant_id in people}

    # -- proposals -------------------------------------------------------------------------
    def _proposal_view(self, row: m.RatingProposal, participant: m.Participant | None) -> ProposalView:
        return ProposalView(row.id, row.uid, row.review_id, row.item_id,
                            _contributor(participant, row.organisation, row.sector), row.status, row.comment,
                            row.session_id, row.recorded_by, row.created_at, row.updated_at)

    def propose(self, review_id: int, item_id: str, *, status: str, participant_id: int | None = None,
                organisation: str = "", sector: str | None = None, comment: str = "",
                session_id: int | None = None) -> ProposalView:
        """Record the level an agency, stakeholder group or participant proposes for an item.

        Each participant (or, without one, each organisation) has one current proposal per item:
        proposing again replaces it (the audit trail keeps the earlier one).
        """
        self.ctx.check(review_id, "proposals.edit")
        status = self._check_status(status)
        comment = clean_text(comment, "The comment")
        with self.ctx.workspace.unit_of_work() as s:
            review = get_review(s, review_id)
            self._check_item(review, item_id)
            participant, organisation, sector = self._source(s, review_id, participant_id, organisation, sector)
            session_id = self._session(s, review_id, session_id)
            existing = s.scalars(select(m.RatingProposal).where(
                m.RatingProposal.review_id == review_id, m.RatingProposal.item_id == item_id)).all()
            if participant is not None:
                row = next((p for p in existing if p.participant_id == participant.id), None)
            else:
                row = next((p for p in existing if p.participant_id is None and _key(p.organisation) == _key(organisation)),
                           None)
            now = self.ctx.now()
            fields = {"status": status, "comment": comment, "organisation": organisation, "sector": sector,
                      "session_id": session_id}
            if row is None:
                row = m.RatingProposal(review_id=review_id, item_id=item_id,
                                       participant_id=participant.id if participant else None,
                                       recorded_by=self.ctx.actor.name, created_at=now, updated_at=now, **fields)
                s.add(row)
                s.flush()
                self._audit(s, review, "proposal.add", "proposal", row.uid, item_id,
                            after={"status": status, "comment": comment, "organisation": organisation,
                                   "participant": participant.name if participant else None})
            else:
                before = {k: getattr(row, k) for k in ("status", "comment")}
                for key, value in fields.items():
                    setattr(row, key, value)
                row.recorded_by = self.ctx.actor.name
                row.updated_at = now
                after = {k: getattr(row, k) for k in ("status", "comment")}
                keys = [k for k in after if before[k] != after[k]]
                if keys:
                    self._audit(s, review, "proposal.update", "proposal", row.uid, item_id,
                                before={k: before[k] for k in keys} | {"organisation": organisation},
                                after={k: after[k] for k in keys} | {"organisation": organisation})
            review.updated_at = now
            s.flush()
            return self._proposal_view(row, participant)

    def withdraw_proposal(self, proposal_id: int) -> None:
        self._remove_attributed(m.RatingProposal, proposal_id, tr("Proposal {id} does not exist.", id=proposal_id),
                                "proposals.edit", "proposal.withdraw", "proposal",
                                lambda row, who: {"status": row.status, "comment": row.comment,
                                                  "organisation": row.organisation, "participant": who})

    def proposals(self, review_id: int, item_id: str | None = None) -> list[ProposalView]:
        self.ctx.check(review_id, "review.read")
        with self.ctx.workspace.read() as s:
            get_review(s, review_id)
            return self._proposals(s, review_id, item_id)

    def _proposals(self, s, review_id: int, item_id: str | None) -> list[ProposalView]:
        return self._attributed(s, m.RatingProposal, review_id, item_id, self._proposal_view)

    # -- self-assessment -------------------------------------------------------------------
    def set_self_assessment(self, review_id: int, item_id: str, status: str | None, source: str = "") -> ConsensusView:
        """Record the country's own (self-assessed) rating of an item, and where it comes from
        (e.g. "Government self-assessment, March 2026"). ``None`` clears it."""
        self.ctx.check(review_id, "self_assessment.edit")
        status = self._check_status(status, allow_none=True)
        source = clean_text(source, "The source", max_len=2000)
        with self.ctx.workspace.unit_of_work() as s:
            review = get_review(s, review_id)
            self._check_item(review, item_id)
            row = self._consensus_row(s, review_id, item_id, create=True)
            before = {"self_assessment": row.self_assessment, "source": row.self_assessment_source}
            row.self_assessment = status
            row.self_assessment_source = source
            now = self.ctx.now()
            row.updated_at = review.updated_at = now
            after = {"self_assessment": status, "source": source}
            if before != after:
                self._audit(s, review, "self_assessment.set", "consensus", item_id, item_id, before, after)
        return self.consensus(review_id, item_id)

    def _consensus_row(self, s, review_id: int, item_id: str, *, create: bool) -> m.ItemConsensus | None:
        row = s.get(m.ItemConsensus, (review_id, item_id))
        if row is None and create:
            row = m.ItemConsensus(review_id=review_id, item_id=item_id, self_assessment_source="", agreed_by="",
                                  updated_at=self.ctx.now())
            s.add(row)
        return row

    # -- consensus and dissent -------------------------------------------------------------
    def consensus(self, review_id: int, item_id: str) -> ConsensusView:
        """Proposals and their spread, the self-assessment, the validated rating and dissent."""
        self.ctx.check(review_id, "review.read")
        with self.ctx.workspace.read() as s:
            review = get_review(s, review_id)
            self._check_item(review, item_id)
            return self._consensus(s, review_id, item_id)

    def _consensus(self, s, review_id: int, item_id: str) -> ConsensusView:
        proposals = tuple(self._proposals(s, review_id, item_id))
        scale = self.ctx.catalog.scales["status"]
        counts = tuple((code, sum(1 for p in proposals if p.status == code)) for code in scale.codes())
        ranked = sorted((self._rank(p.status), p.status) for p in proposals if self._rank(p.status) is not None)
        lowest = ranked[0][1] if ranked else None
        highest = ranked[-1][1] if ranked else None
        spread = ranked[-1][0] - ranked[0][0] if ranked else None
        assessment = s.scalar(select(m.Assessment).where(m.Assessment.review_id == review_id,
                                                          m.Assessment.item_id == item_id))
        validated = assessment.status if assessment else None
        row = s.get(m.ItemConsensus, (review_id, item_id))
        self_assessment = row.self_assessment if row else None
        a, b = self._rank(self_assessment), self._rank(validated)
        return ConsensusView(
            review_id=review_id, item_id=item_id, proposals=proposals, counts=counts, lowest=lowest,
            highest=highest, spread=spread, self_assessment=self_assessment,
            self_assessment_source=row.self_assessment_source if row else "", validated=validated,
            difference=b - a if a is not None and b is not None else None,
            agreed_status=row.agreed_status if row else None, agreed_by=row.agreed_by if row else "",
            agreed_at=row.agreed_at if row else None, session_id=row.session_id if row else None,
            dissents=tuple(self._dissents(s, review_id, item_id)),
        )

    def agree(self, review_id: int, item_id: str, *, status: str, rationale: str | None = None,
              session_id: int | None = None, dissents: Iterable[DissentInput] = ()) -> ConsensusView:
        """Set the agreed rating of an item (the assessment's status, its validated rating), and
        record any dissent with it, in one transaction. Lead assessors (facilitators) only."""
        self.ctx.check(review_id, "consensus.agree")
        self.ctx.check(review_id, "assessment.rate")
        status = self._check_status(status)
        if rationale is not None:
            rationale = clean_text(rationale, "The rationale")
        dissents = list(dissents)
        for d in dissents:
            clean_text(d.reason, "The reason for dissent", required=True)
            self._check_status(d.proposed_status, allow_none=True)
        with self.ctx.workspace.unit_of_work() as s:
            review = get_review(s, review_id)
            self._check_item(review, item_id)
            session_id = self._session(s, review_id, session_id)
            now = self.ctx.now()
            row = s.scalar(select(m.Assessment).where(m.Assessment.review_id == review_id,
                                                      m.Assessment.item_id == item_id))
            if row is None:
                row = m.Assessment(review_id=review_id, item_id=item_id, rationale="", notes="", questions_done=[],
                                   created_at=now)
                s.add(row)
            before = {"status": row.status, "rationale": row.rationale}
            row.status = status
            if rationale is not None:
                row.rationale = rationale
            row.updated_by = self.ctx.actor.name
            row.updated_at = now
            consensus = self._consensus_row(s, review_id, item_id, create=True)
            consensus.agreed_status = status
            consensus.agreed_by = self.ctx.actor.name
            consensus.agreed_at = now
            consensus.session_id = session_id
            consensus.updated_at = now
            review.updated_at = now
            after = {"status": row.status, "rationale": row.rationale}
            keys = [k for k in after if before[k] != after[k]] or ["status"]
            s.flush()
            session = s.get(m.WorkshopSession, session_id) if session_id is not None else None
            self._audit(s, review, "consensus.agree", "assessment", item_id, item_id,
                        before={k: before[k] for k in keys},
                        after={k: after[k] for k in keys} | ({"session": session.title} if session else {}))
            for d in dissents:
                self._add_dissent(s, review, item_id, d, status, session_id, now)
            s.flush()
            return self._consensus(s, review_id, item_id)

    def record_dissent(self, review_id: int, item_id: str, *, reason: str, participant_id: int | None = None,
                       organisation: str = "", proposed_status: str | None = None,
                       session_id: int | None = None) -> DissentView:
        """Record that a participant or organisation disagrees with the item's agreed rating, and why."""
        self.ctx.check(review_id, "consensus.agree")
        clean_text(reason, "The reason for dissent", required=True)
        self._check_status(proposed_status, allow_none=True)
        with self.ctx.workspace.unit_of_work() as s:
            review = get_review(s, review_id)
            self._check_item(review, item_id)
            session_id = self._session(s, review_id, session_id)
            assessment = s.scalar(select(m.Assessment).where(m.Assessment.review_id == review_id,
                                                             m.Assessment.item_id == item_id))
            agreed = assessment.status if assessment else None
            if agreed is None:
                raise ValidationError(tr("Set the agreed rating of {item} before recording dissent from it.",
                                         item=item_id))
            row = self._add_dissent(s, review, item_id, DissentInput(reason, participant_id, organisation,
                                                                     proposed_status),
                                    agreed, session_id, self.ctx.now())
            review.updated_at = self.ctx.now()
            s.flush()
            return self._dissent_view(row, s.get(m.Participant, row.participant_id) if row.participant_id else None)

    def _add_dissent(self, s, review: m.Review, item_id: str, d: DissentInput, agreed: str | None,
                     session_id: int | None, now: dt.datetime) -> m.Dissent:
        participant, organisation, sector = self._source(s, review.id, d.participant_id, d.organisation)
        reason = clean_text(d.reason, "The reason for dissent", required=True)
        proposed = self._check_status(d.proposed_status, allow_none=True)
        if proposed is None:
            # Their proposal for this item, if they made one, is the position they hold.
            for p in s.scalars(select(m.RatingProposal).where(m.RatingProposal.review_id == review.id,
                                                              m.RatingProposal.item_id == item_id)):
                if (participant is not None and p.participant_id == participant.id) or \
                        (participant is None and p.participant_id is None and _key(p.organisation) == _key(organisation)):
                    proposed = p.status
        row = m.Dissent(review_id=review.id, item_id=item_id, participant_id=participant.id if participant else None,
                        organisation=organisation, sector=sector, reason=reason, agreed_status=agreed,
                        proposed_status=proposed, session_id=session_id, recorded_by=self.ctx.actor.name,
                        created_at=now, updated_at=now)
        s.add(row)
        s.flush()
        self._audit(s, review, "dissent.add", "dissent", row.uid, item_id,
                    after={"organisation": organisation, "participant": participant.name if participant else None,
                           "reason": reason, "agreed_status": agreed, "proposed_status": proposed})
        return row

    def withdraw_dissent(self, dissent_id: int) -> None:
        self._remove_attributed(m.Dissent, dissent_id, tr("Dissent {id} does not exist.", id=dissent_id),
                                "consensus.agree", "dissent.withdraw", "dissent",
                                lambda row, who: {"organisation": row.organisation, "participant": who,
                                                  "reason": row.reason})

    def _dissent_view(self, row: m.Dissent, participant: m.Participant | None) -> DissentView:
        return DissentView(row.id, row.uid, row.review_id, row.item_id,
                           _contributor(participant, row.organisation, row.sector), row.reason, row.agreed_status,
                           row.proposed_status, row.session_id, row.recorded_by, row.created_at)

    def _dissents(self, s, review_id: int, item_id: str | None) -> list[DissentView]:
        return self._attributed(s, m.Dissent, review_id, item_id, self._dissent_view)

    def dissents(self, review_id: int, item_id: str | None = None) -> list[DissentView]:
        self.ctx.check(review_id, "review.read")
        with self.ctx.workspace.read() as s:
            get_review(s, review_id)
            return self._dissents(s, review_id, item_id)

    # -- side by side ----------------------------------------------------------------------
    def comparison(self, review_id: int) -> list[ComparisonRow]:
        """Items with a self-assessment, a validated rating, proposals or dissent, in checklist
        order: self-assessment beside validated rating, and the difference in scale steps."""
        self.ctx.check(review_id, "review.read")
        with self.ctx.workspace.read() as s:
            review = get_review(s, review_id)
            packs = [p.pack_id for p in review.packs]
            validated = dict(s.execute(select(m.Assessment.item_id, m.Assessment.status)
                                       .where(m.Assessment.review_id == review_id)).all())
            selfs = {r.item_id: r.self_assessment
                     for r in s.scalars(select(m.ItemConsensus).where(m.ItemConsensus.review_id == review_id))}
            proposals: dict[str, list[str]] = {}
            for item_id, status in s.execute(select(m.RatingProposal.item_id, m.RatingProposal.status)
                                             .where(m.RatingProposal.review_id == review_id)):
                proposals.setdefault(item_id, []).append(status)
            dissent_counts: dict[str, int] = {}
            for item_id in s.scalars(select(m.Dissent.item_id).where(m.Dissent.review_id == review_id)):
                dissent_counts[item_id] = dissent_counts.get(item_id, 0) + 1
        rows = []
        for pack in packs:
            fw = self.ctx.catalog.frameworks.get(pack)
            if fw is None:
                continue
            for item in fw.items:
                mine, theirs = selfs.get(item.id), validated.get(item.id)
                props = proposals.get(item.id, [])
                if mine is None and not props and not dissent_counts.get(item.id):
                    continue
                a, b = self._rank(mine), self._rank(theirs)
                ranks = [r for r in (self._rank(p) for p in props) if r is not None]
                rows.append(ComparisonRow(item.id, mine, theirs, b - a if a is not None and b is not None else None,
                                          len(props), max(ranks) - min(ranks) if ranks else None,
                                          dissent_counts.get(item.id, 0)))
        return rows

    def verify_audit(self) -> audit.ChainReport:
        """Walk the hash chain of the whole workspace's audit trail (any signed-in person may:
        it shows no review content)."""
        with self.ctx.workspace.read() as s:
            return audit.verify_session(s)

    def report(self, review_id: int) -> WorkshopReport:
        """What the review pack shows of the workshop."""
        comparison = tuple(self.comparison(review_id))
        with self.ctx.workspace.read() as s:
            dissents = tuple(self._dissents(s, review_id, None))
            proposals: dict[str, list[ProposalView]] = {}
            for p in self._proposals(s, review_id, None):
                proposals.setdefault(p.item_id, []).append(p)
        order = {row.item_id: n for n, row in enumerate(comparison)}
        dissents = tuple(sorted(dissents, key=lambda d: (order.get(d.item_id, len(order)), d.id)))
        return WorkshopReport(comparison, dissents, tuple(self.sessions(review_id)),
                              {k: tuple(v) for k, v in proposals.items()})


def report_entries(services, review_id: int, lang: str, *, redact: bool = False):
    """The workshop part of the review pack's model (``export.model``): self-assessment beside the
    validated rating per item, and every dissent. Names only with consent, never when redacting."""
    from safeonline_desktop.export import model as rm

    catalog = services.catalog
    data = services.workshop.report(review_id)
    scale = catalog.scales["status"]

    def label(code: str | None) -> str:
        return scale.label_of(code, lang)

    def item(item_id: str) -> tuple[str, str]:
        if catalog.has_item(item_id):
            found = catalog.item(item_id)
            return found.code(), found.name.get(lang)
        return item_id, ""

    consensus = []
    for row in data.comparison:
        code, name = item(row.item_id)
        consensus.append(rm.ConsensusEntry(row.item_id, code, name, label(row.self_assessment),
                                           label(row.validated) or tr("Not rated", lang=lang), row.difference,
                                           row.proposals, row.spread, row.dissents))
    dissents = []
    for d in data.dissents:
        code, name = item(d.item_id)
        c = d.contributor
        who = c.public_label(lang) if not redact else (c.organisation or tr("A participant (name withheld)", lang))
        dissents.append(rm.DissentEntry(d.item_id, code, name, who, d.reason, label(d.agreed_status),
                                        label(d.proposed_status)))
    return tuple(consensus), tuple(dissents)
