"""The review file's container: limits, entry names, and the optional passphrase encryption.

A plain review file is a zip. An encrypted one is::

    MAGIC | 4-byte big-endian header length | header (JSON) | AES-256-GCM ciphertext of the zip

The header carries only what decryption needs (cipher, scrypt parameters, salt, nonce); the
zip inside, with its entry names and manifest, is hidden. The magic and header are the
ciphertext's associated data, so changing any byte of the file makes decryption fail.
"""

from __future__ import annotations

import base64
import json
import os
import re
import struct
import unicodedata
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from safeonline_desktop.errors import ImportRejected
from safeonline_desktop.i18n import tr
from safeonline_desktop.storage.files import MAX_FILE_BYTES

#: The file name extension of review files.
EXTENSION = ".safeonline"
MANIFEST = "manifest.json"
REVIEW_JSON = "review.json"
EVIDENCE_PREFIX = "evidence/"
EVIDENCE_NAME = re.compile(r"^evidence/([0-9a-f]{64})$")

ZIP_MAGIC = b"PK\x03\x04"
ENCRYPTED_MAGIC = b"SAFEONLINE-ENCRYPTED-REVIEW\n"
ENCRYPTED_FORMAT = "safeonline-review-encrypted"
CIPHER = "AES-256-GCM"
KDF = "scrypt"
#: scrypt cost written by this version: n=2**17, r=8, p=1 (128 MiB, about 0.3 s per key).
SCRYPT_N = 2**17
SCRYPT_R = 8
SCRYPT_P = 1
#: Accepted when reading: at least as strong as n=2**15, at most 256 MiB of memory.
SCRYPT_MIN_N = 2**15
SCRYPT_MAX_MEMORY = 256 * 1024 * 1024
MIN_PASSPHRASE = 8
_MAX_HEADER = 4096


@dataclass(frozen=True)
class Limits:
    """What an import accepts. Above any real review; far below what would hurt the laptop."""

    #: The file on disk (and an encrypted file's zip inside).
    max_file_bytes: int = 1024 * 1024 * 1024
    #: The sum of all entries once uncompressed.
    max_total_bytes: int = 1024 * 1024 * 1024
    max_entries: int = 10_000
    #: One attached file (the same limit as attaching a file in the app).
    max_entry_bytes: int = MAX_FILE_BYTES
    max_review_json_bytes: int = 64 * 1024 * 1024
    max_manifest_bytes: int = 4 * 1024 * 1024
    #: Uncompressed size / compressed size of one entry.
    max_ratio: int = 100
    #: Entries smaller than this are not held to the ratio (they cannot hurt anyway).
    ratio_floor: int = 1024 * 1024


DEFAULT_LIMITS = Limits()


class PassphraseRequired(ImportRejected):
    """The file is encrypted and no passphrase was given."""


def normalise_passphrase(passphrase: str) -> bytes:
    """The same passphrase typed on any system gives the same bytes (Unicode NFC)."""
    return unicodedata.normalize("NFC", passphrase).encode("utf-8")


def _derive(passphrase: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return Scrypt(salt=salt, length=32, n=n, r=r, p=p).derive(normalise_passphrase(passphrase))


def encrypt(payload: bytes, passphrase: str, *, n: int = SCRYPT_N, r: int = SCRYPT_R, p: int = SCRYPT_P) -> bytes:
    """The encrypted container holding ``payload`` (the plain zip)."""
    salt = os.urandom(16)
    nonce = os.urandom(12)
    header = json.dumps({
        "format": ENCRYPTED_FORMAT,
        "version": 1,
        "cipher": CIPHER,
        "kdf": {"name": KDF, "n": n, "r": r, "p": p, "salt": base64.b64encode(salt).decode("ascii")},
        "nonce": base64.b64encode(nonce).decode("ascii"),
    }, sort_keys=True).encode("ascii")
    prefix = ENCRYPTED_MAGIC + struct.pack(">I", len(header)) + header
    key = _derive(passphrase, salt, n, r, p)
    return prefix + AESGCM(key).encrypt(nonce, payload, prefix)


def is_encrypted(head: bytes) -> bool:
    return head.startswith(ENCRYPTED_MAGIC)


def _damaged() -> ImportRejected:
    return ImportRejected(tr("The review file is damaged: its encryption header cannot be read."))


def parse_header(data: bytes) -> tuple[dict, int]:
    """The header of an encrypted container and where the ciphertext starts; strict."""
    start = len(ENCRYPTED_MAGIC)
    if len(data) < start + 4:
        raise _damaged()
    (length,) = struct.unpack(">I", data[start:start + 4])
    if length > _MAX_HEADER or len(data) < start + 4 + length + 16:
        raise _damaged()
    try:
        header = json.loads(data[start + 4:start + 4 + length].decode("ascii"))
        kdf = header["kdf"]
        ok = (
            header["format"] == ENCRYPTED_FORMAT and header["version"] == 1 and header["cipher"] == CIPHER
            and kdf["name"] == KDF
        )
        n, r, p = kdf["n"], kdf["r"], kdf["p"]
        salt = base64.b64decode(kdf["salt"], validate=True)
        nonce = base64.b64decode(header["nonce"], validate=True)
    except (ValueError, KeyError, TypeError, UnicodeDecodeError):
        raise _damaged() from None
    if not ok:
        raise ImportRejected(tr("The review file is encrypted in a way this version of SafeOnline Desktop "
                                "does not know. It may come from a newer version."))
    if not all(isinstance(x, int) and not isinstance(x, bool) for x in (n, r, p)):
        raise _damaged()
    sane = (
        n >= SCRYPT_MIN_N and n & (n - 1) == 0 and 1 <= r <= 32 and 1 <= p <= 16
        and 128 * n * r <= SCRYPT_MAX_MEMORY and 16 <= len(salt) <= 64 and len(nonce) == 12
    )
    if not sane:
        raise ImportRejected(tr("The review file's encryption settings are outside what SafeOnline Desktop "
                                "accepts; the file was not opened."))
    return {"n": n, "r": r, "p": p, "salt": salt, "nonce": nonce}, start + 4 + length


def decrypt(data: bytes, passphrase: str | None) -> bytes:
    """The plain zip inside an encrypted container; ImportRejected if anything is wrong."""
    params, offset = parse_header(data)
    if not passphrase:
        raise PassphraseRequired(tr("The review file is encrypted. Enter its passphrase to open it."))
    key = _derive(passphrase, params["salt"], params["n"], params["r"], params["p"])
    try:
        return AESGCM(key).decrypt(params["nonce"], data[offset:], data[:offset])
    except InvalidTag:
        raise ImportRejected(tr("The review file could not be decrypted: wrong passphrase or damaged file.")) from None
