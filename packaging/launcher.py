"""Entry point of the frozen app: PyInstaller analyses this file (see safeonline-desktop.spec).

It runs the same ``safeonline_desktop.app.main`` as the ``safeonline-desktop`` command of a
source install, so the bundle and the source take one path through start-up.

Smoke test of a build (used by tests/packaging and benchmarks/bundle_startup.py): with
``SAFEONLINE_SMOKE_TEST=1`` in the environment the app starts normally and quits as soon as its
main window is shown, printing ``smoke: main window shown after N.NNN s`` on stderr (exit 0).
If a dialog appears instead (for example a message about a database problem), its text is
printed and the exit code is 3; if no window appears within 60 s the exit code is 4. With
``SAFEONLINE_SMOKE_SCREENSHOT=file.png`` as well, the window is saved to that file before quitting
(to look at fonts and icons of a build).
"""

from __future__ import annotations

import os
import sys
import time

_STARTED = time.perf_counter()
SMOKE_ENV = "SAFEONLINE_SMOKE_TEST"
SCREENSHOT_ENV = "SAFEONLINE_SMOKE_SCREENSHOT"
SMOKE_TIMEOUT_MS = 60_000


def _install_smoke_hook() -> None:
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication, QDialog, QMainWindow, QMessageBox

    app = QApplication.instance() or QApplication(sys.argv[:1])

    class _QuitWhenShown(QObject):
        def eventFilter(self, watched, event):  # noqa: N802 (Qt API)
            if event.type() == QEvent.Type.Show and isinstance(watched, QMainWindow):
                print(f"smoke: main window shown after {time.perf_counter() - _STARTED:.3f} s",
                      file=sys.stderr, flush=True)
                screenshot = os.environ.get(SCREENSHOT_ENV)
                if screenshot:
                    QTimer.singleShot(500, lambda: (watched.grab().save(screenshot), app.quit()))
                else:
                    QTimer.singleShot(0, app.quit)
            elif event.type() == QEvent.Type.Show and isinstance(watched, QDialog):
                text = watched.text() if isinstance(watched, QMessageBox) else watched.windowTitle()
                print(f"smoke: a dialog appeared instead: {text}", file=sys.stderr, flush=True)
                os._exit(3)  # a modal dialog never closes by itself offscreen
            return False

    def _timeout() -> None:
        print("smoke: no main window within 60 s", file=sys.stderr, flush=True)
        os._exit(4)

    hook = _QuitWhenShown(app)
    app.installEventFilter(hook)
    QTimer.singleShot(SMOKE_TIMEOUT_MS, _timeout)
    app._safeonline_smoke_hook = hook  # keep the filter alive as long as the app


def main() -> int:
    os.environ.setdefault("QT_ENABLE_HIGHDPI_SCALING", "1")
    args = sys.argv[1:]
    if os.environ.get(SMOKE_ENV) and "--self-test" not in args:
        _install_smoke_hook()
    from safeonline_desktop.app import main as app_main

    return app_main(args)


if __name__ == "__main__":
    sys.exit(main())
