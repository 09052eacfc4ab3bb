"""SQLAlchemy 2.x tables of the workspace database.

The schema is created and changed only by the alembic revisions in ``migrations/``; a test
checks that these models and the migrated schema agree.
"""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column, relationship

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def new_uid() -> str:
    return str(uuid.uuid4())


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class WorkspaceMeta(Base):
    """Key/value facts about this workspace (its id, the laptop's label)."""

    __tablename__ = "workspace_meta"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class Review(Base):
    __tablename__ = "reviews"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uid)
    country_code: Mapped[str] = mapped_column(String(2))
    title: Mapped[str] = mapped_column(Text)
    period_start: Mapped[dt.date | None] = mapped_column(Date)
    period_end: Mapped[dt.date | None] = mapped_column(Date)
    scope: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(32), default="draft")
    language: Mapped[str] = mapped_column(String(8), default="en")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    archived_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    #: Where the review came from when imported: the exporting laptop's label and file name.
    origin: Mapped[str] = mapped_column(Text, default="")

    packs: Mapped[list[ReviewPack]] = relationship(
        back_populates="review", cascade="all, delete-orphan", order_by="ReviewPack.position"
    )


class ReviewPack(Base):
    """A content pack (framework) a review uses, at the version it was made with."""

    __tablename__ = "review_packs"
    review_id: Mapped[int] = mapped_column(ForeignKey("reviews.id", ondelete="CASCADE"), primary_key=True)
    pack_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    pack_version: Mapped[str] = mapped_column(String(32))
    position: Mapped[int] = mapped_column(Integer, default=0)
    review: Mapped[Review] = relationship(back_populates="packs")


class Participant(Base):
    __tablename__ = "participants"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uid)
    review_id: Mapped[int] = mapped_column(ForeignKey("reviews.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(Text)
    organisation: Mapped[str] = mapped_column(Text, default="")
    sector: Mapped[str] = mapped_column(String(32), default="other")
    role: Mapped[str] = mapped_column(String(32), default="informant")
    consent_named: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class Assessment(Base):
    """The review's judgement on one checklist item."""

    __tablename__ = "assessments"
    __table_args__ = (UniqueConstraint("review_id", "item_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("reviews.id", ondelete="CASCADE"), index=True)
    item_id: Mapped[str] = mapped_column(String(32))
    status: Mapped[str | None] = mapped_column(String(32))
    phase: Mapped[str | None] = mapped_column(String(32))
    confidence: Mapped[str | None] = mapped_column(String(32))
    rationale: Mapped[str] = mapped_column(Text, default="")
    #: Working notes; sensitive: hidden in presentation view and left out of redacted exports.
    notes: Mapped[str] = mapped_column(Text, default="")
    questions_done: Mapped[list[str]] = mapped_column(JSON, default=list)
    updated_by: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class Evidence(Base):
    __tablename__ = "evidence"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uid)
    review_id: Mapped[int] = mapped_column(ForeignKey("reviews.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(Text)
    evidence_type: Mapped[str] = mapped_column(String(32), default="other")
    citation: Mapped[str] = mapped_column(Text, default="")
    document_date: Mapped[dt.date | None] = mapped_column(Date)
    provided_by: Mapped[str] = mapped_column(Text, default="")
    sensitive: Mapped[bool] = mapped_column(Boolean, default=False)
    #: The attached file, stored opaque under ``evidence/`` by its SHA-256.
    file_sha256: Mapped[str | None] = mapped_column(String(64), index=True)
    file_name: Mapped[str | None] = mapped_column(Text)
    file_size: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    #: The participant who contributed it (workshop mode); ``provided_by`` names the organisation.
    participant_id: Mapped[int | None] = mapped_column(
        ForeignKey("participants.id", ondelete="SET NULL"), index=True
    )

    links: Mapped[list[EvidenceLink]] = relationship(back_populates="evidence", cascade="all, delete-orphan")


class EvidenceLink(Base):
    __tablename__ = "evidence_links"
    evidence_id: Mapped[int] = mapped_column(ForeignKey("evidence.id", ondelete="CASCADE"), primary_key=True)
    item_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    evidence: Mapped[Evidence] = relationship(back_populates="links")


class Finding(Base):
    __tablename__ = "findings"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uid)
    review_id: Mapped[int] = mapped_column(ForeignKey("reviews.id", ondelete="CASCADE"), index=True)
    item_id: Mapped[str | None] = mapped_column(String(32))
    kind: Mapped[str] = mapped_column(String(32), default="gap")
    statement: Mapped[str] = mapped_column(Text)
    sensitive: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class Recommendation(Base):
    __tablename__ = "recommendations"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uid)
    review_id: Mapped[int] = mapped_column(ForeignKey("reviews.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(Text)
    priority: Mapped[str] = mapped_column(String(32), default="medium")
    lead_actor: Mapped[str] = mapped_column(Text, default="")
    supporting_actors: Mapped[str] = mapped_column(Text, default="")
    timeframe: Mapped[str] = mapped_column(String(32), default="medium")
    cost_band: Mapped[str] = mapped_column(String(32), default="medium")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    items: Mapped[list[RecommendationItem]] = relationship(
        back_populates="recommendation", cascade="all, delete-orphan"
    )


class RecommendationItem(Base):
    __tablename__ = "recommendation_items"
    recommendation_id: Mapped[int] = mapped_column(
        ForeignKey("recommendations.id", ondelete="CASCADE"), primary_key=True
    )
    item_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    recommendation: Mapped[Recommendation] = relationship(back_populates="items")


class ActionItem(Base):
    __tablename__ = "action_items"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uid)
    review_id: Mapped[int] = mapped_column(ForeignKey("reviews.id", ondelete="CASCADE"), index=True)
    recommendation_id: Mapped[int | None] = mapped_column(
        ForeignKey("recommendations.id", ondelete="SET NULL"), index=True
    )
    activity: Mapped[str] = mapped_column(Text)
    owner: Mapped[str] = mapped_column(Text, default="")
    start_date: Mapped[dt.date | None] = mapped_column(Date)
    due_date: Mapped[dt.date | None] = mapped_column(Date)
    indicator: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(32), default="not_started")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class AuditEntry(Base):
    """One change to the workspace. Kept when the review it concerns is deleted."""

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_review_item", "review_uid", "item_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    actor: Mapped[str] = mapped_column(Text, default="")
    action: Mapped[str] = mapped_column(String(64))
    review_uid: Mapped[str | None] = mapped_column(String(36))
    entity: Mapped[str] = mapped_column(String(32))
    entity_uid: Mapped[str | None] = mapped_column(String(64))
    item_id: Mapped[str | None] = mapped_column(String(32))
    before: Mapped[dict | None] = mapped_column(JSON)
    after: Mapped[dict | None] = mapped_column(JSON)
    #: Hash chain (storage/audit.py): ``hash`` is SHA-256 over the entry's fields and ``prev_hash``.
    prev_hash: Mapped[str] = mapped_column(String(64), default="")
    hash: Mapped[str] = mapped_column(String(64), default="")


# -- workshop mode (issue 6): profiles, teams, sessions, attributed contributions, consensus ------


class Profile(Base):
    """A reviewer who signs in on a shared laptop. Only a memory-hard hash of the passphrase is kept."""

    __tablename__ = "profiles"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uid)
    name: Mapped[str] = mapped_column(Text)
    #: ``name`` folded for comparison, so that "Ana" and "ana" cannot both exist.
    name_key: Mapped[str] = mapped_column(String(200), unique=True)
    role: Mapped[str] = mapped_column(String(32))
    #: PHC-style string: ``$argon2id$v=19$m=...,t=...,p=...$salt$hash`` (or ``$scrypt$...``).
    passphrase_hash: Mapped[str] = mapped_column(Text)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[dt.datetime | None] = mapped_column(DateTime)
    last_sign_in_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class ReviewTeamMember(Base):
    """A profile that may open a review. A review is open only to its team."""

    __tablename__ = "review_team"
    review_id: Mapped[int] = mapped_column(ForeignKey("reviews.id", ondelete="CASCADE"), primary_key=True)
    profile_id: Mapped[int] = mapped_column(ForeignKey("profiles.id", ondelete="CASCADE"), primary_key=True, index=True)
    added_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class WorkshopSession(Base):
    """A dated workshop, interview, site visit or validation meeting of a review."""

    __tablename__ = "workshop_sessions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uid)
    review_id: Mapped[int] = mapped_column(ForeignKey("reviews.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(32), default="workshop")
    title: Mapped[str] = mapped_column(Text)
    held_on: Mapped[dt.date | None] = mapped_column(Date)
    location: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    attendance: Mapped[list[SessionAttendance]] = relationship(cascade="all, delete-orphan")


class SessionAttendance(Base):
    __tablename__ = "session_attendance"
    session_id: Mapped[int] = mapped_column(ForeignKey("workshop_sessions.id", ondelete="CASCADE"), primary_key=True)
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participants.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class AttributedMixin:
    """Columns of what a workshop records on an item with who said it (a participant, or only
    an organisation) and in which session: notes, rating proposals and dissents. Migration 0002
    created the three tables with these columns, so they must stay as they are; ``sort_order``
    keeps each table's own columns between the leading and the trailing ones, where 0002 put them."""

    id: Mapped[int] = mapped_column(Integer, primary_key=True, sort_order=-10)
    uid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uid, sort_order=-10)
    review_id: Mapped[int] = mapped_column(ForeignKey("reviews.id", ondelete="CASCADE"), sort_order=-10)
    item_id: Mapped[str] = mapped_column(String(32), sort_order=-10)
    participant_id: Mapped[int | None] = mapped_column(ForeignKey("participants.id", ondelete="SET NULL"), index=True,
                                                       sort_order=-5)
    #: The agency or stakeholder group (copied from the participant when one is named).
    organisation: Mapped[str] = mapped_column(Text, default="", sort_order=-5)
    session_id: Mapped[int | None] = mapped_column(ForeignKey("workshop_sessions.id", ondelete="SET NULL"), index=True,
                                                   sort_order=10)
    recorded_by: Mapped[str] = mapped_column(Text, default="", sort_order=10)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, sort_order=10)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, sort_order=10)

    @declared_attr.directive
    def __table_args__(cls) -> tuple:
        return (Index(f"ix_{cls.__tablename__}_review_item", "review_id", "item_id"),)


class ItemNote(AttributedMixin, Base):
    """A note on an item, attributed to the participant or organisation it came from."""

    __tablename__ = "item_notes"
    text: Mapped[str] = mapped_column(Text, sort_order=-6)


class RatingProposal(AttributedMixin, Base):
    """The status level an agency, stakeholder group or participant proposes for an item."""

    __tablename__ = "rating_proposals"
    sector: Mapped[str | None] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(32))
    comment: Mapped[str] = mapped_column(Text, default="")


class ItemConsensus(Base):
    """Per item: the national self-assessment rating, and how the validated rating was agreed.

    The validated rating itself is the assessment's ``status``; ``agreed_status`` keeps the level
    agreed in the room, so a later change of the rating shows.
    """

    __tablename__ = "item_consensus"
    review_id: Mapped[int] = mapped_column(ForeignKey("reviews.id", ondelete="CASCADE"), primary_key=True)
    item_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    self_assessment: Mapped[str | None] = mapped_column(String(32))
    self_assessment_source: Mapped[str] = mapped_column(Text, default="")
    agreed_status: Mapped[str | None] = mapped_column(String(32))
    agreed_by: Mapped[str] = mapped_column(Text, default="")
    agreed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    session_id: Mapped[int | None] = mapped_column(ForeignKey("workshop_sessions.id", ondelete="SET NULL"), index=True)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class Dissent(AttributedMixin, Base):
    """Disagreement with an item's agreed rating: who dissented and why."""

    __tablename__ = "dissents"
    sector: Mapped[str | None] = mapped_column(String(32))
    reason: Mapped[str] = mapped_column(Text)
    #: The agreed level dissented from, and the level the dissenter holds (if they said).
    agreed_status: Mapped[str | None] = mapped_column(String(32))
    proposed_status: Mapped[str | None] = mapped_column(String(32))
