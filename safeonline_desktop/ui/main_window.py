"""The main window: home (the reviews on this laptop) and the review workspace.

Integration points for other parts of the GUI (export, exchange, workshop):

- ``menus``: ``dict[str, QMenu]`` with keys ``file``, ``edit``, ``review``, ``view``, ``tools``,
  ``help``; ``toolbar``: the main ``QToolBar``; ``services``: the open services.
- ``current_review_id()`` and the signals ``review_opened(int)``, ``review_closed()`` and
  ``data_changed()`` (emitted after any edit; emit it after changing data yourself so that the
  views refresh).
- ``show_status(text)`` shows a short message in the status bar.
- At the end of ``__init__`` each module of :data:`EXTENSION_MODULES` that exists is imported
  and its ``install(main_window)`` called.
"""

from __future__ import annotations

import importlib
import logging

from PySide6.QtCore import QSettings, Signal
from PySide6.QtWidgets import QLabel, QMainWindow, QMenu, QToolBar

from safeonline_desktop.i18n import tr

log = logging.getLogger(__name__)

EXTENSION_MODULES = (
    "safeonline_desktop.ui.export_actions",
    "safeonline_desktop.ui.exchange_actions",
    "safeonline_desktop.ui.workshop_actions",
)
MENU_KEYS = ("file", "edit", "review", "view", "tools", "help")


class MainWindow(QMainWindow):
    review_opened = Signal(int)
    review_closed = Signal()
    data_changed = Signal()

    def __init__(self, services, settings: QSettings, qt_translations=None, parent=None) -> None:
        super().__init__(parent)
        self.services = services
        self.settings = settings
        self.qt_translations = qt_translations
        self._review_id: int | None = None
        self.menus: dict[str, QMenu] = {key: self.menuBar().addMenu("") for key in MENU_KEYS}
        self.toolbar = QToolBar(self)
        self.toolbar.setObjectName("main_toolbar")
        self.addToolBar(self.toolbar)
        self._saved_label = QLabel(self)
        self.statusBar().addPermanentWidget(self._saved_label)
        self.setCentralWidget(QLabel(self))
        self.retranslate()
        self.load_extensions()

    # -- integration API ------------------------------------------------------------------
    def current_review_id(self) -> int | None:
        return self._review_id

    def show_status(self, text: str) -> None:
        self.statusBar().showMessage(text, 8000)

    def load_extensions(self) -> None:
        for name in EXTENSION_MODULES:
            try:
                module = importlib.import_module(name)
            except ModuleNotFoundError as exc:
                if exc.name != name:
                    raise
                continue
            module.install(self)

    def retranslate(self) -> None:
        self.setWindowTitle(tr("SafeOnline Desktop"))
        titles = {"file": tr("&File"), "edit": tr("&Edit"), "review": tr("&Review"), "view": tr("&View"),
                  "tools": tr("&Tools"), "help": tr("&Help")}
        for key, menu in self.menus.items():
            menu.setTitle(titles[key])
        self.toolbar.setWindowTitle(tr("Main toolbar"))
