"""The rating scale as cards: each level with its key, its name and what it means for this item.
Click a card or press its key (0-4, n, x) to choose it."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPalette, QPen
from PySide6.QtWidgets import QAbstractButton, QGridLayout, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from safeonline_desktop.domain.content import Item, Scale
from safeonline_desktop.i18n import tr

from .widgets import WrapLabel, scaled_font


def level_descriptor(item: Item | None, scale: Scale, code: str, lang: str) -> str:
    """What a level means for this item: the item's own descriptor, else the scale's."""
    if item is not None and code in item.level_descriptors:
        return item.level_descriptors[code].get(lang)
    return scale.level(code).description.get(lang)


class LevelCard(QAbstractButton):
    """One level of the scale. Checkable for assistive technology; its checked state is set by
    the group from the stored rating, never toggled by a click on its own."""

    def __init__(self, code: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.code = code
        self.colour = QColor("#888888")
        self.setCheckable(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(14, 8, 10, 8)
        layout.setSpacing(10)
        self.key_label = QLabel(self)
        self.key_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignHCenter)
        self.key_label.setFont(scaled_font(self.font(), 1.25, bold=True))
        self.key_label.setMinimumWidth(self.key_label.fontMetrics().horizontalAdvance("MM"))
        text_box = QVBoxLayout()
        text_box.setSpacing(2)
        self.title_label = QLabel(self)
        self.title_label.setFont(scaled_font(self.font(), 1.0, bold=True))
        self.title_label.setTextFormat(Qt.TextFormat.PlainText)
        self.title_label.setWordWrap(True)
        self.text_label = WrapLabel("", self, selectable=False)
        text_box.addWidget(self.title_label)
        text_box.addWidget(self.text_label)
        text_box.addStretch(1)  # spare height goes below the text, never between title and text
        layout.addWidget(self.key_label)
        layout.addLayout(text_box, 1)
        for child in (self.key_label, self.title_label, self.text_label):
            child.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)

    def nextCheckState(self) -> None:  # noqa: N802 (Qt naming)
        """A click chooses the level; the group then checks the stored one."""

    def set_texts(self, key: str, title: str, text: str, colour: str) -> None:
        self.key_label.setText(key.upper() if key else "")
        self.title_label.setText(title)
        self.text_label.setText(text)
        self.colour = QColor(colour)
        self.setText(title)
        self.setAccessibleName(tr("{level} (key {key})", level=title, key=key) if key else title)
        self.setAccessibleDescription(text)
        self.setToolTip(tr("Press {key} to choose this level", key=key) if key else "")
        self.update()

    def sizeHint(self):  # noqa: N802 (Qt naming)
        return self.layout().sizeHint()

    def minimumSizeHint(self):  # noqa: N802 (Qt naming)
        return self.layout().minimumSize()

    def hasHeightForWidth(self) -> bool:  # noqa: N802 (Qt naming)
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 (Qt naming)
        return self.layout().totalHeightForWidth(width)

    def keyPressEvent(self, event) -> None:  # noqa: N802 (Qt naming)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.click()
            return
        if event.key() == Qt.Key.Key_Down:
            self.focusNextChild()
            return
        if event.key() == Qt.Key.Key_Up:
            self.focusPreviousChild()
            return
        super().keyPressEvent(event)

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt naming)
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        rect = QRectF(self.rect()).adjusted(1, 1, -1, -1)
        base = pal.color(QPalette.ColorRole.Base)
        if self.isChecked():
            tint = QColor(pal.color(QPalette.ColorRole.Highlight))
            tint.setAlphaF(0.18)
            p.setBrush(base)
            p.setPen(Qt.PenStyle.NoPen)
            p.drawRoundedRect(rect, 6, 6)
            p.setBrush(tint)
        else:
            p.setBrush(base if not self.underMouse() else pal.color(QPalette.ColorRole.AlternateBase))
        if self.isChecked():
            pen = QPen(pal.color(QPalette.ColorRole.Highlight), 2.5)
        elif self.hasFocus():
            pen = QPen(pal.color(QPalette.ColorRole.Highlight), 1.5, Qt.PenStyle.DashLine)
        else:
            pen = QPen(pal.color(QPalette.ColorRole.Mid), 1)
        p.setPen(pen)
        p.drawRoundedRect(rect, 6, 6)
        strip = QRectF(rect.left() + 3, rect.top() + 4, 5, rect.height() - 8)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(self.colour)
        p.drawRoundedRect(strip, 2, 2)
        if self.isChecked() and self.hasFocus():
            p.setPen(QPen(pal.color(QPalette.ColorRole.Highlight), 1, Qt.PenStyle.DashLine))
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawRoundedRect(rect.adjusted(4, 4, -4, -4), 4, 4)
        p.end()

    def enterEvent(self, event) -> None:  # noqa: N802 (Qt naming)
        self.update()
        super().enterEvent(event)

    def leaveEvent(self, event) -> None:  # noqa: N802 (Qt naming)
        self.update()
        super().leaveEvent(event)


class LevelCardGroup(QWidget):
    """The levels of one scale for one item. ``level_chosen(code)`` when a card is clicked."""

    level_chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None, *, spacing: int = 6, columns: int = 1) -> None:
        super().__init__(parent)
        self.cards: dict[str, LevelCard] = {}
        self._columns = columns
        self._layout = QGridLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(spacing)
        for c in range(columns):
            self._layout.setColumnStretch(c, 1)
        self._current: str | None = None

    def set_scale(self, scale: Scale, item: Item | None, lang: str) -> None:
        codes = scale.codes()
        if tuple(self.cards) != codes:
            for card in self.cards.values():
                self._layout.removeWidget(card)
                card.hide()
                card.deleteLater()
            self.cards = {}
            for n, code in enumerate(codes):
                card = LevelCard(code, self)
                card.clicked.connect(lambda _=False, c=code: self.level_chosen.emit(c))
                self._layout.addWidget(card, n // self._columns, n % self._columns)
                self.cards[code] = card
        for level in scale.levels:
            self.cards[level.code].set_texts(level.key, level.label.get(lang),
                                             level_descriptor(item, scale, level.code, lang), level.colour)
        self.set_current(self._current)

    def set_current(self, code: str | None) -> None:
        self._current = code
        for c, card in self.cards.items():
            card.setChecked(c == code)

    def current(self) -> str | None:
        return self._current

    def set_cards_visible(self, codes: set[str] | None) -> None:
        for c, card in self.cards.items():
            card.setVisible(codes is None or c in codes)
