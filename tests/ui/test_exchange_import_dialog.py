"""The import dialog: preview first, then import; conflicts go through the merge dialog; refused
files change nothing."""

from __future__ import annotations

import pytest
from exchange_support import PASSPHRASE, fast, laptop, snapshot
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from ui_support import type_text

from safeonline_desktop.exchange import THEIRS
from safeonline_desktop.ui import import_dialog as idl
from safeonline_desktop.ui.import_dialog import ImportDialog
from safeonline_desktop.ui.merge_dialog import MergeDialog

pytestmark = pytest.mark.gui


@pytest.fixture
def files(tmp_path, demo_template, catalog):
    """Laptop A's edit of the demo review (encrypted), a new review from it, and a damaged file."""
    a = laptop(tmp_path, demo_template, "laptop-a", "Ana", catalog)
    try:
        review = a.reviews.list()[0].review
        a.assessments.record(review.id, "MNR.C01", status="embedded", rationale="Ana: the council now has a budget.")
        a.assessments.record(review.id, "MNR.C06", status="planned")  # unrated in the demo: no conflict
        edited = tmp_path / "aravia-ana.safeonline"
        fast(a).export_review(review.id, edited, passphrase=PASSPHRASE)
        kenya = a.reviews.create(country_code="KE", title="Kenya 2026", frameworks=["mnr"])
        a.assessments.record(kenya.id, "MNR.C01", status="planned")
        new = tmp_path / "kenya.safeonline"
        fast(a).export_review(kenya.id, new)
    finally:
        a.close()
    damaged = tmp_path / "damaged.safeonline"
    damaged.write_bytes(new.read_bytes()[:-30])  # the end of the zip directory is gone
    return {"edited": edited, "new": new, "damaged": damaged}


def open_dialog(qtbot, services, paths) -> ImportDialog:
    dialog = ImportDialog(services, paths)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.state == "ready", timeout=30_000)
    return dialog


def outcome(dialog, row: int) -> str:
    return dialog.model.index(row, 3).data()


def test_preview_lists_what_each_file_would_do_and_writes_nothing(qtbot, services, demo, files, qtmodeltester):
    before = snapshot(services)
    dialog = open_dialog(qtbot, services, [files["new"], files["edited"], files["damaged"]])
    qtmodeltester.check(dialog.model)
    assert outcome(dialog, 0).startswith("New review:") and "added" in outcome(dialog, 0)
    assert outcome(dialog, 1) == "Encrypted: enter the passphrase and check again"
    assert outcome(dialog, 2).startswith("Refused: ") and "damaged" in outcome(dialog, 2)
    assert dialog.model.index(0, 1).data() == "Kenya — Kenya 2026"
    assert dialog.passphrase_row.isVisible()
    assert dialog.import_button.isEnabled()
    dialog.table.selectRow(0)
    assert "The review will be added to this workspace." in dialog.details.toPlainText()
    assert snapshot(services) == before

    type_text(dialog.passphrase, "wrong passphrase")
    qtbot.mouseClick(dialog.check_again, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.state == "ready", timeout=30_000)
    assert "wrong passphrase or damaged file" in outcome(dialog, 1)
    dialog.passphrase.clear()
    type_text(dialog.passphrase, PASSPHRASE)
    qtbot.mouseClick(dialog.check_again, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.state == "ready", timeout=30_000)
    assert outcome(dialog, 1).startswith(f"Update of review {demo.id}:")
    assert "1 conflicts to resolve" in outcome(dialog, 1) and "(encrypted)" in outcome(dialog, 1)
    dialog.table.selectRow(1)
    details = dialog.details.toPlainText()
    assert "it will be updated" in details and "Assessments: 1 added, 1 in conflict" in details
    assert snapshot(services) == before
    dialog.reject()


def test_import_with_a_conflict_resolved_in_the_merge_dialog(qtbot, services, demo, files):
    dialog = open_dialog(qtbot, services, [files["edited"], files["new"]])
    type_text(dialog.passphrase, PASSPHRASE)
    dialog.recheck_encrypted()
    qtbot.waitUntil(lambda: dialog.state == "ready" and dialog.import_button.isEnabled(), timeout=30_000)
    imported = []
    dialog.imported.connect(imported.append)
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.merge_dialog is not None, timeout=30_000)
    merge = dialog.merge_dialog
    assert isinstance(merge, MergeDialog) and merge.isVisible()
    assert not merge.merge_button.isEnabled()
    merge.table.selectRow(0)
    qtbot.mouseClick(merge.keep_theirs, Qt.MouseButton.LeftButton)
    assert merge.merge_button.isEnabled()
    qtbot.mouseClick(merge.merge_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.state == "done", timeout=30_000)
    assert outcome(dialog, 0) == f"Merged into review {demo.id}."
    assert outcome(dialog, 1).startswith("Imported as a new review")
    assert len(imported) == 1 and demo.id in imported[0]
    c01 = services.assessments.get(demo.id, "MNR.C01")
    assert c01.status == "embedded" and c01.updated_by == "Ana"
    assert services.assessments.get(demo.id, "MNR.C06").status == "planned"
    merge_entry = next(e for e in services.audit.entries(demo.id) if e.action == "review.merge")
    assert merge_entry.after["choices"] == {"assessments:MNR.C01": THEIRS}
    assert dialog.close_button.isVisible() and not dialog.import_button.isVisible()
    dialog.accept()


def test_cancelling_the_merge_skips_that_file_only(qtbot, services, demo, files):
    dialog = open_dialog(qtbot, services, [files["edited"], files["new"]])
    type_text(dialog.passphrase, PASSPHRASE)
    dialog.recheck_encrypted()
    qtbot.waitUntil(lambda: dialog.state == "ready" and dialog.import_button.isEnabled(), timeout=30_000)
    dialog.start_import()
    qtbot.waitUntil(lambda: dialog.merge_dialog is not None, timeout=30_000)
    dialog.merge_dialog.reject()
    qtbot.waitUntil(lambda: dialog.state == "done", timeout=30_000)
    assert outcome(dialog, 0) == "Not imported: the conflicts were not resolved"
    assert outcome(dialog, 1).startswith("Imported as a new review")
    assert services.assessments.get(demo.id, "MNR.C01").status == "partly_in_place"  # unchanged
    assert sorted(r.review.title for r in services.reviews.list())[-1] == "Kenya 2026"


def test_a_file_previewed_before_another_import_is_previewed_again(qtbot, services, demo, files, tmp_path,
                                                                   demo_template, catalog):
    """Two files of the same new review: the second becomes an update once the first is in."""
    dialog = open_dialog(qtbot, services, [files["new"], files["new"]])
    assert outcome(dialog, 0).startswith("New review") and outcome(dialog, 1).startswith("New review")
    dialog.start_import()
    qtbot.waitUntil(lambda: dialog.state == "done", timeout=30_000)
    assert outcome(dialog, 0).startswith("Imported as a new review")
    assert outcome(dialog, 1) == "Already up to date: nothing to import"
    assert [r.review.title for r in services.reviews.list()].count("Kenya 2026") == 1


def test_nothing_importable_leaves_import_disabled(qtbot, services, files):
    before = snapshot(services)
    dialog = open_dialog(qtbot, services, [files["damaged"]])
    assert not dialog.import_button.isEnabled()
    assert "0 of 1 files can be imported; 1 refused." == dialog.status.text()
    dialog.reject()
    assert dialog.result() == QDialog.DialogCode.Rejected
    assert snapshot(services) == before


def test_closing_while_checking_stops_and_writes_nothing(qtbot, services, files, monkeypatch):
    import threading

    release = threading.Event()
    real = idl.ExchangeService.inspect

    def slow(self, path, **kwargs):
        release.wait(10)
        return real(self, path, **kwargs)

    monkeypatch.setattr(idl.ExchangeService, "inspect", slow)
    before = snapshot(services)
    dialog = ImportDialog(services, [files["new"]])
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.busy()
    dialog.reject()  # asks the worker to stop; the dialog closes when it has
    assert dialog.isVisible()
    release.set()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=30_000)
    assert snapshot(services) == before


def test_spanish_preview(qtbot, services, files):
    from safeonline_desktop import i18n

    i18n.set_language("es")
    dialog = open_dialog(qtbot, services, [files["new"], files["damaged"]])
    assert outcome(dialog, 0).startswith("Nueva evaluación:")
    assert outcome(dialog, 1).startswith("Rechazado: ")
    assert dialog.model.headerData(3, Qt.Orientation.Horizontal) == "Efecto de la importación"
    dialog.reject()
