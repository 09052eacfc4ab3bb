"""Evidence: documents cited by the review (laws, policies, protocols, statistics, minutes),
optionally with an attached file kept opaque in the data folder, linked to checklist items.

Evidence records a country's capacity. It is never case material: no images, no case files.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import select

from safeonline_desktop.errors import NotFoundError, ValidationError
from safeonline_desktop.storage import audit
from safeonline_desktop.storage import models as m

from . import views as v
from .context import ServiceContext, check_code, clean_text
from .convert import evidence_view, get_review, snapshot

EVIDENCE_FIELDS = ("title", "evidence_type", "citation", "document_date", "provided_by", "sensitive",
                   "file_sha256", "file_name")
UNSET = object()

#: Shown wherever files are attached (GUI and docs).
CAPACITY_NOT_CASES = (
    "Attach documents about the country's capacity only: laws, policies, protocols, statistics, "
    "minutes. Never attach case material, images or anything that identifies a child."
)


class EvidenceService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def _get(self, s, evidence_id: int) -> m.Evidence:
        row = s.get(m.Evidence, evidence_id)
        if row is None:
            raise NotFoundError(f"Evidence {evidence_id} does not exist.")
        return row

    def _check_items(self, review: m.Review, item_ids) -> list[str]:
        packs = {p.pack_id for p in review.packs}
        out = []
        for item_id in dict.fromkeys(item_ids):
            if not self.ctx.catalog.has_item(item_id) or self.ctx.catalog.item(item_id).framework_id not in packs:
                raise ValidationError(f"Item {item_id!r} is not part of this review's frameworks.")
            out.append(item_id)
        return out

    def add(
        self,
        review_id: int,
        *,
        title: str,
        evidence_type: str = "other",
        citation: str = "",
        document_date: dt.date | None = None,
        provided_by: str = "",
        sensitive: bool = False,
        file: Path | None = None,
        item_ids: list[str] | tuple[str, ...] = (),
    ) -> v.EvidenceView:
        """Add a piece of evidence, optionally with a file, linked to ``item_ids``."""
        self.ctx.check(review_id, "evidence.edit")
        title = clean_text(title, "The title", required=True, max_len=2000)
        check_code(self.ctx, "evidence_type", evidence_type)
        citation = clean_text(citation, "The citation")
        provided_by = clean_text(provided_by, "Provided by", max_len=2000)
        sha = size = None
        name = None
        if file is not None:
            # The file goes in first: content-addressed and idempotent, so a failed transaction
            # leaves at most an unreferenced file (reported by `db check`), never a broken row.
            sha, size = self.ctx.files.add_file(Path(file))
            name = Path(file).name
        with self.ctx.workspace.unit_of_work() as s:
            review = get_review(s, review_id)
            items = self._check_items(review, item_ids)
            now = self.ctx.now()
            row = m.Evidence(review_id=review_id, title=title, evidence_type=evidence_type, citation=citation,
                             document_date=document_date, provided_by=provided_by, sensitive=bool(sensitive),
                             file_sha256=sha, file_name=name, file_size=size, created_at=now, updated_at=now)
            row.links = [m.EvidenceLink(item_id=i) for i in items]
            s.add(row)
            s.flush()
            review.updated_at = now
            audit.record(s, at=now, actor=self.ctx.actor.name, action="evidence.add", entity="evidence",
                         review_uid=review.uid, entity_uid=row.uid, after=snapshot(row, EVIDENCE_FIELDS) | {"items": items})
            s.flush()
            return evidence_view(row)

    def update(
        self,
        evidence_id: int,
        *,
        title: str | object = UNSET,
        evidence_type: str | object = UNSET,
        citation: str | object = UNSET,
        document_date: dt.date | None | object = UNSET,
        provided_by: str | object = UNSET,
        sensitive: bool | object = UNSET,
    ) -> v.EvidenceView:
        changes: dict[str, object] = {}
        if title is not UNSET:
            changes["title"] = clean_text(title, "The title", required=True, max_len=2000)  # type: ignore[arg-type]
        if evidence_type is not UNSET:
            changes["evidence_type"] = check_code(self.ctx, "evidence_type", evidence_type)  # type: ignore[arg-type]
        if citation is not UNSET:
            changes["citation"] = clean_text(citation, "The citation")  # type: ignore[arg-type]
        if document_date is not UNSET:
            changes["document_date"] = document_date
        if provided_by is not UNSET:
            changes["provided_by"] = clean_text(provided_by, "Provided by", max_len=2000)  # type: ignore[arg-type]
        if sensitive is not UNSET:
            changes["sensitive"] = bool(sensitive)
        return self._change(evidence_id, "evidence.update", changes)

    def attach_file(self, evidence_id: int, file: Path) -> v.EvidenceView:
        """Attach (or replace) the file of a piece of evidence."""
        with self.ctx.workspace.read() as s:
            self.ctx.check(self._get(s, evidence_id).review_id, "evidence.edit")
        sha, size = self.ctx.files.add_file(Path(file))
        return self._change(evidence_id, "evidence.attach",
                            {"file_sha256": sha, "file_name": Path(file).name, "file_size": size})

    def detach_file(self, evidence_id: int) -> v.EvidenceView:
        """Remove the attached file from a piece of evidence (the record stays). The stored file
        is deleted once no evidence uses it any more."""
        sha = self.get(evidence_id).file_sha256
        view = self._change(evidence_id, "evidence.detach",
                            {"file_sha256": None, "file_name": None, "file_size": None})
        if sha:
            with self.ctx.workspace.read() as s:
                used = s.scalar(select(m.Evidence.id).where(m.Evidence.file_sha256 == sha).limit(1))
            if used is None:
                self.ctx.files.remove(sha)
        return view

    def _change(self, evidence_id: int, action: str, changes: dict[str, object]) -> v.EvidenceView:
        with self.ctx.workspace.unit_of_work() as s:
            row = self._get(s, evidence_id)
            self.ctx.check(row.review_id, "evidence.edit")
            review = get_review(s, row.review_id)
            before = snapshot(row, EVIDENCE_FIELDS)
            for key, value in changes.items():
                setattr(row, key, value)
            now = self.ctx.now()
            row.updated_at = now
            review.updated_at = now
            after = snapshot(row, EVIDENCE_FIELDS)
            keys = [k for k in changes if k in after and before.get(k) != after.get(k)]
            audit.record(s, at=now, actor=self.ctx.actor.name, action=action, entity="evidence",
                         review_uid=review.uid, entity_uid=row.uid,
                         before={k: before[k] for k in keys}, after={k: after[k] for k in keys})
            s.flush()
            return evidence_view(row)

    def link(self, evidence_id: int, item_id: str) -> v.EvidenceView:
        """Link existing evidence to another item (one document often backs several)."""
        with self.ctx.workspace.unit_of_work() as s:
            row = self._get(s, evidence_id)
            self.ctx.check(row.review_id, "evidence.edit")
            review = get_review(s, row.review_id)
            self._check_items(review, [item_id])
            if item_id not in {lk.item_id for lk in row.links}:
                row.links.append(m.EvidenceLink(item_id=item_id))
                now = self.ctx.now()
                review.updated_at = now
                audit.record(s, at=now, actor=self.ctx.actor.name, action="evidence.link", entity="evidence",
                             review_uid=review.uid, entity_uid=row.uid, item_id=item_id)
            s.flush()
            return evidence_view(row)

    def unlink(self, evidence_id: int, item_id: str) -> v.EvidenceView:
        with self.ctx.workspace.unit_of_work() as s:
            row = self._get(s, evidence_id)
            self.ctx.check(row.review_id, "evidence.edit")
            review = get_review(s, row.review_id)
            kept = [lk for lk in row.links if lk.item_id != item_id]
            if len(kept) != len(row.links):
                row.links = kept
                now = self.ctx.now()
                review.updated_at = now
                audit.record(s, at=now, actor=self.ctx.actor.name, action="evidence.unlink", entity="evidence",
                             review_uid=review.uid, entity_uid=row.uid, item_id=item_id)
            s.flush()
            return evidence_view(row)

    def delete(self, evidence_id: int) -> None:
        with self.ctx.workspace.unit_of_work() as s:
            row = self._get(s, evidence_id)
            self.ctx.check(row.review_id, "evidence.edit")
            review = get_review(s, row.review_id)
            sha = row.file_sha256
            audit.record(s, at=self.ctx.now(), actor=self.ctx.actor.name, action="evidence.delete", entity="evidence",
                         review_uid=review.uid, entity_uid=row.uid, before=snapshot(row, EVIDENCE_FIELDS))
            review.updated_at = self.ctx.now()
            s.delete(row)
        if sha:
            with self.ctx.workspace.read() as s:
                used = s.scalar(select(m.Evidence.id).where(m.Evidence.file_sha256 == sha).limit(1))
            if used is None:
                self.ctx.files.remove(sha)

    def list(self, review_id: int, item_id: str | None = None) -> list[v.EvidenceView]:
        self.ctx.check(review_id, "review.read")
        with self.ctx.workspace.read() as s:
            get_review(s, review_id)
            stmt = select(m.Evidence).where(m.Evidence.review_id == review_id).order_by(m.Evidence.id)
            if item_id is not None:
                stmt = stmt.join(m.EvidenceLink).where(m.EvidenceLink.item_id == item_id)
            return [evidence_view(e) for e in s.scalars(stmt)]

    def get(self, evidence_id: int) -> v.EvidenceView:
        with self.ctx.workspace.read() as s:
            row = self._get(s, evidence_id)
            self.ctx.check(row.review_id, "review.read")
            return evidence_view(row)

    def file_path(self, evidence_id: int) -> Path:
        """Where the attached file is stored (opaque; copy it out to open it)."""
        ev = self.get(evidence_id)
        if not ev.file_sha256:
            raise NotFoundError("This evidence has no attached file.")
        path = self.ctx.files.path_for(ev.file_sha256)
        if not path.is_file():
            raise NotFoundError(f"The attached file {ev.file_name} is missing from the data folder.")
        return path

    def export_file(self, evidence_id: int, target_dir: Path) -> Path:
        """Copy the attached file out under its original name, to open it on request."""
        ev = self.get(evidence_id)
        source = self.file_path(evidence_id)
        target_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        safe_name = Path(ev.file_name or "evidence").name or "evidence"
        target = target_dir / safe_name
        return self.ctx.files.copy_out(source.name, target)
