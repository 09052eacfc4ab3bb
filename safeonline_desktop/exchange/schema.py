"""The JSON Schema of ``review.json`` and ``manifest.json``, generated from :mod:`.spec`.

The published copy is ``docs/review-file.schema.json``; a test checks it equals
:func:`published_schema`. Regenerate it with ``python -m safeonline_desktop.exchange``.
Files are validated against the schema of *their* format version, so an older file is held to
the rules it was written under.
"""

from __future__ import annotations

import functools
import json
import sys
from pathlib import Path
from typing import Any

from sqlalchemy import JSON, Boolean, Date, DateTime, Integer, String, Text

from safeonline_desktop.storage import models as m

from . import spec

SCHEMA_ID = "https://safeonline.invalid/schemas/review-file.schema.json"
DATE_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
DATETIME_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,6})?$"
UID_PATTERN = r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"
SHA256_PATTERN = r"^[0-9a-f]{64}$"
#: Longest text a field may hold (the services accept the same).
MAX_TEXT = 1_000_000
#: Most rows one section may hold; far above any real review.
MAX_ROWS = 100_000

_AUDIT_JSON = {"anyOf": [{"type": "object"}, {"type": "null"}]}


def column_schema(model: type, name: str, override: Any = None) -> dict[str, Any]:
    column = model.__table__.c[name]
    if override is not None:
        schema = dict(override)
    else:
        kind = column.type
        if isinstance(kind, Boolean):
            schema = {"type": "boolean"}
        elif isinstance(kind, Integer):
            schema = {"type": "integer", "minimum": 0, "maximum": 2**53}
        elif isinstance(kind, DateTime):
            schema = {"type": "string", "pattern": DATETIME_PATTERN}
        elif isinstance(kind, Date):
            schema = {"type": "string", "pattern": DATE_PATTERN}
        elif isinstance(kind, Text):
            schema = {"type": "string", "maxLength": MAX_TEXT}
        elif isinstance(kind, String):
            schema = {"type": "string", "maxLength": kind.length or MAX_TEXT}
        elif isinstance(kind, JSON):
            raise RuntimeError(f"exchange spec: give {model.__name__}.{name} (a JSON column) a schema")
        else:  # pragma: no cover - a new column type needs a rule here
            raise RuntimeError(f"exchange spec: no JSON type for {model.__name__}.{name} ({kind!r})")
        if name == "uid":
            schema["pattern"] = UID_PATTERN
        elif name.endswith("sha256"):
            schema["pattern"] = SHA256_PATTERN
        elif name == "country_code":
            schema["pattern"] = "^[A-Z]{2}$"
    if column.nullable:
        return {"anyOf": [schema, {"type": "null"}]}
    return schema


def _row_schema(sec: spec.Section, version: int) -> dict[str, Any]:
    props: dict[str, Any] = {}
    required: list[str] = []
    for name in sec.fields:
        if sec.version_of(name) > version:
            continue
        props[name] = column_schema(sec.model, name, sec.schema.get(name))
        required.append(name)
    for ref in sec.refs:
        props[ref.name] = {"anyOf": [{"type": "string", "maxLength": 64}, {"type": "null"}]}
        required.append(ref.name)
    for child in sec.children:
        if child.ref is not None:  # ids of other rows, written as those rows' keys
            target = spec.section(child.ref)
            items = column_schema(target.model, target.key)
        else:
            items = column_schema(child.model, child.value)
        props[child.name] = {"type": "array", "maxItems": 1000, "uniqueItems": True, "items": items}
        required.append(child.name)
    return {"type": "object", "additionalProperties": False, "required": required, "properties": props}


def _audit_schema() -> dict[str, Any]:
    props = {name: column_schema(m.AuditEntry, name, _AUDIT_JSON if name in ("before", "after") else None)
             for name in spec.AUDIT_FIELDS}
    return {"type": "object", "additionalProperties": False, "required": list(spec.AUDIT_FIELDS), "properties": props}


def manifest_schema() -> dict[str, Any]:
    entry = {"type": "object", "additionalProperties": False, "required": ["sha256", "size"],
             "properties": {"sha256": {"type": "string", "pattern": SHA256_PATTERN},
                            "size": {"type": "integer", "minimum": 0, "maximum": 2**53}}}
    return {
        "type": "object",
        "additionalProperties": False,
        "required": ["format", "format_version", "app_version", "created_at", "source_id", "source_label",
                     "review_uid", "packs", "redacted", "encryption", "entries"],
        "properties": {
            "format": {"const": spec.FORMAT_NAME},
            "format_version": {"type": "integer", "minimum": 1},
            "app_version": {"type": "string", "maxLength": 64},
            "created_at": {"type": "string", "pattern": DATETIME_PATTERN},
            "source_id": {"type": "string", "pattern": UID_PATTERN},
            "source_label": {"type": "string", "minLength": 1, "maxLength": 64},
            "review_uid": {"type": "string", "pattern": UID_PATTERN},
            "packs": {"type": "array", "minItems": 1, "maxItems": 100, "items": {
                "type": "object", "additionalProperties": False, "required": ["id", "version"],
                "properties": {"id": {"type": "string", "maxLength": 64},
                               "version": {"type": "string", "maxLength": 32}}}},
            "redacted": {"type": "boolean"},
            "encryption": {"anyOf": [{"type": "null"}, {
                "type": "object", "additionalProperties": False, "required": ["cipher", "kdf"],
                "properties": {"cipher": {"type": "string", "maxLength": 64},
                               "kdf": {"type": "string", "maxLength": 64}}}]},
            "entries": {"type": "object", "maxProperties": 100_000, "additionalProperties": entry},
        },
    }


@functools.lru_cache(maxsize=8)
def review_schema(version: int = spec.FORMAT_VERSION) -> dict[str, Any]:
    """Schema of ``review.json`` as written by format ``version``."""
    props: dict[str, Any] = {
        "format": {"const": spec.FORMAT_NAME},
        "format_version": {"const": version},
        "review": _row_schema(spec.REVIEW, version),
        "packs": {"type": "array", "minItems": 1, "maxItems": 100, "items": _row_schema(spec.PACKS, version)},
    }
    required = ["format", "format_version", "review", "packs"]
    for sec in spec.SECTIONS:
        if sec.since > version:
            continue
        props[sec.name] = {"type": "array", "maxItems": MAX_ROWS, "items": _row_schema(sec, version)}
        required.append(sec.name)
    props["sync_base"] = {
        "type": "object", "maxProperties": 100,
        "description": "Digest (SHA-256 of the canonical content) of every row as the exporting laptop last "
                       "exported or imported it. A laptop still holding exactly that content takes the newer "
                       "content without a conflict. Absent from redacted files.",
        "additionalProperties": {"type": "object", "maxProperties": MAX_ROWS,
                                 "additionalProperties": {"type": "string", "pattern": SHA256_PATTERN}},
    }
    props["audit"] = {"type": "array", "maxItems": MAX_ROWS * 10, "items": _audit_schema(),
                      "description": "The review's audit history; absent from redacted files."}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": f"SafeOnline Desktop review file, review.json (format version {version})",
        "description": "One country capacity review with its assessments, evidence (metadata), findings, "
                       "recommendations, action plan and audit history. Dates are ISO 8601; times are UTC "
                       "without a zone. See docs/review-file.md.",
        "type": "object",
        "additionalProperties": False,
        "required": required,
        "properties": props,
        "$defs": {"manifest": manifest_schema()},
    }


def published_schema() -> dict[str, Any]:
    return review_schema(spec.FORMAT_VERSION)


def published_text() -> str:
    return json.dumps(published_schema(), indent=2, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Write the published schema to ``docs/review-file.schema.json`` (or the path given)."""
    args = sys.argv[1:] if argv is None else argv
    target = Path(args[0]) if args else Path(__file__).resolve().parents[2] / "docs" / "review-file.schema.json"
    target.write_text(published_text(), encoding="utf-8")
    print(f"Wrote {target}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
