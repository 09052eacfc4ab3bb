"""Item models over the services' immutable views: reviews, the checklist navigator, evidence,
findings, recommendations, the action plan and the gaps.

Models never call the services themselves. Editable models hand an edit to a ``commit``
callable (which goes through the :class:`~safeonline_desktop.ui.commands.Editor`) and show the
row it returns, so a refused edit never shows as made.
"""

from __future__ import annotations

import datetime as dt
import logging
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QDate,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
)
from PySide6.QtGui import QFont

from safeonline_desktop.domain.countries import country_name
from safeonline_desktop.i18n import current_language, tr
from safeonline_desktop.services import views as v

from . import icons

log = logging.getLogger(__name__)

ID_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2
CHOICES_ROLE = Qt.ItemDataRole.UserRole + 3  # [(value, label)] for combo-box editors
PROGRESS_ROLE = Qt.ItemDataRole.UserRole + 4  # 0.0 .. 1.0
ITEM_ID_ROLE = Qt.ItemDataRole.UserRole + 5
KIND_ROLE = Qt.ItemDataRole.UserRole + 6
DATE_ROLE = Qt.ItemDataRole.UserRole + 7  # marks date columns for the date editor

_INDEX = QModelIndex | QPersistentModelIndex


def report_once(model: QAbstractItemModel, exc_info) -> None:
    """Log an error raised while a view asked a model for data, and report it once, after the
    paint event (an exception thrown back into Qt's painting would end the process)."""
    log.error("%s could not give its data", type(model).__name__, exc_info=exc_info)
    if getattr(model, "_error_reported", False):
        return
    model._error_reported = True
    QTimer.singleShot(0, lambda: sys.excepthook(*exc_info))


def date_text(value: dt.date | None) -> str:
    return value.isoformat() if value else ""


def local_datetime_text(value: dt.datetime | None) -> str:
    """A stored (naive UTC) time in the local time zone, minutes precision."""
    if value is None:
        return ""
    return value.replace(tzinfo=dt.UTC).astimezone().strftime("%Y-%m-%d %H:%M")


class NamedColumnsModel(QAbstractTableModel):
    """A flat table whose columns are named in ``COLUMNS``: subclasses give the number of rows
    (``row_total``) and each column's header (``header_texts``, translated when asked, so a
    language switch shows at once). Only horizontal display headers are given."""

    COLUMNS: tuple[str, ...] = ()

    def row_total(self) -> int:
        raise NotImplementedError

    def header_texts(self) -> dict[str, str]:
        raise NotImplementedError

    def rowCount(self, parent: _INDEX = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else self.row_total()

    def columnCount(self, parent: _INDEX = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        if not 0 <= section < len(self.COLUMNS):
            return None
        return self.header_texts()[self.COLUMNS[section]]


class RowsModel(QAbstractTableModel):
    """A table of immutable rows. ``set_rows`` keeps views' selection and editors when the rows
    are the same records (only their values changed) and resets otherwise."""

    columns: tuple[str, ...] = ()

    def __init__(self, catalog=None, parent=None) -> None:
        super().__init__(parent)
        self.catalog = catalog
        self._rows: list[Any] = []

    # structure
    def rowCount(self, parent: _INDEX = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _INDEX = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.columns)

    def rows(self) -> list[Any]:
        return list(self._rows)

    def row(self, n: int) -> Any:
        return self._rows[n]

    def row_of_id(self, row_id: Any) -> int:
        for n, r in enumerate(self._rows):
            if self.key(r) == row_id:
                return n
        return -1

    @staticmethod
    def key(row: Any) -> Any:
        return row.id

    def set_rows(self, rows: Sequence[Any]) -> None:
        rows = list(rows)
        if [self.key(r) for r in rows] == [self.key(r) for r in self._rows]:
            changed = [n for n, (a, b) in enumerate(zip(self._rows, rows, strict=True)) if a != b]
            self._rows = rows
            for n in changed:
                self.dataChanged.emit(self.index(n, 0), self.index(n, len(self.columns) - 1))
            return
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def replace_row(self, n: int, row: Any) -> None:
        self._rows[n] = row
        self.dataChanged.emit(self.index(n, 0), self.index(n, len(self.columns) - 1))

    def retranslate(self) -> None:
        if self.columns:
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.columns) - 1)
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, len(self.columns) - 1))

    # data
    def header(self, column: str) -> str:
        return column

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.columns):
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                return self.header(self.columns[section])
        return None

    def data(self, index: _INDEX, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row = self._rows[index.row()]
        column = self.columns[index.column()]
        if role == ID_ROLE:
            return self.key(row)
        try:
            return self.cell(row, column, role)
        except Exception:  # a bug must not take the app down from inside a paint event
            report_once(self, sys.exc_info())
            return None

    def cell(self, row: Any, column: str, role: int) -> Any:
        return None

    def label(self, vocabulary: str, code: str | None) -> str:
        return self.catalog.label(vocabulary, code, current_language()) if self.catalog else (code or "")

    def choices(self, vocabulary: str) -> list[tuple[str, str]]:
        return [(e.code, e.label.get(current_language())) for e in self.catalog.vocabulary(vocabulary)]


# -- reviews -----------------------------------------------------------------------------------
class ReviewListModel(RowsModel):
    columns = ("country", "title", "period", "status", "progress", "updated")

    @staticmethod
    def key(row: v.ReviewListEntry) -> int:
        return row.review.id

    def header(self, column: str) -> str:
        return {"country": tr("Country"), "title": tr("Title"), "period": tr("Period"), "status": tr("Status"),
                "progress": tr("Progress"), "updated": tr("Last changed")}[column]

    def cell(self, row: v.ReviewListEntry, column: str, role: int) -> Any:
        r = row.review
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, SORT_ROLE):
            if column == "country":
                return country_name(r.country_code, current_language())
            if column == "title":
                if role == Qt.ItemDataRole.ToolTipRole and r.scope:
                    return f"{r.title}\n\n{r.scope[:400]}"
                return r.title
            if column == "period":
                return r.period_label() if role != SORT_ROLE else (r.period_start or dt.date.min).isoformat()
            if column == "status":
                text = self.label("review_status", r.status)
                return tr("{status} (archived)", status=text) if r.archived else text
            if column == "progress":
                if role == SORT_ROLE:
                    return row.progress
                return tr("{rated} of {total} rated", rated=row.items_rated, total=row.items_total)
            if column == "updated":
                return local_datetime_text(r.updated_at) if role != SORT_ROLE else r.updated_at.isoformat()
        if role == PROGRESS_ROLE and column == "progress":
            return row.progress
        if role == Qt.ItemDataRole.FontRole and r.archived:
            font = QFont()
            font.setItalic(True)
            return font
        return None


# -- checklist navigator (framework -> domain -> item) -------------------------------------
@dataclass(eq=False)
class _Node:
    kind: str  # "framework" | "domain" | "item"
    id: str
    parent: _Node | None
    row: int
    children: list[_Node]


class NavigatorModel(QAbstractItemModel):
    """The review's frameworks, their domains and items, each item marked with its state and
    each domain and framework with its progress."""

    COLUMNS = 2

    def __init__(self, catalog, parent=None) -> None:
        super().__init__(parent)
        self.catalog = catalog
        self._roots: list[_Node] = []
        self._by_id: dict[str, _Node] = {}
        self._progress: v.ReviewProgress | None = None

    def set_review(self, framework_ids: Sequence[str], progress: v.ReviewProgress | None) -> None:
        self.beginResetModel()
        self._roots = []
        self._by_id = {}
        for f_row, fw_id in enumerate(fid for fid in framework_ids if fid in self.catalog.frameworks):
            fw = self.catalog.framework(fw_id)
            fw_node = _Node("framework", fw.id, None, f_row, [])
            self._by_id[fw.id] = fw_node
            for d_row, d in enumerate(fw.domains):
                d_node = _Node("domain", d.id, fw_node, d_row, [])
                self._by_id[d.id] = d_node
                fw_node.children.append(d_node)
                for i_row, item in enumerate(d.items):
                    i_node = _Node("item", item.id, d_node, i_row, [])
                    self._by_id[item.id] = i_node
                    d_node.children.append(i_node)
            self._roots.append(fw_node)
        self._progress = progress
        self.endResetModel()

    def set_progress(self, progress: v.ReviewProgress) -> None:
        self._progress = progress
        self._emit_all_changed()

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.COLUMNS - 1)
        self._emit_all_changed()

    def _emit_all_changed(self) -> None:
        def walk(nodes: list[_Node], parent: QModelIndex) -> None:
            if not nodes:
                return
            self.dataChanged.emit(self.index(0, 0, parent), self.index(len(nodes) - 1, self.COLUMNS - 1, parent))
            for node in nodes:
                walk(node.children, self.index(node.row, 0, parent))

        walk(self._roots, QModelIndex())

    def item_ids(self) -> list[str]:
        return [i.id for fw in self._roots for d in fw.children for i in d.children]

    def index_of(self, node_id: str) -> QModelIndex:
        node = self._by_id.get(node_id)
        if node is None:
            return QModelIndex()
        return self.createIndex(node.row, 0, node)

    # structure
    def index(self, row: int, column: int, parent: _INDEX = QModelIndex()) -> QModelIndex:  # noqa: B008
        if column < 0 or column >= self.COLUMNS or row < 0:
            return QModelIndex()
        siblings = self._children(parent)
        if row >= len(siblings):
            return QModelIndex()
        return self.createIndex(row, column, siblings[row])

    def _children(self, parent: _INDEX) -> list[_Node]:
        if not parent.isValid():
            return self._roots
        if parent.column() != 0:
            return []
        return parent.internalPointer().children

    def parent(self, index: _INDEX = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not index.isValid():
            return QModelIndex()
        node: _Node = index.internalPointer()
        if node.parent is None:
            return QModelIndex()
        return self.createIndex(node.parent.row, 0, node.parent)

    def rowCount(self, parent: _INDEX = QModelIndex()) -> int:  # noqa: N802, B008
        return len(self._children(parent))

    def columnCount(self, parent: _INDEX = QModelIndex()) -> int:  # noqa: N802, B008
        return self.COLUMNS

    def flags(self, index: _INDEX) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return [tr("Checklist"), tr("Progress")][section] if 0 <= section < self.COLUMNS else None
        return None

    # data
    def state_label(self, state: str) -> str:
        return {v.NOT_STARTED: tr("Not started"), v.IN_PROGRESS: tr("In progress"), v.RATED: tr("Rated"),
                v.NEEDS_EVIDENCE: tr("Needs evidence")}.get(state, state)

    def _counts(self, node: _Node) -> tuple[int, int]:
        if self._progress is None:
            return 0, 0
        if node.kind == "domain":
            d = next((d for d in self._progress.domains if d.domain_id == node.id), None)
            return (d.rated, d.total) if d else (0, 0)
        return self._progress.framework(node.id)

    def data(self, index: _INDEX, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        try:
            return self._data(index, role)
        except Exception:  # a bug must not take the app down from inside a paint event
            report_once(self, sys.exc_info())
            return None

    def _data(self, index: _INDEX, role: int) -> Any:
        if not index.isValid():
            return None
        node: _Node = index.internalPointer()
        lang = current_language()
        if role == KIND_ROLE:
            return node.kind
        if role == ITEM_ID_ROLE:
            return node.id if node.kind == "item" else None
        if role == ID_ROLE:
            return node.id
        state = None
        if node.kind == "item" and self._progress is not None:
            ip = self._progress.by_item.get(node.id)
            state = ip.state if ip else v.NOT_STARTED
        if node.kind == "framework":
            name = self.catalog.framework(node.id).short_title.get(lang)
        elif node.kind == "domain":
            d = self.catalog.domain(node.id)
            name = f"{d.number}. {d.name.get(lang)}"
        else:
            item = self.catalog.item(node.id)
            name = f"{item.code()}  {item.name.get(lang)}"
        if index.column() == 0:
            if role == Qt.ItemDataRole.DisplayRole:
                return name
            if role == Qt.ItemDataRole.ToolTipRole:
                if node.kind == "item":
                    item = self.catalog.item(node.id)
                    return f"{name}\n{item.short_label.get(lang)}\n{self.state_label(state or v.NOT_STARTED)}"
                return name
            if role == Qt.ItemDataRole.DecorationRole and node.kind == "item":
                return icons.state_icon(state or v.NOT_STARTED)
            if role == Qt.ItemDataRole.FontRole and node.kind != "item":
                font = QFont()
                font.setBold(True)
                return font
            if role == Qt.ItemDataRole.AccessibleTextRole:
                if node.kind == "item":
                    return f"{name}, {self.state_label(state or v.NOT_STARTED)}"
                rated, total = self._counts(node)
                return f"{name}, {tr('{rated} of {total} rated', rated=rated, total=total)}"
        elif index.column() == 1:
            if node.kind == "item":
                # the icon shows the state; the tooltip and screen readers say it in words
                if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
                    return self.state_label(state or v.NOT_STARTED)
            else:
                rated, total = self._counts(node)
                if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
                    return f"{rated}/{total}"
                if role == PROGRESS_ROLE:
                    return rated / total if total else 0.0
                if role == Qt.ItemDataRole.ToolTipRole:
                    return tr("{rated} of {total} rated", rated=rated, total=total)
        return None


# -- evidence ----------------------------------------------------------------------------------
class EvidenceModel(RowsModel):
    columns = ("title", "type", "date", "file", "items")

    def __init__(self, catalog=None, parent=None, *, show_items: bool = False) -> None:
        super().__init__(catalog, parent)
        if not show_items:
            self.columns = self.columns[:-1]

    def header(self, column: str) -> str:
        return {"title": tr("Document"), "type": tr("Type"), "date": tr("Date"), "file": tr("File"),
                "items": tr("Linked items")}[column]

    def cell(self, row: v.EvidenceView, column: str, role: int) -> Any:
        if role in (Qt.ItemDataRole.DisplayRole, SORT_ROLE):
            if column == "title":
                return tr("{title} (sensitive)", title=row.title) if row.sensitive else row.title
            if column == "type":
                return self.label("evidence_type", row.evidence_type)
            if column == "date":
                return date_text(row.document_date)
            if column == "file":
                return row.file_name or ""
            if column == "items":
                return ", ".join(row.item_ids)
        if role == Qt.ItemDataRole.ToolTipRole:
            parts = [row.title]
            if row.citation:
                parts.append(row.citation)
            if row.provided_by:
                parts.append(tr("Provided by: {who}", who=row.provided_by))
            if row.file_name:
                parts.append(tr("File: {name} ({size} KB)", name=row.file_name, size=round((row.file_size or 0) / 1024)))
            return "\n".join(parts)
        if role == Qt.ItemDataRole.DecorationRole and column == "file" and row.file_name:
            return icons.icon("attach")
        return None


class FindingModel(RowsModel):
    columns = ("kind", "statement")

    def header(self, column: str) -> str:
        return {"kind": tr("Kind"), "statement": tr("Finding")}[column]

    def cell(self, row: v.FindingView, column: str, role: int) -> Any:
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, SORT_ROLE):
            if column == "kind":
                return self.label("finding_kind", row.kind)
            text = tr("{title} (sensitive)", title=row.statement) if row.sensitive else row.statement
            return text if role != Qt.ItemDataRole.DisplayRole else text.replace("\n", " ")
        return None


# -- editable tables ---------------------------------------------------------------------------
class EditableRowsModel(RowsModel):
    """Rows whose cells are edited in place. ``commit(row, field, value)`` makes the edit through
    the services and returns the updated row, or ``None`` if it was refused."""

    editable: dict[str, str] = {}  # column -> kind: "text" | vocabulary name | "date" | "recommendation"

    def __init__(self, catalog=None, parent=None) -> None:
        super().__init__(catalog, parent)
        self.commit: Callable[[Any, str, Any], Any] | None = None

    def flags(self, index: _INDEX) -> Qt.ItemFlag:
        base = super().flags(index)
        if index.isValid() and self.columns[index.column()] in self.editable and self.commit is not None:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def edit_value(self, row: Any, column: str) -> Any:
        return getattr(row, column)

    def data(self, index: _INDEX, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.isValid() and index.row() < len(self._rows):
            column = self.columns[index.column()]
            kind = self.editable.get(column)
            if kind is not None:
                row = self._rows[index.row()]
                if role == Qt.ItemDataRole.EditRole:
                    value = self.edit_value(row, column)
                    if kind == "date":
                        return QDate(value.year, value.month, value.day) if value else None
                    return value
                if role == CHOICES_ROLE and kind not in ("text", "date"):
                    return self.choices_for(kind)
                if role == DATE_ROLE:
                    return kind == "date"
        return super().data(index, role)

    def choices_for(self, kind: str) -> list[tuple[Any, str]]:
        return self.choices(kind)

    def setData(self, index: _INDEX, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or self.commit is None:
            return False
        column = self.columns[index.column()]
        kind = self.editable.get(column)
        if kind is None:
            return False
        if kind == "date":
            value = value.toPython() if isinstance(value, QDate) and value.isValid() else None
        row = self._rows[index.row()]
        if value == self.edit_value(row, column):
            return False
        updated = self.commit(row, column, value)
        if updated is None:
            return False
        n = self.row_of_id(self.key(row))
        if n >= 0:
            self.replace_row(n, updated)
        return True


class RecommendationModel(EditableRowsModel):
    columns = ("text", "priority", "lead_actor", "timeframe", "cost_band", "items")
    editable = {"text": "text", "priority": "priority", "lead_actor": "text", "timeframe": "timeframe",
                "cost_band": "cost_band"}

    def header(self, column: str) -> str:
        return {"text": tr("Recommendation"), "priority": tr("Priority"), "lead_actor": tr("Lead actor"),
                "timeframe": tr("Timeframe"), "cost_band": tr("Cost"), "items": tr("Items")}[column]

    def cell(self, row: v.RecommendationView, column: str, role: int) -> Any:
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if column in ("priority", "timeframe", "cost_band"):
                return self.label(column, getattr(row, column))
            if column == "items":
                return ", ".join(self.catalog.item(i).code() if self.catalog.has_item(i) else i for i in row.item_ids)
            text = getattr(row, column)
            return text.replace("\n", " ") if role == Qt.ItemDataRole.DisplayRole else text
        if role == SORT_ROLE:
            if column == "priority":
                codes = self.catalog.vocabulary_codes("priority")
                return codes.index(row.priority) if row.priority in codes else 99
            return self.cell(row, column, Qt.ItemDataRole.DisplayRole)
        return None


class ActionPlanModel(EditableRowsModel):
    columns = ("activity", "recommendation_id", "owner", "start_date", "due_date", "indicator", "status")
    editable = {"activity": "text", "recommendation_id": "recommendation", "owner": "text", "start_date": "date",
                "due_date": "date", "indicator": "text", "status": "action_status"}

    def __init__(self, catalog=None, parent=None) -> None:
        super().__init__(catalog, parent)
        self._recommendations: list[v.RecommendationView] = []

    def set_recommendations(self, recommendations: Sequence[v.RecommendationView]) -> None:
        self._recommendations = list(recommendations)
        if self._rows:
            col = self.columns.index("recommendation_id")
            self.dataChanged.emit(self.index(0, col), self.index(len(self._rows) - 1, col))

    def header(self, column: str) -> str:
        return {"activity": tr("Activity"), "recommendation_id": tr("For recommendation"), "owner": tr("Owner"),
                "start_date": tr("Start"), "due_date": tr("Due"), "indicator": tr("Indicator"),
                "status": tr("Status")}[column]

    def _recommendation_text(self, rec_id: int | None) -> str:
        if rec_id is None:
            return ""
        for r in self._recommendations:
            if r.id == rec_id:
                return r.text.replace("\n", " ")
        return ""

    def choices_for(self, kind: str) -> list[tuple[Any, str]]:
        if kind == "recommendation":
            return [(None, tr("(none)"))] + [(r.id, r.text.replace("\n", " ")[:80]) for r in self._recommendations]
        return super().choices_for(kind)

    def cell(self, row: v.ActionItemView, column: str, role: int) -> Any:
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, SORT_ROLE):
            if column == "status":
                return self.label("action_status", row.status)
            if column == "recommendation_id":
                return self._recommendation_text(row.recommendation_id)
            if column in ("start_date", "due_date"):
                return date_text(getattr(row, column))
            text = getattr(row, column)
            return text.replace("\n", " ") if role == Qt.ItemDataRole.DisplayRole else text
        return None


# -- gaps ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Gap:
    item_id: str
    status: str | None
    reason: str  # "low_rating" | "no_evidence" | "insufficient_evidence"

    @property
    def id(self) -> str:
        return self.item_id


#: Ratings low enough to be listed as gaps.
LOW_STATUSES = ("not_in_place", "planned")


def find_gaps(progress: v.ReviewProgress) -> list[Gap]:
    """Items rated low, rated without evidence, or rated as lacking evidence, in checklist order."""
    out = []
    for d in progress.domains:
        for ip in d.items:
            if ip.status == "insufficient_evidence":
                out.append(Gap(ip.item_id, ip.status, "insufficient_evidence"))
            elif ip.status in LOW_STATUSES:
                out.append(Gap(ip.item_id, ip.status, "low_rating"))
            elif ip.state == v.NEEDS_EVIDENCE:
                out.append(Gap(ip.item_id, ip.status, "no_evidence"))
    return out


class GapsModel(RowsModel):
    columns = ("item", "status", "reason")

    def header(self, column: str) -> str:
        return {"item": tr("Item"), "status": tr("Rating"), "reason": tr("Gap")}[column]

    def cell(self, row: Gap, column: str, role: int) -> Any:
        if role == ITEM_ID_ROLE:
            return row.item_id
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, SORT_ROLE):
            lang = current_language()
            if column == "item":
                item = self.catalog.item(row.item_id)
                return f"{item.code()}  {item.name.get(lang)}"
            if column == "status":
                return self.catalog.scales["status"].level(row.status).label.get(lang) if row.status else ""
            return {"low_rating": tr("Rated low"), "no_evidence": tr("No evidence recorded"),
                    "insufficient_evidence": tr("Insufficient evidence")}[row.reason]
        return None

    def data(self, index: _INDEX, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == ITEM_ID_ROLE and index.isValid() and index.row() < len(self._rows):
            return self._rows[index.row()].item_id
        return super().data(index, role)


class ParticipantModel(RowsModel):
    columns = ("name", "organisation", "sector", "role", "consent")

    def header(self, column: str) -> str:
        return {"name": tr("Name"), "organisation": tr("Organisation"), "sector": tr("Sector"), "role": tr("Role"),
                "consent": tr("Named in reports")}[column]

    def cell(self, row: v.ParticipantView, column: str, role: int) -> Any:
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, SORT_ROLE):
            if column == "sector":
                return self.label("sector", row.sector)
            if column == "role":
                return self.label("participant_role", row.role)
            if column == "consent":
                return tr("Yes") if row.consent_named else tr("No")
            return getattr(row, column)
        return None
