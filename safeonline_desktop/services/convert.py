"""ORM row → immutable view, and small shared lookups."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from safeonline_desktop.errors import NotFoundError
from safeonline_desktop.storage import models as m

from . import views as v


def get_review(session: Session, review_id: int) -> m.Review:
    review = session.get(m.Review, review_id)
    if review is None:
        raise NotFoundError(f"Review {review_id} does not exist.")
    return review


def review_view(r: m.Review) -> v.ReviewView:
    return v.ReviewView(
        id=r.id,
        uid=r.uid,
        country_code=r.country_code,
        title=r.title,
        period_start=r.period_start,
        period_end=r.period_end,
        scope=r.scope,
        status=r.status,
        language=r.language,
        created_at=r.created_at,
        updated_at=r.updated_at,
        archived_at=r.archived_at,
        origin=r.origin,
        packs=tuple(v.PackUse(p.pack_id, p.pack_version) for p in r.packs),
    )


def participant_view(p: m.Participant) -> v.ParticipantView:
    return v.ParticipantView(p.id, p.uid, p.review_id, p.name, p.organisation, p.sector, p.role, p.consent_named)


def assessment_view(a: m.Assessment) -> v.AssessmentView:
    return v.AssessmentView(
        review_id=a.review_id,
        item_id=a.item_id,
        status=a.status,
        phase=a.phase,
        confidence=a.confidence,
        rationale=a.rationale,
        notes=a.notes,
        questions_done=tuple(a.questions_done or ()),
        updated_by=a.updated_by,
        updated_at=a.updated_at,
    )


def evidence_view(e: m.Evidence) -> v.EvidenceView:
    return v.EvidenceView(
        id=e.id,
        uid=e.uid,
        review_id=e.review_id,
        title=e.title,
        evidence_type=e.evidence_type,
        citation=e.citation,
        document_date=e.document_date,
        provided_by=e.provided_by,
        sensitive=e.sensitive,
        file_sha256=e.file_sha256,
        file_name=e.file_name,
        file_size=e.file_size,
        item_ids=tuple(sorted(link.item_id for link in e.links)),
        created_at=e.created_at,
    )


def finding_view(f: m.Finding) -> v.FindingView:
    return v.FindingView(f.id, f.uid, f.review_id, f.item_id, f.kind, f.statement, f.sensitive, f.created_at)


def recommendation_view(r: m.Recommendation) -> v.RecommendationView:
    return v.RecommendationView(
        id=r.id,
        uid=r.uid,
        review_id=r.review_id,
        text=r.text,
        priority=r.priority,
        lead_actor=r.lead_actor,
        supporting_actors=r.supporting_actors,
        timeframe=r.timeframe,
        cost_band=r.cost_band,
        item_ids=tuple(sorted(i.item_id for i in r.items)),
        created_at=r.created_at,
    )


def action_view(a: m.ActionItem) -> v.ActionItemView:
    return v.ActionItemView(
        a.id, a.uid, a.review_id, a.recommendation_id, a.activity, a.owner, a.start_date, a.due_date,
        a.indicator, a.status, a.created_at,
    )


def audit_view(a: m.AuditEntry) -> v.AuditView:
    return v.AuditView(a.id, a.at, a.actor, a.action, a.entity, a.entity_uid, a.item_id, a.before, a.after)


def snapshot(obj: Any, fields: tuple[str, ...]) -> dict[str, Any]:
    """JSON-able copy of some attributes, for the audit log."""
    out: dict[str, Any] = {}
    for name in fields:
        value = getattr(obj, name)
        if hasattr(value, "isoformat"):
            value = value.isoformat()
        elif isinstance(value, tuple):
            value = list(value)
        out[name] = value
    return out
