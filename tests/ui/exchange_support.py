"""Helpers for the review-file GUI tests: other laptops made from the demo template, files, and
a logical dump of a workspace (importable as ``exchange_support``)."""

from __future__ import annotations

import contextlib
import hashlib
import shutil
import sqlite3
from pathlib import Path

from safeonline_desktop.exchange import container
from safeonline_desktop.services import open_services
from safeonline_desktop.services.context import Actor
from safeonline_desktop.services.exchange import ExchangeService

PASSPHRASE = "correct horse battery staple"


def fast(services) -> ExchangeService:
    """The exchange service with the cheapest scrypt the reader accepts (tests only)."""
    return ExchangeService(services.ctx, scrypt_n=container.SCRYPT_MIN_N)


def laptop(tmp_path: Path, demo_template, name: str, actor: str, catalog):
    """Another laptop holding a copy of the demonstration review (the same review, same uid)."""
    root, _uid = demo_template
    folder = tmp_path / name
    shutil.copytree(root, folder, ignore=shutil.ignore_patterns("backups", "logs", "tmp"))
    return open_services(folder, catalog=catalog, actor=Actor(actor), backup_on_start=False)


def snapshot(services) -> tuple:
    with contextlib.closing(sqlite3.connect(f"file:{services.data.database}?mode=ro", uri=True)) as conn:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
        rows = {t: sorted(conn.execute(f'SELECT * FROM "{t}"').fetchall(), key=repr) for t in tables}
    folder = services.data.evidence
    files = sorted((str(p.relative_to(folder)), hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else "")
                   for p in folder.rglob("*")) if folder.exists() else []
    return rows, files
