"""Fixtures of workshop mode: a lead assessor, a note taker and an observer on one review's team,
and a second review that belongs to another team."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from workshop_support import FAST, PASSPHRASES


@dataclass
class Room:
    services: object
    review_id: int
    other_review_id: int
    lead: int
    note_taker: int
    observer: int
    other_lead: int

    def sign_in(self, name: str) -> None:
        self.services.profiles.sign_in(name, PASSPHRASES[name])


@pytest.fixture
def fast_services(services):
    services.profiles.cost = FAST
    return services


@pytest.fixture
def room(fast_services, review) -> Room:
    s = fast_services
    lead = s.profiles.create(name="Amina Lead", role="lead_assessor", passphrase=PASSPHRASES["Amina Lead"])
    s.profiles.sign_in("Amina Lead", PASSPHRASES["Amina Lead"])
    note = s.profiles.create(name="Noah Notes", role="note_taker", passphrase=PASSPHRASES["Noah Notes"])
    obs = s.profiles.create(name="Olga Observer", role="observer", passphrase=PASSPHRASES["Olga Observer"])
    other = s.profiles.create(name="Other Lead", role="lead_assessor", passphrase=PASSPHRASES["Other Lead"])
    s.profiles.add_to_team(review.id, note.id)
    s.profiles.add_to_team(review.id, obs.id)
    s.profiles.sign_in("Other Lead", PASSPHRASES["Other Lead"])
    other_review = s.reviews.create(country_code="SN", title="Senegal review (other team)", frameworks=["mnr"])
    s.profiles.sign_in("Amina Lead", PASSPHRASES["Amina Lead"])
    return Room(s, review.id, other_review.id, lead.id, note.id, obs.id, other.id)
