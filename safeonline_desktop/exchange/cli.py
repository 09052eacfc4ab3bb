"""``safeonline pack ...`` and ``safeonline compare``: review files and the comparison from the
command line (headquarters' intake of many files at once).

This module is a command-line entry point (a small composition root, like ``cli.py``, which
loads it): it opens the services. The rest of ``exchange/`` never does.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any


def register(subparsers, common: argparse.ArgumentParser) -> None:
    pack = subparsers.add_parser(
        "pack", parents=[common], help="export and import review files (.safeonline)",
        description="Review files carry one review, its evidence files and its history between laptops. "
                    "See docs/review-file.md.")
    psub = pack.add_subparsers(dest="pack_command", metavar="ACTION")
    psub.required = True

    p = psub.add_parser("export", parents=[common], help="write a review file for review ID")
    p.add_argument("id", help="review id (see `safeonline review list`)")
    p.add_argument("-o", "--output", required=True, metavar="FILE", help="the review file to write (.safeonline)")
    p.add_argument("--passphrase-file", metavar="F",
                   help="encrypt with the passphrase on the first line of F (AES-256-GCM, scrypt)")
    p.add_argument("--redact", action="store_true",
                   help="leave out notes, sensitive evidence and findings, sensitive items' rationale, "
                        "participants' names and the change history")
    p.set_defaults(handler=cmd_pack_export)

    p = psub.add_parser("import", parents=[common], help="import review files (a batch); each is verified first")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--passphrase-file", metavar="F", help="passphrase (first line of F) for encrypted files")
    p.add_argument("--dry-run", action="store_true", help="verify and show what would change; write nothing")
    p.add_argument("--conflicts", choices=("mine", "theirs", "both"),
                   help="answer every merge conflict this way (default: leave files with conflicts for the app)")
    p.set_defaults(handler=cmd_pack_import)

    p = psub.add_parser("label", parents=[common], help="show or set this laptop's label in the files it exports")
    p.add_argument("label", nargs="?", help="the new label, e.g. \"Field laptop 2\"")
    p.set_defaults(handler=cmd_pack_label)

    p = subparsers.add_parser(
        "compare", parents=[common], help="compare the reviews in the workspace by country and period",
        description="Countries and periods against checklist items, coloured by status; with --xlsx, the "
                    "consolidated workbook (heat map, items, each country's latest change). No scores.")
    p.add_argument("--xlsx", metavar="OUT", help="write the comparison workbook to OUT")
    p.add_argument("--framework", metavar="ID", help="only this framework's items (see `safeonline frameworks`)")
    p.add_argument("--domain", metavar="ID", help="only this domain's items, e.g. MNR.D2")
    p.add_argument("--archived", action="store_true", help="include archived reviews")
    p.set_defaults(handler=cmd_compare)


def _passphrase(path: str | None) -> str | None:
    from safeonline_desktop.cli import CommandError

    if not path:
        return None
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CommandError(f"The passphrase file {path} cannot be read: {exc}.") from exc
    lines = text.splitlines()
    passphrase = lines[0] if lines else ""
    if not passphrase:
        raise CommandError(f"The passphrase file {path} is empty; put the passphrase on its first line.")
    return passphrase


def cmd_pack_export(args: argparse.Namespace) -> int:
    from safeonline_desktop.cli import EXIT_OK, _open, _review_id, emit_json
    from safeonline_desktop.services.exchange import exchange_service

    passphrase = _passphrase(args.passphrase_file)
    with _open(args) as services:
        summary = exchange_service(services).export_review(_review_id(args.id), Path(args.output),
                                                           passphrase=passphrase, redact=args.redact)
    if args.json:
        emit_json({"file": summary.path, "sha256": summary.sha256, "size": summary.size,
                   "review_uid": summary.review_uid, "evidence_files": summary.evidence_files,
                   "redacted": summary.redacted, "encrypted": summary.encrypted})
    else:
        extras = [w for w, on in (("encrypted", summary.encrypted), ("redacted", summary.redacted)) if on]
        print(f"Wrote {summary.path} ({summary.size:,} bytes, {summary.evidence_files} attached files"
              f"{', ' + ', '.join(extras) if extras else ''}).")
        print(f"SHA-256: {summary.sha256}")
    return EXIT_OK


def _counts_text(counts: dict[str, Any]) -> str:
    parts = []
    for name, c in counts.items():
        if name in ("review", "packs"):
            continue
        bits = [f"{n} {what}" for n, what in ((c.added, "added"), (c.updated, "updated"), (c.kept, "kept"),
                                              (c.conflicts, "in conflict"), (c.skipped, "not re-added")) if n]
        if bits:
            parts.append(f"{name}: {', '.join(bits)}")
    return "; ".join(parts) or "nothing new"


def _file_record(result) -> dict[str, Any]:
    record: dict[str, Any] = {"file": str(result.path)}
    if result.error is not None:
        record.update(status="refused", error=str(result.error))
        return record
    outcome = result.outcome
    preview = outcome.preview
    record.update(
        status=("written" if outcome.written else "dry_run" if preview.action != "up_to_date" else "up_to_date"),
        action=preview.action, review_id=outcome.review_id, review_uid=preview.review_uid,
        country_code=preview.country_code, title=preview.title, source_label=preview.source_label,
        exported_at=preview.created_at, redacted=preview.redacted, encrypted=preview.encrypted,
        counts={k: vars(v) for k, v in preview.counts.items()},
        conflicts=[{"id": c.id, "section": c.section, "item_id": c.item_id, "fields": list(c.fields),
                    "mine_by": c.mine_by, "mine_at": c.mine_at, "theirs_by": c.theirs_by, "theirs_at": c.theirs_at}
                   for c in preview.conflicts],
        evidence_added=outcome.evidence_added,
    )
    return record


def cmd_pack_import(args: argparse.Namespace) -> int:
    from safeonline_desktop.cli import EXIT_ERROR, EXIT_OK, _open, emit_json
    from safeonline_desktop.services.exchange import exchange_service

    passphrase = _passphrase(args.passphrase_file)
    with _open(args, backup_on_start=not args.dry_run) as services:
        results = exchange_service(services).import_files([Path(f) for f in args.files], passphrase=passphrase,
                                                          resolve_all=args.conflicts, dry_run=args.dry_run)
    records = [_file_record(r) for r in results]
    refused = [r for r in results if r.error is not None]
    if args.json:
        emit_json({"dry_run": args.dry_run, "files": records, "refused": len(refused)})
    else:
        for result in results:
            name = result.path.name
            if result.error is not None:
                print(f"REFUSED   {name}: {result.error}")
                continue
            pv = result.outcome.preview
            what = f"{pv.country_code} {pv.title!r} from {pv.source_label}"
            if pv.action == "up_to_date":
                print(f"UP TO DATE {name}: {what} (review {result.outcome.review_id}); nothing new.")
            elif not result.outcome.written:
                verb = "would add a new review" if pv.action == "new" else f"would merge into review {pv.existing_review_id}"
                conflicts = f"; {len(pv.conflicts)} conflicts to choose" if pv.conflicts else ""
                print(f"DRY RUN   {name}: {verb}, {what}: {_counts_text(pv.counts)}{conflicts}.")
            else:
                verb = "new review" if pv.action == "new" else "merged into review"
                print(f"IMPORTED  {name}: {verb} {result.outcome.review_id}, {what}: {_counts_text(pv.counts)}.")
        if refused:
            what = "The file was refused" if len(results) == 1 else f"{len(refused)} of {len(results)} files were refused"
            print(f"{what}; the workspace is unchanged for {'it' if len(results) == 1 else 'them'}.")
    return EXIT_ERROR if refused else EXIT_OK


def cmd_pack_label(args: argparse.Namespace) -> int:
    from safeonline_desktop.cli import EXIT_OK, _open, emit_json
    from safeonline_desktop.services.exchange import exchange_service

    with _open(args) as services:
        service = exchange_service(services)
        ident = service.set_label(args.label) if args.label is not None else service.identity()
    if args.json:
        emit_json({"label": ident.label, "id": ident.id})
    else:
        print(f"This laptop's label in review files: {ident.label}")
    return EXIT_OK


def cmd_compare(args: argparse.Namespace) -> int:
    from safeonline_desktop.cli import EXIT_OK, _open, emit_json
    from safeonline_desktop.services.comparison import ComparisonService, row_labels

    with _open(args) as services:
        comparison = ComparisonService(services.ctx)
        matrix = comparison.matrix(framework_id=args.framework, domain_id=args.domain,
                                   include_archived=args.archived, lang=args.lang)
        written = None
        if args.xlsx:
            written = comparison.export_xlsx(Path(args.xlsx), framework_id=args.framework, domain_id=args.domain,
                                             include_archived=args.archived, lang=args.lang)
        keys = {level.code: level.key for level in services.catalog.scales["status"].levels}
    if args.json:
        emit_json({"items": [c.item_id for c in matrix.columns],
                   "reviews": [{"review_id": r.head.review_id, "country_code": r.head.country_code,
                                "country": r.head.country, "title": r.head.title, "period_start": r.head.period_start,
                                "period_end": r.head.period_end,
                                "statuses": {c.item_id: (cell.status if cell else None)
                                             for c, cell in zip(matrix.columns, r.cells, strict=True)}}
                               for r in matrix.rows],
                   "xlsx": str(written) if written else None})
        return EXIT_OK
    if not matrix.rows:
        print("No reviews to compare. Import review files with `safeonline pack import FILE...`.")
    else:
        width = max(len(c.code) for c in matrix.columns)
        labels = row_labels([r.head for r in matrix.rows], country="code")
        room = max(len(label) for label in labels) + 1
        print(" " * room + " ".join(c.code.rjust(width) for c in matrix.columns))
        for r, text in zip(matrix.rows, labels, strict=True):
            label = text.ljust(room)
            marks = " ".join(("·" if cell is None else (keys.get(cell.status, "?") if cell.status else "-")).rjust(width)
                             for cell in r.cells)
            print(label + marks)
        legend = ", ".join(f"{lvl.key} {lvl.label.get(args.lang)}" for lvl in services.catalog.scales["status"].levels)
        print(f"\nStatus: {legend}; - not rated; · not in the review. No scores: items are shown side by side.")
    if written:
        print(f"Wrote {written}")
    return EXIT_OK

