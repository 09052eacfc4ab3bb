"""``safeonline export``: write a review's workbook and/or PDF report from the command line.

This module is a command-line entry point (a small composition root, like ``cli.py``), so it
may open the services; the rest of ``export/`` only renders the model it is given.
"""

from __future__ import annotations

import argparse
from pathlib import Path


def register(subparsers, common: argparse.ArgumentParser) -> None:
    p = subparsers.add_parser(
        "export", parents=[common], help="write a review pack: Excel workbook and/or PDF report",
        description="Write the review pack of review ID: an Excel workbook (--xlsx) and/or a PDF report (--pdf), "
                    "in the language given by --lang. Files are replaced only when the export succeeds.",
    )
    p.add_argument("id", help="review id (see `safeonline review list`)")
    p.add_argument("--xlsx", metavar="FILE", help="write the Excel workbook to FILE")
    p.add_argument("--pdf", metavar="FILE", help="write the PDF report to FILE")
    p.add_argument("--redact", action="store_true",
                   help="leave out notes, material marked sensitive and participants' names")
    p.add_argument("--paper", choices=("A4", "Letter"), default="A4", help="paper size of the report (default A4)")
    p.add_argument("--confidential", action="store_true", help='mark every page "Confidential"')
    p.set_defaults(handler=cmd_export)


def cmd_export(args: argparse.Namespace) -> int:
    from safeonline_desktop.cli import EXIT_OK, CommandError, _open, _review_id, emit_json
    from safeonline_desktop.services.reporting import ExportRequest, export_review

    if not args.xlsx and not args.pdf:
        raise CommandError("Say what to write: --xlsx FILE, --pdf FILE, or both.")
    request = ExportRequest(
        review_id=_review_id(args.id),
        xlsx=Path(args.xlsx) if args.xlsx else None,
        pdf=Path(args.pdf) if args.pdf else None,
        language=args.lang,
        redact=args.redact,
        paper=args.paper,
        confidential=args.confidential,
    )
    with _open(args) as services:
        written = export_review(services, request)
    if args.json:
        emit_json({"files": [str(p) for p in written], "language": request.language, "redacted": request.redact,
                   "paper": request.paper, "confidential": request.confidential})
    else:
        for path in written:
            print(f"Wrote {path}")
    return EXIT_OK
