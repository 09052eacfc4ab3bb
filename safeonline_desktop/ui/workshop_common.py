"""Small helpers shared by the workshop-mode windows: permission checks that ask the services'
own policy, combos of participants and status levels, record tables, and non-blocking messages."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QLabel,
    QMessageBox,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from safeonline_desktop.errors import PermissionDenied, SafeOnlineError
from safeonline_desktop.i18n import current_language, tr


def allowed(services, review_id: int | None, permission: str) -> bool:
    """Would the services allow ``permission`` now? (The same policy that enforces it.)"""
    try:
        services.ctx.check(review_id, permission)
    except PermissionDenied:
        return False
    return True


def message(parent: QWidget, text: str, *, title: str | None = None,
            icon: QMessageBox.Icon = QMessageBox.Icon.Warning) -> QMessageBox:
    """A message that does not block (``open()``); kept on ``parent.message_box`` for tests."""
    box = QMessageBox(icon, title or tr("SafeOnline Desktop"), text, QMessageBox.StandardButton.Close, parent)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    box.open()
    parent.message_box = box
    return box


def setup_record_table(table: QTableWidget) -> None:
    """A read-only table of records, one selected at a time, columns as wide as their contents
    and the last one taking the rest."""
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)


def fill_records(table: QTableWidget, rows: Iterable[tuple[Any, Sequence[str]]]) -> None:
    """One row per ``(record id, cell texts)``. Every cell carries the id (UserRole), so
    whichever cell is selected tells which record it is."""
    rows = list(rows)
    table.setRowCount(len(rows))
    for r, (record_id, cells) in enumerate(rows):
        for c, text in enumerate(cells):
            item = QTableWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, record_id)
            table.setItem(r, c, item)


def run(parent: QWidget, fn: Callable[[], Any]) -> tuple[bool, Any]:
    """Call a service; show its refusal in plain words instead of failing."""
    try:
        return True, fn()
    except SafeOnlineError as exc:
        message(parent, str(exc))
        return False, None


def level_label(catalog, code: str | None) -> str:
    return catalog.scales["status"].label_of(code, current_language()) if code else "—"


def fill_levels(combo: QComboBox, catalog, *, empty: str | None = None, current: str | None = None) -> None:
    """Status levels (data: the code), optionally headed by an empty choice (data: None)."""
    combo.blockSignals(True)
    combo.clear()
    if empty is not None:
        combo.addItem(empty, None)
    for level in catalog.scales["status"].levels:
        combo.addItem(level.label.get(current_language()), level.code)
    index = combo.findData(current) if current is not None else (0 if empty is not None else -1)
    combo.setCurrentIndex(max(index, 0))
    combo.blockSignals(False)


def fill_participants(combo: QComboBox, participants, *, none_label: str, current: int | None = None) -> None:
    """Participants (data: their id), headed by a choice for "an organisation only" (data: None)."""
    combo.blockSignals(True)
    combo.clear()
    combo.addItem(none_label, None)
    for p in participants:
        combo.addItem(f"{p.name} ({p.organisation})" if p.organisation else p.name, p.id)
    combo.setCurrentIndex(max(combo.findData(current), 0) if current is not None else 0)
    combo.blockSignals(False)


def difference_text(steps: int | None) -> str:
    if steps is None:
        return "—"
    if steps == 0:
        return tr("same level")
    if steps > 0:
        return tr("validated {n} step(s) higher", n=steps)
    return tr("validated {n} step(s) lower", n=-steps)


def plain_label(text: str = "", parent: QWidget | None = None) -> QLabel:
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setText(text)
    return label
