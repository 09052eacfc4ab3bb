"""The same review edited on two laptops comes back as two files: conflicts item by item,
resolved as chosen, with provenance and an audit entry; what only one side changed is taken
without asking."""

from __future__ import annotations

import pytest
from exchange_helpers import exchange, snapshot

from safeonline_desktop.errors import ImportRejected
from safeonline_desktop.exchange import BOTH, MINE, THEIRS


@pytest.fixture
def two_laptops(laptop, make_services, hq, clock, tmp_path):
    """Laptop A (the demo's author) sends v1 to headquarters and to laptop B; then both edit."""
    a = laptop
    review = a.reviews.list()[0].review
    v1 = tmp_path / "v1.safeonline"
    exchange(a).export_review(review.id, v1)
    b = make_services("laptop-b", "Assessor B")
    exchange(b).import_file(v1)
    exchange(hq).import_file(v1)
    a.ctx.workspace  # noqa: B018 - (just to be explicit that all three now hold v1)
    rid_a = review.id
    rid_b = b.reviews.find_by_uid(review.uid).id
    clock.advance(days=3)

    # Laptop A: raises C01, rewrites C02's notes, adds a finding.
    a.assessments.record(rid_a, "MNR.C01", status="in_place", rationale="A: the decree was adopted.")
    a.assessments.record(rid_a, "MNR.C02", notes="A: baseline study funded.")
    a.planning.add_finding(rid_a, statement="A: new finding from the Ministry.", kind="gap", item_id="MNR.C02")
    # Laptop B: lowers C01, rewrites C02's notes differently, changes C03 alone, adds evidence.
    b.assessments.record(rid_b, "MNR.C01", status="planned", rationale="B: the decree is stuck.")
    b.assessments.record(rid_b, "MNR.C02", notes="B: funding still open.")
    b.assessments.record(rid_b, "MNR.C03", rationale="B only: data-retention gap confirmed.")
    b.evidence.add(rid_b, title="B: interview minutes", evidence_type="minutes", item_ids=["MNR.C03"])
    b_title = "Aravia review (B's edit of the title)"
    b.reviews.update(rid_b, title=b_title)

    a_file, b_file = tmp_path / "from-a.safeonline", tmp_path / "from-b.safeonline"
    exchange(a).export_review(rid_a, a_file)
    exchange(b).export_review(rid_b, b_file)
    return {"a": a, "b": b, "hq": hq, "uid": review.uid, "a_file": a_file, "b_file": b_file, "b_title": b_title}


def _assessment(services, uid, item):
    rid = services.reviews.find_by_uid(uid).id
    return services.assessments.get(rid, item)


def test_changes_from_one_side_only_are_taken_without_conflict(two_laptops):
    hq, uid = two_laptops["hq"], two_laptops["uid"]
    preview = exchange(hq).inspect(two_laptops["a_file"])
    assert preview.action == "merge" and not preview.conflicts
    assert preview.counts["assessments"].updated == 2 and preview.counts["findings"].added == 1
    exchange(hq).import_file(two_laptops["a_file"])
    assert _assessment(hq, uid, "MNR.C01").status == "in_place"
    assert _assessment(hq, uid, "MNR.C02").notes == "A: baseline study funded."
    # The same file again: nothing new, nothing written.
    before = snapshot(hq)
    again = exchange(hq).import_file(two_laptops["a_file"])
    assert again.preview.action == "up_to_date" and not again.written
    assert snapshot(hq) == before


def test_conflicts_are_shown_item_by_item_with_provenance(two_laptops):
    hq = two_laptops["hq"]
    exchange(hq).import_file(two_laptops["a_file"])
    preview = exchange(hq).inspect(two_laptops["b_file"])
    ids = {c.id for c in preview.conflicts}
    # C01 and C02 were changed on both sides; C03, the title and the new evidence only on B.
    assert ids == {"assessments:MNR.C01", "assessments:MNR.C02"}
    c01 = next(c for c in preview.conflicts if c.key == "MNR.C01")
    assert c01.item_id == "MNR.C01"
    assert set(c01.fields) >= {"status", "rationale"}
    assert c01.mine["status"] == "in_place" and c01.theirs["status"] == "planned"
    assert c01.mine_by == "Field assessor" and c01.theirs_by == "Assessor B"
    assert c01.theirs_at is not None and c01.mine_at is not None
    assert preview.source_label.startswith("laptop-") and preview.file_name == "from-b.safeonline"
    assert preview.counts["evidence"].added == 1
    assert preview.counts["assessments"].updated == 1  # C03: B changed it, headquarters did not


def test_resolutions_are_applied_as_chosen(two_laptops):
    hq, uid = two_laptops["hq"], two_laptops["uid"]
    exchange(hq).import_file(two_laptops["a_file"])
    preview = exchange(hq).inspect(two_laptops["b_file"])
    choices = {"assessments:MNR.C01": THEIRS, "assessments:MNR.C02": BOTH}
    outcome = exchange(hq).import_file(two_laptops["b_file"], resolutions=choices, expect_sha256=preview.file_sha256)
    assert outcome.written and outcome.preview.action == "merge"

    c01 = _assessment(hq, uid, "MNR.C01")
    assert c01.status == "planned" and c01.rationale == "B: the decree is stuck."  # theirs, whole
    assert c01.updated_by == "Assessor B"  # provenance of the rating kept
    c02 = _assessment(hq, uid, "MNR.C02")
    assert c02.notes.startswith("A: baseline study funded.")  # mine kept ...
    assert c02.notes.endswith("B: funding still open.")  # ... theirs appended
    provenance = c02.notes.split("\n")[2]
    assert provenance.startswith("— From laptop-") and "from-b.safeonline" in provenance and "Assessor B" in provenance
    c03 = _assessment(hq, uid, "MNR.C03")
    assert c03.rationale == "B only: data-retention gap confirmed."
    review = hq.reviews.find_by_uid(uid)
    assert review.title == two_laptops["b_title"]
    titles = {e.title for e in hq.evidence.list(review.id)}
    assert "B: interview minutes" in titles
    assert any(f.statement == "A: new finding from the Ministry." for f in hq.planning.findings(review.id))

    merges = [e for e in hq.audit.entries(review.id) if e.action == "review.merge"]
    latest = merges[0]
    assert latest.after["file"] == "from-b.safeonline"
    assert latest.after["choices"] == choices
    assert latest.after["source_label"] == preview.source_label


def test_keep_mine_keeps_mine_and_the_next_import_does_not_ask_again(two_laptops):
    hq, uid = two_laptops["hq"], two_laptops["uid"]
    exchange(hq).import_file(two_laptops["a_file"])
    choices = {"assessments:MNR.C01": MINE, "assessments:MNR.C02": MINE}
    exchange(hq).import_file(two_laptops["b_file"], resolutions=choices)
    assert _assessment(hq, uid, "MNR.C01").status == "in_place"
    assert _assessment(hq, uid, "MNR.C02").notes == "A: baseline study funded."
    # B's file again: B has not changed anything since, so nothing is in conflict any more.
    again = exchange(hq).inspect(two_laptops["b_file"])
    assert not again.conflicts and again.action == "up_to_date"


def test_keep_both_on_a_finding_adds_theirs_as_a_new_record(two_laptops, tmp_path):
    a, b, hq, uid = two_laptops["a"], two_laptops["b"], two_laptops["hq"], two_laptops["uid"]
    rid_a, rid_b = a.reviews.find_by_uid(uid).id, b.reviews.find_by_uid(uid).id
    fa = a.planning.findings(rid_a)[0]
    fb = next(f for f in b.planning.findings(rid_b) if f.uid == fa.uid)
    a.planning.update_finding(fa.id, statement="A's wording of the finding")
    b.planning.update_finding(fb.id, statement="B's wording of the finding")
    fa_file, fb_file = tmp_path / "fa.safeonline", tmp_path / "fb.safeonline"
    exchange(a).export_review(rid_a, fa_file)
    exchange(b).export_review(rid_b, fb_file)
    exchange(hq).import_file(fa_file)
    preview = exchange(hq).inspect(fb_file)
    conflict = f"findings:{fa.uid}"
    assert conflict in {c.id for c in preview.conflicts}
    resolutions = {c.id: (BOTH if c.id == conflict else MINE) for c in preview.conflicts}
    exchange(hq).import_file(fb_file, resolutions=resolutions)
    statements = [f.statement for f in hq.planning.findings(hq.reviews.find_by_uid(uid).id)]
    assert "A's wording of the finding" in statements and "B's wording of the finding" in statements


def test_a_change_of_mind_on_the_same_laptop_is_not_a_conflict(two_laptops, tmp_path):
    """Headquarters holds A's v2; A edits C01 again and sends v3: only A changed it since."""
    a, hq, uid = two_laptops["a"], two_laptops["hq"], two_laptops["uid"]
    exchange(hq).import_file(two_laptops["a_file"])
    a.assessments.record(a.reviews.find_by_uid(uid).id, "MNR.C01", status="embedded")
    v3 = tmp_path / "v3.safeonline"
    exchange(a).export_review(a.reviews.find_by_uid(uid).id, v3)
    preview = exchange(hq).inspect(v3)
    assert not preview.conflicts
    exchange(hq).import_file(v3)
    assert _assessment(hq, uid, "MNR.C01").status == "embedded"


def test_headquarters_edits_are_kept_when_the_source_did_not_touch_them(two_laptops, tmp_path):
    a, hq, uid = two_laptops["a"], two_laptops["hq"], two_laptops["uid"]
    exchange(hq).import_file(two_laptops["a_file"])
    hq.assessments.record(hq.reviews.find_by_uid(uid).id, "MNR.C05", status="embedded", rationale="HQ")
    a.assessments.record(a.reviews.find_by_uid(uid).id, "MNR.C08", status="embedded")
    v3 = tmp_path / "v3.safeonline"
    exchange(a).export_review(a.reviews.find_by_uid(uid).id, v3)
    preview = exchange(hq).inspect(v3)
    assert not preview.conflicts and preview.counts["assessments"].kept == 1
    exchange(hq).import_file(v3)
    assert _assessment(hq, uid, "MNR.C05").status == "embedded"
    assert _assessment(hq, uid, "MNR.C08").status == "embedded"


def test_deleted_here_is_not_added_back(two_laptops, tmp_path):
    a, hq, uid = two_laptops["a"], two_laptops["hq"], two_laptops["uid"]
    exchange(hq).import_file(two_laptops["a_file"])
    rid = hq.reviews.find_by_uid(uid).id
    gone = hq.planning.findings(rid)[0]
    hq.planning.delete_finding(gone.id)
    a.assessments.record(a.reviews.find_by_uid(uid).id, "MNR.C08", status="embedded")
    v3 = tmp_path / "v3.safeonline"
    exchange(a).export_review(a.reviews.find_by_uid(uid).id, v3)
    preview = exchange(hq).inspect(v3)
    assert preview.counts["findings"].skipped == 1
    exchange(hq).import_file(v3)
    assert gone.uid not in {f.uid for f in hq.planning.findings(rid)}


def test_a_redacted_file_never_blanks_what_headquarters_has(two_laptops, tmp_path):
    a, hq, uid = two_laptops["a"], two_laptops["hq"], two_laptops["uid"]
    exchange(hq).import_file(two_laptops["a_file"])
    a.assessments.record(a.reviews.find_by_uid(uid).id, "MNR.C08", status="embedded")
    redacted = tmp_path / "redacted.safeonline"
    exchange(a).export_review(a.reviews.find_by_uid(uid).id, redacted, redact=True)
    notes_before = _assessment(hq, uid, "MNR.C02").notes
    names_before = sorted(p.name for p in hq.participants.list(hq.reviews.find_by_uid(uid).id))
    preview = exchange(hq).inspect(redacted)
    assert not preview.conflicts
    exchange(hq).import_file(redacted)
    assert _assessment(hq, uid, "MNR.C08").status == "embedded"
    assert _assessment(hq, uid, "MNR.C02").notes == notes_before
    assert sorted(p.name for p in hq.participants.list(hq.reviews.find_by_uid(uid).id)) == names_before


def test_unknown_choice_is_refused(two_laptops):
    hq = two_laptops["hq"]
    exchange(hq).import_file(two_laptops["a_file"])
    before = snapshot(hq)
    with pytest.raises(ImportRejected, match="mine, theirs or both"):
        exchange(hq).import_file(two_laptops["b_file"], resolutions={"assessments:MNR.C01": "yours",
                                                                      "assessments:MNR.C02": "mine"})
    assert snapshot(hq) == before


def test_batch_with_one_choice_for_all(two_laptops):
    hq, uid = two_laptops["hq"], two_laptops["uid"]
    results = exchange(hq).import_files([two_laptops["a_file"], two_laptops["b_file"]], resolve_all=THEIRS)
    assert [r.error for r in results] == [None, None]
    assert _assessment(hq, uid, "MNR.C01").status == "planned"
