"""Profiles on a shared laptop: reviewers with a role and a passphrase, signing in and out,
review teams, and the idle-lock time.

Passphrases are never stored: only a salted, memory-hard hash (Argon2id from the
``cryptography`` package, or scrypt where the OpenSSL build lacks Argon2id), in a PHC-style
string that names its algorithm and cost, so stronger settings can be adopted later and old
hashes still verify (and are upgraded at the next sign-in).

Profiles protect the app, not the file: the database is not encrypted, so keep the laptop's
own account and disk encryption on (docs/workshop.md).
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import math
import os
import re
import unicodedata
from dataclasses import dataclass

from cryptography.exceptions import InvalidKey, UnsupportedAlgorithm
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt
from sqlalchemy import func, select

from safeonline_desktop.errors import NotFoundError, PermissionDenied, ValidationError
from safeonline_desktop.i18n import tr
from safeonline_desktop.storage import audit
from safeonline_desktop.storage import models as m

from .access import LEAD, ROLES, has_active_lead, profiles_exist, role_label
from .context import Actor, ServiceContext, clean_text
from .convert import get_review

# -- passphrase hashing ------------------------------------------------------------------------

MIN_PASSPHRASE = 8
MAX_PASSPHRASE = 1024
SALT_BYTES = 16
HASH_BYTES = 32


@dataclass(frozen=True)
class KdfCost:
    """Argon2id cost (RFC 9106 "second recommended option" is 64 MiB, t=3, p=4) and the scrypt
    fallback's (2^16 × r=8: 64 MiB)."""

    memory_kib: int = 65536
    iterations: int = 3
    lanes: int = 4
    scrypt_log2_n: int = 16
    scrypt_r: int = 8


DEFAULT_COST = KdfCost()


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii").rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text + "=" * (-len(text) % 4), validate=True)


def _secret(passphrase: str) -> bytes:
    # The same passphrase typed on another keyboard may arrive in another Unicode form.
    return unicodedata.normalize("NFC", passphrase).encode("utf-8")


def _argon2id(salt: bytes, cost: KdfCost):
    from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

    return Argon2id(salt=salt, length=HASH_BYTES, iterations=cost.iterations, lanes=cost.lanes,
                    memory_cost=cost.memory_kib)


def argon2id_available() -> bool:
    try:
        _argon2id(b"\0" * SALT_BYTES, KdfCost(memory_kib=8, iterations=1, lanes=1))
    except (ImportError, UnsupportedAlgorithm):
        return False
    return True


def hash_passphrase(passphrase: str, cost: KdfCost = DEFAULT_COST) -> str:
    """A new random salt and the memory-hard hash, as ``$argon2id$v=19$m=..,t=..,p=..$salt$hash``
    (or ``$scrypt$ln=..,r=..,p=1$salt$hash``)."""
    salt = os.urandom(SALT_BYTES)
    secret = _secret(passphrase)
    if argon2id_available():
        key = _argon2id(salt, cost).derive(secret)
        return f"$argon2id$v=19$m={cost.memory_kib},t={cost.iterations},p={cost.lanes}${_b64(salt)}${_b64(key)}"
    key = Scrypt(salt=salt, length=HASH_BYTES, n=2 ** cost.scrypt_log2_n, r=cost.scrypt_r, p=1).derive(secret)
    return f"$scrypt$ln={cost.scrypt_log2_n},r={cost.scrypt_r},p=1${_b64(salt)}${_b64(key)}"


_PHC = re.compile(r"^\$(?P<alg>argon2id|scrypt)(?:\$v=19)?\$(?P<params>[a-z0-9=,]+)\$(?P<salt>[A-Za-z0-9+/]+)\$(?P<hash>[A-Za-z0-9+/]+)$")


def _parse(encoded: str) -> tuple[str, dict[str, int], bytes, bytes]:
    match = _PHC.match(encoded or "")
    if not match:
        raise ValueError("not a passphrase hash")
    params = {}
    for part in match["params"].split(","):
        key, _, value = part.partition("=")
        params[key] = int(value)
    return match["alg"], params, _unb64(match["salt"]), _unb64(match["hash"])


def verify_passphrase(passphrase: str, encoded: str) -> bool:
    """Does ``passphrase`` match ``encoded``? Constant-time; ``False`` for a malformed hash."""
    try:
        alg, params, salt, expected = _parse(encoded)
        secret = _secret(passphrase)
        if alg == "argon2id":
            kdf = _argon2id(salt, KdfCost(memory_kib=params["m"], iterations=params["t"], lanes=params["p"]))
        else:
            kdf = Scrypt(salt=salt, length=len(expected), n=2 ** params["ln"], r=params["r"], p=params["p"])
        kdf.verify(secret, expected)
    except (ValueError, KeyError, InvalidKey, UnsupportedAlgorithm):
        return False
    return True


def needs_rehash(encoded: str, cost: KdfCost = DEFAULT_COST) -> bool:
    """Was ``encoded`` made with weaker settings than ``cost`` (or another algorithm)?"""
    try:
        alg, params, _, _ = _parse(encoded)
    except ValueError:
        return True
    if argon2id_available():
        return alg != "argon2id" or (params.get("m", 0), params.get("t", 0)) < (cost.memory_kib, cost.iterations)
    return alg != "scrypt" or params.get("ln", 0) < cost.scrypt_log2_n


def check_new_passphrase(passphrase: str, name: str = "") -> str:
    if not isinstance(passphrase, str):
        raise ValidationError(tr("The passphrase must be text."))
    clean_text(passphrase, "The passphrase", max_len=MAX_PASSPHRASE)
    if len(passphrase) < MIN_PASSPHRASE or not passphrase.strip():
        raise ValidationError(tr("A passphrase needs at least {n} characters; a short sentence is easy to "
                                 "remember and hard to guess.", n=MIN_PASSPHRASE))
    if name and passphrase.strip().casefold() == name.strip().casefold():
        raise ValidationError(tr("The passphrase cannot be the profile's name."))
    return passphrase


# -- views -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProfileView:
    id: int
    uid: str
    name: str
    role: str
    active: bool
    last_sign_in_at: dt.datetime | None
    created_at: dt.datetime

    @property
    def role_label(self) -> str:
        return role_label(self.role)


@dataclass(frozen=True)
class TeamMemberView:
    profile_id: int
    name: str
    role: str
    active: bool
    added_at: dt.datetime


def _view(p: m.Profile) -> ProfileView:
    return ProfileView(p.id, p.uid, p.name, p.role, p.active, p.last_sign_in_at, p.created_at)


def _snapshot(p: m.Profile) -> dict[str, object]:
    # Never the hash: the audit log is for people to read.
    return {"name": p.name, "role": p.role, "active": p.active}


def name_key(name: str) -> str:
    return unicodedata.normalize("NFC", " ".join(name.split())).casefold()[:200]


#: After this many wrong passphrases in a row a profile waits before the next try; the wait
#: doubles with every further failure, up to :data:`MAX_LOCKOUT`.
MAX_ATTEMPTS = 5
FIRST_LOCKOUT = dt.timedelta(seconds=30)
MAX_LOCKOUT = dt.timedelta(minutes=15)
IDLE_KEY = "idle_lock_minutes"
DEFAULT_IDLE_MINUTES = 5
IDLE_RANGE = (1, 240)


class ProfileService:
    def __init__(self, ctx: ServiceContext, cost: KdfCost = DEFAULT_COST) -> None:
        self.ctx = ctx
        self.cost = cost
        self._signed_out_actor = ctx.actor

    # -- reading ---------------------------------------------------------------------------
    def exists(self) -> bool:
        """Are profiles in use in this workspace (workshop mode)?"""
        with self.ctx.workspace.read() as s:
            return profiles_exist(s)

    def list(self, *, include_inactive: bool = False) -> list[ProfileView]:
        """Names and roles (for the sign-in screen); never the hashes."""
        with self.ctx.workspace.read() as s:
            stmt = select(m.Profile).order_by(m.Profile.name_key)
            if not include_inactive:
                stmt = stmt.where(m.Profile.active.is_(True))
            return [_view(p) for p in s.scalars(stmt)]

    def get(self, profile_id: int) -> ProfileView:
        with self.ctx.workspace.read() as s:
            return _view(self._get(s, profile_id))

    def current(self) -> ProfileView | None:
        """The signed-in profile, if any."""
        pid = self.ctx.actor.profile_id
        if pid is None:
            return None
        with self.ctx.workspace.read() as s:
            p = s.get(m.Profile, pid)
            return _view(p) if p is not None and p.active else None

    def _get(self, s, profile_id: int) -> m.Profile:
        p = s.get(m.Profile, profile_id)
        if p is None:
            raise NotFoundError(tr("Profile {id} does not exist.", id=profile_id))
        return p

    def _by_name(self, s, name: str) -> m.Profile | None:
        return s.scalar(select(m.Profile).where(m.Profile.name_key == name_key(name or "")))

    # -- creating and changing -------------------------------------------------------------
    def _check_role(self, role: str) -> str:
        if role not in ROLES:
            raise ValidationError(tr("Unknown role {role!r}; use lead_assessor, note_taker or observer.", role=role))
        return role

    def _check_name(self, s, name: str, exclude_id: int | None = None) -> str:
        name = " ".join(clean_text(name, "The name", required=True, max_len=200).split())
        other = self._by_name(s, name)
        if other is not None and other.id != exclude_id:
            raise ValidationError(tr("A profile called {name} already exists.", name=other.name))
        return name

    def _active_leads(self, s, exclude_id: int | None = None) -> int:
        stmt = select(func.count()).select_from(m.Profile).where(m.Profile.active.is_(True), m.Profile.role == LEAD)
        if exclude_id is not None:
            stmt = stmt.where(m.Profile.id != exclude_id)
        return int(s.scalar(stmt) or 0)

    def _audit(self, s, action: str, profile: m.Profile, before=None, after=None, review_uid=None) -> None:
        audit.record(s, at=self.ctx.now(), actor=self.ctx.actor.name, action=action, entity="profile",
                     review_uid=review_uid, entity_uid=profile.uid, before=before, after=after)

    def create(self, *, name: str, role: str, passphrase: str) -> ProfileView:
        """Create a profile. The first one must be a lead assessor; it needs no sign-in, and every
        review already on the laptop is put on its team. Later ones need a signed-in lead."""
        self._check_role(role)
        check_new_passphrase(passphrase, name)
        with self.ctx.workspace.read() as s:
            first = not profiles_exist(s)
        if first and role != LEAD:
            raise ValidationError(tr("The first profile must be a lead assessor, who then adds the others."))
        if not first:
            self.ctx.check(None, "profiles.manage")
        encoded = hash_passphrase(passphrase, self.cost)  # slow on purpose: outside the transaction
        with self.ctx.workspace.unit_of_work() as s:
            if first and profiles_exist(s):
                raise ValidationError(tr("Another profile was created meanwhile; sign in with it first."))
            clean = self._check_name(s, name)
            now = self.ctx.now()
            p = m.Profile(name=clean, name_key=name_key(clean), role=role, passphrase_hash=encoded, active=True,
                          failed_attempts=0, created_at=now, updated_at=now)
            s.add(p)
            s.flush()
            self._audit(s, "profile.create", p, after=_snapshot(p))
            if first:
                for review in s.scalars(select(m.Review)):
                    s.add(m.ReviewTeamMember(review_id=review.id, profile_id=p.id, added_at=now))
                    audit.record(s, at=now, actor=self.ctx.actor.name, action="team.add", entity="team",
                                 review_uid=review.uid, entity_uid=p.uid, after={"profile": p.name, "role": p.role})
            s.flush()
            return _view(p)

    def update(self, profile_id: int, *, name: str | None = None, role: str | None = None) -> ProfileView:
        """Rename a profile or change its role (lead assessors)."""
        self.ctx.check(None, "profiles.manage")
        if role is not None:
            self._check_role(role)
        with self.ctx.workspace.unit_of_work() as s:
            p = self._get(s, profile_id)
            before = _snapshot(p)
            if name is not None:
                p.name = self._check_name(s, name, exclude_id=p.id)
                p.name_key = name_key(p.name)
            if role is not None and role != p.role:
                if p.role == LEAD and p.active and self._active_leads(s, exclude_id=p.id) == 0:
                    raise ValidationError(tr("{name} is the last active lead assessor; make another profile a lead "
                                             "assessor first.", name=p.name))
                p.role = role
            p.updated_at = self.ctx.now()
            after = _snapshot(p)
            keys = [k for k in after if before[k] != after[k]]
            if keys:
                self._audit(s, "profile.update", p, {k: before[k] for k in keys}, {k: after[k] for k in keys})
            s.flush()
            view = _view(p)
        if view.id == self.ctx.actor.profile_id:
            self.ctx.actor = Actor(view.name, view.id, view.role)
        return view

    def set_active(self, profile_id: int, active: bool) -> ProfileView:
        """Deactivate (keeps the name in the record; cannot sign in) or reactivate a profile."""
        self.ctx.check(None, "profiles.manage")
        with self.ctx.workspace.unit_of_work() as s:
            p = self._get(s, profile_id)
            if p.active == active:
                return _view(p)
            if not active and p.role == LEAD and self._active_leads(s, exclude_id=p.id) == 0:
                raise ValidationError(tr("{name} is the last active lead assessor and cannot be deactivated.",
                                         name=p.name))
            p.active = active
            p.failed_attempts = 0
            p.locked_until = None
            p.updated_at = self.ctx.now()
            self._audit(s, "profile.activate" if active else "profile.deactivate", p,
                        {"active": not active}, {"active": active})
            s.flush()
            return _view(p)

    def delete(self, profile_id: int) -> None:
        """Delete a profile (its team places go with it). Deleting the last profile returns the
        workspace to single-user use, without sign-in."""
        self.ctx.check(None, "profiles.manage")
        with self.ctx.workspace.unit_of_work() as s:
            p = self._get(s, profile_id)
            others = int(s.scalar(select(func.count()).select_from(m.Profile).where(m.Profile.id != p.id)) or 0)
            if others and p.role == LEAD and p.active and self._active_leads(s, exclude_id=p.id) == 0:
                raise ValidationError(tr("{name} is the last active lead assessor; make another profile a lead "
                                         "assessor first.", name=p.name))
            self._audit(s, "profile.delete", p, before=_snapshot(p))
            s.delete(p)
        if self.ctx.actor.profile_id == profile_id:
            self.sign_out()

    # -- passphrases -----------------------------------------------------------------------
    def change_passphrase(self, current: str, new: str) -> None:
        """The signed-in profile changes its own passphrase."""
        me = self.current()
        if me is None:
            raise PermissionDenied(tr("Sign in with your profile to continue."))
        check_new_passphrase(new, me.name)
        with self.ctx.workspace.read() as s:
            encoded = self._get(s, me.id).passphrase_hash
        if not verify_passphrase(current, encoded):
            raise PermissionDenied(tr("The current passphrase is not right."))
        self._store_passphrase(me.id, hash_passphrase(new, self.cost), "profile.passphrase")

    def reset_passphrase(self, profile_id: int, new: str) -> None:
        """A lead assessor sets a new passphrase for someone who forgot theirs."""
        self.ctx.check(None, "profiles.manage")
        with self.ctx.workspace.read() as s:
            name = self._get(s, profile_id).name
        check_new_passphrase(new, name)
        self._store_passphrase(profile_id, hash_passphrase(new, self.cost), "profile.passphrase_reset")

    def _store_passphrase(self, profile_id: int, encoded: str, action: str) -> None:
        with self.ctx.workspace.unit_of_work() as s:
            p = self._get(s, profile_id)
            p.passphrase_hash = encoded
            p.failed_attempts = 0
            p.locked_until = None
            p.updated_at = self.ctx.now()
            self._audit(s, action, p)

    # -- signing in ------------------------------------------------------------------------
    def sign_in(self, name: str, passphrase: str) -> ProfileView:
        """Check the passphrase and make the profile the acting person of every service.

        Raises :class:`PermissionDenied` with the same words for an unknown name and a wrong
        passphrase; after :data:`MAX_ATTEMPTS` failures the profile must wait before trying again.
        """
        wrong = tr("The name or passphrase is not right.")
        now = self.ctx.now()
        with self.ctx.workspace.read() as s:
            p = self._by_name(s, name)
            if p is None:
                raise PermissionDenied(wrong)
            if not p.active:
                raise PermissionDenied(tr("The profile {name} has been deactivated.", name=p.name))
            if p.locked_until is not None and p.locked_until > now:
                seconds = max(1, math.ceil((p.locked_until - now).total_seconds()))
                raise PermissionDenied(tr("Too many wrong passphrases. Try again in {seconds} seconds.",
                                          seconds=seconds))
            pid, encoded = p.id, p.passphrase_hash
        ok = verify_passphrase(passphrase, encoded)
        with self.ctx.workspace.unit_of_work() as s:
            p = self._get(s, pid)
            if not ok:
                p.failed_attempts = (p.failed_attempts or 0) + 1
                extra = p.failed_attempts - MAX_ATTEMPTS
                if extra >= 0:
                    p.locked_until = now + min(FIRST_LOCKOUT * (2 ** min(extra, 10)), MAX_LOCKOUT)
                audit.record(s, at=now, actor=p.name, action="profile.sign_in_failed", entity="profile",
                             review_uid=None, entity_uid=p.uid, after={"failed_attempts": p.failed_attempts})
            else:
                p.failed_attempts = 0
                p.locked_until = None
                p.last_sign_in_at = now
                if needs_rehash(encoded, self.cost):
                    p.passphrase_hash = hash_passphrase(passphrase, self.cost)
                audit.record(s, at=now, actor=p.name, action="profile.sign_in", entity="profile",
                             review_uid=None, entity_uid=p.uid)
            view = _view(p)
        if not ok:
            raise PermissionDenied(wrong)
        self.ctx.actor = Actor(view.name, view.id, view.role)
        return view

    def sign_out(self) -> None:
        self.ctx.actor = Actor(self._signed_out_actor.name)

    def set_local_name(self, name: str) -> str:
        """The name recorded as "who" (history, "last changed by", review files) when nobody is
        signed in with a profile. Defaults to the computer's login name, which a person may not
        want to travel in review files."""
        name = clean_text(name, "Your name", required=True, max_len=200).strip()
        self._signed_out_actor = Actor(name)
        if self.ctx.actor.profile_id is None:
            self.ctx.actor = Actor(name)
        return name

    def local_name(self) -> str:
        return self._signed_out_actor.name

    # -- review teams ----------------------------------------------------------------------
    def team(self, review_id: int) -> list[TeamMemberView]:
        self.ctx.check(review_id, "review.read")
        with self.ctx.workspace.read() as s:
            get_review(s, review_id)
            rows = s.execute(
                select(m.ReviewTeamMember, m.Profile).join(m.Profile, m.Profile.id == m.ReviewTeamMember.profile_id)
                .where(m.ReviewTeamMember.review_id == review_id).order_by(m.Profile.name_key)
            ).all()
            return [TeamMemberView(p.id, p.name, p.role, p.active, t.added_at) for t, p in rows]

    def add_to_team(self, review_id: int, profile_id: int) -> list[TeamMemberView]:
        """Add a profile to a review's team. A lead assessor who gives a team to a review that has
        no active lead assessor (one made before profiles, or imported) joins it too: they claim it."""
        self.ctx.check(review_id, "team.manage")
        with self.ctx.workspace.unit_of_work() as s:
            review = get_review(s, review_id)
            joining = [self._get(s, profile_id)]
            me = s.get(m.Profile, self.ctx.actor.profile_id) if self.ctx.actor.profile_id is not None else None
            if me is not None and me.role == LEAD and me.id != profile_id and not has_active_lead(s, review_id):
                joining.append(me)
            for p in joining:
                if s.get(m.ReviewTeamMember, (review_id, p.id)) is None:
                    s.add(m.ReviewTeamMember(review_id=review_id, profile_id=p.id, added_at=self.ctx.now()))
                    audit.record(s, at=self.ctx.now(), actor=self.ctx.actor.name, action="team.add", entity="team",
                                 review_uid=review.uid, entity_uid=p.uid, after={"profile": p.name, "role": p.role})
        return self.team(review_id)

    def remove_from_team(self, review_id: int, profile_id: int) -> list[TeamMemberView]:
        self.ctx.check(review_id, "team.manage")
        with self.ctx.workspace.unit_of_work() as s:
            review = get_review(s, review_id)
            p = self._get(s, profile_id)
            member = s.get(m.ReviewTeamMember, (review_id, profile_id))
            if member is None:
                return self.team(review_id)
            s.delete(member)
            s.flush()
            others = s.scalars(select(m.Profile).join(m.ReviewTeamMember, m.ReviewTeamMember.profile_id == m.Profile.id)
                               .where(m.ReviewTeamMember.review_id == review_id)).all()
            if others and not any(o.role == LEAD and o.active for o in others):
                raise ValidationError(tr("A review's team needs an active lead assessor; add another lead assessor "
                                         "before removing {name}.", name=p.name))
            audit.record(s, at=self.ctx.now(), actor=self.ctx.actor.name, action="team.remove", entity="team",
                         review_uid=review.uid, entity_uid=p.uid, before={"profile": p.name, "role": p.role})
        if profile_id == self.ctx.actor.profile_id:
            return []
        return self.team(review_id)

    # -- idle lock -------------------------------------------------------------------------
    def idle_lock_minutes(self) -> int:
        """Minutes without input after which the app locks (workshop mode only)."""
        with self.ctx.workspace.read() as s:
            row = s.get(m.WorkspaceMeta, IDLE_KEY)
            text = row.value if row is not None else None
        try:
            value = int(json.loads(text)) if text is not None else DEFAULT_IDLE_MINUTES
        except (TypeError, ValueError):
            return DEFAULT_IDLE_MINUTES
        return min(max(value, IDLE_RANGE[0]), IDLE_RANGE[1])

    def set_idle_lock_minutes(self, minutes: int) -> int:
        self.ctx.check(None, "profiles.manage")
        if not isinstance(minutes, int) or isinstance(minutes, bool) or not IDLE_RANGE[0] <= minutes <= IDLE_RANGE[1]:
            raise ValidationError(tr("The idle time must be a whole number of minutes from {low} to {high}.",
                                     low=IDLE_RANGE[0], high=IDLE_RANGE[1]))
        with self.ctx.workspace.unit_of_work() as s:
            row = s.get(m.WorkspaceMeta, IDLE_KEY)
            before = int(json.loads(row.value)) if row is not None else DEFAULT_IDLE_MINUTES
            if row is None:
                s.add(m.WorkspaceMeta(key=IDLE_KEY, value=json.dumps(minutes)))
            else:
                row.value = json.dumps(minutes)
            audit.record(s, at=self.ctx.now(), actor=self.ctx.actor.name, action="settings.idle_lock",
                         entity="settings", review_uid=None, before={"minutes": before}, after={"minutes": minutes})
        return minutes
