"""The published JSON Schema (docs/review-file.schema.json) is the one the importer uses, and
files the app writes follow it."""

from __future__ import annotations

import json
from pathlib import Path

from exchange_helpers import read_entries
from jsonschema import Draft202012Validator

from safeonline_desktop.exchange import container, schema, spec

DOCS = Path(__file__).resolve().parents[2] / "docs"


def test_published_schema_is_current():
    published = (DOCS / "review-file.schema.json").read_text(encoding="utf-8")
    assert published == schema.published_text(), (
        "docs/review-file.schema.json is out of date: run `python -m safeonline_desktop.exchange`")


def test_published_schema_is_a_valid_schema():
    Draft202012Validator.check_schema(schema.published_schema())


def test_files_written_by_the_app_follow_the_published_schema(source_file):
    published = json.loads((DOCS / "review-file.schema.json").read_text(encoding="utf-8"))
    entries = read_entries(source_file)
    Draft202012Validator(published).validate(json.loads(entries[container.REVIEW_JSON]))
    manifest_schema = dict(published["$defs"]["manifest"])
    Draft202012Validator(manifest_schema).validate(json.loads(entries[container.MANIFEST]))


def test_every_section_is_in_the_schema_with_every_field():
    props = schema.published_schema()["properties"]
    for sec in spec.SECTIONS:
        fields = set(props[sec.name]["items"]["properties"])
        assert set(sec.fields) <= fields
        assert {r.name for r in sec.refs} <= fields
        assert {c.name for c in sec.children} <= fields


def test_documentation_describes_the_format():
    text = (DOCS / "review-file.md").read_text(encoding="utf-8")
    for needle in ("manifest.json", "review.json", "evidence/", "AES-256-GCM", "scrypt", "format_version",
                   "keep mine", "redact", str(container.DEFAULT_LIMITS.max_ratio)):
        assert needle in text, needle
    for sec in spec.SECTIONS:
        assert f"`{sec.name}`" in text, sec.name
