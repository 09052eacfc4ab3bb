"""Who may do what: the role policy behind ``ctx.check(review_id, permission)``.

A workspace without profiles behaves as a single-user laptop: everything is allowed. Once a
profile exists, every service call needs a signed-in, active profile, and:

- a **lead assessor** may do anything on the reviews of their team, create reviews and manage
  profiles;
- a **note taker** may read, and add notes, evidence, proposals, participants and sessions,
  but not rate (set the agreed, validated rating), record dissent or manage the review;
- an **observer** may only read.

A review is open only to its team. A review whose team has no active lead assessor (one made
before profiles existed, or imported) is open to every lead assessor, so that one can claim it.

The policy reads the profiles and teams from the database at every check, so a change of role
or team (made in this window or by another program) applies at once.
"""

from __future__ import annotations

from sqlalchemy import exists, select

from safeonline_desktop.errors import PermissionDenied
from safeonline_desktop.i18n import tr
from safeonline_desktop.storage import models as m

from .context import ServiceContext

LEAD = "lead_assessor"
NOTE_TAKER = "note_taker"
OBSERVER = "observer"
ROLES = (LEAD, NOTE_TAKER, OBSERVER)

#: Permissions of the roles other than lead assessor (who may do everything). Anything not
#: listed is refused: a permission added later is for lead assessors until granted here.
ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    NOTE_TAKER: frozenset({
        "review.read",
        "assessment.edit",  # notes, rationale, guiding questions; not the rating (assessment.rate)
        "evidence.edit",
        "participants.edit",
        "sessions.edit",
        "notes.edit",
        "proposals.edit",
        "self_assessment.edit",
    }),
    OBSERVER: frozenset({"review.read"}),
}

#: Permissions that are not about one review.
GLOBAL_PERMISSIONS = frozenset({"review.create", "review.import", "profiles.manage", "workspace.backup",
                                "workspace.restore"})


def role_label(role: str, lang: str | None = None) -> str:
    labels = {LEAD: tr("lead assessor", lang), NOTE_TAKER: tr("note taker", lang), OBSERVER: tr("observer", lang)}
    return labels.get(role, role)


def _denied_message(role: str, permission: str) -> str:
    what = {
        "review.create": tr("create reviews"),
        "review.edit": tr("change the review's details"),
        "review.manage": tr("archive or delete reviews"),
        "assessment.edit": tr("change assessments"),
        "assessment.rate": tr("set ratings"),
        "consensus.agree": tr("set the agreed rating or record dissent"),
        "evidence.edit": tr("change evidence"),
        "plan.edit": tr("change findings, recommendations or the action plan"),
        "participants.edit": tr("change participants"),
        "sessions.edit": tr("change sessions"),
        "notes.edit": tr("add or change notes"),
        "proposals.edit": tr("record rating proposals"),
        "self_assessment.edit": tr("record the self-assessment rating"),
        "team.manage": tr("change the review's team"),
        "profiles.manage": tr("manage profiles"),
        "review.export": tr("export reviews"),
        "review.import": tr("import review files"),
        "workspace.backup": tr("back up the workspace"),
        "workspace.restore": tr("restore a backup of the workspace"),
    }.get(permission)
    if what is None:
        return tr("The {role} role may not do this ({permission}).", role=role_label(role), permission=permission)
    return tr("The {role} role may not {action}.", role=role_label(role), action=what)


def profiles_exist(session) -> bool:
    return bool(session.scalar(select(exists().where(m.Profile.id.is_not(None)))))


def has_active_lead(session, review_id: int) -> bool:
    return bool(session.scalar(select(exists().where(
        m.ReviewTeamMember.review_id == review_id,
        m.ReviewTeamMember.profile_id == m.Profile.id,
        m.Profile.active.is_(True),
        m.Profile.role == LEAD,
    ))))


def may_open(session, profile: m.Profile, review_id: int) -> bool:
    """Is ``review_id`` open to ``profile``: on its team, or unclaimed and ``profile`` a lead?"""
    member = session.get(m.ReviewTeamMember, (review_id, profile.id))
    if member is not None:
        return True
    return profile.role == LEAD and not has_active_lead(session, review_id)


class RolePolicy:
    """The :class:`~safeonline_desktop.services.context.AccessPolicy` of workshop mode."""

    def current_profile(self, ctx: ServiceContext, session) -> m.Profile | None:
        """The signed-in profile, or ``None`` when profiles are not used.

        Raises :class:`PermissionDenied` when profiles exist and nobody (active) is signed in.
        """
        if not profiles_exist(session):
            return None
        pid = ctx.actor.profile_id
        profile = session.get(m.Profile, pid) if pid is not None else None
        if profile is None:
            raise PermissionDenied(tr("Sign in with your profile to continue."))
        if not profile.active:
            raise PermissionDenied(tr("The profile {name} has been deactivated.", name=profile.name))
        return profile

    def check(self, ctx: ServiceContext, review_id: int | None, permission: str) -> None:
        with ctx.workspace.read() as s:
            profile = self.current_profile(ctx, s)
            if profile is None:
                return
            if profile.role != LEAD and permission not in ROLE_PERMISSIONS.get(profile.role, frozenset()):
                raise PermissionDenied(_denied_message(profile.role, permission))
            if review_id is not None and permission not in GLOBAL_PERMISSIONS and not may_open(s, profile, review_id):
                raise PermissionDenied(tr("This review is not open to your profile. Ask its lead assessor to add "
                                          "you to its team."))

    def visible_review_ids(self, ctx: ServiceContext) -> set[int] | None:
        """Ids of the reviews the signed-in profile may see; ``None`` means all (no profiles)."""
        with ctx.workspace.read() as s:
            if not profiles_exist(s):
                return None
            pid = ctx.actor.profile_id
            profile = s.get(m.Profile, pid) if pid is not None else None
            if profile is None or not profile.active:
                return set()
            mine = set(s.scalars(select(m.ReviewTeamMember.review_id).where(m.ReviewTeamMember.profile_id == pid)))
            if profile.role == LEAD:
                led = set(s.scalars(
                    select(m.ReviewTeamMember.review_id).join(m.Profile, m.Profile.id == m.ReviewTeamMember.profile_id)
                    .where(m.Profile.active.is_(True), m.Profile.role == LEAD)))
                mine |= set(s.scalars(select(m.Review.id))) - led
            return mine

    def review_created(self, ctx: ServiceContext, session, review: m.Review) -> None:
        """Put the profile that created ``review`` on its team (same transaction)."""
        pid = ctx.actor.profile_id
        if pid is None or not profiles_exist(session):
            return
        session.add(m.ReviewTeamMember(review_id=review.id, profile_id=pid, added_at=ctx.now()))
