"""Main window (minimal: the review list). The guided workspace replaces its centre."""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QLabel, QListWidget, QMainWindow, QVBoxLayout, QWidget

from safeonline_desktop.i18n import tr


class MainWindow(QMainWindow):
    def __init__(self, services, settings: QSettings, qt_translations=None, parent=None) -> None:
        super().__init__(parent)
        self.services = services
        self.settings = settings
        self.setWindowTitle(tr("SafeOnline Desktop"))
        centre = QWidget(self)
        layout = QVBoxLayout(centre)
        layout.addWidget(QLabel(tr("Reviews on this laptop")))
        self.review_list = QListWidget(centre)
        self.review_list.setAccessibleName(tr("Reviews on this laptop"))
        layout.addWidget(self.review_list)
        self.setCentralWidget(centre)
        self.refresh()
        self.resize(900, 600)

    def refresh(self) -> None:
        self.review_list.clear()
        for entry in self.services.reviews.list():
            self.review_list.addItem(f"{entry.review.country_code}  {entry.review.title}  "
                                     f"({entry.items_rated}/{entry.items_total})")
