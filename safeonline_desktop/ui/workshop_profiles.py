"""Profiles of a shared laptop (lead assessors, note takers, observers), the idle-lock time, and
each review's team. Every change goes through the services, which check the role."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from safeonline_desktop.i18n import tr
from safeonline_desktop.services.access import ROLES, role_label
from safeonline_desktop.services.profiles import IDLE_RANGE, MIN_PASSPHRASE

from .workshop_common import allowed, fill_records, message, plain_label, run, setup_record_table


def _role_combo(parent: QWidget, current: str | None = None, *, only_lead: bool = False) -> QComboBox:
    combo = QComboBox(parent)
    for role in (ROLES[:1] if only_lead else ROLES):
        combo.addItem(role_label(role).capitalize(), role)
    if current is not None:
        combo.setCurrentIndex(max(combo.findData(current), 0))
    return combo


class ProfileFormDialog(QDialog):
    """A new profile (name, role, passphrase typed twice) or a new passphrase for one."""

    def __init__(self, submit: Callable[[dict], bool], parent: QWidget | None = None, *, name: str | None = None,
                 first: bool = False, passphrase_only: bool = False, ask_current: bool = False) -> None:
        super().__init__(parent)
        self.setObjectName("profile_form")
        self._submit = submit
        layout = QVBoxLayout(self)
        if first:
            layout.addWidget(plain_label(tr("The first profile is a lead assessor's. From then on, SafeOnline asks "
                                            "everyone to sign in, and each review is open only to its team."), self))
        form = QFormLayout()
        self.name = QLineEdit(self)
        self.name.setObjectName("profile_name")
        self.role = _role_combo(self, only_lead=first)
        self.role.setObjectName("profile_role")
        if not passphrase_only:
            form.addRow(tr("&Name:"), self.name)
            form.addRow(tr("&Role:"), self.role)
        self.current = QLineEdit(self)
        self.current.setObjectName("current_passphrase")
        self.current.setEchoMode(QLineEdit.EchoMode.Password)
        if ask_current:
            form.addRow(tr("&Current passphrase:"), self.current)
        self.passphrase = QLineEdit(self)
        self.passphrase.setObjectName("new_passphrase")
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat = QLineEdit(self)
        self.repeat.setObjectName("repeat_passphrase")
        self.repeat.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(tr("&Passphrase:"), self.passphrase)
        form.addRow(tr("&Type it again:"), self.repeat)
        layout.addLayout(form)
        layout.addWidget(plain_label(tr("At least {n} characters. A short sentence is easy to remember and hard to "
                                        "guess. Only a scrambled form of it is stored; nobody can read it back.",
                                        n=MIN_PASSPHRASE), self))
        self.error = plain_label("", self)
        self.error.setObjectName("profile_form_error")
        self.error.setStyleSheet("color: #c0392b;")
        layout.addWidget(self.error)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
                                        self)
        self.buttons.accepted.connect(self._ok)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        if name:
            self.setWindowTitle(tr("New passphrase for {name}", name=name))
        elif passphrase_only:
            self.setWindowTitle(tr("Change my passphrase"))
        else:
            self.setWindowTitle(tr("New profile"))

    def _ok(self) -> None:
        if self.passphrase.text() != self.repeat.text():
            self.error.setText(tr("The two passphrases differ."))
            self.repeat.clear()
            return
        values = {"name": self.name.text(), "role": self.role.currentData(), "passphrase": self.passphrase.text(),
                  "current": self.current.text()}
        try:
            if self._submit(values):
                self.accept()
        except Exception as exc:  # the services' message, shown where the person is typing
            from safeonline_desktop.errors import SafeOnlineError

            if not isinstance(exc, SafeOnlineError):
                raise
            self.error.setText(str(exc))


class ProfilesDialog(QDialog):
    """Who may sign in on this laptop, with which role; how soon the app locks."""

    profiles_changed = Signal()

    def __init__(self, services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("profiles_dialog")
        self.services = services
        self.message_box = None
        self.form: ProfileFormDialog | None = None
        self.setWindowTitle(tr("Profiles and sign-in"))
        layout = QVBoxLayout(self)
        self.intro = plain_label("", self)
        layout.addWidget(self.intro)
        self.table = QTableWidget(0, 4, self)
        self.table.setObjectName("profiles_table")
        self.table.setAccessibleName(tr("Profiles"))
        self.table.setHorizontalHeaderLabels([tr("Name"), tr("Role"), tr("Active"), tr("Last signed in (UTC)")])
        setup_record_table(self.table)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        layout.addWidget(self.table)
        row = QHBoxLayout()
        self.add_button = QPushButton(tr("&Add profile..."), self)
        self.add_button.setObjectName("add_profile")
        self.add_button.clicked.connect(self.add_profile)
        self.role_combo = _role_combo(self)
        self.role_combo.setAccessibleName(tr("Role of the selected profile"))
        self.role_button = QPushButton(tr("Set &role"), self)
        self.role_button.clicked.connect(self.set_role)
        self.reset_button = QPushButton(tr("Reset &passphrase..."), self)
        self.reset_button.clicked.connect(self.reset_passphrase)
        self.active_button = QPushButton(self)
        self.active_button.clicked.connect(self.toggle_active)
        self.delete_button = QPushButton(tr("&Delete"), self)
        self.delete_button.clicked.connect(self.delete_profile)
        for w in (self.add_button, self.role_combo, self.role_button, self.reset_button, self.active_button,
                  self.delete_button):
            row.addWidget(w)
        row.addStretch(1)
        layout.addLayout(row)
        idle = QHBoxLayout()
        self.idle_label = QLabel(tr("&Lock after this many minutes without input:"), self)
        self.idle = QSpinBox(self)
        self.idle.setObjectName("idle_minutes")
        self.idle.setRange(*IDLE_RANGE)
        self.idle_label.setBuddy(self.idle)
        self.idle_button = QPushButton(tr("Apply"), self)
        self.idle_button.setObjectName("apply_idle_minutes")
        self.idle_button.clicked.connect(self.apply_idle)
        idle.addWidget(self.idle_label)
        idle.addWidget(self.idle)
        idle.addWidget(self.idle_button)
        idle.addStretch(1)
        layout.addLayout(idle)
        bottom = QHBoxLayout()
        self.my_passphrase = QPushButton(tr("Change &my passphrase..."), self)
        self.my_passphrase.clicked.connect(self.change_my_passphrase)
        bottom.addWidget(self.my_passphrase)
        bottom.addStretch(1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        bottom.addWidget(buttons)
        layout.addLayout(bottom)
        self.resize(760, 460)
        self.reload()

    def reload(self) -> None:
        exists = self.services.profiles.exists()
        if exists:
            self.intro.setText(tr("Everyone signs in with their own profile. Lead assessors manage reviews, teams "
                                  "and profiles and set agreed ratings; note takers record notes, evidence and "
                                  "proposals; observers only read. Each review is open only to its team."))
        else:
            self.intro.setText(tr("No profiles yet: anyone using this laptop sees every review. Create the first "
                                  "profile (a lead assessor) to turn on sign-in, roles and the idle lock."))
        fill_records(self.table, (
            (p.id, [p.name, role_label(p.role).capitalize(), tr("yes") if p.active else tr("no"),
                    p.last_sign_in_at.strftime("%Y-%m-%d %H:%M") if p.last_sign_in_at else ""])
            for p in self.services.profiles.list(include_inactive=True)))
        self.idle.setValue(self.services.profiles.idle_lock_minutes())
        self._update_buttons()

    def selected_id(self) -> int | None:
        row = self.table.currentRow()
        item = self.table.item(row, 0) if row >= 0 else None
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def _update_buttons(self) -> None:
        exists = self.services.profiles.exists()
        manage = allowed(self.services, None, "profiles.manage")
        chosen = self.selected_id()
        self.add_button.setEnabled(manage)
        for w in (self.role_combo, self.role_button, self.reset_button, self.active_button, self.delete_button):
            w.setEnabled(manage and exists and chosen is not None)
        self.idle.setEnabled(manage and exists)
        self.idle_button.setEnabled(manage and exists)
        self.my_passphrase.setEnabled(self.services.profiles.current() is not None)
        active = True
        if chosen is not None:
            profile = self.services.profiles.get(chosen)
            active = profile.active
            self.role_combo.setCurrentIndex(max(self.role_combo.findData(profile.role), 0))
        self.active_button.setText(tr("De&activate") if active else tr("Re&activate"))

    def _changed(self) -> None:
        self.reload()
        self.profiles_changed.emit()

    def add_profile(self) -> ProfileFormDialog:
        first = not self.services.profiles.exists()

        def submit(values: dict) -> bool:
            made = self.services.profiles.create(name=values["name"], role=values["role"],
                                                 passphrase=values["passphrase"])
            if first:  # the person setting up the laptop carries on, signed in
                self.services.profiles.sign_in(made.name, values["passphrase"])
            self._changed()
            return True

        self.form = ProfileFormDialog(submit, self, first=first)
        self.form.open()
        return self.form

    def set_role(self) -> bool:
        pid = self.selected_id()
        ok, _ = run(self, lambda: self.services.profiles.update(pid, role=self.role_combo.currentData()))
        if ok:
            self._changed()
        return ok

    def reset_passphrase(self) -> ProfileFormDialog | None:
        pid = self.selected_id()
        if pid is None:
            return None
        name = self.services.profiles.get(pid).name

        def submit(values: dict) -> bool:
            self.services.profiles.reset_passphrase(pid, values["passphrase"])
            self._changed()
            return True

        self.form = ProfileFormDialog(submit, self, name=name, passphrase_only=True)
        self.form.open()
        return self.form

    def change_my_passphrase(self) -> ProfileFormDialog:
        def submit(values: dict) -> bool:
            self.services.profiles.change_passphrase(values["current"], values["passphrase"])
            return True

        self.form = ProfileFormDialog(submit, self, passphrase_only=True, ask_current=True)
        self.form.open()
        return self.form

    def toggle_active(self) -> bool:
        pid = self.selected_id()
        if pid is None:
            return False
        active = self.services.profiles.get(pid).active
        ok, _ = run(self, lambda: self.services.profiles.set_active(pid, not active))
        if ok:
            self._changed()
        return ok

    def delete_profile(self) -> bool:
        pid = self.selected_id()
        if pid is None:
            return False
        ok, _ = run(self, lambda: self.services.profiles.delete(pid))
        if ok:
            self._changed()
        return ok

    def apply_idle(self) -> bool:
        ok, _ = run(self, lambda: self.services.profiles.set_idle_lock_minutes(self.idle.value()))
        if ok:
            self._changed()
            message(self, tr("The app now locks after 1 minute without input.") if self.idle.value() == 1 else
                    tr("The app now locks after {n} minutes without input.", n=self.idle.value()),
                    title=tr("Profiles and sign-in"))
        return ok


class TeamDialog(QDialog):
    """Who may open one review."""

    team_changed = Signal()

    def __init__(self, services, review_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("team_dialog")
        self.services = services
        self.review_id = review_id
        self.message_box = None
        title = services.reviews.get(review_id).title
        self.setWindowTitle(tr("Team of {review}", review=title))
        layout = QVBoxLayout(self)
        layout.addWidget(plain_label(tr("Only the team's members see this review on this laptop. Lead assessors of "
                                        "the team manage it."), self))
        self.table = QTableWidget(0, 2, self)
        self.table.setObjectName("team_table")
        self.table.setAccessibleName(tr("Team"))
        self.table.setHorizontalHeaderLabels([tr("Name"), tr("Role")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.table)
        row = QHBoxLayout()
        self.candidates = QComboBox(self)
        self.candidates.setObjectName("team_candidates")
        self.candidates.setAccessibleName(tr("Profile to add"))
        self.add_button = QPushButton(tr("&Add to team"), self)
        self.add_button.setObjectName("team_add")
        self.add_button.clicked.connect(self.add_member)
        self.remove_button = QPushButton(tr("&Remove from team"), self)
        self.remove_button.setObjectName("team_remove")
        self.remove_button.clicked.connect(self.remove_member)
        row.addWidget(self.candidates, 1)
        row.addWidget(self.add_button)
        row.addWidget(self.remove_button)
        layout.addLayout(row)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(560, 400)
        self.reload()

    def reload(self) -> None:
        ok, members = run(self, lambda: self.services.profiles.team(self.review_id))
        members = members or []
        fill_records(self.table, ((t.profile_id, [t.name, role_label(t.role).capitalize()]) for t in members))
        on_team = {t.profile_id for t in members}
        self.candidates.clear()
        for p in self.services.profiles.list():
            if p.id not in on_team:
                self.candidates.addItem(f"{p.name} ({role_label(p.role)})", p.id)
        manage = allowed(self.services, self.review_id, "team.manage")
        self.add_button.setEnabled(manage and self.candidates.count() > 0)
        self.remove_button.setEnabled(manage and bool(members))
        self.candidates.setEnabled(manage)

    def add_member(self) -> bool:
        pid = self.candidates.currentData()
        ok, _ = run(self, lambda: self.services.profiles.add_to_team(self.review_id, pid))
        if ok:
            self.reload()
            self.team_changed.emit()
        return ok

    def remove_member(self) -> bool:
        row = self.table.currentRow()
        if row < 0:
            return False
        pid = self.table.item(row, 0).data(Qt.ItemDataRole.UserRole)
        ok, _ = run(self, lambda: self.services.profiles.remove_from_team(self.review_id, pid))
        if ok:
            if pid == self.services.ctx.actor.profile_id:
                self.accept()
            else:
                self.reload()
            self.team_changed.emit()
        return ok
