"""Consistent backups with SQLite's online backup API, checked, and thinned to the last few.

A plain file copy can miss pages still in the ``-wal`` file; the backup API cannot.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shutil
import sqlite3
from pathlib import Path

from safeonline_desktop.errors import StorageError

from .engine import describe_os_error

KEEP_BACKUPS = 10
SQLITE_HEADER = b"SQLite format 3\x00"


def is_sqlite_file(path: Path) -> bool:
    try:
        with open(path, "rb") as fh:
            return fh.read(16) == SQLITE_HEADER
    except OSError:
        return False


def quick_check(path: Path) -> str | None:
    """``None`` if the database at ``path`` passes ``PRAGMA quick_check``, else the problem."""
    if not is_sqlite_file(path):
        return "it is not a SQLite database"
    try:
        with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
            rows = conn.execute("PRAGMA quick_check").fetchall()
    except sqlite3.DatabaseError as exc:
        return str(exc)
    if rows != [("ok",)]:
        return "; ".join(str(r[0]) for r in rows[:3])
    return None


def backup_database(source: Path, backups: Path, tag: str = "") -> Path:
    """Copy ``source`` into ``backups`` with the online backup API, verify it, thin old copies.

    Returns the backup's path. Raises :class:`StorageError` if the copy cannot be made or
    does not pass ``quick_check`` (the unverified copy is removed).
    """
    backups.mkdir(parents=True, exist_ok=True, mode=0o700)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%d-%H%M%S-%f")
    suffix = f"-{tag}" if tag else ""
    target = backups / f"workspace-{stamp}{suffix}.sqlite3"
    partial = target.with_suffix(".partial")
    try:
        fd = os.open(partial, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
        os.close(fd)
        with contextlib.closing(sqlite3.connect(source)) as src, contextlib.closing(sqlite3.connect(partial)) as dst:
            src.backup(dst)
            # A backup is one self-contained file: no -wal/-shm companions to lose on a copy.
            dst.execute("PRAGMA journal_mode=DELETE")
        with open(partial, "rb") as fh:
            os.fsync(fh.fileno())
        problem = quick_check(partial)
        if problem:
            raise StorageError(f"The backup of {source} failed its check ({problem}).")
        os.replace(partial, target)
    except (OSError, sqlite3.Error) as exc:
        with contextlib.suppress(OSError):
            partial.unlink()
        raise StorageError(f"The database could not be backed up: {describe_os_error(exc)}.") from exc
    except StorageError:
        with contextlib.suppress(OSError):
            partial.unlink()
        raise
    thin_backups(backups)
    return target


def list_backups(backups: Path) -> list[Path]:
    """Backups, newest first."""
    if not backups.is_dir():
        return []
    return sorted(backups.glob("workspace-*.sqlite3"), key=lambda p: p.name, reverse=True)


def latest_backup(backups: Path) -> Path | None:
    for candidate in list_backups(backups):
        if quick_check(candidate) is None:
            return candidate
    return None


def thin_backups(backups: Path, keep: int = KEEP_BACKUPS) -> None:
    for old in list_backups(backups)[keep:]:
        with contextlib.suppress(OSError):
            old.unlink()


def restore_backup(backup: Path, database: Path) -> Path | None:
    """Put ``backup`` in place of ``database``. The replaced file is kept beside it, renamed.

    Returns the path the replaced file was moved to (``None`` if there was none).
    """
    problem = quick_check(backup)
    if problem:
        raise StorageError(f"The backup {backup} cannot be restored: {problem}.")
    kept = None
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%d-%H%M%S")
    if database.exists():
        kept = database.with_name(f"{database.name}.replaced-{stamp}")
        os.replace(database, kept)
        for side in ("-wal", "-shm"):
            extra = database.with_name(database.name + side)
            if extra.exists():
                os.replace(extra, kept.with_name(kept.name + side))
    partial = database.with_name(database.name + ".restoring")
    shutil.copyfile(backup, partial)
    os.chmod(partial, 0o600)
    with open(partial, "rb") as fh:
        os.fsync(fh.fileno())
    os.replace(partial, database)
    return kept
