"""Unexpected exceptions: logged with their traceback, shown in a dialog with a report the
user can copy; the app keeps running where it safely can.

The hook never blocks: the report dialog is opened window-modal with ``open()``. While it is
on screen, further errors are added to its report instead of stacking new dialogs (an error in
a paint event would otherwise open one per repaint). Text still being typed is saved first
(``flush`` callbacks), so a crash loses nothing the person wrote.
"""

from __future__ import annotations

import logging
import platform
import sys
import threading
import traceback
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from safeonline_desktop import __version__
from safeonline_desktop.errors import SafeOnlineError
from safeonline_desktop.i18n import tr

log = logging.getLogger(__name__)

#: After this many reports in one session only the log records further errors.
MAX_DIALOG_REPORTS = 20


class ErrorReportDialog(QDialog):
    def __init__(self, summary: str, report: str, log_path: Path | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Something went wrong"))
        layout = QVBoxLayout(self)
        where = tr("The details were written to {path}.", path=log_path) if log_path else ""
        self.label = QLabel(tr("SafeOnline Desktop met an unexpected problem: {summary}\n\n"
                               "Your saved work is safe. {where}", summary=summary, where=where))
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setWordWrap(True)
        layout.addWidget(self.label)
        self.report = QPlainTextEdit(report)
        self.report.setReadOnly(True)
        self.report.setAccessibleName(tr("Error report"))
        layout.addWidget(self.report)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.copy_button = buttons.addButton(tr("Copy report"), QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button.setAccessibleName(tr("Copy report"))
        self.copy_button.clicked.connect(self.copy_report)
        buttons.button(QDialogButtonBox.StandardButton.Close).setAccessibleName(tr("Close"))
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(640, 420)

    def copy_report(self) -> None:
        QApplication.clipboard().setText(self.report.toPlainText())

    def add_report(self, report: str) -> None:
        self.report.appendPlainText("\n" + "-" * 60 + "\n" + report)


def build_report(exc_type, exc, tb) -> str:
    return (
        f"SafeOnline Desktop {__version__}\nPython {platform.python_version()} on {platform.platform()}\n\n"
        + "".join(traceback.format_exception(exc_type, exc, tb))
    )


class _MainThreadBridge(QObject):
    """Carries errors raised in other threads to the GUI thread."""

    report = Signal(object, object, object)


class ExceptionHandler:
    """The process's ``sys.excepthook`` (and ``threading.excepthook``) while the GUI runs."""

    def __init__(self, log_path: Path | None) -> None:
        self.log_path = log_path
        self.dialog: ErrorReportDialog | None = None
        self.message: QMessageBox | None = None
        self.reports = 0
        self._flush: list[Callable[[], object]] = []
        self._handling = False
        self._bridge: _MainThreadBridge | None = None

    def add_flush(self, fn: Callable[[], object]) -> None:
        """Call ``fn`` (e.g. save typed text) before reporting an error."""
        self._flush.append(fn)

    def install(self) -> ExceptionHandler:
        sys.excepthook = self
        threading.excepthook = self._thread_hook
        app = QApplication.instance()
        if app is not None:
            self._bridge = _MainThreadBridge()
            self._bridge.moveToThread(app.thread())
            self._bridge.report.connect(self.__call__, Qt.ConnectionType.QueuedConnection)
        return self

    def uninstall(self) -> None:
        if sys.excepthook is self:
            sys.excepthook = sys.__excepthook__
        threading.excepthook = threading.__excepthook__

    def _thread_hook(self, args) -> None:
        if self._bridge is not None:
            self._bridge.report.emit(args.exc_type, args.exc_value, args.exc_traceback)
        else:
            self(args.exc_type, args.exc_value, args.exc_traceback)

    def __call__(self, exc_type, exc, tb) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        report = build_report(exc_type, exc, tb)
        log.error("Unhandled exception\n%s", report)
        if self._handling:  # an error while reporting an error: the log has it
            return
        self._handling = True
        try:
            self._save_typed_text()
            app = QApplication.instance()
            if app is None:
                sys.__excepthook__(exc_type, exc, tb)
                return
            if isinstance(exc, SafeOnlineError):
                self._show_message(str(exc))
                return
            self._show_report(str(exc) or exc_type.__name__, report)
        except Exception:  # never let the hook itself take the app down
            log.exception("The error report could not be shown")
        finally:
            self._handling = False

    def _save_typed_text(self) -> None:
        for fn in self._flush:
            try:
                fn()
            except Exception:
                log.exception("Saving typed text after an error failed")

    def _parent(self) -> QWidget | None:
        return QApplication.activeWindow()

    def _show_message(self, text: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, tr("SafeOnline Desktop"), text, QMessageBox.StandardButton.Ok,
                          self._parent())
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        self.message = box

    def _show_report(self, summary: str, report: str) -> None:
        self.reports += 1
        if self.dialog is not None and self.dialog.isVisible():
            self.dialog.add_report(report)
            return
        if self.reports > MAX_DIALOG_REPORTS:
            return
        dialog = ErrorReportDialog(summary, report, self.log_path, self._parent())
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.finished.connect(self._dialog_closed)
        dialog.open()
        self.dialog = dialog

    def _dialog_closed(self, _result: int) -> None:
        if self.dialog is not None:
            self.dialog.deleteLater()
        self.dialog = None


def install_excepthook(log_path: Path | None) -> ExceptionHandler:
    """Route unexpected errors to the log and a report dialog; returns the handler."""
    return ExceptionHandler(log_path).install()
