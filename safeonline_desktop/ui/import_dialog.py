"""Importing review files: each file is verified and previewed first (what would be added or
updated, and any conflicts), then imported on request. Verification and writing run off the
GUI thread; a refused file is listed with the reason and changes nothing."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt, Signal, Slot
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from safeonline_desktop.domain.countries import country_name
from safeonline_desktop.errors import SafeOnlineError
from safeonline_desktop.exchange import MERGE, NEW, UP_TO_DATE, ImportCancelled, ImportPreview, PassphraseRequired
from safeonline_desktop.i18n import current_language, tr
from safeonline_desktop.services.exchange import ExchangeService, exchange_service

from .models import NamedColumnsModel
from .workers import BackgroundTask

_INDEX = QModelIndex | QPersistentModelIndex


# -- the preview table ----------------------------------------------------------------------

PENDING = "pending"
CHECKING = "checking"
READY = "ready"
NEEDS_PASSPHRASE = "needs_passphrase"
REFUSED = "refused"
IMPORTING = "importing"
IMPORTED = "imported"
SKIPPED = "skipped"


@dataclass
class FileEntry:
    path: Path
    state: str = PENDING
    preview: ImportPreview | None = None
    message: str = ""
    review_id: int | None = None
    resolutions: dict[str, str] = field(default_factory=dict)
    passphrase: str | None = None  #: the one that opened the file when it was checked
    fresh: bool = False  #: previewed again just before importing (earlier files may have changed things)

    @property
    def importable(self) -> bool:
        return self.state == READY and self.preview is not None and self.preview.action != UP_TO_DATE


def counts_text(preview: ImportPreview, lang: str | None = None) -> str:
    """“12 added, 3 updated, 2 conflicts” over all kinds of records (the review row aside)."""
    added = sum(c.added for name, c in preview.counts.items() if name not in ("review", "packs", "audit"))
    updated = sum(c.updated for name, c in preview.counts.items() if name not in ("packs", "audit"))
    parts = []
    if added:
        parts.append(tr("{n} added", lang, n=added))
    if updated:
        parts.append(tr("{n} updated", lang, n=updated))
    if preview.conflicts:
        parts.append(tr("{n} conflicts to resolve", lang, n=len(preview.conflicts)))
    if not parts and preview.action == NEW:
        return tr("the review's details only", lang)
    return ", ".join(parts) or tr("nothing new", lang)


def section_name(section: str, lang: str | None = None) -> str:
    return {
        "review": tr("Review details", lang), "packs": tr("Frameworks", lang), "participants": tr("Participants", lang),
        "sessions": tr("Sessions", lang), "assessments": tr("Assessments", lang), "evidence": tr("Evidence", lang),
        "findings": tr("Findings", lang), "recommendations": tr("Recommendations", lang),
        "actions": tr("Action plan", lang), "item_notes": tr("Item notes", lang),
        "rating_proposals": tr("Rating proposals", lang), "item_consensus": tr("Agreed ratings", lang),
        "dissents": tr("Dissent", lang), "audit": tr("Change history", lang),
    }.get(section, section)


class PreviewModel(NamedColumnsModel):
    """One row per file: its review, where it comes from, and what importing it does."""

    COLUMNS = ("file", "review", "source", "outcome")

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.entries: list[FileEntry] = []

    def set_entries(self, entries: list[FileEntry]) -> None:
        self.beginResetModel()
        self.entries = list(entries)
        self.endResetModel()

    def entry_changed(self, row: int) -> None:
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.COLUMNS) - 1))

    def row_total(self) -> int:
        return len(self.entries)

    def header_texts(self) -> dict[str, str]:
        return {"file": tr("File"), "review": tr("Review"), "source": tr("From"),
                "outcome": tr("What importing does")}

    def data(self, index: _INDEX, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self.entries):
            return None
        entry = self.entries[index.row()]
        column = self.COLUMNS[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._text(entry, column, tooltip=role == Qt.ItemDataRole.ToolTipRole)
        if role == Qt.ItemDataRole.ForegroundRole and column == "outcome":
            if entry.state in (REFUSED, NEEDS_PASSPHRASE):
                return QBrush(QColor("#b03a2e"))
            if entry.state == READY and entry.preview is not None and entry.preview.conflicts:
                return QBrush(QColor("#b9770e"))
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return self._text(entry, column, tooltip=True)
        return None

    def _text(self, entry: FileEntry, column: str, tooltip: bool) -> str:
        lang = current_language()
        pv = entry.preview
        if column == "file":
            return str(entry.path) if tooltip else entry.path.name
        if column == "review":
            if pv is None:
                return ""
            return f"{country_name(pv.country_code, lang)} — {pv.title}"
        if column == "source":
            if pv is None:
                return ""
            return tr("{label}, exported {when} UTC", label=pv.source_label,
                      when=pv.created_at.isoformat(sep=" ", timespec="minutes"))
        # the outcome
        if entry.state == PENDING:
            return tr("Waiting to be checked")
        if entry.state == CHECKING:
            return tr("Checking…")
        if entry.state == NEEDS_PASSPHRASE:
            return tr("Encrypted: enter the passphrase and check again")
        if entry.state == REFUSED:
            return tr("Refused: {reason}", reason=entry.message)
        if entry.state == IMPORTING:
            return tr("Importing…")
        if entry.state == IMPORTED:
            return entry.message
        if entry.state == SKIPPED:
            return tr("Not imported: {reason}", reason=entry.message)
        assert pv is not None
        extras = []
        if pv.redacted:
            extras.append(tr("redacted"))
        if pv.encrypted:
            extras.append(tr("encrypted"))
        suffix = f" ({', '.join(extras)})" if extras else ""
        if pv.action == NEW:
            return tr("New review: {counts}", counts=counts_text(pv)) + suffix
        if pv.action == MERGE:
            return tr("Update of review {id}: {counts}", id=pv.existing_review_id, counts=counts_text(pv)) + suffix
        return tr("Already up to date: nothing to import") + suffix


# -- the dialog -----------------------------------------------------------------------------

class ImportDialog(QDialog):
    """Check, preview and import review files.

    ``state``: ``"checking"``, ``"ready"``, ``"importing"`` or ``"done"``. ``merge_dialog_factory``
    builds the conflict dialog (tests may replace it).
    """

    imported = Signal(list)  # ids of the reviews written

    def __init__(self, services, paths: list[Path], parent: QWidget | None = None, *,
                 exchange: ExchangeService | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.exchange = exchange or exchange_service(services)
        self.setObjectName("import_dialog")
        self.setWindowTitle(tr("Import review files"))
        self.state = "checking"
        self.task: BackgroundTask | None = None
        self.merge_dialog: QDialog | None = None
        self.written: list[int] = []
        self._queue: list[int] = []
        self._closing = False

        layout = QVBoxLayout(self)
        intro = QLabel(tr("Each file is checked before anything is written: its structure, checksums, format and "
                          "content packs. Nothing changes until you press Import."), self)
        intro.setWordWrap(True)
        layout.addWidget(intro)

        self.model = PreviewModel(self)
        self.model.set_entries([FileEntry(Path(p)) for p in paths])
        self.table = QTableView(self)
        self.table.setObjectName("import_preview")
        self.table.setAccessibleName(tr("Files to import"))
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.table.setColumnWidth(0, 180)
        self.table.setColumnWidth(1, 260)
        self.table.setColumnWidth(2, 220)
        self.table.verticalHeader().hide()
        layout.addWidget(self.table, 2)

        self.details = QPlainTextEdit(self)
        self.details.setReadOnly(True)
        self.details.setAccessibleName(tr("What importing the selected file does"))
        self.details.setMaximumBlockCount(500)
        layout.addWidget(self.details, 1)

        row = QHBoxLayout()
        self.passphrase = QLineEdit(self)
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setPlaceholderText(tr("Passphrase of encrypted files"))
        self.passphrase.setAccessibleName(tr("Passphrase of encrypted files"))
        self.check_again = QPushButton(tr("Check again"), self)
        self.check_again.setAccessibleName(tr("Check the encrypted files again with this passphrase"))
        self.passphrase_label = QLabel(tr("&Passphrase:"), self)
        self.passphrase_label.setBuddy(self.passphrase)
        row.addWidget(self.passphrase_label)
        row.addWidget(self.passphrase, 1)
        row.addWidget(self.check_again)
        self.passphrase_row = QWidget(self)
        self.passphrase_row.setLayout(row)
        self.passphrase_row.hide()
        layout.addWidget(self.passphrase_row)

        self.progress = QProgressBar(self)
        self.progress.setAccessibleName(tr("Progress"))
        self.progress.setRange(0, 1000)
        self.progress.hide()
        layout.addWidget(self.progress)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        layout.addWidget(self.status)

        self.buttons = QDialogButtonBox(self)
        self.import_button = self.buttons.addButton(tr("&Import"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setEnabled(False)
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.close_button.hide()
        self.import_button.clicked.connect(self.start_import)
        self.cancel_button.clicked.connect(self.reject)
        self.close_button.clicked.connect(self.accept)
        layout.addWidget(self.buttons)

        self.check_again.clicked.connect(self.recheck_encrypted)
        self.passphrase.returnPressed.connect(self.recheck_encrypted)
        self.table.selectionModel().currentRowChanged.connect(lambda cur, _prev: self.show_details(cur.row()))
        self.merge_dialog_factory = self._make_merge_dialog
        self.resize(900, 560)
        self._pending_checks = list(range(len(self.model.entries)))
        self._check_next()

    # -- checking ------------------------------------------------------------------------
    def _passphrase(self) -> str | None:
        return self.passphrase.text() or None

    def _check_next(self) -> None:
        if not self._pending_checks:
            self._checks_done()
            return
        row = self._pending_checks.pop(0)
        entry = self.model.entries[row]
        entry.state = CHECKING
        self.model.entry_changed(row)
        passphrase = entry.passphrase = self._passphrase()
        self._run(lambda progress, cancelled: self.exchange.inspect(entry.path, passphrase=passphrase,
                                                                    progress=progress, cancelled=cancelled),
                  lambda preview: self._checked(row, preview), lambda error: self._check_failed(row, error))

    def _checked(self, row: int, preview: ImportPreview) -> None:
        entry = self.model.entries[row]
        entry.preview, entry.state, entry.message = preview, READY, ""
        self.model.entry_changed(row)
        self._check_next()

    def _check_failed(self, row: int, error: SafeOnlineError) -> None:
        entry = self.model.entries[row]
        entry.preview = None
        entry.state = NEEDS_PASSPHRASE if isinstance(error, PassphraseRequired) else REFUSED
        entry.message = str(error)
        self.model.entry_changed(row)
        self._check_next()

    def _checks_done(self) -> None:
        if self._closing:
            self._close_now()
            return
        self.state = "ready"
        self.progress.hide()
        entries = self.model.entries
        encrypted = [e for e in entries if e.state == NEEDS_PASSPHRASE
                     or (e.state == REFUSED and "passphrase" in e.message.lower())]
        self.passphrase_row.setVisible(bool(encrypted) or self.passphrase_row.isVisible())
        ready = [e for e in entries if e.importable]
        refused = [e for e in entries if e.state in (REFUSED, NEEDS_PASSPHRASE)]
        self.import_button.setEnabled(bool(ready))
        self.status.setText(tr("{ready} of {total} files can be imported; {refused} refused.", ready=len(ready),
                               total=len(entries), refused=len(refused)))
        if self.table.currentIndex().row() < 0 and entries:
            self.table.selectRow(0)
        self.show_details(self.table.currentIndex().row())
        if encrypted:
            self.passphrase.setFocus()

    def recheck_encrypted(self) -> None:
        if self.state != "ready":
            return
        rows = [n for n, e in enumerate(self.model.entries)
                if e.state == NEEDS_PASSPHRASE or (e.state == REFUSED and e.preview is None)]
        if not rows:
            return
        self.state = "checking"
        self.import_button.setEnabled(False)
        self._pending_checks = rows
        self._check_next()

    def show_details(self, row: int) -> None:
        if not 0 <= row < len(self.model.entries):
            self.details.setPlainText("")
            return
        entry = self.model.entries[row]
        pv = entry.preview
        if pv is None:
            self.details.setPlainText(entry.message)
            return
        lang = current_language()
        lines = [
            f"{country_name(pv.country_code, lang)} — {pv.title}",
            tr("From {label} (SafeOnline Desktop {version}), exported {when} UTC.", label=pv.source_label,
               version=pv.app_version, when=pv.created_at.isoformat(sep=" ", timespec="minutes")),
            tr("File {name}, {size} KB, SHA-256 {sha}.", name=pv.file_name, size=max(1, pv.file_size // 1024),
               sha=pv.file_sha256[:16] + "…"),
        ]
        if pv.redacted:
            lines.append(tr("Redacted: notes, sensitive records and participants' names were left out."))
        if pv.action == MERGE:
            lines.append(tr("The same review is in this workspace (review {id}); it will be updated.",
                            id=pv.existing_review_id))
        elif pv.action == NEW:
            lines.append(tr("The review will be added to this workspace."))
        else:
            lines.append(tr("This workspace already has everything in the file."))
        lines.append("")
        for name, c in pv.counts.items():
            bits = [text for n, text in ((c.added, tr("{n} added", n=c.added)),
                                         (c.updated, tr("{n} updated", n=c.updated)),
                                         (c.kept, tr("{n} kept as they are here", n=c.kept)),
                                         (c.conflicts, tr("{n} in conflict", n=c.conflicts)),
                                         (c.skipped, tr("{n} deleted here, not added back", n=c.skipped))) if n]
            if bits:
                lines.append(f"{section_name(name)}: {', '.join(bits)}")
        if pv.evidence_files:
            lines.append(tr("Attached files: {n} ({new} new to this laptop).", n=pv.evidence_files,
                            new=pv.new_evidence_files))
        if pv.conflicts:
            lines.append("")
            lines.append(tr("Records changed both here and in the file: {n}. You will choose for each one what to "
                            "keep.", n=len(pv.conflicts)))
        if entry.state in (IMPORTED, SKIPPED, REFUSED):
            lines.extend(["", entry.message])
        self.details.setPlainText("\n".join(lines))

    # -- importing -----------------------------------------------------------------------
    def start_import(self) -> None:
        if self.state != "ready":
            return
        self._queue = [n for n, e in enumerate(self.model.entries) if e.importable]
        if not self._queue:
            return
        self.state = "importing"
        for row in self._queue:
            self.model.entries[row].fresh = False
        self.import_button.setEnabled(False)
        self.check_again.setEnabled(False)
        self._import_next()

    def _import_next(self) -> None:
        if not self._queue:
            self._imports_done()
            return
        row = self._queue[0]
        entry = self.model.entries[row]
        assert entry.preview is not None
        if not entry.fresh:
            # A file imported just before may have changed this review: preview it again, so the
            # conflicts shown are the ones the import will meet.
            entry.state = CHECKING
            self.model.entry_changed(row)
            passphrase = entry.passphrase
            self._run(lambda progress, cancelled: self.exchange.inspect(entry.path, passphrase=passphrase,
                                                                        progress=progress, cancelled=cancelled),
                      lambda preview: self._rechecked(row, preview), lambda error: self._import_failed(row, error))
            return
        if entry.preview.conflicts and not entry.resolutions:
            dialog = self.merge_dialog_factory(entry.preview)
            self.merge_dialog = dialog
            dialog.finished.connect(lambda result, d=dialog, r=row: self._merge_chosen(r, d, result))
            dialog.open()
            return
        self._queue.pop(0)
        entry.state = IMPORTING
        self.model.entry_changed(row)
        passphrase = entry.passphrase if entry.preview.encrypted else None
        expected = entry.preview.file_sha256
        resolutions = dict(entry.resolutions)
        self._run(lambda progress, cancelled: self.exchange.import_file(
                      entry.path, passphrase=passphrase, resolutions=resolutions, expect_sha256=expected,
                      progress=progress, cancelled=cancelled),
                  lambda outcome: self._imported(row, outcome), lambda error: self._import_failed(row, error))

    def _rechecked(self, row: int, preview: ImportPreview) -> None:
        entry = self.model.entries[row]
        entry.preview, entry.fresh = preview, True
        if preview.action == UP_TO_DATE:
            self._queue.pop(0)
            entry.state = IMPORTED
            entry.message = tr("Already up to date: nothing to import")
            self.model.entry_changed(row)
        else:
            entry.state = READY
            self.model.entry_changed(row)
        self._import_next()

    def _make_merge_dialog(self, preview: ImportPreview) -> QDialog:
        from .merge_dialog import MergeDialog

        return MergeDialog(self.services.catalog, preview, self)

    def _merge_chosen(self, row: int, dialog, result: int) -> None:
        entry = self.model.entries[row]
        if result == QDialog.DialogCode.Accepted:
            entry.resolutions = dialog.resolutions()
        else:
            self._queue.pop(0)
            entry.state = SKIPPED
            entry.message = tr("the conflicts were not resolved")
            self.model.entry_changed(row)
        dialog.deleteLater()
        self.merge_dialog = None
        self._import_next()

    def _imported(self, row: int, outcome) -> None:
        entry = self.model.entries[row]
        entry.state = IMPORTED
        entry.review_id = outcome.review_id
        entry.preview = outcome.preview or entry.preview
        if outcome.written and outcome.review_id is not None:
            self.written.append(outcome.review_id)
        if entry.preview is not None and entry.preview.action == NEW:
            entry.message = tr("Imported as a new review ({id}).", id=outcome.review_id)
        elif outcome.written:
            entry.message = tr("Merged into review {id}.", id=outcome.review_id)
        else:
            entry.message = tr("Already up to date: nothing to import")
        self.model.entry_changed(row)
        self._import_next()

    def _import_failed(self, row: int, error: SafeOnlineError) -> None:
        if self._queue and self._queue[0] == row:
            self._queue.pop(0)
        entry = self.model.entries[row]
        entry.state = SKIPPED if isinstance(error, ImportCancelled) else REFUSED
        entry.message = str(error)
        self.model.entry_changed(row)
        if isinstance(error, ImportCancelled):
            for other in self._queue:
                self.model.entries[other].state = SKIPPED
                self.model.entries[other].message = tr("the import was cancelled")
                self.model.entry_changed(other)
            self._queue = []
        self._import_next()

    def _imports_done(self) -> None:
        if self._closing:
            self._close_now()
            return
        self.state = "done"
        self.progress.hide()
        done = [e for e in self.model.entries if e.state == IMPORTED]
        self.status.setText(tr("{done} of {total} files imported.", done=len(done), total=len(self.model.entries)))
        self.cancel_button.hide()
        self.import_button.hide()
        self.close_button.show()
        self.close_button.setDefault(True)
        self.show_details(self.table.currentIndex().row())
        if self.written:
            self.imported.emit(list(self.written))

    # -- the worker ----------------------------------------------------------------------
    def _run(self, fn, on_done, on_error) -> None:
        self.progress.setValue(0)
        self.progress.show()
        task = BackgroundTask(fn, self)
        task.progressed.connect(self._on_progress)
        task.finished.connect(lambda result: self._task_over(task, on_done, result))
        task.failed.connect(lambda error: self._task_over(task, on_error, error))
        self.task = task
        task.start()

    def _task_over(self, task: BackgroundTask, then, value) -> None:
        if self.task is task:
            self.task = None
        task.deleteLater()
        if self._closing:  # record what happened, then stop instead of going on to the next file
            self._pending_checks.clear()
            self._queue.clear()
        then(value)

    def _close_now(self) -> None:
        self.state = "done"
        if self.written:
            self.imported.emit(list(self.written))
        QDialog.reject(self)

    @Slot(int, int)
    def _on_progress(self, done: int, total: int) -> None:
        self.progress.setValue(int(1000 * done / total) if total else 0)

    def busy(self) -> bool:
        return self.task is not None and self.task.running

    def reject(self) -> None:
        if self.busy():
            # The file being checked stops at once; a write under way finishes (it is one
            # transaction) and is reported. The dialog closes when the worker is done.
            self._closing = True
            self.task.cancel()
            return
        super().reject()

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if self.busy():
            self._closing = True
            self.task.cancel()
            event.ignore()
            return
        super().closeEvent(event)
