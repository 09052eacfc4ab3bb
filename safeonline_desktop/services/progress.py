"""Progress through the checklists and the distribution of ratings per domain.

There is deliberately no single "country score": WeProtect does not rank or score countries,
and a total would hide the distribution that matters.
"""

from __future__ import annotations

from sqlalchemy import func, select

from safeonline_desktop.storage import models as m

from . import views as v
from .context import ServiceContext
from .convert import get_review

#: Ratings for which missing evidence does not matter: nothing to document.
_NO_EVIDENCE_NEEDED = {"not_applicable", "not_in_place"}
UNRATED = "unrated"


def item_state(assessment: v.AssessmentView | None, evidence_count: int) -> str:
    if assessment is None or assessment.is_empty:
        return v.NOT_STARTED
    if assessment.status is None:
        return v.IN_PROGRESS
    if assessment.status == "insufficient_evidence":
        return v.NEEDS_EVIDENCE
    if evidence_count == 0 and assessment.status not in _NO_EVIDENCE_NEEDED:
        return v.NEEDS_EVIDENCE
    return v.RATED


class ProgressService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def _load(self, review_id: int):
        from .convert import assessment_view

        with self.ctx.workspace.read() as s:
            review = get_review(s, review_id)
            packs = [p.pack_id for p in review.packs]
            assessments = {
                a.item_id: assessment_view(a)
                for a in s.scalars(select(m.Assessment).where(m.Assessment.review_id == review_id))
            }
            counts = dict(
                s.execute(
                    select(m.EvidenceLink.item_id, func.count())
                    .join(m.Evidence)
                    .where(m.Evidence.review_id == review_id)
                    .group_by(m.EvidenceLink.item_id)
                ).all()
            )
        return packs, assessments, counts

    def progress(self, review_id: int) -> v.ReviewProgress:
        self.ctx.check(review_id, "review.read")
        packs, assessments, counts = self._load(review_id)
        domains = []
        by_item: dict[str, v.ItemProgress] = {}
        for pack_id in packs:
            fw = self.ctx.catalog.frameworks.get(pack_id)
            if fw is None:
                continue
            for d in fw.domains:
                items = []
                for item in d.items:
                    a = assessments.get(item.id)
                    n = counts.get(item.id, 0)
                    ip = v.ItemProgress(item.id, item_state(a, n), a.status if a else None, n)
                    items.append(ip)
                    by_item[item.id] = ip
                domains.append(v.DomainProgress(d.id, fw.id, tuple(items)))
        return v.ReviewProgress(review_id, tuple(domains), by_item)

    def summary(self, review_id: int) -> list[v.DomainSummary]:
        """Per domain: how many items sit at each status level (plus ``unrated``)."""
        progress = self.progress(review_id)
        codes = self.ctx.catalog.scales["status"].codes()
        out = []
        for d in progress.domains:
            counts = {code: 0 for code in codes}
            counts[UNRATED] = 0
            for ip in d.items:
                counts[ip.status if ip.status in counts else UNRATED] += 1
            out.append(v.DomainSummary(d.domain_id, d.framework_id, counts, d.total))
        return out
