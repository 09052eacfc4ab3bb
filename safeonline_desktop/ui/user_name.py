"""Tools > "Your name in the review history…": the name recorded as who changed what when
nobody signs in with a workshop profile. Without it the computer's login name is used, which
may be cryptic ("user1") or more than a person wants in a review file sent to headquarters."""

from __future__ import annotations

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QInputDialog, QLineEdit

from safeonline_desktop.errors import SafeOnlineError
from safeonline_desktop.i18n import tr

SETTING = "user/name"


class UserName:
    def __init__(self, window) -> None:
        self.window = window
        self.services = window.services
        self.action = QAction(window)
        self.action.setObjectName("user_name")
        self.action.triggered.connect(self.ask)
        window.menus["tools"].addAction(self.action)
        saved = window.settings.value(SETTING, "", str)
        if saved:
            try:
                self.services.profiles.set_local_name(saved)
            except SafeOnlineError:
                window.settings.remove(SETTING)
        window.language_changed.connect(lambda _lang: self.retranslate())
        self.retranslate()

    def retranslate(self) -> None:
        self.action.setText(tr("Your &name in the review history…"))
        self.action.setStatusTip(tr("The name recorded with your changes when nobody signs in with a profile"))

    def ask(self) -> bool:
        """Ask for the name; returns True if a new name was saved."""
        if self.services.profiles.exists():
            self.window.show_status(tr("Workshop profiles are in use: changes carry the signed-in profile's name."))
            return False
        name, ok = QInputDialog.getText(
            self.window, tr("Your name in the review history"),
            tr("Changes you make are recorded with this name. It appears in the history and in review "
               "files you export."),
            QLineEdit.EchoMode.Normal, self.services.profiles.local_name())
        if not ok:
            return False
        try:
            saved = self.services.profiles.set_local_name(name)
        except SafeOnlineError as exc:
            self.window.show_status(str(exc))
            return False
        self.window.settings.setValue(SETTING, saved)
        self.window.show_status(tr("Your changes are now recorded as {name}.", name=saved))
        return True


def install(main_window) -> UserName:
    main_window.user_name = UserName(main_window)
    return main_window.user_name
