"""Immutable values the services return. No ORM object leaves a unit of work."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class PackUse:
    pack_id: str
    version: str


@dataclass(frozen=True)
class ParticipantView:
    id: int
    uid: str
    review_id: int
    name: str
    organisation: str
    sector: str
    role: str
    consent_named: bool


@dataclass(frozen=True)
class ReviewView:
    id: int
    uid: str
    country_code: str
    title: str
    period_start: dt.date | None
    period_end: dt.date | None
    scope: str
    status: str
    language: str
    created_at: dt.datetime
    updated_at: dt.datetime
    archived_at: dt.datetime | None
    origin: str
    packs: tuple[PackUse, ...]

    @property
    def archived(self) -> bool:
        return self.archived_at is not None

    @property
    def framework_ids(self) -> tuple[str, ...]:
        return tuple(p.pack_id for p in self.packs)

    def period_label(self) -> str:
        start = self.period_start.isoformat() if self.period_start else ""
        end = self.period_end.isoformat() if self.period_end else ""
        if start and end:
            return f"{start} – {end}"
        return start or end


@dataclass(frozen=True)
class ReviewListEntry:
    review: ReviewView
    items_total: int
    items_rated: int

    @property
    def progress(self) -> float:
        return self.items_rated / self.items_total if self.items_total else 0.0


@dataclass(frozen=True)
class AssessmentView:
    review_id: int
    item_id: str
    status: str | None = None
    phase: str | None = None
    confidence: str | None = None
    rationale: str = ""
    notes: str = ""
    questions_done: tuple[str, ...] = ()
    updated_by: str = ""
    updated_at: dt.datetime | None = None

    @property
    def is_empty(self) -> bool:
        return not (self.status or self.phase or self.confidence or self.rationale or self.notes or self.questions_done)


@dataclass(frozen=True)
class EvidenceView:
    id: int
    uid: str
    review_id: int
    title: str
    evidence_type: str
    citation: str
    document_date: dt.date | None
    provided_by: str
    sensitive: bool
    file_sha256: str | None
    file_name: str | None
    file_size: int | None
    item_ids: tuple[str, ...]
    created_at: dt.datetime


@dataclass(frozen=True)
class FindingView:
    id: int
    uid: str
    review_id: int
    item_id: str | None
    kind: str
    statement: str
    sensitive: bool
    created_at: dt.datetime


@dataclass(frozen=True)
class RecommendationView:
    id: int
    uid: str
    review_id: int
    text: str
    priority: str
    lead_actor: str
    supporting_actors: str
    timeframe: str
    cost_band: str
    item_ids: tuple[str, ...]
    created_at: dt.datetime


@dataclass(frozen=True)
class ActionItemView:
    id: int
    uid: str
    review_id: int
    recommendation_id: int | None
    activity: str
    owner: str
    start_date: dt.date | None
    due_date: dt.date | None
    indicator: str
    status: str
    created_at: dt.datetime


@dataclass(frozen=True)
class AuditView:
    id: int
    at: dt.datetime
    actor: str
    action: str
    entity: str
    entity_uid: str | None
    item_id: str | None
    before: dict | None
    after: dict | None


# Item states shown in the navigator.
NOT_STARTED = "not_started"
IN_PROGRESS = "in_progress"
RATED = "rated"
NEEDS_EVIDENCE = "needs_evidence"
ITEM_STATES = (NOT_STARTED, IN_PROGRESS, RATED, NEEDS_EVIDENCE)


@dataclass(frozen=True)
class ItemProgress:
    item_id: str
    state: str
    status: str | None
    evidence_count: int


@dataclass(frozen=True)
class DomainProgress:
    domain_id: str
    framework_id: str
    items: tuple[ItemProgress, ...]

    @property
    def total(self) -> int:
        return len(self.items)

    @property
    def rated(self) -> int:
        """Items with a status (including those that still need evidence)."""
        return sum(1 for i in self.items if i.state in (RATED, NEEDS_EVIDENCE))

    def count(self, state: str) -> int:
        return sum(1 for i in self.items if i.state == state)

    @property
    def fraction(self) -> float:
        return self.rated / self.total if self.total else 0.0


@dataclass(frozen=True)
class ReviewProgress:
    review_id: int
    domains: tuple[DomainProgress, ...]
    by_item: dict[str, ItemProgress] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(d.total for d in self.domains)

    @property
    def rated(self) -> int:
        return sum(d.rated for d in self.domains)

    def framework(self, framework_id: str) -> tuple[int, int]:
        ds = [d for d in self.domains if d.framework_id == framework_id]
        return sum(d.rated for d in ds), sum(d.total for d in ds)


@dataclass(frozen=True)
class DomainSummary:
    """Distribution of status ratings in one domain (WeProtect avoids a single country score,
    and so do we: there is no total)."""

    domain_id: str
    framework_id: str
    counts: dict[str, int]  # status code (and "unrated") -> number of items
    total: int
