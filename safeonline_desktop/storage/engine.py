"""The workspace database: engine with durable pragmas, and one unit of work per user action."""

from __future__ import annotations

import contextlib
import errno
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from safeonline_desktop.errors import DataFolderError, StorageError

#: Durability first: every committed transaction is on disk before commit returns.
PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    "PRAGMA synchronous=FULL",
    "PRAGMA foreign_keys=ON",
    "PRAGMA busy_timeout=5000",
)


def apply_pragmas(dbapi_conn: sqlite3.Connection, foreign_keys: bool = True) -> None:
    cur = dbapi_conn.cursor()
    try:
        for pragma in PRAGMAS:
            if pragma.startswith("PRAGMA foreign_keys") and not foreign_keys:
                cur.execute("PRAGMA foreign_keys=OFF")
            else:
                cur.execute(pragma)
    finally:
        cur.close()


def make_engine(path: Path, *, foreign_keys: bool = True) -> Engine:
    """An engine on ``path`` whose every connection uses :data:`PRAGMAS`."""
    engine = create_engine(f"sqlite:///{path}", future=True)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):  # pragma: no cover - trivial wiring
        apply_pragmas(dbapi_conn, foreign_keys=foreign_keys)

    return engine


def describe_os_error(exc: BaseException) -> str:
    """Plain words for the storage errors people actually meet."""
    text = str(exc).lower()
    code = getattr(exc, "errno", None)
    if code == errno.ENOSPC or "disk is full" in text or "database or disk is full" in text:
        return "the disk is full"
    if code in (errno.EACCES, errno.EPERM, errno.EROFS) or "readonly" in text or "read-only" in text:
        return "the data folder is read-only"
    if "locked" in text:
        return "the database is in use by another program"
    return str(exc)


class Workspace:
    """One data folder's database. Hands out short sessions; commits or rolls back each one."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False, future=True)

    @contextlib.contextmanager
    def unit_of_work(self) -> Iterator[Session]:
        """One transaction: committed when the block ends, rolled back if it raises.

        SQLite errors from the environment (full disk, read-only folder, lock) become
        :class:`StorageError` with plain words; nothing of the transaction is kept.
        """
        session = self._sessions()
        try:
            yield session
            session.commit()
        except OperationalError as exc:
            session.rollback()
            raise StorageError(f"The change was not saved: {describe_os_error(exc.orig or exc)}.") from exc
        except OSError as exc:
            session.rollback()
            raise DataFolderError(f"The change was not saved: {describe_os_error(exc)}.") from exc
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    @contextlib.contextmanager
    def read(self) -> Iterator[Session]:
        """A session for reading only; never commits."""
        session = self._sessions()
        try:
            yield session
        finally:
            session.rollback()
            session.close()

    def close(self) -> None:
        self.engine.dispose()


def ensure_private_dir(path: Path) -> None:
    """Create ``path`` (owner-only) if needed and prove it is writable."""
    try:
        path.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError as exc:
        raise DataFolderError(f"The data folder {path} cannot be created: {describe_os_error(exc)}.") from exc
    probe = path / f".write-test-{os.getpid()}"
    try:
        with open(probe, "wb") as fh:
            fh.write(b"ok")
            fh.flush()
            os.fsync(fh.fileno())
    except OSError as exc:
        raise DataFolderError(f"The data folder {path} cannot be written: {describe_os_error(exc)}.") from exc
    finally:
        with contextlib.suppress(OSError):
            probe.unlink()
