"""The ``safeonline`` command: scripting, batch exports and headquarters' intake.

It uses the same services as the GUI. Every command that prints data accepts ``--json``.
Errors print one line on stderr and exit non-zero; unexpected errors are logged in the data
folder with their traceback, never printed.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import logging
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from safeonline_desktop import __version__, paths
from safeonline_desktop.errors import SafeOnlineError

log = logging.getLogger("safeonline_desktop.cli")

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2


class CommandError(SafeOnlineError):
    """A problem with what was asked on the command line."""


# -- output -------------------------------------------------------------------------------

def _jsonable(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {k: _jsonable(v) for k, v in dataclasses.asdict(value).items()}
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [_jsonable(v) for v in value]
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, Path):
        return str(value)
    return value


def emit_json(data: Any) -> None:
    json.dump(_jsonable(data), sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def _bar(fraction: float, width: int = 20) -> str:
    filled = round(fraction * width)
    return "#" * filled + "." * (width - filled)


# -- commands -----------------------------------------------------------------------------

def _open(args: argparse.Namespace, *, backup_on_start: bool = False):
    from safeonline_desktop.services import open_services
    from safeonline_desktop.services.workshop_cli import sign_in_for_command

    services = open_services(paths.resolve_data_dir(args.data_dir), backup_on_start=backup_on_start)
    sign_in_for_command(services, args)  # only when the workspace has profiles (workshop mode)
    return services


def cmd_frameworks(args: argparse.Namespace) -> int:
    from safeonline_desktop.services import load_content

    catalog = load_content()
    lang = args.lang
    rows = []
    for fw in catalog.frameworks.values():
        rows.append({
            "id": fw.id,
            "version": fw.version,
            "title": fw.short_title.get(lang),
            "publisher": fw.publisher,
            "year": fw.year,
            "domains": [
                {"id": d.id, "name": d.name.get(lang), "items": [{"id": i.id, "name": i.name.get(lang)} for i in d.items]}
                for d in fw.domains
            ],
            "wording_notice": fw.wording_notice.get(lang),
        })
    if args.json:
        emit_json({"frameworks": rows, "scales_version": catalog.scales_version,
                   "crossrefs_version": catalog.crossrefs_version})
        return EXIT_OK
    for row in rows:
        items = sum(len(d["items"]) for d in row["domains"])
        print(f"{row['id']} {row['version']}  {row['title']} ({row['publisher']}, {row['year']})")
        print(f"  {len(row['domains'])} domains, {items} items")
        for d in row["domains"]:
            print(f"  {d['id']}  {d['name']}")
            for i in d["items"]:
                print(f"      {i['id']}  {i['name']}")
        print(f"  Note: {row['wording_notice']}")
        print()
    return EXIT_OK


def _review_dict(services, entry_or_view, lang: str) -> dict[str, Any]:
    from safeonline_desktop.domain.countries import country_name

    view = getattr(entry_or_view, "review", entry_or_view)
    data = {
        "id": view.id,
        "uid": view.uid,
        "country_code": view.country_code,
        "country": country_name(view.country_code, lang),
        "title": view.title,
        "period_start": view.period_start,
        "period_end": view.period_end,
        "status": view.status,
        "language": view.language,
        "archived": view.archived,
        "frameworks": [{"id": p.pack_id, "version": p.version} for p in view.packs],
        "updated_at": view.updated_at,
    }
    if hasattr(entry_or_view, "items_total"):
        data["items_total"] = entry_or_view.items_total
        data["items_rated"] = entry_or_view.items_rated
    return data


def cmd_review_list(args: argparse.Namespace) -> int:
    from safeonline_desktop.errors import PermissionDenied

    with _open(args) as services:
        entries = services.reviews.list(include_archived=args.all, query=args.search or "")
        rows = [_review_dict(services, e, args.lang) for e in entries]
        try:
            services.ctx.check(None, "review.create")
            may_create = True
        except PermissionDenied:
            may_create = False
    if args.json:
        emit_json({"reviews": rows})
        return EXIT_OK
    if not rows:
        if may_create:
            print("No reviews in this workspace. Create one with `safeonline review create` or try `safeonline demo`.")
        else:
            print("No review is open to you here; a lead assessor can add you to a review's team.")
        return EXIT_OK
    for r in rows:
        frac = r["items_rated"] / r["items_total"] if r["items_total"] else 0
        flag = "  [archived]" if r["archived"] else ""
        print(f"{r['id']:>4}  {r['country_code']}  {r['title']}{flag}")
        print(f"      {r['status']:<13} {_bar(frac)} {r['items_rated']}/{r['items_total']} items rated")
    return EXIT_OK


def _parse_date(text: str | None, what: str) -> dt.date | None:
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"{what} must be a date as YYYY-MM-DD, not {text!r}.") from None


def cmd_review_create(args: argparse.Namespace) -> int:
    with _open(args) as services:
        view = services.reviews.create(
            country_code=args.country,
            title=args.title,
            frameworks=args.framework or None,
            period_start=_parse_date(args.period_start, "--period-start"),
            period_end=_parse_date(args.period_end, "--period-end"),
            scope=args.scope or "",
            language=args.language,
        )
        data = _review_dict(services, view, args.lang)
    if args.json:
        emit_json({"review": data})
    else:
        print(f"Created review {data['id']}: {data['title']} ({data['country']}).")
    return EXIT_OK


def _review_id(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise CommandError(f"A review id is a number (see `safeonline review list`), not {text!r}.") from None


def review_details(services, review_id: int, lang: str) -> dict[str, Any]:
    catalog = services.catalog
    view = services.reviews.get(review_id)
    progress = services.progress.progress(review_id)
    summary = {s.domain_id: s for s in services.progress.summary(review_id)}
    domains = []
    for d in progress.domains:
        dom = catalog.domain(d.domain_id)
        domains.append({
            "id": d.domain_id,
            "framework": d.framework_id,
            "name": dom.name.get(lang),
            "items_total": d.total,
            "items_rated": d.rated,
            "states": {state: d.count(state) for state in ("not_started", "in_progress", "rated", "needs_evidence")},
            "ratings": summary[d.domain_id].counts,
        })
    data = _review_dict(services, view, lang)
    data.update({
        "scope": view.scope,
        "origin": view.origin,
        "items_total": progress.total,
        "items_rated": progress.rated,
        "domains": domains,
        "participants": len(services.participants.list(review_id)),
        "evidence": len(services.evidence.list(review_id)),
        "findings": len(services.planning.findings(review_id)),
        "recommendations": len(services.planning.recommendations(review_id)),
        "actions": len(services.planning.actions(review_id)),
    })
    return data


def cmd_review_show(args: argparse.Namespace) -> int:
    with _open(args) as services:
        data = review_details(services, _review_id(args.id), args.lang)
    if args.json:
        emit_json({"review": data})
        return EXIT_OK
    period = " – ".join(str(p) for p in (data["period_start"], data["period_end"]) if p)
    print(f"Review {data['id']}: {data['title']}")
    print(f"  Country:    {data['country']} ({data['country_code']})")
    if period:
        print(f"  Period:     {period}")
    print(f"  Status:     {data['status']}{'  (archived)' if data['archived'] else ''}")
    print("  Frameworks: " + ", ".join(f"{f['id']} {f['version']}" for f in data["frameworks"]))
    frac = data["items_rated"] / data["items_total"] if data["items_total"] else 0
    print(f"  Progress:   {_bar(frac)} {data['items_rated']}/{data['items_total']} items rated")
    print(f"  Records:    {data['participants']} participants, {data['evidence']} evidence, "
          f"{data['findings']} findings, {data['recommendations']} recommendations, {data['actions']} actions")
    print()
    for d in data["domains"]:
        frac = d["items_rated"] / d["items_total"] if d["items_total"] else 0
        ratings = ", ".join(f"{k} {n}" for k, n in d["ratings"].items() if n)
        print(f"  {d['id']:<7} {_bar(frac, 10)} {d['items_rated']}/{d['items_total']}  {d['name']}")
        print(f"          {ratings}")
    return EXIT_OK


def cmd_review_rename(args: argparse.Namespace) -> int:
    with _open(args) as services:
        view = services.reviews.rename(_review_id(args.id), args.title)
    print(f"Review {view.id} is now called {view.title!r}.")
    return EXIT_OK


def cmd_review_archive(args: argparse.Namespace) -> int:
    with _open(args) as services:
        rid = _review_id(args.id)
        view = services.reviews.unarchive(rid) if args.undo else services.reviews.archive(rid)
    print(f"Review {view.id} {'restored from the archive' if args.undo else 'archived'}.")
    return EXIT_OK


def cmd_review_duplicate(args: argparse.Namespace) -> int:
    with _open(args) as services:
        view = services.reviews.duplicate(_review_id(args.id), args.title)
        data = _review_dict(services, view, args.lang)
    if args.json:
        emit_json({"review": data})
    else:
        print(f"Created review {view.id}: {view.title}.")
    return EXIT_OK


def cmd_review_delete(args: argparse.Namespace) -> int:
    if not args.yes:
        raise CommandError("Deleting a review cannot be undone; add --yes to confirm.")
    with _open(args, backup_on_start=True) as services:
        rid = _review_id(args.id)
        title = services.reviews.get(rid).title
        services.reviews.delete(rid)
    print(f"Deleted review {rid} ({title}). A backup taken just before is in {services.data.backups}.")
    return EXIT_OK


def cmd_demo(args: argparse.Namespace) -> int:
    from safeonline_desktop.services.demo import create_demo_review

    with _open(args) as services:
        view = create_demo_review(services)
        data = _review_dict(services, view, args.lang)
    if args.json:
        emit_json({"review": data})
    else:
        print(f"Created the demonstration review {view.id}: {view.title}.")
        print(f"See it with `safeonline review show {view.id}` or in the app.")
    return EXIT_OK


def cmd_db_check(args: argparse.Namespace) -> int:
    from safeonline_desktop.services.maintenance import check_workspace

    report = check_workspace(paths.DataPaths(paths.resolve_data_dir(args.data_dir)))
    if args.json:
        emit_json(report)
    else:
        print(f"Database: {report['database']}")
        print(f"Schema revision: {report['revision']} (this version supports {report['supported_revision']})")
        if report["problems"]:
            print("Problems:")
            for p in report["problems"]:
                print(f"  - {p}")
        else:
            print("Integrity: ok")
        if report["warnings"]:
            for w in report["warnings"]:
                print(f"  note: {w}")
    return EXIT_OK if not report["problems"] else EXIT_ERROR


def _require_workspace_right(args: argparse.Namespace, permission: str) -> bool:
    """Sign in and check ``permission`` when the workspace uses profiles. Returns False when the
    database cannot be opened at all (damaged), so the caller can apply its stricter rule."""
    from safeonline_desktop.errors import StorageError

    try:
        services = _open(args)
    except StorageError:
        return False
    with services:
        services.ctx.check(None, permission)
    return True


def cmd_db_backup(args: argparse.Namespace) -> int:
    from safeonline_desktop.storage.backup import backup_database

    data = paths.DataPaths(paths.resolve_data_dir(args.data_dir))
    if not data.database.exists():
        raise CommandError(f"There is no workspace database in {data.root}.")
    # A backup holds every review of the workspace: with profiles, only a lead assessor makes one.
    _require_workspace_right(args, "workspace.backup")
    target = backup_database(data.database, Path(args.output) if args.output else data.backups, tag="manual")
    if args.json:
        emit_json({"backup": target})
    else:
        print(f"Backed up to {target}")
    return EXIT_OK


def cmd_db_restore(args: argparse.Namespace) -> int:
    from safeonline_desktop.storage.backup import latest_backup, restore_backup

    data = paths.DataPaths(paths.resolve_data_dir(args.data_dir))
    backup = Path(args.backup).resolve() if args.backup else latest_backup(data.backups)
    if backup is None:
        raise CommandError(f"No usable backup was found in {data.backups}.")
    if not args.yes:
        raise CommandError(f"This puts {backup} in place of the current database (which is kept, renamed); add --yes.")
    own_backup = backup.parent == data.backups.resolve()
    if data.database.exists():
        readable = _require_workspace_right(args, "workspace.restore")
        uses_profiles = readable and _uses_profiles(data)
        # A file from elsewhere could replace a protected workspace wholesale; only this
        # workspace's own backups may go back in place when profiles are used or the current
        # database cannot be read to tell.
        if not own_backup and (uses_profiles or not readable):
            raise CommandError(f"Only this workspace's own backups (in {data.backups}) can be restored here.")
    kept = restore_backup(backup, data.database)
    print(f"Restored {backup}." + (f" The previous database was kept as {kept}." if kept else ""))
    return EXIT_OK


def _uses_profiles(data: paths.DataPaths) -> bool:
    import contextlib
    import sqlite3

    with contextlib.closing(sqlite3.connect(f"file:{data.database}?mode=ro", uri=True)) as conn:
        try:
            return conn.execute("SELECT 1 FROM profiles LIMIT 1").fetchone() is not None
        except sqlite3.OperationalError:  # a schema before workshop mode
            return False


# -- parser -------------------------------------------------------------------------------

#: Other modules add commands here: ``name -> (help, configure(subparser) -> handler)``.
Extension = Callable[[argparse.ArgumentParser], Callable[[argparse.Namespace], int]]


def build_parser() -> argparse.ArgumentParser:
    def options(suppress: bool) -> argparse.ArgumentParser:
        # Global options are accepted before or after the command. On subcommands their default is
        # SUPPRESS, so an option given before the command is not reset by the subparser's default.
        def default(value):
            return argparse.SUPPRESS if suppress else value

        p = argparse.ArgumentParser(add_help=False)
        p.add_argument("--data-dir", metavar="DIR", default=default(None),
                       help=f"workspace folder (default: ${paths.DATA_DIR_ENV}, portable folder, or the user data folder)")
        p.add_argument("--json", action="store_true", default=default(False), help="print data as JSON, for scripts")
        p.add_argument("--lang", choices=("en", "es", "fr"), default=default("en"), help="language of printed content")
        p.add_argument("--profile", metavar="NAME", default=default(None),
                       help="sign in as this profile when the workspace uses profiles (passphrase: "
                            "$SAFEONLINE_PASSPHRASE or typed at the prompt)")
        return p

    common = options(suppress=True)
    parser = argparse.ArgumentParser(
        prog="safeonline",
        description="SafeOnline Desktop on the command line: reviews of national capacity to prevent and "
                    "respond to online child sexual exploitation and abuse.",
        parents=[options(suppress=False)],
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True

    p = sub.add_parser("frameworks", parents=[common], help="list the frameworks, domains and items shipped")
    p.set_defaults(handler=cmd_frameworks)

    review = sub.add_parser("review", parents=[common], help="create, list and show reviews")
    rsub = review.add_subparsers(dest="review_command", metavar="ACTION")
    rsub.required = True
    p = rsub.add_parser("create", parents=[common], help="create a review")
    p.add_argument("--country", required=True, help="ISO 3166 alpha-2 code, e.g. KE (ZZ: a fictional country)")
    p.add_argument("--title", required=True)
    p.add_argument("--framework", action="append", metavar="ID", help="framework id (repeat; default: all)")
    p.add_argument("--period-start", metavar="YYYY-MM-DD")
    p.add_argument("--period-end", metavar="YYYY-MM-DD")
    p.add_argument("--scope", default="")
    p.add_argument("--language", choices=("en", "es", "fr"), default="en", help="the review's working language")
    p.set_defaults(handler=cmd_review_create)
    p = rsub.add_parser("list", parents=[common], help="list the reviews in the workspace")
    p.add_argument("--all", action="store_true", help="include archived reviews")
    p.add_argument("--search", metavar="TEXT", help="only reviews whose title or country code contains TEXT")
    p.set_defaults(handler=cmd_review_list)
    p = rsub.add_parser("show", parents=[common], help="show a review and its progress")
    p.add_argument("id")
    p.set_defaults(handler=cmd_review_show)
    p = rsub.add_parser("rename", parents=[common], help="rename a review")
    p.add_argument("id")
    p.add_argument("title")
    p.set_defaults(handler=cmd_review_rename)
    p = rsub.add_parser("archive", parents=[common], help="archive a review (or --undo)")
    p.add_argument("id")
    p.add_argument("--undo", action="store_true")
    p.set_defaults(handler=cmd_review_archive)
    p = rsub.add_parser("duplicate", parents=[common], help="copy a review with all its content")
    p.add_argument("id")
    p.add_argument("--title")
    p.set_defaults(handler=cmd_review_duplicate)
    p = rsub.add_parser("delete", parents=[common], help="delete a review (needs --yes)")
    p.add_argument("id")
    p.add_argument("--yes", action="store_true")
    p.set_defaults(handler=cmd_review_delete)

    p = sub.add_parser("demo", parents=[common], help="create the demonstration review of a fictional country")
    p.set_defaults(handler=cmd_demo)

    db = sub.add_parser("db", parents=[common], help="database integrity, backup and restore")
    dsub = db.add_subparsers(dest="db_command", metavar="ACTION")
    dsub.required = True
    p = dsub.add_parser("check", parents=[common], help="check the workspace database's integrity")
    p.set_defaults(handler=cmd_db_check)
    p = dsub.add_parser("backup", parents=[common], help="back up the workspace database")
    p.add_argument("-o", "--output", metavar="DIR", help="folder for the backup (default: the data folder's backups)")
    p.set_defaults(handler=cmd_db_backup)
    p = dsub.add_parser("restore", parents=[common], help="restore a backup (the current file is kept, renamed)")
    p.add_argument("backup", nargs="?", help="backup file (default: the latest good one)")
    p.add_argument("--yes", action="store_true")
    p.set_defaults(handler=cmd_db_restore)

    for register in EXTENSIONS:
        register(sub, common)
    return parser


#: Functions ``register(subparsers, common_parent)`` adding further commands (export, pack, ...).
EXTENSIONS: list[Callable[[Any, argparse.ArgumentParser], None]] = []


def _load_extensions() -> None:
    import importlib

    for module in ("safeonline_desktop.export.cli", "safeonline_desktop.exchange.cli",
                   "safeonline_desktop.services.workshop_cli"):
        try:
            mod = importlib.import_module(module)
        except ModuleNotFoundError as exc:
            if exc.name != module:
                raise
            continue
        if mod.register not in EXTENSIONS:
            EXTENSIONS.append(mod.register)


def _setup_logging(args: argparse.Namespace) -> Path | None:
    """Log to ``logs/cli.log`` in the data folder when it can be written; never to the screen."""
    logging.getLogger().setLevel(logging.INFO)
    try:
        data = paths.DataPaths(paths.resolve_data_dir(getattr(args, "data_dir", None)))
        data.logs.mkdir(parents=True, exist_ok=True, mode=0o700)
        path = data.logs / "cli.log"
        handler = logging.FileHandler(path, encoding="utf-8")
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        logging.getLogger().addHandler(handler)
        return path
    except OSError:
        return None


def main(argv: Sequence[str] | None = None) -> int:
    _load_extensions()
    parser = build_parser()
    args = parser.parse_args(argv)
    log_path = _setup_logging(args)
    try:
        return args.handler(args)
    except SafeOnlineError as exc:
        from safeonline_desktop.errors import DatabaseCorruptError

        hint = ""
        if isinstance(exc, DatabaseCorruptError) and exc.latest_backup:
            hint = " To restore it: safeonline db restore --yes"
        print(f"safeonline: error: {exc}{hint}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("safeonline: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:  # a bug: keep the traceback for us, one line for the person
        log.exception("Unexpected error in %s", " ".join(sys.argv))
        where = f" Details are in {log_path}." if log_path else ""
        print(f"safeonline: unexpected error: {type(exc).__name__}: {exc}.{where}", file=sys.stderr)
        return EXIT_ERROR


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
