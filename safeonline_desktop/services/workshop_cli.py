"""Workshop mode on the command line: ``safeonline db verify-audit``, profiles and review teams.

When the workspace has profiles, every command that opens it signs in first
(:func:`sign_in_for_command`): the profile comes from ``--profile`` (or ``SAFEONLINE_PROFILE``),
the passphrase from ``SAFEONLINE_PASSPHRASE`` or is typed at a prompt.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path

from safeonline_desktop import paths
from safeonline_desktop.errors import SafeOnlineError

PROFILE_ENV = "SAFEONLINE_PROFILE"
PASSPHRASE_ENV = "SAFEONLINE_PASSPHRASE"
NEW_PASSPHRASE_ENV = "SAFEONLINE_NEW_PASSPHRASE"

EXIT_OK = 0
EXIT_ERROR = 1


def _command_error(message: str) -> SafeOnlineError:
    from safeonline_desktop.cli import CommandError

    return CommandError(message)


def _prompt(label: str) -> str:
    if not sys.stdin or not sys.stdin.isatty():
        raise _command_error(f"{label} cannot be asked for: there is no terminal. Set {PASSPHRASE_ENV}.")
    return getpass.getpass(f"{label}: ")


def sign_in_for_command(services, args: argparse.Namespace) -> None:
    """Sign in before a command runs, when the workspace uses profiles. Closes ``services``
    and raises if signing in fails."""
    try:
        if not services.profiles.exists():
            return
        name = getattr(args, "profile", None) or os.environ.get(PROFILE_ENV)
        if not name:
            raise _command_error(
                f"This workspace uses profiles: add --profile NAME (or set {PROFILE_ENV}); the passphrase is read "
                f"from {PASSPHRASE_ENV} or typed at the prompt.")
        passphrase = os.environ.get(PASSPHRASE_ENV)
        if passphrase is None:
            passphrase = _prompt(f"Passphrase for {name}")
        services.profiles.sign_in(name, passphrase)
    except BaseException:
        services.close()
        raise


def _open(args: argparse.Namespace):
    from safeonline_desktop.cli import _open as open_services

    return open_services(args)  # signs in when the workspace has profiles


def _minutes(n: int) -> str:
    return "1 minute" if n == 1 else f"{n} minutes"


def _emit(data) -> None:
    from safeonline_desktop.cli import emit_json

    emit_json(data)


# -- db verify-audit -----------------------------------------------------------------------------

def cmd_verify_audit(args: argparse.Namespace) -> int:
    from safeonline_desktop.storage.audit import ChainUnavailable, verify_database

    target = Path(args.file) if args.file else paths.DataPaths(paths.resolve_data_dir(args.data_dir)).database
    if not target.is_file():
        raise _command_error(f"There is no database at {target}.")
    try:
        report = verify_database(target)
    except ChainUnavailable:
        raise _command_error(
            f"{target} was written before the audit trail was hash-chained (schema 0001). Open it once with this "
            "version to upgrade it; its existing entries are chained during the upgrade.") from None
    except Exception as exc:  # sqlite3.DatabaseError and friends: not a readable workspace
        raise _command_error(f"{target} cannot be read as a workspace database: {exc}.") from None
    if args.json:
        _emit({"database": str(target), "ok": report.ok, "entries": report.entries, "head_hash": report.head_hash,
               "broken_id": report.broken_id, "kind": report.kind, "problem": report.problem})
    elif report.ok:
        print(f"Audit trail of {target}: {report.entries} entries, chain intact.")
        print(f"Head hash: {report.head_hash}")
        print("Write the head hash down (in the minutes, say) to check later that nothing was rewritten.")
    else:
        where = f" at entry {report.broken_id}" if report.broken_id is not None else ""
        print(f"Audit trail of {target} is BROKEN{where}: {report.problem}.")
        print(f"{report.entries} entries were checked.")
    return EXIT_OK if report.ok else EXIT_ERROR


# -- profiles ------------------------------------------------------------------------------------

def _new_passphrase(label: str = "New passphrase") -> str:
    value = os.environ.get(NEW_PASSPHRASE_ENV)
    if value is not None:
        return value
    first = _prompt(label)
    if _prompt("Type it again") != first:
        raise _command_error("The two passphrases differ; nothing was changed.")
    return first


def _profile_dict(p) -> dict:
    return {"id": p.id, "name": p.name, "role": p.role, "active": p.active, "last_sign_in_at": p.last_sign_in_at}


def _find_profile(services, name: str):
    from safeonline_desktop.services.profiles import name_key

    for p in services.profiles.list(include_inactive=True):
        if name_key(p.name) == name_key(name):
            return p
    raise _command_error(f"There is no profile called {name!r} (see `safeonline profile list`).")


def cmd_profile_list(args: argparse.Namespace) -> int:
    with _open(args) as services:
        rows = [_profile_dict(p) for p in services.profiles.list(include_inactive=True)]
        minutes = services.profiles.idle_lock_minutes()
    if args.json:
        _emit({"profiles": rows, "idle_lock_minutes": minutes})
        return EXIT_OK
    if not rows:
        print("No profiles: this workspace is used without sign-in. Create the first (a lead assessor) with "
              "`safeonline profile create NAME --role lead_assessor`.")
        return EXIT_OK
    for r in rows:
        flag = "" if r["active"] else "  [deactivated]"
        print(f"{r['id']:>4}  {r['name']}  ({r['role']}){flag}")
    print(f"The app locks after {_minutes(minutes)} without input.")
    return EXIT_OK


def cmd_profile_create(args: argparse.Namespace) -> int:
    with _open(args) as services:
        view = services.profiles.create(name=args.name, role=args.role, passphrase=_new_passphrase())
    if args.json:
        _emit({"profile": _profile_dict(view)})
    else:
        print(f"Created the profile {view.name} ({view.role}).")
    return EXIT_OK


def cmd_profile_update(args: argparse.Namespace) -> int:
    with _open(args) as services:
        target = _find_profile(services, args.name)
        if args.rename or args.role:
            target = services.profiles.update(target.id, name=args.rename, role=args.role)
        if args.deactivate:
            target = services.profiles.set_active(target.id, False)
        if args.activate:
            target = services.profiles.set_active(target.id, True)
        if args.reset_passphrase:
            services.profiles.reset_passphrase(target.id, _new_passphrase())
    if args.json:
        _emit({"profile": _profile_dict(target)})
    else:
        print(f"Profile {target.name}: {target.role}{'' if target.active else ', deactivated'}.")
    return EXIT_OK


def cmd_profile_passphrase(args: argparse.Namespace) -> int:
    with _open(args) as services:
        current = os.environ.get(PASSPHRASE_ENV)
        if current is None:
            current = _prompt("Current passphrase")
        services.profiles.change_passphrase(current, _new_passphrase())
    print("The passphrase was changed.")
    return EXIT_OK


def cmd_profile_delete(args: argparse.Namespace) -> int:
    if not args.yes:
        raise _command_error("Deleting a profile cannot be undone; add --yes to confirm.")
    with _open(args) as services:
        target = _find_profile(services, args.name)
        services.profiles.delete(target.id)
        left = services.profiles.exists()
    print(f"Deleted the profile {target.name}." + ("" if left else " No profiles are left: sign-in is off."))
    return EXIT_OK


def cmd_idle_lock(args: argparse.Namespace) -> int:
    with _open(args) as services:
        minutes = services.profiles.set_idle_lock_minutes(args.minutes)
    print(f"The app now locks after {_minutes(minutes)} without input.")
    return EXIT_OK


# -- teams ---------------------------------------------------------------------------------------

def cmd_team(args: argparse.Namespace) -> int:
    from safeonline_desktop.cli import _review_id  # the core CLI's parsing and message; imported late, as cli loads us

    with _open(args) as services:
        rid = _review_id(args.review)
        if args.team_command == "add":
            members = services.profiles.add_to_team(rid, _find_profile(services, args.name).id)
        elif args.team_command == "remove":
            members = services.profiles.remove_from_team(rid, _find_profile(services, args.name).id)
        else:
            members = services.profiles.team(rid)
    rows = [{"profile_id": t.profile_id, "name": t.name, "role": t.role, "active": t.active} for t in members]
    if args.json:
        _emit({"review": rid, "team": rows})
    elif not rows:
        print(f"Review {rid} has no team: every lead assessor may open it.")
    else:
        for r in rows:
            print(f"{r['name']}  ({r['role']}){'' if r['active'] else '  [deactivated]'}")
    return EXIT_OK


# -- registration --------------------------------------------------------------------------------

def _subparsers_of(parser: argparse.ArgumentParser):
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return action
    return None


def register(subparsers, common: argparse.ArgumentParser) -> None:
    db = subparsers.choices.get("db")
    dsub = _subparsers_of(db) if db is not None else None
    if dsub is None:  # pragma: no cover - cli.py always has the db group
        db = subparsers.add_parser("db", parents=[common], help="database integrity")
        dsub = db.add_subparsers(dest="db_command", metavar="ACTION")
        dsub.required = True
    p = dsub.add_parser("verify-audit", parents=[common],
                        help="check that no audit-trail entry was edited or deleted (hash chain)")
    p.add_argument("--file", metavar="PATH", help="a database file to check instead (a backup or copy)")
    p.set_defaults(handler=cmd_verify_audit)

    profile = subparsers.add_parser("profile", parents=[common],
                                    help="profiles for a shared laptop: lead assessors, note takers, observers")
    psub = profile.add_subparsers(dest="profile_command", metavar="ACTION")
    psub.required = True
    p = psub.add_parser("list", parents=[common], help="list the profiles")
    p.set_defaults(handler=cmd_profile_list)
    p = psub.add_parser("create", parents=[common],
                        help=f"create a profile (passphrase typed twice, or from {NEW_PASSPHRASE_ENV})")
    p.add_argument("name")
    p.add_argument("--role", required=True, choices=("lead_assessor", "note_taker", "observer"))
    p.set_defaults(handler=cmd_profile_create)
    p = psub.add_parser("update", parents=[common], help="rename, change the role of, deactivate or reset a profile")
    p.add_argument("name")
    p.add_argument("--rename", metavar="NEW_NAME")
    p.add_argument("--role", choices=("lead_assessor", "note_taker", "observer"))
    group = p.add_mutually_exclusive_group()
    group.add_argument("--deactivate", action="store_true")
    group.add_argument("--activate", action="store_true")
    p.add_argument("--reset-passphrase", action="store_true",
                   help=f"set a new passphrase (typed twice, or from {NEW_PASSPHRASE_ENV})")
    p.set_defaults(handler=cmd_profile_update)
    p = psub.add_parser("passphrase", parents=[common], help="change your own passphrase")
    p.set_defaults(handler=cmd_profile_passphrase)
    p = psub.add_parser("delete", parents=[common], help="delete a profile (needs --yes)")
    p.add_argument("name")
    p.add_argument("--yes", action="store_true")
    p.set_defaults(handler=cmd_profile_delete)
    p = psub.add_parser("idle-lock", parents=[common], help="minutes without input before the app locks")
    p.add_argument("minutes", type=int)
    p.set_defaults(handler=cmd_idle_lock)

    team = subparsers.add_parser("team", parents=[common], help="who may open a review")
    tsub = team.add_subparsers(dest="team_command", metavar="ACTION")
    tsub.required = True
    p = tsub.add_parser("show", parents=[common], help="show a review's team")
    p.add_argument("review")
    p.set_defaults(handler=cmd_team)
    for action in ("add", "remove"):
        p = tsub.add_parser(action, parents=[common], help=f"{action} a profile {'to' if action == 'add' else 'from'} "
                                                          "a review's team")
        p.add_argument("review")
        p.add_argument("name", help="the profile's name")
        p.set_defaults(handler=cmd_team)
