"""With workshop profiles in use, only lead assessors export and import review files, and a merge
needs the right to edit the review it changes."""

from __future__ import annotations

import pytest
from exchange_helpers import exchange, snapshot

from safeonline_desktop.errors import PermissionDenied
from safeonline_desktop.services.profiles import KdfCost

FAST = KdfCost(memory_kib=1024, iterations=1, lanes=1, scrypt_log2_n=10, scrypt_r=8)


@pytest.fixture
def guarded(hq_with_content):
    s = hq_with_content
    s.profiles.cost = FAST
    s.profiles.create(name="Lea Lead", role="lead_assessor", passphrase="lead passphrase one")
    s.profiles.sign_in("Lea Lead", "lead passphrase one")
    s.profiles.create(name="Omar Observer", role="observer", passphrase="observer passphrase")
    s.profiles.create(name="Nina Notes", role="note_taker", passphrase="note taker passphrase")
    return s


@pytest.mark.parametrize("name,passphrase", [("Omar Observer", "observer passphrase"),
                                             ("Nina Notes", "note taker passphrase")])
def test_only_lead_assessors_import_and_export(guarded, source_file, tmp_path, name, passphrase):
    kenya = guarded.reviews.list()[0].review
    guarded.profiles.sign_in(name, passphrase)
    before = snapshot(guarded)
    with pytest.raises(PermissionDenied):
        exchange(guarded).import_file(source_file)
    with pytest.raises(PermissionDenied):
        exchange(guarded).export_review(kenya.id, tmp_path / "kenya.safeonline")
    assert snapshot(guarded) == before
    assert not (tmp_path / "kenya.safeonline").exists()


def test_a_lead_assessor_imports_and_exports(guarded, source_file, tmp_path):
    kenya = guarded.reviews.list()[0].review
    outcome = exchange(guarded).import_file(source_file)
    assert outcome.written
    exchange(guarded).export_review(kenya.id, tmp_path / "kenya.safeonline")
    entry = guarded.audit.entries(kenya.id)[0]
    assert entry.action == "review.export" and entry.actor == "Lea Lead"
