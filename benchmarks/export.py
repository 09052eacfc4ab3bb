"""Export times of the demonstration review beside bare baselines.

    .venv/bin/python benchmarks/export.py [--runs 7]

Figures (median and min of ``--runs`` runs after one warm-up, wall clock):

- model: building the report model from the services (database reads, translation, redaction);
- workbook: the review pack workbook (openpyxl: 10 sheets, tables, validations, 2 charts);
- report: the PDF report (reportlab: cover, contents, charts, tables, two layout passes);
- bare workbook: an openpyxl workbook holding the same text (every string of the model in
  rows, one sheet, nothing else);
- bare report: a reportlab document holding the same text (one Paragraph per string, Helvetica,
  one pass, no contents, charts, tables, fonts or escaping).

The ratios say what the pack's structure costs over writing the same text plainly.
"""

from __future__ import annotations

import argparse
import dataclasses
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def strings_of(obj) -> list[str]:
    """Every string in the report model, in order."""
    out: list[str] = []
    if isinstance(obj, str):
        out.append(obj)
    elif dataclasses.is_dataclass(obj):
        for f in dataclasses.fields(obj):
            out += strings_of(getattr(obj, f.name))
    elif isinstance(obj, list | tuple):
        for v in obj:
            out += strings_of(v)
    return [s for s in out if s.strip()]


def bare_workbook(texts: list[str], path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    for text in texts:
        ws.append([text])
    wb.save(path)


def bare_report(texts: list[str], path: Path) -> None:
    from xml.sax.saxutils import escape

    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    style = getSampleStyleSheet()["BodyText"]
    SimpleDocTemplate(str(path)).build([Paragraph(escape(t), style) for t in texts])


def timed(fn, runs: int) -> tuple[float, float]:
    fn()  # warm-up: imports, font loading, caches
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), min(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()

    from safeonline_desktop.export import PackOptions
    from safeonline_desktop.export.output import Progress
    from safeonline_desktop.export.pdf import render_pdf
    from safeonline_desktop.export.xlsx import render_xlsx
    from safeonline_desktop.services import open_services
    from safeonline_desktop.services.demo import create_demo_review
    from safeonline_desktop.services.reporting import build_report

    with tempfile.TemporaryDirectory(prefix="safeonline-bench-") as tmp:
        folder = Path(tmp)
        services = open_services(folder / "data", backup_on_start=False)
        try:
            review = create_demo_review(services)
            model = build_report(services, review.id)
            texts = strings_of(model)
            chars = sum(len(t) for t in texts)
            options = PackOptions()
            rows = [
                ("model", timed(lambda: build_report(services, review.id), args.runs)),
                ("workbook", timed(lambda: render_xlsx(model, folder / "pack.xlsx", options, Progress()), args.runs)),
                ("bare workbook", timed(lambda: bare_workbook(texts, folder / "bare.xlsx"), args.runs)),
                ("report", timed(lambda: render_pdf(model, folder / "pack.pdf", options, Progress()), args.runs)),
                ("bare report", timed(lambda: bare_report(texts, folder / "bare.pdf"), args.runs)),
            ]
            from pypdf import PdfReader

            pages = len(PdfReader(str(folder / "pack.pdf")).pages)
            bare_pages = len(PdfReader(str(folder / "bare.pdf")).pages)
            sizes = {name: (folder / name).stat().st_size for name in ("pack.xlsx", "bare.xlsx", "pack.pdf", "bare.pdf")}
        finally:
            services.close()

    print(f"Demonstration review: {len(texts)} strings, {chars:,} characters; runs: {args.runs} (after a warm-up)")
    print(f"{'':16}{'median':>10}{'min':>10}")
    for name, (median, low) in rows:
        print(f"{name:16}{median * 1000:>8.0f} ms{low * 1000:>8.0f} ms")
    t = dict(rows)
    print()
    print(f"workbook / bare workbook: {t['workbook'][0] / t['bare workbook'][0]:.1f}x  "
          f"({sizes['pack.xlsx'] / 1024:.0f} KiB vs {sizes['bare.xlsx'] / 1024:.0f} KiB)")
    print(f"report / bare report:     {t['report'][0] / t['bare report'][0]:.1f}x  "
          f"({pages} pages, {sizes['pack.pdf'] / 1024:.0f} KiB vs {bare_pages} pages, {sizes['bare.pdf'] / 1024:.0f} KiB)")
    total = t["model"][0] + t["workbook"][0] + t["report"][0]
    print(f"whole pack (model + workbook + report): {total * 1000:.0f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
