"""Comparing countries: a heat map of the reviews (by country and period) against the checklist
items, coloured by status and filtered by framework or domain; a country's change between two
of its reviews; and the consolidated Excel workbook. Statuses are shown side by side, never
added up: there is no country score."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from safeonline_desktop.errors import SafeOnlineError
from safeonline_desktop.i18n import current_language, tr
from safeonline_desktop.services import comparison as cmp
from safeonline_desktop.services.comparison import ComparisonMatrix, ComparisonService, CountryChange

from .models import NamedColumnsModel
from .workers import BackgroundTask

_INDEX = QModelIndex | QPersistentModelIndex
NOT_IN_REVIEW = "·"
_NOT_IN_REVIEW_COLOUR = "#e5e7e9"


def _ink(colour: str) -> QColor:
    c = QColor(colour)
    return QColor("#ffffff") if (0.299 * c.red() + 0.587 * c.green() + 0.114 * c.blue()) < 140 else QColor("#000000")


def review_details(head: cmp.RowHead) -> str:
    """A review in full, for tooltips: title, country, period, where it came from."""
    lines = [head.title, head.country]
    if head.period_label:
        lines.append(tr("Period: {period}", period=head.period_label))
    if head.archived:
        lines.append(tr("Archived review"))
    if head.origin:
        lines.append(tr("Imported from {origin}", origin=head.origin))
    lines.append(tr("Review #{id}", id=head.review_id))
    return "\n".join(lines)


class HeatMapModel(QAbstractTableModel):
    """Rows: reviews (country and period); columns: items; each cell the status, coloured."""

    def __init__(self, catalog, parent=None) -> None:
        super().__init__(parent)
        self.catalog = catalog
        self.matrix: ComparisonMatrix | None = None
        self.labels: list[str] = []  #: one per row: country, period and (shortened) title
        self._keys = {level.code: level.key for level in catalog.scales["status"].levels}

    def set_matrix(self, matrix: ComparisonMatrix) -> None:
        self.beginResetModel()
        self.matrix = matrix
        self.labels = cmp.row_labels([r.head for r in matrix.rows])
        self.endResetModel()

    def rowCount(self, parent: _INDEX = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() or self.matrix is None else len(self.matrix.rows)

    def columnCount(self, parent: _INDEX = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() or self.matrix is None else len(self.matrix.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: N802
        m = self.matrix
        if m is None:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(m.columns):
            column = m.columns[section]
            if role == Qt.ItemDataRole.DisplayRole:
                return column.code
            if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
                return f"{column.item_id} {column.name}\n{column.domain_name}"
        if orientation == Qt.Orientation.Vertical and 0 <= section < len(m.rows):
            head = m.rows[section].head
            if role == Qt.ItemDataRole.DisplayRole:
                return self.labels[section]
            if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
                return review_details(head)
        return None

    def data(self, index: _INDEX, role: int = Qt.ItemDataRole.DisplayRole):
        m = self.matrix
        if m is None or not index.isValid() or not (0 <= index.row() < len(m.rows)):
            return None
        if not 0 <= index.column() < len(m.columns):
            return None
        row = m.rows[index.row()]
        column = m.columns[index.column()]
        cell = row.cells[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            if cell is None:
                return NOT_IN_REVIEW
            return self._keys.get(cell.status, "?") if cell.status else ""
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            what = tr("not in this review") if cell is None else cell.label
            return f"{self.labels[index.row()]}\n{column.code} {column.name}: {what}"
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(QColor(_NOT_IN_REVIEW_COLOUR if cell is None else cell.colour))
        if role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(_ink(_NOT_IN_REVIEW_COLOUR if cell is None else cell.colour))
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.UserRole:
            return None if cell is None else cell.status
        return None


class ChangeModel(NamedColumnsModel):
    COLUMNS = ("code", "name", "before", "after", "change")

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.change: CountryChange | None = None

    def set_change(self, change: CountryChange | None) -> None:
        self.beginResetModel()
        self.change = change
        self.endResetModel()

    def row_total(self) -> int:
        return 0 if self.change is None else len(self.change.items)

    def header_texts(self) -> dict[str, str]:
        return {"code": tr("Item"), "name": tr("Name"), "before": tr("Before"), "after": tr("After"),
                "change": tr("Change")}

    def data(self, index: _INDEX, role: int = Qt.ItemDataRole.DisplayRole):
        if self.change is None or not index.isValid() or not 0 <= index.row() < len(self.change.items):
            return None
        item = self.change.items[index.row()]
        column = self.COLUMNS[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            return {"code": item.column.code, "name": item.column.name, "before": item.before.label,
                    "after": item.after.label, "change": cmp.direction_label(item.direction)}[column]
        if role == Qt.ItemDataRole.UserRole:
            return item.direction
        if column in ("before", "after"):
            cell = item.before if column == "before" else item.after
            if role == Qt.ItemDataRole.BackgroundRole:
                return QBrush(QColor(cell.colour))
            if role == Qt.ItemDataRole.ForegroundRole:
                return QBrush(_ink(cell.colour))
        if column == "change" and role == Qt.ItemDataRole.ForegroundRole:
            colour = {cmp.IMPROVED: "#1e8449", cmp.DECLINED: "#b03a2e"}.get(item.direction)
            return QBrush(QColor(colour)) if colour else None
        return None


class ComparisonView(QWidget):
    """A window of its own (Tools → Compare countries)."""

    exported = Signal(Path)

    def __init__(self, services, parent: QWidget | None = None, *, settings=None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.services = services
        self.settings = settings
        self.service = ComparisonService(services.ctx)
        self.catalog = services.catalog
        self.task: BackgroundTask | None = None
        self.setObjectName("comparison_view")
        self.resize(1200, 720)

        layout = QVBoxLayout(self)
        filters = QHBoxLayout()
        self.framework = QComboBox(self)
        self.domain = QComboBox(self)
        self.archived = QCheckBox(self)
        self.export_button = QPushButton(self)
        self.framework_label = QLabel(self)
        self.framework_label.setBuddy(self.framework)
        self.domain_label = QLabel(self)
        self.domain_label.setBuddy(self.domain)
        for w in (self.framework_label, self.framework, self.domain_label, self.domain, self.archived):
            filters.addWidget(w)
        filters.addStretch(1)
        filters.addWidget(self.export_button)
        layout.addLayout(filters)
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        layout.addWidget(self.note)

        self.tabs = QTabWidget(self)
        layout.addWidget(self.tabs, 1)

        heat_page = QWidget(self)
        heat_layout = QVBoxLayout(heat_page)
        self.heat_model = HeatMapModel(self.catalog, self)
        self.heat_table = QTableView(heat_page)
        self.heat_table.setObjectName("heat_map")
        self.heat_table.setModel(self.heat_model)
        self.heat_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.heat_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.heat_table.horizontalHeader().setDefaultSectionSize(44)
        self.heat_table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        heat_layout.addWidget(self.heat_table, 1)
        self.empty_label = QLabel(heat_page)
        self.empty_label.setWordWrap(True)
        heat_layout.addWidget(self.empty_label)
        self.legend = QHBoxLayout()
        heat_layout.addLayout(self.legend)
        self.tabs.addTab(heat_page, "")

        change_page = QWidget(self)
        change_layout = QVBoxLayout(change_page)
        form = QFormLayout()
        self.country = QComboBox(change_page)
        self.before = QComboBox(change_page)
        self.after = QComboBox(change_page)
        self.country_label, self.before_label, self.after_label = QLabel(self), QLabel(self), QLabel(self)
        self.country_label.setBuddy(self.country)
        self.before_label.setBuddy(self.before)
        self.after_label.setBuddy(self.after)
        form.addRow(self.country_label, self.country)
        form.addRow(self.before_label, self.before)
        form.addRow(self.after_label, self.after)
        change_layout.addLayout(form)
        self.change_summary = QLabel(change_page)
        self.change_summary.setWordWrap(True)
        change_layout.addWidget(self.change_summary)
        self.change_model = ChangeModel(self)
        self.change_table = QTableView(change_page)
        self.change_table.setObjectName("country_change")
        self.change_table.setModel(self.change_model)
        self.change_table.verticalHeader().hide()
        self.change_table.horizontalHeader().setStretchLastSection(True)
        self.change_table.setColumnWidth(1, 420)
        change_layout.addWidget(self.change_table, 1)
        self.tabs.addTab(change_page, "")

        self.framework.currentIndexChanged.connect(self._framework_changed)
        self.domain.currentIndexChanged.connect(lambda _i: self.refresh())
        self.archived.toggled.connect(lambda _on: self.refresh())
        self.country.currentIndexChanged.connect(self._country_changed)
        self.before.currentIndexChanged.connect(lambda _i: self._show_change())
        self.after.currentIndexChanged.connect(lambda _i: self._show_change())
        self.export_button.clicked.connect(self.export)
        self._countries: list = []
        self._filling = False
        self.retranslate()

    # -- language --------------------------------------------------------------------------
    def retranslate(self) -> None:
        lang = current_language()
        self.setWindowTitle(tr("Compare countries"))
        self.framework_label.setText(tr("&Framework:"))
        self.domain_label.setText(tr("&Domain:"))
        self.archived.setText(tr("Include &archived reviews"))
        self.export_button.setText(tr("&Export to Excel…"))
        self.export_button.setToolTip(tr("Write the comparison as an Excel workbook"))
        self.note.setText(tr("Statuses are shown side by side and never added up: like the WeProtect Global Alliance, "
                             "SafeOnline gives no country score and does not rank countries."))
        self.tabs.setTabText(0, tr("Heat map"))
        self.tabs.setTabText(1, tr("Change over time"))
        self.country_label.setText(tr("&Country:"))
        self.before_label.setText(tr("&Before:"))
        self.after_label.setText(tr("A&fter:"))
        self.heat_table.setAccessibleName(tr("Heat map of countries against items"))
        self.change_table.setAccessibleName(tr("Change item by item"))
        for combo, name in ((self.framework, tr("Framework")), (self.domain, tr("Domain")),
                            (self.country, tr("Country")), (self.before, tr("Before")), (self.after, tr("After"))):
            combo.setAccessibleName(name)
        self._filling = True
        wanted = self.framework.currentData()
        self.framework.clear()
        self.framework.addItem(tr("All frameworks"), None)
        for fw in self.catalog.frameworks.values():
            self.framework.addItem(fw.short_title.get(lang), fw.id)
        index = self.framework.findData(wanted)
        self.framework.setCurrentIndex(max(index, 0))
        self._fill_domains()
        self._filling = False
        self._fill_legend()
        self.refresh()

    def _fill_legend(self) -> None:
        while self.legend.count():
            item = self.legend.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        lang = current_language()
        for level in self.catalog.scales["status"].levels:
            swatch = QLabel(f" {level.key}  {level.label.get(lang)} ", self)
            swatch.setStyleSheet(f"background:{level.colour}; color:{_ink(level.colour).name()}; padding:2px;")
            self.legend.addWidget(swatch)
        other = QLabel(f" {NOT_IN_REVIEW}  {tr('not in this review')} ", self)
        other.setStyleSheet(f"background:{_NOT_IN_REVIEW_COLOUR}; color:#000000; padding:2px;")
        self.legend.addWidget(other)
        self.legend.addStretch(1)

    def _fill_domains(self) -> None:
        lang = current_language()
        wanted = self.domain.currentData()
        framework = self.framework.currentData()
        self.domain.clear()
        self.domain.addItem(tr("All domains"), None)
        for fw in self.catalog.frameworks.values():
            if framework is not None and fw.id != framework:
                continue
            for d in fw.domains:
                self.domain.addItem(f"{d.id.split('.', 1)[-1]} {d.name.get(lang)}", d.id)
        index = self.domain.findData(wanted)
        self.domain.setCurrentIndex(max(index, 0))

    def _framework_changed(self, _index: int) -> None:
        if self._filling:
            return
        self._filling = True
        self._fill_domains()
        self._filling = False
        self.refresh()

    # -- data ------------------------------------------------------------------------------
    def refresh(self) -> None:
        if self._filling:
            return
        try:
            matrix = self.service.matrix(framework_id=self.framework.currentData(), domain_id=self.domain.currentData(),
                                         include_archived=self.archived.isChecked())
        except SafeOnlineError as exc:
            QMessageBox.warning(self, tr("Compare countries"), str(exc))
            return
        self.heat_model.set_matrix(matrix)
        if not matrix.rows:
            self.empty_label.setText(tr("No reviews to compare yet. Import review files with File → Import review "
                                        "files…"))
        else:
            by_country = Counter(r.head.country_code for r in matrix.rows)
            self.empty_label.setText(tr("Reviews: {reviews}. Countries: {countries}.", reviews=len(matrix.rows),
                                        countries=len(by_country)))
        self._fill_countries()

    def _fill_countries(self) -> None:
        wanted = self.country.currentData()
        self._countries = [c for c in self.service.countries(include_archived=self.archived.isChecked())
                           if len(c[2]) >= 2]
        self._filling = True
        self.country.clear()
        for code, name, heads in self._countries:
            self.country.addItem(tr("{country} ({n} reviews)", country=name, n=len(heads)), code)
        index = self.country.findData(wanted)
        self.country.setCurrentIndex(max(index, 0) if self._countries else -1)
        self._filling = False
        self._country_changed(self.country.currentIndex())

    def _country_changed(self, index: int) -> None:
        if self._filling:
            return
        self._filling = True
        self.before.clear()
        self.after.clear()
        if 0 <= index < len(self._countries):
            heads = self._countries[index][2]
            for head, label in zip(heads, cmp.row_labels(heads, country=None, title_width=None), strict=True):
                for combo in (self.before, self.after):
                    combo.addItem(label, head.review_id)
                    combo.setItemData(combo.count() - 1, review_details(head), Qt.ItemDataRole.ToolTipRole)
            self.before.setCurrentIndex(len(heads) - 2)
            self.after.setCurrentIndex(len(heads) - 1)
        self._filling = False
        self._show_change()

    def _show_change(self) -> None:
        if self._filling:
            return
        before, after = self.before.currentData(), self.after.currentData()
        if before is None or after is None:
            self.change_model.set_change(None)
            self.change_summary.setText(tr("A change over time needs two reviews of the same country."))
            return
        if before == after:
            self.change_model.set_change(None)
            self.change_summary.setText(tr("Choose two different reviews to see a change."))
            return
        try:
            change = self.service.change(before, after, framework_id=self.framework.currentData(),
                                         domain_id=self.domain.currentData())
        except SafeOnlineError as exc:
            self.change_model.set_change(None)
            self.change_summary.setText(str(exc))
            return
        self.change_model.set_change(change)
        counts = change.counts()
        parts = [f"{n} {cmp.direction_label(d).lower()}" for d, n in counts.items() if n]
        self.change_summary.setText(tr("Item by item: {parts}.", parts=", ".join(parts)))

    # -- export ----------------------------------------------------------------------------
    def default_export_path(self) -> Path:
        folder = Path.home()
        if self.settings is not None:
            saved = self.settings.value("exchange/compare_folder", "", str)
            if saved and Path(saved).is_dir():
                folder = Path(saved)
        return folder / "comparison.xlsx"

    def export(self) -> None:
        if self.task is not None:
            return
        chosen, _ = QFileDialog.getSaveFileName(self, tr("Export the comparison"), str(self.default_export_path()),
                                                tr("Excel workbook (*.xlsx)"))
        if not chosen:
            return
        target = Path(chosen if chosen.lower().endswith(".xlsx") else chosen + ".xlsx")
        framework, domain = self.framework.currentData(), self.domain.currentData()
        archived = self.archived.isChecked()
        lang = current_language()
        self.export_button.setEnabled(False)
        task = BackgroundTask(lambda _p, _c: self.service.export_xlsx(target, framework_id=framework, domain_id=domain,
                                                                       include_archived=archived, lang=lang), self)
        task.finished.connect(self._exported)
        task.failed.connect(self._export_failed)
        self.task = task
        task.start()

    def _task_over(self) -> None:
        if self.task is not None:
            self.task.deleteLater()
        self.task = None
        self.export_button.setEnabled(True)

    def _exported(self, path) -> None:
        self._task_over()
        path = Path(path)
        if self.settings is not None:
            self.settings.setValue("exchange/compare_folder", str(path.parent))
        self.empty_label.setText(tr("The comparison was written to {path}.", path=path))
        self.exported.emit(path)

    def _export_failed(self, error) -> None:
        self._task_over()
        QMessageBox.warning(self, tr("Compare countries"), str(error))

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if self.task is not None:
            self.task.wait()
        super().closeEvent(event)
