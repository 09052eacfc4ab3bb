"""Findings, recommendations and the action plan of a review."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select

from safeonline_desktop.errors import NotFoundError, ValidationError
from safeonline_desktop.storage import audit
from safeonline_desktop.storage import models as m

from . import views as v
from .context import ServiceContext, check_code, clean_text
from .convert import action_view, finding_view, get_review, recommendation_view, snapshot

FINDING_FIELDS = ("item_id", "kind", "statement", "sensitive")
RECOMMENDATION_FIELDS = ("text", "priority", "lead_actor", "supporting_actors", "timeframe", "cost_band")
ACTION_FIELDS = ("recommendation_id", "activity", "owner", "start_date", "due_date", "indicator", "status")


class PlanningService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    # -- shared ---------------------------------------------------------------------------
    def _item_of_review(self, review: m.Review, item_id: str | None) -> str | None:
        if item_id is None:
            return None
        if not self.ctx.catalog.has_item(item_id) or self.ctx.catalog.item(item_id).framework_id not in {
            p.pack_id for p in review.packs
        }:
            raise ValidationError(f"Item {item_id!r} is not part of this review's frameworks.")
        return item_id

    def _row(self, s, model, row_id: int, what: str):
        row = s.get(model, row_id)
        if row is None:
            raise NotFoundError(f"{what} {row_id} does not exist.")
        self.ctx.check(row.review_id, "plan.edit")
        return row

    def _update(self, model, row_id: int, what: str, fields: tuple[str, ...], changes: dict[str, Any],
                entity: str, convert, item_ids: list[str] | None = None):
        with self.ctx.workspace.unit_of_work() as s:
            row = self._row(s, model, row_id, what)
            review = get_review(s, row.review_id)
            if "item_id" in changes:
                changes["item_id"] = self._item_of_review(review, changes["item_id"])
            if changes.get("recommendation_id") is not None:
                rec = s.get(m.Recommendation, changes["recommendation_id"])
                if rec is None or rec.review_id != row.review_id:
                    raise ValidationError("The recommendation belongs to another review.")
            before = snapshot(row, fields)
            for key, value in changes.items():
                setattr(row, key, value)
            start, due = getattr(row, "start_date", None), getattr(row, "due_date", None)
            if start and due and due < start:
                raise ValidationError("The action is due before it starts.")
            if item_ids is not None:
                before["items"] = sorted(i.item_id for i in row.items)
                row.items = [m.RecommendationItem(item_id=i) for i in self._items(review, item_ids)]
            now = self.ctx.now()
            row.updated_at = now
            review.updated_at = now
            after = snapshot(row, fields)
            if item_ids is not None:
                after["items"] = sorted(item_ids)
            keys = [k for k in after if before.get(k) != after.get(k)]
            audit.record(s, at=now, actor=self.ctx.actor.name, action=f"{entity}.update", entity=entity,
                         review_uid=review.uid, entity_uid=row.uid, item_id=getattr(row, "item_id", None),
                         before={k: before[k] for k in keys}, after={k: after[k] for k in keys})
            s.flush()
            return convert(row)

    def _delete(self, model, row_id: int, what: str, fields: tuple[str, ...], entity: str) -> None:
        with self.ctx.workspace.unit_of_work() as s:
            row = self._row(s, model, row_id, what)
            review = get_review(s, row.review_id)
            now = self.ctx.now()
            audit.record(s, at=now, actor=self.ctx.actor.name, action=f"{entity}.delete", entity=entity,
                         review_uid=review.uid, entity_uid=row.uid, item_id=getattr(row, "item_id", None),
                         before=snapshot(row, fields))
            review.updated_at = now
            s.delete(row)

    def _items(self, review: m.Review, item_ids) -> list[str]:
        return [self._item_of_review(review, i) for i in dict.fromkeys(item_ids)]  # type: ignore[misc]

    # -- findings -------------------------------------------------------------------------
    def add_finding(self, review_id: int, *, statement: str, kind: str = "gap", item_id: str | None = None,
                    sensitive: bool = False) -> v.FindingView:
        self.ctx.check(review_id, "plan.edit")
        statement = clean_text(statement, "The finding", required=True)
        check_code(self.ctx, "finding_kind", kind)
        with self.ctx.workspace.unit_of_work() as s:
            review = get_review(s, review_id)
            now = self.ctx.now()
            row = m.Finding(review_id=review_id, item_id=self._item_of_review(review, item_id), kind=kind,
                            statement=statement, sensitive=bool(sensitive), created_at=now, updated_at=now)
            s.add(row)
            s.flush()
            review.updated_at = now
            audit.record(s, at=now, actor=self.ctx.actor.name, action="finding.add", entity="finding",
                         review_uid=review.uid, entity_uid=row.uid, item_id=item_id, after=snapshot(row, FINDING_FIELDS))
            s.flush()
            return finding_view(row)

    def update_finding(self, finding_id: int, **changes: Any) -> v.FindingView:
        unknown = set(changes) - set(FINDING_FIELDS)
        if unknown:
            raise ValidationError(f"Unknown finding fields: {sorted(unknown)}.")
        if "statement" in changes:
            changes["statement"] = clean_text(changes["statement"], "The finding", required=True)
        if "kind" in changes:
            check_code(self.ctx, "finding_kind", changes["kind"])
        if "sensitive" in changes:
            changes["sensitive"] = bool(changes["sensitive"])
        return self._update(m.Finding, finding_id, "Finding", FINDING_FIELDS, changes, "finding", finding_view)

    def delete_finding(self, finding_id: int) -> None:
        self._delete(m.Finding, finding_id, "Finding", FINDING_FIELDS, "finding")

    def findings(self, review_id: int, item_id: str | None = None) -> list[v.FindingView]:
        self.ctx.check(review_id, "review.read")
        with self.ctx.workspace.read() as s:
            get_review(s, review_id)
            stmt = select(m.Finding).where(m.Finding.review_id == review_id).order_by(m.Finding.id)
            if item_id is not None:
                stmt = stmt.where(m.Finding.item_id == item_id)
            return [finding_view(f) for f in s.scalars(stmt)]

    # -- recommendations ------------------------------------------------------------------
    def _check_recommendation(self, changes: dict[str, Any]) -> None:
        if "text" in changes:
            changes["text"] = clean_text(changes["text"], "The recommendation", required=True)
        for key, vocab in (("priority", "priority"), ("timeframe", "timeframe"), ("cost_band", "cost_band")):
            if key in changes:
                check_code(self.ctx, vocab, changes[key])
        for key in ("lead_actor", "supporting_actors"):
            if key in changes:
                changes[key] = clean_text(changes[key], key.replace("_", " "), max_len=5000)

    def add_recommendation(self, review_id: int, *, text: str, priority: str = "medium", lead_actor: str = "",
                           supporting_actors: str = "", timeframe: str = "medium", cost_band: str = "medium",
                           item_ids: list[str] | tuple[str, ...] = ()) -> v.RecommendationView:
        self.ctx.check(review_id, "plan.edit")
        fields = {"text": text, "priority": priority, "lead_actor": lead_actor, "supporting_actors": supporting_actors,
                  "timeframe": timeframe, "cost_band": cost_band}
        self._check_recommendation(fields)
        with self.ctx.workspace.unit_of_work() as s:
            review = get_review(s, review_id)
            items = self._items(review, item_ids)
            now = self.ctx.now()
            row = m.Recommendation(review_id=review_id, created_at=now, updated_at=now, **fields)
            row.items = [m.RecommendationItem(item_id=i) for i in items]
            s.add(row)
            s.flush()
            review.updated_at = now
            audit.record(s, at=now, actor=self.ctx.actor.name, action="recommendation.add", entity="recommendation",
                         review_uid=review.uid, entity_uid=row.uid,
                         after=snapshot(row, RECOMMENDATION_FIELDS) | {"items": items})
            s.flush()
            return recommendation_view(row)

    def update_recommendation(self, recommendation_id: int, *, item_ids: list[str] | None = None,
                              **changes: Any) -> v.RecommendationView:
        unknown = set(changes) - set(RECOMMENDATION_FIELDS)
        if unknown:
            raise ValidationError(f"Unknown recommendation fields: {sorted(unknown)}.")
        self._check_recommendation(changes)
        return self._update(m.Recommendation, recommendation_id, "Recommendation", RECOMMENDATION_FIELDS, changes,
                            "recommendation", recommendation_view, item_ids=item_ids)

    def delete_recommendation(self, recommendation_id: int) -> None:
        self._delete(m.Recommendation, recommendation_id, "Recommendation", RECOMMENDATION_FIELDS, "recommendation")

    def recommendations(self, review_id: int, item_id: str | None = None) -> list[v.RecommendationView]:
        """Recommendations, highest priority first."""
        self.ctx.check(review_id, "review.read")
        order = {code: n for n, code in enumerate(self.ctx.catalog.vocabulary_codes("priority"))}
        with self.ctx.workspace.read() as s:
            get_review(s, review_id)
            stmt = select(m.Recommendation).where(m.Recommendation.review_id == review_id).order_by(m.Recommendation.id)
            if item_id is not None:
                stmt = stmt.join(m.RecommendationItem).where(m.RecommendationItem.item_id == item_id)
            rows = [recommendation_view(r) for r in s.scalars(stmt)]
        return sorted(rows, key=lambda r: (order.get(r.priority, 99), r.id))

    # -- action plan ----------------------------------------------------------------------
    def _check_action(self, changes: dict[str, Any]) -> None:
        if "activity" in changes:
            changes["activity"] = clean_text(changes["activity"], "The activity", required=True)
        for key in ("owner", "indicator"):
            if key in changes:
                changes[key] = clean_text(changes[key], key, max_len=5000)
        if "status" in changes:
            check_code(self.ctx, "action_status", changes["status"])
        for key in ("start_date", "due_date"):
            if key in changes and changes[key] is not None and not isinstance(changes[key], dt.date):
                raise ValidationError(f"{key.replace('_', ' ')} must be a date.")

    def add_action(self, review_id: int, *, activity: str, recommendation_id: int | None = None, owner: str = "",
                   start_date: dt.date | None = None, due_date: dt.date | None = None, indicator: str = "",
                   status: str = "not_started") -> v.ActionItemView:
        self.ctx.check(review_id, "plan.edit")
        fields = {"activity": activity, "owner": owner, "start_date": start_date, "due_date": due_date,
                  "indicator": indicator, "status": status}
        self._check_action(fields)
        if start_date and due_date and due_date < start_date:
            raise ValidationError("The action is due before it starts.")
        with self.ctx.workspace.unit_of_work() as s:
            review = get_review(s, review_id)
            if recommendation_id is not None:
                rec = s.get(m.Recommendation, recommendation_id)
                if rec is None or rec.review_id != review_id:
                    raise ValidationError("The recommendation belongs to another review.")
            now = self.ctx.now()
            row = m.ActionItem(review_id=review_id, recommendation_id=recommendation_id, created_at=now,
                               updated_at=now, **fields)
            s.add(row)
            s.flush()
            review.updated_at = now
            audit.record(s, at=now, actor=self.ctx.actor.name, action="action.add", entity="action",
                         review_uid=review.uid, entity_uid=row.uid, after=snapshot(row, ACTION_FIELDS))
            s.flush()
            return action_view(row)

    def update_action(self, action_id: int, **changes: Any) -> v.ActionItemView:
        unknown = set(changes) - set(ACTION_FIELDS)
        if unknown:
            raise ValidationError(f"Unknown action fields: {sorted(unknown)}.")
        self._check_action(changes)
        return self._update(m.ActionItem, action_id, "Action", ACTION_FIELDS, changes, "action", action_view)

    def delete_action(self, action_id: int) -> None:
        self._delete(m.ActionItem, action_id, "Action", ACTION_FIELDS, "action")

    def actions(self, review_id: int) -> list[v.ActionItemView]:
        self.ctx.check(review_id, "review.read")
        with self.ctx.workspace.read() as s:
            get_review(s, review_id)
            rows = s.scalars(select(m.ActionItem).where(m.ActionItem.review_id == review_id).order_by(m.ActionItem.id))
            return [action_view(a) for a in rows]
