"""Icons: monochrome SVGs from ``resources/icons/ui`` tinted with the palette's text colour (so
they suit light and dark themes), and small state markers drawn with QPainter."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPainterPath, QPalette, QPen, QPixmap
from PySide6.QtWidgets import QApplication, QHBoxLayout, QPushButton, QWidget

from safeonline_desktop import paths
from safeonline_desktop.services import views as v

_SIZES = (16, 20, 24, 32, 48, 64)

#: Colours of the navigator's item states; mid-tones readable on light and dark backgrounds.
STATE_COLOURS = {
    v.NOT_STARTED: None,  # drawn with the palette's mid colour
    v.IN_PROGRESS: "#3498db",
    v.RATED: "#27ae60",
    v.NEEDS_EVIDENCE: "#e67e22",
}


def _text_colour() -> QColor:
    app = QApplication.instance()
    palette = app.palette() if app is not None else QPalette()
    return palette.color(QPalette.ColorRole.WindowText)


@functools.lru_cache(maxsize=128)
def _themed(name: str, rgba: int) -> QIcon:
    from PySide6.QtSvg import QSvgRenderer  # imported on first use: keeps start-up light

    path = paths.resources_dir() / "icons" / "ui" / f"{name}.svg"
    renderer = QSvgRenderer(str(path))
    icon = QIcon()
    if not renderer.isValid():
        return icon
    colour = QColor.fromRgba(rgba)
    for size in _SIZES:
        pixmap = QPixmap(size, size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        renderer.render(painter)
        painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceIn)
        painter.fillRect(pixmap.rect(), colour)
        painter.end()
        icon.addPixmap(pixmap)
    return icon


def icon(name: str) -> QIcon:
    """The named UI icon in the current palette's text colour."""
    if QApplication.instance() is None:  # pixmaps need a GUI application
        return QIcon()
    return _themed(name, _text_colour().rgba())


@functools.lru_cache(maxsize=32)
def _state_icon(state: str, mid_rgba: int) -> QIcon:
    icon_ = QIcon()
    colour_name = STATE_COLOURS.get(state)
    colour = QColor(colour_name) if colour_name else QColor.fromRgba(mid_rgba)
    for size in (16, 24, 32, 48):
        pixmap = QPixmap(size, size)
        pixmap.fill(Qt.GlobalColor.transparent)
        p = QPainter(pixmap)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        pen_w = max(1.5, size / 10)
        r = QRectF(pen_w, pen_w, size - 2 * pen_w, size - 2 * pen_w)
        p.setPen(QPen(colour, pen_w))
        if state == v.NOT_STARTED:
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawEllipse(r)
        elif state == v.IN_PROGRESS:
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawEllipse(r)
            path = QPainterPath()
            path.moveTo(r.center())
            path.arcTo(r, 90, 180)
            path.closeSubpath()
            p.fillPath(path, colour)
        elif state == v.RATED:
            p.setBrush(colour)
            p.drawEllipse(r)
            p.setPen(QPen(QColor("white"), pen_w * 1.2, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap,
                          Qt.PenJoinStyle.RoundJoin))
            s = size
            p.drawPolyline([QPointF(s * 0.3, s * 0.52), QPointF(s * 0.45, s * 0.67), QPointF(s * 0.72, s * 0.36)])
        else:  # needs evidence: an exclamation mark in a filled circle
            p.setBrush(colour)
            p.drawEllipse(r)
            p.setPen(QPen(QColor("white"), pen_w * 1.3, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
            s = size
            p.drawLine(QPointF(s / 2, s * 0.28), QPointF(s / 2, s * 0.56))
            p.drawPoint(QPointF(s / 2, s * 0.72))
        p.end()
        icon_.addPixmap(pixmap)
    return icon_


def state_icon(state: str) -> QIcon:
    app = QApplication.instance()
    if app is None:
        return QIcon()
    palette = app.palette() if app is not None else QPalette()
    return _state_icon(state, palette.color(QPalette.ColorRole.Mid).rgba())


ICON_PROPERTY = "safeonline_icon"


def button(name: str, parent: QWidget | None = None) -> QPushButton:
    """A push button showing the named icon (re-tinted by :func:`refresh`)."""
    b = QPushButton(parent)
    set_icon(b, name)
    return b


def button_row(parent: QWidget, *buttons: tuple[str, Callable[..., Any]]) -> tuple[QHBoxLayout, list[QPushButton]]:
    """Icon buttons ``(icon name, slot)`` side by side, each connected to its slot, held to the
    left by a stretch (add after it whatever belongs at the right end). Texts are set on
    retranslate, with :func:`~safeonline_desktop.ui.widgets.label_buttons`."""
    row = QHBoxLayout()
    made = []
    for name, slot in buttons:
        b = button(name, parent)
        b.clicked.connect(slot)
        row.addWidget(b)
        made.append(b)
    row.addStretch(1)
    return row, made


def set_icon(obj: QObject, name: str) -> None:
    """Give a button or action the named icon and remember the name for :func:`refresh`."""
    obj.setIcon(icon(name))
    obj.setProperty(ICON_PROPERTY, name)


def refresh(root: QObject) -> int:
    """Re-tint every icon set with :func:`set_icon` under ``root`` (after the system switched
    between light and dark). Returns how many were redone."""
    _themed.cache_clear()
    _state_icon.cache_clear()
    count = 0
    for obj in [root, *root.findChildren(QObject)]:
        name = obj.property(ICON_PROPERTY)
        if name and hasattr(obj, "setIcon"):
            obj.setIcon(icon(name))
            count += 1
    return count
