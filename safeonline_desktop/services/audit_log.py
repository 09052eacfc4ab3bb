"""Reading the audit log: who changed what, and when."""

from __future__ import annotations

from sqlalchemy import select

from safeonline_desktop.storage import models as m

from . import views as v
from .context import ServiceContext
from .convert import audit_view, get_review


class AuditService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def entries(self, review_id: int, item_id: str | None = None, limit: int = 1000) -> list[v.AuditView]:
        """Newest first."""
        self.ctx.check(review_id, "review.read")
        with self.ctx.workspace.read() as s:
            review = get_review(s, review_id)
            stmt = select(m.AuditEntry).where(m.AuditEntry.review_uid == review.uid)
            if item_id is not None:
                stmt = stmt.where(m.AuditEntry.item_id == item_id)
            stmt = stmt.order_by(m.AuditEntry.id.desc()).limit(limit)
            return [audit_view(a) for a in s.scalars(stmt)]
