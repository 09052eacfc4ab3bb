"""Participants and sessions of a review: who took part (name, organisation, sector, role,
consent to be named in reports), and the workshops, interviews, site visits and validation
meetings, with who attended and notes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from safeonline_desktop.i18n import current_language, tr

from .workshop_common import allowed, fill_records, plain_label, run, setup_record_table


def _vocab_combo(catalog, vocabulary: str, parent: QWidget, current: str | None = None) -> QComboBox:
    combo = QComboBox(parent)
    for entry in catalog.vocabulary(vocabulary):
        combo.addItem(catalog.label(vocabulary, entry.code, current_language()), entry.code)
    if current is not None:
        combo.setCurrentIndex(max(combo.findData(current), 0))
    return combo


class _RecordTab(QWidget):
    """A review's records of one kind with a form: saving creates the record or updates the one
    being edited (``editing``), deleting removes it; ``changed`` after either succeeds.
    Subclasses build the form and provide ``reload()`` and ``new()``."""

    changed = Signal()

    def __init__(self, services, review_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.review_id = review_id
        self.message_box = None
        self.editing: int | None = None

    def reload(self) -> None:
        raise NotImplementedError

    def new(self) -> None:
        raise NotImplementedError

    def _save(self, create: Callable[[], Any], update: Callable[[int], Any]) -> bool:
        if self.editing is None:
            ok, made = run(self, create)
        else:
            record_id = self.editing
            ok, made = run(self, lambda: update(record_id))
        if ok:
            self.editing = made.id
            self.reload()
            self.changed.emit()
        return ok

    def _delete_editing(self, delete: Callable[[int], Any]) -> bool:
        if self.editing is None:
            return False
        record_id = self.editing
        ok, _ = run(self, lambda: delete(record_id))
        if ok:
            self.new()
            self.reload()
            self.changed.emit()
        return ok


class ParticipantsTab(_RecordTab):
    def __init__(self, services, review_id: int, parent: QWidget | None = None) -> None:
        super().__init__(services, review_id, parent)
        layout = QVBoxLayout(self)
        layout.addWidget(plain_label(tr("Names appear in reports only for people who agreed to be named; the others "
                                        "are shown by their organisation."), self))
        self.table = QTableWidget(0, 5, self)
        self.table.setObjectName("participants_table")
        self.table.setAccessibleName(tr("Participants"))
        self.table.setHorizontalHeaderLabels([tr("Name"), tr("Organisation"), tr("Sector"), tr("Role"),
                                              tr("Named in reports")])
        setup_record_table(self.table)
        self.table.itemSelectionChanged.connect(self._selected)
        layout.addWidget(self.table)
        form = QFormLayout()
        catalog = services.catalog
        self.name = QLineEdit(self)
        self.name.setObjectName("participant_name")
        self.organisation = QLineEdit(self)
        self.organisation.setObjectName("participant_organisation")
        self.sector = _vocab_combo(catalog, "sector", self, "other")
        self.sector.setObjectName("participant_sector")
        self.role = _vocab_combo(catalog, "participant_role", self, "informant")
        self.role.setObjectName("participant_role")
        self.consent = QCheckBox(tr("Agrees to be &named in reports"), self)
        self.consent.setObjectName("participant_consent")
        form.addRow(tr("&Name:"), self.name)
        form.addRow(tr("&Organisation:"), self.organisation)
        form.addRow(tr("&Sector:"), self.sector)
        form.addRow(tr("R&ole:"), self.role)
        form.addRow("", self.consent)
        layout.addLayout(form)
        row = QHBoxLayout()
        self.new_button = QPushButton(tr("&New"), self)
        self.new_button.clicked.connect(self.new)
        self.save_button = QPushButton(tr("&Save participant"), self)
        self.save_button.setObjectName("save_participant")
        self.save_button.clicked.connect(self.save)
        self.remove_button = QPushButton(tr("&Remove"), self)
        self.remove_button.clicked.connect(self.remove)
        for b in (self.new_button, self.save_button, self.remove_button):
            row.addWidget(b)
        row.addStretch(1)
        layout.addLayout(row)
        self.reload()

    def reload(self) -> None:
        catalog = self.services.catalog
        lg = current_language()
        fill_records(self.table, (
            (p.id, [p.name, p.organisation, catalog.label("sector", p.sector, lg),
                    catalog.label("participant_role", p.role, lg), tr("yes") if p.consent_named else tr("no")])
            for p in self.services.participants.list(self.review_id)))
        may = allowed(self.services, self.review_id, "participants.edit")
        for w in (self.name, self.organisation, self.sector, self.role, self.consent, self.new_button,
                  self.save_button, self.remove_button):
            w.setEnabled(may)

    def _selected(self) -> None:
        row = self.table.currentRow()
        if row < 0:
            return
        pid = self.table.item(row, 0).data(Qt.ItemDataRole.UserRole)
        p = next((x for x in self.services.participants.list(self.review_id) if x.id == pid), None)
        if p is None:
            return
        self.editing = p.id
        self.name.setText(p.name)
        self.organisation.setText(p.organisation)
        self.sector.setCurrentIndex(max(self.sector.findData(p.sector), 0))
        self.role.setCurrentIndex(max(self.role.findData(p.role), 0))
        self.consent.setChecked(p.consent_named)

    def new(self) -> None:
        self.editing = None
        self.table.clearSelection()
        for w in (self.name, self.organisation):
            w.clear()
        self.consent.setChecked(False)
        self.name.setFocus()

    def save(self) -> bool:
        fields = {"name": self.name.text(), "organisation": self.organisation.text(),
                  "sector": self.sector.currentData(), "role": self.role.currentData(),
                  "consent_named": self.consent.isChecked()}
        people = self.services.participants
        return self._save(lambda: people.add(self.review_id, **fields),
                          lambda pid: people.update(pid, **fields))

    def remove(self) -> bool:
        return self._delete_editing(self.services.participants.remove)


class SessionsTab(_RecordTab):
    def __init__(self, services, review_id: int, parent: QWidget | None = None) -> None:
        super().__init__(services, review_id, parent)
        layout = QHBoxLayout(self)
        left = QVBoxLayout()
        self.list = QListWidget(self)
        self.list.setObjectName("sessions_list")
        self.list.setAccessibleName(tr("Sessions"))
        self.list.currentItemChanged.connect(lambda cur, _prev: self._show(cur))
        left.addWidget(self.list)
        self.new_button = QPushButton(tr("&New session"), self)
        self.new_button.clicked.connect(self.new)
        left.addWidget(self.new_button)
        layout.addLayout(left, 1)
        right = QVBoxLayout()
        form = QFormLayout()
        self.kind = _vocab_combo(services.catalog, "session_kind", self, "workshop")
        self.kind.setObjectName("session_kind")
        self.title = QLineEdit(self)
        self.title.setObjectName("session_title")
        self.has_date = QCheckBox(tr("Dated"), self)
        self.has_date.setObjectName("session_has_date")
        self.date = QDateEdit(self)
        self.date.setObjectName("session_date")
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("yyyy-MM-dd")
        self.date.setDate(QDate.currentDate())
        self.has_date.toggled.connect(self.date.setEnabled)
        self.has_date.setChecked(True)
        date_row = QHBoxLayout()
        date_row.addWidget(self.has_date)
        date_row.addWidget(self.date, 1)
        self.location = QLineEdit(self)
        self.location.setObjectName("session_location")
        self.notes = QPlainTextEdit(self)
        self.notes.setObjectName("session_notes")
        self.notes.setTabChangesFocus(True)
        form.addRow(tr("&Kind:"), self.kind)
        form.addRow(tr("&Title:"), self.title)
        form.addRow(tr("&Date:"), date_row)
        form.addRow(tr("&Place:"), self.location)
        form.addRow(tr("N&otes:"), self.notes)
        right.addLayout(form)
        right.addWidget(plain_label(tr("Attended:"), self))
        self.attendance = QListWidget(self)
        self.attendance.setObjectName("session_attendance")
        self.attendance.setAccessibleName(tr("Who attended"))
        right.addWidget(self.attendance)
        row = QHBoxLayout()
        self.save_button = QPushButton(tr("&Save session"), self)
        self.save_button.setObjectName("save_session")
        self.save_button.clicked.connect(self.save)
        self.delete_button = QPushButton(tr("&Delete session"), self)
        self.delete_button.clicked.connect(self.delete)
        row.addWidget(self.save_button)
        row.addWidget(self.delete_button)
        row.addStretch(1)
        right.addLayout(row)
        layout.addLayout(right, 2)
        self.reload()

    def reload(self) -> None:
        keep = self.editing
        self.list.blockSignals(True)
        self.list.clear()
        for s in self.services.workshop.sessions(self.review_id):
            label = f"{s.held_on.isoformat()}  {s.title}" if s.held_on else s.title
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, s.id)
            self.list.addItem(item)
            if s.id == keep:
                self.list.setCurrentItem(item)
        self.list.blockSignals(False)
        self._fill_attendance(self._current_attendees())
        may = allowed(self.services, self.review_id, "sessions.edit")
        for w in (self.kind, self.title, self.has_date, self.location, self.notes, self.attendance,
                  self.new_button, self.save_button, self.delete_button):
            w.setEnabled(may)
        self.date.setEnabled(may and self.has_date.isChecked())

    def _current_attendees(self) -> set[int]:
        if self.editing is None:
            return set()
        for s in self.services.workshop.sessions(self.review_id):
            if s.id == self.editing:
                return set(s.attendee_ids)
        return set()

    def _fill_attendance(self, attending: set[int]) -> None:
        self.attendance.clear()
        for p in self.services.participants.list(self.review_id):
            item = QListWidgetItem(f"{p.name} ({p.organisation})" if p.organisation else p.name)
            item.setData(Qt.ItemDataRole.UserRole, p.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if p.id in attending else Qt.CheckState.Unchecked)
            self.attendance.addItem(item)

    def _show(self, item: QListWidgetItem | None) -> None:
        if item is None:
            return
        sid = item.data(Qt.ItemDataRole.UserRole)
        s = next((x for x in self.services.workshop.sessions(self.review_id) if x.id == sid), None)
        if s is None:
            return
        self.editing = s.id
        self.kind.setCurrentIndex(max(self.kind.findData(s.kind), 0))
        self.title.setText(s.title)
        self.has_date.setChecked(s.held_on is not None)
        if s.held_on:
            self.date.setDate(QDate(s.held_on.year, s.held_on.month, s.held_on.day))
        self.location.setText(s.location)
        self.notes.setPlainText(s.notes)
        self._fill_attendance(set(s.attendee_ids))

    def new(self) -> None:
        self.editing = None
        self.list.clearSelection()
        self.title.clear()
        self.location.clear()
        self.notes.clear()
        self._fill_attendance(set())
        self.title.setFocus()

    def attendee_ids(self) -> list[int]:
        return [self.attendance.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.attendance.count())
                if self.attendance.item(i).checkState() == Qt.CheckState.Checked]

    def set_attending(self, participant_ids) -> None:
        wanted = set(participant_ids)
        for i in range(self.attendance.count()):
            item = self.attendance.item(i)
            item.setCheckState(Qt.CheckState.Checked if item.data(Qt.ItemDataRole.UserRole) in wanted
                               else Qt.CheckState.Unchecked)

    def save(self) -> bool:
        held = None
        if self.has_date.isChecked():
            q = self.date.date()
            held = dt.date(q.year(), q.month(), q.day())
        fields = {"kind": self.kind.currentData(), "title": self.title.text(), "held_on": held,
                  "location": self.location.text(), "notes": self.notes.toPlainText()}
        attendees = self.attendee_ids()
        workshop = self.services.workshop

        def update(sid: int):
            workshop.update_session(sid, **fields)
            return workshop.set_attendance(sid, attendees)

        return self._save(lambda: workshop.add_session(self.review_id, attendee_ids=attendees, **fields), update)

    def delete(self) -> bool:
        return self._delete_editing(self.services.workshop.delete_session)


class ParticipantsSessionsDialog(QDialog):
    changed = Signal()

    def __init__(self, services, review_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("participants_sessions_dialog")
        self.setWindowTitle(tr("Participants and sessions"))
        layout = QVBoxLayout(self)
        self.tabs = QTabWidget(self)
        self.participants = ParticipantsTab(services, review_id, self.tabs)
        self.sessions = SessionsTab(services, review_id, self.tabs)
        self.tabs.addTab(self.participants, tr("&Participants"))
        self.tabs.addTab(self.sessions, tr("&Sessions"))
        layout.addWidget(self.tabs)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.participants.changed.connect(self.sessions.reload)
        self.participants.changed.connect(self.changed)
        self.sessions.changed.connect(self.changed)
        self.resize(860, 560)
