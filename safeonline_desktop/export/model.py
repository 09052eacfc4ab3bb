"""The neutral report model: everything a review pack shows, already chosen, ordered, redacted
and translated into one language.

``services/reporting.py`` fills it from the services; ``xlsx.py`` and ``pdf.py`` only render it.
Nothing here reads the database or the content packs, so the writers can be tested (and
benchmarked) on a model built by hand.

Text fields hold exactly what the user typed (no escaping, no trimming); the writers decide
how to make it safe for their format.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

#: Pseudo-level for items that have no status yet (shown after the real scale levels).
UNRATED = "unrated"


@dataclass(frozen=True)
class Level:
    """A level of the status scale (or the "not rated" pseudo-level)."""

    code: str
    label: str
    colour: str  # "#rrggbb"
    description: str = ""
    rank: int | None = None


@dataclass(frozen=True)
class FrameworkInfo:
    id: str
    version: str
    title: str
    short_title: str
    publisher: str
    year: int
    wording_notice: str


@dataclass(frozen=True)
class DomainSummary:
    """Ratings in one domain: how many items sit at each level (``levels`` order)."""

    domain_id: str
    framework_id: str
    number: int
    name: str
    total: int
    rated: int
    counts: tuple[tuple[str, int], ...]  # (level code, number of items), every level incl. UNRATED

    @property
    def fraction(self) -> float:
        return self.rated / self.total if self.total else 0.0

    def count(self, code: str) -> int:
        return dict(self.counts).get(code, 0)


@dataclass(frozen=True)
class EvidenceRef:
    ref: str  # "E3"
    title: str


@dataclass(frozen=True)
class ItemEntry:
    """One checklist item with the review's judgement on it."""

    id: str
    code: str  # "C04"
    number: int
    name: str
    short_label: str
    status_code: str  # a level code or UNRATED
    status_label: str
    phase_label: str
    confidence_label: str
    state_label: str  # progress state: not started, in progress, rated, needs evidence
    rationale: str
    notes: str
    withheld: bool  # rationale and notes left out (sensitive item, redacted edition)
    questions_done: int
    questions_total: int
    evidence: tuple[EvidenceRef, ...]
    findings: tuple[str, ...]  # finding refs ("F2")
    updated_by: str = ""
    updated_at: dt.datetime | None = None


@dataclass(frozen=True)
class DomainSection:
    id: str
    number: int
    name: str
    outcome: str
    items: tuple[ItemEntry, ...]


@dataclass(frozen=True)
class FrameworkSection:
    framework: FrameworkInfo
    domains: tuple[DomainSection, ...]
    uses_phase: bool  # items are also rated in MNR maturity phases

    @property
    def items(self) -> tuple[ItemEntry, ...]:
        return tuple(i for d in self.domains for i in d.items)


@dataclass(frozen=True)
class EvidenceEntry:
    ref: str
    title: str
    type_label: str
    citation: str
    document_date: dt.date | None
    provided_by: str
    file_name: str
    sensitive: bool
    item_ids: tuple[str, ...]


@dataclass(frozen=True)
class FindingEntry:
    ref: str
    kind_code: str
    kind_label: str
    statement: str
    item_id: str  # "" for a finding about the review as a whole
    item_name: str
    sensitive: bool


@dataclass(frozen=True)
class RecommendationEntry:
    ref: str
    text: str
    priority_code: str
    priority_label: str
    lead_actor: str
    supporting_actors: str
    timeframe_label: str
    cost_label: str
    item_ids: tuple[str, ...]


@dataclass(frozen=True)
class ActionEntry:
    ref: str
    recommendation_ref: str
    activity: str
    owner: str
    start_date: dt.date | None
    due_date: dt.date | None
    indicator: str
    status_code: str
    status_label: str


@dataclass(frozen=True)
class ParticipantEntry:
    name: str  # "" when the name is withheld
    organisation: str
    sector_label: str
    role_label: str
    team: bool  # member of the review team (rather than a person consulted)


@dataclass(frozen=True)
class SectorCount:
    sector_label: str
    organisations: int
    participants: int


@dataclass(frozen=True)
class Redaction:
    """What a redacted edition left out (counts only), so readers know it is incomplete."""

    notes: int = 0
    evidence: int = 0
    findings: int = 0
    withheld_items: int = 0
    names: int = 0


@dataclass(frozen=True)
class ConsensusEntry:
    """Workshop mode: an item's national self-assessment beside its validated rating."""

    item_id: str
    item_code: str
    item_name: str
    self_label: str  # "" when no self-assessment was recorded
    validated_label: str
    difference: int | None  # scale steps from self-assessment to validated (negative: lower)
    proposals: int
    spread: int | None  # steps between the lowest and highest proposal
    dissents: int


@dataclass(frozen=True)
class DissentEntry:
    """Workshop mode: who disagreed with an item's agreed rating, and why."""

    item_id: str
    item_code: str
    item_name: str
    who: str  # named only with consent (never in a redacted edition); else the organisation
    reason: str
    agreed_label: str
    held_label: str  # the level the dissenter holds ("" if not said)


@dataclass(frozen=True)
class Choices:
    """Lists offered for validation in the workbook (labels in the report's language)."""

    status: tuple[str, ...] = ()
    action_status: tuple[str, ...] = ()
    priority: tuple[str, ...] = ()
    timeframe: tuple[str, ...] = ()
    cost_band: tuple[str, ...] = ()
    confidence: tuple[str, ...] = ()


@dataclass(frozen=True)
class ReportModel:
    language: str
    review_uid: str
    title: str
    country_code: str
    country: str
    period: str
    review_status: str
    scope: str
    generated_at: dt.datetime
    app_version: str
    content_versions: tuple[tuple[str, str], ...]  # ("Rating scales", "1.0"), ...
    frameworks: tuple[FrameworkInfo, ...]
    levels: tuple[Level, ...]  # status scale levels, then UNRATED
    summary: tuple[DomainSummary, ...]
    sections: tuple[FrameworkSection, ...]
    evidence: tuple[EvidenceEntry, ...]
    findings: tuple[FindingEntry, ...]
    recommendations: tuple[RecommendationEntry, ...]
    actions: tuple[ActionEntry, ...]
    participants: tuple[ParticipantEntry, ...]
    sectors: tuple[SectorCount, ...]
    redacted: bool = False
    redaction: Redaction = field(default_factory=Redaction)
    choices: Choices = field(default_factory=Choices)
    names_withheld: int = 0  # participants without consent to be named (never named)
    #: Workshop mode (services/workshop.py): self-assessment beside validated rating, and dissent.
    consensus: tuple[ConsensusEntry, ...] = ()
    dissents: tuple[DissentEntry, ...] = ()

    @property
    def items_total(self) -> int:
        return sum(d.total for d in self.summary)

    @property
    def items_rated(self) -> int:
        return sum(d.rated for d in self.summary)

    def level(self, code: str) -> Level:
        for level in self.levels:
            if level.code == code:
                return level
        raise KeyError(code)

    def item_name(self, item_id: str) -> str:
        for section in self.sections:
            for item in section.items:
                if item.id == item_id:
                    return item.name
        return item_id
