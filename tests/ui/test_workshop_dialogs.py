"""Workshop-mode windows driven as a person would: creating the first profile (which turns on
sign-in), profiles and roles, a review's team, participants and sessions, an item's history
with before and after, and the audit-trail check catching an edited entry."""

from __future__ import annotations

import contextlib
import sqlite3

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from ui_support import settle, type_text

from safeonline_desktop.services.profiles import KdfCost

pytestmark = pytest.mark.gui

FAST = KdfCost(memory_kib=1024, iterations=1, lanes=1)


def _click(qtbot, button) -> None:
    assert button.isEnabled(), button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    settle(qtbot)


def _fill_profile_form(form, name: str | None, passphrase: str, repeat: str | None = None) -> None:
    if name is not None:
        form.name.setFocus()
        type_text(form.name, name)
    type_text(form.passphrase, passphrase)
    type_text(form.repeat, passphrase if repeat is None else repeat)


def test_creating_the_first_profile_turns_on_sign_in_and_roles(window, services, review, qtbot):
    services.profiles.cost = FAST
    ws = window.workshop
    assert not ws.lock_action.isVisible()
    dialog = ws.open_profiles()
    assert "No profiles yet" in dialog.intro.text()
    form = dialog.add_profile()
    assert form.role.count() == 1 and form.role.currentData() == "lead_assessor"  # the first is a lead
    _fill_profile_form(form, "Amina Lead", "lead passphrase one", repeat="lead passphrase two")
    form.buttons.button(form.buttons.StandardButton.Ok).click()
    assert form.isVisible() and "differ" in form.error.text()
    form.repeat.clear()
    type_text(form.repeat, "lead passphrase one")
    form.buttons.button(form.buttons.StandardButton.Ok).click()
    settle(qtbot)
    assert not form.isVisible()
    assert services.profiles.current().name == "Amina Lead"
    assert dialog.table.rowCount() == 1 and "Everyone signs in" in dialog.intro.text()
    assert ws.lock_action.isVisible() and ws.lock.watcher.running
    assert "Amina Lead" in ws.status_label.text()

    # A note taker, then a refused passphrase shown in the form itself.
    form = dialog.add_profile()
    form.role.setCurrentIndex(form.role.findData("note_taker"))
    _fill_profile_form(form, "Noah Notes", "short")
    form.buttons.button(form.buttons.StandardButton.Ok).click()
    assert form.isVisible() and "at least 8 characters" in form.error.text()
    form.passphrase.clear()
    form.repeat.clear()
    _fill_profile_form(form, None, "note taker passphrase")
    form.buttons.button(form.buttons.StandardButton.Ok).click()
    settle(qtbot)
    assert [p.name for p in services.profiles.list()] == ["Amina Lead", "Noah Notes"]

    # Idle time, within limits, by a lead.
    dialog.idle.setValue(12)
    _click(qtbot, dialog.idle_button)
    assert services.profiles.idle_lock_minutes() == 12 and ws.lock.watcher.timeout_s == 720
    dialog.close()

    # The review that was already here belongs to the first lead's team now.
    assert [m.name for m in services.profiles.team(review.id)] == ["Amina Lead"]


def test_team_dialog_adds_and_removes_and_a_note_taker_cannot(window, services, review, qtbot):
    services.profiles.cost = FAST
    services.profiles.create(name="Amina Lead", role="lead_assessor", passphrase="lead passphrase one")
    services.profiles.sign_in("Amina Lead", "lead passphrase one")
    services.profiles.create(name="Olga Observer", role="observer", passphrase="observer passphrase")
    assert window.open_review(review.id)
    settle(qtbot)
    team = window.workshop.open_team()
    assert team.table.rowCount() == 1 and team.candidates.count() == 1
    _click(qtbot, team.add_button)
    assert [m.name for m in services.profiles.team(review.id)] == ["Amina Lead", "Olga Observer"]
    team.table.selectRow(1)
    _click(qtbot, team.remove_button)
    assert [m.name for m in services.profiles.team(review.id)] == ["Amina Lead"]
    team.close()
    services.profiles.add_to_team(review.id, services.profiles.list()[1].id)
    services.profiles.sign_in("Olga Observer", "observer passphrase")
    team = window.workshop.open_team()
    assert not team.add_button.isEnabled() and not team.remove_button.isEnabled()
    team.close()


def test_participants_and_sessions_with_attendance(window, services, review, qtbot):
    assert window.open_review(review.id)
    settle(qtbot)
    dialog = window.workshop.open_participants()
    tab = dialog.participants
    for name, org in (("Ruth Police", "National Police"), ("Sam Social", "Social Welfare")):
        tab.new()
        type_text(tab.name, name)
        tab.organisation.setFocus()
        type_text(tab.organisation, org)
        _click(qtbot, tab.save_button)
    assert tab.table.rowCount() == 2
    dialog.tabs.setCurrentIndex(1)
    sessions = dialog.sessions
    sessions.new()
    sessions.kind.setCurrentIndex(sessions.kind.findData("validation"))
    type_text(sessions.title, "Validación nacional")  # any script, typed key by key
    sessions.location.setFocus()
    type_text(sessions.location, "Nairobi")
    assert sessions.attendance.count() == 2
    sessions.attendance.item(0).setCheckState(Qt.CheckState.Checked)
    _click(qtbot, sessions.save_button)
    [saved] = services.workshop.sessions(review.id)
    assert (saved.kind, saved.title, saved.location) == ("validation", "Validación nacional", "Nairobi")
    assert len(saved.attendee_ids) == 1
    sessions.set_attending([p.id for p in services.participants.list(review.id)])
    _click(qtbot, sessions.save_button)
    assert len(services.workshop.sessions(review.id)[0].attendee_ids) == 2
    assert sessions.list.count() == 1
    dialog.close()


def test_item_history_shows_before_and_after_and_the_check_catches_an_edit(window, services, review, qtbot):
    rid = review.id
    services.assessments.record(rid, "MNR.C01", status="planned")
    services.workshop.agree(rid, "MNR.C01", status="in_place")
    assert window.open_review(rid, "MNR.C01")
    settle(qtbot)
    history = window.workshop.open_history()
    rows = history.rows()
    assert rows[0][2] == "Agreed rating set"
    assert rows[0][3] == "status: Planned" and rows[0][4].startswith("status: In place")
    assert rows[1][2] == "Assessment changed" and rows[1][4] == "status: Planned"
    history.close()

    box = window.workshop.verify_audit()
    assert box.icon() == QMessageBox.Icon.Information and "intact" in box.text()
    box.close()
    with contextlib.closing(sqlite3.connect(services.data.database)) as conn:
        target = conn.execute("SELECT id FROM audit_log WHERE action = 'assessment.record'").fetchone()[0]
        conn.execute("UPDATE audit_log SET actor = 'Someone else' WHERE id = ?", (target,))
        conn.commit()
    box = window.workshop.verify_audit()
    assert box.icon() == QMessageBox.Icon.Critical
    assert f"Entry {target} was changed after it was written" in box.text()
