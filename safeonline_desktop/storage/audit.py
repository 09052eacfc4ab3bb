"""Writing the audit log: every change, in the same transaction as the change itself."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy.orm import Session

from .models import AuditEntry


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
    entry = AuditEntry(
        at=at,
        actor=actor,
        action=action,
        entity=entity,
        review_uid=review_uid,
        entity_uid=entity_uid,
        item_id=item_id,
        before=before,
        after=after,
    )
    session.add(entry)
    return entry
