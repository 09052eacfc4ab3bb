"""The heat map tells apart two reviews of one country and period (a follow-up made by
duplicating a review): country, period and a shortened title on each row, everything in the
row's tooltip; the change tab's choices too."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from safeonline_desktop.ui.comparison_view import ComparisonView

pytestmark = pytest.mark.gui

PERIOD = "2026-01-15 – 2026-06-30"
DEMO_TITLE = "Demonstration review: Republic of Aravia (fictional)"


@pytest.fixture
def view(qtbot, services, demo, settings):
    follow_up = services.reviews.duplicate(demo.id, title="Aravia 2027 follow-up")
    v = ComparisonView(services, settings=settings)
    qtbot.addWidget(v)
    v.show()
    qtbot.waitExposed(v)
    return v, demo, follow_up


def test_rows_of_one_country_and_period_are_told_apart(view):
    v, demo, follow_up = view
    model = v.heat_model
    assert model.rowCount() == 2
    labels = [model.headerData(r, Qt.Orientation.Vertical) for r in range(2)]
    assert labels == [f"Fictional country · {PERIOD} · Aravia 2027 follow-up",
                      f"Fictional country · {PERIOD} · Demonstration review: Republic…"]
    tip = model.headerData(1, Qt.Orientation.Vertical, Qt.ItemDataRole.ToolTipRole)
    assert tip.splitlines() == [DEMO_TITLE, "Fictional country", f"Period: {PERIOD}", f"Review #{demo.id}"]
    assert model.headerData(1, Qt.Orientation.Vertical, Qt.ItemDataRole.AccessibleTextRole) == tip
    cell_tip = model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole)
    assert cell_tip.splitlines()[0] == labels[0]
    # The header is wide enough for the labels: nothing is elided on screen.
    header = v.heat_table.verticalHeader()
    assert header.width() >= max(header.fontMetrics().horizontalAdvance(text) for text in labels)

    v.tabs.setCurrentIndex(1)
    assert v.country.count() == 1
    choices = [v.before.itemText(i) for i in range(v.before.count())]
    assert choices == [f"{PERIOD} · {DEMO_TITLE}", f"{PERIOD} · Aravia 2027 follow-up"]
    assert v.after.currentData() == follow_up.id and v.before.currentData() == demo.id
    assert DEMO_TITLE in v.before.itemData(0, Qt.ItemDataRole.ToolTipRole)


def test_row_tooltip_is_translated(view):
    from safeonline_desktop import i18n

    v, demo, _ = view
    i18n.set_language("fr")
    try:
        v.retranslate()
        tip = v.heat_model.headerData(1, Qt.Orientation.Vertical, Qt.ItemDataRole.ToolTipRole)
        assert f"Période : {PERIOD}" in tip and f"Évaluation n° {demo.id}" in tip
    finally:
        i18n.set_language("en")
        v.retranslate()
