"""Home: the reviews on this laptop; new, open, duplicate, archive, delete; the demonstration
review offered on an empty workspace; the window layout remembered."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from ui_support import click_button, settle

from safeonline_desktop.ui.main_window import MainWindow
from safeonline_desktop.ui.models import ReviewListModel

pytestmark = pytest.mark.gui


def test_empty_workspace_offers_the_demonstration_review(window, services, qtbot):
    assert window.home.empty_panel.isVisible()
    qtbot.mouseClick(window.home.demo_button, Qt.MouseButton.LeftButton)
    assert window.current_review_id() is not None
    review = services.reviews.get(window.current_review_id())
    assert review.country_code == "ZZ" and "fictional" in review.title
    assert window.workspace.isVisible()
    assert window.saved_text().startswith("Saved at ")
    window.go_home()
    assert not window.home.empty_panel.isVisible()


def test_search_sort_archive_duplicate_and_delete(window, services, qtbot):
    kenya = services.reviews.create(country_code="KE", title="Kenya 2026", frameworks=["mnr"])
    peru = services.reviews.create(country_code="PE", title="Peru baseline", frameworks=["bbc2019"])
    services.assessments.record(peru.id, "BBC.A01", status="planned")
    window.home.refresh()
    home = window.home
    assert home.proxy.rowCount() == 2 and not home.empty_panel.isVisible()

    qtbot.keyClicks(home.search, "peru")
    assert home.proxy.rowCount() == 1
    assert home.proxy.index(0, 1).data() == "Peru baseline"
    home.search.clear()
    progress = ReviewListModel.columns.index("progress")
    home.table.sortByColumn(progress, Qt.SortOrder.DescendingOrder)
    assert home.proxy.index(0, 1).data() == "Peru baseline"
    assert home.proxy.index(0, progress).data() == "1 of 6 rated"
    home.table.sortByColumn(ReviewListModel.columns.index("country"), Qt.SortOrder.AscendingOrder)
    assert [home.proxy.index(r, 0).data() for r in range(2)] == ["Kenya", "Peru"]

    home.select(kenya.id)
    qtbot.mouseClick(home.archive_button, Qt.MouseButton.LeftButton)
    assert services.reviews.get(kenya.id).archived
    assert home.proxy.rowCount() == 1
    home.show_archived.setChecked(True)
    assert home.proxy.rowCount() == 2
    home.select(kenya.id)
    assert home.archive_button.text() == "&Restore"
    qtbot.mouseClick(home.archive_button, Qt.MouseButton.LeftButton)
    assert not services.reviews.get(kenya.id).archived

    home.select(peru.id)
    qtbot.mouseClick(home.duplicate_button, Qt.MouseButton.LeftButton)
    copies = [e.review for e in services.reviews.list() if e.review.title == "Peru baseline (copy)"]
    assert len(copies) == 1
    assert services.assessments.get(copies[0].id, "BBC.A01").status == "planned"

    # delete asks first; cancelling keeps it
    home.select(copies[0].id)
    qtbot.keyClick(home.table, Qt.Key.Key_Delete)
    box = window.message_box
    assert "cannot be undone" in box.text()
    click_button(box, QMessageBox.ButtonRole.RejectRole)
    assert services.reviews.get(copies[0].id)
    home.select(copies[0].id)
    qtbot.mouseClick(home.delete_button, Qt.MouseButton.LeftButton)
    click_button(window.message_box, QMessageBox.ButtonRole.DestructiveRole)
    settle(qtbot)
    assert [e.review.title for e in services.reviews.list()].count("Peru baseline (copy)") == 0
    assert home.model.row_of_id(copies[0].id) == -1


def test_opening_a_review_and_going_home_emit_the_signals(window, review, qtbot):
    window.home.refresh()
    opened, closed = [], []
    window.review_opened.connect(opened.append)
    window.review_closed.connect(lambda: closed.append(True))
    window.home.select(review.id)
    qtbot.keyClick(window.home.table, Qt.Key.Key_Return)
    assert opened == [review.id] and window.current_review_id() == review.id
    assert window.windowTitle().startswith("Kenya national review")
    window.home_action.trigger()
    assert closed == [True] and window.current_review_id() is None
    assert window.stack.currentWidget() is window.home


def test_window_layout_and_last_item_are_remembered(make_window, services, review, settings, qtbot):
    first = make_window(services)
    first.open_review(review.id, "MNR.C07")
    first.resize(780, 560)
    settle(qtbot)
    first.workspace.splitter.setSizes([300, 480])
    settle(qtbot)
    nav_width = first.workspace.splitter.sizes()[0]
    assert nav_width > 260
    first.close()
    assert settings.value("window/geometry") is not None
    second = MainWindow(services, settings)
    qtbot.addWidget(second)
    assert (second.size().width(), second.size().height()) == (780, 560)
    second.show()
    qtbot.waitExposed(second)
    second.open_review(review.id)
    assert second.workspace.current_item_id() == "MNR.C07"
    assert abs(second.workspace.splitter.sizes()[0] - nav_width) <= 10
