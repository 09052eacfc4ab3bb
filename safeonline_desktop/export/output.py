"""Writing export files safely: into a temporary file beside the target, renamed into place only
when everything succeeded; progress reports and cancellation between sections."""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from safeonline_desktop.errors import ExportError

#: ``progress(fraction 0..1, message)``; the message is already in the report's language.
ProgressCallback = Callable[[float, str], None]
#: Returns True when the person asked to stop.
CancelCheck = Callable[[], bool]


class ExportCancelled(ExportError):
    """The person cancelled the export; nothing was written."""

    def __init__(self) -> None:
        super().__init__("The export was cancelled; no file was written.")


@dataclass
class Progress:
    """Progress and cancellation for one writer, mapped onto a share of the whole export."""

    report: ProgressCallback | None = None
    cancel: CancelCheck | None = None
    start: float = 0.0
    span: float = 1.0

    def __call__(self, fraction: float, message: str) -> None:
        """Report progress, then stop if cancellation was asked for."""
        self.check()
        if self.report is not None:
            self.report(min(1.0, self.start + self.span * max(0.0, min(1.0, fraction))), message)

    def check(self) -> None:
        if self.cancel is not None and self.cancel():
            raise ExportCancelled()

    def part(self, start: float, span: float) -> Progress:
        return Progress(self.report, self.cancel, self.start + self.span * start, self.span * span)


def describe_write_error(exc: OSError, path: Path) -> str:
    code = getattr(exc, "errno", None)
    folder = path.parent
    if code == errno.ENOENT and not folder.is_dir():
        return f"The folder {folder} does not exist. Choose an existing folder."
    if code in (errno.EACCES, errno.EPERM, errno.EROFS):
        return f"The folder {folder} cannot be written to (permission denied or read-only). Choose another folder."
    if code == errno.ENOSPC:
        return f"There is not enough space on the disk to write {path.name}. Free some space or choose another disk."
    if code == errno.EISDIR or path.is_dir():
        return f"{path} is a folder; give a file name."
    if code == errno.ENAMETOOLONG:
        return f"The file name {path.name} is too long."
    reason = exc.strerror or str(exc)
    return f"{path} could not be written ({reason})."


def check_target(path: Path) -> Path:
    """Refuse obviously unusable targets before any work starts."""
    path = Path(path).expanduser()
    if path.is_dir():
        raise ExportError(f"{path} is a folder; give a file name.")
    if not path.parent.is_dir():
        raise ExportError(f"The folder {path.parent} does not exist. Choose an existing folder.")
    return path.absolute()


class PendingFile:
    """A temporary file in the target's folder that becomes the target on :meth:`commit`."""

    def __init__(self, target: Path) -> None:
        self.target = check_target(target)
        try:
            fd, name = tempfile.mkstemp(dir=self.target.parent, prefix=f".{self.target.name}.", suffix=".part")
        except OSError as exc:
            raise ExportError(describe_write_error(exc, self.target)) from exc
        os.close(fd)
        self.temp = Path(name)

    def commit(self) -> Path:
        try:
            with open(self.temp, "rb+") as fh:
                os.fsync(fh.fileno())
            os.replace(self.temp, self.target)
        except OSError as exc:
            self.discard()
            raise ExportError(describe_write_error(exc, self.target)) from exc
        return self.target

    def discard(self) -> None:
        with contextlib.suppress(OSError):
            self.temp.unlink()


@contextlib.contextmanager
def pending_files(*targets: Path | None) -> Iterator[list[PendingFile | None]]:
    """Temporary files for every target; on any error (or cancellation) they are all removed.

    The caller writes the temporary files, then calls :func:`commit_all`.
    """
    files: list[PendingFile | None] = []
    try:
        for target in targets:
            files.append(PendingFile(target) if target is not None else None)
        yield files
    except BaseException as exc:
        for f in files:
            if f is not None:
                f.discard()
        if isinstance(exc, OSError):
            path = next((f.target for f in files if f is not None), None)
            raise ExportError(describe_write_error(exc, path or Path("."))) from exc
        raise


def commit_all(files: list[PendingFile | None]) -> list[Path]:
    """Rename every finished temporary file into place."""
    done: list[Path] = []
    try:
        for f in files:
            if f is not None:
                done.append(f.commit())
    except BaseException:
        for f in files:
            if f is not None:
                f.discard()
        raise
    return done
