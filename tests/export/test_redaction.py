"""--redact: what is marked sensitive, the notes and every name stay out of both files."""

from __future__ import annotations

import pytest
from export_helpers import pdf_text, workbook_strings

#: Text from the demo review that only appears in material a redacted edition leaves out.
SENSITIVE = {
    "assessment note": "9 investigators and 2 analysts",
    "note of a non-sensitive item": "Ask police whether anonymised annual figures",
    "finding marked sensitive": "about two thirds of its approved establishment",
    "evidence marked sensitive": "Draft Industry Code of Practice on Child Online Safety, version 0.3",
    "rationale of a sensitive item": "has run the free 116 111 helpline since 2008",
    "participant's name": "Dr Mirela Kostan",
}
#: Stays in every edition.
KEPT = ["Revise Decree 45/2021 to give the National Council", "The 116 111 child helpline is free",
        "Child Protection Act 2019 (fictional)", "Government (policy and coordination)"]


@pytest.fixture(scope="module")
def texts(demo):
    out = {}
    for redact in (False, True):
        xlsx, pdf = demo.pack(redact=redact)
        out[redact] = {"workbook": " ".join(workbook_strings(xlsx).split()), "report": pdf_text(pdf)}
    return out


@pytest.mark.parametrize("what", sorted(SENSITIVE))
def test_sensitive_material_is_in_the_full_edition_only(texts, what):
    needle = SENSITIVE[what]
    for output in ("workbook", "report"):
        assert needle in texts[False][output], (what, output, "full edition")
        assert needle not in texts[True][output], (what, output, "redacted edition")


def test_the_rest_is_in_both_editions(texts):
    for needle in KEPT:
        for redact in (False, True):
            for output in ("workbook", "report"):
                assert needle in texts[redact][output], (needle, redact, output)


def test_names_without_consent_never_appear(texts):
    for redact in (False, True):
        for output in ("workbook", "report"):
            assert "Teodor Vassel" not in texts[redact][output]
            assert "Nadia Oresh" not in texts[redact][output]


def test_redacted_edition_says_what_it_left_out(texts, demo):
    from safeonline_desktop.services.reporting import build_report

    notes = build_report(demo.services, demo.review_id, redact=True).redaction.notes
    assert notes == 13
    report = texts[True]["report"]
    assert f"This is a redacted edition. It leaves out {notes} assessment note(s), 2 evidence record(s) and 1 finding(s)" in report
    assert "Ministry of Social Affairs, Child Protection Directorate" in texts[False]["report"]
    assert "Ministry of Social Affairs, Child Protection Directorate" not in report + texts[True]["workbook"]
    assert "Redacted edition" in report
    assert "Participants by sector" in report
    assert "Government (policy and coordination)" in report  # counts by sector stay
    assert f"Redacted edition: left out {notes} assessment note(s)" in texts[True]["workbook"]


def test_redacted_model_counts(demo):
    from safeonline_desktop.services.reporting import build_report

    full = build_report(demo.services, demo.review_id)
    red = build_report(demo.services, demo.review_id, redact=True)
    assert len(full.evidence) - len(red.evidence) == 2 == red.redaction.evidence
    assert len(full.findings) - len(red.findings) == 1 == red.redaction.findings
    assert all(not p.name for p in red.participants)
    assert sum(1 for p in full.participants if p.name) == 8  # ten people, two did not consent
    withheld = [i.id for s in red.sections for i in s.items if i.withheld]
    assert "MNR.C11" in withheld and "MNR.C01" not in withheld
    assert red.redaction.withheld_items == len(withheld)
    assert all(not i.notes for s in red.sections for i in s.items)
    assert [e.ref for e in red.evidence] == [f"E{n}" for n in range(1, len(red.evidence) + 1)]  # no gaps
    assert [r.priority_code for r in full.recommendations] == sorted(
        (r.priority_code for r in full.recommendations), key=["high", "medium", "low"].index)
