"""Helpers for GUI tests (importable as ``ui_support``)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox


def settle(qtbot, ms: int = 1) -> None:
    """Let queued work (refreshes scheduled after an edit) run."""
    qtbot.wait(ms)
    QApplication.processEvents()


def type_text(widget, text: str) -> None:
    """Type any text, one key event per character (qtbot.keyClicks aborts on non-ASCII)."""
    for ch in text:
        QTest.sendKeyEvent(QTest.KeyAction.Click, widget, Qt.Key.Key_unknown, ch, Qt.KeyboardModifier.NoModifier)


def press(widget, key, modifiers=Qt.KeyboardModifier.NoModifier, text: str = "") -> None:
    """A key press as a person makes it: first offered to shortcuts, then to the focused widget."""
    QTest.keyClick(widget, key, modifiers)


def send_key(widget, key, text: str = "", modifiers=Qt.KeyboardModifier.NoModifier) -> None:
    QApplication.sendEvent(widget, QKeyEvent(QEvent.Type.KeyPress, key, modifiers, text))
    QApplication.sendEvent(widget, QKeyEvent(QEvent.Type.KeyRelease, key, modifiers, text))


def click_button(box: QMessageBox, role: QMessageBox.ButtonRole) -> None:
    for button in box.buttons():
        if box.buttonRole(button) == role:
            button.click()
            return
    raise AssertionError(f"no button with role {role}")


def activate(qtbot, widget) -> None:
    """Make ``widget``'s window the active one, as a click on it would (shortcuts need that;
    the offscreen platform does not activate windows when they are shown)."""
    window = widget.window()
    window.windowHandle().requestActivate()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)
