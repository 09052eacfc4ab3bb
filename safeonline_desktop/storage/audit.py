"""The audit log: every change, written in the same transaction as the change itself, and
hash-chained so that an edited, deleted or inserted entry is detected.

Each entry stores ``prev_hash`` (the hash of the entry before it) and ``hash``, the SHA-256 of a
canonical JSON text of its own fields plus ``prev_hash`` (:func:`entry_hash`). The hash of the
newest entry is also kept in ``workspace_meta`` under ``audit_head``, so that removing the newest
entries is detected too.

Picking the previous hash safely: :func:`record` first INSERTs the new entry, which takes
SQLite's single write lock for the transaction (or fails, rolling the whole change back), and
only then reads ``audit_head``. In WAL mode a transaction can only take the write lock if its
snapshot is the newest committed state, and nobody else can commit while it holds the lock, so
the head it reads cannot change underneath it: two writers can never chain onto the same entry.

What the chain proves: nobody changed the log without also recomputing every hash after the
change. Someone with the file and this source code can do that; to anchor the log, write down
the head hash printed by ``safeonline db verify-audit`` (in the minutes of a validation
meeting, say) and compare it later.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from .models import AuditEntry, WorkspaceMeta

#: ``prev_hash`` of the first entry.
GENESIS = "0" * 64
#: ``workspace_meta`` key holding ``{"id": <newest entry id>, "hash": <its hash>}``.
HEAD_KEY = "audit_head"
HASH_VERSION = 1
_FIELDS = ("id", "at", "actor", "action", "review_uid", "entity", "entity_uid", "item_id", "before", "after")


def _normalise_json(value: Any) -> Any:
    """The value exactly as it reads back from the JSON column."""
    if value is None:
        return None
    if isinstance(value, str | bytes):
        return json.loads(value)
    return json.loads(json.dumps(value))


def _at_text(value: dt.datetime | str) -> str:
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    return value.isoformat()


def canonical_payload(fields: dict[str, Any], prev_hash: str) -> bytes:
    """The bytes an entry's hash covers: its fields and ``prev_hash`` as canonical JSON
    (sorted keys, no spaces, UTF-8)."""
    payload = {
        "v": HASH_VERSION,
        "id": int(fields["id"]),
        "at": _at_text(fields["at"]),
        "actor": fields["actor"],
        "action": fields["action"],
        "review_uid": fields["review_uid"],
        "entity": fields["entity"],
        "entity_uid": fields["entity_uid"],
        "item_id": fields["item_id"],
        "before": _normalise_json(fields["before"]),
        "after": _normalise_json(fields["after"]),
        "prev_hash": prev_hash,
    }
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def entry_hash(fields: dict[str, Any], prev_hash: str) -> str:
    return hashlib.sha256(canonical_payload(fields, prev_hash)).hexdigest()


def _naive_utc(at: dt.datetime) -> dt.datetime:
    if at.tzinfo is not None:
        return at.astimezone(dt.UTC).replace(tzinfo=None)
    return at


def record(
    session: Session,
    *,
    at: dt.datetime,
    actor: str,
    action: str,
    entity: str,
    review_uid: str | None,
    entity_uid: str | None = None,
    item_id: str | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEntry:
    """Add one entry, chained onto the newest, in ``session``'s transaction."""
    entry = AuditEntry(
        at=_naive_utc(at),
        actor=actor,
        action=action,
        entity=entity,
        review_uid=review_uid,
        entity_uid=entity_uid,
        item_id=item_id,
        before=_normalise_json(before),
        after=_normalise_json(after),
        prev_hash="",
        hash="",
    )
    session.add(entry)
    session.flush()  # the INSERT takes the write lock (see the module docstring) and assigns the id
    head = session.execute(
        select(WorkspaceMeta).where(WorkspaceMeta.key == HEAD_KEY).execution_options(populate_existing=True)
    ).scalar_one_or_none()
    prev = json.loads(head.value)["hash"] if head is not None else GENESIS
    entry.prev_hash = prev
    entry.hash = entry_hash({name: getattr(entry, name) for name in _FIELDS}, prev)
    value = json.dumps({"id": entry.id, "hash": entry.hash})
    if head is None:
        session.add(WorkspaceMeta(key=HEAD_KEY, value=value))
    else:
        head.value = value
    session.flush()
    return entry


# -- verification --------------------------------------------------------------------------


@dataclass(frozen=True)
class ChainReport:
    """The outcome of walking the chain."""

    entries: int
    head_hash: str
    broken_id: int | None = None
    problem: str = ""
    #: "" (intact), "edited" (an entry's hash does not match it), "gap" (entries missing or
    #: altered before ``broken_id``), "truncated" (the newest entries are missing), "no_head"
    #: (the record of the newest entry is gone).
    kind: str = ""

    @property
    def ok(self) -> bool:
        return not self.problem


def verify_rows(rows: list[dict[str, Any]], head: dict[str, Any] | None) -> ChainReport:
    """Walk ``rows`` (in id order) and report the first entry whose link or hash does not hold.

    ``broken_id`` is the id of the first entry that fails: an edited entry fails its own hash;
    after a deleted entry, the next one's ``prev_hash`` no longer matches what precedes it.
    """
    prev = GENESIS
    last_id: int | None = None
    for row in rows:
        if row["prev_hash"] != prev:
            what = (f"entry {row['id']} does not follow entry {last_id}: an entry between them was "
                    "deleted or altered" if last_id is not None else
                    f"entry {row['id']} is not the start of the chain: earlier entries were deleted")
            return ChainReport(len(rows), prev, row["id"], what, "gap")
        if entry_hash(row, row["prev_hash"]) != row["hash"]:
            return ChainReport(len(rows), prev, row["id"], f"entry {row['id']} was changed after it was written",
                               "edited")
        prev, last_id = row["hash"], row["id"]
    if head is None:
        if rows:
            return ChainReport(len(rows), prev, None, "the record of the newest entry is missing", "no_head")
        return ChainReport(0, prev)
    if head.get("hash") != prev or (rows and head.get("id") != last_id):
        return ChainReport(len(rows), prev, head.get("id"),
                           f"the newest entries were deleted: the log should end at entry {head.get('id')}, "
                           f"but it ends at entry {last_id}", "truncated")
    return ChainReport(len(rows), prev)


def verify_session(session: Session) -> ChainReport:
    """Verify the chain through an ORM session (the app's own, open workspace)."""
    rows = [
        {"id": a.id, "at": a.at, "actor": a.actor, "action": a.action, "review_uid": a.review_uid,
         "entity": a.entity, "entity_uid": a.entity_uid, "item_id": a.item_id, "before": a.before,
         "after": a.after, "prev_hash": a.prev_hash, "hash": a.hash}
        for a in session.scalars(select(AuditEntry).order_by(AuditEntry.id))
    ]
    head = session.get(WorkspaceMeta, HEAD_KEY)
    return verify_rows(rows, json.loads(head.value) if head is not None else None)


class ChainUnavailable(Exception):
    """The file has no hash chain (a database from before schema 0002)."""


def verify_database(path: Path) -> ChainReport:
    """Verify the chain of the database file at ``path``, opened read-only (any copy or backup)."""
    with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
        conn.row_factory = sqlite3.Row
        columns = {r["name"] for r in conn.execute("PRAGMA table_info(audit_log)")}
        if "hash" not in columns:
            raise ChainUnavailable(str(path))
        rows = [dict(r) for r in conn.execute(
            "SELECT id, at, actor, action, review_uid, entity, entity_uid, item_id, before, after, prev_hash, hash "
            "FROM audit_log ORDER BY id")]
        head_row = conn.execute("SELECT value FROM workspace_meta WHERE key = ?", (HEAD_KEY,)).fetchone()
    head = json.loads(head_row["value"]) if head_row is not None else None
    return verify_rows(rows, head)
