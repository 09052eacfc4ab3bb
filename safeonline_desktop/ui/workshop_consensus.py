"""The "Proposals and consensus" section of the item page (workshop mode).

Top to bottom: the national self-assessment beside the validated rating, with the difference;
the proposals of each agency or participant and their spread; recording a proposal; setting
the agreed rating (lead assessors, the facilitators); dissent; attributed notes; and the item's
history. Every change goes straight to the services, which enforce the roles; controls a role
may not use are disabled.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from safeonline_desktop.i18n import tr
from safeonline_desktop.services.workshop import ConsensusView, DissentInput

from .workshop_common import (
    allowed,
    difference_text,
    fill_levels,
    fill_participants,
    level_label,
    plain_label,
    run,
    setup_record_table,
)


def _table(parent: QWidget, name: str) -> QTableWidget:
    table = QTableWidget(0, 0, parent)
    table.setObjectName(name)
    setup_record_table(table)
    table.setWordWrap(True)
    table.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
    fit_height(table)
    return table


def fit_height(table: QTableWidget, most_rows: int = 8) -> None:
    """As tall as its rows (at least two, at most ``most_rows``), so the page does not fill up
    with empty table space."""
    rows = sum(table.rowHeight(r) for r in range(min(table.rowCount(), most_rows)))
    empty = max(0, 2 - table.rowCount()) * table.fontMetrics().height() * 2
    frame = table.horizontalHeader().sizeHint().height() + 2 * table.frameWidth() + 4
    table.setFixedHeight(frame + rows + empty)


def _combo(parent: QWidget, name: str) -> QComboBox:
    combo = QComboBox(parent)
    combo.setObjectName(name)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(18)
    return combo


def _heading(parent: QWidget) -> QLabel:
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    return label


def _cell(text: str, data=None) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    if data is not None:
        item.setData(Qt.ItemDataRole.UserRole, data)
    return item


class ConsensusPanel(QGroupBox):
    """Proposals, consensus, dissent and attributed notes of the item shown."""

    changed = Signal()  # data was changed here (the main window refreshes its views)
    history_requested = Signal(int, str)

    def __init__(self, services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("consensus_panel")
        self.services = services
        self.catalog = services.catalog
        self.review_id: int | None = None
        self.item_id: str | None = None
        self.view: ConsensusView | None = None
        self.message_box = None
        self._participants = []
        self._sessions = []
        layout = QVBoxLayout(self)

        # self-assessment | validated
        grid = QGridLayout()
        self.self_label = QLabel(self)
        self.self_combo = _combo(self, "self_assessment")
        self.self_combo.setMinimumContentsLength(12)
        self.self_label.setBuddy(self.self_combo)
        self.self_source = QLineEdit(self)
        self.self_source.setObjectName("self_assessment_source")
        self.self_save = QPushButton(self)
        self.self_save.setObjectName("save_self_assessment")
        self.self_save.clicked.connect(self.save_self_assessment)
        grid.addWidget(self.self_label, 0, 0)
        grid.addWidget(self.self_combo, 0, 1)
        grid.addWidget(self.self_source, 0, 2)
        grid.addWidget(self.self_save, 0, 3)
        self.validated_caption = QLabel(self)
        self.validated = plain_label("", self)
        self.validated.setObjectName("validated_rating")
        self.difference_caption = QLabel(self)
        self.difference = plain_label("", self)
        self.difference.setObjectName("rating_difference")
        grid.addWidget(self.validated_caption, 1, 0)
        grid.addWidget(self.validated, 1, 1, 1, 3)
        grid.addWidget(self.difference_caption, 2, 0)
        grid.addWidget(self.difference, 2, 1, 1, 3)
        grid.setColumnStretch(2, 1)
        layout.addLayout(grid)

        # proposals and spread
        self.proposals_title = _heading(self)
        layout.addWidget(self.proposals_title)
        self.proposals = _table(self, "proposals_table")
        layout.addWidget(self.proposals)
        self.spread = plain_label("", self)
        self.spread.setObjectName("proposal_spread")
        layout.addWidget(self.spread)
        form = QGridLayout()
        self.who = _combo(self, "proposal_who")
        # Long enough for "An organisation or group (type its name)" in every language (QA found it clipped).
        self.who.setMinimumContentsLength(34)
        self.who.currentIndexChanged.connect(self._who_changed)
        self.organisation = QLineEdit(self)
        self.organisation.setObjectName("proposal_organisation")
        self.level = _combo(self, "proposal_level")
        self.level.setMinimumContentsLength(12)
        self.comment = QLineEdit(self)
        self.comment.setObjectName("proposal_comment")
        self.propose_button = QPushButton(self)
        self.propose_button.setObjectName("record_proposal")
        self.propose_button.clicked.connect(self.record_proposal)
        self.withdraw_button = QPushButton(self)
        self.withdraw_button.setObjectName("withdraw_proposal")
        self.withdraw_button.clicked.connect(self.withdraw_proposal)
        self.session_label = QLabel(self)
        self.session = _combo(self, "proposal_session")
        self.session_label.setBuddy(self.session)
        form.addWidget(self.who, 0, 0)
        form.addWidget(self.organisation, 0, 1, 1, 2)
        form.addWidget(self.level, 1, 0)
        form.addWidget(self.comment, 1, 1)
        form.addWidget(self.propose_button, 1, 2)
        form.addWidget(self.withdraw_button, 1, 3)
        session_row = QHBoxLayout()
        session_row.addWidget(self.session_label)
        session_row.addWidget(self.session, 1)
        form.addLayout(session_row, 2, 0, 1, 4)
        form.setColumnStretch(1, 1)
        layout.addLayout(form)

        # agreement
        agree_row = QHBoxLayout()
        self.agree_label = QLabel(self)
        self.agree_level = _combo(self, "agreed_level")
        self.agree_level.setMinimumContentsLength(12)
        self.agree_label.setBuddy(self.agree_level)
        self.agree_button = QPushButton(self)
        self.agree_button.setObjectName("set_agreed_rating")
        self.agree_button.clicked.connect(self.agree)
        self.agreed_info = plain_label("", self)
        self.agreed_info.setObjectName("agreed_info")
        agree_row.addWidget(self.agree_label)
        agree_row.addWidget(self.agree_level)
        agree_row.addWidget(self.agree_button)
        agree_row.addWidget(self.agreed_info, 1)
        layout.addLayout(agree_row)

        # dissent
        self.dissent_title = _heading(self)
        layout.addWidget(self.dissent_title)
        self.differing = plain_label("", self)
        self.differing.setObjectName("differing_proposals")
        layout.addWidget(self.differing)
        self.dissents = _table(self, "dissents_table")
        layout.addWidget(self.dissents)
        drow = QGridLayout()
        self.dissent_who = _combo(self, "dissent_who")
        self.dissent_who.currentIndexChanged.connect(self._dissent_who_changed)
        self.dissent_organisation = QLineEdit(self)
        self.dissent_organisation.setObjectName("dissent_organisation")
        self.dissent_reason = QLineEdit(self)
        self.dissent_reason.setObjectName("dissent_reason")
        self.dissent_button = QPushButton(self)
        self.dissent_button.setObjectName("record_dissent")
        self.dissent_button.clicked.connect(self.record_dissent)
        self.withdraw_dissent_button = QPushButton(self)
        self.withdraw_dissent_button.setObjectName("withdraw_dissent")
        self.withdraw_dissent_button.clicked.connect(self.withdraw_dissent)
        drow.addWidget(self.dissent_who, 0, 0)
        drow.addWidget(self.dissent_organisation, 0, 1, 1, 2)
        drow.addWidget(self.dissent_reason, 1, 0, 1, 2)
        drow.addWidget(self.dissent_button, 1, 2)
        drow.addWidget(self.withdraw_dissent_button, 1, 3)
        drow.setColumnStretch(1, 1)
        layout.addLayout(drow)

        # attributed notes
        self.notes_title = _heading(self)
        layout.addWidget(self.notes_title)
        self.notes = _table(self, "notes_table")
        layout.addWidget(self.notes)
        nrow = QHBoxLayout()
        self.note_who = _combo(self, "note_who")
        self.note_text = QLineEdit(self)
        self.note_text.setObjectName("note_text")
        self.note_text.returnPressed.connect(self.add_note)
        self.note_button = QPushButton(self)
        self.note_button.setObjectName("add_note")
        self.note_button.clicked.connect(self.add_note)
        nrow.addWidget(self.note_who)
        nrow.addWidget(self.note_text, 1)
        nrow.addWidget(self.note_button)
        layout.addLayout(nrow)

        bottom = QHBoxLayout()
        bottom.addStretch(1)
        self.history_button = QPushButton(self)
        self.history_button.setObjectName("item_history")
        self.history_button.clicked.connect(
            lambda: self.history_requested.emit(self.review_id, self.item_id) if self.item_id else None)
        bottom.addWidget(self.history_button)
        layout.addLayout(bottom)
        self._reload_pending = False
        self.retranslate()

    # -- language -------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.setTitle(tr("Proposals and consensus"))
        self.self_label.setText(tr("National &self-assessment:"))
        self.self_combo.setAccessibleName(tr("National self-assessment rating"))
        self.self_source.setPlaceholderText(tr("Source, e.g. Government self-assessment, March 2026"))
        self.self_source.setAccessibleName(tr("Source of the self-assessment"))
        self.self_save.setText(tr("Save self-assessment"))
        self.validated_caption.setText(tr("Validated rating:"))
        self.difference_caption.setText(tr("Difference:"))
        self.proposals_title.setText(tr("Ratings proposed by agencies and stakeholder groups"))
        self.proposals.setAccessibleName(tr("Proposals"))
        self.proposals.setColumnCount(4)
        self.proposals.setHorizontalHeaderLabels([tr("Proposed by"), tr("Level"), tr("Comment"), tr("Session")])
        self.organisation.setPlaceholderText(tr("Organisation or group"))
        self.organisation.setAccessibleName(tr("Organisation or stakeholder group"))
        self.who.setAccessibleName(tr("Who proposes"))
        self.level.setAccessibleName(tr("Proposed level"))
        self.comment.setPlaceholderText(tr("Why (optional)"))
        self.comment.setAccessibleName(tr("Comment on the proposal"))
        self.propose_button.setText(tr("&Record proposal"))
        self.withdraw_button.setText(tr("Withdraw"))
        self.withdraw_button.setAccessibleName(tr("Withdraw the selected proposal"))
        self.session_label.setText(tr("Recorded in session:"))
        self.agree_label.setText(tr("&Agreed rating:"))
        self.agree_button.setText(tr("Set agreed rating"))
        self.dissent_title.setText(tr("Dissent"))
        self.dissents.setAccessibleName(tr("Dissent"))
        self.dissents.setColumnCount(4)
        self.dissents.setHorizontalHeaderLabels([tr("Who"), tr("Holds"), tr("Reason"), tr("From the agreed")])
        self.dissent_who.setAccessibleName(tr("Who dissents"))
        self.dissent_organisation.setPlaceholderText(tr("Organisation or group"))
        self.dissent_reason.setPlaceholderText(tr("Why they disagree"))
        self.dissent_reason.setAccessibleName(tr("Reason for dissent"))
        self.dissent_button.setText(tr("Record &dissent"))
        self.withdraw_dissent_button.setText(tr("Withdraw"))
        self.withdraw_dissent_button.setAccessibleName(tr("Withdraw the selected dissent"))
        self.notes_title.setText(tr("Notes from the room (attributed)"))
        self.notes.setAccessibleName(tr("Attributed notes"))
        self.notes.setColumnCount(3)
        self.notes.setHorizontalHeaderLabels([tr("From"), tr("Note"), tr("Recorded by")])
        self.note_who.setAccessibleName(tr("Who said it"))
        self.note_text.setPlaceholderText(tr("What was said"))
        self.note_text.setAccessibleName(tr("Note"))
        self.note_button.setText(tr("Add &note"))
        self.history_button.setText(tr("Item &history..."))
        self.reload()

    # -- showing an item ------------------------------------------------------------------
    def set_item(self, review_id: int, item_id: str) -> None:
        if (review_id, item_id) != (self.review_id, self.item_id):
            self.comment.clear()
            self.dissent_reason.clear()
            self.note_text.clear()
        self.review_id, self.item_id = review_id, item_id
        self.reload()

    def clear(self) -> None:
        self.review_id = self.item_id = None
        self.view = None
        for table in (self.proposals, self.dissents, self.notes):
            table.setRowCount(0)

    def schedule_reload(self) -> None:
        if not self._reload_pending:
            self._reload_pending = True
            QTimer.singleShot(0, self._deferred_reload)

    def _deferred_reload(self) -> None:
        self._reload_pending = False
        self.reload()

    def reload(self) -> None:
        if self.review_id is None or self.item_id is None:
            return
        ok, view = run(self, lambda: self.services.workshop.consensus(self.review_id, self.item_id))
        if not ok:
            self.clear()
            return
        self.view = view
        participants = self.services.participants.list(self.review_id)
        self._participants = participants
        self._sessions = self.services.workshop.sessions(self.review_id)
        notes = self.services.workshop.notes(self.review_id, self.item_id)
        session_titles = {s.id: s.title for s in self._sessions}

        fill_levels(self.self_combo, self.catalog, empty=tr("(none recorded)"), current=view.self_assessment)
        if not self.self_source.hasFocus():
            self.self_source.setText(view.self_assessment_source)
        self.validated.setText(level_label(self.catalog, view.validated))
        self.difference.setText(difference_text(view.difference))

        self.proposals.setRowCount(len(view.proposals))
        for r, p in enumerate(view.proposals):
            self.proposals.setItem(r, 0, _cell(p.contributor.label, p.id))
            self.proposals.setItem(r, 1, _cell(level_label(self.catalog, p.status)))
            self.proposals.setItem(r, 2, _cell(p.comment))
            self.proposals.setItem(r, 3, _cell(session_titles.get(p.session_id, "")))
        counts = [f"{level_label(self.catalog, code)} {n}" for code, n in view.counts if n]
        if not view.proposals:
            self.spread.setText(tr("No proposals yet."))
        elif view.spread is None:
            self.spread.setText(tr("Proposals: {counts}.", counts=" · ".join(counts)))
        else:
            self.spread.setText(tr("Proposals: {counts}. Spread: {n} step(s), from {low} to {high}.",
                                   counts=" · ".join(counts), n=view.spread,
                                   low=level_label(self.catalog, view.lowest),
                                   high=level_label(self.catalog, view.highest)))
        organisation_only = tr("An organisation or group (type it)")
        for combo in (self.who, self.dissent_who):
            fill_participants(combo, participants, none_label=organisation_only, current=combo.currentData())
        fill_participants(self.note_who, participants, none_label=tr("(not attributed)"),
                          current=self.note_who.currentData())
        current_level = self.level.currentData()
        fill_levels(self.level, self.catalog, current=current_level)
        fill_levels(self.agree_level, self.catalog, current=view.validated or view.highest)
        current_session = self.session.currentData()
        self.session.blockSignals(True)
        self.session.clear()
        self.session.addItem(tr("(no session)"), None)
        for s in self._sessions:
            self.session.addItem(f"{s.held_on.isoformat() + '  ' if s.held_on else ''}{s.title}", s.id)
        self.session.setCurrentIndex(max(self.session.findData(current_session), 0))
        self.session.blockSignals(False)

        if view.agreed_at is not None:
            text = tr("Agreed by {who} on {when} UTC.", who=view.agreed_by,
                      when=view.agreed_at.strftime("%Y-%m-%d %H:%M"))
            if view.changed_since_agreed:
                text += " " + tr("The rating was changed afterwards (agreed: {level}).",
                                 level=level_label(self.catalog, view.agreed_status))
            self.agreed_info.setText(text)
        else:
            self.agreed_info.setText(tr("No rating agreed in a session yet."))
        if view.differing:
            self.differing.setText(tr("Proposed something else: {who}. Ask whether they dissent.", who="; ".join(
                f"{p.contributor.label} ({level_label(self.catalog, p.status)})" for p in view.differing)))
        else:
            self.differing.setText("")
        self.dissents.setRowCount(len(view.dissents))
        for r, d in enumerate(view.dissents):
            self.dissents.setItem(r, 0, _cell(d.contributor.label, d.id))
            self.dissents.setItem(r, 1, _cell(level_label(self.catalog, d.proposed_status)))
            self.dissents.setItem(r, 2, _cell(d.reason))
            self.dissents.setItem(r, 3, _cell(level_label(self.catalog, d.agreed_status)))
        self.notes.setRowCount(len(notes))
        for r, n in enumerate(notes):
            self.notes.setItem(r, 0, _cell(n.contributor.label or tr("(not attributed)"), n.id))
            self.notes.setItem(r, 1, _cell(n.text))
            self.notes.setItem(r, 2, _cell(n.recorded_by))
        for table in (self.proposals, self.dissents, self.notes):
            table.resizeRowsToContents()
            fit_height(table)
        self.proposals.setColumnHidden(3, not self._sessions)
        self._who_changed()
        self._dissent_who_changed()
        self._update_enabled()

    def _who_changed(self) -> None:
        self.organisation.setEnabled(self.who.currentData() is None and self.propose_button.isEnabled())

    def _dissent_who_changed(self) -> None:
        self.dissent_organisation.setEnabled(self.dissent_who.currentData() is None and
                                             self.dissent_button.isEnabled())

    def _update_enabled(self) -> None:
        rid = self.review_id
        may_propose = allowed(self.services, rid, "proposals.edit")
        may_self = allowed(self.services, rid, "self_assessment.edit")
        may_agree = allowed(self.services, rid, "consensus.agree") and allowed(self.services, rid, "assessment.rate")
        may_note = allowed(self.services, rid, "notes.edit")
        for w in (self.who, self.level, self.comment, self.propose_button, self.withdraw_button, self.session):
            w.setEnabled(may_propose)
        for w in (self.self_combo, self.self_source, self.self_save):
            w.setEnabled(may_self)
        for w in (self.agree_level, self.agree_button, self.dissent_who, self.dissent_reason, self.dissent_button,
                  self.withdraw_dissent_button):
            w.setEnabled(may_agree)
        for w in (self.note_who, self.note_text, self.note_button):
            w.setEnabled(may_note)
        self.organisation.setEnabled(may_propose and self.who.currentData() is None)
        self.dissent_organisation.setEnabled(may_agree and self.dissent_who.currentData() is None)

    # -- actions --------------------------------------------------------------------------
    def _done(self, ok: bool) -> bool:
        if ok:
            self.reload()
            self.changed.emit()
        return ok

    def save_self_assessment(self) -> bool:
        code, source = self.self_combo.currentData(), self.self_source.text()
        ok, _ = run(self, lambda: self.services.workshop.set_self_assessment(self.review_id, self.item_id, code,
                                                                              source))
        return self._done(ok)

    def record_proposal(self) -> bool:
        pid = self.who.currentData()
        org = "" if pid is not None else self.organisation.text()
        ok, _ = run(self, lambda: self.services.workshop.propose(
            self.review_id, self.item_id, status=self.level.currentData(), participant_id=pid, organisation=org,
            comment=self.comment.text(), session_id=self.session.currentData()))
        if ok:
            self.comment.clear()
            if pid is None:
                self.organisation.clear()
        return self._done(ok)

    def _selected_id(self, table: QTableWidget) -> int | None:
        row = table.currentRow()
        item = table.item(row, 0) if row >= 0 else None
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def withdraw_proposal(self) -> bool:
        pid = self._selected_id(self.proposals)
        if pid is None:
            return False
        ok, _ = run(self, lambda: self.services.workshop.withdraw_proposal(pid))
        return self._done(ok)

    def agree(self) -> bool:
        code = self.agree_level.currentData()
        ok, _ = run(self, lambda: self.services.workshop.agree(self.review_id, self.item_id, status=code,
                                                               session_id=self.session.currentData()))
        return self._done(ok)

    def record_dissent(self) -> bool:
        pid = self.dissent_who.currentData()
        org = "" if pid is not None else self.dissent_organisation.text()
        ok, _ = run(self, lambda: self.services.workshop.record_dissent(
            self.review_id, self.item_id, reason=self.dissent_reason.text(), participant_id=pid, organisation=org,
            session_id=self.session.currentData()))
        if ok:
            self.dissent_reason.clear()
        return self._done(ok)

    def agree_with_dissent(self, status: str, dissents: list[DissentInput]) -> bool:
        """Agree a rating and record dissent in one step (used by scripts and tests)."""
        ok, _ = run(self, lambda: self.services.workshop.agree(self.review_id, self.item_id, status=status,
                                                               dissents=dissents,
                                                               session_id=self.session.currentData()))
        return self._done(ok)

    def withdraw_dissent(self) -> bool:
        did = self._selected_id(self.dissents)
        if did is None:
            return False
        ok, _ = run(self, lambda: self.services.workshop.withdraw_dissent(did))
        return self._done(ok)

    def add_note(self) -> bool:
        text = self.note_text.text()
        pid = self.note_who.currentData()
        ok, _ = run(self, lambda: self.services.workshop.add_note(self.review_id, self.item_id, text,
                                                                  participant_id=pid,
                                                                  session_id=self.session.currentData()))
        if ok:
            self.note_text.clear()
        return self._done(ok)
