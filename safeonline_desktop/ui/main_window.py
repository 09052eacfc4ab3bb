"""The main window: home (the reviews on this laptop) and the review workspace.

Integration points for other parts of the GUI (export, exchange, workshop):

- ``menus``: ``dict[str, QMenu]`` with keys ``file``, ``edit``, ``review``, ``view``, ``tools``,
  ``help``; ``toolbar``: the main ``QToolBar``; ``services``: the open services.
- ``current_review_id()`` and the signals ``review_opened(int)``, ``review_closed()`` and
  ``data_changed()`` (emitted after any edit; emit it after changing data yourself so that the
  views refresh).
- ``show_status(text)`` shows a short message in the status bar.
- ``workspace.item_page.extra_sections_layout`` takes extra sections of the item page, and
  ``item_changed(review_id, item_id)`` (on the main window and the item page) says when the
  item shown changes.
- At the end of ``__init__`` each module of :data:`EXTENSION_MODULES` that exists is imported
  and its ``install(main_window)`` called.
"""

from __future__ import annotations

import datetime as dt
import importlib
import logging

from PySide6.QtCore import QSettings, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QAction, QActionGroup, QDesktopServices, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QStackedWidget,
    QToolBar,
    QWidget,
)

from safeonline_desktop import __version__, i18n
from safeonline_desktop.errors import SafeOnlineError
from safeonline_desktop.i18n import tr

from . import icons
from .commands import Editor
from .dialogs import confirm, show_error
from .home import HomePage

log = logging.getLogger(__name__)

EXTENSION_MODULES = (
    "safeonline_desktop.ui.export_actions",
    "safeonline_desktop.ui.exchange_actions",
    "safeonline_desktop.ui.workshop_actions",
    "safeonline_desktop.ui.user_name",
)
MENU_KEYS = ("file", "edit", "review", "view", "tools", "help")
PRESENTATION_KEY = QKeySequence(Qt.Key.Key_F5)


class MainWindow(QMainWindow):
    review_opened = Signal(int)
    review_closed = Signal()
    data_changed = Signal()
    item_changed = Signal(int, str)
    language_changed = Signal(str)

    def __init__(self, services, settings: QSettings, qt_translations=None, parent=None) -> None:
        super().__init__(parent)
        self.services = services
        self.settings = settings
        self.qt_translations = qt_translations
        self._review_id: int | None = None
        self._workspace = None
        self._presentation = None
        self._refresh_pending = False
        self._splitters_restored = False
        self._closed = False
        self.message_box: QMessageBox | None = None  # the last message shown (kept alive; for tests)
        self.dialog: QWidget | None = None  # the last dialog or wizard opened
        self.setObjectName("main_window")

        self.editor = Editor(services, self)
        self.editor.saved.connect(self._on_saved)
        self.editor.failed.connect(self._on_failed)
        self.editor.changed.connect(self.data_changed)
        self.data_changed.connect(self._schedule_refresh)

        self.menus: dict[str, QMenu] = {key: self.menuBar().addMenu("") for key in MENU_KEYS}
        self.toolbar = QToolBar(self)
        self.toolbar.setObjectName("main_toolbar")
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.addToolBar(self.toolbar)
        self._saved_label = QLabel(self)
        self._saved_label.setAccessibleName(tr("Save status"))
        self.statusBar().addPermanentWidget(self._saved_label)

        self.stack = QStackedWidget(self)
        self.home = HomePage(services, self.stack)
        self.stack.addWidget(self.home)
        self.setCentralWidget(self.stack)
        self.home.open_requested.connect(self.open_review)
        self.home.new_requested.connect(self.new_review)
        self.home.demo_requested.connect(self.open_demo)
        self.home.duplicate_requested.connect(self.duplicate_review)
        self.home.archive_requested.connect(self.archive_review)
        self.home.delete_requested.connect(self.delete_review)

        self._create_actions()
        self.retranslate()
        self.home.refresh()
        self._update_actions()
        self.resize(1280, 820)
        self._restore_window()
        app = QApplication.instance()
        if app is not None:
            # the app may end without this window being closed (session end, app.quit())
            app.aboutToQuit.connect(self._save_before_quit)
            app.commitDataRequest.connect(self._commit_data)
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

    @property
    def workspace(self):
        """The review workspace (built on first use, so start-up stays quick)."""
        if self._workspace is None:
            from .workspace import ReviewWorkspace

            self._workspace = ReviewWorkspace(self.services, self.editor, self.stack)
            self._workspace.item_changed.connect(self.item_changed)
            self._workspace.status.connect(self.show_status)
            self._workspace.tabs.currentChanged.connect(lambda _i: self._update_actions())
            self.stack.addWidget(self._workspace)
        return self._workspace

    # -- actions and menus ----------------------------------------------------------------
    def _action(self, icon_name: str | None, slot, shortcuts=(), menu: str | None = None) -> QAction:
        action = QAction(self)
        if icon_name:
            icons.set_icon(action, icon_name)
        keys = []
        for s in shortcuts:
            if isinstance(s, QKeySequence.StandardKey):
                keys.extend(QKeySequence.keyBindings(s))
            else:
                keys.append(QKeySequence(s))
        if keys:
            action.setShortcuts(keys)
        action.triggered.connect(lambda _checked=False: slot())
        if menu:
            self.menus[menu].addAction(action)
        self.addAction(action)  # shortcuts work even when the menu bar is hidden (full screen)
        return action

    def _create_actions(self) -> None:
        SK = QKeySequence.StandardKey
        self.new_action = self._action("new-review", self.new_review, [SK.New], "file")
        self.home_action = self._action("home", self.go_home, [SK.Open, "Alt+Home"], "file")
        self.demo_action = self._action(None, self.open_demo, (), "file")
        self.close_action = self._action(None, self.go_home, [SK.Close], "file")
        self.menus["file"].addSeparator()
        self.file_extensions_separator = self.menus["file"].addSeparator()
        # Ctrl+Q where the platform defines no Quit key (Windows, some Linux desktops)
        quit_keys = [SK.Quit] if QKeySequence.keyBindings(SK.Quit) else ["Ctrl+Q"]
        self.quit_action = self._action(None, self.close, quit_keys, "file")
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)

        self.undo_action = self._action("undo", self.undo, [SK.Undo], "edit")
        self.redo_action = self._action("redo", self.redo, [SK.Redo], "edit")
        self.editor.group.canUndoChanged.connect(lambda _b: self._update_undo())
        self.editor.group.canRedoChanged.connect(lambda _b: self._update_undo())
        self.editor.group.undoTextChanged.connect(lambda _t: self._update_undo())
        self.editor.group.redoTextChanged.connect(lambda _t: self._update_undo())
        self.menus["edit"].addSeparator()
        self.find_action = self._action(None, self.find_item, [SK.Find], "edit")

        # Alt+Right/Left as in browsers (not the whole Forward/Back bindings: some platforms
        # include Backspace, which must stay a text key)
        self.next_action = self._action("next", lambda: self.step_item(1), ["Ctrl+Down", "Alt+Right"], "review")
        self.prev_action = self._action("previous", lambda: self.step_item(-1), ["Ctrl+Up", "Alt+Left"], "review")
        self.rate_menu = self.menus["review"].addMenu("")
        self.rate_actions: dict[str, QAction] = {}
        for level in self.services.catalog.scales["status"].levels:
            action = self._action(None, lambda c=level.code: self.rate_current(c), [level.key.upper()])
            self.rate_menu.addAction(action)
            self.rate_actions[level.code] = action
        self.rate_menu.addSeparator()
        self.clear_rating_action = self._action(None, lambda: self.rate_current(None), ())
        self.rate_menu.addAction(self.clear_rating_action)
        self.menus["review"].addSeparator()
        self.details_action = self._action("details", lambda: self.show_tab(2), ["Ctrl+3"], "review")

        self.item_tab_action = self._action("checklist", lambda: self.show_tab(0), ["Ctrl+1"], "view")
        self.overview_action = self._action("overview", lambda: self.show_tab(1), ["Ctrl+2"], "view")
        self.menus["view"].addSeparator()
        self.present_action = self._action("present", self.toggle_presentation, [PRESENTATION_KEY], "view")
        self.present_action.setCheckable(True)
        self.fullscreen_action = self._action(None, self.toggle_full_screen, [SK.FullScreen], "view")
        self.fullscreen_action.setCheckable(True)
        self.menus["view"].addSeparator()
        self.language_menu = self.menus["view"].addMenu("")
        self.language_group = QActionGroup(self)
        self.language_actions: dict[str, QAction] = {}
        for code, name in i18n.LANGUAGE_NAMES.items():
            action = QAction(name, self)
            action.setCheckable(True)
            action.setChecked(code == i18n.current_language())
            action.triggered.connect(lambda _c=False, lg=code: self.set_language(lg))
            self.language_group.addAction(action)
            self.language_menu.addAction(action)
            self.language_actions[code] = action

        self.data_folder_action = self._action(None, self.open_data_folder, (), "tools")

        self.shortcuts_action = self._action(None, self.show_shortcuts, [SK.HelpContents], "help")
        self.about_action = self._action(None, self.show_about, (), "help")
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)
        self.about_qt_action = self._action(None, QApplication.aboutQt, (), "help")
        self.about_qt_action.setMenuRole(QAction.MenuRole.AboutQtRole)

        for a in (self.home_action, self.new_action, None, self.undo_action, self.redo_action, None,
                  self.prev_action, self.next_action, None, self.present_action):
            if a is None:
                self.toolbar.addSeparator()
            else:
                self.toolbar.addAction(a)

    def retranslate(self) -> None:
        self._update_title()
        titles = {"file": tr("&File"), "edit": tr("&Edit"), "review": tr("&Review"), "view": tr("&View"),
                  "tools": tr("&Tools"), "help": tr("&Help")}
        for key, menu in self.menus.items():
            menu.setTitle(titles[key])
        self.toolbar.setWindowTitle(tr("Main toolbar"))
        self._saved_label.setAccessibleName(tr("Save status"))
        lg = i18n.current_language()
        texts = [
            (self.new_action, tr("&New review..."), tr("Start a new review (Ctrl+N)")),
            (self.home_action, tr("&Reviews on this laptop"), tr("Back to the list of reviews")),
            (self.demo_action, tr("Open the &demonstration review"), ""),
            (self.close_action, tr("&Close review"), ""),
            (self.quit_action, tr("&Quit"), ""),
            (self.find_action, tr("&Find item"), ""),
            (self.next_action, tr("Ne&xt item"), tr("Next item (Ctrl+Down)")),
            (self.prev_action, tr("&Previous item"), tr("Previous item (Ctrl+Up)")),
            (self.clear_rating_action, tr("&Clear rating"), ""),
            (self.details_action, tr("Review &details"), ""),
            (self.item_tab_action, tr("&Item page"), ""),
            (self.overview_action, tr("&Overview"), ""),
            (self.present_action, tr("&Presentation view"), tr("Show the current item in large type for a projector "
                                                               "(F5; Esc leaves)")),
            (self.fullscreen_action, tr("F&ull screen"), ""),
            (self.data_folder_action, tr("Open the &data folder"), ""),
            (self.shortcuts_action, tr("&Keyboard shortcuts"), ""),
            (self.about_action, tr("&About SafeOnline Desktop"), ""),
            (self.about_qt_action, tr("About &Qt"), ""),
        ]
        for action, text, tip in texts:
            action.setText(text)
            action.setToolTip(tip or text.replace("&", "").replace("...", ""))
        self.home_action.setIconText(tr("Reviews"))
        self.new_action.setIconText(tr("New review"))
        self.present_action.setIconText(tr("Present"))
        self.prev_action.setIconText(tr("Previous"))
        self.next_action.setIconText(tr("Next"))
        self.rate_menu.setTitle(tr("&Rate current item"))
        for level in self.services.catalog.scales["status"].levels:
            self.rate_actions[level.code].setText(f"{level.label.get(lg)}\t")
        self.language_menu.setTitle(tr("&Language"))
        self._update_undo()
        self.home.retranslate()
        if self._workspace is not None:
            self._workspace.retranslate()
        if self._presentation is not None:
            self._presentation.retranslate()

    def _update_title(self) -> None:
        if self._review_id is not None and self._workspace is not None and self._workspace.review is not None:
            self.setWindowTitle(f"{self._workspace.review.title} - {tr('SafeOnline Desktop')}")
        else:
            self.setWindowTitle(tr("SafeOnline Desktop"))

    def _update_undo(self) -> None:
        g = self.editor.group
        self.undo_action.setEnabled(g.canUndo())
        self.redo_action.setEnabled(g.canRedo())
        self.undo_action.setText(tr("&Undo {action}", action=g.undoText()).strip() if g.canUndo() else tr("&Undo"))
        self.redo_action.setText(tr("&Redo {action}", action=g.redoText()).strip() if g.canRedo() else tr("&Redo"))
        self.undo_action.setIconText(tr("Undo"))
        self.redo_action.setIconText(tr("Redo"))

    def _update_actions(self) -> None:
        in_review = self._review_id is not None
        on_item = in_review and self._workspace is not None and self._workspace.tabs.currentIndex() == 0
        for a in (self.close_action, self.find_action, self.next_action, self.prev_action, self.details_action,
                  self.item_tab_action, self.overview_action, self.present_action):
            a.setEnabled(in_review)
        self.rate_menu.setEnabled(on_item or self.presenting())
        for a in [*self.rate_actions.values(), self.clear_rating_action]:
            a.setEnabled(on_item)

    # -- saving status --------------------------------------------------------------------
    def _on_saved(self) -> None:
        self._saved_label.setText(tr("Saved at {time}", time=dt.datetime.now().strftime("%H:%M")))

    def _on_failed(self, message: str) -> None:
        self._saved_label.setText(tr("Not saved"))
        self.show_error(message)

    def show_error(self, message: str) -> None:
        parent = self._presentation if self.presenting() else self
        self.message_box = show_error(parent, message)

    def saved_text(self) -> str:
        return self._saved_label.text()

    def _schedule_refresh(self) -> None:
        if not self._refresh_pending:
            self._refresh_pending = True
            QTimer.singleShot(0, self._refresh)

    def _refresh(self) -> None:
        self._refresh_pending = False
        if self._review_id is not None and self._workspace is not None:
            self._workspace.refresh()
            self._update_title()
        if self.stack.currentWidget() is self.home:
            self.home.refresh()

    # -- reviews --------------------------------------------------------------------------
    def new_review(self):
        from .wizard import NewReviewWizard

        def created(review) -> None:
            self._on_saved()
            self.data_changed.emit()
            QTimer.singleShot(0, lambda: self.open_review(review.id))

        wizard = NewReviewWizard(self.services, created, self)
        wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog = wizard
        wizard.open()
        return wizard

    def open_demo(self) -> None:
        from safeonline_desktop.services.demo import create_demo_review

        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            ok, review = self.editor.call(lambda: create_demo_review(self.services))
        finally:
            QApplication.restoreOverrideCursor()
        if ok:
            self.open_review(review.id)

    def open_review(self, review_id: int, item_id: str | None = None) -> bool:
        if not self.flush_pending():
            return False
        try:
            review = self.services.reviews.get(review_id)
        except SafeOnlineError as exc:
            self.show_error(str(exc))
            self.home.refresh()
            return False
        if self._review_id is not None and self._review_id != review_id:
            self._close_current()
        if item_id is None:
            item_id = self.settings.value(f"reviews/{review.uid}/item", "", str) or None
        self._review_id = review_id
        self.editor.activate(review_id)
        workspace = self.workspace
        workspace.set_review(review, item_id)
        self.stack.setCurrentWidget(workspace)
        if not self._splitters_restored:
            # once laid out at its real size, so the saved proportions come back exactly
            self._splitters_restored = True
            self.stack.layout().activate()
            self._restore_splitters()
        self._update_title()
        self._update_actions()
        workspace.navigator.setFocus(Qt.FocusReason.OtherFocusReason)
        self.review_opened.emit(review_id)
        return True

    def _close_current(self) -> None:
        if self._review_id is None:
            return
        self._remember_item()
        self.set_presenting(False)
        if self._workspace is not None:
            self._workspace.clear()
        self._review_id = None
        self.editor.activate(None)
        self.review_closed.emit()

    def _remember_item(self) -> None:
        if self._workspace is not None and self._workspace.review is not None:
            item = self._workspace.current_item_id()
            if item:
                self.settings.setValue(f"reviews/{self._workspace.review.uid}/item", item)

    def go_home(self) -> bool:
        if not self.flush_pending():
            return False
        self._close_current()
        self.stack.setCurrentWidget(self.home)
        self.home.refresh()
        self._update_title()
        self._update_actions()
        self.home.table.setFocus()
        return True

    def duplicate_review(self, review_id: int) -> None:
        ok, made = self.editor.call(lambda: self.services.reviews.duplicate(review_id))
        if ok:
            self.home.refresh()
            self.home.select(made.id)
            self.show_status(tr("Duplicated as \"{title}\".", title=made.title))

    def archive_review(self, review_id: int, archive: bool) -> None:
        fn = self.services.reviews.archive if archive else self.services.reviews.unarchive
        ok, made = self.editor.call(lambda: fn(review_id))
        if ok:
            self.home.refresh()
            self.show_status(tr("Archived \"{title}\". Tick Show archived to see it.", title=made.title) if archive
                             else tr("Restored \"{title}\".", title=made.title))

    def delete_review(self, review_id: int):
        try:
            review = self.services.reviews.get(review_id)
        except SafeOnlineError as exc:
            self.show_error(str(exc))
            return None

        def really() -> None:
            if self._review_id == review_id:
                self.go_home()
            ok, _ = self.editor.call(lambda: self.services.reviews.delete(review_id))
            if ok:
                self.editor.forget_review(review_id)
                self.home.refresh()
                self.show_status(tr("Deleted \"{title}\".", title=review.title))

        self.message_box = confirm(
            self, tr("Delete review"),
            tr("Delete \"{title}\" and everything in it (ratings, evidence, findings, recommendations, action plan)? "
               "This cannot be undone. To keep it out of the way instead, archive it.", title=review.title),
            really, destructive_label=tr("Delete review"))
        return self.message_box

    # -- working in a review --------------------------------------------------------------
    def step_item(self, delta: int) -> None:
        if self._review_id is not None:
            self.workspace.step(delta)

    def show_tab(self, index: int) -> None:
        if self._review_id is not None:
            self.workspace.tabs.setCurrentIndex(index)

    def find_item(self) -> None:
        if self._review_id is not None:
            self.workspace.tabs.setCurrentIndex(0)
            self.workspace.focus_filter()

    def status_code_for_key(self, text: str) -> str | None:
        """The status level chosen by a key (0-4, n, x), from the scale's content."""
        text = (text or "").strip().lower()
        if not text:
            return None
        for level in self.services.catalog.scales["status"].levels:
            if level.key and level.key.lower() == text:
                return level.code
        return None

    def rate_current(self, code: str | None) -> bool:
        if self._review_id is None:
            return False
        return self.workspace.item_page.rate(code)

    def undo(self) -> None:
        self.flush_pending()
        self.editor.group.undo()

    def redo(self) -> None:
        self.flush_pending()
        self.editor.group.redo()

    def flush_pending(self) -> bool:
        """Save text still being typed. False if it could not be saved."""
        if self._workspace is None:
            return True
        return self._workspace.flush_pending()

    # -- presentation, full screen, language ----------------------------------------------
    def presenting(self) -> bool:
        return self._presentation is not None and self._presentation.isVisible()

    def toggle_presentation(self) -> None:
        self.set_presenting(not self.presenting())

    def set_presenting(self, on: bool) -> None:
        if on and self._review_id is not None:
            self.flush_pending()
            if self._presentation is None:
                from .presentation import PresentationWindow

                self._presentation = PresentationWindow(self, self)
            self._presentation.refresh()
            self._presentation.show_on_best_screen()
        elif not on and self._presentation is not None and self._presentation.isVisible():
            self._presentation.hide()
            self.activateWindow()
        self.present_action.setChecked(self.presenting())
        self._update_actions()

    def presentation(self):
        return self._presentation

    def toggle_full_screen(self) -> None:
        if self.isFullScreen():
            self.showNormal()
        else:
            self.showFullScreen()
        self.fullscreen_action.setChecked(self.isFullScreen())

    def set_language(self, lang: str) -> None:
        """Switch the interface and the content to ``lang`` in place, and remember it."""
        if lang not in i18n.LANGUAGES:
            raise ValueError(lang)
        self.flush_pending()
        i18n.set_language(lang)
        if self.qt_translations is not None:
            self.qt_translations.install(lang)
        self.settings.setValue("ui/language", lang)
        self.language_actions[lang].setChecked(True)
        self.retranslate()
        self.language_changed.emit(lang)

    # -- help and tools -------------------------------------------------------------------
    def _message(self, title: str, text: str, icon=QMessageBox.Icon.Information) -> QMessageBox:
        box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Close, self)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box.open()
        self.message_box = box
        return box

    def show_about(self) -> QMessageBox:
        return self._message(tr("About SafeOnline Desktop"), tr(
            "SafeOnline Desktop {version}\n\nOffline country capacity reviews against the WeProtect Model National "
            "Response and the Broadband Commission's child online safety actions.\n\nEverything stays on this "
            "laptop unless you export it. Evidence records capacity, never case material.", version=__version__))

    def shortcut_lines(self) -> list[tuple[str, str]]:
        native = QKeySequence.SequenceFormat.NativeText
        rows = [
            (tr("Next item / previous item"), "Ctrl+Down, Alt+Right / Ctrl+Up, Alt+Left"),
            (tr("Rate the current item"), tr("0 to 4; N: not applicable; X: insufficient evidence")),
            (tr("Presentation view (projector)"), tr("F5 to enter; Esc or F5 to leave")),
            (tr("Find an item"), QKeySequence(QKeySequence.StandardKey.Find).toString(native)),
            (tr("Undo / redo"), f"{QKeySequence(QKeySequence.StandardKey.Undo).toString(native)} / "
                                f"{QKeySequence(QKeySequence.StandardKey.Redo).toString(native)}"),
            (tr("Item page / overview / review details"), "Ctrl+1 / Ctrl+2 / Ctrl+3"),
            (tr("New review"), QKeySequence(QKeySequence.StandardKey.New).toString(native)),
            (tr("Back to the list of reviews"), QKeySequence(QKeySequence.StandardKey.Close).toString(native)),
        ]
        return rows

    def show_shortcuts(self) -> QMessageBox:
        text = "\n".join(f"{what}:  {keys}" for what, keys in self.shortcut_lines())
        return self._message(tr("Keyboard shortcuts"), text)

    def open_data_folder(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.services.data.root)))

    # -- window state ---------------------------------------------------------------------
    def _restore_window(self) -> None:
        geometry = self.settings.value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        state = self.settings.value("window/state")
        if state is not None:
            self.restoreState(state)

    def _restore_splitters(self) -> None:
        ws = self._workspace
        for splitter in (ws.splitter, ws.overview.splitter):
            state = self.settings.value(f"window/{splitter.objectName()}")
            if state is not None:
                splitter.restoreState(state)

    def save_window_state(self) -> None:
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/state", self.saveState())
        if self._workspace is not None and self._splitters_restored:
            for splitter in (self._workspace.splitter, self._workspace.overview.splitter):
                self.settings.setValue(f"window/{splitter.objectName()}", splitter.saveState())
        self._remember_item()
        self.settings.sync()

    def _commit_data(self, _manager) -> None:
        self._save_before_quit()

    def _save_before_quit(self) -> None:
        if self._closed:
            return
        self.flush_pending()
        self.save_window_state()

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt naming)
        if not self.flush_pending():
            # Keep the window open: what was typed is still on screen and can be copied.
            event.ignore()
            return
        self.save_window_state()
        if self._presentation is not None:
            self._presentation.hide()
        if self._review_id is not None:
            self.review_closed.emit()
        self._closed = True
        self.editor.close()
        super().closeEvent(event)

    def changeEvent(self, event) -> None:  # noqa: N802 (Qt naming)
        from PySide6.QtCore import QEvent

        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            # light/dark switched: re-tint the icons and redraw the state markers
            icons.refresh(self)
            if self._workspace is not None:
                self._workspace.nav_model.retranslate()
        super().changeEvent(event)
