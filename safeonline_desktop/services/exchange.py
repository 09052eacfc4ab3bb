"""Review files in and out of the workspace: export, preview, import and merge.

The file format and every check live in :mod:`safeonline_desktop.exchange`; this module runs
them inside the workspace's units of work. An import verifies the whole file first, then
stores the evidence files (content-addressed, so a stored file is harmless if the write fails
-- and new ones are removed again), then writes the review in one transaction.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from safeonline_desktop import __version__
from safeonline_desktop.errors import ImportRejected, SafeOnlineError, ValidationError
from safeonline_desktop.exchange import container, identity, importer
from safeonline_desktop.exchange.container import Limits
from safeonline_desktop.exchange.importer import ImportPreview
from safeonline_desktop.exchange.reader import VerifiedFile, read_review_file
from safeonline_desktop.exchange.writer import ExportSummary, write_review_file
from safeonline_desktop.i18n import tr
from safeonline_desktop.storage import audit
from safeonline_desktop.storage import models as m

from .context import ServiceContext
from .convert import get_review
from .reviews import _on_created

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]


@dataclass(frozen=True)
class ImportOutcome:
    preview: ImportPreview
    review_id: int | None
    written: bool
    evidence_added: int = 0


@dataclass(frozen=True)
class BatchResult:
    path: Path
    outcome: ImportOutcome | None
    error: SafeOnlineError | None


class ExchangeService:
    def __init__(self, ctx: ServiceContext, *, limits: Limits = container.DEFAULT_LIMITS,
                 scrypt_n: int = container.SCRYPT_N, app_version: str = __version__) -> None:
        self.ctx = ctx
        self.limits = limits
        self.scrypt_n = scrypt_n
        self.app_version = app_version
        self._new_folders: set[str] = set()

    # -- this laptop ----------------------------------------------------------------------
    def identity(self) -> identity.WorkspaceIdentity:
        """This workspace's id and label as written into review files (created on first use)."""
        with self.ctx.workspace.read() as s:
            found = identity.peek_identity(s)
        if found is not None:
            return found
        with self.ctx.workspace.unit_of_work() as s:
            return identity.ensure_identity(s)

    def set_label(self, label: str) -> identity.WorkspaceIdentity:
        """Name this laptop in the files it exports (e.g. "Field laptop 2")."""
        label = identity.clean_label(label)
        with self.ctx.workspace.unit_of_work() as s:
            before = identity.ensure_identity(s).label
            result = identity.set_label(s, label)
            audit.record(s, at=self.ctx.now(), actor=self.ctx.actor.name, action="workspace.label",
                         entity="workspace", review_uid=None, entity_uid=result.id,
                         before={"label": before}, after={"label": label})
            return result

    # -- export ---------------------------------------------------------------------------
    def export_review(self, review_id: int, target: Path, *, passphrase: str | None = None,
                      redact: bool = False) -> ExportSummary:
        """Write a review file; ``passphrase`` encrypts it, ``redact`` leaves out sensitive content."""
        self.ctx.check(review_id, "review.export")
        if passphrase is not None and len(passphrase) < container.MIN_PASSPHRASE:
            raise ValidationError(tr("A passphrase needs at least {n} characters.", n=container.MIN_PASSPHRASE))
        ident = self.identity()
        now = self.ctx.now()
        with self.ctx.workspace.read() as s:
            uid = get_review(s, review_id).uid
            summary = write_review_file(
                s, self.ctx.files, self.ctx.catalog, review_id, Path(target), app_version=self.app_version,
                source_id=ident.id, source_label=ident.label, now=now, passphrase=passphrase, redact=redact,
                limits=self.limits, scrypt_n=self.scrypt_n)
        with self.ctx.workspace.unit_of_work() as s:
            identity.save_synced(s, uid, summary.state)
            audit.record(s, at=now, actor=self.ctx.actor.name, action="review.export", entity="review",
                         review_uid=uid, entity_uid=uid,
                         after={"file": summary.path.name, "file_sha256": summary.sha256, "redacted": summary.redacted,
                                "encrypted": summary.encrypted, "evidence_files": summary.evidence_files})
        return summary

    # -- import ---------------------------------------------------------------------------
    def _open(self, path: Path, passphrase: str | None, progress: Progress | None,
              cancelled: Cancelled | None) -> VerifiedFile:
        return read_review_file(Path(path), catalog=self.ctx.catalog, passphrase=passphrase, limits=self.limits,
                                progress=progress, cancelled=cancelled)

    def inspect(self, path: Path, *, passphrase: str | None = None, progress: Progress | None = None,
                cancelled: Cancelled | None = None) -> ImportPreview:
        """Verify a file and say what importing it would do. Writes nothing."""
        self.ctx.check(None, "review.import")
        with self._open(path, passphrase, progress, cancelled) as vf, self.ctx.workspace.read() as s:
            return importer.preview(s, vf, self.ctx.files.has)

    def import_file(
        self,
        path: Path,
        *,
        passphrase: str | None = None,
        resolutions: Mapping[str, str] | None = None,
        expect_sha256: str | None = None,
        dry_run: bool = False,
        progress: Progress | None = None,
        cancelled: Cancelled | None = None,
    ) -> ImportOutcome:
        """Verify, then import or merge one review file.

        ``resolutions`` maps each conflict's id (:attr:`Conflict.id`) to ``mine``, ``theirs``
        or ``both``; a merge with an unresolved conflict is refused. ``expect_sha256`` (from a
        preview) refuses a file that changed since it was previewed. ``dry_run`` only previews.
        """
        self.ctx.check(None, "review.import")
        with self._open(path, passphrase, progress, cancelled) as vf:
            if expect_sha256 is not None and vf.file_sha256 != expect_sha256:
                raise ImportRejected(tr("The file {name} changed after it was previewed; preview it again.",
                                        name=vf.file_name))
            with self.ctx.workspace.read() as s:
                preview = importer.preview(s, vf, self.ctx.files.has)
            if preview.existing_review_id is not None and not dry_run:
                self.ctx.check(preview.existing_review_id, "review.edit")  # a merge changes that review
            if dry_run or preview.action == importer.UP_TO_DATE:
                return ImportOutcome(preview, preview.existing_review_id, written=False)
            chosen = dict(resolutions or {})
            missing = [c for c in preview.conflicts if c.id not in chosen]
            if missing:
                raise ImportRejected(tr("Conflicts between the file and this workspace that need a choice (keep mine, "
                                        "keep theirs or keep both) before the file can be imported: {n}.",
                                        n=len(missing)))
            added = self._store_files(vf)
            try:
                with self.ctx.workspace.unit_of_work() as s:
                    done, review_id = importer.apply(s, vf, self.ctx.catalog, resolutions=chosen,
                                                     actor=self.ctx.actor.name, now=self.ctx.now())
                    if preview.existing_review_id is None:
                        # Like a review created here: on a laptop with profiles, the importing
                        # lead's team gets it, and no other team sees it.
                        _on_created(self.ctx, s, s.get(m.Review, review_id))
            except IntegrityError as exc:
                self._forget_files(added)
                raise ImportRejected(tr("The review file contradicts records in this workspace, so nothing was "
                                        "imported.")) from exc
            except BaseException:
                self._forget_files(added)
                raise
            return ImportOutcome(done, review_id, written=True, evidence_added=len(added))

    def import_files(self, paths: Iterable[Path], *, passphrase: str | None = None,
                     resolve_all: str | None = None, dry_run: bool = False) -> list[BatchResult]:
        """Import several files one by one; a refused file does not stop the others.

        ``resolve_all`` (mine/theirs/both) answers every conflict; without it a file with
        conflicts is refused and left for the app, where each can be chosen.
        """
        if resolve_all is not None and resolve_all not in importer.CHOICES:
            raise ValidationError(tr("Unknown choice {choice!r} for a conflict; use mine, theirs or both.",
                                     choice=resolve_all))
        results: list[BatchResult] = []
        for path in paths:
            path = Path(path)
            try:
                resolutions = None
                if resolve_all is not None and not dry_run:
                    preview = self.inspect(path, passphrase=passphrase)
                    resolutions = {c.id: resolve_all for c in preview.conflicts}
                    outcome = self.import_file(path, passphrase=passphrase, resolutions=resolutions,
                                               expect_sha256=preview.file_sha256)
                else:
                    outcome = self.import_file(path, passphrase=passphrase, dry_run=dry_run)
                results.append(BatchResult(path, outcome, None))
            except SafeOnlineError as exc:
                results.append(BatchResult(path, None, exc))
        return results

    # -- evidence files -------------------------------------------------------------------
    def _store_files(self, vf: VerifiedFile) -> list[str]:
        """Copy the file's evidence into the file store; returns the hashes that were new."""
        added: list[str] = []
        root = self.ctx.files.root
        self._new_folders = {sha[:2] for sha in vf.evidence if not (root / sha[:2]).is_dir()}
        try:
            for sha in sorted(vf.evidence):
                if self.ctx.files.has(sha):
                    continue
                try:
                    got, _size = self.ctx.files.add_stream(vf.evidence_chunks(sha))
                except SafeOnlineError:
                    raise
                except Exception as exc:  # the archive changed on disk after it was verified
                    raise ImportRejected(tr("The review file changed or became unreadable while it was imported; "
                                            "nothing was imported.")) from exc
                if got != sha:
                    if got not in added and not self._in_use(got):
                        self.ctx.files.remove(got)
                    raise ImportRejected(tr("The review file changed or became unreadable while it was imported; "
                                            "nothing was imported."))
                added.append(sha)
        except BaseException:
            self._forget_files(added)
            raise
        return added

    def _in_use(self, sha: str) -> bool:
        with self.ctx.workspace.read() as s:
            return s.scalar(select(m.Evidence.id).where(m.Evidence.file_sha256 == sha).limit(1)) is not None

    def _forget_files(self, hashes: list[str]) -> None:
        """Take out files this import stored (unless something uses them by now), with the
        sub-folders it created, so a failed import leaves the evidence folder as it was."""
        for sha in hashes:
            with contextlib.suppress(SafeOnlineError, OSError):
                if not self._in_use(sha):
                    path = self.ctx.files.path_for(sha)
                    self.ctx.files.remove(sha)
                    if path.parent.name in self._new_folders:
                        path.parent.rmdir()  # only if empty


def exchange_service(services) -> ExchangeService:
    """The bundle's exchange service if it has one, else one on the same context."""
    found = getattr(services, "exchange", None)
    return found if isinstance(found, ExchangeService) else ExchangeService(services.ctx)
