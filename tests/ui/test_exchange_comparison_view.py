"""The comparison window: heat map coloured by status, filters, a country's change, Excel."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QFileDialog

from safeonline_desktop.ui import comparison_view
from safeonline_desktop.ui.comparison_view import NOT_IN_REVIEW, ComparisonView

pytestmark = pytest.mark.gui


@pytest.fixture
def reviews(services, demo):
    ke1 = services.reviews.create(country_code="KE", title="Kenya 2024", frameworks=["mnr"],
                                  period_start=dt.date(2024, 1, 1))
    ke2 = services.reviews.create(country_code="KE", title="Kenya 2026", frameworks=["mnr"],
                                  period_start=dt.date(2026, 1, 1))
    services.assessments.record(ke1.id, "MNR.C01", status="planned")
    services.assessments.record(ke2.id, "MNR.C01", status="in_place")
    services.assessments.record(ke1.id, "MNR.C02", status="in_place")
    services.assessments.record(ke2.id, "MNR.C02", status="planned")
    return ke1, ke2


@pytest.fixture
def view(qtbot, services, reviews, settings):
    v = ComparisonView(services, settings=settings)
    qtbot.addWidget(v)
    v.show()
    qtbot.waitExposed(v)
    return v


def test_heat_map_is_coloured_by_status(view, catalog, qtmodeltester):
    model = view.heat_model
    qtmodeltester.check(model)
    assert model.rowCount() == 3 and model.columnCount() == 27
    rows = [model.headerData(r, Qt.Orientation.Vertical) for r in range(3)]
    assert rows[1:] == ["Kenya · 2024-01-01 · Kenya 2024", "Kenya · 2026-01-01 · Kenya 2026"]
    c01 = next(c for c in range(27) if model.headerData(c, Qt.Orientation.Horizontal) == "C01")
    a01 = next(c for c in range(27) if model.headerData(c, Qt.Orientation.Horizontal) == "A01")
    planned = catalog.scales["status"].level("planned")
    cell = model.index(1, c01)
    assert cell.data() == planned.key
    assert cell.data(Qt.ItemDataRole.BackgroundRole).color() == QColor(planned.colour)
    assert "Planned" in cell.data(Qt.ItemDataRole.ToolTipRole)
    assert model.index(1, a01).data() == NOT_IN_REVIEW  # Kenya's reviews use the MNR only
    assert view.empty_label.text() == "Reviews: 3. Countries: 2."


def test_filters_by_framework_and_domain(view):
    view.framework.setCurrentIndex(view.framework.findData("mnr"))
    assert view.heat_model.columnCount() == 21
    assert view.domain.count() == 1 + 6  # all, and the MNR's six domains
    view.domain.setCurrentIndex(view.domain.findData("MNR.D2"))
    assert [view.heat_model.headerData(c, Qt.Orientation.Horizontal) for c in range(4)] == ["C04", "C05", "C06", "C07"]
    view.framework.setCurrentIndex(view.framework.findData("bbc2019"))
    assert view.domain.currentData() is None and view.heat_model.columnCount() == 6


def test_change_between_two_reviews_of_a_country(view):
    view.tabs.setCurrentIndex(1)
    assert view.country.count() == 1 and view.country.currentData() == "KE"
    assert view.before.currentText().startswith("2024-01-01") and view.after.currentText().startswith("2026-01-01")
    model = view.change_model
    directions = {model.index(r, 0).data(): model.index(r, 0).data(Qt.ItemDataRole.UserRole)
                  for r in range(model.rowCount())}
    assert directions["C01"] == "improved" and directions["C02"] == "declined"
    assert model.index(0, 4).data() == "Improved"
    assert "1 improved" in view.change_summary.text() and "1 declined" in view.change_summary.text()
    view.after.setCurrentIndex(0)
    assert model.rowCount() == 0 and "two different" in view.change_summary.text()


def test_export_to_excel(view, qtbot, tmp_path, monkeypatch):
    target = tmp_path / "cmp"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    with qtbot.waitSignal(view.exported, timeout=30_000) as signal:
        qtbot.mouseClick(view.export_button, Qt.MouseButton.LeftButton)
    written = signal.args[0]
    assert written.name == "cmp.xlsx" and written.exists()
    wb = openpyxl.load_workbook(written)
    assert wb.sheetnames[0] == "Comparison"
    assert view.settings.value("exchange/compare_folder") == str(tmp_path)


def test_export_failure_is_explained(view, qtbot, tmp_path, monkeypatch):
    shown = []
    monkeypatch.setattr(comparison_view.QMessageBox, "warning", lambda parent, title, text, *a: shown.append(text))
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *a, **k: (str(tmp_path / "missing-folder" / "x.xlsx"), ""))
    view.export()
    qtbot.waitUntil(lambda: bool(shown), timeout=30_000)
    assert "does not exist" in shown[0]
    assert view.export_button.isEnabled()


def test_french(view):
    from safeonline_desktop import i18n

    i18n.set_language("fr")
    view.retranslate()
    assert view.windowTitle() == "Comparer les pays"
    assert view.tabs.tabText(0) == "Carte thermique"
    assert view.framework.itemText(0) == "Tous les cadres"
