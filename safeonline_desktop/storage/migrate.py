"""Start-up of the workspace database: check, back up, migrate with alembic, open.

Rules (see docs/data.md): a new file is created by the migrations; a file that is not SQLite
or fails its integrity check is refused, untouched, with the latest backup offered; a file
from a newer version is refused, untouched; before any upgrade a verified backup is taken,
and a failed upgrade restores it. Nothing here ever deletes a user's database.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import text

from safeonline_desktop.errors import DatabaseCorruptError, DatabaseTooNewError, MigrationError, StorageError
from safeonline_desktop.paths import DataPaths

from .backup import backup_database, latest_backup, list_backups, quick_check, restore_backup
from .engine import Workspace, describe_os_error, ensure_private_dir, make_engine

log = logging.getLogger(__name__)
logging.getLogger("alembic").setLevel(logging.WARNING)


@dataclass(frozen=True)
class StartupOutcome:
    previous_revision: str | None
    revision: str
    backup: Path | None


def _alembic_config(migrations: Path):
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(migrations))
    return cfg


def head_revision(migrations: Path) -> str:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_alembic_config(migrations)).get_current_head()


def known_revisions(migrations: Path) -> set[str]:
    from alembic.script import ScriptDirectory

    return {s.revision for s in ScriptDirectory.from_config(_alembic_config(migrations)).walk_revisions()}


def current_revision(database: Path) -> str | None:
    """The alembic revision stored in ``database`` (read-only; ``None`` if it has none)."""
    with contextlib.closing(sqlite3.connect(f"file:{database}?mode=ro", uri=True)) as conn:
        has_table = conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type='table' AND name='alembic_version'"
        ).fetchone()
        if not has_table:
            return None
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        return row[0] if row else None


def upgrade(database: Path, migrations: Path, revision: str = "head") -> None:
    """Run alembic to ``revision`` on one connection, foreign keys off, then check them.

    Foreign keys must be off: batch migrations rebuild tables, and with them on, dropping a
    parent table deletes its children (environment.md §7).
    """
    from alembic import command

    engine = make_engine(database, foreign_keys=False)
    try:
        with engine.begin() as conn:
            cfg = _alembic_config(migrations)
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, revision)
            problems = conn.execute(text("PRAGMA foreign_key_check")).fetchall()
            if problems:
                raise MigrationError(f"The upgrade left {len(problems)} broken references.")
    finally:
        engine.dispose()


def _create_private_file(path: Path) -> None:
    fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    os.close(fd)


def open_workspace(data: DataPaths, migrations: Path, *, backup_on_start: bool = True) -> tuple[Workspace, StartupOutcome]:
    """Check, back up, migrate and open the workspace database of ``data``.

    Raises:
        DataFolderError: the folder cannot be created or written.
        DatabaseCorruptError: the file is not SQLite or fails its integrity check.
        DatabaseTooNewError: the file was written by a newer version.
        MigrationError: the upgrade failed (the backup was restored).
    """
    ensure_private_dir(data.root)
    db = data.database
    head = head_revision(migrations)
    previous: str | None = None
    backup: Path | None = None

    if db.exists() and db.stat().st_size > 0:
        problem = quick_check(db)
        if problem:
            found = latest_backup(data.backups)
            raise DatabaseCorruptError(str(db), problem, str(found) if found else None)
        try:
            previous = current_revision(db)
        except sqlite3.DatabaseError as exc:
            found = latest_backup(data.backups)
            raise DatabaseCorruptError(str(db), str(exc), str(found) if found else None) from exc
        if previous is not None and previous not in known_revisions(migrations):
            raise DatabaseTooNewError(str(db), previous)
        if previous != head or backup_on_start:
            backup = backup_database(db, data.backups, tag=previous or "empty")
    else:
        if not db.exists():
            try:
                _create_private_file(db)
            except OSError as exc:
                raise StorageError(f"The database cannot be created: {describe_os_error(exc)}.") from exc

    if previous != head:
        try:
            upgrade(db, migrations)
        except Exception as exc:  # any failure: put the verified backup back
            log.exception("Upgrade of %s from %s failed", db, previous)
            if backup is not None:
                restore_backup(backup, db)
                raise MigrationError(
                    f"The database could not be upgraded ({exc}). It was restored from {backup}."
                ) from exc
            raise MigrationError(f"The new database could not be created ({describe_os_error(exc)}).") from exc

    return Workspace(make_engine(db)), StartupOutcome(previous, head, backup)


def check_database(data: DataPaths) -> list[str]:
    """Problems found in the workspace database (empty list: healthy)."""
    problems: list[str] = []
    db = data.database
    if not db.exists():
        return [f"{db} does not exist."]
    problem = quick_check(db)
    if problem:
        return [f"Integrity check failed: {problem}."]
    with contextlib.closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True)) as conn:
        rows = conn.execute("PRAGMA integrity_check").fetchall()
        if rows != [("ok",)]:
            problems.extend(str(r[0]) for r in rows[:20])
        fk = conn.execute("PRAGMA foreign_key_check").fetchall()
        if fk:
            problems.append(f"{len(fk)} broken references between tables.")
    return problems


__all__ = [
    "StartupOutcome",
    "open_workspace",
    "check_database",
    "head_revision",
    "current_revision",
    "upgrade",
    "list_backups",
    "describe_os_error",
]
