"""The rating distribution per domain as horizontal stacked bars, drawn with QPainter (no
QtCharts: it would add the 160 MB Addons wheel for one chart)."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from safeonline_desktop.i18n import tr


@dataclass(frozen=True)
class Segment:
    code: str
    label: str
    colour: str | None  # None: unrated, drawn with the palette


@dataclass(frozen=True)
class BarRow:
    key: str
    label: str
    counts: dict[str, int]
    total: int

    @property
    def rated(self) -> int:
        return self.total - self.counts.get("unrated", 0)


def contrast_text(colour: QColor) -> QColor:
    """Black or white, whichever reads better on ``colour`` (WCAG relative luminance)."""

    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    lum = 0.2126 * channel(colour.redF()) + 0.7152 * channel(colour.greenF()) + 0.0722 * channel(colour.blueF())
    return QColor("#000000") if lum > 0.4 else QColor("#ffffff")


class DistributionChart(QWidget):
    """One bar per domain: how many items sit at each level, unrated items last. ``row_clicked``
    gives the key (domain id) of a clicked bar."""

    row_clicked = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[BarRow] = []
        self._segments: list[Segment] = []
        self._hit: list[tuple[QRectF, str, str]] = []  # rect, row key, tooltip
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def set_data(self, rows: list[BarRow], segments: list[Segment]) -> None:
        self._rows = list(rows)
        self._segments = list(segments)
        self.setAccessibleDescription(self.summary())
        self.updateGeometry()
        self.update()

    def summary(self) -> str:
        """The chart as text, for screen readers and tests."""
        lines = []
        for row in self._rows:
            parts = [f"{s.label}: {row.counts.get(s.code, 0)}" for s in self._segments if row.counts.get(s.code, 0)]
            lines.append(f"{row.label} - {'; '.join(parts) or tr('no items')}")
        return "\n".join(lines)

    # geometry
    def _row_height(self) -> int:
        return int(QFontMetrics(self.font()).height() * 1.7)

    def _legend_height(self, width: int) -> int:
        fm = QFontMetrics(self.font())
        x, lines = 0, 1
        for s in self._segments:
            w = fm.height() + 6 + fm.horizontalAdvance(s.label) + 18
            if x + w > width and x > 0:
                lines += 1
                x = 0
            x += w
        return lines * (fm.height() + 8) + 8

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt naming)
        width = max(480, self.width())
        return QSize(width, len(self._rows) * self._row_height() + self._legend_height(width) + 8)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt naming)
        return QSize(320, self.sizeHint().height())

    def hasHeightForWidth(self) -> bool:  # noqa: N802 (Qt naming)
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 (Qt naming)
        return len(self._rows) * self._row_height() + self._legend_height(width) + 8

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt naming)
        super().resizeEvent(event)
        self.setFixedHeight(self.heightForWidth(self.width()))

    # painting
    def _colour(self, segment: Segment) -> QColor:
        if segment.colour:
            return QColor(segment.colour)
        return self.palette().color(QPalette.ColorRole.Midlight)

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt naming)
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        fm = QFontMetrics(self.font())
        text_colour = pal.color(QPalette.ColorRole.WindowText)
        row_h = self._row_height()
        label_w = min(int(self.width() * 0.36), max((fm.horizontalAdvance(r.label) for r in self._rows), default=0) + 12)
        count_w = fm.horizontalAdvance("00/00") + 16
        bar_x = label_w + 8
        bar_w = max(40, self.width() - bar_x - count_w)
        self._hit = []
        for n, row in enumerate(self._rows):
            y = n * row_h
            p.setPen(text_colour)
            label = fm.elidedText(row.label, Qt.TextElideMode.ElideRight, label_w - 4)
            p.drawText(QRectF(0, y, label_w, row_h), Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, label)
            bar = QRectF(bar_x, y + row_h * 0.18, bar_w, row_h * 0.64)
            x = bar.left()
            for s in self._segments:
                count = row.counts.get(s.code, 0)
                if not count or not row.total:
                    continue
                w = bar.width() * count / row.total
                rect = QRectF(x, bar.top(), w, bar.height())
                colour = self._colour(s)
                p.fillRect(rect, colour)
                if w > fm.horizontalAdvance(str(count)) + 6:
                    p.setPen(contrast_text(colour))
                    p.drawText(rect, Qt.AlignmentFlag.AlignCenter, str(count))
                self._hit.append((rect, row.key, f"{row.label}\n{s.label}: {count}"))
                x += w
            p.setPen(QPen(pal.color(QPalette.ColorRole.Mid), 1))
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawRect(bar)
            p.setPen(text_colour)
            p.drawText(QRectF(bar.right() + 8, y, count_w - 8, row_h),
                       Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, f"{row.rated}/{row.total}")
        # legend
        y = len(self._rows) * row_h + 8
        x = 0.0
        box = fm.height() * 0.8
        for s in self._segments:
            w = fm.height() + 6 + fm.horizontalAdvance(s.label) + 18
            if x + w > self.width() and x > 0:
                x = 0
                y += fm.height() + 8
            p.fillRect(QRectF(x, y + (fm.height() - box) / 2, box, box), self._colour(s))
            p.setPen(QPen(pal.color(QPalette.ColorRole.Mid), 1))
            p.drawRect(QRectF(x, y + (fm.height() - box) / 2, box, box))
            p.setPen(text_colour)
            p.drawText(QPointF(x + box + 6, y + fm.ascent()), s.label)
            x += w
        if self.hasFocus():
            p.setPen(QPen(pal.color(QPalette.ColorRole.Highlight), 1, Qt.PenStyle.DashLine))
            p.drawRect(QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5))
        p.end()

    def _at(self, pos: QPointF) -> tuple[str, str] | None:
        for rect, key, tip in self._hit:
            if rect.contains(pos):
                return key, tip
        return None

    def event(self, event) -> bool:
        from PySide6.QtCore import QEvent

        if event.type() == QEvent.Type.ToolTip:
            hit = self._at(QPointF(event.pos()))
            if hit:
                QToolTip.showText(event.globalPos(), hit[1], self)
            else:
                QToolTip.hideText()
            return True
        return super().event(event)

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802 (Qt naming)
        hit = self._at(event.position())
        if hit:
            self.row_clicked.emit(hit[0])
        super().mouseReleaseEvent(event)
