"""Workspace health: database integrity, schema revision, evidence files on disk."""

from __future__ import annotations

import contextlib
import sqlite3
from typing import Any

from safeonline_desktop import paths
from safeonline_desktop.storage.files import FileStore
from safeonline_desktop.storage.migrate import check_database, current_revision, head_revision


def check_workspace(data: paths.DataPaths) -> dict[str, Any]:
    """Read-only check of a data folder; never changes anything."""
    report: dict[str, Any] = {
        "database": str(data.database),
        "revision": None,
        "supported_revision": head_revision(paths.migrations_dir()),
        "problems": [],
        "warnings": [],
    }
    problems = check_database(data)
    report["problems"].extend(problems)
    if problems:
        return report
    report["revision"] = current_revision(data.database)
    store = FileStore(data.evidence)
    with contextlib.closing(sqlite3.connect(f"file:{data.database}?mode=ro", uri=True)) as conn:
        try:
            referenced = {r[0] for r in conn.execute("SELECT DISTINCT file_sha256 FROM evidence WHERE file_sha256 IS NOT NULL")}
        except sqlite3.OperationalError:
            referenced = set()
    on_disk = store.all_hashes()
    missing = sorted(referenced - on_disk)
    if missing:
        report["problems"].append(f"{len(missing)} attached file(s) are missing from {data.evidence}.")
    damaged = [sha for sha in sorted(referenced & on_disk) if not store.verify(sha)]
    if damaged:
        report["problems"].append(f"{len(damaged)} attached file(s) no longer match their checksum.")
    orphans = on_disk - referenced
    if orphans:
        report["warnings"].append(f"{len(orphans)} stored file(s) are not used by any evidence.")
    return report
