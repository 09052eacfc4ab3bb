"""Immutable model of the checklist content: frameworks, domains, items, scales, cross-references.

Everything here is built by :mod:`safeonline_desktop.domain.loader` from the validated data
files in ``resources/``; nothing is written in code.
"""

from __future__ import annotations

from dataclasses import dataclass, field

LANGUAGES: tuple[str, ...] = ("en", "es", "fr")
DEFAULT_LANGUAGE = "en"


@dataclass(frozen=True)
class Text:
    """One piece of text in every supported language."""

    en: str
    es: str
    fr: str

    def get(self, lang: str) -> str:
        """The text in ``lang``, falling back to English for an unknown language."""
        return getattr(self, lang, None) or self.en

    @classmethod
    def from_mapping(cls, data: dict[str, str]) -> Text:
        return cls(en=data["en"], es=data["es"], fr=data["fr"])


@dataclass(frozen=True)
class Source:
    id: str
    title: str
    publisher: str
    year: int
    confirmed: bool
    note: str = ""


@dataclass(frozen=True)
class Provenance:
    source: Source
    confirmed: bool
    section: str = ""
    note: str = ""


@dataclass(frozen=True)
class Question:
    id: str
    text: Text


@dataclass(frozen=True)
class EvidencePrompt:
    id: str
    text: Text
    evidence_type: str


@dataclass(frozen=True)
class Enabler:
    id: str
    name: Text
    confirmed: bool


@dataclass(frozen=True)
class Item:
    """A checklist item: an MNR capability or a Broadband Commission action area."""

    id: str
    framework_id: str
    domain_id: str
    number: int
    name: Text
    name_official: bool
    short_label: Text
    description: Text
    why_it_matters: Text
    guiding_questions: tuple[Question, ...]
    evidence_prompts: tuple[EvidencePrompt, ...]
    stakeholders: tuple[str, ...]
    good_practice: tuple[Text, ...]
    dependencies: tuple[str, ...]
    enablers: tuple[str, ...]
    level_descriptors: dict[str, Text]
    sensitive: bool
    provenance: Provenance

    def code(self) -> str:
        """Short display code, e.g. ``C04`` or ``A02``."""
        return self.id.split(".", 1)[1]


@dataclass(frozen=True)
class Domain:
    id: str
    framework_id: str
    number: int
    name: Text
    name_official: bool
    outcome: Text
    items: tuple[Item, ...] = ()


@dataclass(frozen=True)
class Framework:
    """A content pack for one framework, at one version."""

    id: str
    version: str
    title: Text
    short_title: Text
    publisher: str
    year: int
    wording_notice: Text
    sources: tuple[Source, ...]
    scale_ids: tuple[str, ...]
    domains: tuple[Domain, ...]
    enablers: tuple[Enabler, ...]

    @property
    def items(self) -> tuple[Item, ...]:
        return tuple(item for d in self.domains for item in d.items)


@dataclass(frozen=True)
class Level:
    code: str
    rank: int | None
    label: Text
    description: Text
    colour: str
    key: str = ""

    @property
    def on_scale(self) -> bool:
        """False for values off the scale (not applicable, insufficient evidence)."""
        return self.rank is not None


@dataclass(frozen=True)
class Scale:
    id: str
    official_concept: bool
    name: Text
    description: Text
    levels: tuple[Level, ...]

    def level(self, code: str) -> Level:
        for level in self.levels:
            if level.code == code:
                return level
        raise KeyError(code)

    def label_of(self, code: str | None, lang: str) -> str:
        """The level's label; "" for no code, and the code itself for one this scale does not know
        (a review made with other content must still show what was recorded)."""
        if not code:
            return ""
        try:
            return self.level(code).label.get(lang)
        except KeyError:
            return code

    def codes(self) -> tuple[str, ...]:
        return tuple(level.code for level in self.levels)


@dataclass(frozen=True)
class VocabularyEntry:
    code: str
    label: Text
    description: Text | None = None


@dataclass(frozen=True)
class CrossRef:
    from_id: str
    to_id: str
    relation: str
    rationale: Text


@dataclass(frozen=True)
class PackRef:
    """Identity of a released content pack (stored with each review)."""

    id: str
    version: str


@dataclass
class Catalog:
    """All content the app ships, loaded and cross-checked."""

    frameworks: dict[str, Framework]
    scales: dict[str, Scale]
    scales_version: str
    vocabularies: dict[str, tuple[VocabularyEntry, ...]]
    crossrefs: tuple[CrossRef, ...]
    crossrefs_version: str
    _items: dict[str, Item] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self._items = {item.id: item for fw in self.frameworks.values() for item in fw.items}

    def item(self, item_id: str) -> Item:
        return self._items[item_id]

    def has_item(self, item_id: str) -> bool:
        return item_id in self._items

    def all_items(self) -> tuple[Item, ...]:
        return tuple(self._items.values())

    def framework(self, framework_id: str) -> Framework:
        return self.frameworks[framework_id]

    def framework_of(self, item_id: str) -> Framework:
        return self.frameworks[self._items[item_id].framework_id]

    def domain(self, domain_id: str) -> Domain:
        for fw in self.frameworks.values():
            for d in fw.domains:
                if d.id == domain_id:
                    return d
        raise KeyError(domain_id)

    def vocabulary(self, name: str) -> tuple[VocabularyEntry, ...]:
        return self.vocabularies[name]

    def vocabulary_codes(self, name: str) -> tuple[str, ...]:
        return tuple(e.code for e in self.vocabularies[name])

    def label(self, vocabulary: str, code: str | None, lang: str) -> str:
        """Label of ``code`` in a vocabulary; the code itself if unknown, '' for None."""
        if not code:
            return ""
        for entry in self.vocabularies.get(vocabulary, ()):
            if entry.code == code:
                return entry.label.get(lang)
        return code

    def related(self, item_id: str) -> tuple[CrossRef, ...]:
        """Cross-references touching ``item_id``, oriented so that ``from_id`` is the item."""
        out = []
        for ref in self.crossrefs:
            if ref.from_id == item_id:
                out.append(ref)
            elif ref.to_id == item_id:
                out.append(CrossRef(ref.to_id, ref.from_id, ref.relation, ref.rationale))
        return tuple(out)

    def pack_refs(self) -> tuple[PackRef, ...]:
        return tuple(PackRef(fw.id, fw.version) for fw in self.frameworks.values())
