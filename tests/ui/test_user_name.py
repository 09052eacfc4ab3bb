"""Tools > Your name in the review history: the "who" of changes when no profile is used."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QInputDialog

from safeonline_desktop.ui import user_name

pytestmark = pytest.mark.gui


def test_chosen_name_is_recorded_remembered_and_used_by_the_services(make_window, services, review, settings,
                                                                    monkeypatch):
    window = make_window(services)
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("  Dr Amina Yusuf ", True))
    assert window.user_name.action in window.menus["tools"].actions()
    window.user_name.action.trigger()
    assert settings.value(user_name.SETTING) == "Dr Amina Yusuf"
    assert services.assessments.record(review.id, "MNR.C01", status="planned").updated_by == "Dr Amina Yusuf"

    services.profiles.set_local_name("someone else")
    again = make_window(services)  # a new session reads the remembered name
    assert again.user_name.services.profiles.local_name() == "Dr Amina Yusuf"


def test_an_empty_name_is_refused_and_the_old_one_kept(make_window, services, settings, monkeypatch):
    window = make_window(services)
    before = services.profiles.local_name()
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("   ", True))
    assert window.user_name.ask() is False
    assert services.profiles.local_name() == before and not settings.value(user_name.SETTING)


def test_follows_the_interface_language(make_window, services):
    window = make_window(services)
    window.set_language("fr")
    assert window.user_name.action.text() == "Votre &nom dans l'historique de l'évaluation…"
    window.set_language("en")
