"""Where things live: bundled resources and migrations, and the user's data folder.

This module is the only place that knows about frozen builds, installed wheels and source
checkouts, and about the portable-mode marker file.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

APP_NAME = "SafeOnline Desktop"
DATA_DIR_ENV = "SAFEONLINE_DATA_DIR"
#: A file with this name beside the executable (or the source checkout's launcher) puts the app
#: in portable mode: its data folder is ``<that folder>/SafeOnline-data``.
PORTABLE_MARKER = "safeonline-portable.txt"
PORTABLE_DATA_FOLDER = "SafeOnline-data"

DATABASE_NAME = "workspace.sqlite3"


def bundle_root() -> Path:
    """Folder that holds ``resources/`` and ``migrations/``."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen)
    package = Path(__file__).resolve().parent
    bundled = package / "_bundled"
    if (bundled / "resources").is_dir():
        return bundled
    return package.parent


def resources_dir() -> Path:
    return bundle_root() / "resources"


def migrations_dir() -> Path:
    return bundle_root() / "migrations"


def executable_dir() -> Path:
    """Folder of the running program: the frozen executable's, else the source checkout's.

    A macOS app bundle counts as one program: its folder is the one holding ``X.app``, not
    ``X.app/Contents/MacOS`` (a file added inside a signed bundle breaks its signature).
    """
    if getattr(sys, "frozen", False):
        folder = Path(sys.executable).resolve().parent
        if sys.platform == "darwin" and folder.name == "MacOS" and folder.parent.parent.suffix == ".app":
            return folder.parent.parent.parent
        return folder
    return Path(__file__).resolve().parent.parent


def portable_data_dir() -> Path | None:
    """The portable data folder if the program folder holds the marker file."""
    folder = executable_dir()
    if (folder / PORTABLE_MARKER).is_file():
        return folder / PORTABLE_DATA_FOLDER
    return None


def default_data_dir() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("SafeOnlineDesktop", appauthor=False, roaming=False))


def resolve_data_dir(cli_value: str | os.PathLike[str] | None = None) -> Path:
    """``--data-dir``, else ``SAFEONLINE_DATA_DIR``, else portable mode, else the platform default."""
    if cli_value:
        return Path(cli_value).expanduser().resolve()
    env = os.environ.get(DATA_DIR_ENV)
    if env:
        return Path(env).expanduser().resolve()
    portable = portable_data_dir()
    if portable is not None:
        return portable
    return default_data_dir()


@dataclass(frozen=True)
class DataPaths:
    """Everything inside one data folder."""

    root: Path

    @property
    def database(self) -> Path:
        return self.root / DATABASE_NAME

    @property
    def backups(self) -> Path:
        return self.root / "backups"

    @property
    def evidence(self) -> Path:
        return self.root / "evidence"

    @property
    def logs(self) -> Path:
        return self.root / "logs"

    @property
    def tmp(self) -> Path:
        return self.root / "tmp"
