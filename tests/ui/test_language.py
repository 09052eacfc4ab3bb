"""Switching between English, Spanish and French retranslates the interface, the content and
Qt's own strings in place, and is remembered."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QCoreApplication, Qt
from ui_support import settle

from safeonline_desktop import i18n
from safeonline_desktop.ui.application import QtTranslations, choose_language

pytestmark = pytest.mark.gui


@pytest.fixture
def qt_translations(qapp):
    translations = QtTranslations(qapp)
    yield translations
    translations.install("en")


def test_language_switch_retranslates_interface_and_content_in_place(make_window, services, demo, settings,
                                                                     qt_translations, catalog, qtbot):
    window = make_window(services, qt_translations=qt_translations)
    window.open_review(demo.id, "MNR.C04")
    settle(qtbot)
    page = window.workspace.item_page
    item = catalog.item("MNR.C04")
    assert page.title.text() == f"C04  {item.name.en}"
    label_before = page.rationale_label

    window.language_actions["es"].trigger()
    settle(qtbot)

    assert i18n.current_language() == "es"
    assert window.menus["file"].title() == "&Archivo"
    assert window.menus["review"].title() == "E&valuación"
    assert window.workspace.tabs.tabText(1) == "Resumen"
    assert page.rationale_label is label_before  # the same widgets, retranslated in place
    assert page.rationale_label.text().startswith("&Justificación")
    assert page.title.text() == f"C04  {item.name.es}"
    assert page.description.text() == item.description.es
    assert page.question_rows[0].label.text() == item.guiding_questions[0].text.es
    assert page.levels.cards["in_place"].title_label.text() == "Implantado"
    assert page.levels.cards["in_place"].text_label.text() == item.level_descriptors["in_place"].es
    assert page.evidence.notice.text().startswith("Adjunte")
    nav = window.workspace.nav_model
    assert nav.index(0, 0).data(Qt.ItemDataRole.DisplayRole) == "Modelo de Respuesta Nacional (MNR)"
    assert window.workspace.overview.chart_title.text() == "Calificaciones por dominio"
    # Qt's own strings (standard buttons) follow
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Cancelar"
    # remembered for the next start
    assert settings.value("ui/language") == "es"
    assert choose_language(None, settings) == "es"

    window.set_language("fr")
    assert window.menus["file"].title() == "&Fichier"
    assert page.title.text() == f"C04  {item.name.fr}"
    assert page.levels.cards["not_applicable"].title_label.text() == "Sans objet"
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Annuler"
    assert window.language_actions["fr"].isChecked() and not window.language_actions["es"].isChecked()

    window.set_language("en")
    assert window.menus["file"].title() == "&File"
    assert page.title.text() == f"C04  {item.name.en}"
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Cancel"


def test_typed_text_survives_a_language_switch(window, services, review, qtbot):
    window.open_review(review.id, "MNR.C01")
    page = window.workspace.item_page
    page.rationale.setFocus()
    qtbot.keyClicks(page.rationale, "Half a sentence")
    window.set_language("es")
    assert page.rationale.toPlainText() == "Half a sentence"
    assert services.assessments.get(review.id, "MNR.C01").rationale == "Half a sentence"
    window.set_language("en")


def test_capacity_notice_is_translated(catalog):
    from safeonline_desktop.services.evidence import CAPACITY_NOT_CASES

    assert i18n.tr(CAPACITY_NOT_CASES, "es") != CAPACITY_NOT_CASES
    assert "jamais" in i18n.tr(CAPACITY_NOT_CASES, "fr").lower()
