"""Unexpected exceptions: logged with their traceback, shown in a dialog with a report the
user can copy; the app keeps running where it safely can."""

from __future__ import annotations

import logging
import platform
import sys
import traceback
from pathlib import Path

from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QVBoxLayout

from safeonline_desktop import __version__
from safeonline_desktop.errors import SafeOnlineError
from safeonline_desktop.i18n import tr

log = logging.getLogger(__name__)


class ErrorReportDialog(QDialog):
    def __init__(self, summary: str, report: str, log_path: Path | None, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Something went wrong"))
        layout = QVBoxLayout(self)
        where = tr("The details were written to {path}.", path=log_path) if log_path else ""
        label = QLabel(tr("SafeOnline Desktop met an unexpected problem: {summary}\n\n"
                          "Your saved work is safe. {where}", summary=summary, where=where))
        label.setWordWrap(True)
        layout.addWidget(label)
        self.report = QPlainTextEdit(report)
        self.report.setReadOnly(True)
        self.report.setAccessibleName(tr("Error report"))
        layout.addWidget(self.report)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        copy = buttons.addButton(tr("Copy report"), QDialogButtonBox.ButtonRole.ActionRole)
        copy.clicked.connect(lambda: QApplication.clipboard().setText(report))
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(640, 420)


def build_report(exc_type, exc, tb) -> str:
    return (
        f"SafeOnline Desktop {__version__}\nPython {platform.python_version()} on {platform.platform()}\n\n"
        + "".join(traceback.format_exception(exc_type, exc, tb))
    )


def install_excepthook(log_path: Path | None) -> None:
    def hook(exc_type, exc, tb):
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        report = build_report(exc_type, exc, tb)
        log.error("Unhandled exception\n%s", report)
        app = QApplication.instance()
        if app is None:
            sys.__excepthook__(exc_type, exc, tb)
            return
        if isinstance(exc, SafeOnlineError):
            from PySide6.QtWidgets import QMessageBox

            QMessageBox.warning(app.activeWindow(), tr("SafeOnline Desktop"), str(exc))
            return
        ErrorReportDialog(str(exc) or exc_type.__name__, report, log_path, app.activeWindow()).exec()

    sys.excepthook = hook
