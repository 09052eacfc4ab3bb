"""Adds "Export review pack…" to the main window's File menu and toolbar."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMessageBox

from safeonline_desktop.i18n import tr

SETTINGS_FOLDER = "export/folder"


def _retranslate(action: QAction) -> None:
    action.setText(tr("Export review pack…"))
    action.setStatusTip(tr("Write the open review as an Excel workbook and a PDF report"))


def install(main_window) -> QAction:
    action = QAction(main_window)
    action.setObjectName("export_review_pack")
    action.setShortcut(QKeySequence("Ctrl+Shift+E"))
    _retranslate(action)
    language_changed = getattr(main_window, "language_changed", None)
    if language_changed is not None:
        language_changed.connect(lambda *_: _retranslate(action))
    action.triggered.connect(lambda: open_export_dialog(main_window))
    main_window.menus["file"].addAction(action)
    main_window.toolbar.addAction(action)
    action.setEnabled(main_window.current_review_id() is not None)
    for signal, enabled in (("review_opened", True), ("review_closed", False)):
        sig = getattr(main_window, signal, None)
        if sig is not None:
            sig.connect(lambda *_, on=enabled: action.setEnabled(on))
    main_window.export_action = action
    return action


def open_export_dialog(main_window):
    from .export_dialog import ExportDialog

    review_id = main_window.current_review_id()
    if review_id is None:
        QMessageBox.information(main_window, tr("Export review pack"), tr("Open a review first."))
        return None
    settings = getattr(main_window, "settings", None)
    folder = None
    if settings is not None:
        saved = settings.value(SETTINGS_FOLDER, "", str)
        if saved and Path(saved).is_dir():
            folder = Path(saved)
    dialog = ExportDialog(main_window.services, review_id, main_window, folder=folder)

    def remember(written):
        if settings is not None and written:
            settings.setValue(SETTINGS_FOLDER, str(Path(written[0]).parent))
        if hasattr(main_window, "show_status"):
            main_window.show_status(tr("Review pack exported."))

    dialog.exported.connect(remember)
    dialog.setModal(True)
    dialog.show()
    return dialog
