"""Rows of the workspace database <-> the JSON of ``review.json``, driven by :mod:`.spec`."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any

from sqlalchemy import Date, DateTime, select
from sqlalchemy.orm import Session

from safeonline_desktop.domain.content import Catalog
from safeonline_desktop.storage import models as m

from . import spec


def to_json(model: type, name: str, value: Any) -> Any:
    if value is None:
        return None
    kind = model.__table__.c[name].type
    if isinstance(kind, DateTime | Date):
        return value.isoformat()
    if isinstance(value, tuple):
        return list(value)
    return value


def from_json(model: type, name: str, value: Any) -> Any:
    """The Python value for a column (the JSON was validated against the schema first)."""
    if value is None:
        return None
    kind = model.__table__.c[name].type
    if isinstance(kind, DateTime):
        return dt.datetime.fromisoformat(value)
    if isinstance(kind, Date):
        return dt.date.fromisoformat(value)
    if isinstance(value, list):
        return list(value)
    return value


def column_default(model: type, name: str) -> Any:
    """What a field missing from an older file becomes: the column's default."""
    column = model.__table__.c[name]
    default = column.default
    if default is None:
        return None
    arg = default.arg
    if callable(arg):
        try:
            return arg(None)
        except TypeError:
            return arg()
    return arg


def canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def content_of(sec: spec.Section, row: dict[str, Any]) -> dict[str, Any]:
    """The fields of a row that a merge compares (content, not who/when)."""
    out = {name: row.get(name) for name in sec.compared()}
    for ref in sec.refs:
        out[ref.name] = row.get(ref.name)
    for child in sec.children:
        out[child.name] = sorted(row.get(child.name) or [])
    return out


def digest(value: Any) -> str:
    return hashlib.sha256(canonical(value).encode("utf-8")).hexdigest()


def row_digest(sec: spec.Section, row: dict[str, Any]) -> str:
    return digest(content_of(sec, row))


def audit_key(entry: dict[str, Any]) -> str:
    """Identity of an audit entry (entries never change, so their content is their identity)."""
    return digest({name: entry.get(name) for name in spec.AUDIT_FIELDS})


def dump_row(sec: spec.Section, obj: Any, keys_by_id: dict[str, dict[int, str]]) -> dict[str, Any]:
    row = {name: to_json(sec.model, name, getattr(obj, name)) for name in sec.fields}
    for ref in sec.refs:
        target = getattr(obj, ref.column)
        row[ref.name] = keys_by_id.get(ref.section, {}).get(target) if target is not None else None
    for child in sec.children:
        values = [getattr(c, child.value) for c in getattr(obj, child.relationship)]
        if child.ref is not None:
            values = [keys_by_id.get(child.ref, {}).get(v) for v in values]
        row[child.name] = sorted(v for v in values if v is not None)
    return row


def has_ids(model: type) -> bool:
    return "id" in model.__table__.c


def rows_of(session: Session, sec: spec.Section, review_id: int) -> list[Any]:
    """The rows of ``sec`` that belong to a review, in a stable order."""
    model = sec.model
    order = model.id if has_ids(model) else getattr(model, sec.key)
    return list(session.scalars(select(model).where(model.review_id == review_id).order_by(order)))


def dump_audit(entry: m.AuditEntry) -> dict[str, Any]:
    return {name: to_json(m.AuditEntry, name, getattr(entry, name)) for name in spec.AUDIT_FIELDS}


def read_review(session: Session, review: m.Review) -> dict[str, Any]:
    """The whole review as the JSON document of a review file (nothing left out)."""
    data: dict[str, Any] = {
        "format": spec.FORMAT_NAME,
        "format_version": spec.FORMAT_VERSION,
        "review": dump_row(spec.REVIEW, review, {}),
        "packs": [dump_row(spec.PACKS, p, {}) for p in sorted(review.packs, key=lambda p: p.position)],
    }
    keys_by_id: dict[str, dict[int, str]] = {}
    for sec in spec.SECTIONS:
        found = rows_of(session, sec, review.id)
        if has_ids(sec.model):
            keys_by_id[sec.name] = {r.id: getattr(r, sec.key) for r in found}
        data[sec.name] = [dump_row(sec, r, keys_by_id) for r in found]
    entries = session.scalars(select(m.AuditEntry).where(m.AuditEntry.review_uid == review.uid)
                              .order_by(m.AuditEntry.id))
    data["audit"] = [dump_audit(a) for a in entries]
    return data


def redact(data: dict[str, Any], catalog: Catalog) -> dict[str, Any]:
    """A copy without what must not travel in a redacted file.

    Left out: working notes; sensitive evidence (and so its file); sensitive findings; the
    rationale of items the content marks sensitive; participants' names (organisation, sector
    and role stay); who changed assessments; who provided evidence; the audit history. From
    workshop mode: session notes, comments on rating proposals and who recorded them, who
    agreed a rating; item notes and dissents are left out whole.
    """
    out = dict(data)
    out["participants"] = [dict(p, name="") for p in data["participants"]]
    assessments = []
    for a in data["assessments"]:
        a = dict(a, notes="", updated_by="")
        if catalog.has_item(a["item_id"]) and catalog.item(a["item_id"]).sensitive:
            a["rationale"] = ""
        assessments.append(a)
    out["assessments"] = assessments
    out["evidence"] = [dict(e, provided_by="") for e in data["evidence"] if not e["sensitive"]]
    out["findings"] = [f for f in data["findings"] if not f["sensitive"]]
    out["sessions"] = [dict(x, notes="") for x in data.get("sessions", ())]
    out["rating_proposals"] = [dict(x, comment="", recorded_by="") for x in data.get("rating_proposals", ())]
    out["item_consensus"] = [dict(x, agreed_by="") for x in data.get("item_consensus", ())]
    out.pop("audit", None)
    # A section added later is left out of redacted files until its rules are written here.
    for sec in spec.SECTIONS:
        if sec.name not in _REDACTION_REVIEWED:
            out[sec.name] = []
    return out


#: Sections whose redaction rules are in :func:`redact` (the rest are not written at all).
_REDACTION_REVIEWED = frozenset({"participants", "assessments", "evidence", "findings", "recommendations", "actions",
                                 "sessions", "rating_proposals", "item_consensus"})


def state_digests(data: dict[str, Any]) -> dict[str, dict[str, str]]:
    """Digest of the content of every row of a review document, by section and key."""
    out = {"review": {data["review"]["uid"]: row_digest(spec.REVIEW, data["review"])}}
    for sec in spec.SECTIONS:
        out[sec.name] = {str(r[sec.key]): row_digest(sec, r) for r in data.get(sec.name, ())}
    return out


def evidence_hashes(data: dict[str, Any]) -> set[str]:
    return {e["file_sha256"] for e in data.get("evidence", ()) if e.get("file_sha256")}
