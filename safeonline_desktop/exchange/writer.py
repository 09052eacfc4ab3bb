"""Writing a review file: the review as JSON, its evidence files and a manifest, in one zip,
optionally encrypted. Written to a temporary file beside the target and renamed into place,
so a failed export never leaves a partial file."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import io
import json
import os
import tempfile
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from sqlalchemy.orm import Session

from safeonline_desktop.domain.content import Catalog
from safeonline_desktop.errors import ExportError, NotFoundError, ValidationError
from safeonline_desktop.i18n import tr
from safeonline_desktop.storage import models as m
from safeonline_desktop.storage.engine import describe_os_error
from safeonline_desktop.storage.files import FileStore

from . import container, identity, rows, spec

_CHUNK = 1024 * 1024


@dataclass(frozen=True)
class ExportSummary:
    path: Path
    review_uid: str
    size: int
    sha256: str
    evidence_files: int
    redacted: bool
    encrypted: bool
    #: Row digests of the review as exported (unredacted): this laptop's new synced state.
    state: dict[str, dict[str, str]]


def _zip_time(now: dt.datetime) -> tuple[int, int, int, int, int, int]:
    when = max(now, dt.datetime(1980, 1, 1))
    return (when.year, when.month, when.day, when.hour, when.minute, when.second)


def _info(name: str, now: dt.datetime, method: int) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=_zip_time(now))
    info.compress_type = method
    info.external_attr = (0o100600 & 0xFFFF) << 16  # a regular file, owner read/write
    return info


def _json_method(data: bytes, limits: container.Limits) -> int:
    """Deflate, unless the text is so repetitive that the reader would take it for a zip bomb."""
    if len(data) < limits.ratio_floor:
        return zipfile.ZIP_DEFLATED
    packed = len(zlib.compress(data, 6))
    return zipfile.ZIP_STORED if len(data) > packed * (limits.max_ratio // 2) else zipfile.ZIP_DEFLATED


def build_document(session: Session, catalog: Catalog, review_id: int, *,
                   redact: bool) -> tuple[dict[str, Any], dict[str, dict[str, str]]]:
    """The document to write, and the digests of the review's (unredacted) state."""
    review = session.get(m.Review, review_id)
    if review is None:
        raise NotFoundError(tr("Review {id} does not exist.", id=review_id))
    data = rows.read_review(session, review)
    state = rows.state_digests(data)
    if redact:
        return rows.redact(data, catalog), state
    base = identity.load_synced(session, review.uid)
    if base:
        data["sync_base"] = base
    return data, state


def write_review_file(
    session: Session,
    files: FileStore,
    catalog: Catalog,
    review_id: int,
    target: Path,
    *,
    app_version: str,
    source_id: str,
    source_label: str,
    now: dt.datetime,
    passphrase: str | None = None,
    redact: bool = False,
    limits: container.Limits = container.DEFAULT_LIMITS,
    scrypt_n: int = container.SCRYPT_N,
) -> ExportSummary:
    """Write review ``review_id`` to ``target``; returns what was written."""
    if passphrase is not None and len(passphrase) < container.MIN_PASSPHRASE:
        raise ValidationError(tr("A passphrase needs at least {n} characters.", n=container.MIN_PASSPHRASE))
    data, state = build_document(session, catalog, review_id, redact=redact)
    summary = write_document(data, target, files=files, app_version=app_version, source_id=source_id,
                             source_label=source_label, now=now, passphrase=passphrase, redacted=redact,
                             limits=limits, scrypt_n=scrypt_n)
    return ExportSummary(**{**summary.__dict__, "state": state})


def write_document(
    data: dict[str, Any],
    target: Path,
    *,
    files: FileStore | None,
    app_version: str,
    source_id: str,
    source_label: str,
    now: dt.datetime,
    passphrase: str | None = None,
    redacted: bool = False,
    limits: container.Limits = container.DEFAULT_LIMITS,
    scrypt_n: int = container.SCRYPT_N,
) -> ExportSummary:
    """Write a review document (as :func:`build_document` makes it) and the evidence files it
    names (taken from ``files``) as a review file at ``target``."""
    review_bytes = json.dumps(data, ensure_ascii=False, indent=1, allow_nan=False).encode("utf-8")
    if len(review_bytes) > limits.max_review_json_bytes:
        raise ExportError(tr("The review is too large for one review file ({size} MB of text).",
                             size=len(review_bytes) // 10**6))
    hashes = sorted(rows.evidence_hashes(data))
    sizes: dict[str, int] = {}
    for sha in hashes:
        if files is None:
            raise ExportError(tr("An attached file ({sha}) is missing from the data folder, so the review "
                                 "cannot be exported whole. Run `safeonline db check`.", sha=sha[:12]))
        path = files.path_for(sha)
        try:
            sizes[sha] = path.stat().st_size
        except OSError:
            raise ExportError(tr("An attached file ({sha}) is missing from the data folder, so the review "
                                 "cannot be exported whole. Run `safeonline db check`.", sha=sha[:12])) from None
    total = len(review_bytes) + sum(sizes.values())
    if total > limits.max_total_bytes or len(hashes) + 2 > limits.max_entries:
        raise ExportError(tr("The review and its attached files ({size} MB) are too large for one review file "
                             "(at most {limit} MB).", size=total // 10**6, limit=limits.max_total_bytes // 10**6))

    manifest: dict[str, Any] = {
        "format": spec.FORMAT_NAME,
        "format_version": spec.FORMAT_VERSION,
        "app_version": app_version,
        "created_at": now.replace(tzinfo=None).isoformat(),
        "source_id": source_id,
        "source_label": source_label,
        "review_uid": data["review"]["uid"],
        "packs": [{"id": p["pack_id"], "version": p["pack_version"]} for p in data["packs"]],
        "redacted": bool(redacted),
        "encryption": {"cipher": container.CIPHER, "kdf": container.KDF} if passphrase else None,
        "entries": {},
    }

    target = Path(target)
    folder = target.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise ExportError(tr("The review file cannot be written to {folder}: {problem}.",
                             folder=folder, problem=describe_os_error(exc))) from exc
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "w+b") as out:
            sink: BinaryIO = io.BytesIO() if passphrase else out
            _write_zip(sink, manifest, review_bytes, hashes, sizes, files, now, limits)
            if passphrase:
                assert isinstance(sink, io.BytesIO)
                out.write(container.encrypt(sink.getvalue(), passphrase, n=scrypt_n))
            out.flush()
            os.fsync(out.fileno())
        digest = hashlib.sha256()
        with open(tmp, "rb") as fh:
            for chunk in iter(lambda: fh.read(_CHUNK), b""):
                digest.update(chunk)
        size = tmp.stat().st_size
        os.replace(tmp, target)
    except ExportError:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise ExportError(tr("The review file could not be written: {problem}.", problem=describe_os_error(exc))) from exc
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    return ExportSummary(path=target, review_uid=data["review"]["uid"], size=size, sha256=digest.hexdigest(),
                         evidence_files=len(hashes), redacted=bool(redacted), encrypted=bool(passphrase),
                         state=rows.state_digests(data))


def _write_zip(sink: BinaryIO, manifest: dict[str, Any], review_bytes: bytes, hashes: list[str],
               sizes: dict[str, int], files: FileStore | None, now: dt.datetime, limits: container.Limits) -> None:
    entries: dict[str, dict[str, Any]] = manifest["entries"]
    with zipfile.ZipFile(sink, "w", allowZip64=True) as zf:
        zf.writestr(_info(container.REVIEW_JSON, now, _json_method(review_bytes, limits)), review_bytes)
        entries[container.REVIEW_JSON] = {"sha256": hashlib.sha256(review_bytes).hexdigest(), "size": len(review_bytes)}
        for sha in hashes:
            name = container.EVIDENCE_PREFIX + sha
            info = _info(name, now, zipfile.ZIP_STORED)  # documents are mostly compressed already
            info.file_size = sizes[sha]
            digest = hashlib.sha256()
            written = 0
            assert files is not None
            with open(files.path_for(sha), "rb") as src, zf.open(info, "w") as dst:
                for chunk in iter(lambda: src.read(_CHUNK), b""):
                    digest.update(chunk)
                    written += len(chunk)
                    dst.write(chunk)
            if digest.hexdigest() != sha:
                raise ExportError(tr("An attached file ({sha}) in the data folder is damaged (it no longer matches "
                                     "its checksum), so the review cannot be exported. Run `safeonline db check`.",
                                     sha=sha[:12]))
            entries[name] = {"sha256": sha, "size": written}
        manifest_bytes = json.dumps(manifest, ensure_ascii=False, indent=1).encode("utf-8")
        zf.writestr(_info(container.MANIFEST, now, zipfile.ZIP_DEFLATED), manifest_bytes)
