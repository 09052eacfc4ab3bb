"""The export dialog and its menu/toolbar action, driven as a person would."""

from __future__ import annotations

import time

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton
from ui_support import type_text

from safeonline_desktop.errors import ExportError
from safeonline_desktop.services import reporting
from safeonline_desktop.ui import export_dialog
from safeonline_desktop.ui.export_dialog import ExportDialog

pytestmark = pytest.mark.gui


@pytest.fixture
def warnings(monkeypatch):
    shown: list[str] = []
    monkeypatch.setattr(export_dialog.QMessageBox, "warning", lambda parent, title, text, *a: shown.append(text))
    return shown


@pytest.fixture
def out(tmp_path):
    folder = tmp_path / "out"  # tmp_path also holds the data folder
    folder.mkdir()
    return folder


@pytest.fixture
def dialog(qtbot, services, demo, out):
    d = ExportDialog(services, demo.id, folder=out)
    qtbot.addWidget(d)
    d.show()
    qtbot.waitExposed(d)
    yield d
    if d.state == "running":
        d.cancel()
        qtbot.waitUntil(lambda: d.state != "running", timeout=20_000)


def _click(qtbot, button) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_export_in_french_redacted_then_open_folder(qtbot, dialog, out, monkeypatch, services, demo):
    opened = []

    class FakeDesktop:
        @staticmethod
        def openUrl(url):  # noqa: N802 - Qt's name
            opened.append(url.toLocalFile())
            return True

    monkeypatch.setattr(export_dialog, "QDesktopServices", FakeDesktop)
    assert dialog.xlsx_row.path.text() == str(out / "Demonstration-review-Republic-of-Aravia-fictional.xlsx")
    dialog.language.setCurrentIndex(dialog.language.findData("fr"))
    _click(qtbot, dialog.redact)
    assert dialog.redact.isChecked()
    dialog.paper.setCurrentIndex(dialog.paper.findData("Letter"))
    dialog.pdf_row.path.clear()
    type_text(dialog.pdf_row.path, str(out / "rapport-évaluation.pdf"))
    _click(qtbot, dialog.export_button)
    assert dialog.state == "running" and dialog.progress is not None and dialog.progress.isVisible()
    qtbot.waitUntil(lambda: dialog.state == "done", timeout=30_000)
    assert dialog.progress is None
    pdf = out / "rapport-évaluation.pdf"
    xlsx = out / "Demonstration-review-Republic-of-Aravia-fictional.xlsx"
    assert dialog.written == [xlsx, pdf]
    assert pdf.read_bytes().startswith(b"%PDF") and xlsx.stat().st_size > 0
    assert dialog.result.isVisible() and str(pdf) in dialog.result.text()
    assert dialog.open_folder_button.isVisible()
    _click(qtbot, dialog.open_folder_button)
    assert opened == [str(out)]
    entry = services.audit.entries(demo.id, limit=1)[0]
    assert entry.action == "review.export" and entry.after["redacted"] and entry.after["language"] == "fr"


def test_cancel_from_the_progress_dialog_leaves_no_file(qtbot, dialog, out, monkeypatch):
    real = reporting.render

    def waits_for_cancel(model, request, *, progress=None, cancel=None):
        deadline = time.monotonic() + 15
        while not cancel() and time.monotonic() < deadline:
            time.sleep(0.01)
        return real(model, request, progress=progress, cancel=cancel)

    monkeypatch.setattr(reporting, "render", waits_for_cancel)
    _click(qtbot, dialog.export_button)
    qtbot.waitUntil(lambda: dialog.progress is not None and dialog.progress.isVisible())
    cancel_button = dialog.progress.findChild(QPushButton)
    _click(qtbot, cancel_button)
    qtbot.waitUntil(lambda: dialog.state == "cancelled", timeout=20_000)
    assert list(out.iterdir()) == []
    assert "cancelled" in dialog.result.text()
    assert dialog.export_button.isEnabled()


def test_nothing_to_write_or_a_missing_folder_is_explained(qtbot, dialog, warnings, out):
    _click(qtbot, dialog.xlsx_row.check)
    _click(qtbot, dialog.pdf_row.check)
    assert not dialog.pdf_row.path.isEnabled()
    _click(qtbot, dialog.export_button)
    assert warnings == ["Choose at least one file to export: a workbook (.xlsx) or a report (.pdf)."]
    _click(qtbot, dialog.pdf_row.check)
    dialog.pdf_row.path.setText(str(out / "gone" / "r.pdf"))
    _click(qtbot, dialog.export_button)
    assert "does not exist" in warnings[-1]
    dialog.pdf_row.path.clear()
    _click(qtbot, dialog.export_button)
    assert warnings[-1] == "Give a file name for \u201cPDF report\u201d, or untick it."
    assert dialog.state == "idle" and list(out.iterdir()) == []


def test_a_failed_export_shows_the_reason(qtbot, dialog, warnings, monkeypatch):
    def fails(model, request, *, progress=None, cancel=None):
        raise ExportError("The folder /x cannot be written to (permission denied or read-only). Choose another folder.")

    monkeypatch.setattr(reporting, "render", fails)
    _click(qtbot, dialog.export_button)
    qtbot.waitUntil(lambda: dialog.state == "failed", timeout=10_000)
    assert warnings == ["The folder /x cannot be written to (permission denied or read-only). Choose another folder."]
    assert dialog.export_button.isEnabled() and not dialog.open_folder_button.isVisible()


def test_browse_adds_the_extension(qtbot, dialog, monkeypatch, out):
    monkeypatch.setattr(export_dialog.QFileDialog, "getSaveFileName",
                        lambda *a, **k: (str(out / "chosen"), "Excel workbook (*.xlsx)"))
    _click(qtbot, dialog.xlsx_row.browse)
    assert dialog.xlsx_row.path.text() == str(out / "chosen.xlsx")


def test_file_menu_and_toolbar_action(qtbot, window, demo, settle_window=None):
    action = window.export_action
    assert action in window.menus["file"].actions()
    assert action in window.toolbar.actions()
    assert action.text() == "Export review pack…"
    assert not action.isEnabled()  # no review open
    assert window.open_review(demo.id)
    qtbot.waitUntil(action.isEnabled)
    action.trigger()
    dialog = window.findChild(ExportDialog)
    assert dialog is not None and dialog.isVisible() and dialog.review_id == demo.id
    dialog.close()


def test_menu_action_follows_the_interface_language(qtbot, window):
    window.set_language("es")
    assert window.export_action.text() == "Exportar el dossier de evaluación…"
    window.set_language("en")
    assert window.export_action.text() == "Export review pack…"
