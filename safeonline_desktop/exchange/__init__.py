"""The portable review file: write, verify, preview, import and merge.

This package works on the storage models and the content catalogue only; the services
(:mod:`safeonline_desktop.services.exchange`) run it inside the workspace's units of work.
See ``docs/review-file.md`` for the format.
"""

from .container import DEFAULT_LIMITS, EXTENSION, MIN_PASSPHRASE, Limits, PassphraseRequired
from .identity import WorkspaceIdentity
from .importer import BOTH, CHOICES, MERGE, MINE, NEW, THEIRS, UP_TO_DATE, Conflict, ImportPreview, SectionCounts
from .reader import ImportCancelled, VerifiedFile, read_review_file
from .spec import FORMAT_VERSION
from .writer import ExportSummary, write_review_file

__all__ = [
    "BOTH", "CHOICES", "DEFAULT_LIMITS", "EXTENSION", "FORMAT_VERSION", "MERGE", "MINE", "MIN_PASSPHRASE", "NEW",
    "THEIRS", "UP_TO_DATE", "Conflict", "ExportSummary", "ImportCancelled", "ImportPreview", "Limits",
    "PassphraseRequired", "SectionCounts", "VerifiedFile", "WorkspaceIdentity", "read_review_file",
    "write_review_file",
]
