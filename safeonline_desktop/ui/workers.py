"""Running a service call off the GUI thread: its result or its refusal arrives back on the
GUI thread, with progress and a way to ask it to stop. Shared by the import, review-file export
and comparison windows, so the GUI never freezes on long work."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal, Slot

from safeonline_desktop.errors import SafeOnlineError
from safeonline_desktop.i18n import tr


class _Worker(QObject):
    done = Signal(object)
    failed = Signal(object)
    progressed = Signal(int, int)

    def __init__(self, fn: Callable[..., Any], stop: threading.Event) -> None:
        super().__init__()
        self.fn = fn
        self.stop = stop

    @Slot()
    def run(self) -> None:
        try:
            result = self.fn(lambda done, total: self.progressed.emit(min(done, 2**31 - 1), min(total, 2**31 - 1)),
                             self.stop.is_set)
        except SafeOnlineError as exc:
            self.failed.emit(exc)
        except Exception as exc:  # a bug: reported in words, the workspace stays as it was
            self.failed.emit(SafeOnlineError(tr("Something unexpected went wrong ({error}); nothing was changed.",
                                                error=f"{type(exc).__name__}: {exc}")))
        else:
            self.done.emit(result)


class BackgroundTask(QObject):
    """Run ``fn(progress, cancelled)`` in a worker thread; ``finished(result)`` or ``failed(error)``
    arrive on the GUI thread. ``cancel()`` asks ``fn`` to stop (it checks ``cancelled()``)."""

    finished = Signal(object)
    failed = Signal(object)
    progressed = Signal(int, int)

    def __init__(self, fn: Callable[..., Any], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._stop = threading.Event()
        self._thread = QThread(self)
        self._worker = _Worker(fn, self._stop)
        self._worker.moveToThread(self._thread)
        self._thread.started.connect(self._worker.run)
        self._worker.done.connect(self._on_done)
        self._worker.failed.connect(self._on_failed)
        self._worker.progressed.connect(self.progressed)
        self.running = False

    def start(self) -> None:
        self.running = True
        self._thread.start()

    def cancel(self) -> None:
        self._stop.set()

    def wait(self) -> None:
        """Block until the worker has stopped (used when a window closes)."""
        self._stop.set()
        if self._thread.isRunning():
            self._thread.quit()
            self._thread.wait()

    def _end(self) -> None:
        self.running = False
        self._thread.quit()
        self._thread.wait()
        self._worker.deleteLater()

    @Slot(object)
    def _on_done(self, result: Any) -> None:
        self._end()
        self.finished.emit(result)

    @Slot(object)
    def _on_failed(self, error: Any) -> None:
        self._end()
        self.failed.emit(error)
