"""What a review file holds: one declarative list of tables and fields.

The writer, the reader, the published JSON Schema (``docs/review-file.schema.json``), the
round-trip test and the merge all work from :data:`SECTIONS`. To carry a new table or field:

1. add a :class:`Section` (or a field name to an existing one) below, with ``since`` set to
   the new :data:`FORMAT_VERSION`;
2. raise :data:`FORMAT_VERSION` by one (older files stay readable: what they lack gets the
   column's default);
3. regenerate the published schema (``python -m safeonline_desktop.exchange``); a test
   fails until the file in ``docs/`` matches.

Column types, lengths and nullability are read from the SQLAlchemy models, so a field is one
word here. Rows belong to the review through their ``review_id`` column; rows that hang off
another row (evidence links, a recommendation's items) are a :class:`ChildList` of it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from safeonline_desktop.storage import models as m

#: Version of the file layout and of ``review.json``. Files with a higher number are refused.
FORMAT_VERSION = 1
#: First line of defence against a file of another kind.
FORMAT_NAME = "safeonline-review"


@dataclass(frozen=True)
class Ref:
    """A foreign key to a row of another section, written as that row's key (its uid)."""

    column: str  #: FK column of this table, e.g. ``recommendation_id``
    name: str  #: field name in the file, e.g. ``recommendation_uid``
    section: str  #: the section the target row is in (must come earlier in SECTIONS)


@dataclass(frozen=True)
class ChildList:
    """Rows that only hold one value for their parent (e.g. the items a document supports)."""

    name: str  #: field name in the file
    relationship: str  #: ORM relationship on the parent model
    model: type
    value: str  #: the child's column holding the value
    item_ids: bool = True  #: the values are checklist item ids (checked against the catalogue)
    #: The values are ids of rows of this section, written as those rows' keys (e.g. who attended).
    ref: str | None = None


@dataclass(frozen=True)
class Section:
    name: str
    model: type
    fields: tuple[str, ...]
    #: Identity of a row across laptops: ``uid`` (or ``item_id`` for assessments, one per item).
    key: str = "uid"
    refs: tuple[Ref, ...] = ()
    children: tuple[ChildList, ...] = ()
    #: Fields holding checklist item ids (must exist and belong to the review's frameworks).
    item_fields: tuple[str, ...] = ()
    #: Field -> vocabulary name, or ``scale:<id>`` for rating scales.
    codes: Mapping[str, str] = field(default_factory=dict)
    #: Merge, "keep both": ``append`` my row keeps its values and gets their ``append`` text
    #: fields added with a provenance line; ``duplicate`` keeps mine and adds theirs as a new row.
    both: str = "duplicate"
    append: tuple[str, ...] = ()
    #: Fields a redacted file leaves empty; when merging a redacted file they are not compared
    #: and never overwrite what this workspace has.
    redactable: tuple[str, ...] = ()
    #: JSON Schema for fields whose column type says too little (JSON columns).
    schema: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    #: Fields that describe who/when rather than content: written, but not compared in a merge.
    meta: tuple[str, ...] = ("uid", "created_at", "updated_at", "updated_by")
    since: int = 1
    field_since: Mapping[str, int] = field(default_factory=dict)

    def compared(self) -> tuple[str, ...]:
        return tuple(f for f in self.fields if f not in self.meta)

    def version_of(self, name: str) -> int:
        return self.field_since.get(name, self.since)


#: The review row itself. ``origin`` is local (where this laptop got the review) and not written.
REVIEW = Section(
    name="review",
    model=m.Review,
    fields=("uid", "country_code", "title", "period_start", "period_end", "scope", "status", "language",
            "created_at", "updated_at", "archived_at"),
    codes={"status": "review_status"},
    both="append",
    append=("scope",),
    meta=("uid", "created_at", "updated_at", "archived_at"),
)

#: The frameworks the review uses, each at the version it was made with.
PACKS = Section(name="packs", model=m.ReviewPack, fields=("pack_id", "pack_version", "position"), key="pack_id")

_ITEMS = ChildList("items", "items", m.RecommendationItem, "item_id")
_PARTICIPANT = Ref("participant_id", "participant_uid", "participants")
_SESSION = Ref("session_id", "session_uid", "sessions")
_RECORDED = ("uid", "created_at", "updated_at", "recorded_by")

SECTIONS: tuple[Section, ...] = (
    Section(
        name="participants",
        model=m.Participant,
        fields=("uid", "name", "organisation", "sector", "role", "consent_named", "created_at"),
        codes={"sector": "sector", "role": "participant_role"},
        redactable=("name",),
    ),
    # -- workshop mode (issue 6) ------------------------------------------------------------
    Section(
        name="sessions",
        model=m.WorkshopSession,
        fields=("uid", "kind", "title", "held_on", "location", "notes", "created_at", "updated_at"),
        children=(ChildList("attendance", "attendance", m.SessionAttendance, "participant_id", item_ids=False,
                            ref="participants"),),
        codes={"kind": "session_kind"},
        redactable=("notes",),
    ),
    Section(
        name="assessments",
        model=m.Assessment,
        fields=("item_id", "status", "phase", "confidence", "rationale", "notes", "questions_done",
                "updated_by", "created_at", "updated_at"),
        key="item_id",
        item_fields=("item_id",),
        codes={"status": "scale:status", "phase": "scale:mnr_phase", "confidence": "scale:confidence"},
        both="append",
        append=("rationale", "notes"),
        redactable=("rationale", "notes", "updated_by"),
        schema={"questions_done": {"type": "array", "maxItems": 500, "items": {"type": "string", "maxLength": 64}}},
    ),
    Section(
        name="evidence",
        model=m.Evidence,
        fields=("uid", "title", "evidence_type", "citation", "document_date", "provided_by", "sensitive",
                "file_sha256", "file_name", "file_size", "created_at", "updated_at"),
        refs=(_PARTICIPANT,),
        children=(ChildList("items", "links", m.EvidenceLink, "item_id"),),
        codes={"evidence_type": "evidence_type"},
        redactable=("provided_by",),
    ),
    Section(
        name="findings",
        model=m.Finding,
        fields=("uid", "item_id", "kind", "statement", "sensitive", "created_at", "updated_at"),
        item_fields=("item_id",),
        codes={"kind": "finding_kind"},
    ),
    Section(
        name="recommendations",
        model=m.Recommendation,
        fields=("uid", "text", "priority", "lead_actor", "supporting_actors", "timeframe", "cost_band",
                "created_at", "updated_at"),
        children=(_ITEMS,),
        codes={"priority": "priority", "timeframe": "timeframe", "cost_band": "cost_band"},
    ),
    Section(
        name="actions",
        model=m.ActionItem,
        fields=("uid", "activity", "owner", "start_date", "due_date", "indicator", "status",
                "created_at", "updated_at"),
        refs=(Ref("recommendation_id", "recommendation_uid", "recommendations"),),
        codes={"status": "action_status"},
    ),
    Section(
        name="item_notes",
        model=m.ItemNote,
        fields=("uid", "item_id", "text", "organisation", "recorded_by", "created_at", "updated_at"),
        refs=(_PARTICIPANT, _SESSION),
        item_fields=("item_id",),
        meta=_RECORDED,
    ),
    Section(
        name="rating_proposals",
        model=m.RatingProposal,
        fields=("uid", "item_id", "organisation", "sector", "status", "comment", "recorded_by", "created_at",
                "updated_at"),
        refs=(_PARTICIPANT, _SESSION),
        item_fields=("item_id",),
        codes={"sector": "sector", "status": "scale:status"},
        meta=_RECORDED,
        redactable=("comment", "recorded_by"),
    ),
    Section(
        name="item_consensus",
        model=m.ItemConsensus,
        fields=("item_id", "self_assessment", "self_assessment_source", "agreed_status", "agreed_by", "agreed_at",
                "updated_at"),
        key="item_id",
        refs=(_SESSION,),
        item_fields=("item_id",),
        codes={"self_assessment": "scale:status", "agreed_status": "scale:status"},
        both="append",  # nothing to append: "keep both" keeps mine
        meta=("updated_at", "agreed_by", "agreed_at"),
        redactable=("agreed_by",),
    ),
    Section(
        name="dissents",
        model=m.Dissent,
        fields=("uid", "item_id", "organisation", "sector", "reason", "agreed_status", "proposed_status",
                "recorded_by", "created_at", "updated_at"),
        refs=(_PARTICIPANT, _SESSION),
        item_fields=("item_id",),
        codes={"sector": "sector", "agreed_status": "scale:status", "proposed_status": "scale:status"},
        meta=_RECORDED,
    ),
)

#: Tables that belong to a review but stay on this laptop, with the reason (a test checks that
#: every other table of a review is carried).
NOT_CARRIED = {
    "review_team": "who may open the review on this laptop; profiles are local to a laptop",
}

#: The review's audit history travels with it (left out of redacted files: it holds old values).
AUDIT_FIELDS = ("at", "actor", "action", "entity", "entity_uid", "item_id", "before", "after")


def section(name: str) -> Section:
    for s in (REVIEW, PACKS, *SECTIONS):
        if s.name == name:
            return s
    raise KeyError(name)


def spec_model(name: str) -> type:
    return section(name).model


def _check_spec() -> None:
    """Catch mistakes in the list above when the module is imported (a developer error)."""
    seen: set[str] = set()
    for sec in SECTIONS:
        columns = sec.model.__table__.c
        for name in sec.fields:
            if name not in columns:
                raise RuntimeError(f"exchange spec: {sec.model.__name__} has no column {name!r}")
        if sec.key not in sec.fields:
            raise RuntimeError(f"exchange spec: the key {sec.key!r} of {sec.name} is not among its fields")
        if "review_id" not in columns:
            raise RuntimeError(f"exchange spec: {sec.name} rows have no review_id; make them a ChildList")
        for target in [r.section for r in sec.refs] + [c.ref for c in sec.children if c.ref]:
            if target not in seen:
                raise RuntimeError(f"exchange spec: {sec.name} refers to {target}, which is not an earlier section")
            if "id" not in spec_model(target).__table__.c:
                raise RuntimeError(f"exchange spec: {sec.name} refers to {target}, whose rows have no id")
        seen.add(sec.name)


_check_spec()
