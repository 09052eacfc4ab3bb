"""Load the content packs from ``resources/``, validate them against their JSON Schemas and
cross-check references between them.

Any problem raises :class:`ContentError` naming the file and the field, so a broken pack is
reported before anything starts half-built.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import yaml
from referencing import Registry, Resource

from safeonline_desktop.errors import ContentError

from .content import (
    Catalog,
    CrossRef,
    Domain,
    Enabler,
    EvidencePrompt,
    Framework,
    Item,
    Level,
    Provenance,
    Question,
    Scale,
    Source,
    Text,
    VocabularyEntry,
)

#: libyaml's safe loader when PyYAML was built with it (about 15 times faster at start-up), else
#: the pure-Python one; both build the same plain data.
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

STATUS_LEVELS = ("not_in_place", "planned", "partly_in_place", "in_place", "embedded")


def _read_yaml(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ContentError(str(path), "(file)", "the file is missing") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ContentError(str(path), "(file)", f"cannot be read: {exc}") from None
    try:
        return yaml.load(text, Loader=_YAML_LOADER)  # noqa: S506 (a safe loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark is not None else "(file)"
        problem = getattr(exc, "problem", None) or str(exc)
        raise ContentError(str(path), where, f"not valid YAML: {problem}") from None


class _Schemas:
    def __init__(self, schema_dir: Path) -> None:
        registry: Registry = Registry()
        self._schemas: dict[str, dict[str, Any]] = {}
        for path in sorted(schema_dir.glob("*.json")):
            schema = json.loads(path.read_text(encoding="utf-8"))
            registry = registry.with_resource(schema["$id"], Resource.from_contents(schema))
            self._schemas[path.stem] = schema
        self._registry = registry

    def validate(self, name: str, data: Any, path: Path) -> None:
        validator = jsonschema.Draft202012Validator(self._schemas[name], registry=self._registry)
        errors = sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path))
        if errors:
            err = errors[0]
            field = _field_path(err.absolute_path) or "(top level)"
            raise ContentError(str(path), field, err.message)


def _field_path(parts: Any) -> str:
    out = ""
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def load_catalog(resources: Path) -> Catalog:
    """Load every pack under ``resources`` into a :class:`Catalog`.

    Raises:
        ContentError: a file is missing, is not valid YAML, breaks its schema, or refers to
            something that does not exist.
    """
    schemas = _Schemas(resources / "schemas")
    content = resources / "content"

    vocab_path = content / "vocabularies.yaml"
    vocab_data = _read_yaml(vocab_path)
    schemas.validate("vocabularies", vocab_data, vocab_path)
    vocabularies = {
        name: tuple(
            VocabularyEntry(
                e["code"],
                Text.from_mapping(e["label"]),
                Text.from_mapping(e["description"]) if "description" in e else None,
            )
            for e in entries
        )
        for name, entries in vocab_data["vocabularies"].items()
    }
    for name, entries in vocabularies.items():
        _unique([e.code for e in entries], vocab_path, f"vocabularies.{name}")

    scales_path = content / "scales.yaml"
    scales_data = _read_yaml(scales_path)
    schemas.validate("scales", scales_data, scales_path)
    scales = {
        s["id"]: Scale(
            id=s["id"],
            official_concept=s["origin"] == "official_concept",
            name=Text.from_mapping(s["name"]),
            description=Text.from_mapping(s["description"]),
            levels=tuple(
                Level(
                    code=lv["code"],
                    rank=lv["rank"],
                    label=Text.from_mapping(lv["label"]),
                    description=Text.from_mapping(lv["description"]),
                    colour=lv["colour"],
                    key=lv.get("key", ""),
                )
                for lv in s["levels"]
            ),
        )
        for s in scales_data["scales"]
    }
    if "status" not in scales or scales["status"].codes()[:5] != STATUS_LEVELS:
        raise ContentError(str(scales_path), "scales", f"the status scale must start with {STATUS_LEVELS}")

    frameworks: dict[str, Framework] = {}
    packs_dir = resources / "packs"
    for pack_dir in sorted(p for p in packs_dir.iterdir() if p.is_dir()):
        fw = _load_framework(pack_dir, schemas, scales, vocabularies)
        if fw.id in frameworks:
            raise ContentError(str(pack_dir / "pack.yaml"), "id", f"duplicate pack id {fw.id!r}")
        frameworks[fw.id] = fw
    if not frameworks:
        raise ContentError(str(packs_dir), "(folder)", "no content pack found")
    # Oldest reference first (the MNR of 2016, then the Broadband Commission's 2019 report):
    # the order frameworks take in new reviews, lists and reports, independent of folder names.
    frameworks = dict(sorted(frameworks.items(), key=lambda kv: (kv[1].year, kv[0])))

    all_items = {i.id: i for fw in frameworks.values() for i in fw.items}
    crossrefs: list[CrossRef] = []
    crossrefs_version = ""
    relations = {e.code for e in vocabularies["relation"]}
    for path in sorted(content.glob("crossrefs-*.yaml")):
        data = _read_yaml(path)
        schemas.validate("crossrefs", data, path)
        crossrefs_version = data["version"]
        for n, link in enumerate(data["links"]):
            for end in ("from", "to"):
                if link[end] not in all_items:
                    raise ContentError(str(path), f"links[{n}].{end}", f"unknown item {link[end]!r}")
            if link["relation"] not in relations:
                raise ContentError(str(path), f"links[{n}].relation", f"unknown relation {link['relation']!r}")
            crossrefs.append(
                CrossRef(link["from"], link["to"], link["relation"], Text.from_mapping(link["rationale"]))
            )

    return Catalog(
        frameworks=frameworks,
        scales=scales,
        scales_version=scales_data["version"],
        vocabularies=vocabularies,
        crossrefs=tuple(crossrefs),
        crossrefs_version=crossrefs_version,
    )


def _unique(values: list[str], path: Path, field: str) -> None:
    seen: set[str] = set()
    for v in values:
        if v in seen:
            raise ContentError(str(path), field, f"duplicate id {v!r}")
        seen.add(v)


def _load_framework(
    pack_dir: Path,
    schemas: _Schemas,
    scales: dict[str, Scale],
    vocabularies: dict[str, tuple[VocabularyEntry, ...]],
) -> Framework:
    pack_path = pack_dir / "pack.yaml"
    pack = _read_yaml(pack_path)
    schemas.validate("framework-pack", pack, pack_path)
    for n, scale_id in enumerate(pack["scales"]):
        if scale_id not in scales:
            raise ContentError(str(pack_path), f"scales[{n}]", f"unknown scale {scale_id!r}")
    sources = {s["id"]: Source(s["id"], s["title"], s["publisher"], s["year"], s["confirmed"], s.get("note", ""))
               for s in pack["sources"]}
    enablers = tuple(Enabler(e["id"], Text.from_mapping(e["name"]), e["confirmed"]) for e in pack.get("enablers", []))
    enabler_ids = {e.id for e in enablers}
    evidence_types = {e.code for e in vocabularies["evidence_type"]}
    sectors = {e.code for e in vocabularies["sector"]}
    domain_ids = [d["id"] for d in pack["domains"]]
    _unique(domain_ids, pack_path, "domains")

    raw_items: list[tuple[Path, int, dict[str, Any]]] = []
    items_dir = pack_dir / "items"
    item_files = sorted(items_dir.glob("*.yaml")) if items_dir.is_dir() else []
    if not item_files:
        raise ContentError(str(items_dir), "(folder)", "the pack has no item files")
    for path in item_files:
        data = _read_yaml(path)
        schemas.validate("framework-items", data, path)
        for n, raw in enumerate(data["items"]):
            raw_items.append((path, n, raw))
    _unique([raw["id"] for _, _, raw in raw_items], pack_dir, "items")
    item_ids = {raw["id"] for _, _, raw in raw_items}

    by_domain: dict[str, list[Item]] = {d: [] for d in domain_ids}
    for path, n, raw in raw_items:
        where = f"items[{n}]"
        if raw["domain"] not in by_domain:
            raise ContentError(str(path), f"{where}.domain", f"unknown domain {raw['domain']!r}")
        _unique([q["id"] for q in raw["guiding_questions"]], path, f"{where}.guiding_questions")
        _unique([e["id"] for e in raw["evidence_prompts"]], path, f"{where}.evidence_prompts")
        for k, prompt in enumerate(raw["evidence_prompts"]):
            if prompt["evidence_type"] not in evidence_types:
                raise ContentError(str(path), f"{where}.evidence_prompts[{k}].evidence_type",
                                   f"unknown evidence type {prompt['evidence_type']!r}")
        for k, code in enumerate(raw["stakeholders"]):
            if code not in sectors:
                raise ContentError(str(path), f"{where}.stakeholders[{k}]", f"unknown sector {code!r}")
        for k, dep in enumerate(raw.get("dependencies", [])):
            if dep not in item_ids or dep == raw["id"]:
                raise ContentError(str(path), f"{where}.dependencies[{k}]", f"unknown item {dep!r}")
        for k, en in enumerate(raw.get("enablers", [])):
            if en not in enabler_ids:
                raise ContentError(str(path), f"{where}.enablers[{k}]", f"unknown enabler {en!r}")
        prov = raw["provenance"]
        if prov["source"] not in sources:
            raise ContentError(str(path), f"{where}.provenance.source", f"unknown source {prov['source']!r}")
        by_domain[raw["domain"]].append(
            Item(
                id=raw["id"],
                framework_id=pack["id"],
                domain_id=raw["domain"],
                number=raw["number"],
                name=Text.from_mapping(raw["name"]),
                name_official=raw["name_status"] == "official",
                short_label=Text.from_mapping(raw["short_label"]),
                description=Text.from_mapping(raw["description"]),
                why_it_matters=Text.from_mapping(raw["why_it_matters"]),
                guiding_questions=tuple(Question(q["id"], Text.from_mapping(q["text"])) for q in raw["guiding_questions"]),
                evidence_prompts=tuple(
                    EvidencePrompt(e["id"], Text.from_mapping(e["text"]), e["evidence_type"])
                    for e in raw["evidence_prompts"]
                ),
                stakeholders=tuple(raw["stakeholders"]),
                good_practice=tuple(Text.from_mapping(t) for t in raw["good_practice"]),
                dependencies=tuple(raw.get("dependencies", [])),
                enablers=tuple(raw.get("enablers", [])),
                level_descriptors={k: Text.from_mapping(v) for k, v in raw["level_descriptors"].items()},
                sensitive=raw["sensitivity"] == "sensitive",
                provenance=Provenance(sources[prov["source"]], prov["confirmed"], prov.get("section", ""),
                                      prov.get("note", "")),
            )
        )

    domains = tuple(
        Domain(
            id=d["id"],
            framework_id=pack["id"],
            number=d["number"],
            name=Text.from_mapping(d["name"]),
            name_official=d["name_status"] == "official",
            outcome=Text.from_mapping(d["outcome"]),
            items=tuple(sorted(by_domain[d["id"]], key=lambda i: i.number)),
        )
        for d in sorted(pack["domains"], key=lambda d: d["number"])
    )
    return Framework(
        id=pack["id"],
        version=pack["version"],
        title=Text.from_mapping(pack["title"]),
        short_title=Text.from_mapping(pack["short_title"]),
        publisher=pack["publisher"],
        year=pack["year"],
        wording_notice=Text.from_mapping(pack["wording_notice"]),
        sources=tuple(sources.values()),
        scale_ids=tuple(pack["scales"]),
        domains=domains,
        enablers=enablers,
    )
