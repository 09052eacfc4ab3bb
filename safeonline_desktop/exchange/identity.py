"""This workspace's identity in review files: a random id and a label the person can set.

Neither is derived from the computer's name or the user's login: the label is what the person
types (e.g. "Field laptop 2"), and until then a random one such as ``laptop-3f9a1c``.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from safeonline_desktop.errors import ValidationError
from safeonline_desktop.i18n import tr
from safeonline_desktop.storage import models as m

ID_KEY = "workspace_id"
LABEL_KEY = "workspace_label"
MAX_LABEL = 64


@dataclass(frozen=True)
class WorkspaceIdentity:
    id: str
    label: str


def _get(session: Session, key: str) -> str | None:
    row = session.get(m.WorkspaceMeta, key)
    return row.value if row is not None else None


def _put(session: Session, key: str, value: str) -> None:
    row = session.get(m.WorkspaceMeta, key)
    if row is None:
        session.add(m.WorkspaceMeta(key=key, value=value))
    else:
        row.value = value


def peek_identity(session: Session) -> WorkspaceIdentity | None:
    """The identity if it was created already (never writes)."""
    ident, label = _get(session, ID_KEY), _get(session, LABEL_KEY)
    if ident is None:
        return None
    return WorkspaceIdentity(ident, label or default_label(ident))


def default_label(ident: str) -> str:
    return "laptop-" + ident.replace("-", "")[:6]


def ensure_identity(session: Session) -> WorkspaceIdentity:
    """The identity, created on first use (in the caller's transaction)."""
    ident = _get(session, ID_KEY)
    if ident is None:
        ident = str(uuid.uuid4())
        _put(session, ID_KEY, ident)
    label = _get(session, LABEL_KEY)
    if label is None:
        label = default_label(ident)
        _put(session, LABEL_KEY, label)
    return WorkspaceIdentity(ident, label)


def clean_label(label: str) -> str:
    if not isinstance(label, str):
        raise ValidationError(tr("The laptop's label must be text."))
    label = " ".join(label.split())
    if not label:
        raise ValidationError(tr("The laptop's label cannot be empty."))
    if len(label) > MAX_LABEL:
        raise ValidationError(tr("The laptop's label can have at most {n} characters.", n=MAX_LABEL))
    if any(not ch.isprintable() for ch in label):
        raise ValidationError(tr("The laptop's label cannot contain control characters."))
    return label


def set_label(session: Session, label: str) -> WorkspaceIdentity:
    ident = ensure_identity(session)
    label = clean_label(label)
    _put(session, LABEL_KEY, label)
    return WorkspaceIdentity(ident.id, label)


# -- merge bases: what each source last sent, per review ----------------------------------

def _base_key(review_uid: str, source_id: str) -> str:
    import hashlib

    return "exchange-base:" + hashlib.sha256(f"{review_uid}\0{source_id}".encode()).hexdigest()[:40]


def load_base(session: Session, review_uid: str, source_id: str) -> dict[str, dict[str, str]]:
    """Digest of every row as ``source_id`` last sent it (empty if nothing came from there yet)."""
    raw = _get(session, _base_key(review_uid, source_id))
    if not raw:
        return {}
    try:
        data: dict[str, Any] = json.loads(raw)
        rows = data["rows"]
        return {str(s): {str(k): str(v) for k, v in keys.items()} for s, keys in rows.items()}
    except (ValueError, KeyError, TypeError, AttributeError):
        return {}  # an unreadable base only costs extra conflicts to resolve, never a wrong merge


def save_base(session: Session, review_uid: str, source_id: str, info: dict[str, Any],
              rows: dict[str, dict[str, str]]) -> None:
    _put(session, _base_key(review_uid, source_id),
         json.dumps(dict(info, review_uid=review_uid, source_id=source_id, rows=rows), sort_keys=True))


# -- the synced state: this laptop's review as it stood at its last export or import --------

def _synced_key(review_uid: str) -> str:
    import hashlib

    return "exchange-synced:" + hashlib.sha256(review_uid.encode()).hexdigest()[:40]


def load_synced(session: Session, review_uid: str) -> dict[str, dict[str, str]]:
    """Digest of every row as it was when this laptop last exported or imported the review.

    Written into the next file as its ``sync_base``: a laptop that still holds exactly that
    content can take the file's newer content without a conflict.
    """
    raw = _get(session, _synced_key(review_uid))
    if not raw:
        return {}
    try:
        rows = json.loads(raw)
        return {str(s): {str(k): str(v) for k, v in keys.items()} for s, keys in rows.items()}
    except (ValueError, TypeError, AttributeError):
        return {}


def save_synced(session: Session, review_uid: str, rows: dict[str, dict[str, str]]) -> None:
    """Record the review's state at an export or import (and add it to what this laptop held)."""
    held = load_held(session, review_uid)  # includes the synced state being replaced
    for section, keys in rows.items():
        for key, value in keys.items():
            seen = held.setdefault(section, {}).setdefault(key, [])
            if value in seen:
                seen.remove(value)
            seen.append(value)
            del seen[:-MAX_HELD]
    _put(session, _held_key(review_uid), json.dumps(held, sort_keys=True))
    _put(session, _synced_key(review_uid), json.dumps(rows, sort_keys=True))


# -- what this laptop held: each row's content at every export and import -------------------

#: Versions remembered per row (the oldest are forgotten first; forgetting only costs a conflict).
MAX_HELD = 16


def _held_key(review_uid: str) -> str:
    import hashlib

    return "exchange-held:" + hashlib.sha256(review_uid.encode()).hexdigest()[:40]


def load_held(session: Session, review_uid: str) -> dict[str, dict[str, list[str]]]:
    """Digests of the content each row had here at this laptop's exports and imports, oldest first
    (the latest synced state included).

    A file whose row still equals the file's own ``sync_base`` while this laptop has moved on from
    that very content is older than this laptop's row: this laptop's is kept without a conflict.
    Content this laptop never held proves nothing (the file's laptop may have received it from a
    third laptop after this one last heard of the row), so it stays a conflict.
    """
    held: dict[str, dict[str, list[str]]] = {}
    raw = _get(session, _held_key(review_uid))
    if raw:
        try:
            data = json.loads(raw)
            held = {str(s): {str(k): [str(v) for v in values] for k, values in keys.items()}
                    for s, keys in data.items()}
        except (ValueError, TypeError, AttributeError):
            held = {}  # unreadable: only costs extra conflicts to resolve, never a wrong merge
    for section, keys in load_synced(session, review_uid).items():
        for key, value in keys.items():
            seen = held.setdefault(section, {}).setdefault(key, [])
            if value not in seen:
                seen.append(value)
    return held
