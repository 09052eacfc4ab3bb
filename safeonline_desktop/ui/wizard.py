"""The "New review" wizard: country (searchable ISO 3166 list), title, period and scope, the
frameworks, and the review team. Finish creates the review through the services."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QSortFilterProxyModel, QStringListModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from safeonline_desktop.domain.countries import countries, country_name
from safeonline_desktop.errors import SafeOnlineError
from safeonline_desktop.i18n import tr
from safeonline_desktop.services import views as v
from safeonline_desktop.services.reviews import NewParticipant

from .dialogs import OptionalDateEdit, show_error, vocabulary_combo
from .widgets import WrapLabel, lang

CODE_ROLE = Qt.ItemDataRole.UserRole + 1


class CountryModel(QStringListModel):
    """Country names in the interface language, with their ISO code in ``CODE_ROLE``."""

    def __init__(self, parent=None) -> None:
        self._countries = countries(lang())
        super().__init__([f"{c.name} ({c.code})" for c in self._countries], parent)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if role == CODE_ROLE and index.isValid():
            return self._countries[index.row()].code
        return super().data(index, role)

    def flags(self, index):
        return super().flags(index) & ~Qt.ItemFlag.ItemIsEditable


class CountryPage(QWizardPage):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(tr("Country"))
        self.setSubTitle(tr("Which country does the review cover? Type to search the ISO 3166 list."))
        layout = QVBoxLayout(self)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(tr("Search countries"))
        self.search.setAccessibleName(tr("Search countries"))
        self.search.setClearButtonEnabled(True)
        layout.addWidget(self.search)
        self.model = CountryModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.list = QListView(self)
        self.list.setModel(self.proxy)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setAccessibleName(tr("Countries"))
        self.list.selectionModel().currentChanged.connect(lambda *_: self.completeChanged.emit())
        layout.addWidget(self.list)
        self.search.textChanged.connect(self._filter)
        self.search.returnPressed.connect(self._take_first)

    def _filter(self, text: str) -> None:
        self.proxy.setFilterFixedString(text.strip())
        if self.proxy.rowCount() and not self.list.selectionModel().hasSelection():
            self.list.setCurrentIndex(self.proxy.index(0, 0))
        self.completeChanged.emit()

    def _take_first(self) -> None:
        if self.proxy.rowCount():
            self.list.setCurrentIndex(self.proxy.index(0, 0))
            self.completeChanged.emit()

    def country_code(self) -> str | None:
        index = self.list.currentIndex()
        if not index.isValid() or not self.list.selectionModel().isSelected(index):
            return None
        return index.data(CODE_ROLE)

    def select_code(self, code: str) -> bool:
        for row in range(self.proxy.rowCount()):
            index = self.proxy.index(row, 0)
            if index.data(CODE_ROLE) == code:
                self.list.setCurrentIndex(index)
                return True
        return False

    def isComplete(self) -> bool:  # noqa: N802 (Qt naming)
        return self.country_code() is not None


class DetailsPage(QWizardPage):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(tr("Title, period and scope"))
        self.setSubTitle(tr("Name the review and say what it covers. Only the title is required."))
        form = QFormLayout(self)
        self.title_edit = QLineEdit(self)
        self.title_edit.setAccessibleName(tr("Review title"))
        self.title_edit.textChanged.connect(lambda _t: self.completeChanged.emit())
        form.addRow(tr("&Title:"), self.title_edit)
        period = QHBoxLayout()
        self.start_edit = OptionalDateEdit(self)
        self.start_edit.setAccessibleName(tr("Start of the review period"))
        self.end_edit = OptionalDateEdit(self)
        self.end_edit.setAccessibleName(tr("End of the review period"))
        period.addWidget(self.start_edit)
        period.addWidget(WrapLabel(tr("to"), self, selectable=False))
        period.addWidget(self.end_edit)
        period.addStretch(1)
        form.addRow(tr("&Period:"), period)
        self.scope_edit = QPlainTextEdit(self)
        self.scope_edit.setTabChangesFocus(True)
        self.scope_edit.setAccessibleName(tr("Scope of the review"))
        self.scope_edit.setPlaceholderText(tr("Which institutions, sectors and sources the review covers."))
        form.addRow(tr("&Scope:"), self.scope_edit)
        self._suggested = ""

    def initializePage(self) -> None:  # noqa: N802 (Qt naming)
        code = self.wizard().country_page.country_code()
        if code:
            suggestion = tr("{country}: national capacity review", country=country_name(code, lang()))
            if not self.title_edit.text() or self.title_edit.text() == self._suggested:
                self.title_edit.setText(suggestion)
            self._suggested = suggestion

    def isComplete(self) -> bool:  # noqa: N802 (Qt naming)
        return bool(self.title_edit.text().strip())


class FrameworksPage(QWizardPage):
    def __init__(self, catalog, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(tr("Frameworks"))
        self.setSubTitle(tr("Which checklists will the review use? You can use both."))
        layout = QVBoxLayout(self)
        self.checks: dict[str, QCheckBox] = {}
        lg = lang()
        for fw in sorted(catalog.frameworks.values(), key=lambda f: (f.year, f.id)):  # the MNR (2016) first
            box = QCheckBox(tr("{title} ({count} items)", title=fw.short_title.get(lg), count=len(fw.items)), self)
            box.setChecked(True)
            box.setAccessibleName(fw.short_title.get(lg))
            box.toggled.connect(lambda _on: self.completeChanged.emit())
            layout.addWidget(box)
            note = WrapLabel(fw.title.get(lg), self)
            note.setIndent(24)
            layout.addWidget(note)
            self.checks[fw.id] = box
        layout.addStretch(1)

    def chosen(self) -> list[str]:
        return [fw for fw, box in self.checks.items() if box.isChecked()]

    def isComplete(self) -> bool:  # noqa: N802 (Qt naming)
        return bool(self.chosen())


class TeamPage(QWizardPage):
    def __init__(self, catalog, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(tr("Review team"))
        self.setSubTitle(tr("Who carries out the review? You can add people later in Review details."))
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.name_edit = QLineEdit(self)
        self.name_edit.setAccessibleName(tr("Name"))
        form.addRow(tr("&Name:"), self.name_edit)
        self.org_edit = QLineEdit(self)
        self.org_edit.setAccessibleName(tr("Organisation"))
        form.addRow(tr("&Organisation:"), self.org_edit)
        self.sector_combo = vocabulary_combo(catalog, "sector", "government", self, tr("Sector"))
        form.addRow(tr("S&ector:"), self.sector_combo)
        self.role_combo = vocabulary_combo(catalog, "participant_role", "assessor", self, tr("Role"))
        form.addRow(tr("&Role:"), self.role_combo)
        self.consent_check = QCheckBox(tr("Agrees to be &named in reports"), self)
        self.consent_check.setAccessibleName(tr("Agrees to be named in reports"))
        form.addRow("", self.consent_check)
        layout.addLayout(form)
        buttons = QHBoxLayout()
        self.add_button = QPushButton(tr("&Add to team"), self)
        self.add_button.setAccessibleName(tr("Add to team"))
        self.add_button.clicked.connect(self.add_member)
        self.remove_button = QPushButton(tr("Re&move"), self)
        self.remove_button.setAccessibleName(tr("Remove the selected person"))
        self.remove_button.clicked.connect(self.remove_member)
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.list = QListWidget(self)
        self.list.setAccessibleName(tr("Review team"))
        layout.addWidget(self.list)
        self.name_edit.returnPressed.connect(self.add_member)
        self.catalog = catalog
        self.members: list[NewParticipant] = []

    def add_member(self) -> bool:
        name = self.name_edit.text().strip()
        if not name:
            self.name_edit.setFocus()
            return False
        member = NewParticipant(name=name, organisation=self.org_edit.text().strip(),
                                sector=self.sector_combo.currentData(), role=self.role_combo.currentData(),
                                consent_named=self.consent_check.isChecked())
        self.members.append(member)
        lg = lang()
        text = f"{member.name} - {self.catalog.label('participant_role', member.role, lg)}"
        if member.organisation:
            text += f", {member.organisation}"
        QListWidgetItem(text, self.list)
        self.name_edit.clear()
        self.org_edit.clear()
        self.consent_check.setChecked(False)
        self.name_edit.setFocus()
        return True

    def remove_member(self) -> None:
        row = self.list.currentRow()
        if 0 <= row < len(self.members):
            self.members.pop(row)
            self.list.takeItem(row)

    def validatePage(self) -> bool:  # noqa: N802 (Qt naming)
        # A name typed but not added yet is added, not dropped.
        if self.name_edit.text().strip():
            self.add_member()
        return self.wizard().create_review()


class NewReviewWizard(QWizard):
    """``created(review)`` is called with the new review once the services have stored it."""

    def __init__(self, services, created: Callable[[v.ReviewView], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self._created = created
        self.review: v.ReviewView | None = None
        self.setWindowTitle(tr("New review"))
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.country_page = CountryPage(self)
        self.details_page = DetailsPage(self)
        self.frameworks_page = FrameworksPage(services.catalog, self)
        self.team_page = TeamPage(services.catalog, self)
        for page in (self.country_page, self.details_page, self.frameworks_page, self.team_page):
            self.addPage(page)
        for which, name in ((QWizard.WizardButton.NextButton, tr("Next")), (QWizard.WizardButton.BackButton, tr("Back")),
                            (QWizard.WizardButton.FinishButton, tr("Create the review")),
                            (QWizard.WizardButton.CancelButton, tr("Cancel"))):
            self.button(which).setAccessibleName(name)
        self.setButtonText(QWizard.WizardButton.FinishButton, tr("&Create review"))
        self.resize(720, 560)

    def create_review(self) -> bool:
        if self.review is not None:
            return True
        d = self.details_page
        start: dt.date | None = d.start_edit.value()
        end: dt.date | None = d.end_edit.value()
        try:
            self.review = self.services.reviews.create(
                country_code=self.country_page.country_code() or "",
                title=d.title_edit.text().strip(),
                frameworks=self.frameworks_page.chosen(),
                period_start=start,
                period_end=end,
                scope=d.scope_edit.toPlainText(),
                language=lang(),
                team=list(self.team_page.members),
            )
        except SafeOnlineError as exc:
            show_error(self, str(exc))
            return False
        self._created(self.review)
        return True
