"""The "Export review pack" dialog: choose the files, language, paper, redaction and marking;
the export runs off the GUI thread behind a progress dialog that can be cancelled; at the end
the dialog lists the files and offers to open their folder."""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QThread, QUrl, Signal, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from safeonline_desktop.errors import SafeOnlineError
from safeonline_desktop.i18n import LANGUAGE_NAMES, LANGUAGES, current_language, tr
from safeonline_desktop.services import reporting


class ExportWorker(QObject):
    """Renders an already built report model into files, in a worker thread."""

    progressed = Signal(int, str)
    succeeded = Signal(list)
    failed = Signal(str)
    cancelled = Signal()

    def __init__(self, model, request: reporting.ExportRequest) -> None:
        super().__init__()
        self.model = model
        self.request = request
        self.stop = threading.Event()

    @Slot()
    def run(self) -> None:
        from safeonline_desktop.export import ExportCancelled

        try:
            written = reporting.render(self.model, self.request,
                                       progress=lambda f, msg: self.progressed.emit(int(f * 1000), msg),
                                       cancel=self.stop.is_set)
        except ExportCancelled:
            self.cancelled.emit()
        except SafeOnlineError as exc:
            self.failed.emit(str(exc))
        except Exception as exc:  # a bug: say so plainly; the writers left no file behind
            self.failed.emit(tr("The export failed unexpectedly ({error}). No file was written.",
                                error=f"{type(exc).__name__}: {exc}"))
        else:
            self.succeeded.emit(written)


def _safe_file_stem(title: str) -> str:
    keep = "".join(ch if ch.isalnum() or ch in " -_" else " " for ch in title)
    stem = "-".join(keep.split())[:60].strip("-")
    return stem or "review"


class PathRow(QWidget):
    """A check box to include a file, its path and a Browse button."""

    def __init__(self, label: str, suffix: str, filter_text: str, parent: QWidget) -> None:
        super().__init__(parent)
        self.suffix = suffix
        self.filter_text = filter_text
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.check = QCheckBox(label, self)
        self.check.setChecked(True)
        self.path = QLineEdit(self)
        self.path.setAccessibleName(label)
        self.path.setMinimumWidth(320)
        self.browse = QPushButton(tr("Browse…"), self)
        self.browse.setAccessibleName(tr("Choose where to save: {what}", what=label))
        layout.addWidget(self.check)
        layout.addWidget(self.path, 1)
        layout.addWidget(self.browse)
        self.check.toggled.connect(self.path.setEnabled)
        self.check.toggled.connect(self.browse.setEnabled)
        self.browse.clicked.connect(self.choose)

    def choose(self) -> None:
        chosen, _ = QFileDialog.getSaveFileName(self, tr("Save as"), self.path.text(), self.filter_text)
        if chosen:
            if not chosen.lower().endswith(self.suffix):
                chosen += self.suffix
            self.path.setText(chosen)

    def target(self) -> Path | None:
        if not self.check.isChecked():
            return None
        text = self.path.text().strip()
        return Path(text).expanduser() if text else None


class ExportDialog(QDialog):
    """Export one review. ``state`` is ``"idle"``, ``"running"``, ``"done"``, ``"failed"`` or ``"cancelled"``."""

    exported = Signal(list)

    def __init__(self, services, review_id: int, parent: QWidget | None = None, *, folder: Path | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.review_id = review_id
        self.review = services.reviews.get(review_id)
        self.state = "idle"
        self.written: list[Path] = []
        self._thread: QThread | None = None
        self._worker: ExportWorker | None = None
        self.progress: QProgressDialog | None = None
        self.setWindowTitle(tr("Export review pack"))
        self.setObjectName("export_dialog")

        layout = QVBoxLayout(self)
        intro = QLabel(tr("Write the review <b>{title}</b> as an Excel workbook and a PDF report.",
                          title=_html_escape(self.review.title)), self)
        intro.setWordWrap(True)
        intro.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(intro)

        form = QFormLayout()
        folder = folder or Path.home()
        stem = _safe_file_stem(self.review.title)
        self.xlsx_row = PathRow(tr("Excel workbook"), ".xlsx", tr("Excel workbook (*.xlsx)"), self)
        self.xlsx_row.path.setText(str(folder / f"{stem}.xlsx"))
        self.pdf_row = PathRow(tr("PDF report"), ".pdf", tr("PDF report (*.pdf)"), self)
        self.pdf_row.path.setText(str(folder / f"{stem}.pdf"))
        form.addRow(self.xlsx_row)
        form.addRow(self.pdf_row)

        self.language = QComboBox(self)
        self.language.setAccessibleName(tr("Language of the pack"))
        for code in LANGUAGES:
            self.language.addItem(LANGUAGE_NAMES[code], code)
        wanted = self.review.language if self.review.language in LANGUAGES else current_language()
        self.language.setCurrentIndex(LANGUAGES.index(wanted))
        form.addRow(tr("Language:"), self.language)

        self.paper = QComboBox(self)
        self.paper.setAccessibleName(tr("Paper size"))
        self.paper.addItem("A4", "A4")
        self.paper.addItem("Letter", "Letter")
        form.addRow(tr("Paper size:"), self.paper)

        self.redact = QCheckBox(tr("Redacted edition: leave out notes, material marked sensitive and participants' names"), self)
        self.confidential = QCheckBox(tr("Mark every page \u201cConfidential\u201d"), self)
        form.addRow(self.redact)
        form.addRow(self.confidential)
        layout.addLayout(form)

        self.result = QLabel(self)
        self.result.setWordWrap(True)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.result.hide()
        layout.addWidget(self.result)

        self.buttons = QDialogButtonBox(self)
        self.export_button = self.buttons.addButton(tr("Export"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.open_folder_button = self.buttons.addButton(tr("Open folder"), QDialogButtonBox.ButtonRole.ActionRole)
        self.open_folder_button.hide()
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.export_button.setDefault(True)
        self.export_button.clicked.connect(self.start)
        self.open_folder_button.clicked.connect(self.open_folder)
        self.close_button.clicked.connect(self.reject)
        layout.addWidget(self.buttons)
        self.resize(640, self.sizeHint().height())

    # -- the request ---------------------------------------------------------------------------
    def request(self) -> reporting.ExportRequest:
        return reporting.ExportRequest(
            review_id=self.review_id,
            xlsx=self.xlsx_row.target(),
            pdf=self.pdf_row.target(),
            language=self.language.currentData(),
            redact=self.redact.isChecked(),
            paper=self.paper.currentData(),
            confidential=self.confidential.isChecked(),
        )

    def problem(self) -> str | None:
        for row in (self.xlsx_row, self.pdf_row):
            if row.check.isChecked() and not row.path.text().strip():
                return tr("Give a file name for \u201c{what}\u201d, or untick it.", what=row.check.text())
        request = self.request()
        try:
            request.check()
        except SafeOnlineError as exc:
            return str(exc)
        for target in (request.xlsx, request.pdf):
            if target is not None and not target.parent.is_dir():
                return tr("The folder {folder} does not exist. Choose an existing folder.", folder=target.parent)
        return None

    # -- running -------------------------------------------------------------------------------
    def start(self) -> None:
        if self.state == "running":
            return
        problem = self.problem()
        if problem:
            QMessageBox.warning(self, tr("Export review pack"), problem)
            return
        request = self.request()
        try:
            model = reporting.build_report(self.services, self.review_id, language=request.language,
                                           redact=request.redact)
        except SafeOnlineError as exc:
            QMessageBox.warning(self, tr("Export review pack"), str(exc))
            return
        self._request = request
        self.state = "running"
        self.result.hide()
        self.open_folder_button.hide()
        self.export_button.setEnabled(False)
        self.progress = QProgressDialog(tr("Preparing the export…"), tr("Cancel"), 0, 1000, self)
        self.progress.setWindowTitle(tr("Exporting"))
        self.progress.setWindowModality(Qt.WindowModality.WindowModal)
        self.progress.setMinimumDuration(0)
        self.progress.setAutoClose(False)
        self.progress.setAutoReset(False)
        self.progress.canceled.connect(self.cancel)
        self.progress.show()

        self._thread = QThread(self)
        self._worker = ExportWorker(model, request)
        self._worker.moveToThread(self._thread)
        self._thread.started.connect(self._worker.run)
        self._worker.progressed.connect(self._on_progress)
        self._worker.succeeded.connect(self._on_success)
        self._worker.failed.connect(self._on_failure)
        self._worker.cancelled.connect(self._on_cancelled)
        self._thread.start()

    def cancel(self) -> None:
        if self._worker is not None:
            self._worker.stop.set()
        if self.progress is not None:
            self.progress.setLabelText(tr("Cancelling…"))

    @Slot(int, str)
    def _on_progress(self, value: int, message: str) -> None:
        if self.progress is not None and self.state == "running":
            self.progress.setValue(value)
            if message and not (self._worker and self._worker.stop.is_set()):
                self.progress.setLabelText(message)

    def _finish_thread(self) -> None:
        if self._thread is not None:
            self._thread.quit()
            self._thread.wait()
            self._thread.deleteLater()
        if self._worker is not None:
            self._worker.deleteLater()
        self._thread = None
        self._worker = None
        if self.progress is not None:
            self.progress.canceled.disconnect(self.cancel)
            self.progress.close()
            self.progress.deleteLater()
            self.progress = None
        self.export_button.setEnabled(True)

    @Slot(list)
    def _on_success(self, written: list) -> None:
        self._finish_thread()
        self.written = [Path(p) for p in written]
        self.state = "done"
        try:
            reporting.record_export(self.services, self._request, self.written)
        except SafeOnlineError:
            pass  # the files are written; failing to log the export must not hide them
        names = "\n".join(str(p) for p in self.written)
        self.result.setText(tr("Exported:\n{files}", files=names))
        self.result.show()
        self.open_folder_button.show()
        self.open_folder_button.setFocus()
        self.exported.emit(self.written)

    @Slot(str)
    def _on_failure(self, message: str) -> None:
        self._finish_thread()
        self.state = "failed"
        QMessageBox.warning(self, tr("Export review pack"), message)

    @Slot()
    def _on_cancelled(self) -> None:
        self._finish_thread()
        self.state = "cancelled"
        self.result.setText(tr("The export was cancelled; no file was written."))
        self.result.show()

    def open_folder(self) -> None:
        if self.written:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.written[0].parent)))

    # -- closing while running -------------------------------------------------------------------
    def reject(self) -> None:
        if self.state == "running":
            self.cancel()  # the dialog stays until the worker has stopped and removed its files
            return
        super().reject()

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if self.state == "running":
            self.cancel()
            event.ignore()
            return
        super().closeEvent(event)


def _html_escape(text: str) -> str:
    from html import escape

    return escape(text)
