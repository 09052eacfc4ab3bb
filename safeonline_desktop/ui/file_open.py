"""Review files handed to the app by the desktop: a double-click on a ``.safeonline`` file
(Linux and Windows pass it on the command line, macOS sends a QFileOpenEvent) opens the
import preview, never an import without it. While the app is locked or waiting for sign-in,
the files wait until someone has signed in."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication


class ReviewFileOpener(QObject):
    def __init__(self, window, parent: QObject | None = None) -> None:
        super().__init__(parent or window)
        self.window = window
        self.waiting: list[Path] = []
        lock = getattr(getattr(window, "workshop", None), "lock", None)
        if lock is not None:
            lock.unlocked.connect(lambda _changed: self._flush())
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def open(self, paths: list[Path]) -> None:
        self.waiting.extend(Path(p) for p in paths)
        QTimer.singleShot(0, self._flush)

    def _locked(self) -> bool:
        lock = getattr(getattr(self.window, "workshop", None), "lock", None)
        return bool(lock is not None and lock.is_locked)

    def _flush(self) -> None:
        actions = getattr(self.window, "exchange_actions", None)
        if not self.waiting or actions is None or self._locked():
            return
        paths, self.waiting = self.waiting, []
        actions.import_review_files(paths)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt naming)
        if event.type() == QEvent.Type.FileOpen:
            path = event.file()
            if path:
                self.open([Path(path)])
                return True
        return False
