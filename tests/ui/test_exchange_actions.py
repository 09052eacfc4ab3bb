"""File → Export review file…, File → Import review files…, Tools → Compare countries, driven
from the real main window."""

from __future__ import annotations

import json
import zipfile

import pytest
from exchange_support import PASSPHRASE, fast, laptop
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox
from ui_support import settle, type_text

from safeonline_desktop.exchange import container
from safeonline_desktop.ui import exchange_actions
from safeonline_desktop.ui.comparison_view import ComparisonView
from safeonline_desktop.ui.exchange_actions import ExportReviewFileDialog
from safeonline_desktop.ui.import_dialog import ImportDialog

pytestmark = pytest.mark.gui


def test_actions_are_in_the_menus_and_follow_the_open_review(window, demo, qtbot):
    actions = window.exchange_actions
    file_actions = window.menus["file"].actions()
    assert actions.export_action in file_actions and actions.import_action in file_actions
    assert file_actions.index(actions.import_action) < file_actions.index(window.quit_action)
    assert actions.compare_action in window.menus["tools"].actions()
    assert not actions.export_action.isEnabled()  # no review open
    assert actions.import_action.isEnabled() and actions.compare_action.isEnabled()
    window.home.refresh()
    window.open_review(demo.id)
    settle(qtbot)
    assert actions.export_action.isEnabled()
    window.go_home()
    assert not actions.export_action.isEnabled()
    window.set_language("es")
    assert actions.import_action.text() == "&Importar archivos de evaluación…"
    assert actions.compare_action.text() == "&Comparar países"


def test_export_with_passphrase_and_label(demo_window, qtbot, tmp_path, monkeypatch):
    warnings: list[str] = []
    monkeypatch.setattr(exchange_actions.QMessageBox, "warning", lambda parent, title, text, *a: warnings.append(text))
    window = demo_window
    window.exchange_actions.export_action.trigger()
    dialog = window.exchange_actions.dialog
    assert isinstance(dialog, ExportReviewFileDialog) and dialog.isVisible()
    target = tmp_path / "out" / "aravia.safeonline"
    target.parent.mkdir()
    dialog.path.setText(str(target))
    dialog.label.setText("Field laptop 2")
    type_text(dialog.passphrase, "pässphrase-1")
    type_text(dialog.repeat, "pässphrase-2")
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert warnings and "differ" in warnings[-1] and dialog.state == "idle"
    dialog.repeat.clear()
    type_text(dialog.repeat, "pässphrase-1")
    dialog.exchange.scrypt_n = container.SCRYPT_MIN_N  # keep the test quick
    with qtbot.waitSignal(dialog.exported, timeout=30_000):
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert dialog.state == "done" and target.read_bytes().startswith(container.ENCRYPTED_MAGIC)
    assert "aravia.safeonline" in dialog.result.text()
    assert dialog.passphrase.text() == ""  # not kept in memory longer than needed
    assert window.services.reviews.get(window.current_review_id()) is not None
    inner = container.decrypt(target.read_bytes(), "pässphrase-1")
    import io

    with zipfile.ZipFile(io.BytesIO(inner)) as zf:
        assert json.loads(zf.read("manifest.json"))["source_label"] == "Field laptop 2"
    assert window.settings.value(exchange_actions.SETTINGS_EXPORT_FOLDER) == str(target.parent)
    assert "aravia.safeonline" in window.statusBar().currentMessage()


def test_export_redacted_without_passphrase(demo_window, qtbot, tmp_path):
    window = demo_window
    dialog = window.exchange_actions.export_review_file()
    dialog.path.setText(str(tmp_path / "plain"))
    dialog.encrypt.setChecked(False)
    assert not dialog.passphrase.isEnabled()
    dialog.redact.setChecked(True)
    with qtbot.waitSignal(dialog.exported, timeout=30_000):
        dialog.start()
    target = tmp_path / "plain.safeonline"
    with zipfile.ZipFile(target) as zf:
        manifest = json.loads(zf.read("manifest.json"))
    assert manifest["redacted"] is True and manifest["encryption"] is None


def test_import_through_the_menu_adds_the_review_and_refreshes(window, qtbot, tmp_path, monkeypatch, demo_template,
                                                              catalog, services):
    other = laptop(tmp_path, demo_template, "laptop-a", "Ana", catalog)
    try:
        kenya = other.reviews.create(country_code="KE", title="Kenya 2026", frameworks=["mnr"])
        other.assessments.record(kenya.id, "MNR.C01", status="in_place")
        path = tmp_path / "kenya.safeonline"
        fast(other).export_review(kenya.id, path, passphrase=PASSPHRASE)
    finally:
        other.close()
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(path)], ""))
    window.exchange_actions.import_action.trigger()
    dialog = window.exchange_actions.dialog
    assert isinstance(dialog, ImportDialog)
    qtbot.waitUntil(lambda: dialog.state == "ready", timeout=30_000)
    assert dialog.passphrase_row.isVisible() and not dialog.import_button.isEnabled()
    type_text(dialog.passphrase, PASSPHRASE)
    qtbot.mouseClick(dialog.check_again, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.state == "ready" and dialog.import_button.isEnabled(), timeout=30_000)
    with qtbot.waitSignal(window.data_changed, timeout=30_000):
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: dialog.state == "done", timeout=30_000)
    assert [r.review.title for r in services.reviews.list()] == ["Kenya 2026"]
    assert window.settings.value(exchange_actions.SETTINGS_IMPORT_FOLDER) == str(tmp_path)
    dialog.close()


def test_compare_countries_opens_one_window(window, demo, qtbot):
    first = window.exchange_actions.compare_countries()
    assert isinstance(first, ComparisonView) and first.isVisible()
    qtbot.addWidget(first)
    assert first.heat_model.rowCount() == 1
    window.services.reviews.create(country_code="KE", title="Kenya", frameworks=["mnr"])
    window.data_changed.emit()
    assert first.heat_model.rowCount() == 2  # refreshed when data changes
    again = window.exchange_actions.compare_countries()
    assert again is first
    first.close()


def test_export_needs_an_open_review(window, monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text, *a: shown.append(text))
    assert window.exchange_actions.export_review_file() is None
    assert shown == ["Open a review first."]


def test_review_files_given_by_the_desktop_open_the_import_preview(window, qtbot, tmp_path, demo_template, catalog):
    from PySide6.QtGui import QFileOpenEvent
    from PySide6.QtWidgets import QApplication

    from safeonline_desktop.app import parse_args
    from safeonline_desktop.ui.file_open import ReviewFileOpener

    other = laptop(tmp_path, demo_template, "laptop-b", "Ben", catalog)
    try:
        peru = other.reviews.create(country_code="PE", title="Peru 2026", frameworks=["mnr"])
        path = tmp_path / "peru.safeonline"
        fast(other).export_review(peru.id, path)
    finally:
        other.close()
    # Linux/Windows: the file manager passes the file on the command line.
    args = parse_args([str(path), "-style", "fusion"])
    assert args.files == [str(path)] and args.qt_args == ["-style", "fusion"]
    opener = ReviewFileOpener(window)
    opener.open([path])
    qtbot.waitUntil(lambda: isinstance(window.exchange_actions.dialog, ImportDialog), timeout=10_000)
    first = window.exchange_actions.dialog
    qtbot.waitUntil(lambda: first.state == "ready", timeout=30_000)
    first.close()
    # macOS: a file-open event reaches the application.
    QApplication.sendEvent(QApplication.instance(), QFileOpenEvent(str(path)))
    qtbot.waitUntil(lambda: window.exchange_actions.dialog is not first, timeout=10_000)
    assert isinstance(window.exchange_actions.dialog, ImportDialog)
    window.exchange_actions.dialog.close()
    QApplication.instance().removeEventFilter(opener)
