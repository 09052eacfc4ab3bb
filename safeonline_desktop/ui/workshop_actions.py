"""Workshop mode in the main window (loaded by ``MainWindow.load_extensions``).

Adds: File > Lock (Ctrl+L) and Sign out; Review > Participants and sessions, Review team,
Item history; Tools > Profiles and sign-in, Verify audit trail; the "Proposals and consensus"
section of the item page; the signed-in profile in the status bar; the sign-in screen at start
when the workspace has profiles, and the lock after the workspace's idle time.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel

from safeonline_desktop.i18n import tr
from safeonline_desktop.services.access import role_label

from .lock_screen import LockController


class WorkshopActions(QObject):
    def __init__(self, main_window, *, clock: Callable[[], float] = time.monotonic, interval_ms: int = 5000) -> None:
        super().__init__(main_window)
        self.mw = main_window
        self.services = main_window.services
        self.panel = None
        self.dialog = None  # the last dialog opened (for tests)
        self.lock = LockController(main_window, clock=clock, interval_ms=interval_ms)
        self.lock.unlocked.connect(self._unlocked)

        def act(name: str, slot, menu: str, shortcut: str | None = None) -> QAction:
            action = QAction(main_window)
            action.setObjectName(name)
            if shortcut:
                action.setShortcut(QKeySequence(shortcut))
                action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
            action.triggered.connect(lambda _checked=False: slot())
            main_window.menus[menu].addAction(action)
            main_window.addAction(action)
            return action

        self.lock_action = act("workshop_lock", self.lock_now, "file", "Ctrl+L")
        self.sign_out_action = act("workshop_sign_out", self.sign_out, "file")
        self.participants_action = act("workshop_participants", self.open_participants, "review")
        self.team_action = act("workshop_team", self.open_team, "review")
        self.history_action = act("workshop_history", self.open_history, "review")
        self.profiles_action = act("workshop_profiles", self.open_profiles, "tools")
        self.verify_action = act("workshop_verify_audit", self.verify_audit, "tools")
        self.status_label = QLabel(main_window)
        self.status_label.setObjectName("signed_in_label")
        self.status_label.setTextFormat(Qt.TextFormat.PlainText)
        main_window.statusBar().addPermanentWidget(self.status_label)

        main_window.review_opened.connect(self._review_opened)
        main_window.review_closed.connect(self._review_closed)
        main_window.item_changed.connect(self._item_changed)
        main_window.data_changed.connect(self._data_changed)
        if hasattr(main_window, "language_changed"):
            main_window.language_changed.connect(lambda _lang: self.retranslate())
        self.retranslate()
        if self.services.profiles.exists() and self.services.profiles.current() is None:
            self.lock.lock()  # sign in first: nothing of any review shows before that
        self.lock.refresh_settings()
        self._update()

    # -- texts and state ------------------------------------------------------------------
    def retranslate(self) -> None:
        texts = [
            (self.lock_action, tr("&Lock"), tr("Lock SafeOnline now (Ctrl+L); your passphrase unlocks it")),
            (self.sign_out_action, tr("Sign &out"), tr("Sign out and show the sign-in screen")),
            (self.participants_action, tr("Participants and &sessions..."),
             tr("Who took part, and the workshops, interviews and meetings they attended")),
            (self.team_action, tr("Review &team..."), tr("Who may open this review on this laptop")),
            (self.history_action, tr("Item &history..."), tr("Who changed this item, when, before and after")),
            (self.profiles_action, tr("&Profiles and sign-in..."),
             tr("Profiles of lead assessors, note takers and observers; the idle lock")),
            (self.verify_action, tr("&Verify audit trail"), tr("Check that no audit-trail entry was edited or deleted")),
        ]
        for action, text, tip in texts:
            action.setText(text)
            action.setToolTip(tip)
            action.setStatusTip(tip)
        self.lock.screen.retranslate()
        if self.panel is not None:
            self.panel.retranslate()
        self._update()

    def _update(self) -> None:
        workshop = self.services.profiles.exists()
        me = self.services.profiles.current()
        in_review = self.mw.current_review_id() is not None
        self.lock_action.setEnabled(workshop and me is not None)
        self.sign_out_action.setEnabled(workshop and me is not None)
        self.lock_action.setVisible(workshop)
        self.sign_out_action.setVisible(workshop)
        self.participants_action.setEnabled(in_review)
        self.team_action.setEnabled(in_review and workshop)
        self.history_action.setEnabled(in_review)
        if me is not None:
            self.status_label.setText(tr("Signed in: {name} ({role})", name=me.name, role=role_label(me.role)))
        else:
            self.status_label.setText("")

    # -- the item page section ------------------------------------------------------------
    def _ensure_panel(self):
        if self.panel is None:
            from .workshop_consensus import ConsensusPanel

            page = self.mw.workspace.item_page
            self.panel = ConsensusPanel(self.services, page)
            page.extra_sections_layout.addWidget(self.panel)
            self.panel.changed.connect(self.mw.data_changed)
            self.panel.history_requested.connect(lambda rid, item: self.open_history(item))
        return self.panel

    def _current_item(self) -> str | None:
        if self.mw.current_review_id() is None:
            return None
        page = self.mw.workspace.item_page
        return getattr(page, "item_id", None)

    def _review_opened(self, review_id: int) -> None:
        panel = self._ensure_panel()
        item = self._current_item()
        if item:
            panel.set_item(review_id, item)
        self._update()

    def _review_closed(self) -> None:
        if self.panel is not None:
            self.panel.clear()
        self._update()

    def _item_changed(self, review_id: int, item_id: str) -> None:
        self._ensure_panel().set_item(review_id, item_id)

    def _data_changed(self) -> None:
        if self.panel is not None and self.panel.review_id is not None:
            self.panel.schedule_reload()

    # -- actions --------------------------------------------------------------------------
    def lock_now(self) -> bool:
        return self.lock.lock()

    def sign_out(self) -> bool:
        return self.lock.lock(sign_out=True)

    def _unlocked(self, changed: bool) -> None:
        self._update()
        if changed:
            self.mw.data_changed.emit()

    def open_participants(self):
        from .workshop_sessions import ParticipantsSessionsDialog

        rid = self.mw.current_review_id()
        if rid is None:
            return None
        self.dialog = ParticipantsSessionsDialog(self.services, rid, self.mw)
        self.dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog.changed.connect(self.mw.data_changed)
        self.dialog.open()
        return self.dialog

    def open_team(self):
        from .workshop_profiles import TeamDialog

        rid = self.mw.current_review_id()
        if rid is None:
            return None
        self.dialog = TeamDialog(self.services, rid, self.mw)
        self.dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog.team_changed.connect(self._team_changed)
        self.dialog.open()
        return self.dialog

    def _team_changed(self) -> None:
        rid = self.mw.current_review_id()
        if rid is not None and rid not in {e.review.id for e in self.services.reviews.list(include_archived=True)}:
            self.mw.go_home()  # no longer on the team: the review closes
        self.mw.data_changed.emit()

    def open_history(self, item_id: str | None = None):
        from .workshop_audit import AuditDialog

        rid = self.mw.current_review_id()
        if rid is None:
            return None
        self.dialog = AuditDialog(self.services, rid, item_id or self._current_item(), self.mw)
        self.dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog.open()
        return self.dialog

    def open_profiles(self):
        from .workshop_profiles import ProfilesDialog

        self.dialog = ProfilesDialog(self.services, self.mw)
        self.dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog.profiles_changed.connect(self._profiles_changed)
        self.dialog.open()
        return self.dialog

    def _profiles_changed(self) -> None:
        self.lock.refresh_settings()
        self._update()
        if self.services.profiles.exists() and self.services.profiles.current() is None:
            self.lock.lock()
            return
        self.mw.data_changed.emit()

    def verify_audit(self):
        from .workshop_audit import verify_audit_trail

        box = verify_audit_trail(self.mw, self.services)
        self.mw.message_box = box
        return box


def install(main_window) -> WorkshopActions:
    actions = WorkshopActions(main_window)
    main_window.workshop = actions
    return actions

