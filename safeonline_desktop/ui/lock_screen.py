"""Sign-in and the idle lock of a shared laptop (workshop mode).

- :class:`IdleWatcher` watches the person's input (keys, mouse, wheel, touch) across the whole
  application and reports ``idle`` once nothing happened for the configured time. Its clock is
  injectable, so tests move time by hand.
- :class:`LockScreen` is a window of its own that shows the app's name, the profiles' names and
  a passphrase field: no review content, no review title.
- :class:`LockController` locks (saves what is being typed, hides every window of the app,
  shows the lock screen) and unlocks once a profile signs in. When someone else signs in, the
  open review is closed first, so the next person starts from their own list of reviews.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from safeonline_desktop.errors import SafeOnlineError
from safeonline_desktop.i18n import tr

#: Input that counts as the person being there.
ACTIVITY_EVENTS = frozenset({
    QEvent.Type.KeyPress,
    QEvent.Type.KeyRelease,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseButtonRelease,
    QEvent.Type.MouseButtonDblClick,
    QEvent.Type.MouseMove,
    QEvent.Type.Wheel,
    QEvent.Type.TouchBegin,
    QEvent.Type.TouchUpdate,
    QEvent.Type.TabletPress,
    QEvent.Type.InputMethod,
})


class IdleWatcher(QObject):
    """Emits ``idle`` after ``timeout_s`` seconds without input. ``clock`` returns seconds
    (monotonic); the check runs every ``interval_ms`` and on :meth:`check`."""

    idle = Signal()

    def __init__(self, timeout_s: float, *, clock: Callable[[], float] = time.monotonic, interval_ms: int = 5000,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.clock = clock
        self.timeout_s = float(timeout_s)
        self.last_activity = clock()
        self._armed = False
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.check)

    def start(self) -> None:
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        self.reset()
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()
        self._armed = False
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    @property
    def running(self) -> bool:
        return self.timer.isActive()

    def set_timeout(self, seconds: float) -> None:
        self.timeout_s = float(seconds)

    def reset(self) -> None:
        """Count from now; watch again after having reported ``idle``."""
        self.last_activity = self.clock()
        self._armed = True

    def idle_for(self) -> float:
        return self.clock() - self.last_activity

    def check(self) -> bool:
        """Report ``idle`` (once, until :meth:`reset`) if the time has run out."""
        if self._armed and self.idle_for() >= self.timeout_s:
            self._armed = False
            self.idle.emit()
            return True
        return False

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt naming)
        if event.type() in ACTIVITY_EVENTS and self._armed:
            self.last_activity = self.clock()
        return False


class LockScreen(QWidget):
    """The only window shown while the app is locked: the app's name, the profiles, a
    passphrase field. It never shows anything of a review."""

    sign_in_requested = Signal(str, str)  # name, passphrase
    quit_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("lock_screen")
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        row = QHBoxLayout()
        row.addStretch(1)
        self.card = QFrame(self)
        self.card.setFrameShape(QFrame.Shape.StyledPanel)
        self.card.setMinimumWidth(420)
        card = QVBoxLayout(self.card)
        card.setContentsMargins(28, 24, 28, 24)
        card.setSpacing(12)
        self.app_label = QLabel(self.card)
        font = QFont(self.font())
        if font.pointSizeF() > 0:
            font.setPointSizeF(font.pointSizeF() * 1.8)
        font.setBold(True)
        self.app_label.setFont(font)
        self.headline = QLabel(self.card)
        self.headline.setWordWrap(True)
        self.explain = QLabel(self.card)
        self.explain.setWordWrap(True)
        for label in (self.app_label, self.headline, self.explain):
            label.setTextFormat(Qt.TextFormat.PlainText)
            card.addWidget(label)
        form = QFormLayout()
        self.profile = QComboBox(self.card)
        self.profile.setObjectName("lock_profile")
        self.profile_label = QLabel(self.card)
        self.profile_label.setBuddy(self.profile)
        form.addRow(self.profile_label, self.profile)
        self.passphrase = QLineEdit(self.card)
        self.passphrase.setObjectName("lock_passphrase")
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.returnPressed.connect(self._submit)
        self.passphrase_label = QLabel(self.card)
        self.passphrase_label.setBuddy(self.passphrase)
        form.addRow(self.passphrase_label, self.passphrase)
        card.addLayout(form)
        self.error = QLabel(self.card)
        self.error.setObjectName("lock_error")
        self.error.setWordWrap(True)
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.setStyleSheet("color: #c0392b;")
        card.addWidget(self.error)
        buttons = QHBoxLayout()
        self.quit_button = QPushButton(self.card)
        self.quit_button.clicked.connect(self.quit_requested)
        self.sign_in_button = QPushButton(self.card)
        self.sign_in_button.setObjectName("lock_sign_in")
        self.sign_in_button.setDefault(True)
        self.sign_in_button.clicked.connect(self._submit)
        buttons.addWidget(self.quit_button)
        buttons.addStretch(1)
        buttons.addWidget(self.sign_in_button)
        card.addLayout(buttons)
        row.addWidget(self.card)
        row.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(2)
        self.locked_mode = True
        self.retranslate()
        self.resize(900, 600)

    def retranslate(self) -> None:
        self.setWindowTitle(tr("SafeOnline Desktop"))
        self.app_label.setText(tr("SafeOnline Desktop"))
        if self.locked_mode:
            self.headline.setText(tr("Locked"))
            self.explain.setText(tr("The reviews on this laptop are protected. Sign in to continue; if someone "
                                    "else signs in, the review that was open is closed first."))
        else:
            self.headline.setText(tr("Sign in"))
            self.explain.setText(tr("Each review on this laptop is open only to its team. Choose your profile and "
                                    "type your passphrase."))
        self.profile_label.setText(tr("&Profile:"))
        self.profile.setAccessibleName(tr("Profile"))
        self.passphrase_label.setText(tr("Pass&phrase:"))
        self.passphrase.setAccessibleName(tr("Passphrase"))
        self.sign_in_button.setText(tr("&Sign in"))
        self.quit_button.setText(tr("&Quit"))

    def prepare(self, names: list[str], current: str | None, *, locked: bool) -> None:
        self.locked_mode = locked
        self.profile.clear()
        self.profile.addItems(names)
        if current and current in names:
            self.profile.setCurrentText(current)
        self.passphrase.clear()
        self.error.clear()
        self.retranslate()

    def show_error(self, message: str) -> None:
        self.error.setText(message)
        self.passphrase.clear()
        self.passphrase.setFocus()

    def visible_texts(self) -> list[str]:
        """Every piece of text this window shows (for checks that no review content leaks)."""
        texts = [self.windowTitle()]
        for w in self.findChildren(QLabel):
            texts.append(w.text())
        for w in self.findChildren(QPushButton):
            texts.append(w.text())
        texts.extend(self.profile.itemText(i) for i in range(self.profile.count()))
        return texts

    def _submit(self) -> None:
        self.sign_in_requested.emit(self.profile.currentText(), self.passphrase.text())

    def keyPressEvent(self, event) -> None:  # noqa: N802 (Qt naming)
        if event.matches(QKeySequence.StandardKey.Quit):
            self.quit_requested.emit()
            return
        super().keyPressEvent(event)

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt naming)
        # Closing the lock screen must not reveal anything: it means quitting.
        event.ignore()
        self.quit_requested.emit()


class LockController(QObject):
    """Locks and unlocks the app around a main window (see the module docstring)."""

    locked = Signal()
    unlocked = Signal(bool)  # True when another profile signed in

    def __init__(self, main_window, *, clock: Callable[[], float] = time.monotonic, interval_ms: int = 5000) -> None:
        super().__init__(main_window)
        self.main_window = main_window
        self.services = main_window.services
        self.screen = LockScreen()
        self.screen.sign_in_requested.connect(self.try_sign_in)
        self.screen.quit_requested.connect(self._quit)
        self.watcher = IdleWatcher(60 * self.services.profiles.idle_lock_minutes(), clock=clock,
                                   interval_ms=interval_ms, parent=self)
        self.watcher.idle.connect(self.lock)
        self._hidden: list[QWidget] = []
        self._locked = False
        self._profile_before: int | None = None
        main_window.installEventFilter(self)
        main_window.destroyed.connect(self.screen.deleteLater)

    # -- state ---------------------------------------------------------------------------
    @property
    def is_locked(self) -> bool:
        return self._locked

    def workshop_mode(self) -> bool:
        return self.services.profiles.exists()

    def refresh_settings(self) -> None:
        """Follow the workspace: lock after its idle time while profiles exist, never without."""
        if self.workshop_mode() and self.services.profiles.current() is not None:
            self.watcher.set_timeout(60 * self.services.profiles.idle_lock_minutes())
            if not self.watcher.running:
                self.watcher.start()
        else:
            self.watcher.stop()

    # -- locking -------------------------------------------------------------------------
    def lock(self, *, sign_out: bool = False) -> bool:
        """Save typing, hide every window, show the lock screen. False if there are no
        profiles (nothing to unlock with) or typed text could not be saved."""
        if self._locked:
            return True
        if not self.workshop_mode():
            return False
        flush = getattr(self.main_window, "flush_pending", None)
        if flush is not None and not flush():
            # Keep what was typed on screen rather than hide it unsaved; try again shortly.
            self.watcher.reset()
            return False
        self._profile_before = self.services.ctx.actor.profile_id
        if sign_out:
            self.services.profiles.sign_out()
        self._locked = True
        self.watcher.stop()
        self._hidden = []
        for w in QApplication.topLevelWidgets():
            if w is not self.screen and w.isVisible():
                self._hidden.append(w)
                w.hide()
        current = self.services.profiles.current()
        names = [p.name for p in self.services.profiles.list()]
        self.screen.prepare(names, current.name if current else None, locked=self._profile_before is not None)
        if self.main_window.isMaximized() or self.main_window.isFullScreen():
            self.screen.showMaximized()
        else:
            self.screen.show()
        self.screen.raise_()
        self.screen.activateWindow()
        self.screen.passphrase.setFocus()
        self.locked.emit()
        return True

    def try_sign_in(self, name: str, passphrase: str) -> bool:
        try:
            profile = self.services.profiles.sign_in(name, passphrase)
        except SafeOnlineError as exc:
            self.screen.show_error(str(exc))
            return False
        self._unlock(changed=profile.id != self._profile_before)
        return True

    def _unlock(self, *, changed: bool) -> None:
        self._locked = False
        self.screen.passphrase.clear()
        self.screen.hide()
        hidden, self._hidden = self._hidden, []
        if changed:
            # Someone else: what the previous person had open is closed, never shown again.
            for w in hidden:
                if isinstance(w, QDialog):
                    w.reject()
            go_home = getattr(self.main_window, "go_home", None)
            if go_home is not None:
                go_home()
            hidden = []
        for w in hidden:
            w.show()
        self.main_window.show()
        self.main_window.raise_()
        self.main_window.activateWindow()
        self.refresh_settings()
        self.unlocked.emit(changed)

    def _quit(self) -> None:
        self.watcher.stop()
        self.screen.hide()
        QApplication.quit()

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt naming)
        # The main window must not come up while locked (e.g. the start-up show()).
        if obj is self.main_window and event.type() == QEvent.Type.Show and self._locked:
            QTimer.singleShot(0, self._keep_hidden)
        return False

    def _keep_hidden(self) -> None:
        if self._locked and self.main_window.isVisible():
            if self.main_window not in self._hidden:
                self._hidden.append(self.main_window)
            self.main_window.hide()
            self.screen.raise_()
            self.screen.activateWindow()
