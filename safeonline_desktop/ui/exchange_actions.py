"""Review files and the comparison in the main window: File → Export review file…, File →
Import review files…, Tools → Compare countries; and the export dialog (passphrase,
redaction, this laptop's label)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from safeonline_desktop.errors import SafeOnlineError
from safeonline_desktop.exchange import EXTENSION, MIN_PASSPHRASE
from safeonline_desktop.i18n import tr
from safeonline_desktop.services.exchange import exchange_service

from .workers import BackgroundTask

SETTINGS_EXPORT_FOLDER = "exchange/export_folder"
SETTINGS_IMPORT_FOLDER = "exchange/import_folder"


def file_filter() -> str:
    return tr("SafeOnline review files (*{ext})", ext=EXTENSION) + ";;" + tr("All files (*)")


def _stem(title: str) -> str:
    keep = "".join(ch if ch.isalnum() or ch in " -_" else " " for ch in title)
    return "-".join(keep.split())[:60].strip("-") or "review"


class ExportReviewFileDialog(QDialog):
    """Where to write the review file, with an optional passphrase and redaction.

    ``state``: ``"idle"``, ``"running"``, ``"done"`` or ``"failed"``.
    """

    exported = Signal(object)  # the ExportSummary

    def __init__(self, services, review_id: int, parent: QWidget | None = None, *, folder: Path | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.exchange = exchange_service(services)
        self.review = services.reviews.get(review_id)
        self.state = "idle"
        self.summary = None
        self.task: BackgroundTask | None = None
        self.setObjectName("export_review_file_dialog")
        self.setWindowTitle(tr("Export review file"))

        layout = QVBoxLayout(self)
        intro = QLabel(tr("Write “{title}” with its evidence files and history as one review file, to carry to "
                          "another laptop or to headquarters.", title=self.review.title), self)
        intro.setTextFormat(Qt.TextFormat.PlainText)
        intro.setWordWrap(True)
        layout.addWidget(intro)

        form = QFormLayout()
        path_row = QHBoxLayout()
        self.path = QLineEdit(self)
        self.path.setAccessibleName(tr("Review file"))
        self.path.setText(str((folder or Path.home()) / f"{_stem(self.review.title)}{EXTENSION}"))
        self.browse = QPushButton(tr("Browse…"), self)
        self.browse.setAccessibleName(tr("Choose where to save the review file"))
        path_row.addWidget(self.path, 1)
        path_row.addWidget(self.browse)
        path_widget = QWidget(self)
        path_widget.setLayout(path_row)
        path_row.setContentsMargins(0, 0, 0, 0)
        form.addRow(tr("&File:"), path_widget)

        self.label = QLineEdit(self)
        self.label.setAccessibleName(tr("This laptop's name in the file"))
        self.label.setText(self.exchange.identity().label)
        self.label.setToolTip(tr("Shown to whoever imports the file. Choose a name that says which laptop or team "
                                 "this is; the computer's own name is never used."))
        form.addRow(tr("This &laptop's name:"), self.label)

        self.encrypt = QCheckBox(tr("&Encrypt with a passphrase"), self)
        self.encrypt.setChecked(True)
        form.addRow(self.encrypt)
        self.passphrase = QLineEdit(self)
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setAccessibleName(tr("Passphrase"))
        self.repeat = QLineEdit(self)
        self.repeat.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat.setAccessibleName(tr("Repeat the passphrase"))
        form.addRow(tr("&Passphrase:"), self.passphrase)
        form.addRow(tr("&Repeat:"), self.repeat)
        self.hint = QLabel(tr("At least {n} characters. Give the passphrase to the recipient another way (by phone, "
                              "in person), never in the same e-mail as the file.", n=MIN_PASSPHRASE), self)
        self.hint.setWordWrap(True)
        form.addRow(self.hint)

        self.redact = QCheckBox(tr("Leave out &sensitive content (redacted file)"), self)
        form.addRow(self.redact)
        redact_hint = QLabel(tr("Leaves out notes, evidence and findings marked sensitive, the rationale of sensitive "
                                "items, participants' names and the change history."), self)
        redact_hint.setWordWrap(True)
        form.addRow(redact_hint)
        layout.addLayout(form)

        self.progress = QProgressBar(self)
        self.progress.setRange(0, 0)
        self.progress.setAccessibleName(tr("Progress"))
        self.progress.hide()
        layout.addWidget(self.progress)
        self.result = QLabel(self)
        self.result.setWordWrap(True)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.result.hide()
        layout.addWidget(self.result)

        self.buttons = QDialogButtonBox(self)
        self.export_button = self.buttons.addButton(tr("&Export"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.export_button.setDefault(True)
        self.export_button.clicked.connect(self.start)
        self.close_button.clicked.connect(self.reject)
        layout.addWidget(self.buttons)

        self.browse.clicked.connect(self.choose_file)
        self.encrypt.toggled.connect(self._encryption_toggled)
        self.resize(620, self.sizeHint().height())

    def _encryption_toggled(self, on: bool) -> None:
        for w in (self.passphrase, self.repeat, self.hint):
            w.setEnabled(on)

    def choose_file(self) -> None:
        chosen, _ = QFileDialog.getSaveFileName(self, tr("Export review file"), self.path.text(), file_filter())
        if chosen:
            if not chosen.lower().endswith(EXTENSION):
                chosen += EXTENSION
            self.path.setText(chosen)

    def problem(self) -> str | None:
        text = self.path.text().strip()
        if not text:
            return tr("Give a file name for the review file.")
        target = Path(text).expanduser()
        if not target.parent.is_dir():
            return tr("The folder {folder} does not exist. Choose an existing folder.", folder=target.parent)
        if target.is_dir():
            return tr("{path} is a folder; give a file name.", path=target)
        if self.encrypt.isChecked():
            if len(self.passphrase.text()) < MIN_PASSPHRASE:
                return tr("A passphrase needs at least {n} characters.", n=MIN_PASSPHRASE)
            if self.passphrase.text() != self.repeat.text():
                return tr("The two passphrases differ; type the same passphrase twice.")
        return None

    def target(self) -> Path:
        path = Path(self.path.text().strip()).expanduser()
        return path if path.name.lower().endswith(EXTENSION) else path.with_name(path.name + EXTENSION)

    def start(self) -> None:
        if self.state == "running":
            return
        problem = self.problem()
        if problem:
            QMessageBox.warning(self, tr("Export review file"), problem)
            return
        label = self.label.text()
        try:
            if label.strip() and label.strip() != self.exchange.identity().label:
                self.exchange.set_label(label)
        except SafeOnlineError as exc:
            QMessageBox.warning(self, tr("Export review file"), str(exc))
            return
        target = self.target()
        if target.exists():
            answer = QMessageBox.question(self, tr("Export review file"),
                                          tr("{name} already exists. Replace it?", name=target.name))
            if answer != QMessageBox.StandardButton.Yes:
                return
        passphrase = self.passphrase.text() if self.encrypt.isChecked() else None
        redact = self.redact.isChecked()
        review_id = self.review.id
        self.state = "running"
        self.export_button.setEnabled(False)
        self.progress.show()
        self.result.hide()
        self.task = BackgroundTask(lambda _p, _c: self.exchange.export_review(review_id, target, passphrase=passphrase,
                                                                               redact=redact), self)
        self.task.finished.connect(self._done)
        self.task.failed.connect(self._failed)
        self.task.start()

    def _over(self) -> None:
        if self.task is not None:
            self.task.deleteLater()
        self.task = None
        self.progress.hide()
        self.export_button.setEnabled(True)
        self.passphrase.clear()
        self.repeat.clear()

    def _done(self, summary) -> None:
        self._over()
        self.state = "done"
        self.summary = summary
        extras = []
        if summary.encrypted:
            extras.append(tr("encrypted"))
        if summary.redacted:
            extras.append(tr("redacted"))
        self.result.setText(tr("Exported to {path} ({size} KB, {files} attached files{extras}).", path=summary.path,
                               size=max(1, summary.size // 1024), files=summary.evidence_files,
                               extras="; " + ", ".join(extras) if extras else ""))
        self.result.show()
        self.close_button.setFocus()
        self.exported.emit(summary)

    def _failed(self, error) -> None:
        self._over()
        self.state = "failed"
        QMessageBox.warning(self, tr("Export review file"), str(error))

    def reject(self) -> None:
        if self.state == "running":
            return  # the file is written in a moment; a half-written file is never left behind
        super().reject()

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if self.state == "running":
            event.ignore()
            return
        super().closeEvent(event)


class ExchangeActions(QObject):
    """The actions this module adds to the main window, kept up to date with its state."""

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.export_action = QAction(window)
        self.export_action.setObjectName("export_review_file")
        self.export_action.setShortcut(QKeySequence("Ctrl+Shift+S"))
        self.import_action = QAction(window)
        self.import_action.setObjectName("import_review_files")
        self.import_action.setShortcut(QKeySequence("Ctrl+Shift+I"))
        self.compare_action = QAction(window)
        self.compare_action.setObjectName("compare_countries")
        self.export_action.triggered.connect(lambda _c=False: self.export_review_file())
        self.import_action.triggered.connect(lambda _c=False: self.import_review_files())
        self.compare_action.triggered.connect(lambda _c=False: self.compare_countries())
        file_menu = window.menus["file"]
        before = getattr(window, "file_extensions_separator", None)
        for action in (self.export_action, self.import_action):
            if before is not None:
                file_menu.insertAction(before, action)
            else:
                file_menu.addAction(action)
            window.addAction(action)
        window.menus["tools"].addAction(self.compare_action)
        window.addAction(self.compare_action)
        self.comparison = None
        self.dialog: QDialog | None = None
        self.export_action.setEnabled(window.current_review_id() is not None)
        for name, enabled in (("review_opened", True), ("review_closed", False)):
            signal = getattr(window, name, None)
            if signal is not None:
                signal.connect(lambda *_a, on=enabled: self.export_action.setEnabled(on))
        language_changed = getattr(window, "language_changed", None)
        if language_changed is not None:
            language_changed.connect(lambda *_a: self.retranslate())
        data_changed = getattr(window, "data_changed", None)
        if data_changed is not None:
            data_changed.connect(self._data_changed)
        self.retranslate()

    def retranslate(self) -> None:
        self.export_action.setText(tr("E&xport review file…"))
        self.export_action.setStatusTip(tr("Write the open review as a review file for another laptop or headquarters"))
        self.import_action.setText(tr("&Import review files…"))
        self.import_action.setStatusTip(tr("Check and import review files from other laptops"))
        self.compare_action.setText(tr("&Compare countries"))
        self.compare_action.setStatusTip(tr("Compare the reviews on this laptop by country and period"))
        if self.comparison is not None:
            self.comparison.retranslate()

    def _settings(self):
        return getattr(self.window, "settings", None)

    def _folder(self, key: str) -> Path | None:
        settings = self._settings()
        if settings is None:
            return None
        saved = settings.value(key, "", str)
        return Path(saved) if saved and Path(saved).is_dir() else None

    def _remember(self, key: str, folder: Path) -> None:
        settings = self._settings()
        if settings is not None:
            settings.setValue(key, str(folder))

    def _status(self, text: str) -> None:
        show = getattr(self.window, "show_status", None)
        if show is not None:
            show(text)

    # -- export ----------------------------------------------------------------------------
    def export_review_file(self) -> ExportReviewFileDialog | None:
        review_id = self.window.current_review_id()
        if review_id is None:
            QMessageBox.information(self.window, tr("Export review file"), tr("Open a review first."))
            return None
        dialog = ExportReviewFileDialog(self.window.services, review_id, self.window,
                                        folder=self._folder(SETTINGS_EXPORT_FOLDER))

        def done(summary) -> None:
            self._remember(SETTINGS_EXPORT_FOLDER, Path(summary.path).parent)
            self._status(tr("Review file written: {name}", name=Path(summary.path).name))
            self.window.data_changed.emit()  # the export is in the review's history

        dialog.exported.connect(done)
        self._show(dialog)
        return dialog

    # -- import ----------------------------------------------------------------------------
    def import_review_files(self, paths: list[Path] | None = None):
        from .import_dialog import ImportDialog

        if paths is None:
            folder = self._folder(SETTINGS_IMPORT_FOLDER) or Path.home()
            chosen, _ = QFileDialog.getOpenFileNames(self.window, tr("Import review files"), str(folder), file_filter())
            if not chosen:
                return None
            paths = [Path(p) for p in chosen]
        self._remember(SETTINGS_IMPORT_FOLDER, Path(paths[0]).parent)
        dialog = ImportDialog(self.window.services, list(paths), self.window)

        def imported(review_ids: list) -> None:
            self._status(tr("{n} review files imported.", n=len(review_ids)))
            self.window.data_changed.emit()
            home = getattr(self.window, "home", None)
            if home is not None and hasattr(home, "refresh"):
                home.refresh()

        dialog.imported.connect(imported)
        self._show(dialog)
        return dialog

    # -- comparison ------------------------------------------------------------------------
    def compare_countries(self):
        from .comparison_view import ComparisonView

        if self.comparison is None:
            self.comparison = ComparisonView(self.window.services, self.window, settings=self._settings())
            self.comparison.exported.connect(lambda path: self._status(tr("Comparison written: {name}",
                                                                          name=Path(path).name)))
        else:
            self.comparison.refresh()
        self.comparison.show()
        self.comparison.raise_()
        return self.comparison

    def _data_changed(self) -> None:
        if self.comparison is not None and self.comparison.isVisible():
            self.comparison.refresh()

    def _show(self, dialog: QDialog) -> None:
        self.dialog = dialog
        if hasattr(self.window, "dialog"):
            self.window.dialog = dialog
        dialog.setModal(True)
        dialog.show()


def install(main_window) -> ExchangeActions:
    """Add the review-file and comparison actions to ``main_window`` (see main_window.py)."""
    actions = ExchangeActions(main_window)
    main_window.exchange_actions = actions
    return actions
