"""Sign-in at start and the idle lock on a shared laptop, with a simulated clock: the lock
screen shows no review content, and someone else unlocking never sees the previous review."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QLabel, QWidget
from ui_support import settle, type_text

from safeonline_desktop.services.profiles import KdfCost

pytestmark = pytest.mark.gui

FAST = KdfCost(memory_kib=1024, iterations=1, lanes=1)
LEAD, NOTES, OTHER = "Amina Lead", "Noah Notes", "Other Lead"
PASS = {LEAD: "lead passphrase one", NOTES: "note taker passphrase", OTHER: "another team's lead"}


class FakeTime:
    """Monotonic seconds the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def team(services, review):
    """Profiles on the Kenya review's team, and another team's review."""
    services.profiles.cost = FAST
    services.profiles.create(name=LEAD, role="lead_assessor", passphrase=PASS[LEAD])
    services.profiles.sign_in(LEAD, PASS[LEAD])
    notes = services.profiles.create(name=NOTES, role="note_taker", passphrase=PASS[NOTES])
    services.profiles.create(name=OTHER, role="lead_assessor", passphrase=PASS[OTHER])
    services.profiles.add_to_team(review.id, notes.id)
    services.profiles.set_idle_lock_minutes(5)
    services.profiles.sign_in(OTHER, PASS[OTHER])
    other = services.reviews.create(country_code="SN", title="Senegal (other team)", frameworks=["mnr"])
    services.profiles.sign_out()
    return {"review": review, "other": other}


def _sign_in(qtbot, lock, name: str, passphrase: str) -> None:
    screen = lock.screen
    screen.profile.setCurrentText(name)
    screen.passphrase.setFocus()
    type_text(screen.passphrase, passphrase)
    qtbot.keyClick(screen.passphrase, Qt.Key.Key_Return)
    settle(qtbot)


def _shown_texts() -> str:
    """Every text on every visible window of the app."""
    texts = []
    for w in QApplication.topLevelWidgets():
        if not w.isVisible():
            continue
        texts.append(w.windowTitle())
        for child in w.findChildren(QWidget):
            if child.isVisible():
                for attr in ("text", "toPlainText", "currentText"):
                    fn = getattr(child, attr, None)
                    if callable(fn):
                        try:
                            texts.append(str(fn()))
                        except TypeError:
                            pass
    return "\n".join(texts)


def test_without_profiles_nothing_locks(window):
    ws = window.workshop
    assert not ws.lock_action.isVisible() and not ws.lock.watcher.running
    assert ws.lock_now() is False and window.isVisible()


def test_sign_in_at_start_shows_no_review_until_signed_in(settings, services, team, qtbot):
    from safeonline_desktop.ui.main_window import MainWindow

    window = MainWindow(services, settings)  # as run_gui does: build, then show
    qtbot.addWidget(window)
    window.show()
    lock = window.workshop.lock
    qtbot.waitUntil(lambda: not window.isVisible() and lock.screen.isVisible())
    assert lock.is_locked and lock.screen.headline.text() == "Sign in"
    assert "Kenya" not in _shown_texts() and "Senegal" not in _shown_texts()
    assert [lock.screen.profile.itemText(i) for i in range(lock.screen.profile.count())] == [LEAD, NOTES, OTHER]

    _sign_in(qtbot, lock, NOTES, "wrong passphrase!")
    assert lock.is_locked and "not right" in lock.screen.error.text()
    assert lock.screen.passphrase.text() == ""

    _sign_in(qtbot, lock, NOTES, PASS[NOTES])
    qtbot.waitUntil(lambda: window.isVisible() and not lock.screen.isVisible())
    assert services.ctx.actor.name == NOTES
    titles = [e.review.title for e in services.reviews.list()]
    assert titles == ["Kenya national review"]
    assert "Signed in: Noah Notes (note taker)" in window.workshop.status_label.text()
    assert lock.watcher.running and lock.watcher.timeout_s == 300


def test_idle_lock_with_a_simulated_clock(make_window, services, team, qtbot):
    services.profiles.sign_in(LEAD, PASS[LEAD])
    window = make_window(services)
    lock = window.workshop.lock
    fake = FakeTime()
    lock.watcher.clock = fake
    lock.watcher.timer.setInterval(10)
    lock.watcher.reset()
    assert window.open_review(team["review"].id, "MNR.C01")
    settle(qtbot)
    assert "Kenya national review" in window.windowTitle()

    # Four minutes idle: still open. A key press counts as presence and restarts the count.
    fake.now += 4 * 60
    qtbot.wait(30)
    assert not lock.is_locked
    QApplication.sendEvent(window, QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Shift, Qt.KeyboardModifier.NoModifier))
    fake.now += 4 * 60
    qtbot.wait(30)
    assert not lock.is_locked and lock.watcher.idle_for() == pytest.approx(240)

    # Five minutes without input: locked, on the next tick of the timer.
    fake.now += 61
    qtbot.waitUntil(lambda: lock.is_locked, timeout=2000)
    assert not window.isVisible() and lock.screen.isVisible()
    assert lock.screen.headline.text() == "Locked"
    shown = _shown_texts()
    for secret in ("Kenya", "MNR.C01", "national", "Child"):
        assert secret not in shown, secret
    assert all("Kenya" not in t for t in lock.screen.visible_texts())
    assert lock.screen.profile.currentText() == LEAD
    assert not any(isinstance(w, QLabel) and "Kenya" in w.text() for w in lock.screen.findChildren(QLabel))

    # The same person unlocks: the review is where it was.
    _sign_in(qtbot, lock, LEAD, PASS[LEAD])
    qtbot.waitUntil(lambda: window.isVisible())
    assert window.current_review_id() == team["review"].id
    assert lock.watcher.running


def test_lock_saves_typing_and_someone_else_unlocking_closes_the_review(make_window, services, team, qtbot):
    services.profiles.sign_in(LEAD, PASS[LEAD])
    window = make_window(services)
    rid = team["review"].id
    assert window.open_review(rid, "MNR.C02")
    settle(qtbot)
    page = window.workspace.item_page
    page.notes.setFocus()
    type_text(page.notes, "Follow up with the regulator")
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)  # File > Lock
    lock = window.workshop.lock
    qtbot.waitUntil(lambda: lock.is_locked)
    assert services.assessments.get(rid, "MNR.C02").notes == "Follow up with the regulator"

    _sign_in(qtbot, lock, OTHER, PASS[OTHER])
    qtbot.waitUntil(lambda: window.isVisible())
    assert window.current_review_id() is None  # the previous person's review is closed
    assert [e.review.title for e in services.reviews.list()] == ["Senegal (other team)"]
    assert "Kenya" not in _shown_texts()


def test_sign_out_needs_a_passphrase_to_come_back(make_window, services, team, qtbot):
    services.profiles.sign_in(LEAD, PASS[LEAD])
    window = make_window(services)
    window.workshop.sign_out_action.trigger()
    lock = window.workshop.lock
    qtbot.waitUntil(lambda: lock.is_locked)
    assert services.profiles.current() is None
    assert services.reviews.list() == []
    _sign_in(qtbot, lock, LEAD, PASS[LEAD])
    qtbot.waitUntil(lambda: window.isVisible())
    assert services.profiles.current().name == LEAD
