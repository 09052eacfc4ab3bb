"""What other parts of the GUI hook into: menus, toolbar, signals, extension modules, the item
page's extra sections."""

from __future__ import annotations

import sys
import types

import pytest
from PySide6.QtWidgets import QLabel, QMenu, QToolBar, QVBoxLayout
from ui_support import settle

from safeonline_desktop.ui import main_window as mw

pytestmark = pytest.mark.gui


def test_menus_toolbar_and_services_are_exposed(window, services):
    assert set(window.menus) == {"file", "edit", "review", "view", "tools", "help"}
    assert all(isinstance(m, QMenu) for m in window.menus.values())
    assert isinstance(window.toolbar, QToolBar)
    assert window.services is services
    assert window.current_review_id() is None
    window.show_status("Exported")
    assert window.statusBar().currentMessage() == "Exported"


def test_extension_modules_are_installed_and_missing_ones_skipped(make_window, services, monkeypatch):
    installed = []
    fake = types.ModuleType("safeonline_desktop.ui.fake_actions")
    fake.install = lambda window: (installed.append(window), window.menus["tools"].addAction("Fake tool"))
    monkeypatch.setitem(sys.modules, "safeonline_desktop.ui.fake_actions", fake)
    monkeypatch.setattr(mw, "EXTENSION_MODULES",
                        ("safeonline_desktop.ui.fake_actions", "safeonline_desktop.ui.no_such_actions"))
    window = make_window(services)
    assert installed == [window]
    assert "Fake tool" in [a.text() for a in window.menus["tools"].actions()]


def test_a_broken_extension_is_not_hidden(make_window, services, monkeypatch):
    broken = types.ModuleType("safeonline_desktop.ui.broken_actions")

    def install(window):
        import safeonline_desktop.no_such_dependency  # noqa: F401

    broken.install = install
    monkeypatch.setitem(sys.modules, "safeonline_desktop.ui.broken_actions", broken)
    monkeypatch.setattr(mw, "EXTENSION_MODULES", ("safeonline_desktop.ui.broken_actions",))
    with pytest.raises(ModuleNotFoundError):
        make_window(services)


def test_signals_and_the_item_pages_extra_sections(window, review, services, qtbot):
    window.home.refresh()
    changed, items = [], []
    window.data_changed.connect(lambda: changed.append(True))
    window.open_review(review.id, "MNR.C01")
    page = window.workspace.item_page
    assert isinstance(page.extra_sections_layout, QVBoxLayout)
    page.item_changed.connect(lambda r, i: items.append((r, i)))
    window.item_changed.connect(lambda r, i: items.append(("window", r, i)))
    label = QLabel("Proposals and consensus")
    page.extra_sections_layout.addWidget(label)
    window.workspace.go_to_item("MNR.C02")
    assert sorted(items, key=str) == sorted([(review.id, "MNR.C02"), ("window", review.id, "MNR.C02")], key=str)
    settle(qtbot)
    assert label.isVisibleTo(window)
    window.rate_current("planned")
    assert changed
    # a change made elsewhere (another developer's import, say) shows after data_changed
    services.assessments.record(review.id, "MNR.C02", status="embedded")
    window.data_changed.emit()
    settle(qtbot)
    assert page.levels.current() == "embedded"
