"""The review's own details (title, country, period, status, scope) and its team. Every change
is saved at once, like everything else."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from safeonline_desktop.domain.countries import countries
from safeonline_desktop.i18n import tr
from safeonline_desktop.services import views as v

from . import icons
from .dialogs import OptionalDateEdit, ParticipantDialog, confirm
from .evidence_panel import fit_table_height, setup_table
from .models import ParticipantModel
from .widgets import AutoSaveTextEdit, SectionTitle, WrapLabel, label_buttons, lang


class ReviewDetailsPage(QWidget):
    def __init__(self, services, editor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.editor = editor
        self.catalog = services.catalog
        self.review: v.ReviewView | None = None
        self.dialog: QWidget | None = None
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        outer.addWidget(scroll)
        content = QWidget(scroll)
        scroll.setWidget(content)
        layout = QVBoxLayout(content)
        layout.setContentsMargins(16, 12, 16, 16)
        self.heading = SectionTitle("", content, scale=1.3)
        layout.addWidget(self.heading)
        form = QFormLayout()
        self.title_edit = QLineEdit(content)
        self.title_edit.editingFinished.connect(self._title_done)
        self.title_label = QLabel(content)
        self.title_label.setBuddy(self.title_edit)
        form.addRow(self.title_label, self.title_edit)
        self.country_combo = QComboBox(content)
        self.country_combo.activated.connect(lambda _n: self._save("country_code", self.country_combo.currentData()))
        self.country_label = QLabel(content)
        self.country_label.setBuddy(self.country_combo)
        form.addRow(self.country_label, self.country_combo)
        period = QHBoxLayout()
        self.start_edit = OptionalDateEdit(content)
        self.end_edit = OptionalDateEdit(content)
        self.start_edit.committed.connect(lambda: self._save("period_start", self.start_edit.value()))
        self.end_edit.committed.connect(lambda: self._save("period_end", self.end_edit.value()))
        self.to_label = QLabel(content)
        period.addWidget(self.start_edit)
        period.addWidget(self.to_label)
        period.addWidget(self.end_edit)
        period.addStretch(1)
        self.period_label = QLabel(content)
        self.period_label.setBuddy(self.start_edit)
        form.addRow(self.period_label, period)
        self.status_combo = QComboBox(content)
        self.status_combo.activated.connect(lambda _n: self._save("status", self.status_combo.currentData()))
        self.status_label = QLabel(content)
        self.status_label.setBuddy(self.status_combo)
        form.addRow(self.status_label, self.status_combo)
        self.scope_edit = AutoSaveTextEdit(lambda text: self._save("scope", text), content)
        self.scope_edit.setMinimumHeight(self.fontMetrics().height() * 6)
        self.scope_label = QLabel(content)
        self.scope_label.setBuddy(self.scope_edit)
        form.addRow(self.scope_label, self.scope_edit)
        self.frameworks_label = QLabel(content)
        self.frameworks_value = WrapLabel("", content)
        form.addRow(self.frameworks_label, self.frameworks_value)
        layout.addLayout(form)
        self.team_title = SectionTitle("", content)
        layout.addWidget(self.team_title)
        self.team_model = ParticipantModel(self.catalog, self)
        self.team_view = QTableView(content)
        self.team_view.setModel(self.team_model)
        setup_table(self.team_view, "")
        self.team_view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.team_view.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.team_view.doubleClicked.connect(lambda _i: self.edit_member())
        layout.addWidget(self.team_view)
        buttons, (self.add_member_button, self.edit_member_button, self.remove_member_button) = icons.button_row(
            content, ("add", self.add_member), ("edit", self.edit_member), ("remove", self.remove_member))
        layout.addLayout(buttons)
        layout.addStretch(1)
        self.retranslate()

    def retranslate(self) -> None:
        self.heading.setText(tr("Review details"))
        self.title_label.setText(tr("&Title:"))
        self.title_edit.setAccessibleName(tr("Review title"))
        self.country_label.setText(tr("&Country:"))
        self.country_combo.setAccessibleName(tr("Country"))
        self.period_label.setText(tr("&Period:"))
        self.to_label.setText(tr("to"))
        self.start_edit.setAccessibleName(tr("Start of the review period"))
        self.end_edit.setAccessibleName(tr("End of the review period"))
        self.status_label.setText(tr("&Status:"))
        self.status_combo.setAccessibleName(tr("Review status"))
        self.scope_label.setText(tr("Sc&ope:"))
        self.scope_edit.setAccessibleName(tr("Scope of the review"))
        self.frameworks_label.setText(tr("Frameworks:"))
        self.team_title.setText(tr("Review team and people consulted"))
        self.team_view.setAccessibleName(tr("Review team"))
        label_buttons(
            (self.add_member_button, tr("&Add person..."), tr("Add a person to the team")),
            (self.edit_member_button, tr("&Edit..."), tr("Edit the selected person")),
            (self.remove_member_button, tr("&Remove..."), tr("Remove the selected person")),
        )
        self.team_model.retranslate()
        self._fill_combos()
        self.reload()

    def _fill_combos(self) -> None:
        lg = lang()
        self.country_combo.blockSignals(True)
        self.country_combo.clear()
        for c in countries(lg):
            self.country_combo.addItem(f"{c.name} ({c.code})", c.code)
        self.country_combo.blockSignals(False)
        self.status_combo.blockSignals(True)
        self.status_combo.clear()
        for e in self.catalog.vocabulary("review_status"):
            self.status_combo.addItem(e.label.get(lg), e.code)
        self.status_combo.blockSignals(False)

    def set_review(self, review: v.ReviewView | None) -> None:
        self.flush_pending()
        self.review = review
        self.scope_edit.replace_text(review.scope if review else "")
        self.reload()

    def flush_pending(self) -> bool:
        return self.scope_edit.flush()

    def reload(self) -> None:
        if self.review is None:
            return
        r = self.services.reviews.get(self.review.id)
        self.review = r
        if not self.title_edit.hasFocus():
            self.title_edit.setText(r.title)
        self.country_combo.setCurrentIndex(max(0, self.country_combo.findData(r.country_code)))
        self.start_edit.set_value(r.period_start)
        self.end_edit.set_value(r.period_end)
        self.status_combo.setCurrentIndex(max(0, self.status_combo.findData(r.status)))
        self.scope_edit.set_stored_text(r.scope)
        lg = lang()
        self.frameworks_value.setText(", ".join(
            f"{self.catalog.framework(p.pack_id).short_title.get(lg)} ({tr('version {version}', version=p.version)})"
            for p in r.packs if p.pack_id in self.catalog.frameworks))
        self.team_model.set_rows(self.services.participants.list(r.id))
        fit_table_height(self.team_view, self.team_model.rowCount(), min_rows=2, max_rows=12)

    # -- edits ----------------------------------------------------------------------------
    def _title_done(self) -> None:
        text = self.title_edit.text().strip()
        if self.review is not None and text != self.review.title:
            if not self._save("title", text):
                self.title_edit.setText(self.review.title)

    def _save(self, field: str, value: Any) -> bool:
        if self.review is None or getattr(self.review, field) == value:
            return True
        texts = {"title": tr("Change the review title"), "country_code": tr("Change the review country"),
                 "period_start": tr("Change the review period"), "period_end": tr("Change the review period"),
                 "status": tr("Change the review status"), "scope": tr("Change the review scope")}
        ok = self.editor.update_review(self.review.id, texts[field], **{field: value}) is not None
        if not ok:
            self.reload()
        return ok

    def selected_member(self) -> v.ParticipantView | None:
        rows = self.team_view.selectionModel().selectedRows()
        return self.team_model.row(rows[0].row()) if rows else None

    def _open(self, dialog: QWidget) -> QWidget:
        self.dialog = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def add_member(self):
        def submit(values: dict[str, Any]) -> bool:
            return self.editor.add_participant(self.review.id, tr("Add {name} to the team", name=values["name"]),
                                               **values) is not None

        return self._open(ParticipantDialog(self.catalog, submit, self))

    def edit_member(self):
        p = self.selected_member()
        if p is None:
            return None

        def submit(values: dict[str, Any]) -> bool:
            changes = {k: val for k, val in values.items() if getattr(p, k) != val}
            return not changes or self.editor.update_participant(
                self.review.id, p.id, tr("Edit {name}", name=p.name), **changes) is not None

        return self._open(ParticipantDialog(self.catalog, submit, self, participant=p))

    def remove_member(self):
        p = self.selected_member()
        if p is None:
            return None
        self.dialog = confirm(self, tr("Remove person"), tr("Remove {name} from this review?", name=p.name),
                              lambda: self.editor.remove_participant(self.review.id, p.id,
                                                                     tr("Remove {name}", name=p.name)),
                              destructive_label=tr("Remove"))
        return self.dialog
