"""Helpers for the review-file tests: file surgery and a logical dump of a workspace to prove
that a refused file changed nothing. (Fixtures are in conftest.py.)"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import sqlite3
import zipfile
from collections.abc import Callable
from pathlib import Path

from safeonline_desktop.exchange import container
from safeonline_desktop.services.exchange import ExchangeService

#: Cheap scrypt for tests (the reader accepts it; files made by the app use 2**17).
TEST_SCRYPT_N = container.SCRYPT_MIN_N
PASSPHRASE = "correct horse battery staple"


def dump_database(path: Path) -> dict[str, list[tuple]]:
    """Every row of every table, sorted: the database's logical content."""
    with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
        return {t: sorted(conn.execute(f'SELECT * FROM "{t}"').fetchall(), key=repr) for t in tables}


def list_folder(folder: Path) -> list[tuple[str, str]]:
    if not folder.exists():
        return []
    return sorted((str(p.relative_to(folder)), hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else "dir")
                  for p in folder.rglob("*"))


def snapshot(services) -> tuple:
    return dump_database(services.data.database), list_folder(services.data.evidence)


def exchange(services) -> ExchangeService:
    return ExchangeService(services.ctx, scrypt_n=TEST_SCRYPT_N)


# -- file surgery -------------------------------------------------------------------------

def read_entries(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {info.filename: zf.read(info) for info in zf.infolist()}


def write_entries(path: Path, entries: dict[str, bytes], *, fix_manifest: bool = True,
                  method: int = zipfile.ZIP_DEFLATED) -> Path:
    """Write a zip of ``entries``; ``fix_manifest`` recomputes the manifest's hashes so that a
    change reaches the later checks (schema, meaning) instead of the hash check."""
    entries = dict(entries)
    if fix_manifest and container.MANIFEST in entries:
        manifest = json.loads(entries[container.MANIFEST])
        manifest["entries"] = {name: {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}
                               for name, data in entries.items() if name != container.MANIFEST}
        entries[container.MANIFEST] = json.dumps(manifest).encode()
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", method) as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
    path.write_bytes(buf.getvalue())
    return path


def edit_review_json(path: Path, target: Path, change: Callable[[dict], object]) -> Path:
    entries = read_entries(path)
    doc = json.loads(entries[container.REVIEW_JSON])
    change(doc)
    entries[container.REVIEW_JSON] = json.dumps(doc).encode()
    return write_entries(target, entries)


def edit_manifest(path: Path, target: Path, change: Callable[[dict], object]) -> Path:
    entries = read_entries(path)
    manifest = json.loads(entries[container.MANIFEST])
    change(manifest)
    entries[container.MANIFEST] = json.dumps(manifest).encode()
    return write_entries(target, entries, fix_manifest=False)
