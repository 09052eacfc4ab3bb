"""Typed errors raised below the GUI. The GUI and CLI choose the words shown to a person;
every message here is already a full sentence that can be shown as it is."""

from __future__ import annotations


class SafeOnlineError(Exception):
    """Base of every error the app expects and explains (as opposed to a bug)."""


class ContentError(SafeOnlineError):
    """A content pack is missing or malformed. The message names the file and the field."""

    def __init__(self, path: str, field: str, problem: str) -> None:
        self.path = path
        self.field = field
        self.problem = problem
        super().__init__(f"{path}: {field}: {problem}")


class StorageError(SafeOnlineError):
    """The workspace database or data folder cannot be used as asked."""


class DataFolderError(StorageError):
    """The data folder is missing, read-only or full."""


class DatabaseTooNewError(StorageError):
    """The database was written by a newer version of the app."""

    def __init__(self, path: str, found: str) -> None:
        self.path = path
        self.found = found
        super().__init__(
            f"The database {path} was written by a newer version of SafeOnline Desktop "
            f"(schema {found}). Install the newer version to open it; the file was left untouched."
        )


class DatabaseCorruptError(StorageError):
    """The database file is damaged or is not a SQLite database."""

    def __init__(self, path: str, detail: str, latest_backup: str | None) -> None:
        self.path = path
        self.detail = detail
        self.latest_backup = latest_backup
        hint = (
            f" The latest backup is {latest_backup}; it can be restored (the damaged file is kept)."
            if latest_backup
            else " No backup was found."
        )
        super().__init__(f"The database {path} cannot be read ({detail}). It was not changed.{hint}")


class MigrationError(StorageError):
    """Upgrading the database failed; the backup taken before the upgrade was restored."""


class NotFoundError(SafeOnlineError):
    """A review, item or record does not exist (or no longer exists)."""


class ValidationError(SafeOnlineError):
    """A value given to a service is not acceptable (unknown code, empty title, ...)."""


class PermissionDenied(SafeOnlineError):
    """The current profile's role does not allow this action."""


class ImportRejected(SafeOnlineError):
    """A review file was refused; nothing was written."""


class ExportError(SafeOnlineError):
    """An export could not be written; no partial file was left behind."""
