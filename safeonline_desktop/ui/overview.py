"""The review at a glance: progress and rating distribution per domain, the gaps, the
recommendations (priority, lead actor, timeframe) and the action plan, all editable."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QDate, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QScrollArea,
    QSplitter,
    QStyledItemDelegate,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from safeonline_desktop.domain.countries import country_name
from safeonline_desktop.i18n import tr
from safeonline_desktop.services import views as v
from safeonline_desktop.services.progress import UNRATED

from . import icons
from .chart import BarRow, DistributionChart, Segment
from .dialogs import NO_DATE, ActionDialog, OptionalDateEdit, RecommendationDialog, confirm
from .evidence_panel import setup_table
from .models import (
    CHOICES_ROLE,
    DATE_ROLE,
    ITEM_ID_ROLE,
    SORT_ROLE,
    ActionPlanModel,
    GapsModel,
    RecommendationModel,
    find_gaps,
)
from .widgets import SectionTitle, WrapLabel, label_buttons, lang, scaled_font


def framework_abbreviation(fw, lg: str) -> str:
    """"MNR" for "Model National Response (MNR)"; the short title itself when it has no abbreviation."""
    short = fw.short_title.get(lg)
    if short.endswith(")") and "(" in short:
        return short[short.rindex("(") + 1:-1]
    return short


class TableDelegate(QStyledItemDelegate):
    """Editors for editable tables: a combo box for coded values, a date editor for dates,
    a line editor otherwise."""

    def createEditor(self, parent, option, index):  # noqa: N802 (Qt naming)
        choices = index.data(CHOICES_ROLE)
        if choices is not None:
            combo = QComboBox(parent)
            for value, label in choices:
                combo.addItem(label, value)
            combo.setAccessibleName(str(index.model().headerData(index.column(), Qt.Orientation.Horizontal)))
            return combo
        if index.data(DATE_ROLE):
            editor = OptionalDateEdit(parent)
            editor.setAccessibleName(str(index.model().headerData(index.column(), Qt.Orientation.Horizontal)))
            return editor
        editor = super().createEditor(parent, option, index)
        editor.setAccessibleName(str(index.model().headerData(index.column(), Qt.Orientation.Horizontal)))
        return editor

    def setEditorData(self, editor, index) -> None:  # noqa: N802 (Qt naming)
        if isinstance(editor, QComboBox):
            n = editor.findData(index.data(Qt.ItemDataRole.EditRole))
            editor.setCurrentIndex(max(0, n))
            return
        if isinstance(editor, OptionalDateEdit):
            value = index.data(Qt.ItemDataRole.EditRole)
            editor.setDate(value if isinstance(value, QDate) and value.isValid() else NO_DATE)
            return
        super().setEditorData(editor, index)

    def setModelData(self, editor, model, index) -> None:  # noqa: N802 (Qt naming)
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)
            return
        if isinstance(editor, OptionalDateEdit):
            model.setData(index, editor.date() if editor.date() != NO_DATE else QDate(), Qt.ItemDataRole.EditRole)
            return
        super().setModelData(editor, model, index)


class OverviewPage(QWidget):
    navigate_requested = Signal(str)  # item id
    status = Signal(str)

    def __init__(self, services, editor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.editor = editor
        self.catalog = services.catalog
        self.review: v.ReviewView | None = None
        self.dialog: QWidget | None = None
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.setObjectName("overview_splitter")
        splitter.setChildrenCollapsible(False)
        self.splitter = splitter
        outer.addWidget(splitter)

        # top: header, progress and distribution chart | gaps
        top = QWidget(splitter)
        top_layout = QHBoxLayout(top)
        top_layout.setContentsMargins(16, 12, 16, 4)
        chart_scroll = QScrollArea(top)
        chart_scroll.setWidgetResizable(True)
        chart_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        chart_box = QWidget(chart_scroll)
        chart_layout = QVBoxLayout(chart_box)
        chart_layout.setContentsMargins(0, 0, 8, 0)
        self.heading = WrapLabel("", chart_box)
        self.heading.setFont(scaled_font(self.font(), 1.4, bold=True))
        self.subheading = WrapLabel("", chart_box)
        self.progress_label = WrapLabel("", chart_box)
        self.chart_title = SectionTitle("", chart_box, scale=1.05)
        self.chart = DistributionChart(chart_box)
        self.chart.row_clicked.connect(self._domain_clicked)
        self.chart_note = WrapLabel("", chart_box, selectable=False)
        for w in (self.heading, self.subheading, self.progress_label, self.chart_title, self.chart_note, self.chart):
            chart_layout.addWidget(w)
        chart_layout.addStretch(1)
        chart_scroll.setWidget(chart_box)
        top_layout.addWidget(chart_scroll, 3)
        gaps_box = QVBoxLayout()
        self.gaps_title = SectionTitle("", top, scale=1.05)
        self.gaps_model = GapsModel(self.catalog, self)
        self.gaps_view = QTableView(top)
        self.gaps_view.setModel(self.gaps_model)
        setup_table(self.gaps_view, "")
        self.gaps_view.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.gaps_view.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.gaps_view.activated.connect(self._gap_activated)
        self.gaps_view.doubleClicked.connect(self._gap_activated)
        gaps_box.addWidget(self.gaps_title)
        gaps_box.addWidget(self.gaps_view)
        top_layout.addLayout(gaps_box, 2)

        # bottom: recommendations | action plan
        self.tabs = QTabWidget(splitter)
        self.tabs.setDocumentMode(True)
        rec_page = QWidget(self.tabs)
        rec_layout = QVBoxLayout(rec_page)
        self.rec_model = RecommendationModel(self.catalog, self)
        self.rec_model.commit = self._commit_recommendation
        self.rec_proxy = QSortFilterProxyModel(self)
        self.rec_proxy.setSourceModel(self.rec_model)
        self.rec_proxy.setSortRole(SORT_ROLE)
        self.rec_view = QTableView(rec_page)
        self.rec_view.setModel(self.rec_proxy)
        setup_table(self.rec_view, "")
        self.rec_view.setSortingEnabled(True)
        self.rec_view.setItemDelegate(TableDelegate(self.rec_view))
        self.rec_view.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                      | QAbstractItemView.EditTrigger.EditKeyPressed
                                      | QAbstractItemView.EditTrigger.AnyKeyPressed)
        rec_header = self.rec_view.horizontalHeader()
        for col in range(1, len(self.rec_model.columns)):
            rec_header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        for name, width in (("lead_actor", 200), ("items", 120)):
            col = self.rec_model.columns.index(name)
            rec_header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
            rec_header.resizeSection(col, width)
        self.rec_view.sortByColumn(self.rec_model.columns.index("priority"), Qt.SortOrder.AscendingOrder)
        rec_layout.addWidget(self.rec_view)
        rec_buttons, (self.rec_add, self.rec_edit, self.rec_delete) = icons.button_row(
            rec_page, ("add", self.add_recommendation), ("edit", self.edit_recommendation),
            ("delete", self.delete_recommendation))
        rec_layout.addLayout(rec_buttons)
        self.tabs.addTab(rec_page, "")

        plan_page = QWidget(self.tabs)
        plan_layout = QVBoxLayout(plan_page)
        self.plan_model = ActionPlanModel(self.catalog, self)
        self.plan_model.commit = self._commit_action
        self.plan_view = QTableView(plan_page)
        self.plan_view.setModel(self.plan_model)
        setup_table(self.plan_view, "")
        self.plan_view.setItemDelegate(TableDelegate(self.plan_view))
        self.plan_view.setEditTriggers(self.rec_view.editTriggers())
        header = self.plan_view.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col in range(1, len(self.plan_model.columns)):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(col, 140)
        header.resizeSection(1, 220)
        plan_layout.addWidget(self.plan_view)
        plan_buttons, (self.plan_add, self.plan_delete) = icons.button_row(
            plan_page, ("add", self.add_action), ("delete", self.delete_action))
        self.plan_hint = QLabel(plan_page)
        plan_buttons.addWidget(self.plan_hint)
        plan_layout.addLayout(plan_buttons)
        self.tabs.addTab(plan_page, "")
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([560, 340])
        self.retranslate()

    def retranslate(self) -> None:
        self.chart_title.setText(tr("Ratings per domain"))
        self.chart.setAccessibleName(tr("Ratings per domain"))
        self.chart_note.setText(tr("Each bar shows how many items of the domain sit at each level. There is no "
                                   "overall score: the distribution is what matters. Click a bar to open the domain."))
        self.chart_note.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.gaps_title.setText(tr("Gaps: items rated low or lacking evidence"))
        self.gaps_view.setAccessibleName(tr("Gaps"))
        self.tabs.setTabText(0, tr("Recommendations"))
        self.tabs.setTabText(1, tr("Action plan"))
        self.rec_view.setAccessibleName(tr("Recommendations of the review"))
        self.plan_view.setAccessibleName(tr("Action plan"))
        label_buttons(
            (self.rec_add, tr("Add recommendation..."), tr("Add recommendation")),
            (self.rec_edit, tr("Edit..."), tr("Edit the selected recommendation")),
            (self.rec_delete, tr("Delete..."), tr("Delete the selected recommendation")),
            (self.plan_add, tr("Add action..."), tr("Add action")),
            (self.plan_delete, tr("Delete..."), tr("Delete the selected action")),
        )
        self.plan_hint.setText(tr("Double-click a cell or press F2 to edit it."))
        for m in (self.gaps_model, self.rec_model, self.plan_model):
            m.retranslate()
        self.reload()

    # -- data -----------------------------------------------------------------------------
    def set_review(self, review: v.ReviewView | None) -> None:
        self.review = review
        self.reload()

    def reload(self) -> None:
        if self.review is None:
            return
        lg = lang()
        review = self.services.reviews.get(self.review.id)
        self.review = review
        self.heading.setText(review.title)
        period = review.period_label()
        parts = [country_name(review.country_code, lg), self.catalog.label("review_status", review.status, lg)]
        if period:
            parts.insert(1, period)
        self.subheading.setText("  |  ".join(parts))
        progress = self.services.progress.progress(review.id)
        lines = []
        for fw_id in review.framework_ids:
            if fw_id in self.catalog.frameworks:
                rated, total = progress.framework(fw_id)
                lines.append(tr("{framework}: {rated} of {total} items rated",
                                framework=self.catalog.framework(fw_id).short_title.get(lg), rated=rated, total=total))
        self.progress_label.setText("\n".join(lines))
        scale = self.catalog.scales["status"]
        segments = [Segment(level.code, level.label.get(lg), level.colour) for level in scale.levels]
        segments.append(Segment(UNRATED, tr("Not rated yet"), None))
        rows = []
        for s in self.services.progress.summary(review.id):
            d = self.catalog.domain(s.domain_id)
            fw = self.catalog.framework(s.framework_id)
            label = f"{d.number}. {d.name.get(lg)}"
            if len(review.framework_ids) > 1:
                label = f"{framework_abbreviation(fw, lg)} {label}"
            rows.append(BarRow(s.domain_id, label, s.counts, s.total))
        self.chart.set_data(rows, segments)
        self.gaps_model.set_rows(find_gaps(progress))
        recs = self.services.planning.recommendations(review.id)
        self.rec_model.set_rows(recs)
        self.plan_model.set_recommendations(recs)
        self.plan_model.set_rows(self.services.planning.actions(review.id))

    def _domain_clicked(self, domain_id: str) -> None:
        domain = self.catalog.domain(domain_id)
        if domain.items:
            self.navigate_requested.emit(domain.items[0].id)

    def _gap_activated(self, index) -> None:
        item_id = index.data(ITEM_ID_ROLE)
        if item_id:
            self.navigate_requested.emit(item_id)

    # -- recommendations ------------------------------------------------------------------
    def _commit_recommendation(self, row: v.RecommendationView, field: str, value: Any):
        return self.editor.update_recommendation(self.review.id, row.id, tr("Edit recommendation"), **{field: value})

    def selected_recommendation(self) -> v.RecommendationView | None:
        rows = self.rec_view.selectionModel().selectedRows()
        return self.rec_model.row(self.rec_proxy.mapToSource(rows[0]).row()) if rows else None

    def _item_ids(self) -> list[str]:
        return [i.id for fw in self.review.framework_ids if fw in self.catalog.frameworks
                for i in self.catalog.framework(fw).items]

    def _open(self, dialog: QWidget) -> QWidget:
        self.dialog = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def add_recommendation(self):
        def submit(values: dict[str, Any]) -> bool:
            return self.editor.add_recommendation(self.review.id, tr("Add recommendation"), **values) is not None

        return self._open(RecommendationDialog(self.catalog, self._item_ids(), submit, self))

    def edit_recommendation(self):
        r = self.selected_recommendation()
        if r is None:
            return None

        def submit(values: dict[str, Any]) -> bool:
            changes = {k: val for k, val in values.items()
                       if (list(r.item_ids) if k == "item_ids" else getattr(r, k)) != val}
            return not changes or self.editor.update_recommendation(
                self.review.id, r.id, tr("Edit recommendation"), **changes) is not None

        return self._open(RecommendationDialog(self.catalog, self._item_ids(), submit, self, recommendation=r))

    def delete_recommendation(self):
        r = self.selected_recommendation()
        if r is None:
            return None
        self.dialog = confirm(self, tr("Delete recommendation"),
                              tr("Delete this recommendation? Actions planned for it are kept.") + "\n\n" + r.text[:300],
                              lambda: self.editor.delete_recommendation(self.review.id, r.id, tr("Delete recommendation")),
                              destructive_label=tr("Delete"))
        return self.dialog

    # -- action plan ----------------------------------------------------------------------
    def _commit_action(self, row: v.ActionItemView, field: str, value: Any):
        return self.editor.update_action(self.review.id, row.id, tr("Edit action"), **{field: value})

    def selected_action(self) -> v.ActionItemView | None:
        rows = self.plan_view.selectionModel().selectedRows()
        return self.plan_model.row(rows[0].row()) if rows else None

    def add_action(self):
        rec = self.selected_recommendation()

        def submit(values: dict[str, Any]) -> bool:
            return self.editor.add_action(self.review.id, tr("Add action"), **values) is not None

        return self._open(ActionDialog(self.catalog, self.rec_model.rows(), submit, self,
                                       recommendation_id=rec.id if rec else None))

    def delete_action(self):
        a = self.selected_action()
        if a is None:
            return None
        self.dialog = confirm(self, tr("Delete action"), tr("Delete this action?") + "\n\n" + a.activity[:300],
                              lambda: self.editor.delete_action(self.review.id, a.id, tr("Delete action")),
                              destructive_label=tr("Delete"))
        return self.dialog
