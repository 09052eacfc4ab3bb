"""What every service needs: the workspace, the content catalog, the file store, a clock,
the acting person and the access policy. Built once by the composition root."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Protocol

from safeonline_desktop.domain.content import Catalog
from safeonline_desktop.errors import ValidationError
from safeonline_desktop.storage.engine import Workspace
from safeonline_desktop.storage.files import FileStore


class Clock(Protocol):
    def now(self) -> dt.datetime: ...


class SystemClock:
    """UTC wall clock, naive (as stored)."""

    def now(self) -> dt.datetime:
        return dt.datetime.now(dt.UTC).replace(tzinfo=None)


@dataclass
class Actor:
    """The person acting. ``profile_id`` and ``role`` are set when workshop profiles are used."""

    name: str
    profile_id: int | None = None
    role: str | None = None


class AccessPolicy(Protocol):
    def check(self, ctx: ServiceContext, review_id: int | None, permission: str) -> None:
        """Raise :class:`PermissionDenied` if the current actor may not do ``permission``."""


class AllowAll:
    def check(self, ctx: ServiceContext, review_id: int | None, permission: str) -> None:
        return None


@dataclass
class ServiceContext:
    workspace: Workspace
    catalog: Catalog
    files: FileStore
    clock: Clock = field(default_factory=SystemClock)
    actor: Actor = field(default_factory=lambda: Actor("local user"))
    policy: AccessPolicy = field(default_factory=AllowAll)

    def now(self) -> dt.datetime:
        return self.clock.now()

    def check(self, review_id: int | None, permission: str) -> None:
        self.policy.check(self, review_id, permission)


MAX_TEXT = 1_000_000


def clean_text(value: str | None, field_name: str, *, required: bool = False, max_len: int = MAX_TEXT) -> str:
    """Accept any text exactly as given (any script, emoji, control characters), but refuse
    what cannot be stored: lone surrogates and absurd sizes."""
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise ValidationError(f"{field_name} must be text.")
    if required and not value.strip():
        raise ValidationError(f"{field_name} cannot be empty.")
    if len(value) > max_len:
        raise ValidationError(f"{field_name} is too long ({len(value):,} characters; at most {max_len:,}).")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValidationError(f"{field_name} contains characters that cannot be stored.") from None
    return value


def check_code(ctx: ServiceContext, vocabulary: str, code: str | None, *, allow_none: bool = False) -> str | None:
    if code is None or code == "":
        if allow_none:
            return None
        raise ValidationError(f"A {vocabulary.replace('_', ' ')} is required.")
    if code not in ctx.catalog.vocabulary_codes(vocabulary):
        raise ValidationError(f"Unknown {vocabulary.replace('_', ' ')} {code!r}.")
    return code
