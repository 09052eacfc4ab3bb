"""Dialogs for adding and editing evidence, findings, recommendations, actions and team members.

Each dialog is opened with ``open()`` (never a blocking ``exec()``) and handed a ``submit``
callable: OK calls it with the entered values, and the dialog closes only if it returns True,
so a value the services refuse stays on screen to be corrected.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from safeonline_desktop.i18n import current_language, tr
from safeonline_desktop.services import views as v
from safeonline_desktop.services.evidence import CAPACITY_NOT_CASES

from .models import EvidenceModel
from .widgets import WrapLabel

NO_DATE = QDate(1900, 1, 1)


class OptionalDateEdit(QDateEdit):
    """A date that may be left empty (shown as "No date"). ``committed`` when the person is done:
    on leaving the field, pressing Enter, or picking a day in the calendar."""

    committed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setCalendarPopup(True)
        self.editingFinished.connect(self.committed)
        self.calendarWidget().clicked.connect(lambda _d: self.committed.emit())
        self.setDisplayFormat("yyyy-MM-dd")
        self.setMinimumDate(NO_DATE)
        self.setSpecialValueText(tr("No date"))
        self.setDate(NO_DATE)

    def value(self) -> dt.date | None:
        d = self.date()
        return None if d == NO_DATE else d.toPython()

    def set_value(self, value: dt.date | None) -> None:
        self.setDate(QDate(value.year, value.month, value.day) if value else NO_DATE)


def vocabulary_combo(catalog, vocabulary: str, current: str | None, parent: QWidget, name: str) -> QComboBox:
    combo = QComboBox(parent)
    lang = current_language()
    for entry in catalog.vocabulary(vocabulary):
        combo.addItem(entry.label.get(lang), entry.code)
    if current is not None:
        n = combo.findData(current)
        if n >= 0:
            combo.setCurrentIndex(n)
    combo.setAccessibleName(name)
    return combo


def show_error(parent: QWidget | None, message: str) -> QMessageBox:
    """A window-modal message that does not block the event loop."""
    box = QMessageBox(QMessageBox.Icon.Warning, tr("Not saved"), message, QMessageBox.StandardButton.Ok, parent)
    box.setWindowModality(Qt.WindowModality.WindowModal)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box


class SubmitDialog(QDialog):
    def __init__(self, submit: Callable[[dict[str, Any]], bool], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._submit = submit
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setAccessibleName(tr("Save"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setAccessibleName(tr("Cancel"))

    def values(self) -> dict[str, Any]:
        raise NotImplementedError

    def problem(self) -> str | None:
        """A reason to refuse OK before asking the services (e.g. a required field is empty)."""
        return None

    def accept(self) -> None:
        problem = self.problem()
        if problem:
            show_error(self, problem)
            return
        if self._submit(self.values()):
            super().accept()


class EvidenceDialog(SubmitDialog):
    """Add or edit a document cited as evidence, with an optional attached file (chosen with a
    file dialog or dropped on the dialog)."""

    def __init__(self, catalog, submit, parent: QWidget | None = None, *, evidence: v.EvidenceView | None = None,
                 file: Path | None = None) -> None:
        super().__init__(submit, parent)
        self.evidence = evidence
        self.setWindowTitle(tr("Edit evidence") if evidence else tr("Add evidence"))
        self.setAcceptDrops(True)
        self._file: Path | None = file
        self._remove_file = False
        layout = QVBoxLayout(self)
        notice = WrapLabel(tr(CAPACITY_NOT_CASES), self)
        notice.setAccessibleName(tr("About evidence"))
        notice.setObjectName("capacity_notice")
        layout.addWidget(notice)
        form = QFormLayout()
        self.title_edit = QLineEdit(evidence.title if evidence else (file.stem if file else ""), self)
        self.title_edit.setAccessibleName(tr("Document title"))
        self.title_edit.setPlaceholderText(tr("e.g. Child Protection Act 2021"))
        form.addRow(tr("&Title:"), self.title_edit)
        self.type_combo = vocabulary_combo(catalog, "evidence_type", evidence.evidence_type if evidence else "other",
                                           self, tr("Type of document"))
        form.addRow(tr("T&ype:"), self.type_combo)
        self.citation_edit = QPlainTextEdit(evidence.citation if evidence else "", self)
        self.citation_edit.setTabChangesFocus(True)
        self.citation_edit.setAccessibleName(tr("Citation"))
        self.citation_edit.setPlaceholderText(tr("Where to find it: article, page, reference number, web address"))
        self.citation_edit.setFixedHeight(self.fontMetrics().height() * 4)
        form.addRow(tr("&Citation:"), self.citation_edit)
        self.date_edit = OptionalDateEdit(self)
        self.date_edit.set_value(evidence.document_date if evidence else None)
        self.date_edit.setAccessibleName(tr("Document date"))
        form.addRow(tr("&Date:"), self.date_edit)
        self.provided_edit = QLineEdit(evidence.provided_by if evidence else "", self)
        self.provided_edit.setAccessibleName(tr("Provided by"))
        form.addRow(tr("&Provided by:"), self.provided_edit)
        self.sensitive_check = QCheckBox(tr("&Sensitive: hidden in the presentation view"), self)
        self.sensitive_check.setChecked(bool(evidence and evidence.sensitive))
        self.sensitive_check.setAccessibleName(tr("Sensitive"))
        form.addRow("", self.sensitive_check)
        file_row = QHBoxLayout()
        self.file_label = QLabel(self)
        self.file_label.setTextFormat(Qt.TextFormat.PlainText)
        self.choose_button = QPushButton(tr("C&hoose file..."), self)
        self.choose_button.setAccessibleName(tr("Choose a file to attach"))
        self.choose_button.clicked.connect(self.choose_file)
        self.clear_button = QPushButton(tr("&Remove file"), self)
        self.clear_button.setAccessibleName(tr("Remove the attached file"))
        self.clear_button.clicked.connect(self.clear_file)
        file_row.addWidget(self.file_label, 1)
        file_row.addWidget(self.choose_button)
        file_row.addWidget(self.clear_button)
        form.addRow(tr("File:"), file_row)
        layout.addLayout(form)
        layout.addWidget(WrapLabel(tr("You can also drop a file on this window."), self, selectable=False))
        layout.addWidget(self.buttons)
        self._update_file_label()
        self.resize(620, self.sizeHint().height())

    def _update_file_label(self) -> None:
        if self._file is not None:
            self.file_label.setText(self._file.name)
        elif self.evidence and self.evidence.file_name and not self._remove_file:
            self.file_label.setText(self.evidence.file_name)
        else:
            self.file_label.setText(tr("No file attached"))
        has_file = self._file is not None or bool(self.evidence and self.evidence.file_name and not self._remove_file)
        self.clear_button.setEnabled(has_file)

    def set_file(self, path: Path) -> None:
        self._file = Path(path)
        self._remove_file = False
        if not self.title_edit.text().strip():
            self.title_edit.setText(self._file.stem)
        self._update_file_label()

    def choose_file(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, tr("Attach a document"), "",
                                              tr("Documents (*.pdf *.doc *.docx *.odt *.txt *.rtf *.xls *.xlsx *.ods "
                                                 "*.csv *.ppt *.pptx);;All files (*)"))
        if name:
            self.set_file(Path(name))

    def clear_file(self) -> None:
        self._file = None
        self._remove_file = True
        self._update_file_label()

    def dragEnterEvent(self, event) -> None:  # noqa: N802 (Qt naming)
        if event.mimeData().hasUrls() and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:  # noqa: N802 (Qt naming)
        files = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if files:
            self.set_file(files[0])
            event.acceptProposedAction()

    def problem(self) -> str | None:
        if not self.title_edit.text().strip():
            return tr("Give the document a title.")
        return None

    def values(self) -> dict[str, Any]:
        return {
            "title": self.title_edit.text().strip(),
            "evidence_type": self.type_combo.currentData(),
            "citation": self.citation_edit.toPlainText(),
            "document_date": self.date_edit.value(),
            "provided_by": self.provided_edit.text(),
            "sensitive": self.sensitive_check.isChecked(),
            "file": self._file,
            "remove_file": self._remove_file and self._file is None,
        }


class LinkEvidenceDialog(SubmitDialog):
    """Choose evidence already in the review to link to the current item."""

    def __init__(self, catalog, evidence: list[v.EvidenceView], submit, parent: QWidget | None = None) -> None:
        super().__init__(submit, parent)
        self.setWindowTitle(tr("Link existing evidence"))
        layout = QVBoxLayout(self)
        layout.addWidget(WrapLabel(tr("Choose the documents that also support this item."), self, selectable=False))
        self.model = EvidenceModel(catalog, self, show_items=True)
        self.model.set_rows(evidence)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        self.table.setAccessibleName(tr("Evidence in this review"))
        self.table.doubleClicked.connect(lambda _i: self.accept())
        if evidence:
            self.table.selectRow(0)
        layout.addWidget(self.table)
        layout.addWidget(self.buttons)
        self.resize(720, 380)

    def select_ids(self, ids: list[int]) -> None:
        self.table.clearSelection()
        for evidence_id in ids:
            n = self.model.row_of_id(evidence_id)
            if n >= 0:
                self.table.selectionModel().select(
                    self.model.index(n, 0),
                    self.table.selectionModel().SelectionFlag.Select | self.table.selectionModel().SelectionFlag.Rows)

    def problem(self) -> str | None:
        return None if self.values()["ids"] else tr("Choose at least one document.")

    def values(self) -> dict[str, Any]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return {"ids": [self.model.row(n).id for n in rows]}


class FindingDialog(SubmitDialog):
    def __init__(self, catalog, submit, parent: QWidget | None = None, *, finding: v.FindingView | None = None) -> None:
        super().__init__(submit, parent)
        self.setWindowTitle(tr("Edit finding") if finding else tr("Add finding"))
        form = QFormLayout(self)
        self.kind_combo = vocabulary_combo(catalog, "finding_kind", finding.kind if finding else "gap", self,
                                           tr("Kind of finding"))
        form.addRow(tr("&Kind:"), self.kind_combo)
        self.statement_edit = QPlainTextEdit(finding.statement if finding else "", self)
        self.statement_edit.setTabChangesFocus(True)
        self.statement_edit.setAccessibleName(tr("Finding"))
        form.addRow(tr("&Finding:"), self.statement_edit)
        self.sensitive_check = QCheckBox(tr("&Sensitive: hidden in the presentation view"), self)
        self.sensitive_check.setChecked(bool(finding and finding.sensitive))
        self.sensitive_check.setAccessibleName(tr("Sensitive"))
        form.addRow("", self.sensitive_check)
        form.addRow(self.buttons)
        self.resize(560, 300)

    def problem(self) -> str | None:
        return None if self.statement_edit.toPlainText().strip() else tr("Write the finding.")

    def values(self) -> dict[str, Any]:
        return {"kind": self.kind_combo.currentData(), "statement": self.statement_edit.toPlainText().strip(),
                "sensitive": self.sensitive_check.isChecked()}


class ItemChecklist(QListWidget):
    """The review's items, each with a check box."""

    def __init__(self, catalog, item_ids: list[str], checked: set[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        lang = current_language()
        for item_id in item_ids:
            item = catalog.item(item_id)
            entry = QListWidgetItem(f"{item.code()}  {item.name.get(lang)}", self)
            entry.setData(Qt.ItemDataRole.UserRole, item_id)
            entry.setFlags(entry.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            entry.setCheckState(Qt.CheckState.Checked if item_id in checked else Qt.CheckState.Unchecked)

    def checked_ids(self) -> list[str]:
        return [self.item(n).data(Qt.ItemDataRole.UserRole) for n in range(self.count())
                if self.item(n).checkState() == Qt.CheckState.Checked]


class RecommendationDialog(SubmitDialog):
    def __init__(self, catalog, item_ids: list[str], submit, parent: QWidget | None = None, *,
                 recommendation: v.RecommendationView | None = None, default_items: tuple[str, ...] = ()) -> None:
        super().__init__(submit, parent)
        rec = recommendation
        self.setWindowTitle(tr("Edit recommendation") if rec else tr("Add recommendation"))
        form = QFormLayout(self)
        self.text_edit = QPlainTextEdit(rec.text if rec else "", self)
        self.text_edit.setTabChangesFocus(True)
        self.text_edit.setAccessibleName(tr("Recommendation"))
        form.addRow(tr("&Recommendation:"), self.text_edit)
        self.priority_combo = vocabulary_combo(catalog, "priority", rec.priority if rec else "medium", self,
                                               tr("Priority"))
        form.addRow(tr("&Priority:"), self.priority_combo)
        self.lead_edit = QLineEdit(rec.lead_actor if rec else "", self)
        self.lead_edit.setAccessibleName(tr("Lead actor"))
        form.addRow(tr("&Lead actor:"), self.lead_edit)
        self.supporting_edit = QLineEdit(rec.supporting_actors if rec else "", self)
        self.supporting_edit.setAccessibleName(tr("Supporting actors"))
        form.addRow(tr("&Supporting actors:"), self.supporting_edit)
        self.timeframe_combo = vocabulary_combo(catalog, "timeframe", rec.timeframe if rec else "medium", self,
                                                tr("Timeframe"))
        form.addRow(tr("&Timeframe:"), self.timeframe_combo)
        self.cost_combo = vocabulary_combo(catalog, "cost_band", rec.cost_band if rec else "medium", self, tr("Cost"))
        form.addRow(tr("C&ost:"), self.cost_combo)
        self.items_list = ItemChecklist(catalog, item_ids, set(rec.item_ids if rec else default_items), self)
        self.items_list.setAccessibleName(tr("Items this recommendation addresses"))
        form.addRow(tr("&Items:"), self.items_list)
        form.addRow(self.buttons)
        self.resize(640, 560)

    def problem(self) -> str | None:
        return None if self.text_edit.toPlainText().strip() else tr("Write the recommendation.")

    def values(self) -> dict[str, Any]:
        return {"text": self.text_edit.toPlainText().strip(), "priority": self.priority_combo.currentData(),
                "lead_actor": self.lead_edit.text().strip(), "supporting_actors": self.supporting_edit.text().strip(),
                "timeframe": self.timeframe_combo.currentData(), "cost_band": self.cost_combo.currentData(),
                "item_ids": self.items_list.checked_ids()}


class ActionDialog(SubmitDialog):
    def __init__(self, catalog, recommendations: list[v.RecommendationView], submit, parent: QWidget | None = None,
                 *, recommendation_id: int | None = None) -> None:
        super().__init__(submit, parent)
        self.setWindowTitle(tr("Add action"))
        form = QFormLayout(self)
        self.activity_edit = QLineEdit(self)
        self.activity_edit.setAccessibleName(tr("Activity"))
        form.addRow(tr("&Activity:"), self.activity_edit)
        self.rec_combo = QComboBox(self)
        self.rec_combo.setAccessibleName(tr("For recommendation"))
        self.rec_combo.addItem(tr("(none)"), None)
        for r in recommendations:
            self.rec_combo.addItem(r.text.replace("\n", " ")[:90], r.id)
        if recommendation_id is not None:
            self.rec_combo.setCurrentIndex(max(0, self.rec_combo.findData(recommendation_id)))
        form.addRow(tr("For &recommendation:"), self.rec_combo)
        self.owner_edit = QLineEdit(self)
        self.owner_edit.setAccessibleName(tr("Owner"))
        form.addRow(tr("&Owner:"), self.owner_edit)
        self.start_edit = OptionalDateEdit(self)
        self.start_edit.setAccessibleName(tr("Start date"))
        form.addRow(tr("&Start:"), self.start_edit)
        self.due_edit = OptionalDateEdit(self)
        self.due_edit.setAccessibleName(tr("Due date"))
        form.addRow(tr("&Due:"), self.due_edit)
        self.indicator_edit = QLineEdit(self)
        self.indicator_edit.setAccessibleName(tr("Indicator"))
        form.addRow(tr("&Indicator:"), self.indicator_edit)
        self.status_combo = vocabulary_combo(catalog, "action_status", "not_started", self, tr("Status"))
        form.addRow(tr("S&tatus:"), self.status_combo)
        form.addRow(self.buttons)
        self.resize(560, self.sizeHint().height())

    def problem(self) -> str | None:
        return None if self.activity_edit.text().strip() else tr("Describe the activity.")

    def values(self) -> dict[str, Any]:
        return {"activity": self.activity_edit.text().strip(), "recommendation_id": self.rec_combo.currentData(),
                "owner": self.owner_edit.text().strip(), "start_date": self.start_edit.value(),
                "due_date": self.due_edit.value(), "indicator": self.indicator_edit.text().strip(),
                "status": self.status_combo.currentData()}


class ParticipantDialog(SubmitDialog):
    def __init__(self, catalog, submit, parent: QWidget | None = None, *,
                 participant: v.ParticipantView | None = None) -> None:
        super().__init__(submit, parent)
        p = participant
        self.setWindowTitle(tr("Edit team member") if p else tr("Add team member"))
        form = QFormLayout(self)
        self.name_edit = QLineEdit(p.name if p else "", self)
        self.name_edit.setAccessibleName(tr("Name"))
        form.addRow(tr("&Name:"), self.name_edit)
        self.org_edit = QLineEdit(p.organisation if p else "", self)
        self.org_edit.setAccessibleName(tr("Organisation"))
        form.addRow(tr("&Organisation:"), self.org_edit)
        self.sector_combo = vocabulary_combo(catalog, "sector", p.sector if p else "government", self, tr("Sector"))
        form.addRow(tr("&Sector:"), self.sector_combo)
        self.role_combo = vocabulary_combo(catalog, "participant_role", p.role if p else "assessor", self, tr("Role"))
        form.addRow(tr("&Role:"), self.role_combo)
        self.consent_check = QCheckBox(tr("&Agrees to be named in reports"), self)
        self.consent_check.setChecked(bool(p and p.consent_named))
        self.consent_check.setAccessibleName(tr("Agrees to be named in reports"))
        form.addRow("", self.consent_check)
        form.addRow(self.buttons)
        self.resize(520, self.sizeHint().height())

    def problem(self) -> str | None:
        return None if self.name_edit.text().strip() else tr("Enter the person's name.")

    def values(self) -> dict[str, Any]:
        return {"name": self.name_edit.text().strip(), "organisation": self.org_edit.text().strip(),
                "sector": self.sector_combo.currentData(), "role": self.role_combo.currentData(),
                "consent_named": self.consent_check.isChecked()}


def confirm(parent: QWidget, title: str, text: str, on_yes: Callable[[], None], *, destructive_label: str) -> QMessageBox:
    """Ask before something that cannot be taken back; ``on_yes`` runs only on the explicit button."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.NoButton, parent)
    yes = box.addButton(destructive_label, QMessageBox.ButtonRole.DestructiveRole)
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(cancel)
    box.setEscapeButton(cancel)
    box.setWindowModality(Qt.WindowModality.WindowModal)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

    def done(_result: int) -> None:
        if box.clickedButton() is yes:
            on_yes()

    box.finished.connect(done)
    box.open()
    return box
