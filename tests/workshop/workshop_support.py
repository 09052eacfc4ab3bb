"""Constants shared by the workshop tests (importable: this folder is on sys.path)."""

from __future__ import annotations

from safeonline_desktop.services.profiles import KdfCost

#: Cheap Argon2id settings so that the many sign-ins of these tests stay fast; the real cost is
#: checked in test_passphrases.py.
FAST = KdfCost(memory_kib=1024, iterations=1, lanes=1, scrypt_log2_n=10, scrypt_r=8)

PASSPHRASES = {
    "Amina Lead": "lead passphrase one",
    "Noah Notes": "note taker passphrase",
    "Olga Observer": "observer passphrase",
    "Other Lead": "another team's lead",
}
