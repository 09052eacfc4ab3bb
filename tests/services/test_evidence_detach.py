"""Detaching a file from evidence (used by the GUI to undo attaching one)."""

from __future__ import annotations

import pytest

from safeonline_desktop.errors import NotFoundError


def test_detach_keeps_the_record_and_removes_an_unused_file(services, review, tmp_path):
    doc = tmp_path / "law.txt"
    doc.write_text("Child Protection Act", encoding="utf-8")
    ev = services.evidence.add(review.id, title="Child Protection Act", evidence_type="law", file=doc,
                               item_ids=["MNR.C01"])
    stored = services.evidence.file_path(ev.id)
    assert stored.is_file()

    after = services.evidence.detach_file(ev.id)

    assert (after.file_sha256, after.file_name, after.file_size) == (None, None, None)
    assert after.title == "Child Protection Act" and after.item_ids == ("MNR.C01",)
    assert not stored.exists()
    assert services.audit.entries(review.id)[0].action == "evidence.detach"
    with pytest.raises(NotFoundError):
        services.evidence.file_path(ev.id)


def test_detach_keeps_a_file_still_used_by_other_evidence(services, review, tmp_path):
    doc = tmp_path / "plan.txt"
    doc.write_text("National plan", encoding="utf-8")
    first = services.evidence.add(review.id, title="Plan", file=doc)
    second = services.evidence.add(review.id, title="Plan (annex)", file=doc)
    services.evidence.detach_file(first.id)
    assert services.evidence.file_path(second.id).read_text(encoding="utf-8") == "National plan"
