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
            names: dict[str, set[str]] = {}
            for sha, name, title in conn.execute(
                    "SELECT e.file_sha256, e.file_name, r.title FROM evidence e JOIN reviews r ON r.id = e.review_id "
                    "WHERE e.file_sha256 IS NOT NULL"):
                names.setdefault(sha, set()).add(f"{name} ({sha[:12]}, review {title!r})")
        except sqlite3.OperationalError:
            names = {}
    referenced = set(names)
    on_disk = store.all_hashes()

    def which(hashes: list[str]) -> str:
        shown = [n for sha in hashes[:5] for n in sorted(names[sha])]
        more = f" and {len(hashes) - 5} more" if len(hashes) > 5 else ""
        return "; ".join(shown) + more

    missing = sorted(referenced - on_disk)
    if missing:
        report["problems"].append(f"Attached files missing from {data.evidence}: {which(missing)}.")
    damaged = [sha for sha in sorted(referenced & on_disk) if not store.verify(sha)]
    if damaged:
        report["problems"].append(f"Attached files that no longer match their checksum: {which(damaged)}.")
    orphans = on_disk - referenced
    if orphans:
        report["warnings"].append(
            f"{len(orphans)} stored file{'s are' if len(orphans) != 1 else ' is'} not used by any evidence.")
    return report
