"""The evidence of one item: documents with their citations, files attached by drag and drop or
a file dialog, evidence already in the review linked in, files opened only on request."""

from __future__ import annotations

import logging
import tempfile
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHeaderView,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from safeonline_desktop.errors import SafeOnlineError
from safeonline_desktop.i18n import tr
from safeonline_desktop.services import views as v
from safeonline_desktop.services.evidence import CAPACITY_NOT_CASES

from . import icons
from .dialogs import EvidenceDialog, LinkEvidenceDialog, confirm, show_error
from .models import EvidenceModel
from .widgets import SectionTitle, WrapLabel, label_buttons

log = logging.getLogger(__name__)


def fit_table_height(view: QTableView, rows: int, *, min_rows: int = 2, max_rows: int = 8) -> None:
    """Size a table inside a scrolling page to its rows (within bounds) so the page scrolls, not the table."""
    shown = max(min_rows, min(max_rows, rows))
    row_h = view.verticalHeader().defaultSectionSize()
    header_h = view.horizontalHeader().sizeHint().height() if not view.horizontalHeader().isHidden() else 0
    view.setFixedHeight(header_h + shown * row_h + 2 * view.frameWidth() + 2)


def setup_table(view: QTableView, name: str) -> None:
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.verticalHeader().hide()
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.setTabKeyNavigation(False)  # Tab leaves the table: keyboard users move on through the page
    view.horizontalHeader().setStretchLastSection(False)
    view.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    view.setAccessibleName(name)


class EvidencePanel(QFrame):
    """Evidence linked to the current item. Files dropped here are added as evidence at once."""

    status = Signal(str)

    def __init__(self, services, editor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.editor = editor
        self.review_id: int | None = None
        self.item_id: str | None = None
        self.dialog: QWidget | None = None  # the dialog currently open (for tests and to keep it alive)
        self.setAcceptDrops(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.title = SectionTitle("", self)
        layout.addWidget(self.title)
        self.notice = WrapLabel("", self)
        self.notice.setObjectName("capacity_notice")
        layout.addWidget(self.notice)
        self.model = EvidenceModel(services.catalog, self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        setup_table(self.table, "")
        for col in range(1, len(self.model.columns)):
            self.table.horizontalHeader().setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        self.table.doubleClicked.connect(lambda _i: self.edit_selected())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self.table.installEventFilter(self)
        layout.addWidget(self.table)
        self.drop_hint = WrapLabel("", self, selectable=False)
        layout.addWidget(self.drop_hint)
        row, (self.add_button, self.link_button, self.open_button, self.edit_button, self.unlink_button,
              self.delete_button) = icons.button_row(
            self, ("add", self.add_evidence), ("link", self.link_existing), ("open-file", self.open_selected),
            ("edit", self.edit_selected), ("unlink", self.unlink_selected), ("delete", self.delete_selected))
        layout.addLayout(row)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(tr("Evidence"))
        self.notice.setText(tr(CAPACITY_NOT_CASES))
        self.notice.setAccessibleName(tr("About evidence"))
        self.table.setAccessibleName(tr("Evidence for this item"))
        self.drop_hint.setText(tr("Drop files here to add them as evidence for this item."))
        label_buttons(
            (self.add_button, tr("&Add evidence..."), tr("Add evidence")),
            (self.link_button, tr("&Link existing..."), tr("Link evidence already in the review")),
            (self.open_button, tr("&Open file"), tr("Open the attached file")),
            (self.edit_button, tr("&Edit..."), tr("Edit the selected evidence")),
            (self.unlink_button, tr("&Unlink"), tr("Unlink the selected evidence from this item")),
            (self.delete_button, tr("&Delete..."), tr("Delete the selected evidence from the review")),
        )
        self.model.retranslate()

    # -- state ----------------------------------------------------------------------------
    def set_item(self, review_id: int, item_id: str) -> None:
        self.review_id = review_id
        self.item_id = item_id
        self.reload()

    def reload(self) -> None:
        if self.review_id is None or self.item_id is None:
            return
        selected = self.selected()
        self.model.set_rows(self.services.evidence.list(self.review_id, self.item_id))
        fit_table_height(self.table, self.model.rowCount(), min_rows=1, max_rows=6)
        if selected is not None:
            self.select(selected.id)
        self._update_buttons()

    def selected(self) -> v.EvidenceView | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return self.model.row(rows[0].row()) if rows else None

    def select(self, evidence_id: int) -> None:
        n = self.model.row_of_id(evidence_id)
        if n >= 0:
            self.table.selectRow(n)

    #: False for people whose role may only read (observers): opening files still works.
    editable = True

    def set_editable(self, editable: bool) -> None:
        self.editable = editable
        self.setAcceptDrops(editable)
        self._update_buttons()

    def _update_buttons(self) -> None:
        ev = self.selected()
        for b in (self.edit_button, self.unlink_button, self.delete_button):
            b.setEnabled(self.editable and ev is not None)
        for b in (self.add_button, self.link_button):
            b.setEnabled(self.editable)
        self.open_button.setEnabled(bool(ev and ev.file_name))

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt naming)
        from PySide6.QtCore import QEvent

        if obj is self.table and event.type() == QEvent.Type.KeyPress:
            if event.matches(QKeySequence.StandardKey.Delete) and self.editable and self.selected() is not None:
                self.delete_selected()
                return True
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.selected() is not None:
                self.open_selected() if self.selected().file_name else self.edit_selected()
                return True
        return super().eventFilter(obj, event)

    # -- actions --------------------------------------------------------------------------
    def _item_code(self) -> str:
        return self.services.catalog.item(self.item_id).code() if self.item_id else ""

    def add_evidence(self, file: Path | None = None) -> EvidenceDialog:
        def submit(values: dict[str, Any]) -> bool:
            values.pop("remove_file", None)
            made = self.editor.add_evidence(self.review_id, tr("Add evidence to {item}", item=self._item_code()),
                                            item_ids=[self.item_id], **values)
            if made is not None:
                self.reload()
                self.select(made.id)
            return made is not None

        dialog = EvidenceDialog(self.services.catalog, submit, self, file=file if isinstance(file, Path) else None)
        self._open(dialog)
        return dialog

    def edit_selected(self) -> EvidenceDialog | None:
        ev = self.selected()
        if ev is None:
            return None

        def submit(values: dict[str, Any]) -> bool:
            file = values.pop("file")
            remove = values.pop("remove_file")
            changes = {k: val for k, val in values.items() if getattr(ev, k) != val}
            ok = True
            if changes:
                ok = self.editor.update_evidence(ev.id, tr("Edit evidence {title}", title=ev.title), **changes) is not None
            if ok and file is not None:
                ok = self.editor.attach_file(ev.id, file, tr("Attach {name}", name=file.name)) is not None
            if ok and remove and ev.file_name:
                ok = self.editor.detach_file(ev.id, tr("Remove file {name}", name=ev.file_name))
            self.reload()
            return ok

        dialog = EvidenceDialog(self.services.catalog, submit, self, evidence=ev)
        self._open(dialog)
        return dialog

    def link_existing(self) -> LinkEvidenceDialog | None:
        if self.review_id is None:
            return None
        candidates = [e for e in self.services.evidence.list(self.review_id) if self.item_id not in e.item_ids]
        if not candidates:
            self.status.emit(tr("All evidence in this review is already linked to this item."))
            return None

        def submit(values: dict[str, Any]) -> bool:
            ok = all(self.editor.link_evidence(self.review_id, i, self.item_id,
                                               tr("Link evidence to {item}", item=self._item_code()))
                     for i in values["ids"])
            self.reload()
            return ok

        dialog = LinkEvidenceDialog(self.services.catalog, candidates, submit, self)
        self._open(dialog)
        return dialog

    def unlink_selected(self) -> None:
        ev = self.selected()
        if ev is not None:
            self.editor.unlink_evidence(self.review_id, ev.id, self.item_id,
                                        tr("Unlink {title} from {item}", title=ev.title, item=self._item_code()))
            self.reload()

    def delete_selected(self):
        ev = self.selected()
        if ev is None:
            return None

        def really() -> None:
            self.editor.delete_evidence(self.review_id, ev.id, tr("Delete evidence {title}", title=ev.title))
            self.reload()

        others = [i for i in ev.item_ids if i != self.item_id]
        text = tr("Delete \"{title}\" from the review?", title=ev.title)
        if others:
            text += "\n\n" + tr("It is also linked to {items}; use Unlink to remove it from this item only.",
                                items=", ".join(others))
        self.dialog = confirm(self, tr("Delete evidence"), text, really, destructive_label=tr("Delete"))
        return self.dialog

    def open_selected(self) -> Path | None:
        """Copy the attached file out of the data folder and open it with the system's viewer."""
        ev = self.selected()
        if ev is None or not ev.file_name:
            return None
        target = Path(tempfile.mkdtemp(prefix="open-", dir=self._open_dir()))
        try:
            path = self.services.evidence.export_file(ev.id, target)
        except SafeOnlineError as exc:
            self.dialog = show_error(self, str(exc))
            return None
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
            self.status.emit(tr("No program to open {name} was found. A copy is in {folder}.",
                                name=path.name, folder=str(path.parent)))
        return path

    def _open_dir(self) -> str:
        folder = Path(self.services.data.tmp) / "opened"
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        return str(folder)

    def _open(self, dialog: QWidget) -> None:
        self.dialog = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    # -- drag and drop --------------------------------------------------------------------
    def dragEnterEvent(self, event) -> None:  # noqa: N802 (Qt naming)
        if self.item_id and event.mimeData().hasUrls() and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dragMoveEvent(self, event) -> None:  # noqa: N802 (Qt naming)
        if self.item_id and event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:  # noqa: N802 (Qt naming)
        files = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if files and self.item_id and self.editable:
            event.acceptProposedAction()
            self.add_files(files)

    def add_files(self, files: list[Path]) -> int:
        """Add each file as a document linked to this item; returns how many were added."""
        added = 0
        last = None
        for f in files:
            if not f.is_file():
                continue
            made = self.editor.add_evidence(self.review_id, tr("Add {name} to {item}", name=f.name, item=self._item_code()),
                                            title=f.stem, evidence_type="other", file=f, item_ids=[self.item_id])
            if made is None:
                break
            added += 1
            last = made
        self.reload()
        if last is not None:
            self.select(last.id)
            self.status.emit(tr("Added {count} document(s). Select one and choose Edit to add its citation.",
                                count=added))
        return added
