"""Home: the reviews on this laptop, with search, sorting, status and progress; new, open,
duplicate, archive and delete. An empty workspace offers the demonstration review."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QKeySequence, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionProgressBar,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from safeonline_desktop.errors import PermissionDenied
from safeonline_desktop.i18n import tr
from safeonline_desktop.services import views as v

from . import icons
from .models import ID_ROLE, PROGRESS_ROLE, SORT_ROLE, ReviewListModel
from .widgets import SectionTitle, WrapLabel, label_buttons


class ProgressDelegate(QStyledItemDelegate):
    """Draws the progress column as the style's own progress bar (palette and theme aware)."""

    def paint(self, painter: QPainter, option, index) -> None:
        fraction = index.data(PROGRESS_ROLE)
        if fraction is None:
            super().paint(painter, option, index)
            return
        if option.state & QStyle.StateFlag.State_Selected:
            # a thin highlight frame keeps the row selected without hiding the bar's own colour
            painter.fillRect(option.rect, option.palette.brush(QPalette.ColorRole.Highlight))
            painter.fillRect(option.rect.adjusted(2, 2, -2, -2), option.palette.brush(QPalette.ColorRole.Base))
        bar = QStyleOptionProgressBar()
        bar.rect = option.rect.adjusted(4, 4, -4, -4)
        bar.minimum = 0
        bar.maximum = 1000
        bar.progress = int(round(fraction * 1000))
        bar.text = index.data(Qt.ItemDataRole.DisplayRole)
        bar.textVisible = True
        bar.textAlignment = Qt.AlignmentFlag.AlignCenter
        bar.state = QStyle.StateFlag.State_Enabled | QStyle.StateFlag.State_Horizontal
        bar.palette = option.palette
        bar.fontMetrics = option.fontMetrics
        style = option.widget.style() if option.widget else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ProgressBar, bar, painter, option.widget)

    def sizeHint(self, option, index):  # noqa: N802 (Qt naming)
        hint = super().sizeHint(option, index)
        hint.setWidth(max(hint.width() + 24, 170))
        return hint


class ReviewFilter(QSortFilterProxyModel):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setFilterKeyColumn(-1)
        self.setSortRole(SORT_ROLE)
        self.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)

    def lessThan(self, left: QModelIndex, right: QModelIndex) -> bool:  # noqa: N802 (Qt naming)
        a, b = left.data(SORT_ROLE), right.data(SORT_ROLE)
        if isinstance(a, str) and isinstance(b, str):
            return a.casefold() < b.casefold()
        try:
            return a < b
        except TypeError:
            return str(a) < str(b)


class HomePage(QWidget):
    open_requested = Signal(int)
    new_requested = Signal()
    demo_requested = Signal()
    duplicate_requested = Signal(int)
    archive_requested = Signal(int, bool)  # review id, archive (True) or restore (False)
    delete_requested = Signal(int)

    def __init__(self, services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        self.heading = SectionTitle("", self, scale=1.5)
        layout.addWidget(self.heading)

        # empty workspace: offer the demonstration review
        self.empty_panel = QFrame(self)
        self.empty_panel.setFrameShape(QFrame.Shape.StyledPanel)
        empty = QVBoxLayout(self.empty_panel)
        self.empty_title = SectionTitle("", self.empty_panel)
        self.empty_text = WrapLabel("", self.empty_panel)
        empty_buttons = QHBoxLayout()
        self.demo_button = icons.button("present", self.empty_panel)
        self.demo_button.clicked.connect(self.demo_requested)
        self.empty_new_button = icons.button("new-review", self.empty_panel)
        self.empty_new_button.clicked.connect(self.new_requested)
        empty_buttons.addWidget(self.demo_button)
        empty_buttons.addWidget(self.empty_new_button)
        empty_buttons.addStretch(1)
        empty.addWidget(self.empty_title)
        empty.addWidget(self.empty_text)
        empty.addLayout(empty_buttons)
        layout.addWidget(self.empty_panel)

        bar = QHBoxLayout()
        self.search = QLineEdit(self)
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._search_changed)
        self.show_archived = QCheckBox(self)
        self.show_archived.toggled.connect(lambda _on: self.refresh())
        bar.addWidget(self.search, 1)
        bar.addWidget(self.show_archived)
        layout.addLayout(bar)

        self.model = ReviewListModel(services.catalog, self)
        self.proxy = ReviewFilter(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView(self)
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(ReviewListModel.columns.index("updated"), Qt.SortOrder.DescendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setItemDelegateForColumn(ReviewListModel.columns.index("progress"), ProgressDelegate(self.table))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setResizeContentsPrecision(50)  # size columns from the first rows: quick with many reviews
        header.setSectionResizeMode(ReviewListModel.columns.index("title"), QHeaderView.ResizeMode.Stretch)
        self.table.activated.connect(self._activated)
        self.table.doubleClicked.connect(self._activated)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self.table.installEventFilter(self)
        layout.addWidget(self.table, 1)

        buttons = QHBoxLayout()
        self.new_button = icons.button("new-review", self)
        self.new_button.clicked.connect(self.new_requested)
        self.open_button = icons.button("checklist", self)
        self.open_button.clicked.connect(lambda: self._emit_selected(self.open_requested))
        self.duplicate_button = icons.button("duplicate", self)
        self.duplicate_button.clicked.connect(lambda: self._emit_selected(self.duplicate_requested))
        self.archive_button = icons.button("archive", self)
        self.archive_button.clicked.connect(self._archive_clicked)
        self.delete_button = icons.button("delete", self)
        self.delete_button.clicked.connect(lambda: self._emit_selected(self.delete_requested))
        for b in (self.new_button, self.open_button, self.duplicate_button, self.archive_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.delete_button)
        layout.addLayout(buttons)
        self.retranslate()

    def retranslate(self) -> None:
        self.heading.setText(tr("Reviews on this laptop"))
        self.empty_title.setText(tr("Welcome to SafeOnline Desktop"))
        self.empty_text.setText(tr("There are no reviews on this laptop yet. Open the demonstration review to see "
                                   "a complete review of a fictional country, or start your own."))
        self.demo_button.setText(tr("Open the &demonstration review"))
        self.demo_button.setAccessibleName(tr("Open the demonstration review"))
        self.empty_new_button.setText(tr("Start a &new review..."))
        self.empty_new_button.setAccessibleName(tr("Start a new review"))
        self.search.setPlaceholderText(tr("Search by title or country"))
        self.search.setAccessibleName(tr("Search reviews"))
        self.show_archived.setText(tr("Show &archived"))
        self.show_archived.setAccessibleName(tr("Show archived reviews"))
        self.table.setAccessibleName(tr("Reviews on this laptop"))
        label_buttons(
            (self.new_button, tr("&New review..."), tr("New review")),
            (self.open_button, tr("&Open"), tr("Open the selected review")),
            (self.duplicate_button, tr("D&uplicate"), tr("Duplicate the selected review")),
            (self.delete_button, tr("De&lete..."), tr("Delete the selected review")),
        )
        self.model.retranslate()
        self._update_buttons()

    def refresh(self) -> None:
        selected = self.selected_id()
        self.model.set_rows(self.services.reviews.list(include_archived=self.show_archived.isChecked()))
        has_any = self.model.rowCount() > 0 or (
            not self.show_archived.isChecked() and bool(self.services.reviews.list(include_archived=True)))
        self.empty_panel.setVisible(not has_any)
        if selected is not None:
            self.select(selected)
        elif self.proxy.rowCount() and not self.table.selectionModel().hasSelection():
            self.table.selectRow(0)
        self._update_buttons()

    def _search_changed(self, text: str) -> None:
        self.proxy.setFilterFixedString(text.strip())

    def selected_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].data(ID_ROLE) if rows else None

    def selected_entry(self) -> v.ReviewListEntry | None:
        rid = self.selected_id()
        n = self.model.row_of_id(rid) if rid is not None else -1
        return self.model.row(n) if n >= 0 else None

    def select(self, review_id: int) -> None:
        n = self.model.row_of_id(review_id)
        if n >= 0:
            index = self.proxy.mapFromSource(self.model.index(n, 0))
            if index.isValid():
                self.table.selectRow(index.row())
                self.table.scrollTo(index)

    def _may(self, review_id: int | None, permission: str) -> bool:
        try:
            self.services.ctx.check(review_id, permission)
        except PermissionDenied:
            return False
        return True

    def _update_buttons(self) -> None:
        # Offer only what the signed-in role may do; the services enforce it regardless.
        entry = self.selected_entry()
        rid = entry.review.id if entry is not None else None
        may_create = self._may(None, "review.create")
        self.new_button.setEnabled(may_create)
        self.empty_new_button.setEnabled(may_create)
        self.open_button.setEnabled(entry is not None)
        self.duplicate_button.setEnabled(entry is not None and may_create)
        may_manage = entry is not None and self._may(rid, "review.manage")
        self.archive_button.setEnabled(may_manage)
        self.delete_button.setEnabled(may_manage)
        archived = bool(entry and entry.review.archived)
        self.archive_button.setText(tr("&Restore") if archived else tr("&Archive"))
        self.archive_button.setAccessibleName(tr("Restore the selected review") if archived
                                              else tr("Archive the selected review"))

    def _emit_selected(self, signal) -> None:
        rid = self.selected_id()
        if rid is not None:
            signal.emit(rid)

    def _archive_clicked(self) -> None:
        entry = self.selected_entry()
        if entry is not None:
            self.archive_requested.emit(entry.review.id, not entry.review.archived)

    def _activated(self, index: QModelIndex) -> None:
        rid = index.data(ID_ROLE)
        if rid is not None:
            self.open_requested.emit(rid)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt naming)
        from PySide6.QtCore import QEvent

        if obj is self.table and event.type() == QEvent.Type.KeyPress:
            if event.matches(QKeySequence.StandardKey.Delete):
                self._emit_selected(self.delete_requested)
                return True
        return super().eventFilter(obj, event)
