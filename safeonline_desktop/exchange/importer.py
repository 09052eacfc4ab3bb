"""From a verified review file to the workspace: the preview, the merge plan and the write.

A file whose review is not in the workspace is added whole. A file whose review *is* there
(the same review edited on another laptop) is merged row by row, each row found by its
identity (uid; an assessment by its item):

- a row only the file has is added; a row only this workspace has is kept (an import never
  deletes anything);
- equal content is left alone; if one side is empty (an unrated item), the other is taken;
- otherwise the *merge bases* decide, when there are: the content this workspace last
  received from the same source laptop, and the file's ``sync_base`` (each row as the source
  held it at its last export or import). If this workspace still has exactly a base, the file's
  newer content is taken; if the file still has exactly the first, or still has exactly its own
  ``sync_base`` and this workspace held that content before it changed it, this workspace's is
  kept (see :func:`_decide`).
- anything else is a **conflict**: both sides changed. The person chooses per conflict:
  ``mine``, ``theirs`` or ``both`` (assessments and the review keep my ratings and values and
  get their text appended under a provenance line; other rows keep mine and add theirs as a
  new row).

Who and when (``updated_by``, ``updated_at``) are shown but never compared. In a redacted
file, the fields redaction empties never overwrite anything.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from safeonline_desktop.domain.content import Catalog
from safeonline_desktop.errors import ImportRejected
from safeonline_desktop.i18n import tr
from safeonline_desktop.storage import audit as audit_log
from safeonline_desktop.storage import models as m

from . import identity, rows, spec
from .reader import VerifiedFile

MINE = "mine"
THEIRS = "theirs"
BOTH = "both"
CHOICES = (MINE, THEIRS, BOTH)

NEW = "new"
MERGE = "merge"
UP_TO_DATE = "up_to_date"

_ADD, _UPDATE, _KEEP, _SAME, _CONFLICT, _SKIP = "add", "update", "keep", "same", "conflict", "skip"


@dataclass(frozen=True)
class Conflict:
    """One row both sides changed: an item's assessment, a finding, the review's details..."""

    section: str
    key: str
    item_id: str | None
    fields: tuple[str, ...]  #: the fields whose values differ
    mine: dict[str, Any]
    theirs: dict[str, Any]
    mine_by: str
    mine_at: dt.datetime | None
    theirs_by: str
    theirs_at: dt.datetime | None

    @property
    def id(self) -> str:
        return f"{self.section}:{self.key}"


@dataclass(frozen=True)
class SectionCounts:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    kept: int = 0  #: this workspace's newer content kept
    conflicts: int = 0
    skipped: int = 0  #: deleted here since the source last sent them; not added again

    @property
    def changes(self) -> int:
        return self.added + self.updated


@dataclass(frozen=True)
class ImportPreview:
    """What importing a file would do. Built without writing anything."""

    file_name: str
    file_sha256: str
    file_size: int
    encrypted: bool
    format_version: int
    app_version: str
    created_at: dt.datetime
    source_id: str
    source_label: str
    redacted: bool
    review_uid: str
    country_code: str
    title: str
    period_start: dt.date | None
    period_end: dt.date | None
    packs: tuple[tuple[str, str], ...]
    action: str  #: NEW, MERGE or UP_TO_DATE
    existing_review_id: int | None
    counts: dict[str, SectionCounts]
    conflicts: tuple[Conflict, ...]
    evidence_files: int
    evidence_bytes: int
    new_evidence_files: int

    @property
    def has_conflicts(self) -> bool:
        return bool(self.conflicts)

    @property
    def changes(self) -> int:
        return sum(c.changes for c in self.counts.values())


@dataclass
class _Row:
    sec: spec.Section
    key: Any
    op: str
    theirs: dict[str, Any]
    mine: dict[str, Any] | None = None
    obj: Any = None
    conflict: Conflict | None = None


@dataclass
class _Plan:
    action: str
    review: m.Review | None
    review_row: _Row | None
    packs_to_add: list[dict[str, Any]] = field(default_factory=list)
    rows: list[_Row] = field(default_factory=list)
    audit: list[dict[str, Any]] = field(default_factory=list)
    counts: dict[str, SectionCounts] = field(default_factory=dict)
    conflicts: list[Conflict] = field(default_factory=list)


def _empty(sec: spec.Section, row: dict[str, Any]) -> bool:
    return not any(row.get(f) for f in sec.compared())


def _effective(sec: spec.Section, theirs: dict[str, Any], mine: dict[str, Any] | None, redacted: bool) -> dict[str, Any]:
    """Their row, with what redaction emptied taken from mine (so it is neither compared nor applied)."""
    if not redacted or mine is None:
        return theirs
    out = dict(theirs)
    for name in sec.redactable:
        if out.get(name) in ("", None):
            out[name] = mine.get(name)
    return out


def _as_redacted(sec: spec.Section, mine: dict[str, Any], theirs_raw: dict[str, Any]) -> dict[str, Any]:
    """My row as their redacted file shows rows: emptied where redaction emptied theirs."""
    out = dict(mine)
    for name in sec.redactable:
        if theirs_raw.get(name) in ("", None):
            out[name] = theirs_raw.get(name)
    return out


def _decide(sec: spec.Section, mine: dict[str, Any], theirs_raw: dict[str, Any], theirs: dict[str, Any],
            base: str | None, file_base: str | None, held: Collection[str] = (), *,
            redacted: bool = False) -> tuple[str, tuple[str, ...]]:
    """What to do with a row both sides have, and the fields that differ.

    ``base``: the row as this workspace last received it from the same source;
    ``file_base``: the row as the source held it at its last export or import (its ``sync_base``);
    ``held``: what the row held here at this workspace's exports and imports;
    ``redacted``: the file is redacted (``theirs`` then has what redaction emptied taken from mine).

    A side that still holds a base the other side has moved on from is the older one, both ways:

    - equal content (both untouched, or both changed to the same): ``_SAME``;
    - only theirs changed (mine == ``base``, or mine == ``file_base``): ``_UPDATE``;
    - only mine changed (theirs == ``base``, or theirs == ``file_base`` and this workspace held
      that content): ``_KEEP``;
    - both changed differently (none of the above): ``_CONFLICT``.

    ``file_base`` only says what the source started from, not that this workspace ever saw it:
    their unchanged row is older than mine only if this workspace held that content and has moved
    on since (the source may have received it from a third laptop after this one last saw the row).
    """
    cm, ct = rows.content_of(sec, mine), rows.content_of(sec, theirs)
    if cm == ct:
        return _SAME, ()
    differ = tuple(k for k in ct if cm.get(k) != ct.get(k))
    if _empty(sec, mine):
        return _UPDATE, differ
    if _empty(sec, theirs):
        return _KEEP, differ
    mine_digest = rows.digest(cm)
    theirs_digest = rows.row_digest(sec, theirs_raw)
    if base is not None:
        mine_seen, theirs_seen = {mine_digest}, {theirs_digest}
        if redacted:
            # A redacted file: the base is what they last sent, redacted or whole. Mine as their
            # file would show it, and theirs with what redaction hid taken from mine, compare too.
            mine_seen.add(rows.row_digest(sec, _as_redacted(sec, mine, theirs_raw)))
            theirs_seen.add(rows.digest(ct))
        if base in mine_seen:
            return _UPDATE, differ  # only they changed it since they last sent it here
        if base in theirs_seen:
            return _KEEP, differ  # only I changed it since they last sent it here
    if file_base is not None:
        if mine_digest == file_base:
            return _UPDATE, differ  # I still hold what they started from: theirs is newer
        if theirs_digest == file_base and file_base in held:
            return _KEEP, differ  # they still hold what they started from, which I held and moved on from
    return _CONFLICT, differ


def _conflict(sec: spec.Section, key: Any, mine: dict[str, Any], theirs: dict[str, Any],
              differ: tuple[str, ...]) -> Conflict:
    def when(row: dict[str, Any]) -> dt.datetime | None:
        value = row.get("updated_at") or row.get("created_at")
        return dt.datetime.fromisoformat(value) if value else None

    return Conflict(
        section=sec.name,
        key=str(key),
        item_id=mine.get("item_id") if "item_id" in sec.fields else None,
        fields=differ,
        mine=rows.content_of(sec, mine),
        theirs=rows.content_of(sec, theirs),
        mine_by=_who(mine),
        mine_at=when(mine),
        theirs_by=_who(theirs),
        theirs_at=when(theirs),
    )


def _who(row: dict[str, Any]) -> str:
    return str(row.get("updated_by") or row.get("recorded_by") or row.get("agreed_by") or "")


def _tally(plan: _Plan, name: str, op: str) -> None:
    c = plan.counts.get(name, SectionCounts())
    attr = {_ADD: "added", _UPDATE: "updated", _SAME: "unchanged", _KEEP: "kept", _CONFLICT: "conflicts",
            _SKIP: "skipped"}[op]
    plan.counts[name] = SectionCounts(**{**c.__dict__, attr: getattr(c, attr) + 1})


def _plan(session: Session, vf: VerifiedFile) -> _Plan:
    doc = vf.document
    uid = doc["review"]["uid"]
    review = session.scalar(select(m.Review).where(m.Review.uid == uid))
    if review is None:
        plan = _Plan(action=NEW, review=None, review_row=_Row(spec.REVIEW, uid, _ADD, doc["review"]))
        _tally(plan, "review", _ADD)
        for sec in spec.SECTIONS:
            _check_foreign_uids(session, sec, doc[sec.name], None)
            for row in doc[sec.name]:
                plan.rows.append(_Row(sec, row[sec.key], _ADD, row))
                _tally(plan, sec.name, _ADD)
        plan.audit = list(doc.get("audit", ()))
        for _ in plan.audit:
            _tally(plan, "audit", _ADD)
        return plan

    redacted = vf.manifest.redacted
    base = identity.load_base(session, uid, vf.manifest.source_id)
    held = identity.load_held(session, uid)
    plan = _Plan(action=MERGE, review=review, review_row=None)

    file_base = {} if redacted else doc.get("sync_base") or {}

    def place(sec: spec.Section, key: Any, theirs_raw: dict[str, Any], mine: dict[str, Any] | None, obj: Any) -> _Row:
        base_digest = base.get(sec.name, {}).get(str(key))
        file_digest = file_base.get(sec.name, {}).get(str(key))
        held_here = held.get(sec.name, {}).get(str(key), ())
        if mine is None:
            # Deleted here since they last sent it, or since this workspace held what they still hold.
            their_digest = rows.row_digest(sec, theirs_raw)
            skip = their_digest == base_digest or (their_digest == file_digest and file_digest in held_here)
            row = _Row(sec, key, _SKIP if skip else _ADD, theirs_raw)
        else:
            theirs = _effective(sec, theirs_raw, mine, redacted)
            op, differ = _decide(sec, mine, theirs_raw, theirs, base_digest, file_digest, held_here,
                                 redacted=redacted)
            row = _Row(sec, key, op, theirs, mine, obj)
            if op == _CONFLICT:
                row.conflict = _conflict(sec, key, mine, theirs, differ)
                plan.conflicts.append(row.conflict)
        _tally(plan, sec.name, row.op)
        return row

    plan.review_row = place(spec.REVIEW, uid, doc["review"], rows.dump_row(spec.REVIEW, review, {}), review)
    mine_packs = {p.pack_id for p in review.packs}
    position = max((p.position for p in review.packs), default=-1)
    for p in doc["packs"]:
        if p["pack_id"] in mine_packs:
            _tally(plan, "packs", _SAME)
        else:
            position += 1
            plan.packs_to_add.append(dict(p, position=position))
            _tally(plan, "packs", _ADD)

    keys_by_id: dict[str, dict[int, str]] = {}
    for sec in spec.SECTIONS:
        objs = rows.rows_of(session, sec, review.id)
        if rows.has_ids(sec.model):
            keys_by_id[sec.name] = {o.id: getattr(o, sec.key) for o in objs}
        mine_rows = {getattr(o, sec.key): (rows.dump_row(sec, o, keys_by_id), o) for o in objs}
        _check_foreign_uids(session, sec, [r for r in doc[sec.name] if r[sec.key] not in mine_rows], review.id)
        for theirs in doc[sec.name]:
            key = theirs[sec.key]
            mine, obj = mine_rows.get(key, (None, None))
            plan.rows.append(place(sec, key, theirs, mine, obj))

    have = {rows.audit_key(rows.dump_audit(a))
            for a in session.scalars(select(m.AuditEntry).where(m.AuditEntry.review_uid == uid))}
    for entry in doc.get("audit", ()):
        k = rows.audit_key(entry)
        if k not in have:
            have.add(k)
            plan.audit.append(entry)
            _tally(plan, "audit", _ADD)
    if not plan.conflicts and not any(c.changes for c in plan.counts.values()):
        plan.action = UP_TO_DATE
    return plan


def _check_foreign_uids(session: Session, sec: spec.Section, incoming: list[dict[str, Any]],
                        review_id: int | None) -> None:
    """A uid that belongs to a row of another review would break that review; refuse the file."""
    if sec.key != "uid" or not incoming:
        return
    uids = [r["uid"] for r in incoming]
    for start in range(0, len(uids), 500):
        stmt = select(sec.model.uid).where(sec.model.uid.in_(uids[start:start + 500]))
        if review_id is not None:
            stmt = stmt.where(sec.model.review_id != review_id)
        clash = session.scalar(stmt.limit(1))
        if clash is not None:
            raise ImportRejected(tr("The review file contains a record ({uid}) that already belongs to another review "
                                    "in this workspace; it was not imported.", uid=clash))


def preview(session: Session, vf: VerifiedFile, has_file: Any = None) -> ImportPreview:
    """What importing ``vf`` would do (``has_file(sha)`` tells which evidence files are stored already)."""
    plan = _plan(session, vf)
    return _preview(vf, plan, session, has_file)


def _preview(vf: VerifiedFile, plan: _Plan, session: Session, has_file: Any) -> ImportPreview:
    review = vf.document["review"]
    new_files = [sha for sha in vf.evidence if not (has_file and has_file(sha))]
    return ImportPreview(
        file_name=vf.file_name,
        file_sha256=vf.file_sha256,
        file_size=vf.file_size,
        encrypted=vf.encrypted,
        format_version=vf.manifest.format_version,
        app_version=vf.manifest.app_version,
        created_at=vf.manifest.created_at,
        source_id=vf.manifest.source_id,
        source_label=vf.manifest.source_label,
        redacted=vf.manifest.redacted,
        review_uid=review["uid"],
        country_code=review["country_code"],
        title=review["title"],
        period_start=rows.from_json(m.Review, "period_start", review["period_start"]),
        period_end=rows.from_json(m.Review, "period_end", review["period_end"]),
        packs=vf.manifest.packs,
        action=plan.action,
        existing_review_id=plan.review.id if plan.review is not None else None,
        counts=dict(plan.counts),
        conflicts=tuple(plan.conflicts),
        evidence_files=len(vf.evidence),
        evidence_bytes=sum(vf.evidence.values()),
        new_evidence_files=len(new_files),
    )


# -- writing ------------------------------------------------------------------------------

def _ids(session: Session, sec: spec.Section, review_id: int) -> dict[Any, int]:
    """Key -> row id of a section's rows in a review (empty for tables without ids)."""
    if not rows.has_ids(sec.model):
        return {}
    return {getattr(o, sec.key): o.id for o in rows.rows_of(session, sec, review_id)}


def _child_values(child: spec.ChildList, row: dict[str, Any], ids: dict[str, dict[Any, int]]) -> list[Any]:
    values = row[child.name]
    if child.ref is not None:
        return [ids.get(child.ref, {})[v] for v in values if v in ids.get(child.ref, {})]
    return list(values)


def _values(sec: spec.Section, row: dict[str, Any], skip: tuple[str, ...] = ()) -> dict[str, Any]:
    return {name: rows.from_json(sec.model, name, row[name]) for name in sec.fields if name not in skip}


def _insert(session: Session, sec: spec.Section, row: dict[str, Any], review_id: int,
            ids: dict[str, dict[Any, int]], new_uid: bool = False) -> Any:
    values = _values(sec, row)
    if new_uid:
        values["uid"] = m.new_uid()
    obj = sec.model(review_id=review_id, **values)
    for ref in sec.refs:
        target = row.get(ref.name)
        setattr(obj, ref.column, ids.get(ref.section, {}).get(target) if target is not None else None)
    for child in sec.children:
        setattr(obj, child.relationship, [child.model(**{child.value: v}) for v in _child_values(child, row, ids)])
    session.add(obj)
    return obj


def _update(session: Session, sec: spec.Section, obj: Any, row: dict[str, Any], ids: dict[str, dict[Any, int]]) -> None:
    for name, value in _values(sec, row, skip=("uid", "created_at", sec.key)).items():
        setattr(obj, name, value)
    for ref in sec.refs:
        target = row.get(ref.name)
        setattr(obj, ref.column, ids.get(ref.section, {}).get(target) if target is not None else None)
    for child in sec.children:
        wanted = set(_child_values(child, row, ids))
        current = getattr(obj, child.relationship)
        kept = [c for c in current if getattr(c, child.value) in wanted]
        have = {getattr(c, child.value) for c in kept}
        setattr(obj, child.relationship, kept + [child.model(**{child.value: v}) for v in sorted(wanted - have)])


def provenance_line(vf: VerifiedFile, row: dict[str, Any], lang: str) -> str:
    who = _who(row)
    when = (row.get("updated_at") or row.get("created_at") or "")[:16].replace("T", " ")
    text = tr("From {source}, file {file}", lang=lang, source=vf.manifest.source_label, file=vf.file_name)
    if who:
        text += tr(", by {who}", lang=lang, who=who)
    if when:
        text += tr(", {when} UTC", lang=lang, when=when)
    return f"— {text}:"


def _append(vf: VerifiedFile, sec: spec.Section, obj: Any, theirs: dict[str, Any], lang: str) -> None:
    line = provenance_line(vf, theirs, lang)
    for name in sec.append:
        mine_text, their_text = getattr(obj, name) or "", theirs.get(name) or ""
        if their_text and their_text != mine_text and their_text not in mine_text:
            setattr(obj, name, (mine_text + "\n\n" if mine_text else "") + line + "\n" + their_text)


def apply(session: Session, vf: VerifiedFile, catalog: Catalog, *, resolutions: dict[str, str] | None,
          actor: str, now: dt.datetime) -> tuple[ImportPreview, int]:
    """Write ``vf`` into the workspace within the caller's transaction; returns (preview, review id).

    The plan is made again here, inside the transaction, so it matches the workspace exactly;
    every conflict it finds must have a resolution.
    """
    plan = _plan(session, vf)
    resolutions = dict(resolutions or {})
    for choice in resolutions.values():
        if choice not in CHOICES:
            raise ImportRejected(tr("Unknown choice {choice!r} for a conflict; use mine, theirs or both.", choice=choice))
    unresolved = [c.id for c in plan.conflicts if c.id not in resolutions]
    if unresolved:
        raise ImportRejected(tr("Conflicts between the file and this workspace that need a choice (keep mine, keep "
                                "theirs or keep both) before the file can be imported: {n}.", n=len(unresolved)))
    result = _preview(vf, plan, session, None)
    manifest = vf.manifest
    doc = vf.document
    uid = doc["review"]["uid"]
    ids: dict[str, dict[Any, int]] = {}

    if plan.action == NEW:
        origin = tr("{source}, file {file}, exported {when} UTC", source=manifest.source_label, file=vf.file_name,
                    when=manifest.created_at.isoformat(sep=" ", timespec="minutes"))
        review = m.Review(origin=origin, **_values(spec.REVIEW, doc["review"]))
        review.packs = [m.ReviewPack(**_values(spec.PACKS, p)) for p in doc["packs"]]
        session.add(review)
        session.flush()
    else:
        review = plan.review
        assert review is not None
        for sec in spec.SECTIONS:
            ids[sec.name] = _ids(session, sec, review.id)
        for p in plan.packs_to_add:
            review.packs.append(m.ReviewPack(**_values(spec.PACKS, p)))
    lang = review.language

    choices: dict[str, str] = {}
    review_row = plan.review_row
    if plan.action == MERGE and review_row is not None:
        choice = resolutions.get(review_row.conflict.id) if review_row.conflict else None
        if review_row.op == _UPDATE or choice == THEIRS:
            for name, value in _values(spec.REVIEW, review_row.theirs, skip=spec.REVIEW.meta).items():
                setattr(review, name, value)
        elif choice == BOTH:
            _append(vf, spec.REVIEW, review, review_row.theirs, lang)
        if review_row.conflict and choice:
            choices[review_row.conflict.id] = choice

    current: spec.Section | None = None
    for row in plan.rows:
        if row.sec is not current:
            session.flush()
            if current is not None:
                ids[current.name] = _ids(session, current, review.id)
            current = row.sec
        sec = row.sec
        if row.op == _ADD:
            _insert(session, sec, row.theirs, review.id, ids)
        elif row.op == _UPDATE:
            _update(session, sec, row.obj, row.theirs, ids)
        elif row.op == _CONFLICT:
            assert row.conflict is not None
            choice = resolutions[row.conflict.id]
            choices[row.conflict.id] = choice
            if choice == THEIRS:
                _update(session, sec, row.obj, row.theirs, ids)
            elif choice == BOTH:
                if sec.both == "append":
                    _append(vf, sec, row.obj, row.theirs, lang)
                    if "updated_at" in sec.fields:
                        row.obj.updated_at = now
                    if "updated_by" in sec.fields:
                        row.obj.updated_by = actor
                else:
                    _insert(session, sec, row.theirs, review.id, ids, new_uid=True)
    session.flush()

    # The review's history joins this workspace's hash-chained log, entry by entry, as it arrives.
    for entry in plan.audit:
        audit_log.record(session, review_uid=uid, **{k: rows.from_json(m.AuditEntry, k, entry[k])
                                                     for k in spec.AUDIT_FIELDS})
    if plan.action == MERGE:
        review.updated_at = now
    counts = {name: c.__dict__ for name, c in plan.counts.items()}
    summary = {
        "file": vf.file_name,
        "file_sha256": vf.file_sha256,
        "source_label": manifest.source_label,
        "source_id": manifest.source_id,
        "exported_at": manifest.created_at.isoformat(),
        "app_version": manifest.app_version,
        "redacted": manifest.redacted,
        "encrypted": vf.encrypted,
        "counts": counts,
    }
    if plan.action == NEW:
        audit_log.record(session, at=now, actor=actor, action="review.import", entity="review", review_uid=uid,
                         entity_uid=uid, after=summary)
    else:
        audit_log.record(session, at=now, actor=actor, action="review.merge", entity="review", review_uid=uid,
                         entity_uid=uid, after=dict(summary, choices=choices))
    base_rows = rows.state_digests(doc)
    identity.save_base(session, uid, manifest.source_id,
                       {"source_label": manifest.source_label, "file": vf.file_name, "file_sha256": vf.file_sha256,
                        "at": now.isoformat()}, base_rows)
    session.flush()
    identity.save_synced(session, uid, rows.state_digests(rows.read_review(session, review)))
    return result, review.id
