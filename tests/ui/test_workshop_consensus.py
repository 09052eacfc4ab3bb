"""Done when: a short workshop driven through the GUI -- three participants propose ratings,
the facilitator agrees one, dissent is recorded -- and the dissent appears in the review pack
(workbook and PDF), read back from the files."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from ui_support import settle, type_text

from safeonline_desktop.services.profiles import KdfCost

pytestmark = pytest.mark.gui

FAST = KdfCost(memory_kib=1024, iterations=1, lanes=1)
ITEM = "MNR.C05"


@pytest.fixture
def workshop(services, review):
    """A lead assessor (the facilitator) signed in, three participants, a validation session."""
    services.profiles.cost = FAST
    services.profiles.create(name="Amina Lead", role="lead_assessor", passphrase="lead passphrase one")
    services.profiles.sign_in("Amina Lead", "lead passphrase one")
    rid = review.id
    people = {
        "police": services.participants.add(rid, name="Ruth Police", organisation="National Police",
                                            sector="police", consent_named=True),
        "social": services.participants.add(rid, name="Sam Social", organisation="Social Welfare Department",
                                            sector="social_services", consent_named=False),
        "telecom": services.participants.add(rid, name="Tom Telecom", organisation="Communications Authority",
                                             sector="telecom_regulator", consent_named=True),
    }
    session = services.workshop.add_session(rid, title="National validation workshop", kind="validation",
                                            held_on=dt.date(2026, 3, 2),
                                            attendee_ids=[p.id for p in people.values()])
    return {"review": review, "people": people, "session": session}


def _click(qtbot, button) -> None:
    assert button.isEnabled(), button.objectName()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    # Let the panel's deferred reload (a zero-time timer) run before the next choice is made,
    # so it cannot reset a combo box between the test's choice and its click.
    settle(qtbot, 20)
    settle(qtbot)


def _choose(combo, data) -> None:
    index = combo.findData(data)
    assert index >= 0, (combo.objectName(), data)
    combo.setCurrentIndex(index)


def test_three_propose_the_facilitator_agrees_and_dissent_reaches_the_exports(
        make_window, services, workshop, qtbot, tmp_path, settings):
    rid = workshop["review"].id
    people = workshop["people"]
    window = make_window(services)
    assert window.open_review(rid, ITEM)
    settle(qtbot)
    panel = window.workshop.panel
    assert panel is not None and panel.isVisible() and panel.item_id == ITEM

    # The country's own rating, from its self-assessment.
    _choose(panel.self_combo, "in_place")
    panel.self_source.setFocus()
    type_text(panel.self_source, "Government self-assessment, January 2026")
    _click(qtbot, panel.self_save)

    # Three participants propose, in the session.
    _choose(panel.session, workshop["session"].id)
    for who, level, why in (("police", "in_place", "A unit of 12 officers exists."),
                            ("social", "planned", "Nothing operates outside the capital."),
                            ("telecom", "partly_in_place", "")):
        _choose(panel.who, people[who].id)
        _choose(panel.level, level)
        panel.comment.setFocus()
        type_text(panel.comment, why)
        _click(qtbot, panel.propose_button)
    assert panel.proposals.rowCount() == 3
    assert "Spread: 2 step(s), from Planned to In place" in panel.spread.text()

    # The facilitator agrees "partly in place"; the police dissent, and say why.
    _choose(panel.agree_level, "partly_in_place")
    _click(qtbot, panel.agree_button)
    assert services.assessments.get(rid, ITEM).status == "partly_in_place"
    assert panel.validated.text() == "Partly in place"
    assert panel.difference.text() == "validated 1 step(s) lower"
    assert "Ruth Police (National Police) (In place)" in panel.differing.text()
    _choose(panel.dissent_who, people["police"].id)
    panel.dissent_reason.setFocus()
    type_text(panel.dissent_reason, "The unit is funded and staffed nationwide.")
    _click(qtbot, panel.dissent_button)
    _choose(panel.dissent_who, people["social"].id)
    panel.dissent_reason.setFocus()
    type_text(panel.dissent_reason, "Rural districts have no coverage at all.")
    _click(qtbot, panel.dissent_button)
    assert panel.dissents.rowCount() == 2
    assert panel.dissents.item(0, 1).text() == "In place"  # the level they hold
    # The item page's rating cards show the agreed rating too (they refresh after the change).
    qtbot.waitUntil(lambda: window.workspace.item_page.levels.current() == "partly_in_place", timeout=20_000)

    # Export the review pack from the File menu's dialog, as a person would.
    out = tmp_path / "pack"
    out.mkdir()
    settings.setValue("export/folder", str(out))
    from safeonline_desktop.ui.export_actions import open_export_dialog

    dialog = open_export_dialog(window)
    qtbot.addWidget(dialog)
    _click(qtbot, dialog.export_button)
    qtbot.waitUntil(lambda: dialog.state == "done", timeout=60_000)
    xlsx, pdf = dialog.written
    dialog.close()

    text = "\n".join(page.extract_text() for page in PdfReader(pdf).pages)
    flat = " ".join(text.split())
    assert "Consensus and dissent" in flat
    assert "The unit is funded and staffed nationwide." in flat
    assert "Rural districts have no coverage at all." in flat
    assert "Ruth Police (National Police)" in flat  # consented to be named
    assert "Sam Social" not in flat and "Social Welfare Department" in flat  # did not: organisation only

    wb = openpyxl.load_workbook(xlsx)
    ws = wb["Consensus"]
    rows = [[c for c in row if c is not None] for row in ws.iter_rows(values_only=True)]
    flat_rows = [" | ".join(str(c) for c in row) for row in rows if row]
    assert any(r.startswith(f"{ITEM} | C05") and "In place | Partly in place | -1 | 3 | 2 | 2" in r
               for r in flat_rows), flat_rows
    dissent_rows = [r for r in flat_rows if "nationwide" in r or "Rural districts" in r]
    assert dissent_rows == [
        f"{ITEM} | C05 Judiciary and Prosecutors | Ruth Police (National Police) | In place | Partly in place | "
        "The unit is funded and staffed nationwide.",
        f"{ITEM} | C05 Judiciary and Prosecutors | Social Welfare Department | Planned | Partly in place | "
        "Rural districts have no coverage at all.",
    ]


def test_observer_sees_the_panel_but_every_control_is_off(make_window, services, workshop, qtbot):
    observer = services.profiles.create(name="Olga Observer", role="observer", passphrase="observer passphrase")
    services.profiles.add_to_team(workshop["review"].id, observer.id)
    services.workshop.propose(workshop["review"].id, ITEM, status="planned",
                              participant_id=workshop["people"]["police"].id)
    services.profiles.sign_in("Olga Observer", "observer passphrase")
    window = make_window(services)
    assert window.open_review(workshop["review"].id, ITEM)
    settle(qtbot)
    panel = window.workshop.panel
    assert panel.proposals.rowCount() == 1
    for w in (panel.propose_button, panel.agree_button, panel.dissent_button, panel.note_button, panel.self_save,
              panel.withdraw_button):
        assert not w.isEnabled(), w.objectName()
    # Even if a control were enabled, the services refuse: the panel shows the reason.
    assert panel.agree() is False
    assert "observer role may not" in panel.message_box.text()
    assert services.assessments.get(workshop["review"].id, ITEM).status is None


def test_note_taker_records_proposals_and_notes_but_not_the_agreed_rating(make_window, services, workshop, qtbot):
    notes = services.profiles.create(name="Noah Notes", role="note_taker", passphrase="note taker passphrase")
    services.profiles.add_to_team(workshop["review"].id, notes.id)
    services.profiles.sign_in("Noah Notes", "note taker passphrase")
    window = make_window(services)
    assert window.open_review(workshop["review"].id, ITEM)
    settle(qtbot)
    panel = window.workshop.panel
    assert panel.propose_button.isEnabled() and panel.note_button.isEnabled()
    assert not panel.agree_button.isEnabled() and not panel.dissent_button.isEnabled()
    _choose(panel.note_who, workshop["people"]["telecom"].id)
    panel.note_text.setFocus()
    type_text(panel.note_text, "Blocking list updated weekly.")
    _click(qtbot, panel.note_button)
    assert panel.notes.rowCount() == 1
    assert panel.notes.item(0, 0).text() == "Tom Telecom (Communications Authority)"
    assert panel.notes.item(0, 2).text() == "Noah Notes"


def test_item_page_offers_only_what_the_role_may_do(make_window, services, workshop, qtbot):
    rid = workshop["review"].id
    observer = services.profiles.create(name="Olga Observer", role="observer", passphrase="observer passphrase")
    notes = services.profiles.create(name="Noah Notes", role="note_taker", passphrase="note taker passphrase")
    for profile in (observer, notes):
        services.profiles.add_to_team(rid, profile.id)
    services.profiles.sign_in("Olga Observer", "observer passphrase")
    window = make_window(services)
    assert window.open_review(rid, ITEM)
    settle(qtbot)
    page = window.workspace.item_page
    assert not page.levels.isEnabled() and not page.confidence_combo.isEnabled()
    assert page.rationale.isReadOnly() and page.notes.isReadOnly()
    assert not page.evidence.add_button.isEnabled() and not page.findings.add_button.isEnabled()

    services.profiles.sign_in("Noah Notes", "note taker passphrase")
    page.reload()
    assert not page.levels.isEnabled()  # the rating is the lead's
    assert not page.rationale.isReadOnly() and page.evidence.add_button.isEnabled()
    assert not page.recommendations.add_button.isEnabled()  # planning is the lead's


def test_home_offers_an_observer_no_way_to_create_or_delete(make_window, services, workshop, qtbot):
    observer = services.profiles.create(name="Olga Observer", role="observer", passphrase="observer passphrase")
    services.profiles.add_to_team(workshop["review"].id, observer.id)
    services.profiles.sign_in("Olga Observer", "observer passphrase")
    window = make_window(services)
    window.go_home()
    home = window.home
    home.refresh()
    home.select(workshop["review"].id)
    settle(qtbot)
    assert home.open_button.isEnabled()
    for b in (home.new_button, home.duplicate_button, home.archive_button, home.delete_button):
        assert not b.isEnabled(), b.objectName()
