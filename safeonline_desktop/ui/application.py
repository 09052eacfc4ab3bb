"""Start the GUI: QApplication, translators, content, database start-up with its dialogs,
then the main window."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QSettings, QTranslator
from PySide6.QtWidgets import QApplication, QMessageBox

from safeonline_desktop import __version__, i18n, paths
from safeonline_desktop.errors import (
    ContentError,
    DatabaseCorruptError,
    DatabaseTooNewError,
    SafeOnlineError,
)
from safeonline_desktop.i18n import tr

log = logging.getLogger(__name__)


def app_settings(data: paths.DataPaths) -> QSettings:
    """Settings live in the data folder (an ini file), so a USB stick carries them along and
    tests never touch the user's real settings."""
    return QSettings(str(data.root / "settings.ini"), QSettings.Format.IniFormat)


def choose_language(requested: str | None, settings: QSettings) -> str:
    if requested in i18n.LANGUAGES:
        return requested  # type: ignore[return-value]
    saved = settings.value("ui/language", "", str)
    if saved in i18n.LANGUAGES:
        return saved
    system = QLocale.system().name().split("_")[0]
    return system if system in i18n.LANGUAGES else "en"


class QtTranslations:
    """Qt's own strings (standard buttons, file dialogs) in the chosen language."""

    def __init__(self, app: QApplication) -> None:
        self._app = app
        self._translator: QTranslator | None = None

    def install(self, lang: str) -> None:
        if self._translator is not None:
            self._app.removeTranslator(self._translator)
            self._translator = None
        if lang == "en":
            return
        translator = QTranslator(self._app)
        folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        if translator.load(f"qtbase_{lang}", folder):
            self._app.installTranslator(translator)
            self._translator = translator


def ensure_application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance()
    if app is None:
        app = QApplication(argv or [sys.argv[0]])
    app.setApplicationName(paths.APP_NAME)
    app.setOrganizationName("SafeOnline")
    app.setApplicationVersion(__version__)
    return app  # type: ignore[return-value]


def start_services(data: paths.DataPaths, parent=None):
    """Open the workspace, explaining any problem in a dialog. Returns ``None`` to quit."""
    from safeonline_desktop.services import load_content, open_services
    from safeonline_desktop.storage.backup import restore_backup

    try:
        catalog = load_content()
    except ContentError as exc:
        QMessageBox.critical(parent, tr("SafeOnline Desktop"),
                             tr("The checklist content shipped with the app is damaged:\n\n{problem}\n\n"
                                "Reinstall SafeOnline Desktop.", problem=str(exc)))
        return None
    while True:
        try:
            return open_services(data.root, catalog=catalog)
        except DatabaseTooNewError as exc:
            QMessageBox.critical(parent, tr("SafeOnline Desktop"),
                                 tr("This workspace was saved by a newer version of SafeOnline Desktop. "
                                    "Install that version to open it. The file was not changed.\n\n{detail}",
                                    detail=str(exc)))
            return None
        except DatabaseCorruptError as exc:
            if not exc.latest_backup:
                QMessageBox.critical(parent, tr("SafeOnline Desktop"),
                                     tr("The workspace database cannot be read and no backup was found. "
                                        "The file was not changed.\n\n{detail}", detail=str(exc)))
                return None
            answer = QMessageBox.question(
                parent, tr("SafeOnline Desktop"),
                tr("The workspace database cannot be read ({problem}).\n\nRestore the latest backup, "
                   "{backup}? The damaged file is kept beside it.", problem=exc.detail, backup=exc.latest_backup),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            )
            if answer != QMessageBox.StandardButton.Yes:
                return None
            restore_backup(Path(exc.latest_backup), data.database)
        except SafeOnlineError as exc:
            QMessageBox.critical(parent, tr("SafeOnline Desktop"), str(exc))
            return None


def run_gui(data: paths.DataPaths, *, language: str | None, log_path: Path | None, argv: list[str],
            files: list[Path] | None = None) -> int:
    app = ensure_application(argv)
    settings = app_settings(data)
    lang = choose_language(language, settings)
    i18n.set_language(lang)
    qt_translations = QtTranslations(app)
    qt_translations.install(lang)

    from .errors import install_excepthook

    handler = install_excepthook(log_path)
    set_window_icon(app)
    services = start_services(data)
    if services is None:
        return 1
    clear_opened_copies(data)
    from .main_window import MainWindow

    window = MainWindow(services, settings, qt_translations=qt_translations)
    handler.add_flush(window.flush_pending)
    workshop = getattr(window, "workshop", None)
    if workshop is None or not workshop.lock.is_locked:
        window.show()  # when profiles exist, the sign-in screen shows it after sign-in
    from .file_open import ReviewFileOpener

    opener = ReviewFileOpener(window)
    if files:
        opener.open(files)
    try:
        return app.exec()
    finally:
        services.close()


def set_window_icon(app: QApplication) -> None:
    """The app icon (made by packaging) on every window, when it is shipped."""
    from PySide6.QtGui import QIcon

    icon_path = paths.resources_dir() / "icons" / "safeonline.svg"
    if icon_path.is_file():
        app.setWindowIcon(QIcon(str(icon_path)))
    app.setDesktopFileName("safeonline-desktop")


def clear_opened_copies(data: paths.DataPaths) -> None:
    """Remove the copies of evidence files opened in earlier sessions (best effort: a viewer
    may still hold one open)."""
    import shutil

    shutil.rmtree(data.tmp / "opened", ignore_errors=True)
