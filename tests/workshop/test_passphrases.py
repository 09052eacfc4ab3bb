"""Passphrases: memory-hard hashes with their own salts, right and wrong passphrases, never
stored in clear, and a wait after repeated failures."""

from __future__ import annotations

import sqlite3
import unicodedata

import pytest
from workshop_support import FAST, PASSPHRASES

from safeonline_desktop.errors import PermissionDenied, ValidationError
from safeonline_desktop.services import profiles as prof
from safeonline_desktop.services.profiles import (
    DEFAULT_COST,
    hash_passphrase,
    needs_rehash,
    verify_passphrase,
)


def test_hash_is_argon2id_with_the_documented_cost_and_verifies():
    encoded = hash_passphrase("a long correct passphrase")  # the real cost, once
    assert encoded.startswith(f"$argon2id$v=19$m={DEFAULT_COST.memory_kib},t={DEFAULT_COST.iterations},"
                              f"p={DEFAULT_COST.lanes}$")
    assert DEFAULT_COST.memory_kib >= 19 * 1024  # at least OWASP's Argon2id minimum (19 MiB)
    assert verify_passphrase("a long correct passphrase", encoded)
    assert not verify_passphrase("a long correct passphrasE", encoded)
    assert not needs_rehash(encoded)


def test_same_passphrase_gets_a_different_salt_and_hash_each_time():
    one, two = hash_passphrase("same passphrase", FAST), hash_passphrase("same passphrase", FAST)
    salt_one, salt_two = one.split("$")[-2], two.split("$")[-2]
    assert salt_one != salt_two and one != two
    assert verify_passphrase("same passphrase", one) and verify_passphrase("same passphrase", two)


def test_unicode_forms_of_one_passphrase_match():
    composed = unicodedata.normalize("NFC", "contraseña segura")
    decomposed = unicodedata.normalize("NFD", "contraseña segura")
    assert composed != decomposed
    assert verify_passphrase(decomposed, hash_passphrase(composed, FAST))


@pytest.mark.parametrize("bad", ["", "plain text", "$argon2id$v=19$m=1024,t=1,p=1$!!!$???", "$md5$x$y$z"])
def test_malformed_hashes_never_verify(bad):
    assert not verify_passphrase("anything at all", bad)


def test_scrypt_is_used_where_argon2id_is_missing_and_still_verifies(monkeypatch):
    monkeypatch.setattr(prof, "argon2id_available", lambda: False)
    encoded = hash_passphrase("fallback passphrase", FAST)
    assert encoded.startswith("$scrypt$ln=10,r=8,p=1$")
    assert verify_passphrase("fallback passphrase", encoded)
    assert not verify_passphrase("fallback passphrasf", encoded)
    monkeypatch.undo()
    assert needs_rehash(encoded)  # upgraded to Argon2id at the next sign-in


def test_right_and_wrong_passphrase_through_the_service(room):
    s = room.services
    s.profiles.sign_out()
    with pytest.raises(PermissionDenied, match="name or passphrase is not right"):
        s.profiles.sign_in("Noah Notes", "note taker passphrasE")
    with pytest.raises(PermissionDenied, match="name or passphrase is not right"):
        s.profiles.sign_in("Nobody", "note taker passphrase")
    assert s.profiles.current() is None
    me = s.profiles.sign_in("  noah   NOTES ", PASSPHRASES["Noah Notes"])  # the name, however typed
    assert me.name == "Noah Notes" and s.ctx.actor.profile_id == me.id and s.ctx.actor.name == "Noah Notes"


def test_passphrases_are_never_stored_in_clear(room):
    s = room.services
    s.profiles.change_passphrase(PASSPHRASES["Amina Lead"], "brand new secret words")
    s.profiles.reset_passphrase(room.note_taker, "reset by the lead")
    s.close()
    blobs = b""
    for suffix in ("", "-wal", "-shm"):
        path = s.data.database.with_name(s.data.database.name + suffix)
        if path.exists():
            blobs += path.read_bytes()
    for backup in s.data.backups.glob("*"):
        blobs += backup.read_bytes()
    for secret in [*PASSPHRASES.values(), "brand new secret words", "reset by the lead"]:
        assert secret.encode() not in blobs and secret.encode("utf-16-le") not in blobs
    with sqlite3.connect(s.data.database) as conn:
        hashes = [r[0] for r in conn.execute("SELECT passphrase_hash FROM profiles")]
        audit_text = " ".join(str(r) for r in conn.execute("SELECT before, after FROM audit_log"))
    assert all(h.startswith("$argon2id$") for h in hashes) and len(set(hashes)) == len(hashes)
    assert "argon2id" not in audit_text and "passphrase_hash" not in audit_text


def test_changing_a_passphrase_needs_the_current_one(room):
    s = room.services
    with pytest.raises(PermissionDenied, match="current passphrase"):
        s.profiles.change_passphrase("not my passphrase", "new passphrase here")
    s.profiles.change_passphrase(PASSPHRASES["Amina Lead"], "new passphrase here")
    s.profiles.sign_out()
    with pytest.raises(PermissionDenied):
        s.profiles.sign_in("Amina Lead", PASSPHRASES["Amina Lead"])
    s.profiles.sign_in("Amina Lead", "new passphrase here")


@pytest.mark.parametrize("weak", ["short", "        ", "amina lead"])
def test_weak_passphrases_are_refused(fast_services, weak):
    with pytest.raises(ValidationError):
        fast_services.profiles.create(name="Amina Lead", role="lead_assessor", passphrase=weak)
    assert not fast_services.profiles.exists()


def test_repeated_failures_make_the_profile_wait(room, clock):
    s = room.services
    s.profiles.sign_out()
    for _ in range(prof.MAX_ATTEMPTS):
        with pytest.raises(PermissionDenied, match="not right"):
            s.profiles.sign_in("Olga Observer", "guess guess guess")
    # Even the right passphrase has to wait now.
    with pytest.raises(PermissionDenied, match="Try again in 30 seconds"):
        s.profiles.sign_in("Olga Observer", PASSPHRASES["Olga Observer"])
    clock.advance(seconds=31)
    with pytest.raises(PermissionDenied, match="not right"):
        s.profiles.sign_in("Olga Observer", "guess again")
    with pytest.raises(PermissionDenied, match="Try again in 60 seconds"):  # the wait doubles
        s.profiles.sign_in("Olga Observer", PASSPHRASES["Olga Observer"])
    clock.advance(seconds=61)
    assert s.profiles.sign_in("Olga Observer", PASSPHRASES["Olga Observer"]).name == "Olga Observer"
    # Success clears the count; other profiles were never affected.
    s.profiles.sign_out()
    with pytest.raises(PermissionDenied, match="not right"):
        s.profiles.sign_in("Olga Observer", "one more wrong one")
    s.profiles.sign_in("Olga Observer", PASSPHRASES["Olga Observer"])
    actions = [e.action for e in s.audit.entries(room.review_id)]
    assert "profile.sign_in_failed" not in actions  # sign-ins are workspace entries, not the review's


def test_weaker_hashes_are_upgraded_at_sign_in(room):
    s = room.services
    s.profiles.cost = prof.KdfCost(memory_kib=2048, iterations=2, lanes=1)
    room.sign_in("Olga Observer")
    with sqlite3.connect(s.data.database) as conn:
        encoded = conn.execute("SELECT passphrase_hash FROM profiles WHERE name = 'Olga Observer'").fetchone()[0]
    assert "$m=2048,t=2,p=1$" in encoded
    assert verify_passphrase(PASSPHRASES["Olga Observer"], encoded)
