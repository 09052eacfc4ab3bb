"""Writing safely: temporary file beside the target, renamed only on success; clear errors;
cancellation leaves nothing behind."""

from __future__ import annotations

import errno
import os

import pytest

from safeonline_desktop.errors import ExportError
from safeonline_desktop.export import ExportCancelled, write_pack
from safeonline_desktop.services.reporting import ExportRequest, build_report, export_review


@pytest.fixture(scope="module")
def model(demo):
    return build_report(demo.services, demo.review_id)


def test_missing_folder_is_refused_with_a_sentence(model, tmp_path):
    with pytest.raises(ExportError, match=r"The folder .*missing does not exist\. Choose an existing folder\."):
        write_pack(model, pdf=tmp_path / "missing" / "r.pdf")
    with pytest.raises(ExportError, match="is a folder; give a file name"):
        write_pack(model, xlsx=tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_unwritable_folder_gives_a_clear_error(model, tmp_path, monkeypatch):
    import tempfile

    def refuse(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    with pytest.raises(ExportError, match="cannot be written to .*Choose another folder"):
        write_pack(model, xlsx=tmp_path / "a.xlsx", pdf=tmp_path / "a.pdf")
    assert list(tmp_path.iterdir()) == []


def test_a_failing_writer_leaves_no_file_and_keeps_the_old_one(model, tmp_path, monkeypatch):
    from safeonline_desktop.export import pdf as pdf_writer

    old = tmp_path / "a.pdf"
    old.write_bytes(b"the previous report")

    def disk_full(model, path, options, progress):
        path.write_bytes(b"%PDF-1.4 half a report")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(pdf_writer, "render_pdf", disk_full)
    with pytest.raises(ExportError, match="not enough space on the disk"):
        write_pack(model, xlsx=tmp_path / "a.xlsx", pdf=old)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.pdf"]  # no workbook, no temporary files
    assert old.read_bytes() == b"the previous report"


def test_cancelling_between_sections_leaves_no_file(model, tmp_path):
    calls = []

    def cancel_after_a_while() -> bool:
        calls.append(1)
        return len(calls) > 12  # well into the PDF, after the workbook was written to its temporary file

    with pytest.raises(ExportCancelled, match="cancelled; no file was written"):
        write_pack(model, xlsx=tmp_path / "a.xlsx", pdf=tmp_path / "a.pdf", cancel=cancel_after_a_while)
    assert list(tmp_path.iterdir()) == []


def test_progress_goes_up_to_the_end(model, tmp_path):
    seen: list[float] = []
    written = write_pack(model, xlsx=tmp_path / "a.xlsx", pdf=tmp_path / "a.pdf",
                         progress=lambda fraction, message: seen.append(fraction))
    assert written == [tmp_path / "a.xlsx", tmp_path / "a.pdf"]
    assert seen == sorted(seen) and seen[-1] == 1.0 and len(seen) > 10
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.pdf", "a.xlsx"]
    assert (tmp_path / "a.pdf").read_bytes().startswith(b"%PDF")
    assert oct(os.stat(tmp_path / "a.pdf").st_mode & 0o777) == "0o600"  # exports may hold sensitive data


def test_request_is_checked_before_anything_happens(demo, tmp_path):
    from safeonline_desktop.errors import ValidationError

    with pytest.raises(ValidationError, match="Choose at least one file"):
        export_review(demo.services, ExportRequest(demo.review_id))
    with pytest.raises(ValidationError, match="same file"):
        export_review(demo.services, ExportRequest(demo.review_id, xlsx=tmp_path / "x", pdf=tmp_path / "x"))
    with pytest.raises(ValidationError, match="Unknown language"):
        export_review(demo.services, ExportRequest(demo.review_id, pdf=tmp_path / "x.pdf", language="de"))
    assert list(tmp_path.iterdir()) == []


def test_an_export_is_recorded_in_the_audit_log(demo, tmp_path):
    export_review(demo.services, ExportRequest(demo.review_id, xlsx=tmp_path / "a.xlsx", language="fr", redact=True))
    entry = demo.services.audit.entries(demo.review_id, limit=1)[0]
    assert entry.action == "review.export"
    assert entry.after == {"files": ["a.xlsx"], "language": "fr", "redacted": True, "confidential": False}
