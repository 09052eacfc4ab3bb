"""Review packs: a neutral report model rendered as an Excel workbook (openpyxl) and a PDF report
(reportlab). No Qt, no services: ``services/reporting.py`` builds the model and calls
:func:`write_pack`.

Both files are written to temporary files beside their targets and renamed into place only when
both are complete: an error or a cancellation leaves no file behind (and no half-written one).
"""

from __future__ import annotations

from pathlib import Path

from .model import ReportModel
from .options import PackOptions
from .output import CancelCheck, ExportCancelled, Progress, ProgressCallback, commit_all, pending_files

__all__ = ["ExportCancelled", "PackOptions", "ReportModel", "write_pack", "write_pdf", "write_xlsx"]


def write_pack(
    model: ReportModel,
    *,
    xlsx: Path | None = None,
    pdf: Path | None = None,
    options: PackOptions | None = None,
    progress: ProgressCallback | None = None,
    cancel: CancelCheck | None = None,
) -> list[Path]:
    """Write the workbook and/or the report of ``model``; return the files written."""
    from . import pdf as pdf_writer
    from . import xlsx as xlsx_writer

    options = options or PackOptions()
    tracker = Progress(progress, cancel)
    tracker.check()
    xlsx_share = 0.25 if (xlsx is not None and pdf is not None) else 1.0
    with pending_files(xlsx, pdf) as files:
        xlsx_file, pdf_file = files
        if xlsx_file is not None:
            xlsx_writer.render_xlsx(model, xlsx_file.temp, options, tracker.part(0.0, xlsx_share))
        if pdf_file is not None:
            start = xlsx_share if xlsx_file is not None else 0.0
            pdf_writer.render_pdf(model, pdf_file.temp, options, tracker.part(start, 1.0 - start))
        tracker.check()
        written = commit_all(files)
    if progress is not None:
        progress(1.0, "")
    return written


def write_xlsx(model: ReportModel, target: Path, options: PackOptions | None = None, *,
               progress: ProgressCallback | None = None, cancel: CancelCheck | None = None) -> Path:
    return write_pack(model, xlsx=target, options=options, progress=progress, cancel=cancel)[0]


def write_pdf(model: ReportModel, target: Path, options: PackOptions | None = None, *,
              progress: ProgressCallback | None = None, cancel: CancelCheck | None = None) -> Path:
    return write_pack(model, pdf=target, options=options, progress=progress, cancel=cancel)[0]
