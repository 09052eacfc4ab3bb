"""The evidence file store: attached files kept opaque, by SHA-256, under ``evidence/``.

Files are never opened or parsed by the app; they are written once (temporary file, fsync,
rename), read back only when a person asks to open one or a review file is exported.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from safeonline_desktop.errors import DataFolderError, ValidationError

from .engine import describe_os_error

#: Large enough for scanned laws and reports; small enough for a USB stick and a zip.
MAX_FILE_BYTES = 200 * 1024 * 1024
_HASH = re.compile(r"^[0-9a-f]{64}$")
_CHUNK = 1024 * 1024


class FileStore:
    def __init__(self, root: Path) -> None:
        self.root = root

    def path_for(self, sha256: str) -> Path:
        if not _HASH.match(sha256):
            raise ValidationError(f"Not a file hash: {sha256!r}.")
        return self.root / sha256[:2] / sha256

    def has(self, sha256: str) -> bool:
        return self.path_for(sha256).is_file()

    def add_file(self, source: Path) -> tuple[str, int]:
        """Store a copy of ``source``; returns its SHA-256 and size."""
        try:
            size = source.stat().st_size
        except OSError as exc:
            raise ValidationError(f"The file {source} cannot be read: {describe_os_error(exc)}.") from exc
        if not source.is_file():
            raise ValidationError(f"{source} is not a file.")
        if size > MAX_FILE_BYTES:
            raise ValidationError(
                f"The file {source.name} is {size / 1e6:.0f} MB; files up to {MAX_FILE_BYTES // 10**6} MB can be attached."
            )
        try:
            with open(source, "rb") as fh:
                return self.add_stream(_chunks(fh))
        except OSError as exc:
            raise ValidationError(f"The file {source} cannot be read: {describe_os_error(exc)}.") from exc

    def add_bytes(self, data: bytes) -> tuple[str, int]:
        return self.add_stream(iter([data]))

    def add_stream(self, chunks: Iterator[bytes]) -> tuple[str, int]:
        try:
            self.root.mkdir(parents=True, exist_ok=True, mode=0o700)
            digest = hashlib.sha256()
            size = 0
            fd, tmp_name = tempfile.mkstemp(prefix=".incoming-", dir=self.root)
            tmp = Path(tmp_name)
            try:
                with os.fdopen(fd, "wb") as out:
                    for chunk in chunks:
                        size += len(chunk)
                        if size > MAX_FILE_BYTES:
                            raise ValidationError(
                                f"Files up to {MAX_FILE_BYTES // 10**6} MB can be attached."
                            )
                        digest.update(chunk)
                        out.write(chunk)
                    out.flush()
                    os.fsync(out.fileno())
                sha = digest.hexdigest()
                final = self.path_for(sha)
                final.parent.mkdir(exist_ok=True, mode=0o700)
                if final.is_file():
                    tmp.unlink()
                else:
                    os.chmod(tmp, 0o600)
                    os.replace(tmp, final)
                    _fsync_dir(final.parent)
                return sha, size
            finally:
                with contextlib.suppress(FileNotFoundError):
                    tmp.unlink()
        except OSError as exc:
            raise DataFolderError(f"The file could not be stored: {describe_os_error(exc)}.") from exc

    def read_bytes(self, sha256: str) -> bytes:
        return self.path_for(sha256).read_bytes()

    def copy_out(self, sha256: str, target: Path) -> Path:
        """Copy a stored file to ``target`` (for opening it with its own program)."""
        shutil.copyfile(self.path_for(sha256), target)
        return target

    def remove(self, sha256: str) -> None:
        with contextlib.suppress(FileNotFoundError):
            self.path_for(sha256).unlink()

    def all_hashes(self) -> set[str]:
        if not self.root.is_dir():
            return set()
        return {p.name for p in self.root.glob("??/*") if _HASH.match(p.name)}

    def verify(self, sha256: str) -> bool:
        digest = hashlib.sha256()
        with open(self.path_for(sha256), "rb") as fh:
            for chunk in _chunks(fh):
                digest.update(chunk)
        return digest.hexdigest() == sha256


def _chunks(fh) -> Iterator[bytes]:
    while True:
        chunk = fh.read(_CHUNK)
        if not chunk:
            return
        yield chunk


def _fsync_dir(path: Path) -> None:
    # Make the rename itself durable (POSIX); not possible on Windows, where it is not needed.
    if os.name != "posix":
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
