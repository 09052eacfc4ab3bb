"""Resolving merge conflicts: the records both this workspace and the file changed, one by one,
with who changed each side and when; for each, keep mine, keep theirs or keep both."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from safeonline_desktop.domain.content import Catalog
from safeonline_desktop.exchange import BOTH, MINE, THEIRS, Conflict, ImportPreview, spec
from safeonline_desktop.i18n import current_language, tr

from .import_dialog import section_name
from .models import NamedColumnsModel, local_datetime_text

_INDEX = QModelIndex | QPersistentModelIndex
CHOICE_ROLE = Qt.ItemDataRole.UserRole + 1


def field_label(name: str, lang: str | None = None) -> str:
    labels = {
        "status": tr("Status", lang), "phase": tr("MNR phase", lang), "confidence": tr("Confidence", lang),
        "rationale": tr("Rationale", lang), "notes": tr("Notes", lang),
        "questions_done": tr("Guiding questions done", lang), "title": tr("Title", lang), "scope": tr("Scope", lang),
        "country_code": tr("Country", lang), "period_start": tr("Start of period", lang),
        "period_end": tr("End of period", lang), "language": tr("Language", lang), "statement": tr("Statement", lang),
        "kind": tr("Kind", lang), "text": tr("Text", lang), "item_id": tr("Item", lang), "items": tr("Items", lang),
        "name": tr("Name", lang), "organisation": tr("Organisation", lang), "sector": tr("Sector", lang),
        "role": tr("Role", lang), "citation": tr("Citation", lang), "sensitive": tr("Sensitive", lang),
        "priority": tr("Priority", lang), "activity": tr("Activity", lang), "owner": tr("Owner", lang),
        "due_date": tr("Due date", lang), "evidence_type": tr("Kind of evidence", lang),
        "file_sha256": tr("Attached file", lang),
    }
    return labels.get(name, name.replace("_", " ").capitalize())


class ConflictFormatter:
    """Readable values for the conflict table: codes as labels, long texts shortened."""

    def __init__(self, catalog: Catalog, lang: str | None = None) -> None:
        self.catalog = catalog
        self.lang = lang or current_language()

    def value(self, section: str, name: str, value: Any, full: bool = False) -> str:
        if value is None or value == "" or value == []:
            return tr("(empty)", self.lang)
        sec = spec.section(section)
        vocab = sec.codes.get(name)
        if vocab and isinstance(value, str):
            if vocab.startswith("scale:"):
                scale = self.catalog.scales.get(vocab[6:])
                return scale.label_of(value, self.lang) if scale else value
            return self.catalog.label(vocab, value, self.lang)
        if isinstance(value, bool):
            return tr("yes", self.lang) if value else tr("no", self.lang)
        if isinstance(value, list):
            value = ", ".join(str(v) for v in value)
        text = str(value)
        if not full and len(text) > 90:
            text = text[:88].rstrip() + "…"
        return text.replace("\n", " ") if not full else text

    def what(self, conflict: Conflict) -> str:
        if conflict.section == "review":
            return tr("Review details", self.lang)
        if conflict.item_id and self.catalog.has_item(conflict.item_id):
            item = self.catalog.item(conflict.item_id)
            prefix = "" if conflict.section == "assessments" else section_name(conflict.section, self.lang) + ": "
            return f"{prefix}{item.code()} {item.name.get(self.lang)}"
        for name in ("statement", "title", "text", "activity", "name", "reason"):
            if conflict.theirs.get(name) or conflict.mine.get(name):
                shown = self.value(conflict.section, name, conflict.mine.get(name) or conflict.theirs.get(name))
                return f"{section_name(conflict.section, self.lang)}: {shown}"
        return section_name(conflict.section, self.lang)

    def side(self, conflict: Conflict, values: dict[str, Any], who: str, when) -> str:
        first = conflict.fields[0] if conflict.fields else None
        main = "status" if "status" in conflict.fields else first
        shown = self.value(conflict.section, main, values.get(main)) if main else ""
        extra = len(conflict.fields) - 1
        if extra > 0:
            shown += " " + tr("(+{n} more)", self.lang, n=extra)
        stamp = ", ".join(p for p in (who, local_datetime_text(when)) if p)
        return f"{shown} — {stamp}" if stamp else shown


def choice_label(choice: str | None, section: str, lang: str | None = None) -> str:
    if choice == MINE:
        return tr("Keep mine", lang)
    if choice == THEIRS:
        return tr("Keep theirs", lang)
    if choice == BOTH:
        return tr("Keep both notes", lang) if spec.section(section).both == "append" else tr("Keep both", lang)
    return tr("Choose…", lang)


class ConflictModel(NamedColumnsModel):
    """The conflicts of one file and the choice made for each (``None`` until chosen)."""

    COLUMNS = ("what", "mine", "theirs", "choice")
    choices_changed = Signal()

    def __init__(self, catalog: Catalog, conflicts: tuple[Conflict, ...], parent=None) -> None:
        super().__init__(parent)
        self.fmt = ConflictFormatter(catalog)
        self.conflicts = list(conflicts)
        self.choices: dict[str, str | None] = {c.id: None for c in self.conflicts}

    def row_total(self) -> int:
        return len(self.conflicts)

    def header_texts(self) -> dict[str, str]:
        return {"what": tr("Changed on both sides"), "mine": tr("Here (mine)"), "theirs": tr("In the file (theirs)"),
                "choice": tr("Keep")}

    def data(self, index: _INDEX, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self.conflicts):
            return None
        conflict = self.conflicts[index.row()]
        column = self.COLUMNS[index.column()]
        choice = self.choices[conflict.id]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            if column == "what":
                return self.fmt.what(conflict)
            if column == "mine":
                return self.fmt.side(conflict, conflict.mine, conflict.mine_by, conflict.mine_at)
            if column == "theirs":
                return self.fmt.side(conflict, conflict.theirs, conflict.theirs_by, conflict.theirs_at)
            return choice_label(choice, conflict.section)
        if role == CHOICE_ROLE:
            return choice
        if role == Qt.ItemDataRole.ForegroundRole and column == "choice" and choice is None:
            return QBrush(QColor("#b03a2e"))
        return None

    def set_choice(self, row: int, choice: str) -> None:
        if choice not in (MINE, THEIRS, BOTH):
            raise ValueError(choice)
        self.choices[self.conflicts[row].id] = choice
        index = self.index(row, self.COLUMNS.index("choice"))
        self.dataChanged.emit(index, index)
        self.choices_changed.emit()

    def set_all(self, choice: str) -> None:
        for row in range(len(self.conflicts)):
            self.choices[self.conflicts[row].id] = choice
        if self.conflicts:
            self.dataChanged.emit(self.index(0, 3), self.index(len(self.conflicts) - 1, 3))
        self.choices_changed.emit()

    def complete(self) -> bool:
        return all(v is not None for v in self.choices.values())


class MergeDialog(QDialog):
    """Choose, per conflict, what to keep. ``resolutions()`` gives ``{conflict id: choice}``."""

    def __init__(self, catalog: Catalog, preview: ImportPreview, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.catalog = catalog
        self.preview = preview
        self.setObjectName("merge_dialog")
        self.setWindowTitle(tr("Resolve conflicts"))
        self.setModal(True)

        layout = QVBoxLayout(self)
        intro = QLabel(tr("“{title}” was changed both in this workspace and in the file {file}, from {source} "
                          "(exported {when} UTC). For each record changed on both sides, choose what to keep. "
                          "Everything else in the file is merged without asking.",
                          title=preview.title, file=preview.file_name, source=preview.source_label,
                          when=preview.created_at.isoformat(sep=" ", timespec="minutes")), self)
        intro.setWordWrap(True)
        intro.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(intro)

        self.model = ConflictModel(catalog, preview.conflicts, self)
        self.table = QTableView(self)
        self.table.setObjectName("conflicts")
        self.table.setAccessibleName(tr("Conflicts"))
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate((260, 230, 230)):
            self.table.setColumnWidth(column, width)
        layout.addWidget(self.table, 2)

        grid = QGridLayout()
        self.mine_label = QLabel(self)
        self.theirs_label = QLabel(self)
        self.mine_text = QPlainTextEdit(self)
        self.mine_text.setReadOnly(True)
        self.mine_text.setAccessibleName(tr("Here (mine)"))
        self.theirs_text = QPlainTextEdit(self)
        self.theirs_text.setReadOnly(True)
        self.theirs_text.setAccessibleName(tr("In the file (theirs)"))
        grid.addWidget(self.mine_label, 0, 0)
        grid.addWidget(self.theirs_label, 0, 1)
        grid.addWidget(self.mine_text, 1, 0)
        grid.addWidget(self.theirs_text, 1, 1)
        layout.addLayout(grid, 2)

        choice_row = QHBoxLayout()
        self.choice_group = QButtonGroup(self)
        self.keep_mine = QRadioButton(tr("Keep &mine"), self)
        self.keep_theirs = QRadioButton(tr("Keep &theirs"), self)
        self.keep_both = QRadioButton(tr("Keep &both notes"), self)
        for n, button in enumerate((self.keep_mine, self.keep_theirs, self.keep_both)):
            self.choice_group.addButton(button, n)
            choice_row.addWidget(button)
        choice_row.addStretch(1)
        self.all_mine = QPushButton(tr("Keep mine for all"), self)
        self.all_theirs = QPushButton(tr("Keep theirs for all"), self)
        choice_row.addWidget(self.all_mine)
        choice_row.addWidget(self.all_theirs)
        layout.addLayout(choice_row)
        self.both_hint = QLabel(self)
        self.both_hint.setWordWrap(True)
        layout.addWidget(self.both_hint)

        self.buttons = QDialogButtonBox(self)
        self.merge_button = self.buttons.addButton(tr("&Merge"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.status = QLabel(self)
        layout.addWidget(self.status)

        self.choice_group.idClicked.connect(self._choose)
        self.all_mine.clicked.connect(lambda: self.model.set_all(MINE))
        self.all_theirs.clicked.connect(lambda: self.model.set_all(THEIRS))
        self.model.choices_changed.connect(self._update)
        self.table.selectionModel().currentRowChanged.connect(lambda cur, _prev: self.show_conflict(cur.row()))
        self.resize(980, 620)
        if self.model.conflicts:
            self.table.selectRow(0)
        self._update()

    def resolutions(self) -> dict[str, str]:
        return {cid: choice for cid, choice in self.model.choices.items() if choice is not None}

    def current_row(self) -> int:
        return self.table.currentIndex().row()

    def choose(self, row: int, choice: str) -> None:
        self.model.set_choice(row, choice)
        if row == self.current_row():
            self.show_conflict(row)

    def _choose(self, button_id: int) -> None:
        row = self.current_row()
        if row >= 0:
            self.model.set_choice(row, (MINE, THEIRS, BOTH)[button_id])

    def show_conflict(self, row: int) -> None:
        if not 0 <= row < len(self.model.conflicts):
            return
        conflict = self.model.conflicts[row]
        fmt = self.model.fmt
        pv = self.preview
        self.mine_label.setText(tr("Here (mine): changed by {who} on {when}", who=conflict.mine_by or "?",
                                   when=local_datetime_text(conflict.mine_at) or "?"))
        self.theirs_label.setText(tr("In the file (theirs): changed by {who} on {when}, on {source}",
                                     who=conflict.theirs_by or "?", when=local_datetime_text(conflict.theirs_at) or "?",
                                     source=pv.source_label))

        def describe(values: dict[str, Any]) -> str:
            return "\n\n".join(f"{field_label(name)}: {fmt.value(conflict.section, name, values.get(name), full=True)}"
                               for name in conflict.fields)

        self.mine_text.setPlainText(describe(conflict.mine))
        self.theirs_text.setPlainText(describe(conflict.theirs))
        sec = spec.section(conflict.section)
        self.keep_both.setEnabled(sec.both != "append" or bool(sec.append))  # nothing to keep both of otherwise
        if sec.both == "append":
            self.keep_both.setText(tr("Keep &both notes"))
            self.both_hint.setText(tr("Keep both notes: my values stay, and their text is added below mine with a line "
                                      "saying where it comes from."))
        else:
            self.keep_both.setText(tr("Keep &both"))
            self.both_hint.setText(tr("Keep both: mine stays, and theirs is added as a separate record."))
        choice = self.model.choices[conflict.id]
        self.choice_group.setExclusive(False)
        for button in (self.keep_mine, self.keep_theirs, self.keep_both):
            button.setChecked(False)
        self.choice_group.setExclusive(True)
        if choice is not None:
            {MINE: self.keep_mine, THEIRS: self.keep_theirs, BOTH: self.keep_both}[choice].setChecked(True)

    def _update(self) -> None:
        left = sum(1 for v in self.model.choices.values() if v is None)
        self.merge_button.setEnabled(left == 0)
        self.status.setText(tr("Conflicts still without a choice: {n}.", n=left) if left else
                            tr("Every conflict has a choice."))
        row = self.current_row()
        if row >= 0:
            self.show_conflict(row)

    def accept(self) -> None:
        if not self.model.complete():
            return
        super().accept()
