"""Editing in the review workspace: every edit saved at once, text saved on a pause, on
focus-out, on item change and on close; undo and redo through the services; refused edits
shown as not saved."""

from __future__ import annotations

import sqlite3
import warnings

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QMessageBox, QPushButton
from ui_support import activate, click_button, settle, type_text

from safeonline_desktop.errors import ValidationError
from safeonline_desktop.ui.widgets import AUTOSAVE_DELAY_MS

pytestmark = pytest.mark.gui
CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def review_window(window, review, qtbot):
    window.home.refresh()
    assert window.open_review(review.id, "MNR.C01")
    settle(qtbot)
    activate(qtbot, window)
    return window


def stored_rationale(data_dir, item_id: str) -> str | None:
    """Read the database file directly: proof that the text is on disk, not in a cache."""
    with sqlite3.connect(data_dir / "workspace.sqlite3") as conn:
        row = conn.execute("SELECT rationale FROM assessments WHERE item_id = ?", (item_id,)).fetchone()
    return row[0] if row else None


def test_text_typed_then_window_closed_at_once_is_on_disk(review_window, data_dir, qtbot):
    page = review_window.workspace.item_page
    page.rationale.setFocus()
    type_text(page.rationale, "Unit of 12 officers — créée en 2021, señal débil")
    assert stored_rationale(data_dir, "MNR.C01") is None  # not yet: the pause has not passed
    review_window.close()
    assert stored_rationale(data_dir, "MNR.C01") == "Unit of 12 officers — créée en 2021, señal débil"


def test_text_is_saved_after_a_short_pause_in_typing(review_window, services, review, qtbot):
    page = review_window.workspace.item_page
    page.notes.setFocus()
    qtbot.keyClicks(page.notes, "Ask the ministry for the decree")
    assert services.assessments.get(review.id, "MNR.C01").notes == ""
    qtbot.waitUntil(lambda: services.assessments.get(review.id, "MNR.C01").notes == "Ask the ministry for the decree",
                    timeout=AUTOSAVE_DELAY_MS * 5)
    assert review_window.saved_text().startswith("Saved at ")
    assert page.notes.hasFocus() and not page.notes.dirty


def test_text_is_saved_on_focus_out_and_on_item_change(review_window, services, review, qtbot):
    page = review_window.workspace.item_page
    page.rationale.setFocus()
    qtbot.keyClicks(page.rationale, "Decree exists")
    page.notes.setFocus()  # focus-out saves at once
    assert services.assessments.get(review.id, "MNR.C01").rationale == "Decree exists"
    qtbot.keyClicks(page.notes, "Call back Tuesday")
    qtbot.keyClick(page.notes, Qt.Key.Key_Down, CTRL)  # next item saves first
    assert review_window.workspace.current_item_id() == "MNR.C02"
    assert services.assessments.get(review.id, "MNR.C01").notes == "Call back Tuesday"
    assert page.notes.toPlainText() == "" and page.rationale.toPlainText() == ""
    qtbot.keyClick(page.notes, Qt.Key.Key_Up, CTRL)
    assert page.rationale.toPlainText() == "Decree exists" and page.notes.toPlainText() == "Call back Tuesday"


def test_rating_keys_undo_and_redo(review_window, services, review, qtbot):
    ws = review_window.workspace
    ws.navigator.setFocus()
    qtbot.keyClick(ws.navigator, Qt.Key.Key_2)
    qtbot.keyClick(ws.navigator, Qt.Key.Key_4)
    settle(qtbot)
    assert services.assessments.get(review.id, "MNR.C01").status == "embedded"
    assert ws.item_page.levels.current() == "embedded"
    assert review_window.undo_action.text() == "&Undo Rate C01 as Embedded"
    qtbot.keyClick(ws.navigator, Qt.Key.Key_Z, CTRL)
    settle(qtbot)
    assert services.assessments.get(review.id, "MNR.C01").status == "partly_in_place"
    assert ws.item_page.levels.current() == "partly_in_place"
    review_window.undo_action.trigger()
    settle(qtbot)
    assert services.assessments.get(review.id, "MNR.C01").status is None
    assert not review_window.undo_action.isEnabled()
    review_window.redo_action.trigger()
    settle(qtbot)
    assert services.assessments.get(review.id, "MNR.C01").status == "partly_in_place"
    qtbot.keyClick(ws.navigator, Qt.Key.Key_X)
    assert services.assessments.get(review.id, "MNR.C01").status == "insufficient_evidence"
    assert not review_window.redo_action.isEnabled()  # a new edit drops the redo branch


def test_clicking_a_level_card_rates_and_the_clear_button_clears(review_window, services, review, qtbot):
    page = review_window.workspace.item_page
    qtbot.mouseClick(page.levels.cards["in_place"], Qt.MouseButton.LeftButton)
    assert services.assessments.get(review.id, "MNR.C01").status == "in_place"
    settle(qtbot)
    assert page.levels.cards["in_place"].isChecked()
    qtbot.mouseClick(page.clear_button, Qt.MouseButton.LeftButton)
    assert services.assessments.get(review.id, "MNR.C01").status is None


def test_typing_in_one_go_is_one_undo_step(review_window, services, review, qtbot):
    page = review_window.workspace.item_page
    page.rationale.setFocus()
    qtbot.keyClicks(page.rationale, "First part")
    page.rationale.flush()
    qtbot.keyClicks(page.rationale, ", second part")
    page.rationale.flush()
    assert services.assessments.get(review.id, "MNR.C01").rationale == "First part, second part"
    assert review_window.editor.stack(review.id).count() == 1
    review_window.undo()
    settle(qtbot)
    assert services.assessments.get(review.id, "MNR.C01").rationale == ""
    assert page.rationale.toPlainText() == ""


def test_questions_phase_and_confidence(review_window, services, review, qtbot):
    page = review_window.workspace.item_page
    row = page.question_rows[1]
    qtbot.mouseClick(row.check, Qt.MouseButton.LeftButton)
    assert services.assessments.get(review.id, "MNR.C01").questions_done == ("q2",)
    settle(qtbot)
    page.question_rows[0].check.click()
    assert services.assessments.get(review.id, "MNR.C01").questions_done == ("q2", "q1")
    settle(qtbot)
    page.question_rows[1].check.click()
    assert services.assessments.get(review.id, "MNR.C01").questions_done == ("q1",)
    combo = page.confidence_combo
    combo.setCurrentIndex(combo.findData("high"))
    combo.activated.emit(combo.currentIndex())
    assert services.assessments.get(review.id, "MNR.C01").confidence == "high"
    assert page.phase_combo.isVisibleTo(page)
    review_window.workspace.go_to_item("BBC.A01")
    assert not page.phase_combo.isVisibleTo(page)  # the Broadband Commission has no MNR phases


def test_a_refused_edit_is_shown_and_not_marked_saved(review_window, services, review, qtbot, monkeypatch):
    ws = review_window.workspace
    ws.navigator.setFocus()
    qtbot.keyClick(ws.navigator, Qt.Key.Key_1)
    settle(qtbot)
    count = review_window.editor.stack(review.id).count()

    def refuse(*args, **kwargs):
        raise ValidationError("The data folder is read-only; the change was not saved.")

    monkeypatch.setattr(services.assessments, "record", refuse)
    qtbot.keyClick(ws.navigator, Qt.Key.Key_3)
    assert review_window.saved_text() == "Not saved"
    box = review_window.message_box
    assert isinstance(box, QMessageBox) and box.isVisible()
    assert "read-only" in box.text()
    assert review_window.editor.stack(review.id).count() == count
    assert ws.item_page.levels.current() == "planned"
    box.close()
    # typed text that cannot be saved stays in the editor and keeps the window open
    ws.item_page.rationale.setFocus()
    qtbot.keyClicks(ws.item_page.rationale, "Kept")
    review_window.close()
    assert review_window.isVisible()
    assert ws.item_page.rationale.toPlainText() == "Kept" and ws.item_page.rationale.dirty
    monkeypatch.undo()
    review_window.close()
    assert not review_window.isVisible()
    assert services.assessments.get(review.id, "MNR.C01").rationale == "Kept"


def test_evidence_drop_open_link_delete_and_undo(review_window, services, review, qtbot, tmp_path, monkeypatch):
    panel = review_window.workspace.item_page.evidence
    assert "never case material" not in panel.notice.text()  # the service's own words:
    assert "Never attach case material" in panel.notice.text()
    law = tmp_path / "Child Act.txt"
    law.write_text("Child Act text", encoding="utf-8")
    minutes = tmp_path / "Minutes 2025.txt"
    minutes.write_text("Minutes", encoding="utf-8")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(law)), QUrl.fromLocalFile(str(minutes))])
    # Qt only routes a drop to a widget at the end of a real drag, so hand the events to the
    # panel's handlers as Qt would.
    with warnings.catch_warnings():  # PySide marks this constructor deprecated; Qt has no other
        warnings.simplefilter("ignore", DeprecationWarning)
        enter = QDragEnterEvent(QPoint(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                                Qt.KeyboardModifier.NoModifier)
    panel.dragEnterEvent(enter)
    assert enter.isAccepted()
    drop = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)
    panel.dropEvent(drop)
    settle(qtbot)
    assert [e.title for e in services.evidence.list(review.id, "MNR.C01")] == ["Child Act", "Minutes 2025"]
    assert panel.model.rowCount() == 2

    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    panel.select(panel.model.row(0).id)
    path = panel.open_selected()
    assert opened and opened[0].toLocalFile() == str(path)
    assert path.read_text(encoding="utf-8") == "Child Act text"
    assert services.data.root in path.parents  # the copy stays in the (private) data folder

    # link the same document to another item
    review_window.workspace.go_to_item("MNR.C02")
    dialog = panel.link_existing()
    dialog.select_ids([services.evidence.list(review.id, "MNR.C01")[0].id])
    dialog.ok_button.click()
    assert [e.title for e in services.evidence.list(review.id, "MNR.C02")] == ["Child Act"]

    # delete it (asks first), then undo brings it back with its file and both links
    review_window.workspace.go_to_item("MNR.C01")
    settle(qtbot)
    panel.select(panel.model.row(0).id)
    box = panel.delete_selected()
    assert "also linked to MNR.C02" in box.text()
    click_button(box, QMessageBox.ButtonRole.DestructiveRole)
    settle(qtbot)
    assert [e.title for e in services.evidence.list(review.id)] == ["Minutes 2025"]
    review_window.undo()
    settle(qtbot)
    [restored] = [e for e in services.evidence.list(review.id) if e.title == "Child Act"]
    assert restored.item_ids == ("MNR.C01", "MNR.C02")
    assert services.evidence.export_file(restored.id, tmp_path / "check").read_text(encoding="utf-8") == "Child Act text"
    review_window.redo()
    assert [e.title for e in services.evidence.list(review.id)] == ["Minutes 2025"]
    review_window.undo()
    review_window.undo()  # the link
    review_window.undo()  # the second dropped file
    review_window.undo()  # the first dropped file
    assert services.evidence.list(review.id) == []


def test_findings_and_recommendations_on_the_item_page(review_window, services, review, qtbot):
    page = review_window.workspace.item_page
    dialog = page.findings.add()
    dialog.statement_edit.setPlainText("No written mandate for the coordination body")
    dialog.sensitive_check.setChecked(True)
    dialog.ok_button.click()
    [finding] = services.planning.findings(review.id, "MNR.C01")
    assert finding.sensitive and finding.kind == "gap"
    rec_dialog = page.recommendations.add()
    rec_dialog.ok_button.click()  # empty text: refused before the services are asked
    assert rec_dialog.isVisible() and services.planning.recommendations(review.id) == []
    review_window.message_box = None
    rec_dialog.text_edit.setPlainText("Adopt a decree giving the body a mandate")
    rec_dialog.ok_button.click()
    [rec] = services.planning.recommendations(review.id)
    assert rec.item_ids == ("MNR.C01",)
    services.planning.add_action(review.id, activity="Draft the decree", recommendation_id=rec.id)
    settle(qtbot)
    page.recommendations.table.selectRow(0)
    box = page.recommendations.delete_selected()
    click_button(box, QMessageBox.ButtonRole.DestructiveRole)
    assert services.planning.recommendations(review.id) == []
    assert services.planning.actions(review.id)[0].recommendation_id is None
    review_window.undo()
    [back] = services.planning.recommendations(review.id)
    assert back.text == rec.text and back.item_ids == ("MNR.C01",)
    assert services.planning.actions(review.id)[0].recommendation_id == back.id


def test_related_items_lead_to_the_other_framework(review_window, qtbot):
    page = review_window.workspace.item_page
    review_window.workspace.go_to_item("MNR.C04")
    page.reload()
    page.reload()
    settle(qtbot)
    visible = [b for b in page.findChildren(QPushButton) if b in page.related_buttons and b.isVisibleTo(page)]
    assert [b.text() for b in visible] == ["Supports: A01  Robust legal framework protecting the child",
                                           "Supports: A06  Technology making children safer"]
    qtbot.mouseClick(visible[0], Qt.MouseButton.LeftButton)
    assert review_window.workspace.current_item_id() == "BBC.A01"


def test_text_is_saved_when_the_application_quits_without_closing_the_window(review_window, services, review,
                                                                            qtbot):
    page = review_window.workspace.item_page
    page.notes.setFocus()
    qtbot.keyClicks(page.notes, "Session ended")
    review_window._save_before_quit()  # what QApplication.aboutToQuit / commitDataRequest call
    assert services.assessments.get(review.id, "MNR.C01").notes == "Session ended"
