"""The presentation view: one key in and out, large type, sensitive things never shown."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontInfo
from ui_support import activate, settle

from safeonline_desktop.ui.presentation import sensitive_texts

pytestmark = pytest.mark.gui


def test_f5_enters_and_esc_leaves_and_nothing_sensitive_is_shown(demo_window, services, demo, qtbot):
    window = demo_window
    window.workspace.go_to_item("MNR.C04")
    activate(qtbot, window)
    hidden = sensitive_texts(services, demo, "MNR.C04")
    assert len(hidden) >= 3  # sensitive evidence, a sensitive finding, the notes

    qtbot.keyClick(window.workspace.navigator, Qt.Key.Key_F5)
    view = window.presentation()
    assert view is not None and view.isVisible() and window.presenting()
    assert window.present_action.isChecked()
    text = view.visible_text()
    assert "C04  Dedicated Law Enforcement" in text
    assert services.catalog.item("MNR.C04").guiding_questions[0].text.en in text
    for secret in hidden:
        assert secret not in text
    shown = [e.title for e in services.evidence.list(demo.id, "MNR.C04") if not e.sensitive]
    assert shown and all(t in text for t in shown)
    assert QFontInfo(view.title.font()).pixelSize() > 2 * QFontInfo(window.font()).pixelSize()

    # keys in the presentation: rate, next question, tick it, next item
    activate(qtbot, view)
    qtbot.keyClick(view, Qt.Key.Key_2)
    assert services.assessments.get(demo.id, "MNR.C04").status == "partly_in_place"
    assert view.levels.current() == "partly_in_place"
    qtbot.keyClick(view, Qt.Key.Key_Right)
    assert "Question 2 of" in view.visible_text()
    before = services.assessments.get(demo.id, "MNR.C04").questions_done
    qtbot.keyClick(view, Qt.Key.Key_Space)
    after = services.assessments.get(demo.id, "MNR.C04").questions_done
    assert ("q2" in after) != ("q2" in before)
    qtbot.keyClick(view, Qt.Key.Key_PageDown)
    assert window.workspace.current_item_id() == "MNR.C05"
    settle(qtbot)
    assert "C05" in view.visible_text()
    for secret in sensitive_texts(services, demo, "MNR.C05"):
        assert secret not in view.visible_text()
    qtbot.keyClick(view, Qt.Key.Key_PageUp)
    assert window.workspace.current_item_id() == "MNR.C04"

    qtbot.keyClick(view, Qt.Key.Key_Escape)
    assert not view.isVisible() and not window.presenting()
    assert not window.present_action.isChecked()
    # the rating made while presenting can be undone in the main window
    window.undo()
    window.undo()
    assert services.assessments.get(demo.id, "MNR.C04").status == demo_status(services, demo)


def demo_status(services, demo):
    from safeonline_desktop.services.demo import load_demo_data

    return next(a["status"] for a in load_demo_data()["assessments"] if a["item"] == "MNR.C04")


def test_presentation_needs_an_open_review(window, qtbot):
    window.toggle_presentation()
    assert window.presentation() is None and not window.present_action.isEnabled()
