"""Small widgets shared by the pages: wrapped labels, section titles, and the text editor that
saves by itself (on a short pause in typing, on focus-out, and whenever asked to flush)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QAbstractButton, QFrame, QLabel, QPlainTextEdit, QSizePolicy, QWidget

from safeonline_desktop.i18n import current_language

#: Pause in typing after which text is saved.
AUTOSAVE_DELAY_MS = 600


def lang() -> str:
    return current_language()


def label_buttons(*buttons: tuple[QAbstractButton, str, str]) -> None:
    """Give each ``(button, text, accessible name)`` its (translated) text and the name a screen
    reader announces; icon buttons' texts alone are often too short to say what they act on."""
    for button, text, name in buttons:
        button.setText(text)
        button.setAccessibleName(name)


class WrapLabel(QLabel):
    """Plain text that wraps, can be selected with the mouse, never interprets markup."""

    def __init__(self, text: str = "", parent: QWidget | None = None, *, selectable: bool = True) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(True)
        if selectable:
            self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self.setText(text)


class SectionTitle(QLabel):
    """A bold heading, sized relative to the system font (so it follows high-DPI and user settings)."""

    def __init__(self, text: str = "", parent: QWidget | None = None, *, scale: float = 1.2) -> None:
        super().__init__(text, parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(True)
        font = QFont(self.font())
        font.setBold(True)
        if font.pointSizeF() > 0:
            font.setPointSizeF(font.pointSizeF() * scale)
        self.setFont(font)
        self.setAccessibleName(text)

    def setText(self, text: str) -> None:  # noqa: N802 (Qt naming)
        super().setText(text)
        self.setAccessibleName(text)


def scaled_font(base: QFont, scale: float, *, bold: bool = False) -> QFont:
    font = QFont(base)
    if font.pointSizeF() > 0:
        font.setPointSizeF(font.pointSizeF() * scale)
    elif font.pixelSize() > 0:
        font.setPixelSize(max(1, round(font.pixelSize() * scale)))
    font.setBold(bold)
    return font


class Separator(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.HLine)
        self.setFrameShadow(QFrame.Shadow.Sunken)


class AutoSaveTextEdit(QPlainTextEdit):
    """Plain-text editor that hands its text to ``save`` after a pause in typing, when it loses
    focus, and when :meth:`flush` is called (item change, window close).

    ``save(text) -> bool`` returns whether the text is now stored; on failure the editor stays
    dirty, so the next flush tries again and nothing typed is silently dropped.
    """

    def __init__(self, save: Callable[[str], bool], parent: QWidget | None = None,
                 delay_ms: int = AUTOSAVE_DELAY_MS) -> None:
        super().__init__(parent)
        self._save = save
        self._dirty = False
        self._loading = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(self.flush)
        self.textChanged.connect(self._on_text_changed)
        self.setTabChangesFocus(True)  # Tab moves on, as in a form; keyboard users are not trapped
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)

    @property
    def dirty(self) -> bool:
        return self._dirty

    def set_stored_text(self, text: str) -> None:
        """Show what is stored, unless the person has unsaved typing here."""
        if self._dirty or text == self.toPlainText():
            return
        self._loading = True
        try:
            self.setPlainText(text)
        finally:
            self._loading = False

    def replace_text(self, text: str) -> None:
        """Show ``text`` and forget any unsaved typing (used when the item changes after a flush)."""
        self._timer.stop()
        self._dirty = False
        self._loading = True
        try:
            self.setPlainText(text)
        finally:
            self._loading = False

    def _on_text_changed(self) -> None:
        if self._loading:
            return
        self._dirty = True
        self._timer.start()

    def flush(self) -> bool:
        """Save now if there is unsaved typing. Returns False only if saving failed."""
        self._timer.stop()
        if not self._dirty:
            return True
        if self._save(self.toPlainText()):
            self._dirty = False
            return True
        return False

    def focusOutEvent(self, event) -> None:  # noqa: N802 (Qt naming)
        self.flush()
        super().focusOutEvent(event)
