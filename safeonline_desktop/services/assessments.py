"""Recording the review's judgement on checklist items."""

from __future__ import annotations

from sqlalchemy import select

from safeonline_desktop.errors import ValidationError
from safeonline_desktop.storage import audit
from safeonline_desktop.storage import models as m

from . import views as v
from .context import ServiceContext, clean_text
from .convert import assessment_view, get_review, snapshot

ASSESSMENT_FIELDS = ("status", "phase", "confidence", "rationale", "notes", "questions_done")
UNSET = object()


class AssessmentService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def _check_item(self, review: m.Review, item_id: str) -> None:
        catalog = self.ctx.catalog
        if not catalog.has_item(item_id):
            raise ValidationError(f"Unknown checklist item {item_id!r}.")
        if catalog.item(item_id).framework_id not in {p.pack_id for p in review.packs}:
            raise ValidationError(f"Item {item_id} is not part of this review's frameworks.")

    def _check_scale_code(self, scale_id: str, code: object) -> str | None:
        if code is None or code == "":
            return None
        scale = self.ctx.catalog.scales[scale_id]
        if code not in scale.codes():
            raise ValidationError(f"{code!r} is not a level of the {scale.name.en} scale.")
        return str(code)

    def record(
        self,
        review_id: int,
        item_id: str,
        *,
        status: str | None | object = UNSET,
        phase: str | None | object = UNSET,
        confidence: str | None | object = UNSET,
        rationale: str | object = UNSET,
        notes: str | object = UNSET,
        questions_done: list[str] | tuple[str, ...] | object = UNSET,
    ) -> v.AssessmentView:
        """Record any of the fields of an item's assessment, in one transaction, with who and when.

        Fields left out keep their value; ``None`` clears a rating.
        """
        self.ctx.check(review_id, "assessment.edit")
        if any(value is not UNSET for value in (status, phase, confidence)):
            self.ctx.check(review_id, "assessment.rate")  # setting the rating itself (not for note takers)
        changes: dict[str, object] = {}
        if status is not UNSET:
            changes["status"] = self._check_scale_code("status", status)
        if phase is not UNSET:
            changes["phase"] = self._check_scale_code("mnr_phase", phase)
        if confidence is not UNSET:
            changes["confidence"] = self._check_scale_code("confidence", confidence)
        if rationale is not UNSET:
            changes["rationale"] = clean_text(rationale, "The rationale")  # type: ignore[arg-type]
        if notes is not UNSET:
            changes["notes"] = clean_text(notes, "The notes")  # type: ignore[arg-type]
        with self.ctx.workspace.unit_of_work() as s:
            review = get_review(s, review_id)
            self._check_item(review, item_id)
            item = self.ctx.catalog.item(item_id)
            if "phase" in changes and changes["phase"] and "mnr_phase" not in self.ctx.catalog.framework(item.framework_id).scale_ids:
                raise ValidationError(f"Items of {item.framework_id} are not rated in MNR phases.")
            if questions_done is not UNSET:
                known = {q.id for q in item.guiding_questions}
                done = list(dict.fromkeys(questions_done))  # type: ignore[call-overload]
                unknown = [q for q in done if q not in known]
                if unknown:
                    raise ValidationError(f"Unknown guiding question(s) {unknown} for {item_id}.")
                changes["questions_done"] = done
            row = s.scalar(select(m.Assessment).where(m.Assessment.review_id == review_id, m.Assessment.item_id == item_id))
            now = self.ctx.now()
            if row is None:
                row = m.Assessment(review_id=review_id, item_id=item_id, rationale="", notes="", questions_done=[],
                                   created_at=now)
                s.add(row)
                before = None
            else:
                before = snapshot(row, ASSESSMENT_FIELDS)
            for key, value in changes.items():
                setattr(row, key, value)
            row.updated_by = self.ctx.actor.name
            row.updated_at = now
            review.updated_at = now
            after = snapshot(row, ASSESSMENT_FIELDS)
            changed = [k for k in changes if before is None or before.get(k) != after.get(k)]
            if changed:
                audit.record(s, at=now, actor=self.ctx.actor.name, action="assessment.record", entity="assessment",
                             review_uid=review.uid, entity_uid=item_id, item_id=item_id,
                             before={k: before[k] for k in changed} if before else None,
                             after={k: after[k] for k in changed})
            s.flush()
            return assessment_view(row)

    def set_question_done(self, review_id: int, item_id: str, question_id: str, done: bool) -> v.AssessmentView:
        current = self.get(review_id, item_id)
        ticked = [q for q in current.questions_done if q != question_id]
        if done:
            ticked.append(question_id)
        return self.record(review_id, item_id, questions_done=ticked)

    def get(self, review_id: int, item_id: str) -> v.AssessmentView:
        self.ctx.check(review_id, "review.read")
        with self.ctx.workspace.read() as s:
            get_review(s, review_id)
            row = s.scalar(select(m.Assessment).where(m.Assessment.review_id == review_id, m.Assessment.item_id == item_id))
            return assessment_view(row) if row else v.AssessmentView(review_id=review_id, item_id=item_id)

    def all(self, review_id: int) -> dict[str, v.AssessmentView]:
        self.ctx.check(review_id, "review.read")
        with self.ctx.workspace.read() as s:
            get_review(s, review_id)
            rows = s.scalars(select(m.Assessment).where(m.Assessment.review_id == review_id))
            return {r.item_id: assessment_view(r) for r in rows}
