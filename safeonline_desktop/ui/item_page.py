"""The page of one checklist item: what it means, the guiding questions, the rating scale with the
item's level descriptors, confidence, rationale and notes, evidence, findings and
recommendations, and links to related items of the other framework.

``extra_sections_layout`` (a QVBoxLayout at the bottom of the page) takes further sections
(e.g. proposals and consensus in workshop mode); ``item_changed(review_id, item_id)`` tells
them when the page shows another item.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from safeonline_desktop.errors import PermissionDenied
from safeonline_desktop.i18n import tr
from safeonline_desktop.services import views as v

from .evidence_panel import EvidencePanel
from .level_cards import LevelCardGroup
from .models import local_datetime_text
from .planning_panels import FindingsPanel, RecommendationsPanel
from .widgets import AutoSaveTextEdit, SectionTitle, WrapLabel, lang, scaled_font

log = logging.getLogger(__name__)


class QuestionRow(QWidget):
    """A guiding question with a box to tick once it has been discussed (the text wraps)."""

    toggled = Signal(str, bool)

    def __init__(self, question_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.question_id = question_id
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 2, 0, 2)
        self.check = QCheckBox(self)
        self.label = WrapLabel("", self, selectable=False)
        self.label.setBuddy(self.check)
        layout.addWidget(self.check, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.label, 1)
        self.check.toggled.connect(lambda on: self.toggled.emit(self.question_id, on))

    def set_text(self, text: str) -> None:
        self.label.setText(text)
        self.check.setAccessibleName(text)

    def set_done(self, done: bool) -> None:
        self.check.blockSignals(True)
        self.check.setChecked(done)
        self.check.blockSignals(False)

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802 (Qt naming)
        # A click on the question's text ticks it too.
        if event.button() == Qt.MouseButton.LeftButton:
            self.check.toggle()
        super().mouseReleaseEvent(event)


class ItemPage(QWidget):
    item_changed = Signal(int, str)
    navigate_requested = Signal(str)  # item id
    status = Signal(str)

    def __init__(self, services, editor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.editor = editor
        self.catalog = services.catalog
        self.review: v.ReviewView | None = None
        self.item_id: str | None = None
        self._assessment: v.AssessmentView | None = None

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.scroll = QScrollArea(self)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        outer.addWidget(self.scroll)
        content = QWidget(self.scroll)
        self.scroll.setWidget(content)
        page = QVBoxLayout(content)
        page.setContentsMargins(16, 12, 16, 16)
        page.setSpacing(12)

        # header
        self.breadcrumb = QLabel(content)
        self.breadcrumb.setTextFormat(Qt.TextFormat.PlainText)
        self.breadcrumb.setWordWrap(True)
        self.title = WrapLabel("", content)
        self.title.setFont(scaled_font(self.font(), 1.6, bold=True))
        self.short_label = WrapLabel("", content)
        self.short_label.setFont(scaled_font(self.font(), 1.1))
        self.name_note = WrapLabel("", content, selectable=False)
        note_font = scaled_font(self.font(), 0.9)
        note_font.setItalic(True)
        self.name_note.setFont(note_font)
        self.state_label = QLabel(content)
        self.state_label.setTextFormat(Qt.TextFormat.PlainText)
        # The note on the name sits right under the name it speaks of, not under the short label.
        for w in (self.breadcrumb, self.title, self.name_note, self.short_label, self.state_label):
            page.addWidget(w)

        # two columns: about the item | the rating
        columns = QGridLayout()
        columns.setHorizontalSpacing(16)
        columns.setColumnStretch(0, 1)
        columns.setColumnStretch(1, 1)
        page.addLayout(columns)

        self.about_box = QGroupBox(content)
        about = QVBoxLayout(self.about_box)
        self.description = WrapLabel("", self.about_box)
        self.why_title = SectionTitle("", self.about_box, scale=1.0)
        self.why = WrapLabel("", self.about_box)
        self.questions_title = SectionTitle("", self.about_box, scale=1.0)
        self.questions_box = QVBoxLayout()
        self.questions_box.setSpacing(0)
        self.prompts_title = SectionTitle("", self.about_box, scale=1.0)
        self.prompts = WrapLabel("", self.about_box)
        for w in (self.description, self.why_title, self.why, self.questions_title):
            about.addWidget(w)
        about.addLayout(self.questions_box)
        about.addWidget(self.prompts_title)
        about.addWidget(self.prompts)
        about.addStretch(1)
        self.question_rows: list[QuestionRow] = []
        columns.addWidget(self.about_box, 0, 0)

        self.rating_box = QGroupBox(content)
        rating = QVBoxLayout(self.rating_box)
        self.scale_hint = WrapLabel("", self.rating_box, selectable=False)
        rating.addWidget(self.scale_hint)
        self.levels = LevelCardGroup(self.rating_box)
        self.levels.level_chosen.connect(self.rate)
        rating.addWidget(self.levels)
        clear_row = QHBoxLayout()
        self.clear_button = QPushButton(self.rating_box)
        self.clear_button.clicked.connect(lambda: self.rate(None))
        self.last_change = QLabel(self.rating_box)
        self.last_change.setTextFormat(Qt.TextFormat.PlainText)
        clear_row.addWidget(self.clear_button)
        clear_row.addWidget(self.last_change, 1)
        rating.addLayout(clear_row)
        form = QFormLayout()
        self.phase_combo = QComboBox(self.rating_box)
        self.phase_combo.activated.connect(lambda _n: self._set_scale_value("phase", self.phase_combo))
        self.phase_label = QLabel(self.rating_box)
        self.phase_label.setBuddy(self.phase_combo)
        form.addRow(self.phase_label, self.phase_combo)
        self.confidence_combo = QComboBox(self.rating_box)
        self.confidence_combo.activated.connect(lambda _n: self._set_scale_value("confidence", self.confidence_combo))
        self.confidence_label = QLabel(self.rating_box)
        self.confidence_label.setBuddy(self.confidence_combo)
        form.addRow(self.confidence_label, self.confidence_combo)
        rating.addLayout(form)
        self.rationale_label = QLabel(self.rating_box)
        self.rationale = AutoSaveTextEdit(lambda text: self._save_text("rationale", text), self.rating_box)
        self.rationale_label.setBuddy(self.rationale)
        self.notes_label = QLabel(self.rating_box)
        self.notes = AutoSaveTextEdit(lambda text: self._save_text("notes", text), self.rating_box)
        self.notes_label.setBuddy(self.notes)
        for ed in (self.rationale, self.notes):
            ed.setMinimumHeight(self.fontMetrics().height() * 5)
        for w in (self.rationale_label, self.rationale, self.notes_label, self.notes):
            rating.addWidget(w)
        columns.addWidget(self.rating_box, 0, 1)

        # evidence, findings and recommendations, related items
        self.evidence = EvidencePanel(services, editor, content)
        self.evidence.status.connect(self.status)
        page.addWidget(self.evidence)
        planning = QHBoxLayout()
        planning.setSpacing(16)
        self.findings = FindingsPanel(services, editor, content)
        self.recommendations = RecommendationsPanel(services, editor, content)
        for panel in (self.findings, self.recommendations):
            panel.status.connect(self.status)
            planning.addWidget(panel, 1, Qt.AlignmentFlag.AlignTop)
        page.addLayout(planning)
        self.related_title = SectionTitle("", content)
        page.addWidget(self.related_title)
        self.related_box = QVBoxLayout()
        self.related_box.setSpacing(2)
        page.addLayout(self.related_box)
        self.related_buttons: list[QPushButton] = []

        #: Other developers' sections for this page (e.g. proposals and consensus) go here.
        self.extra_sections_layout = QVBoxLayout()
        page.addLayout(self.extra_sections_layout)
        page.addStretch(1)
        self.retranslate()

    # -- language -------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.about_box.setTitle(tr("About this item"))
        self.rating_box.setTitle(tr("Rating"))
        self.why_title.setText(tr("Why it matters"))
        self.questions_title.setText(tr("Guiding questions (tick them off as discussed)"))
        self.prompts_title.setText(tr("Evidence to look for"))
        self.scale_hint.setText(tr("Click a level or press its key: 0 to 4, N for not applicable, "
                                   "X for insufficient evidence."))
        self.clear_button.setText(tr("Clear rating"))
        self.clear_button.setAccessibleName(tr("Clear the rating of this item"))
        self.phase_label.setText(tr("MNR &phase:"))
        self.phase_combo.setAccessibleName(tr("MNR maturity phase"))
        self.confidence_label.setText(tr("&Confidence:"))
        self.confidence_combo.setAccessibleName(tr("Confidence in the rating"))
        self.rationale_label.setText(tr("&Rationale (why this rating; shared in reports):"))
        self.rationale.setAccessibleName(tr("Rationale"))
        self.rationale.setPlaceholderText(tr("What the evidence shows, and why it supports this level."))
        self.notes_label.setText(tr("&Notes (working notes; hidden in the presentation view):"))
        self.notes.setAccessibleName(tr("Notes"))
        self.notes.setPlaceholderText(tr("Names to follow up, documents requested, open points."))
        self.related_title.setText(tr("Related items"))
        self.evidence.retranslate()
        self.findings.retranslate()
        self.recommendations.retranslate()
        self.reload()

    # -- showing an item ------------------------------------------------------------------
    def set_review(self, review: v.ReviewView | None) -> None:
        self.flush_pending()
        self.review = review
        self.item_id = None
        if review is not None:
            self.recommendations.review_item_ids = [
                i.id for fw_id in review.framework_ids if fw_id in self.catalog.frameworks
                for i in self.catalog.framework(fw_id).items]

    def set_item(self, item_id: str) -> None:
        if self.review is None or item_id == self.item_id:
            return
        self.flush_pending()
        self.item_id = item_id
        self.rationale.replace_text("")
        self.notes.replace_text("")
        self.reload()
        self.scroll.verticalScrollBar().setValue(0)
        self.item_changed.emit(self.review.id, item_id)

    def flush_pending(self) -> bool:
        """Save any typed text now. False if something could not be saved."""
        return self.rationale.flush() & self.notes.flush()

    def reload(self) -> None:
        """Show the stored state of the current item in the current language."""
        if self.review is None or self.item_id is None:
            return
        catalog = self.catalog
        item = catalog.item(self.item_id)
        fw = catalog.framework(item.framework_id)
        domain = catalog.domain(item.domain_id)
        lg = lang()
        a = self.services.assessments.get(self.review.id, self.item_id)
        self._assessment = a
        self.breadcrumb.setText(f"{fw.short_title.get(lg)}  >  {domain.number}. {domain.name.get(lg)}")
        self.title.setText(f"{item.code()}  {item.name.get(lg)}")
        self.title.setAccessibleName(self.title.text())
        self.short_label.setText(item.short_label.get(lg))
        self.name_note.setText(tr("Official name in the framework.") if item.name_official else
                               tr("Name given by SafeOnline (the framework does not name this item)."))
        self.description.setText(item.description.get(lg))
        self.why.setText(item.why_it_matters.get(lg))
        self._show_questions(item, a, lg)
        prompts = [f"- {p.text.get(lg)} ({catalog.label('evidence_type', p.evidence_type, lg)})"
                   for p in item.evidence_prompts]
        self.prompts.setText("\n".join(prompts))
        self.levels.set_scale(catalog.scales["status"], item, lg)
        self.levels.set_current(a.status)
        self._fill_combo(self.phase_combo, "mnr_phase", a.phase, lg)
        has_phase = "mnr_phase" in fw.scale_ids
        self.phase_combo.setVisible(has_phase)
        self.phase_label.setVisible(has_phase)
        self._fill_combo(self.confidence_combo, "confidence", a.confidence, lg)
        self.rationale.set_stored_text(a.rationale)
        self.notes.set_stored_text(a.notes)
        if a.updated_at:
            self.last_change.setText(tr("Last changed by {who} on {when}", who=a.updated_by,
                                        when=local_datetime_text(a.updated_at)))
        else:
            self.last_change.setText("")
        self._apply_permissions(a)
        self._show_state()
        self.evidence.set_item(self.review.id, self.item_id)
        self.findings.set_item(self.review.id, self.item_id)
        self.recommendations.set_item(self.review.id, self.item_id)
        self._show_related(lg)

    def _may(self, permission: str) -> bool:
        try:
            self.services.ctx.check(self.review.id, permission)
        except PermissionDenied:
            return False
        return True

    def _apply_permissions(self, a: v.AssessmentView) -> None:
        """Offer only what the signed-in role may do (the services enforce it anyway): an
        observer reads; a note taker writes notes and evidence but does not rate or plan."""
        may_edit = self._may("assessment.edit")
        may_rate = self._may("assessment.rate")
        self.levels.setEnabled(may_rate)
        self.clear_button.setEnabled(may_rate and a.status is not None)
        self.phase_combo.setEnabled(may_rate)
        self.confidence_combo.setEnabled(may_rate)
        self.rationale.setReadOnly(not may_edit)
        self.notes.setReadOnly(not may_edit)
        for row in self.question_rows:
            row.setEnabled(may_edit)
        self.evidence.set_editable(self._may("evidence.edit"))
        may_plan = self._may("plan.edit")
        self.findings.set_editable(may_plan)
        self.recommendations.set_editable(may_plan)

    def _show_state(self) -> None:
        progress = self.services.progress.progress(self.review.id)
        ip = progress.by_item.get(self.item_id)
        state = ip.state if ip else v.NOT_STARTED
        label = {v.NOT_STARTED: tr("Not started"), v.IN_PROGRESS: tr("In progress"), v.RATED: tr("Rated"),
                 v.NEEDS_EVIDENCE: tr("Needs evidence")}[state]
        count = ip.evidence_count if ip else 0
        evidence = (tr("Evidence: 1 document.") if count == 1 else
                    tr("Evidence: {count} documents.", count=count))
        self.state_label.setText(tr("State: {state}.", state=label) + " " + evidence)

    def _show_questions(self, item, a: v.AssessmentView, lg: str) -> None:
        ids = [q.id for q in item.guiding_questions]
        if [r.question_id for r in self.question_rows] != ids:
            for r in self.question_rows:
                self.questions_box.removeWidget(r)
                r.hide()
                r.deleteLater()
            self.question_rows = []
            for q in item.guiding_questions:
                row = QuestionRow(q.id, self.about_box)
                row.toggled.connect(self._question_toggled)
                self.questions_box.addWidget(row)
                self.question_rows.append(row)
        for q, row in zip(item.guiding_questions, self.question_rows, strict=True):
            row.set_text(q.text.get(lg))
            row.set_done(q.id in a.questions_done)

    def _fill_combo(self, combo: QComboBox, scale_id: str, current: str | None, lg: str) -> None:
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(tr("(not set)"), None)
        for level in self.catalog.scales[scale_id].levels:
            combo.addItem(level.label.get(lg), level.code)
            combo.setItemData(combo.count() - 1, level.description.get(lg), Qt.ItemDataRole.ToolTipRole)
        combo.setCurrentIndex(max(0, combo.findData(current)) if current else 0)
        combo.blockSignals(False)

    def _show_related(self, lg: str) -> None:
        for b in self.related_buttons:
            self.related_box.removeWidget(b)
            b.hide()
            b.deleteLater()
        self.related_buttons = []
        in_review = set(self.review.framework_ids)
        refs = self.catalog.related(self.item_id)
        shown: set[tuple[str, str]] = set()
        for ref in refs:
            if not self.catalog.has_item(ref.to_id) or (ref.to_id, ref.relation) in shown:
                continue
            shown.add((ref.to_id, ref.relation))
            other = self.catalog.item(ref.to_id)
            relation = self.catalog.label("relation", ref.relation, lg)
            button = QPushButton(f"{relation}: {other.code()}  {other.name.get(lg)}", self)
            button.setFlat(True)
            button.setStyleSheet("text-align: left")
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            button.setToolTip(ref.rationale.get(lg))
            button.setAccessibleName(tr("Go to related item {item}", item=f"{other.code()} {other.name.get(lg)}"))
            if other.framework_id in in_review:
                button.clicked.connect(lambda _=False, target=other.id: self.navigate_requested.emit(target))
            else:
                button.setEnabled(False)
                button.setToolTip(tr("{framework} is not part of this review.",
                                     framework=self.catalog.framework(other.framework_id).short_title.get(lg)))
            self.related_box.addWidget(button)
            self.related_buttons.append(button)
        if not self.related_buttons:
            none = QPushButton(tr("No related items in the other framework."), self)
            none.setEnabled(False)
            none.setFlat(True)
            none.setAccessibleName(tr("No related items"))
            self.related_box.addWidget(none)
            self.related_buttons.append(none)

    # -- edits ----------------------------------------------------------------------------
    def _code(self) -> str:
        return self.catalog.item(self.item_id).code() if self.item_id else ""

    def rate(self, code: str | None) -> bool:
        if self.review is None or self.item_id is None:
            return False
        if self._assessment is not None and self._assessment.status == code:
            self.levels.set_current(code)
            return True
        if code is None:
            text = tr("Clear the rating of {item}", item=self._code())
        else:
            level = self.catalog.scales["status"].level(code).label.get(lang())
            text = tr("Rate {item} as {level}", item=self._code(), level=level)
        ok = self.editor.record_assessment(self.review.id, self.item_id, text, status=code)
        if not ok:
            self.levels.set_current(self._assessment.status if self._assessment else None)
        return ok

    def _set_scale_value(self, field: str, combo: QComboBox) -> None:
        value = combo.currentData()
        if self._assessment is not None and getattr(self._assessment, field) == value:
            return
        text = (tr("Set the MNR phase of {item}", item=self._code()) if field == "phase"
                else tr("Set the confidence of {item}", item=self._code()))
        if not self.editor.record_assessment(self.review.id, self.item_id, text, **{field: value}):
            self.reload()

    def _save_text(self, field: str, text: str) -> bool:
        if self.review is None or self.item_id is None:
            return True
        if self._assessment is not None and getattr(self._assessment, field) == text:
            return True
        text_ = (tr("Edit the rationale of {item}", item=self._code()) if field == "rationale"
                 else tr("Edit the notes of {item}", item=self._code()))
        return self.editor.record_assessment(self.review.id, self.item_id, text_, **{field: text})

    def set_question_done(self, question_id: str, done: bool) -> None:
        """Tick or untick a guiding question (as the check box does)."""
        self._question_toggled(question_id, done)

    def _question_toggled(self, question_id: str, done: bool) -> None:
        current = list(self._assessment.questions_done if self._assessment else ())
        ticked = [q for q in current if q != question_id] + ([question_id] if done else [])
        text = (tr("Tick a guiding question of {item}", item=self._code()) if done
                else tr("Untick a guiding question of {item}", item=self._code()))
        if not self.editor.record_assessment(self.review.id, self.item_id, text, questions_done=ticked):
            self.reload()
