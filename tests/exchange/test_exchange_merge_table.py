"""The three-way merge decides the same way in both directions, for every kind of record.

Laptop A made the review and sent it (file O) to laptop B and to headquarters. Then, per case,
A, B or headquarters edit one record of every kind; A and B export; headquarters imports A's
file, then B's. Whatever only one side changed is taken without asking, from either side; only
a record both sides changed differently is a conflict.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from exchange_helpers import exchange
from sqlalchemy import select

from safeonline_desktop.exchange import THEIRS, identity, rows, spec
from safeonline_desktop.services import open_services
from safeonline_desktop.services.context import Actor
from safeonline_desktop.storage import models as m

#: The text field each test edits, per kind of record (every kind a review file carries).
EDITS = {
    "review": "scope",
    "participants": "organisation",
    "sessions": "location",
    "assessments": "rationale",
    "evidence": "citation",
    "findings": "statement",
    "recommendations": "lead_actor",
    "actions": "indicator",
    "item_notes": "text",
    "rating_proposals": "organisation",
    "item_consensus": "self_assessment_source",
    "dissents": "reason",
}
#: What a redacted file hides, each kind with a record holding something there (so that the
#: merge has to look past it): participants' names, MNR.C01's notes, the session's notes and
#: the proposal's comment. Item notes and dissents are not in redacted files at all.
REDACTED_KINDS = ("review", "participants", "sessions", "assessments", "evidence", "findings", "recommendations",
                  "actions", "rating_proposals", "item_consensus")


def test_every_kind_of_record_is_covered(catalog):
    assert set(EDITS) == {spec.REVIEW.name} | {sec.name for sec in spec.SECTIONS}
    for name, field in EDITS.items():
        assert field in spec.section(name).compared()
        if name in REDACTED_KINDS and name != "assessments":
            assert field not in spec.section(name).redactable
    assert not catalog.item("MNR.C01").sensitive  # so a redacted file keeps its rationale


@dataclass(frozen=True)
class Laptops:
    root: Path
    a: Path
    b: Path
    hq: Path
    uid: str


@pytest.fixture(scope="module")
def laptops(tmp_path_factory, catalog, templates) -> Laptops:
    """A holds the demonstration review with workshop records too; B and headquarters imported it."""
    root = tmp_path_factory.mktemp("merge-table")
    shutil.copytree(templates.laptop, root / "a")
    a = open_services(root / "a", catalog=catalog, actor=Actor("Assessor A"), backup_on_start=False)
    review = a.reviews.list()[0].review
    rid = review.id
    people = a.participants.list(rid)
    session = a.workshop.add_session(rid, title="Validation workshop", location="Capital", notes="Who said what",
                                     attendee_ids=[people[0].id, people[1].id])
    a.workshop.add_note(rid, "MNR.C01", "The decree is with the Legal Department.", participant_id=people[0].id,
                        session_id=session.id)
    a.workshop.propose(rid, "MNR.C01", status="planned", organisation="Ministry of Social Affairs", sector="government",
                       comment="Off the record: the budget is cut.", session_id=session.id)
    a.workshop.set_self_assessment(rid, "MNR.C01", "in_place", "Government self-assessment")
    a.workshop.record_dissent(rid, "MNR.C01", reason="The Council has no budget.", participant_id=people[1].id,
                              session_id=session.id)
    exchange(a).export_review(rid, root / "o.safeonline")
    a.close()
    for name in ("b", "hq"):
        shutil.copytree(templates.empty, root / name)
        other = open_services(root / name, catalog=catalog, actor=Actor(name.upper()), backup_on_start=False)
        exchange(other).import_file(root / "o.safeonline")
        other.close()
    return Laptops(root, root / "a", root / "b", root / "hq", review.uid)


@pytest.fixture
def three(laptops, make_services):
    return {name: make_services(name, f"Assessor {name.upper()}", copy_of=getattr(laptops, name))
            for name in ("a", "b", "hq")}


def _target(s, name: str, review: m.Review):
    """The record of kind ``name`` the tests edit: the review, MNR.C01's records, or the first."""
    if name == "review":
        return review
    sec = spec.section(name)
    found = rows.rows_of(s, sec, review.id)
    if "item_id" in sec.fields:
        found = [o for o in found if o.item_id == "MNR.C01"] or found
    return found[0]


def edit(services, uid: str, text: str, kinds=tuple(EDITS)) -> None:
    """Change the chosen record of every kind (as the app's editors would: one text field each)."""
    with services.ctx.workspace.unit_of_work() as s:
        review = s.scalar(select(m.Review).where(m.Review.uid == uid))
        for name in kinds:
            obj = _target(s, name, review)
            setattr(obj, EDITS[name], f"{text} ({name})")


def values(services, uid: str, kinds=tuple(EDITS)) -> dict[str, str]:
    with services.ctx.workspace.read() as s:
        review = s.scalar(select(m.Review).where(m.Review.uid == uid))
        return {name: getattr(_target(s, name, review), EDITS[name]) for name in kinds}


def conflict_ids(services, uid: str, kinds=tuple(EDITS)) -> set[str]:
    with services.ctx.workspace.read() as s:
        review = s.scalar(select(m.Review).where(m.Review.uid == uid))
        return {f"{name}:{getattr(_target(s, name, review), spec.section(name).key)}" for name in kinds}


def expected(text: str, kinds=tuple(EDITS)) -> dict[str, str]:
    return {name: f"{text} ({name})" for name in kinds}


#: case: (A edits to, B edits to, headquarters edits to, what headquarters holds in the end)
CASES = {
    "nobody changed it": (None, None, None, None),
    "only mine changed (here)": (None, None, "HQ", "HQ"),
    "only mine changed (taken from A)": ("A", None, None, "A"),
    "only mine changed (here, after A)": ("A", None, "HQ", "HQ"),
    "only theirs changed": (None, "B", None, "B"),
    "both changed to the same": ("Same", "Same", None, "Same"),
    "both changed differently": ("A", "B", None, "conflict"),
}


@pytest.mark.parametrize("case", CASES)
def test_three_way_decision_table(three, laptops, tmp_path, case):
    a, b, hq = three["a"], three["b"], three["hq"]
    uid = laptops.uid
    by_a, by_b, by_hq, outcome = CASES[case]
    original = values(hq, uid)
    if by_a:
        edit(a, uid, by_a)
    if by_b:
        edit(b, uid, by_b)
    a_file, b_file = tmp_path / "from-a.safeonline", tmp_path / "from-b.safeonline"
    exchange(a).export_review(a.reviews.find_by_uid(uid).id, a_file)
    exchange(b).export_review(b.reviews.find_by_uid(uid).id, b_file)

    exchange(hq).import_file(a_file)
    if by_hq:
        edit(hq, uid, by_hq)
    preview = exchange(hq).inspect(b_file)
    got = {c.id for c in preview.conflicts}
    if outcome == "conflict":
        assert got == conflict_ids(hq, uid)
        exchange(hq).import_file(b_file, resolutions=dict.fromkeys(got, THEIRS))
        assert values(hq, uid) == expected("B")
        return
    assert got == set()
    changed = sum(c.updated + c.kept for c in preview.counts.values())
    assert changed == (0 if outcome in (None, "Same") else len(EDITS))
    exchange(hq).import_file(b_file)
    assert values(hq, uid) == (original if outcome is None else expected(outcome))
    # Nothing left to merge: the same file again finds headquarters up to date.
    assert exchange(hq).inspect(b_file).action == "up_to_date"


def test_a_record_deleted_here_is_not_added_back_by_a_laptop_that_did_not_change_it(three, laptops, tmp_path):
    a, b, hq = three["a"], three["b"], three["hq"]
    uid = laptops.uid
    edit(a, uid, "A", kinds=("assessments",))
    a_file, b_file = tmp_path / "from-a.safeonline", tmp_path / "from-b.safeonline"
    exchange(a).export_review(a.reviews.find_by_uid(uid).id, a_file)
    exchange(b).export_review(b.reviews.find_by_uid(uid).id, b_file)
    exchange(hq).import_file(a_file)
    rid = hq.reviews.find_by_uid(uid).id
    finding = hq.planning.findings(rid)[0]
    hq.planning.delete_finding(finding.id)
    preview = exchange(hq).inspect(b_file)
    assert not preview.conflicts and preview.counts["findings"].skipped == 1
    exchange(hq).import_file(b_file)
    assert finding.uid not in {f.uid for f in hq.planning.findings(rid)}
    assert values(hq, uid, ("assessments",)) == expected("A", ("assessments",))


def test_a_newer_record_from_a_third_laptop_is_never_dropped_silently(three, laptops, tmp_path):
    """B took A's edits, so B's file still holds its own base; but headquarters never had that
    content, so it cannot know its own record is newer: it asks."""
    a, b, hq = three["a"], three["b"], three["hq"]
    uid = laptops.uid
    edit(a, uid, "A")
    a_file, b_file = tmp_path / "from-a.safeonline", tmp_path / "from-b.safeonline"
    exchange(a).export_review(a.reviews.find_by_uid(uid).id, a_file)
    exchange(b).import_file(a_file)
    exchange(b).export_review(b.reviews.find_by_uid(uid).id, b_file)
    edit(hq, uid, "HQ")
    preview = exchange(hq).inspect(b_file)
    assert {c.id for c in preview.conflicts} == conflict_ids(hq, uid)
    assert sum(c.kept for c in preview.counts.values()) == 0


@pytest.mark.parametrize("earlier", ["whole", "redacted"])
@pytest.mark.parametrize("changed", ["mine", "theirs"])
def test_redacted_files_follow_the_same_table(three, laptops, tmp_path, earlier, changed):
    """A sends redacted files to headquarters: what redaction hides (participants' names, notes,
    comments) never counts as a change, whichever side changed a record and whatever A sent last."""
    a, hq = three["a"], three["hq"]
    uid = laptops.uid
    rid_a = a.reviews.find_by_uid(uid).id
    kinds = REDACTED_KINDS
    if earlier == "redacted":  # with a change elsewhere, so headquarters takes it (and its base)
        a.assessments.record(rid_a, "MNR.C08", status="embedded")
        exchange(a).export_review(rid_a, tmp_path / "earlier.safeonline", redact=True)
        assert exchange(hq).import_file(tmp_path / "earlier.safeonline").written
    hidden = _hidden(hq, uid)
    assert all(hidden.values())
    if changed == "theirs":
        edit(a, uid, "A", kinds)
    else:
        edit(hq, uid, "HQ", kinds)
    redacted = tmp_path / "redacted.safeonline"
    exchange(a).export_review(rid_a, redacted, redact=True)
    preview = exchange(hq).inspect(redacted)
    assert not preview.conflicts
    exchange(hq).import_file(redacted)
    assert values(hq, uid, kinds) == expected("A" if changed == "theirs" else "HQ", kinds)
    assert _hidden(hq, uid) == hidden


def _hidden(services, uid: str) -> dict[str, str]:
    """What a redacted file leaves out of the edited records."""
    with services.ctx.workspace.read() as s:
        review = s.scalar(select(m.Review).where(m.Review.uid == uid))
        return {"name": _target(s, "participants", review).name, "notes": _target(s, "assessments", review).notes,
                "session notes": _target(s, "sessions", review).notes,
                "comment": _target(s, "rating_proposals", review).comment}


def test_qa_report_a_record_only_the_first_laptop_changed_is_not_a_conflict(three, laptops, tmp_path):
    """The report as QA wrote it: A rewrites MNR.C01's rationale, B rates MNR.C06 and rewrites
    MNR.C02; headquarters takes the original, then A's file, then B's."""
    a, b, hq = three["a"], three["b"], three["hq"]
    uid = laptops.uid
    rid_a, rid_b = a.reviews.find_by_uid(uid).id, b.reviews.find_by_uid(uid).id
    a.assessments.record(rid_a, "MNR.C01", rationale="A: the revised decree was signed in March.")
    b.assessments.record(rid_b, "MNR.C06", status="planned", rationale="B: a hotline is being procured.")
    b.assessments.record(rid_b, "MNR.C02", rationale="B: the baseline study is funded.")
    a_file, b_file = tmp_path / "from-a.safeonline", tmp_path / "from-b.safeonline"
    exchange(a).export_review(rid_a, a_file)
    exchange(b).export_review(rid_b, b_file)
    exchange(hq).import_file(a_file)
    preview = exchange(hq).inspect(b_file)
    assert preview.conflicts == ()
    assert preview.counts["assessments"].kept == 1
    exchange(hq).import_file(b_file)
    rid = hq.reviews.find_by_uid(uid).id
    assert hq.assessments.get(rid, "MNR.C01").rationale == "A: the revised decree was signed in March."
    assert hq.assessments.get(rid, "MNR.C02").rationale == "B: the baseline study is funded."
    assert hq.assessments.get(rid, "MNR.C06").status == "planned"


def test_what_this_laptop_held_is_remembered_per_record(services, review):
    """Every export and import adds to it (so does a workspace's synced state from before it was
    kept); the oldest versions go first."""
    with services.ctx.workspace.unit_of_work() as s:
        s.add(m.WorkspaceMeta(key=identity._synced_key(review.uid), value='{"findings": {"f1": "d0"}}'))
    with services.ctx.workspace.unit_of_work() as s:
        assert identity.load_held(s, review.uid) == {"findings": {"f1": ["d0"]}}
        for n in range(1, identity.MAX_HELD + 3):
            identity.save_synced(s, review.uid, {"findings": {"f1": f"d{n}"}, "assessments": {"MNR.C01": "x"}})
        identity.save_synced(s, review.uid, {"findings": {"f1": "d5"}})
    with services.ctx.workspace.read() as s:
        held = identity.load_held(s, review.uid)
    expected_f1 = [f"d{n}" for n in range(3, identity.MAX_HELD + 3) if n != 5] + ["d5"]
    assert held == {"findings": {"f1": expected_f1}, "assessments": {"MNR.C01": ["x"]}}
    assert len(expected_f1) == identity.MAX_HELD
