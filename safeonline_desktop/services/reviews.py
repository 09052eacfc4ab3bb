"""Reviews: create, list, open, rename, edit, duplicate, archive and delete."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from safeonline_desktop.domain.content import LANGUAGES
from safeonline_desktop.domain.countries import is_country
from safeonline_desktop.errors import ValidationError
from safeonline_desktop.storage import audit
from safeonline_desktop.storage import models as m

from . import views as v
from .context import ServiceContext, check_code, clean_text
from .convert import get_review, participant_view, review_view, snapshot

REVIEW_FIELDS = ("country_code", "title", "period_start", "period_end", "scope", "status", "language")
_UNSET = object()


@dataclass(frozen=True)
class NewParticipant:
    name: str
    organisation: str = ""
    sector: str = "other"
    role: str = "assessor"
    consent_named: bool = False


class ReviewService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    # -- creating -------------------------------------------------------------------------
    def create(
        self,
        *,
        country_code: str,
        title: str,
        frameworks: list[str] | tuple[str, ...] | None = None,
        period_start: dt.date | None = None,
        period_end: dt.date | None = None,
        scope: str = "",
        language: str = "en",
        team: list[NewParticipant] | tuple[NewParticipant, ...] = (),
    ) -> v.ReviewView:
        """Create a review on the given frameworks (all shipped frameworks by default)."""
        self.ctx.check(None, "review.create")
        code = (country_code or "").strip().upper()
        if not is_country(code):
            raise ValidationError(f"{country_code!r} is not an ISO 3166 country code.")
        title = clean_text(title, "The title", required=True, max_len=500)
        scope = clean_text(scope, "The scope")
        if language not in LANGUAGES:
            raise ValidationError(f"Unknown language {language!r}; use one of {', '.join(LANGUAGES)}.")
        if period_start and period_end and period_end < period_start:
            raise ValidationError("The period ends before it starts.")
        chosen = list(frameworks) if frameworks else list(self.ctx.catalog.frameworks)
        if len(set(chosen)) != len(chosen):
            raise ValidationError("A framework was chosen twice.")
        for fw in chosen:
            if fw not in self.ctx.catalog.frameworks:
                raise ValidationError(
                    f"Unknown framework {fw!r}; available: {', '.join(self.ctx.catalog.frameworks)}."
                )
        for p in team:
            clean_text(p.name, "A participant's name", required=True, max_len=500)
            check_code(self.ctx, "sector", p.sector)
            check_code(self.ctx, "participant_role", p.role)
        now = self.ctx.now()
        with self.ctx.workspace.unit_of_work() as s:
            review = m.Review(
                country_code=code, title=title, period_start=period_start, period_end=period_end,
                scope=scope, status="draft", language=language, created_at=now, updated_at=now, origin="",
            )
            review.packs = [
                m.ReviewPack(pack_id=fw, pack_version=self.ctx.catalog.frameworks[fw].version, position=n)
                for n, fw in enumerate(chosen)
            ]
            s.add(review)
            s.flush()
            for p in team:
                s.add(m.Participant(review_id=review.id, name=p.name, organisation=clean_text(p.organisation, "organisation"),
                                    sector=p.sector, role=p.role, consent_named=p.consent_named, created_at=now))
            _on_created(self.ctx, s, review)
            audit.record(s, at=now, actor=self.ctx.actor.name, action="review.create", entity="review",
                         review_uid=review.uid, entity_uid=review.uid,
                         after=snapshot(review, REVIEW_FIELDS) | {"packs": chosen})
            s.flush()
            return review_view(review)

    # -- reading --------------------------------------------------------------------------
    def get(self, review_id: int) -> v.ReviewView:
        self.ctx.check(review_id, "review.read")
        with self.ctx.workspace.read() as s:
            return review_view(get_review(s, review_id))

    def find_by_uid(self, uid: str) -> v.ReviewView | None:
        with self.ctx.workspace.read() as s:
            r = s.scalar(select(m.Review).where(m.Review.uid == uid))
            return review_view(r) if r else None

    def list(self, *, include_archived: bool = False, query: str = "") -> list[v.ReviewListEntry]:
        """Reviews on this laptop with their progress, most recently changed first."""
        with self.ctx.workspace.read() as s:
            # packs in one query for all reviews, not one per review (the home list at start-up)
            stmt = (select(m.Review).options(selectinload(m.Review.packs))
                    .order_by(m.Review.updated_at.desc(), m.Review.id.desc()))
            if not include_archived:
                stmt = stmt.where(m.Review.archived_at.is_(None))
            reviews = list(s.scalars(stmt))
            rated = dict(
                s.execute(
                    select(m.Assessment.review_id, func.count())
                    .where(m.Assessment.status.is_not(None))
                    .group_by(m.Assessment.review_id)
                ).all()
            )
            out = []
            needle = query.casefold().strip()
            for r in reviews:
                view = review_view(r)
                if needle and needle not in (view.title + " " + view.country_code).casefold():
                    continue
                total = sum(
                    len(self.ctx.catalog.frameworks[p.pack_id].items)
                    for p in view.packs
                    if p.pack_id in self.ctx.catalog.frameworks
                )
                out.append(v.ReviewListEntry(view, total, rated.get(r.id, 0)))
            visible = getattr(self.ctx.policy, "visible_review_ids", None)
            if visible is not None:
                allowed = visible(self.ctx)
                if allowed is not None:
                    out = [e for e in out if e.review.id in allowed]
            return out

    def participants(self, review_id: int) -> list[v.ParticipantView]:
        self.ctx.check(review_id, "review.read")
        with self.ctx.workspace.read() as s:
            get_review(s, review_id)
            rows = s.scalars(select(m.Participant).where(m.Participant.review_id == review_id).order_by(m.Participant.id))
            return [participant_view(p) for p in rows]

    # -- changing -------------------------------------------------------------------------
    def update(
        self,
        review_id: int,
        *,
        title: str | object = _UNSET,
        country_code: str | object = _UNSET,
        period_start: dt.date | None | object = _UNSET,
        period_end: dt.date | None | object = _UNSET,
        scope: str | object = _UNSET,
        status: str | object = _UNSET,
        language: str | object = _UNSET,
    ) -> v.ReviewView:
        self.ctx.check(review_id, "review.edit")
        changes: dict[str, object] = {}
        if title is not _UNSET:
            changes["title"] = clean_text(title, "The title", required=True, max_len=500)  # type: ignore[arg-type]
        if country_code is not _UNSET:
            code = str(country_code).strip().upper()
            if not is_country(code):
                raise ValidationError(f"{country_code!r} is not an ISO 3166 country code.")
            changes["country_code"] = code
        if scope is not _UNSET:
            changes["scope"] = clean_text(scope, "The scope")  # type: ignore[arg-type]
        if status is not _UNSET:
            changes["status"] = check_code(self.ctx, "review_status", status)  # type: ignore[arg-type]
        if language is not _UNSET:
            if language not in LANGUAGES:
                raise ValidationError(f"Unknown language {language!r}.")
            changes["language"] = language
        if period_start is not _UNSET:
            changes["period_start"] = period_start
        if period_end is not _UNSET:
            changes["period_end"] = period_end
        with self.ctx.workspace.unit_of_work() as s:
            review = get_review(s, review_id)
            before = snapshot(review, REVIEW_FIELDS)
            for key, value in changes.items():
                setattr(review, key, value)
            if review.period_start and review.period_end and review.period_end < review.period_start:
                raise ValidationError("The period ends before it starts.")
            review.updated_at = self.ctx.now()
            after = snapshot(review, REVIEW_FIELDS)
            audit.record(s, at=review.updated_at, actor=self.ctx.actor.name, action="review.update", entity="review",
                         review_uid=review.uid, entity_uid=review.uid,
                         before={k: before[k] for k in changes}, after={k: after[k] for k in changes})
            s.flush()
            return review_view(review)

    def rename(self, review_id: int, title: str) -> v.ReviewView:
        return self.update(review_id, title=title)

    def archive(self, review_id: int) -> v.ReviewView:
        return self._set_archived(review_id, True)

    def unarchive(self, review_id: int) -> v.ReviewView:
        return self._set_archived(review_id, False)

    def _set_archived(self, review_id: int, archived: bool) -> v.ReviewView:
        self.ctx.check(review_id, "review.manage")
        with self.ctx.workspace.unit_of_work() as s:
            review = get_review(s, review_id)
            now = self.ctx.now()
            review.archived_at = now if archived else None
            review.updated_at = now
            audit.record(s, at=now, actor=self.ctx.actor.name, action="review.archive" if archived else "review.unarchive",
                         entity="review", review_uid=review.uid, entity_uid=review.uid)
            s.flush()
            return review_view(review)

    def delete(self, review_id: int) -> None:
        """Delete a review and everything in it. Its audit entries are kept. Attached files no
        longer used by any review are removed after the deletion is committed."""
        self.ctx.check(review_id, "review.manage")
        with self.ctx.workspace.unit_of_work() as s:
            review = get_review(s, review_id)
            hashes = set(s.scalars(select(m.Evidence.file_sha256).where(
                m.Evidence.review_id == review_id, m.Evidence.file_sha256.is_not(None))))
            audit.record(s, at=self.ctx.now(), actor=self.ctx.actor.name, action="review.delete", entity="review",
                         review_uid=review.uid, entity_uid=review.uid, before=snapshot(review, REVIEW_FIELDS))
            s.delete(review)
        self._collect_files(hashes)

    def _collect_files(self, hashes: set[str]) -> None:
        if not hashes:
            return
        with self.ctx.workspace.read() as s:
            still_used = set(s.scalars(select(m.Evidence.file_sha256).where(m.Evidence.file_sha256.in_(hashes))))
        for sha in hashes - still_used:
            self.ctx.files.remove(sha)

    def duplicate(self, review_id: int, title: str | None = None) -> v.ReviewView:
        """A full copy (assessments, evidence and links, findings, recommendations, action
        plan, participants) under a new identity; attached files are shared, not copied."""
        self.ctx.check(review_id, "review.read")
        self.ctx.check(None, "review.create")
        with self.ctx.workspace.unit_of_work() as s:
            src = get_review(s, review_id)
            now = self.ctx.now()
            new_title = clean_text(title, "The title", required=True, max_len=500) if title else f"{src.title} (copy)"
            dst = m.Review(country_code=src.country_code, title=new_title, period_start=src.period_start,
                           period_end=src.period_end, scope=src.scope, status="draft", language=src.language,
                           created_at=now, updated_at=now, origin="")
            dst.packs = [m.ReviewPack(pack_id=p.pack_id, pack_version=p.pack_version, position=p.position)
                         for p in src.packs]
            s.add(dst)
            s.flush()
            copy_review_contents(s, src.id, dst.id, now)
            _on_created(self.ctx, s, dst)
            audit.record(s, at=now, actor=self.ctx.actor.name, action="review.duplicate", entity="review",
                         review_uid=dst.uid, entity_uid=dst.uid, before={"source_uid": src.uid},
                         after=snapshot(dst, REVIEW_FIELDS))
            s.flush()
            return review_view(dst)


def _on_created(ctx: ServiceContext, s, review: m.Review) -> None:
    """Let the access policy act on a new review in its transaction (workshop mode puts the
    creating profile on the review's team)."""
    hook = getattr(ctx.policy, "review_created", None)
    if hook is not None:
        hook(ctx, s, review)


def copy_review_contents(s, src_id: int, dst_id: int, now: dt.datetime) -> None:
    """Copy every child row of review ``src_id`` to review ``dst_id`` with new identities."""
    for p in s.scalars(select(m.Participant).where(m.Participant.review_id == src_id)):
        s.add(m.Participant(review_id=dst_id, name=p.name, organisation=p.organisation, sector=p.sector,
                            role=p.role, consent_named=p.consent_named, created_at=now))
    for a in s.scalars(select(m.Assessment).where(m.Assessment.review_id == src_id)):
        s.add(m.Assessment(review_id=dst_id, item_id=a.item_id, status=a.status, phase=a.phase,
                           confidence=a.confidence, rationale=a.rationale, notes=a.notes,
                           questions_done=list(a.questions_done or []), updated_by=a.updated_by,
                           created_at=now, updated_at=a.updated_at))
    for e in s.scalars(select(m.Evidence).where(m.Evidence.review_id == src_id)):
        copy = m.Evidence(review_id=dst_id, title=e.title, evidence_type=e.evidence_type, citation=e.citation,
                          document_date=e.document_date, provided_by=e.provided_by, sensitive=e.sensitive,
                          file_sha256=e.file_sha256, file_name=e.file_name, file_size=e.file_size,
                          created_at=now, updated_at=now)
        copy.links = [m.EvidenceLink(item_id=link.item_id) for link in e.links]
        s.add(copy)
    for f in s.scalars(select(m.Finding).where(m.Finding.review_id == src_id)):
        s.add(m.Finding(review_id=dst_id, item_id=f.item_id, kind=f.kind, statement=f.statement,
                        sensitive=f.sensitive, created_at=now, updated_at=now))
    rec_map: dict[int, m.Recommendation] = {}
    for r in s.scalars(select(m.Recommendation).where(m.Recommendation.review_id == src_id)):
        copy_r = m.Recommendation(review_id=dst_id, text=r.text, priority=r.priority, lead_actor=r.lead_actor,
                                  supporting_actors=r.supporting_actors, timeframe=r.timeframe,
                                  cost_band=r.cost_band, created_at=now, updated_at=now)
        copy_r.items = [m.RecommendationItem(item_id=i.item_id) for i in r.items]
        s.add(copy_r)
        rec_map[r.id] = copy_r
    s.flush()
    for a in s.scalars(select(m.ActionItem).where(m.ActionItem.review_id == src_id)):
        s.add(m.ActionItem(review_id=dst_id,
                           recommendation_id=rec_map[a.recommendation_id].id if a.recommendation_id in rec_map else None,
                           activity=a.activity, owner=a.owner, start_date=a.start_date, due_date=a.due_date,
                           indicator=a.indicator, status=a.status, created_at=now, updated_at=now))
