"""Opening and verifying a review file. Nothing here writes anything.

Everything is checked before the importer may touch the workspace: the container (and its
decryption), the zip's structure and sizes, every entry's name, size and SHA-256 against the
manifest, ``review.json`` against the published schema of its format version, and its meaning
against this app's content (packs and their versions, items, codes, references). Any problem
raises :class:`ImportRejected` with a sentence a person can act on.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import math
import re
import stat
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import best_match

from safeonline_desktop.domain.content import LANGUAGES, Catalog
from safeonline_desktop.domain.countries import is_country
from safeonline_desktop.errors import ImportRejected
from safeonline_desktop.i18n import tr

from . import container, rows, schema, spec
from .container import Limits

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]
_CHUNK = 1024 * 1024
#: Everything that a malformed zip can make :mod:`zipfile` raise.
_ZIP_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError, NotImplementedError,
               zlib.error, RuntimeError, struct.error, IndexError, KeyError, OverflowError)
_DRIVE = re.compile(r"^[A-Za-z]:")


class ImportCancelled(ImportRejected):
    """The person cancelled; nothing was written."""


@dataclass(frozen=True)
class Manifest:
    format_version: int
    app_version: str
    created_at: dt.datetime
    source_id: str
    source_label: str
    review_uid: str
    packs: tuple[tuple[str, str], ...]
    redacted: bool
    encryption: dict[str, str] | None
    entries: dict[str, tuple[str, int]]


@dataclass
class VerifiedFile:
    """A review file that passed every check; keeps the archive open to copy evidence from."""

    path: Path
    file_sha256: str
    file_size: int
    encrypted: bool
    manifest: Manifest
    document: dict[str, Any]
    evidence: dict[str, int]  # sha256 -> size
    _zip: zipfile.ZipFile = field(repr=False)
    _handle: IO[bytes] | None = field(default=None, repr=False)

    @property
    def file_name(self) -> str:
        return self.path.name

    def evidence_chunks(self, sha256: str) -> Iterator[bytes]:
        with self._zip.open(container.EVIDENCE_PREFIX + sha256) as fh:
            yield from iter(lambda: fh.read(_CHUNK), b"")

    def close(self) -> None:
        self._zip.close()
        if self._handle is not None:
            self._handle.close()

    def __enter__(self) -> VerifiedFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _reject(message: str) -> ImportRejected:
    return ImportRejected(message)


def _short(text: str, limit: int = 200) -> str:
    text = str(text)
    return text if len(text) <= limit else text[:limit] + "…"


# -- the container ------------------------------------------------------------------------

def _hash_file(fh: IO[bytes], size: int, progress: Progress | None, cancelled: Cancelled | None) -> str:
    digest = hashlib.sha256()
    done = 0
    fh.seek(0)
    for chunk in iter(lambda: fh.read(_CHUNK), b""):
        digest.update(chunk)
        done += len(chunk)
        _tick(done, size, progress, cancelled)
    fh.seek(0)
    return digest.hexdigest()


def _share(progress: Progress | None, start: int, span: int) -> Progress | None:
    """Report ``done/total`` of one phase as a share of 1000 (``start`` to ``start + span``)."""
    if progress is None:
        return None
    return lambda done, total: progress(start + (span * done // total if total else 0), 1000)


def _tick(done: int, total: int, progress: Progress | None, cancelled: Cancelled | None) -> None:
    if cancelled is not None and cancelled():
        raise ImportCancelled(tr("The import was cancelled; nothing was written."))
    if progress is not None:
        progress(done, total)


def _central_directory(fh: IO[bytes], limits: Limits) -> None:
    """Refuse an absurd central directory before :mod:`zipfile` builds it in memory."""
    try:
        end = zipfile._EndRecData(fh)  # type: ignore[attr-defined]  # stable since Python 2
    except (OSError, struct.error, ValueError):
        end = None
    if not end:
        raise _reject(tr("The file is not a SafeOnline review file, or it is damaged (no zip directory was found)."))
    entries, size = end[zipfile._ECD_ENTRIES_TOTAL], end[zipfile._ECD_SIZE]  # type: ignore[attr-defined]
    if entries > limits.max_entries or size > limits.max_entries * 1024:
        raise _reject(tr("The review file holds more than {n} entries; it was not imported.", n=limits.max_entries))
    fh.seek(0)


def open_container(path: Path, passphrase: str | None, limits: Limits,
                   progress: Progress | None = None, cancelled: Cancelled | None = None,
                   ) -> tuple[zipfile.ZipFile, IO[bytes] | None, str, int, bool]:
    """The zip inside ``path`` (decrypted if need be), the open handle, sha256, size, encrypted."""
    try:
        size = path.stat().st_size
        if not path.is_file():
            raise _reject(tr("The path {name} is not a file.", name=path.name))
    except OSError as exc:
        raise _reject(tr("The file {name} cannot be read: {problem}.", name=path.name, problem=exc.strerror or exc)) from exc
    if size > limits.max_file_bytes:
        raise _reject(tr("The file is {size} MB; review files up to {limit} MB can be imported.",
                      size=size // 10**6, limit=limits.max_file_bytes // 10**6))
    try:
        handle: IO[bytes] = open(path, "rb")  # noqa: SIM115 - kept open while evidence is copied
    except OSError as exc:
        raise _reject(tr("The file {name} cannot be read: {problem}.", name=path.name, problem=exc.strerror or exc)) from exc
    try:
        head = handle.read(64)
        if container.is_encrypted(head):
            handle.seek(0)
            data = handle.read(limits.max_file_bytes + 1)
            handle.close()
            sha = hashlib.sha256(data).hexdigest()
            _tick(len(data), len(data), progress, cancelled)
            inner = container.decrypt(data, passphrase)
            del data
            source: IO[bytes] = io.BytesIO(inner)
            if not inner.startswith(container.ZIP_MAGIC):
                raise _reject(tr("The review file is damaged: its decrypted content is not a review archive."))
            kept: IO[bytes] | None = None
            encrypted = True
        elif head.startswith(container.ZIP_MAGIC):
            sha = _hash_file(handle, size, progress, cancelled)
            source = kept = handle
            encrypted = False
        else:
            raise _reject(tr("The file {name} is not a SafeOnline review file.", name=path.name))
        _central_directory(source, limits)
        try:
            archive = zipfile.ZipFile(source)
        except _ZIP_ERRORS as exc:
            raise _reject(tr("The review file is damaged and cannot be opened ({problem}).", problem=_short(exc))) from exc
        return archive, kept, sha, size, encrypted
    except BaseException:
        handle.close()
        raise


# -- the archive --------------------------------------------------------------------------

def _check_name(name: str) -> None:
    parts = name.split("/")
    escapes = (
        name.startswith("/") or "\\" in name or "\x00" in name or _DRIVE.match(name) is not None
        or any(p in ("..", ".") for p in parts)
    )
    if escapes:
        raise _reject(tr("The review file contains a path that points outside the archive ({name}); "
                      "it was not imported.", name=_short(repr(name), 80)))


def _check_entries(archive: zipfile.ZipFile, limits: Limits) -> dict[str, zipfile.ZipInfo]:
    infos = archive.infolist()
    if len(infos) > limits.max_entries:
        raise _reject(tr("The review file holds more than {n} entries; it was not imported.", n=limits.max_entries))
    by_name: dict[str, zipfile.ZipInfo] = {}
    total = 0
    for info in infos:
        _check_name(info.orig_filename)
        _check_name(info.filename)
        if info.filename in by_name:
            raise _reject(tr("The review file holds the entry {name} twice; it was not imported.", name=info.filename))
        mode = info.external_attr >> 16
        if stat.S_ISLNK(mode):
            raise _reject(tr("The review file contains a link ({name}); links are not allowed in review files.",
                          name=_short(info.filename, 80)))
        name = info.filename
        if name == container.MANIFEST:
            cap = limits.max_manifest_bytes
        elif name == container.REVIEW_JSON:
            cap = limits.max_review_json_bytes
        elif container.EVIDENCE_NAME.match(name):
            cap = limits.max_entry_bytes
        else:
            raise _reject(tr("The review file holds an entry that does not belong in a review file ({name}).",
                          name=_short(repr(name), 80)))
        if info.flag_bits & 0x1:
            raise _reject(tr("The review file's entries are protected with zip encryption, which SafeOnline Desktop "
                          "does not use; it was not imported."))
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise _reject(tr("The review file uses a kind of compression SafeOnline Desktop does not read."))
        if info.file_size > cap:
            raise _reject(tr("The entry {name} of the review file is too large ({size} MB; at most {limit} MB).",
                          name=name, size=info.file_size // 10**6, limit=cap // 10**6))
        total += info.file_size
        if total > limits.max_total_bytes:
            raise _reject(tr("The review file would unpack to more than {limit} MB; it was not imported.",
                          limit=limits.max_total_bytes // 10**6))
        if info.file_size >= limits.ratio_floor and info.file_size > max(info.compress_size, 1) * limits.max_ratio:
            raise _reject(tr("The entry {name} of the review file is compressed more than {ratio} to 1, as a zip bomb "
                          "would be; it was not imported.", name=name, ratio=limits.max_ratio))
        by_name[name] = info
    return by_name


def _read_entry(archive: zipfile.ZipFile, info: zipfile.ZipInfo, expected: tuple[str, int] | None,
                keep: bool, counter: list[int], total: int, progress: Progress | None,
                cancelled: Cancelled | None) -> bytes:
    """Read one entry, never more than it declares, checking its hash against the manifest."""
    digest = hashlib.sha256()
    parts: list[bytes] = []
    size = 0
    try:
        with archive.open(info) as fh:
            while True:
                chunk = fh.read(_CHUNK)
                if not chunk:
                    break
                size += len(chunk)
                if size > info.file_size:
                    raise _reject(tr("The entry {name} of the review file is larger than it declares; it was not "
                                  "imported.", name=info.filename))
                digest.update(chunk)
                if keep:
                    parts.append(chunk)
                counter[0] += len(chunk)
                _tick(counter[0], total, progress, cancelled)
    except ImportRejected:
        raise
    except _ZIP_ERRORS as exc:
        raise _reject(tr("The entry {name} of the review file is damaged ({problem}).",
                      name=info.filename, problem=_short(exc))) from exc
    if expected is not None and (digest.hexdigest() != expected[0] or size != expected[1]):
        raise _reject(tr("The entry {name} of the review file was changed or damaged: it does not match the "
                      "checksum in the manifest.", name=info.filename))
    return b"".join(parts)


# -- JSON ---------------------------------------------------------------------------------

def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise ValueError(f"duplicate key {key!r}")
        out[key] = value
    return out


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def parse_json(data: bytes, what: str) -> Any:
    try:
        return json.loads(data.decode("utf-8"), object_pairs_hook=_no_duplicates, parse_constant=_no_constant)
    except RecursionError as exc:
        raise _reject(tr("The review file's {what} is nested too deeply.", what=what)) from exc
    except ValueError as exc:
        raise _reject(tr("The review file's {what} is not valid JSON ({problem}).", what=what, problem=_short(exc))) from exc


def _validate(instance: Any, sch: dict[str, Any], what: str) -> None:
    try:
        error = best_match(Draft202012Validator(sch).iter_errors(instance))
    except RecursionError as exc:
        raise _reject(tr("The review file's {what} is nested too deeply.", what=what)) from exc
    if error is not None:
        where = "/".join(str(p) for p in error.absolute_path) or "(top)"
        raise _reject(tr("The review file's {what} does not follow the published format, at {where}: {problem}.",
                      what=what, where=_short(where, 120), problem=_short(error.message).rstrip(".")))


#: Deepest nesting accepted anywhere in the JSON (the format itself needs five levels).
MAX_DEPTH = 64


def _check_text(value: Any) -> None:
    """Every string must be storable (JSON can carry lone surrogates; SQLite cannot), and no
    value may be nested deeper than :data:`MAX_DEPTH` (deep values break JSON writers later)."""
    stack = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise _reject(tr("The review file is nested too deeply to be read."))
        if isinstance(item, str):
            try:
                item.encode("utf-8")
            except UnicodeEncodeError:
                raise _reject(tr("The review file contains text that cannot be stored (an invalid character).")) from None
        elif isinstance(item, float) and not math.isfinite(item):  # 1e999 reads as infinity
            raise _reject(tr("The review file contains a number too large to be stored."))
        elif isinstance(item, dict):
            stack.extend((k, depth + 1) for k in item.keys())
            stack.extend((v, depth + 1) for v in item.values())
        elif isinstance(item, list):
            stack.extend((v, depth + 1) for v in item)


def read_manifest(data: bytes) -> Manifest:
    raw = parse_json(data, "manifest.json")
    if not isinstance(raw, dict) or raw.get("format") != spec.FORMAT_NAME:
        raise _reject(tr("The file is not a SafeOnline review file (its manifest does not say so)."))
    version = raw.get("format_version")
    if isinstance(version, int) and not isinstance(version, bool) and version > spec.FORMAT_VERSION:
        raise _reject(tr("The review file was made by a newer version of SafeOnline Desktop (file format {found}; this "
                      "version reads up to {supported}). Update SafeOnline Desktop to import it.",
                      found=version, supported=spec.FORMAT_VERSION))
    _check_text(raw)
    _validate(raw, schema.manifest_schema(), "manifest.json")
    try:
        created = dt.datetime.fromisoformat(raw["created_at"])
    except ValueError as exc:
        raise _reject(tr("The review file's manifest.json has an impossible date ({problem}).", problem=exc)) from exc
    return Manifest(
        format_version=version,
        app_version=raw["app_version"],
        created_at=created,
        source_id=raw["source_id"],
        source_label=raw["source_label"],
        review_uid=raw["review_uid"],
        packs=tuple((p["id"], p["version"]) for p in raw["packs"]),
        redacted=raw["redacted"],
        encryption=raw["encryption"],
        entries={name: (e["sha256"], e["size"]) for name, e in raw["entries"].items()},
    )


# -- meaning ------------------------------------------------------------------------------

def _version_tuple(text: str) -> tuple[int, ...] | None:
    try:
        return tuple(int(p) for p in text.split("."))
    except ValueError:
        return None


def check_packs(packs: list[tuple[str, str]], catalog: Catalog) -> None:
    if len({p for p, _ in packs}) != len(packs):
        raise _reject(tr("The review file names a content pack twice."))
    for pack_id, version in packs:
        framework = catalog.frameworks.get(pack_id)
        if framework is None:
            raise _reject(tr("The review uses the content pack {pack}, which this version of SafeOnline Desktop does "
                          "not have. It was not imported.", pack=_short(pack_id, 64)))
        theirs, ours = _version_tuple(version), _version_tuple(framework.version)
        if theirs is None or ours is None:
            raise _reject(tr("The review file gives an unreadable version ({version}) for the content pack {pack}.",
                          version=_short(version, 32), pack=pack_id))
        if theirs > ours:
            raise _reject(tr("The review uses version {theirs} of the content pack {pack}, newer than this app's version "
                          "{ours}. Update SafeOnline Desktop to import it.", theirs=version, pack=pack_id,
                          ours=framework.version))


def _code_ok(catalog: Catalog, vocab: str, value: Any) -> bool:
    if vocab.startswith("scale:"):
        scale = catalog.scales.get(vocab[6:])
        return scale is not None and value in scale.codes()
    return vocab in catalog.vocabularies and value in catalog.vocabulary_codes(vocab)


def check_document(doc: dict[str, Any], manifest: Manifest, catalog: Catalog, evidence: dict[str, int]) -> None:
    """What the schema cannot say: the review's meaning against this app's content."""
    review = doc["review"]
    if review["uid"] != manifest.review_uid:
        raise _reject(tr("The review file's manifest and review.json describe different reviews."))
    packs = [(p["pack_id"], p["pack_version"]) for p in doc["packs"]]
    if tuple(packs) != manifest.packs:
        raise _reject(tr("The review file's manifest and review.json list different content packs."))
    check_packs(packs, catalog)
    pack_ids = {p for p, _ in packs}
    if not is_country(review["country_code"]):
        raise _reject(tr("The review file gives an unknown country code ({code}).", code=review["country_code"]))
    if review["language"] not in LANGUAGES:
        raise _reject(tr("The review file gives an unknown language ({code}).", code=_short(review["language"], 16)))
    if not review["title"].strip():
        raise _reject(tr("The review in the file has no title."))
    _check_values(spec.REVIEW, review, catalog, "review")
    if review["period_start"] and review["period_end"] and review["period_end"] < review["period_start"]:
        raise _reject(tr("The review's period in the file ends before it starts."))

    def check_item(item_id: Any, where: str) -> None:
        if item_id is None:
            return
        if not catalog.has_item(item_id) or catalog.item(item_id).framework_id not in pack_ids:
            raise _reject(tr("The review file refers to the checklist item {item}, which is not part of the review's "
                          "frameworks in this version of SafeOnline Desktop ({where}).",
                          item=_short(repr(item_id), 40), where=where))

    keys: dict[str, set[Any]] = {}
    for sec in spec.SECTIONS:
        seen: set[Any] = set()
        for n, row in enumerate(doc.get(sec.name, ())):
            where = f"{sec.name} {n + 1}"
            key = row[sec.key]
            if key is None or key in seen:
                raise _reject(tr("The review file has two {section} with the same identity ({key}).",
                              section=sec.name, key=_short(str(key), 40)))
            seen.add(key)
            for name in sec.item_fields:
                check_item(row[name], where)
            for child in sec.children:
                for value in row[child.name]:
                    if child.ref is not None:
                        if value not in keys.get(child.ref, set()):
                            raise _reject(tr("In the review file, {where} refers to a missing {section} entry.",
                                             where=where, section=child.ref))
                    elif child.item_ids:
                        check_item(value, where)
            for ref in sec.refs:
                target = row[ref.name]
                if target is not None and target not in keys.get(ref.section, set()):
                    raise _reject(tr("In the review file, {where} refers to a missing {section} entry.",
                                  where=where, section=ref.section))
            _check_values(sec, row, catalog, where)
        keys[sec.name] = seen

    for row in doc.get("assessments", ()):
        item = catalog.item(row["item_id"])
        if row.get("phase") and "mnr_phase" not in catalog.framework(item.framework_id).scale_ids:
            raise _reject(tr("The review file gives an MNR phase to {item}, which is not rated in phases.", item=item.id))
        known = {q.id for q in item.guiding_questions}
        done = row.get("questions_done") or []
        if len(set(done)) != len(done) or any(q not in known for q in done):
            raise _reject(tr("The review file ticks unknown guiding questions for {item}.", item=item.id))

    referenced: dict[str, int | None] = {}
    for row in doc.get("evidence", ()):
        sha = row.get("file_sha256")
        if sha:
            if sha not in evidence:
                raise _reject(tr("The review file is incomplete: the attached file of the evidence “{title}” is missing.",
                              title=_short(row["title"], 80)))
            if row.get("file_size") is not None and row["file_size"] != evidence[sha]:
                raise _reject(tr("The size recorded for the attached file of the evidence “{title}” does not match the "
                              "file.", title=_short(row["title"], 80)))
            referenced[sha] = row.get("file_size")
    unused = set(evidence) - set(referenced)
    if unused:
        raise _reject(tr("The review file holds attached files that no evidence refers to; it was not imported."))


def _check_values(sec: spec.Section, row: dict[str, Any], catalog: Catalog, where: str) -> None:
    for name, vocab in sec.codes.items():
        value = row.get(name)
        if value is None and sec.model.__table__.c[name].nullable:
            continue
        if not _code_ok(catalog, vocab, value):
            raise _reject(tr("The review file gives an unknown value {value} for {field} ({where}).",
                          value=_short(repr(value), 40), field=name, where=where))
    for name in sec.fields:
        value = row.get(name)
        if isinstance(value, str) and name not in sec.codes:
            try:
                rows.from_json(sec.model, name, value)
            except ValueError as exc:
                raise _reject(tr("The review file has an impossible date or time in {where} ({problem}).",
                              where=where, problem=_short(exc))) from exc


def upgrade_document(doc: dict[str, Any], version: int) -> dict[str, Any]:
    """Fill in what a file of an older format version lacks, with the columns' defaults."""
    if version == spec.FORMAT_VERSION:
        return doc
    for sec in (spec.REVIEW, spec.PACKS, *spec.SECTIONS):  # pragma: no cover - no older format exists yet
        rows_ = [doc[sec.name]] if sec is spec.REVIEW else doc.setdefault(sec.name, [])
        for row in rows_:
            for name in sec.fields:
                if name not in row:
                    row[name] = rows.to_json(sec.model, name, rows.column_default(sec.model, name))
    doc["format_version"] = spec.FORMAT_VERSION
    return doc


# -- the whole check ----------------------------------------------------------------------

def read_review_file(
    path: Path,
    *,
    catalog: Catalog,
    passphrase: str | None = None,
    limits: Limits = container.DEFAULT_LIMITS,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> VerifiedFile:
    """Open ``path`` and verify all of it; the caller must close the result."""
    path = Path(path)
    # Progress: reading (and decrypting) the file is the first fifth, checking its entries the rest.
    first = _share(progress, 0, 200)
    rest = _share(progress, 200, 800)
    archive, handle, sha, size, encrypted = open_container(path, passphrase, limits, first, cancelled)
    try:
        return _verify(path, archive, handle, sha, size, encrypted, catalog, limits, rest, cancelled)
    except ImportRejected:
        archive.close()
        if handle is not None:
            handle.close()
        raise
    except RecursionError as exc:
        archive.close()
        if handle is not None:
            handle.close()
        raise _reject(tr("The review file is nested too deeply to be read.")) from exc
    except BaseException:
        archive.close()
        if handle is not None:
            handle.close()
        raise


def _verify(path: Path, archive: zipfile.ZipFile, handle: IO[bytes] | None, sha: str, size: int, encrypted: bool,
            catalog: Catalog, limits: Limits, progress: Progress | None, cancelled: Cancelled | None) -> VerifiedFile:
    infos = _check_entries(archive, limits)
    if container.MANIFEST not in infos:
        raise _reject(tr("The file is not a SafeOnline review file (it has no manifest)."))
    counter = [0]
    total = sum(i.file_size for i in infos.values()) or 1
    manifest = read_manifest(_read_entry(archive, infos[container.MANIFEST], None, True, counter, total,
                                         progress, cancelled))
    listed = set(manifest.entries)
    present = set(infos) - {container.MANIFEST}
    for name in sorted(listed - present):
        raise _reject(tr("The review file is incomplete: {name} is listed in its manifest but missing.",
                      name=_short(name, 80)))
    for name in sorted(present - listed):
        raise _reject(tr("The review file holds an entry its manifest does not list ({name}).", name=_short(name, 80)))
    if container.REVIEW_JSON not in present:
        raise _reject(tr("The review file is incomplete: review.json is missing."))
    evidence: dict[str, int] = {}
    for name in sorted(present):
        expected = manifest.entries[name]
        match = container.EVIDENCE_NAME.match(name)
        if match and match.group(1) != expected[0]:
            raise _reject(tr("The entry {name} of the review file does not match its checksum in the manifest.", name=name))
        if expected[1] != infos[name].file_size:
            raise _reject(tr("The entry {name} of the review file was changed or damaged: its size does not match the "
                          "manifest.", name=name))
    review_bytes = _read_entry(archive, infos[container.REVIEW_JSON], manifest.entries[container.REVIEW_JSON],
                               True, counter, total, progress, cancelled)
    for name in sorted(present - {container.REVIEW_JSON}):
        _read_entry(archive, infos[name], manifest.entries[name], False, counter, total, progress, cancelled)
        evidence[name[len(container.EVIDENCE_PREFIX):]] = manifest.entries[name][1]
    doc = parse_json(review_bytes, "review.json")
    if not isinstance(doc, dict) or doc.get("format_version") != manifest.format_version:
        raise _reject(tr("The review file's manifest and review.json give different format versions."))
    _check_text(doc)
    _validate(doc, schema.review_schema(manifest.format_version), "review.json")
    doc = upgrade_document(doc, manifest.format_version)
    check_document(doc, manifest, catalog, evidence)
    return VerifiedFile(path=path, file_sha256=sha, file_size=size, encrypted=encrypted, manifest=manifest,
                        document=doc, evidence=evidence, _zip=archive, _handle=handle)
