"""The review workspace: the checklist navigator (framework > domain > item) beside the item page,
the overview and the review's details."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLineEdit,
    QSplitter,
    QTabWidget,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from safeonline_desktop.i18n import tr
from safeonline_desktop.services import views as v

from . import icons
from .details import ReviewDetailsPage
from .item_page import ItemPage
from .models import ITEM_ID_ROLE, KIND_ROLE, NavigatorModel
from .overview import OverviewPage

ITEM_TAB, OVERVIEW_TAB, DETAILS_TAB = 0, 1, 2


class NavigatorFilter(QSortFilterProxyModel):
    """Keeps items whose code or name contains the typed text, with their domain and framework."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setRecursiveFilteringEnabled(True)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setFilterKeyColumn(0)

    def filterAcceptsRow(self, source_row: int, source_parent) -> bool:  # noqa: N802 (Qt naming)
        index = self.sourceModel().index(source_row, 0, source_parent)
        if index.data(KIND_ROLE) != "item":
            return False if self.filterRegularExpression().pattern() else True
        return super().filterAcceptsRow(source_row, source_parent)


class ReviewWorkspace(QWidget):
    item_changed = Signal(int, str)
    status = Signal(str)

    def __init__(self, services, editor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.editor = editor
        self.catalog = services.catalog
        self.review: v.ReviewView | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("workspace_splitter")
        self.splitter.setChildrenCollapsible(False)
        layout.addWidget(self.splitter)

        nav = QWidget(self.splitter)
        nav_layout = QVBoxLayout(nav)
        nav_layout.setContentsMargins(6, 6, 0, 6)
        self.filter_edit = QLineEdit(nav)
        self.filter_edit.setClearButtonEnabled(True)
        nav_layout.addWidget(self.filter_edit)
        self.nav_model = NavigatorModel(self.catalog, self)
        self.nav_proxy = NavigatorFilter(self)
        self.nav_proxy.setSourceModel(self.nav_model)
        self.filter_edit.textChanged.connect(self._filter_changed)
        self.navigator = QTreeView(nav)
        self.navigator.setModel(self.nav_proxy)
        self.navigator.setUniformRowHeights(True)
        self.navigator.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.navigator.setAllColumnsShowFocus(True)
        self.navigator.header().setStretchLastSection(False)
        self.navigator.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.navigator.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.navigator.selectionModel().currentChanged.connect(self._current_changed)
        nav_layout.addWidget(self.navigator)
        nav.setMinimumWidth(240)

        self.tabs = QTabWidget(self.splitter)
        self.tabs.setDocumentMode(True)
        self.item_page = ItemPage(services, editor, self.tabs)
        self.overview = OverviewPage(services, editor, self.tabs)
        self.details = ReviewDetailsPage(services, editor, self.tabs)
        for page, name in ((self.item_page, "checklist"), (self.overview, "overview"), (self.details, "details")):
            self.tabs.addTab(page, icons.icon(name), "")
        self._tab_icons = ("checklist", "overview", "details")
        self.tabs.currentChanged.connect(self._tab_changed)
        self.item_page.item_changed.connect(self.item_changed)
        self.item_page.navigate_requested.connect(self.go_to_item)
        self.overview.navigate_requested.connect(self.go_to_item)
        for page in (self.item_page, self.overview):
            page.status.connect(self.status)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([340, 1000])
        self._stale: set[int] = set()
        self.retranslate()

    def changeEvent(self, event) -> None:  # noqa: N802 (Qt naming)
        from PySide6.QtCore import QEvent

        if event.type() == QEvent.Type.PaletteChange:
            for n, name in enumerate(self._tab_icons):
                self.tabs.setTabIcon(n, icons.icon(name))
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.filter_edit.setPlaceholderText(tr("Find an item (Ctrl+F)"))
        self.filter_edit.setAccessibleName(tr("Find an item"))
        self.navigator.setAccessibleName(tr("Checklist"))
        self.tabs.setTabText(ITEM_TAB, tr("Item"))
        self.tabs.setTabText(OVERVIEW_TAB, tr("Overview"))
        self.tabs.setTabText(DETAILS_TAB, tr("Review details"))
        self.tabs.setAccessibleName(tr("Review pages"))
        self.nav_model.retranslate()
        self.item_page.retranslate()
        self.overview.retranslate()
        self.details.retranslate()
        self.navigator.resizeColumnToContents(1)

    # -- review ---------------------------------------------------------------------------
    def set_review(self, review: v.ReviewView, item_id: str | None = None) -> None:
        self.flush_pending()
        self.review = review
        progress = self.services.progress.progress(review.id)
        self.item_page.set_review(review)
        self.nav_model.set_review(review.framework_ids, progress)
        self.navigator.expandAll()
        self.navigator.resizeColumnToContents(1)
        self.overview.set_review(review)
        self.details.set_review(review)
        ids = self.nav_model.item_ids()
        if item_id not in ids:
            item_id = next((i for i in ids if progress.by_item.get(i) and progress.by_item[i].state == v.NOT_STARTED),
                           ids[0] if ids else None)
        if item_id:
            self.go_to_item(item_id, switch_tab=False)
        self.tabs.setCurrentIndex(ITEM_TAB)

    def clear(self) -> None:
        self.flush_pending()
        self.review = None
        self.item_page.set_review(None)
        self.nav_model.set_review((), None)

    def current_item_id(self) -> str | None:
        return self.item_page.item_id

    def flush_pending(self) -> bool:
        return self.item_page.flush_pending() & self.details.flush_pending()

    def refresh(self) -> None:
        """Show what is stored now (after an edit, an undo, or a change made elsewhere)."""
        if self.review is None:
            return
        try:
            self.review = self.services.reviews.get(self.review.id)
        except Exception:  # the review was deleted meanwhile: the main window closes it
            return
        self.nav_model.set_progress(self.services.progress.progress(self.review.id))
        current = self.tabs.currentIndex()
        self._stale = {ITEM_TAB, OVERVIEW_TAB, DETAILS_TAB} - {current}
        self._reload_tab(current)

    def _reload_tab(self, index: int) -> None:
        page = {ITEM_TAB: self.item_page, OVERVIEW_TAB: self.overview, DETAILS_TAB: self.details}.get(index)
        if page is not None:
            page.reload()

    def _tab_changed(self, index: int) -> None:
        if index in self._stale:
            self._stale.discard(index)
            self._reload_tab(index)

    # -- navigation -----------------------------------------------------------------------
    def _filter_changed(self, text: str) -> None:
        self.nav_proxy.setFilterFixedString(text.strip())
        self.navigator.expandAll()
        current = self.current_item_id()
        if current:
            self._select(current)

    def _select(self, item_id: str) -> bool:
        source = self.nav_model.index_of(item_id)
        index = self.nav_proxy.mapFromSource(source)
        if not index.isValid():
            return False
        self.navigator.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        self.navigator.scrollTo(index)
        return True

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        item_id = current.data(ITEM_ID_ROLE)
        if item_id:
            self.item_page.set_item(item_id)

    def go_to_item(self, item_id: str, switch_tab: bool = True) -> None:
        if not self._select(item_id):
            # hidden by the filter: clear the filter, then select
            self.filter_edit.clear()
            self._select(item_id)
        self.item_page.set_item(item_id)
        if switch_tab:
            self.tabs.setCurrentIndex(ITEM_TAB)

    def step(self, delta: int) -> str | None:
        """Go to the next (1) or previous (-1) item in checklist order."""
        ids = self.nav_model.item_ids()
        if not ids:
            return None
        current = self.current_item_id()
        n = ids.index(current) if current in ids else -1
        target = ids[max(0, min(len(ids) - 1, n + delta))]
        self.go_to_item(target)
        return target

    def focus_filter(self) -> None:
        self.filter_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filter_edit.selectAll()
