"""Findings and recommendations of one item, on the item page."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHeaderView, QTableView, QVBoxLayout, QWidget

from safeonline_desktop.i18n import tr

from . import icons
from .dialogs import FindingDialog, RecommendationDialog, confirm
from .evidence_panel import fit_table_height, setup_table
from .models import FindingModel, RecommendationModel
from .widgets import SectionTitle, label_buttons


class _RowsPanel(QWidget):
    status = Signal(str)

    def __init__(self, services, editor, model, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.editor = editor
        self.review_id: int | None = None
        self.item_id: str | None = None
        self.dialog: QWidget | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.title = SectionTitle("", self, scale=1.05)
        layout.addWidget(self.title)
        self.model = model
        self.table = QTableView(self)
        self.table.setModel(model)
        setup_table(self.table, "")
        self.table.doubleClicked.connect(lambda _i: self.edit_selected())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        layout.addWidget(self.table)
        row, (self.add_button, self.edit_button, self.delete_button) = icons.button_row(
            self, ("add", self.add), ("edit", self.edit_selected), ("delete", self.delete_selected))
        layout.addLayout(row)

    def set_item(self, review_id: int, item_id: str) -> None:
        self.review_id, self.item_id = review_id, item_id
        self.reload()

    def rows(self) -> list:
        raise NotImplementedError

    def reload(self) -> None:
        if self.review_id is None:
            return
        selected = self.selected()
        self.model.set_rows(self.rows())
        fit_table_height(self.table, self.model.rowCount(), min_rows=1, max_rows=5)
        if selected is not None and (n := self.model.row_of_id(selected.id)) >= 0:
            self.table.selectRow(n)
        self._update_buttons()

    def selected(self):
        rows = self.table.selectionModel().selectedRows()
        return self.model.row(rows[0].row()) if rows else None

    #: False for people whose role may not plan (observers, note takers).
    editable = True

    def set_editable(self, editable: bool) -> None:
        self.editable = editable
        self._update_buttons()

    def _update_buttons(self) -> None:
        has = self.selected() is not None
        self.add_button.setEnabled(self.editable)
        self.edit_button.setEnabled(self.editable and has)
        self.delete_button.setEnabled(self.editable and has)

    def _open(self, dialog: QWidget) -> QWidget:
        self.dialog = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def _code(self) -> str:
        return self.services.catalog.item(self.item_id).code() if self.item_id else ""

    def add(self):
        raise NotImplementedError

    def edit_selected(self):
        raise NotImplementedError

    def delete_selected(self):
        raise NotImplementedError


class FindingsPanel(_RowsPanel):
    def __init__(self, services, editor, parent: QWidget | None = None) -> None:
        super().__init__(services, editor, FindingModel(services.catalog), parent)
        self.model.setParent(self)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(tr("Findings"))
        self.table.setAccessibleName(tr("Findings for this item"))
        label_buttons(
            (self.add_button, tr("Add &finding..."), tr("Add finding")),
            (self.edit_button, tr("Edit..."), tr("Edit the selected finding")),
            (self.delete_button, tr("Delete..."), tr("Delete the selected finding")),
        )
        self.model.retranslate()

    def rows(self) -> list:
        return self.services.planning.findings(self.review_id, self.item_id)

    def add(self):
        def submit(values: dict[str, Any]) -> bool:
            made = self.editor.add_finding(self.review_id, tr("Add finding to {item}", item=self._code()),
                                           item_id=self.item_id, **values)
            self.reload()
            return made is not None

        return self._open(FindingDialog(self.services.catalog, submit, self))

    def edit_selected(self):
        f = self.selected()
        if f is None:
            return None

        def submit(values: dict[str, Any]) -> bool:
            changes = {k: val for k, val in values.items() if getattr(f, k) != val}
            ok = not changes or self.editor.update_finding(self.review_id, f.id, tr("Edit finding"), **changes) is not None
            self.reload()
            return ok

        return self._open(FindingDialog(self.services.catalog, submit, self, finding=f))

    def delete_selected(self):
        f = self.selected()
        if f is None:
            return None

        def really() -> None:
            self.editor.delete_finding(self.review_id, f.id, tr("Delete finding"))
            self.reload()

        self.dialog = confirm(self, tr("Delete finding"), tr("Delete this finding?") + "\n\n" + f.statement[:300],
                              really, destructive_label=tr("Delete"))
        return self.dialog


class RecommendationsPanel(_RowsPanel):
    def __init__(self, services, editor, parent: QWidget | None = None) -> None:
        model = RecommendationModel(services.catalog)
        model.columns = ("text", "priority", "lead_actor", "timeframe")
        super().__init__(services, editor, model, parent)
        self.model.setParent(self)
        for col in range(1, len(model.columns)):
            self.table.horizontalHeader().setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        self.review_item_ids: list[str] = []
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(tr("Recommendations"))
        self.table.setAccessibleName(tr("Recommendations for this item"))
        label_buttons(
            (self.add_button, tr("Add &recommendation..."), tr("Add recommendation")),
            (self.edit_button, tr("Edit..."), tr("Edit the selected recommendation")),
            (self.delete_button, tr("Delete..."), tr("Delete the selected recommendation")),
        )
        self.model.retranslate()

    def rows(self) -> list:
        return self.services.planning.recommendations(self.review_id, self.item_id)

    def add(self):
        def submit(values: dict[str, Any]) -> bool:
            made = self.editor.add_recommendation(self.review_id, tr("Add recommendation"), **values)
            self.reload()
            return made is not None

        return self._open(RecommendationDialog(self.services.catalog, self.review_item_ids, submit, self,
                                               default_items=(self.item_id,)))

    def edit_selected(self):
        r = self.selected()
        if r is None:
            return None

        def submit(values: dict[str, Any]) -> bool:
            changes = {k: val for k, val in values.items()
                       if (list(r.item_ids) if k == "item_ids" else getattr(r, k)) != val}
            ok = not changes or self.editor.update_recommendation(
                self.review_id, r.id, tr("Edit recommendation"), **changes) is not None
            self.reload()
            return ok

        return self._open(RecommendationDialog(self.services.catalog, self.review_item_ids, submit, self,
                                               recommendation=r))

    def delete_selected(self):
        r = self.selected()
        if r is None:
            return None

        def really() -> None:
            self.editor.delete_recommendation(self.review_id, r.id, tr("Delete recommendation"))
            self.reload()

        self.dialog = confirm(self, tr("Delete recommendation"),
                              tr("Delete this recommendation? Actions planned for it are kept.") + "\n\n" + r.text[:300],
                              really, destructive_label=tr("Delete"))
        return self.dialog
