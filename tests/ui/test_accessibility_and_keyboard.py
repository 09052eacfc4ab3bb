"""Every interactive control has an accessible name; the app can be used from the keyboard."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible, QKeySequence
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)
from ui_support import activate, settle

pytestmark = pytest.mark.gui

INTERACTIVE = (QAbstractButton, QLineEdit, QPlainTextEdit, QTextEdit, QComboBox, QAbstractSpinBox, QAbstractItemView)


def unnamed_controls(root: QWidget) -> list[str]:
    """Visible, focusable controls whose accessible name (what a screen reader says) is empty."""
    out = []
    for w in [root, *root.findChildren(QWidget)]:
        if not isinstance(w, INTERACTIVE) or not w.isVisibleTo(root) or w.focusPolicy() == Qt.FocusPolicy.NoFocus:
            continue
        if isinstance(w.parent(), (QAbstractSpinBox, QComboBox)):  # the editor inside a spin or combo box
            continue
        iface = QAccessible.queryAccessibleInterface(w)
        name = iface.text(QAccessible.Text.Name) if iface else ""
        if not (name or "").strip():
            out.append(f"{type(w).__name__} {w.objectName()!r} in {type(w.parent()).__name__}")
    return out


def test_every_control_of_every_page_has_an_accessible_name(demo_window, qtbot):
    window = demo_window
    ws = window.workspace
    window.go_home()
    assert unnamed_controls(window) == []
    window.open_review(window.home.model.row(0).review.id, "MNR.C04")
    for tab in range(ws.tabs.count()):
        ws.tabs.setCurrentIndex(tab)
        settle(qtbot)
        assert unnamed_controls(window) == [], ws.tabs.tabText(tab)
    ws.tabs.setCurrentIndex(0)
    page = ws.item_page
    for open_dialog in (page.evidence.add_evidence, page.findings.add, page.recommendations.add,
                        ws.overview.add_action, ws.details.add_member):
        dialog = open_dialog()
        qtbot.waitExposed(dialog)
        assert unnamed_controls(dialog) == [], type(dialog).__name__
        dialog.reject()
    wizard = window.new_review()
    for _ in range(4):
        qtbot.waitExposed(wizard)
        assert unnamed_controls(wizard) == [], wizard.currentPage().title()
        wizard.currentPage().isComplete() or wizard.country_page.select_code("KE")
        wizard.next()
    wizard.reject()
    window.set_presenting(True)
    assert unnamed_controls(window.presentation()) == []
    window.set_presenting(False)


def test_the_whole_checklist_can_be_walked_and_rated_from_the_keyboard(demo_window, services, qtbot):
    window = demo_window
    ws = window.workspace
    activate(qtbot, window)
    ws.go_to_item("MNR.C01")
    ws.navigator.setFocus()
    seen = [ws.current_item_id()]
    for _ in range(30):
        qtbot.keyClick(ws.navigator, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
        seen.append(ws.current_item_id())
    assert seen[:27] == ws.nav_model.item_ids() and seen[-1] == "BBC.A06"  # stops at the last item
    qtbot.keyClick(ws.navigator, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)  # Back
    assert ws.current_item_id() == "BBC.A05"
    qtbot.keyClick(ws.navigator, Qt.Key.Key_0)
    assert services.assessments.get(ws.review.id, "BBC.A05").status == "not_in_place"
    # rating keys do nothing while typing text
    ws.item_page.notes.setFocus()
    qtbot.keyClicks(ws.item_page.notes, "3 people")
    assert services.assessments.get(ws.review.id, "BBC.A05").status == "not_in_place"
    # rating keys are off on the overview, where typing edits cells
    qtbot.keyClick(ws.navigator, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert ws.tabs.currentIndex() == 1 and not window.rate_actions["in_place"].isEnabled()
    # Ctrl+F finds an item by name
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert ws.filter_edit.hasFocus() and ws.tabs.currentIndex() == 0
    qtbot.keyClicks(ws.filter_edit, "helpline")
    assert ws.nav_proxy.rowCount() >= 1
    visible_items = []
    for f in range(ws.nav_proxy.rowCount()):
        fi = ws.nav_proxy.index(f, 0)
        for d in range(ws.nav_proxy.rowCount(fi)):
            di = ws.nav_proxy.index(d, 0, fi)
            visible_items += [ws.nav_proxy.index(i, 0, di).data() for i in range(ws.nav_proxy.rowCount(di))]
    assert visible_items == ["C11  Child Helpline"]


def test_standard_shortcuts_are_used(window):
    assert window.new_action.shortcuts()[0] == QKeySequence(QKeySequence.StandardKey.New)
    assert QKeySequence(QKeySequence.StandardKey.Undo) in window.undo_action.shortcuts()
    assert QKeySequence(QKeySequence.StandardKey.Redo) in window.redo_action.shortcuts()
    assert window.quit_action.shortcuts()  # the platform's Quit key, else Ctrl+Q
    assert QKeySequence("Backspace") not in window.prev_action.shortcuts()
    assert window.present_action.shortcut() == QKeySequence("F5")
    assert [a.shortcut().toString() for a in window.rate_actions.values()] == ["0", "1", "2", "3", "4", "N", "X"]


def test_the_check_finds_an_unnamed_control(qtbot):
    from PySide6.QtWidgets import QVBoxLayout

    root = QWidget()
    layout = QVBoxLayout(root)
    named = QLineEdit(root)
    named.setAccessibleName("Title")
    layout.addWidget(named)
    layout.addWidget(QLineEdit(root))
    qtbot.addWidget(root)
    root.show()
    assert unnamed_controls(root) == ["QLineEdit '' in QWidget"]
