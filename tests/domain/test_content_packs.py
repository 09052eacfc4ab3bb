"""The shipped content packs load, are complete in three languages, and broken packs are
refused with a message naming the file and the field."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from safeonline_desktop import paths
from safeonline_desktop.domain.loader import load_catalog
from safeonline_desktop.errors import ContentError


def test_mnr_has_six_domains_and_twenty_one_capabilities(catalog):
    mnr = catalog.framework("mnr")
    assert [d.number for d in mnr.domains] == [1, 2, 3, 4, 5, 6]
    assert [i.number for i in mnr.items] == list(range(1, 22))
    assert [i.id for i in mnr.items] == [f"MNR.C{n:02d}" for n in range(1, 22)]
    assert all(i.name_official for i in mnr.items)


def test_official_capability_names(catalog):
    names = {i.number: i.name.en for i in catalog.framework("mnr").items}
    assert names[1] == "Leadership"
    assert names[4] == "Dedicated Law Enforcement"
    assert names[10] == "Compensation, Remedies and Complaints Arrangements"
    assert names[21] == "Universal Terminology"


def test_every_capability_meets_the_content_minimums(catalog):
    for item in catalog.framework("mnr").items:
        assert len(item.guiding_questions) >= 5, item.id
        assert len(item.evidence_prompts) >= 4, item.id
        assert len(item.good_practice) >= 3, item.id
        assert item.stakeholders, item.id
        assert set(item.level_descriptors) == {"not_in_place", "planned", "partly_in_place", "in_place", "embedded"}
        assert item.provenance.source.id


def test_broadband_commission_pack_says_it_is_a_paraphrase(catalog):
    bbc = catalog.framework("bbc2019")
    assert len(bbc.items) == 6
    assert not any(i.name_official for i in bbc.items)
    assert all(not i.provenance.confirmed for i in bbc.items)
    assert "paraphrase" in bbc.wording_notice.en
    assert "paráfrasis" in bbc.wording_notice.es
    assert "paraphrase" in bbc.wording_notice.fr


def test_all_text_exists_in_three_languages_and_spanish_questions_open_with_inverted_mark(catalog):
    for item in catalog.all_items():
        for q in item.guiding_questions:
            for lang in ("en", "es", "fr"):
                assert q.text.get(lang).strip(), (item.id, q.id, lang)
            assert q.text.es.lstrip().startswith("¿"), (item.id, q.id)


def test_content_says_child_sexual_abuse_material_not_child_pornography(catalog):
    """Luxembourg Guidelines terminology; the only exceptions are the Optional Protocol's own
    title and capability 21, which names the term in order to retire it."""
    opsc_title = "sale of children, child prostitution and child pornography"
    for item in catalog.all_items():
        texts = [item.description, item.why_it_matters, item.short_label, *item.good_practice,
                 *[q.text for q in item.guiding_questions], *[p.text for p in item.evidence_prompts]]
        for text in texts:
            english = text.en.lower().replace(opsc_title, "")
            if item.id != "MNR.C21":
                assert "child pornography" not in english, item.id


def test_crossrefs_link_both_frameworks_both_ways(catalog):
    assert catalog.crossrefs
    related = catalog.related("MNR.C03")
    assert related and all(r.from_id == "MNR.C03" for r in related)
    back = catalog.related(related[0].to_id)
    assert any(r.to_id == "MNR.C03" for r in back)
    for bbc in catalog.framework("bbc2019").items:
        assert len(catalog.related(bbc.id)) >= 2, bbc.id


def test_status_scale_is_app_defined_and_phases_are_not_invented(catalog):
    status = catalog.scales["status"]
    assert not status.official_concept
    assert status.codes() == ("not_in_place", "planned", "partly_in_place", "in_place", "embedded",
                              "not_applicable", "insufficient_evidence")
    phases = catalog.scales["mnr_phase"]
    assert phases.official_concept
    assert phases.level("phase_1").label.en == "Phase 1 (building)"
    assert phases.level("phase_2").label.en == "Phase 2"  # its official name is not confirmed
    assert phases.level("phase_4").label.en == "Phase 4 (maturity)"


def test_scale_label_of_a_code_none_and_an_unknown_code(catalog):
    phases = catalog.scales["mnr_phase"]
    assert phases.label_of("phase_1", "en") == "Phase 1 (building)"
    assert phases.label_of("phase_1", "es") == phases.level("phase_1").label.get("es")
    assert phases.label_of(None, "en") == phases.label_of("", "en") == ""
    assert phases.label_of("phase_9", "en") == "phase_9"  # recorded with other content: shown as it is


# -- broken packs -------------------------------------------------------------------------

@pytest.fixture
def resources_copy(tmp_path: Path) -> Path:
    target = tmp_path / "resources"
    shutil.copytree(paths.resources_dir(), target)
    return target


def _edit_yaml(path: Path, change) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def test_a_copy_of_the_shipped_resources_loads(resources_copy):
    assert load_catalog(resources_copy).framework("mnr").items


def test_missing_translation_names_file_and_field(resources_copy):
    path = resources_copy / "packs/mnr/items/d1-policy-governance.yaml"
    _edit_yaml(path, lambda d: d["items"][0]["description"].pop("fr"))
    with pytest.raises(ContentError) as err:
        load_catalog(resources_copy)
    assert err.value.path.endswith("d1-policy-governance.yaml")
    assert err.value.field == "items[0].description"
    assert "'fr' is a required property" in str(err.value)


def test_too_few_guiding_questions_is_refused(resources_copy):
    path = resources_copy / "packs/mnr/items/d2-criminal-justice.yaml"
    _edit_yaml(path, lambda d: d["items"][1].__setitem__("guiding_questions", d["items"][1]["guiding_questions"][:2]))
    with pytest.raises(ContentError) as err:
        load_catalog(resources_copy)
    assert err.value.field == "items[1].guiding_questions"


def test_unknown_evidence_type_is_refused(resources_copy):
    path = resources_copy / "packs/mnr/items/d3-victim.yaml"
    _edit_yaml(path, lambda d: d["items"][0]["evidence_prompts"][0].__setitem__("evidence_type", "photos"))
    with pytest.raises(ContentError) as err:
        load_catalog(resources_copy)
    assert err.value.field == "items[0].evidence_prompts[0].evidence_type"
    assert "photos" in str(err.value)


def test_dangling_crossref_is_refused(resources_copy):
    path = next((resources_copy / "content").glob("crossrefs-*.yaml"))
    _edit_yaml(path, lambda d: d["links"][0].__setitem__("to", "BBC.A99"))
    with pytest.raises(ContentError) as err:
        load_catalog(resources_copy)
    assert err.value.field == "links[0].to"


def test_invalid_yaml_names_the_line(resources_copy):
    path = resources_copy / "content/scales.yaml"
    path.write_text("scales: [unclosed\n  - x: y\n", encoding="utf-8")
    with pytest.raises(ContentError) as err:
        load_catalog(resources_copy)
    assert err.value.path.endswith("scales.yaml")
    assert err.value.field.startswith("line ")


def test_missing_pack_file_is_refused(resources_copy):
    (resources_copy / "packs/bbc2019/pack.yaml").unlink()
    with pytest.raises(ContentError, match="missing"):
        load_catalog(resources_copy)


def test_duplicate_item_id_is_refused(resources_copy):
    path = resources_copy / "packs/mnr/items/d6-media-communications.yaml"
    _edit_yaml(path, lambda d: d["items"][1].__setitem__("id", d["items"][0]["id"]))
    with pytest.raises(ContentError, match="duplicate"):
        load_catalog(resources_copy)
