"""Colours come from the palette: a dark system theme gives light text and icons on dark
backgrounds (no black text hard-coded on white)."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication
from ui_support import settle

pytestmark = pytest.mark.gui


def dark_palette() -> QPalette:
    p = QPalette()
    for role, colour in ((QPalette.ColorRole.Window, "#202124"), (QPalette.ColorRole.WindowText, "#e8eaed"),
                         (QPalette.ColorRole.Base, "#121212"), (QPalette.ColorRole.AlternateBase, "#2a2a2a"),
                         (QPalette.ColorRole.Text, "#e8eaed"), (QPalette.ColorRole.Button, "#303134"),
                         (QPalette.ColorRole.ButtonText, "#e8eaed"), (QPalette.ColorRole.Mid, "#5f6368"),
                         (QPalette.ColorRole.Midlight, "#3c4043"), (QPalette.ColorRole.Highlight, "#8ab4f8")):
        p.setColor(role, QColor(colour))
    return p


@pytest.fixture
def dark(qapp):
    before = qapp.palette()
    qapp.setPalette(dark_palette())
    yield
    qapp.setPalette(before)


def brightest(image) -> int:
    return max(QColor(image.pixel(x, y)).lightness() for x in range(image.width()) for y in range(image.height())
               if QColor.fromRgba(image.pixel(x, y)).alpha() > 200)


def test_icons_level_cards_and_chart_follow_a_dark_palette(demo_window, dark, qtbot):
    window = demo_window
    settle(qtbot)
    icon_image = window.new_action.icon().pixmap(24, 24).toImage()
    assert brightest(icon_image) > 200  # light strokes on the dark toolbar
    button_image = window.workspace.item_page.evidence.add_button.icon().pixmap(24, 24).toImage()
    assert brightest(button_image) > 200
    card = window.workspace.item_page.levels.cards["planned"]
    image = card.grab().toImage()
    background = QColor(image.pixel(image.width() - 12, image.height() // 2))
    assert background.lightness() < 80
    assert card.title_label.palette().color(card.title_label.foregroundRole()).lightness() > 200
    window.show_tab(1)
    settle(qtbot)
    chart = window.workspace.overview.chart
    assert chart.palette().color(QPalette.ColorRole.WindowText).lightness() > 200
    assert not chart.grab().toImage().isNull()


def test_icons_are_dark_on_a_light_palette(window, qapp):
    before = qapp.palette()
    qapp.setPalette(dark_palette())
    qapp.setPalette(QApplication.style().standardPalette())
    image = window.new_action.icon().pixmap(24, 24).toImage()
    darkest = min(QColor(image.pixel(x, y)).lightness() for x in range(24) for y in range(24)
                  if QColor.fromRgba(image.pixel(x, y)).alpha() > 200)
    qapp.setPalette(before)
    assert darkest < 80
