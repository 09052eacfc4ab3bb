"""The audit trail: who changed what and when, per item or for the whole review, with the
values before and after; and the check of its hash chain."""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QMessageBox,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from safeonline_desktop.i18n import tr

from .workshop_common import fill_records, level_label, message, plain_label, run

#: Fields holding a level of the status scale (shown by the level's name).
STATUS_FIELDS = frozenset({"status", "agreed_status", "proposed_status", "self_assessment"})


def action_label(action: str) -> str:
    labels = {
        "review.create": tr("Review created"),
        "review.update": tr("Review details changed"),
        "review.duplicate": tr("Review duplicated"),
        "review.import": tr("Review imported"),
        "review.merge": tr("Review file merged"),
        "review.export": tr("Review exported"),
        "assessment.record": tr("Assessment changed"),
        "consensus.agree": tr("Agreed rating set"),
        "self_assessment.set": tr("Self-assessment recorded"),
        "proposal.add": tr("Rating proposed"),
        "proposal.update": tr("Proposal changed"),
        "proposal.withdraw": tr("Proposal withdrawn"),
        "dissent.add": tr("Dissent recorded"),
        "dissent.withdraw": tr("Dissent withdrawn"),
        "note.add": tr("Note added"),
        "note.update": tr("Note changed"),
        "note.delete": tr("Note deleted"),
        "evidence.add": tr("Evidence added"),
        "evidence.update": tr("Evidence changed"),
        "evidence.link": tr("Evidence linked"),
        "evidence.unlink": tr("Evidence unlinked"),
        "evidence.delete": tr("Evidence deleted"),
        "evidence.attribute": tr("Evidence attributed"),
        "finding.add": tr("Finding added"),
        "finding.update": tr("Finding changed"),
        "finding.delete": tr("Finding deleted"),
        "participant.add": tr("Participant added"),
        "participant.update": tr("Participant changed"),
        "participant.remove": tr("Participant removed"),
        "session.add": tr("Session added"),
        "session.update": tr("Session changed"),
        "session.attendance": tr("Attendance changed"),
        "session.delete": tr("Session deleted"),
        "team.add": tr("Added to the team"),
        "team.remove": tr("Removed from the team"),
    }
    return labels.get(action, action)


def describe_values(values: dict[str, Any] | None, catalog=None) -> str:
    """``field: value`` lines, exactly as stored (no markup is ever interpreted); status codes
    are shown by their level's name when ``catalog`` is given."""
    if not values:
        return ""
    lines = []
    for key, value in values.items():
        if catalog is not None and key in STATUS_FIELDS and isinstance(value, str):
            shown = level_label(catalog, value)
        elif isinstance(value, str):
            shown = value
        elif value is None:
            shown = "—"
        else:
            shown = json.dumps(value, ensure_ascii=False)
        lines.append(f"{key}: {shown}")
    return "\n".join(lines)


class AuditDialog(QDialog):
    """Entries of one review (or one item of it), newest first."""

    def __init__(self, services, review_id: int, item_id: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("audit_dialog")
        self.services = services
        self.review_id = review_id
        self.item_id = item_id
        self.message_box = None
        layout = QVBoxLayout(self)
        if item_id:
            item = services.catalog.item(item_id)
            from safeonline_desktop.i18n import current_language

            self.setWindowTitle(tr("History of {item}", item=f"{item.code()} {item.name.get(current_language())}"))
        else:
            self.setWindowTitle(tr("History of the review"))
        self.intro = plain_label(tr("Every change, with who made it and when, and the values before and after. "
                                    "Entries are chained by their hashes, so an edited or deleted entry is "
                                    "detected (Tools > Verify audit trail)."), self)
        layout.addWidget(self.intro)
        self.table = QTableWidget(0, 5, self)
        self.table.setObjectName("audit_table")
        self.table.setAccessibleName(tr("Audit trail"))
        self.table.setHorizontalHeaderLabels([tr("When (UTC)"), tr("Who"), tr("What"), tr("Before"), tr("After")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        for column in range(3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        for column in (3, 4):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(960, 520)
        self.reload()

    def showEvent(self, event) -> None:  # noqa: N802 (Qt naming)
        super().showEvent(event)
        self.table.resizeRowsToContents()  # now that the columns have their real widths

    def reload(self) -> None:
        ok, entries = run(self, lambda: self.services.audit.entries(self.review_id, self.item_id))
        entries = entries or []
        fill_records(self.table, (
            (e.id, [e.at.strftime("%Y-%m-%d %H:%M:%S"), e.actor, action_label(e.action),
                    describe_values(e.before, self.services.catalog), describe_values(e.after, self.services.catalog)])
            for e in entries))
        self.table.resizeRowsToContents()

    def rows(self) -> list[list[str]]:
        return [[self.table.item(r, c).text() for c in range(self.table.columnCount())]
                for r in range(self.table.rowCount())]


def verify_audit_trail(parent: QWidget, services) -> QMessageBox:
    """Check the hash chain of the workspace's audit trail and say what was found."""
    report = services.workshop.verify_audit()
    if report.ok:
        return message(parent, tr("The audit trail is intact: {n} entries, none edited or deleted.\n\nHead hash "
                                  "(write it down to check later that nothing was rewritten):\n{hash}",
                                  n=report.entries, hash=report.head_hash),
                       title=tr("Audit trail"), icon=QMessageBox.Icon.Information)
    texts = {
        "edited": tr("Entry {id} was changed after it was written.", id=report.broken_id),
        "gap": tr("Entries before entry {id} were deleted or altered.", id=report.broken_id),
        "truncated": tr("The newest entries were deleted (the trail should end at entry {id}).", id=report.broken_id),
        "no_head": tr("The record of the newest entry is missing."),
    }
    return message(parent, tr("The audit trail has been tampered with: {problem}\n\nKeep a copy of the data folder "
                              "as it is and tell whoever is responsible for this laptop.",
                              problem=texts.get(report.kind, report.problem)),
                   title=tr("Audit trail"), icon=QMessageBox.Icon.Critical)
