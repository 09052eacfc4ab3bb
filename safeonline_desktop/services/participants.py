"""The people a review consulted or who worked on it. Names appear in reports only with consent."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from safeonline_desktop.errors import NotFoundError, ValidationError
from safeonline_desktop.storage import audit
from safeonline_desktop.storage import models as m

from . import views as v
from .context import ServiceContext, check_code, clean_text
from .convert import get_review, participant_view, snapshot

PARTICIPANT_FIELDS = ("name", "organisation", "sector", "role", "consent_named")


class ParticipantService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def _clean(self, changes: dict[str, Any]) -> None:
        if "name" in changes:
            changes["name"] = clean_text(changes["name"], "The name", required=True, max_len=500)
        if "organisation" in changes:
            changes["organisation"] = clean_text(changes["organisation"], "The organisation", max_len=1000)
        if "sector" in changes:
            check_code(self.ctx, "sector", changes["sector"])
        if "role" in changes:
            check_code(self.ctx, "participant_role", changes["role"])
        if "consent_named" in changes:
            changes["consent_named"] = bool(changes["consent_named"])

    def add(self, review_id: int, *, name: str, organisation: str = "", sector: str = "other",
            role: str = "informant", consent_named: bool = False) -> v.ParticipantView:
        self.ctx.check(review_id, "participants.edit")
        fields = {"name": name, "organisation": organisation, "sector": sector, "role": role,
                  "consent_named": consent_named}
        self._clean(fields)
        with self.ctx.workspace.unit_of_work() as s:
            review = get_review(s, review_id)
            now = self.ctx.now()
            row = m.Participant(review_id=review_id, created_at=now, **fields)
            s.add(row)
            s.flush()
            review.updated_at = now
            audit.record(s, at=now, actor=self.ctx.actor.name, action="participant.add", entity="participant",
                         review_uid=review.uid, entity_uid=row.uid, after=snapshot(row, PARTICIPANT_FIELDS))
            s.flush()
            return participant_view(row)

    def update(self, participant_id: int, **changes: Any) -> v.ParticipantView:
        unknown = set(changes) - set(PARTICIPANT_FIELDS)
        if unknown:
            raise ValidationError(f"Unknown participant fields: {sorted(unknown)}.")
        self._clean(changes)
        with self.ctx.workspace.unit_of_work() as s:
            row = s.get(m.Participant, participant_id)
            if row is None:
                raise NotFoundError(f"Participant {participant_id} does not exist.")
            self.ctx.check(row.review_id, "participants.edit")
            review = get_review(s, row.review_id)
            before = snapshot(row, PARTICIPANT_FIELDS)
            for key, value in changes.items():
                setattr(row, key, value)
            now = self.ctx.now()
            review.updated_at = now
            after = snapshot(row, PARTICIPANT_FIELDS)
            keys = [k for k in after if before[k] != after[k]]
            audit.record(s, at=now, actor=self.ctx.actor.name, action="participant.update", entity="participant",
                         review_uid=review.uid, entity_uid=row.uid,
                         before={k: before[k] for k in keys}, after={k: after[k] for k in keys})
            s.flush()
            return participant_view(row)

    def remove(self, participant_id: int) -> None:
        with self.ctx.workspace.unit_of_work() as s:
            row = s.get(m.Participant, participant_id)
            if row is None:
                raise NotFoundError(f"Participant {participant_id} does not exist.")
            self.ctx.check(row.review_id, "participants.edit")
            review = get_review(s, row.review_id)
            now = self.ctx.now()
            audit.record(s, at=now, actor=self.ctx.actor.name, action="participant.remove", entity="participant",
                         review_uid=review.uid, entity_uid=row.uid, before=snapshot(row, PARTICIPANT_FIELDS))
            review.updated_at = now
            s.delete(row)

    def list(self, review_id: int) -> list[v.ParticipantView]:
        self.ctx.check(review_id, "review.read")
        with self.ctx.workspace.read() as s:
            get_review(s, review_id)
            rows = s.scalars(select(m.Participant).where(m.Participant.review_id == review_id).order_by(m.Participant.id))
            return [participant_view(p) for p in rows]
