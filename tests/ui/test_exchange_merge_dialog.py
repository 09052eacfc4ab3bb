"""The merge dialog on its own: every conflict shown with both sides and their provenance, a
choice per conflict, nothing merged until each has one."""

from __future__ import annotations

import pytest
from exchange_support import fast, laptop
from PySide6.QtCore import Qt

from safeonline_desktop.exchange import BOTH, MINE, THEIRS
from safeonline_desktop.ui.merge_dialog import CHOICE_ROLE, MergeDialog

pytestmark = pytest.mark.gui


@pytest.fixture
def preview(services, demo, tmp_path, demo_template, catalog):
    """Laptop B and this workspace both changed C01, C02's notes and the first finding."""
    b = laptop(tmp_path, demo_template, "laptop-b", "Bruno", catalog)
    try:
        rid = b.reviews.list()[0].review.id
        b.assessments.record(rid, "MNR.C01", status="embedded", rationale="Bruno's rationale")
        b.assessments.record(rid, "MNR.C02", notes="Bruno's notes")
        finding = b.planning.findings(rid)[0]
        b.planning.update_finding(finding.id, statement="Bruno's wording")
        path = tmp_path / "from-b.safeonline"
        fast(b).export_review(rid, path)
    finally:
        b.close()
    services.assessments.record(demo.id, "MNR.C01", status="not_in_place", rationale="My rationale")
    services.assessments.record(demo.id, "MNR.C02", notes="My notes")
    mine = services.planning.findings(demo.id)[0]
    services.planning.update_finding(mine.id, statement="My wording")
    return fast(services).inspect(path)


@pytest.fixture
def dialog(qtbot, preview, catalog):
    d = MergeDialog(catalog, preview)
    qtbot.addWidget(d)
    d.show()
    qtbot.waitExposed(d)
    return d


def row_of(dialog, conflict_id: str) -> int:
    return next(n for n, c in enumerate(dialog.model.conflicts) if c.id == conflict_id)


def test_conflicts_are_listed_with_both_sides_and_provenance(dialog, preview, qtmodeltester):
    qtmodeltester.check(dialog.model)
    assert dialog.model.rowCount() == len(preview.conflicts) == 3
    row = row_of(dialog, "assessments:MNR.C01")
    model = dialog.model
    assert model.index(row, 0).data() == "C01 Leadership"
    assert model.index(row, 1).data().startswith("Not in place (+1 more) — Tester")
    assert model.index(row, 2).data().startswith("Embedded (+1 more) — Bruno")
    assert model.index(row, 3).data() == "Choose…" and model.index(row, 3).data(CHOICE_ROLE) is None
    dialog.table.selectRow(row)
    assert "Status: Not in place" in dialog.mine_text.toPlainText()
    assert "Rationale: Bruno's rationale" in dialog.theirs_text.toPlainText()
    assert "Bruno" in dialog.theirs_label.text() and preview.source_label in dialog.theirs_label.text()
    assert dialog.keep_both.text() == "Keep &both notes"
    finding_row = next(n for n, c in enumerate(model.conflicts) if c.section == "findings")
    assert model.index(finding_row, 0).data().startswith("Findings: ")
    dialog.table.selectRow(finding_row)
    assert dialog.keep_both.text() == "Keep &both"
    assert "separate record" in dialog.both_hint.text()


def test_merge_needs_a_choice_for_every_conflict(dialog, qtbot):
    assert not dialog.merge_button.isEnabled()
    assert dialog.status.text() == "Conflicts still without a choice: 3."
    c01, c02 = row_of(dialog, "assessments:MNR.C01"), row_of(dialog, "assessments:MNR.C02")
    dialog.table.selectRow(c01)
    qtbot.mouseClick(dialog.keep_theirs, Qt.MouseButton.LeftButton)
    dialog.table.selectRow(c02)
    qtbot.mouseClick(dialog.keep_both, Qt.MouseButton.LeftButton)
    assert not dialog.merge_button.isEnabled()
    finding = next(n for n, c in enumerate(dialog.model.conflicts) if c.section == "findings")
    dialog.choose(finding, MINE)
    assert dialog.merge_button.isEnabled() and dialog.status.text() == "Every conflict has a choice."
    assert dialog.model.index(c01, 3).data() == "Keep theirs"
    assert dialog.model.index(c02, 3).data() == "Keep both notes"
    dialog.table.selectRow(c01)
    assert dialog.keep_theirs.isChecked() and not dialog.keep_mine.isChecked()
    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(dialog.merge_button, Qt.MouseButton.LeftButton)
    assert dialog.resolutions() == {"assessments:MNR.C01": THEIRS, "assessments:MNR.C02": BOTH,
                                    dialog.model.conflicts[finding].id: MINE}


def test_one_choice_for_all_and_the_choices_are_applied(dialog, qtbot, services, demo, preview, tmp_path):
    qtbot.mouseClick(dialog.all_theirs, Qt.MouseButton.LeftButton)
    assert set(dialog.resolutions().values()) == {THEIRS}
    qtbot.mouseClick(dialog.all_mine, Qt.MouseButton.LeftButton)
    dialog.choose(row_of(dialog, "assessments:MNR.C02"), BOTH)
    dialog.accept()
    path = tmp_path / "from-b.safeonline"
    fast(services).import_file(path, resolutions=dialog.resolutions(), expect_sha256=preview.file_sha256)
    assert services.assessments.get(demo.id, "MNR.C01").status == "not_in_place"
    notes = services.assessments.get(demo.id, "MNR.C02").notes
    assert notes.startswith("My notes") and notes.endswith("Bruno's notes") and "from-b.safeonline" in notes
    assert "My wording" in [f.statement for f in services.planning.findings(demo.id)]
