"""Unexpected errors: logged, reported in a dialog the user can copy from, and the app goes on."""

from __future__ import annotations

import logging
import sys

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from ui_support import settle

from safeonline_desktop.errors import ValidationError
from safeonline_desktop.ui.errors import ErrorReportDialog, install_excepthook

pytestmark = pytest.mark.gui


@pytest.fixture
def handler(tmp_path):
    h = install_excepthook(tmp_path / "safeonline.log")
    yield h
    h.uninstall()
    if h.dialog is not None:
        h.dialog.close()


def boom():
    raise RuntimeError("the chart could not be drawn")


def test_an_unexpected_error_is_logged_and_reported_and_the_app_keeps_running(handler, window, review, services,
                                                                              qtbot, caplog):
    window.open_review(review.id, "MNR.C01")
    page = window.workspace.item_page
    page.rationale.setFocus()
    qtbot.keyClicks(page.rationale, "Typed just before the crash")
    handler.add_flush(window.flush_pending)
    caplog.set_level(logging.ERROR, logger="safeonline_desktop.ui.errors")

    QTimer.singleShot(0, boom)  # an exception in a slot, as a bug would raise it
    qtbot.waitUntil(lambda: handler.dialog is not None and handler.dialog.isVisible())

    dialog = handler.dialog
    assert isinstance(dialog, ErrorReportDialog)
    report = dialog.report.toPlainText()
    assert "RuntimeError: the chart could not be drawn" in report and "Traceback" in report
    assert "safeonline.log" in dialog.label.text() and "Your saved work is safe" in dialog.label.text()
    assert any("Unhandled exception" in r.message and "the chart could not be drawn" in r.getMessage()
               for r in caplog.records)
    # typed text was saved before the report
    assert services.assessments.get(review.id, "MNR.C01").rationale == "Typed just before the crash"
    dialog.copy_button.click()
    assert "the chart could not be drawn" in QApplication.clipboard().text()

    # more errors while the dialog is open are added to it, not stacked in new dialogs
    QTimer.singleShot(0, boom)
    settle(qtbot, 10)
    assert handler.dialog is dialog and dialog.report.toPlainText().count("RuntimeError: the chart") == 2

    # the app keeps working
    assert window.rate_current("planned")
    assert services.assessments.get(review.id, "MNR.C01").status == "planned"
    dialog.close()
    qtbot.waitUntil(lambda: handler.dialog is None)


def test_an_expected_error_that_escaped_is_shown_as_a_plain_message(handler, window, qtbot):
    def refused():
        raise ValidationError("The title cannot be empty.")

    QTimer.singleShot(0, refused)
    qtbot.waitUntil(lambda: handler.message is not None and handler.message.isVisible())
    assert handler.message.text() == "The title cannot be empty."
    assert handler.dialog is None
    handler.message.close()


def test_an_error_in_another_thread_is_reported_in_the_gui_thread(handler, qtbot):
    import threading

    thread = threading.Thread(target=boom)
    thread.start()
    thread.join()
    qtbot.waitUntil(lambda: handler.dialog is not None and handler.dialog.isVisible())
    assert "the chart could not be drawn" in handler.dialog.report.toPlainText()


def test_a_failing_flush_does_not_stop_the_report(handler, qtbot):
    handler.add_flush(lambda: 1 / 0)
    handler(RuntimeError, RuntimeError("second"), None)
    assert handler.dialog is not None and "second" in handler.dialog.report.toPlainText()


def test_hook_is_installed_and_removed(handler):
    assert sys.excepthook is handler
    handler.uninstall()
    assert sys.excepthook is sys.__excepthook__
