"""``safeonline-desktop --self-test --data-dir DIR`` from the source install."""

from __future__ import annotations

import hashlib
import re
import shutil
import sqlite3

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from safeonline_desktop import app, i18n, paths, selftest
from safeonline_desktop.services import open_services

CHECKS = ("modules", "content packs", "translations", "Qt translations", "country names", "database",
          "workbook and PDF")


@pytest.fixture(autouse=True)
def _qt_application(qapp):
    """The self-test makes a QCoreApplication when none exists; in the test process the
    QApplication of pytest-qt must come first."""
    yield


@pytest.fixture
def real_translations():
    folder = paths.resources_dir() / "i18n"
    yield
    i18n.load_translations(folder)  # the self-test reloads the catalog, maybe from a damaged copy


def check_lines(out: str) -> dict[str, str]:
    """``{check name: "ok: detail" or "FAILED: reason"}`` from the printed report."""
    lines = {}
    for line in out.splitlines():
        match = re.match(r"^(ok|FAILED) +([^:]+): (.*)$", line)
        if match:
            lines[match[2]] = f"{match[1]}: {match[3]}"
    return lines


def test_self_test_passes_and_leaves_a_report_and_readable_exports(tmp_path, capsys, real_translations):
    code = app.main(["--self-test", "--data-dir", str(tmp_path / "check")])
    out = capsys.readouterr().out
    assert code == 0, out
    lines = check_lines(out)
    assert list(lines) == list(CHECKS)
    assert all(v.startswith("ok: ") for v in lines.values()), out
    assert "Self-test passed: 7 checks ok" in out

    work = tmp_path / "check" / "self-test"
    assert (work / "self-test.txt").read_text(encoding="utf-8").splitlines()[-1].startswith("Self-test passed")
    assert (work / "workspace" / "workspace.sqlite3").is_file()
    workbook = load_workbook(work / "exports" / "demo-review.xlsx", read_only=True)
    assert len(workbook.sheetnames) > 1
    workbook.close()
    text = "".join(page.extract_text() for page in PdfReader(work / "exports" / "demo-review.pdf").pages)
    assert "Aravia" in text and "País ficticio" in text  # the demo review, reported in Spanish
    assert not (tmp_path / "check" / "workspace.sqlite3").exists()  # DIR itself gets no workspace


def test_second_run_starts_again_from_an_empty_work_folder(tmp_path, capsys, real_translations):
    data = tmp_path / "check"
    assert selftest.run_self_test(data) == 0
    stale = data / "self-test" / "exports" / "stale.pdf"
    stale.write_bytes(b"old")
    assert selftest.run_self_test(data) == 0
    assert not stale.exists()
    capsys.readouterr()


def test_refuses_a_self_test_folder_it_did_not_make(tmp_path, capsys):
    data = tmp_path / "check"
    (data / "self-test").mkdir(parents=True)
    (data / "self-test" / "notes.txt").write_text("mine")
    assert selftest.run_self_test(data) == 1
    out = capsys.readouterr().out
    assert "FAILED  work folder:" in out and "was not made by the self-test" in out
    assert (data / "self-test" / "notes.txt").read_text() == "mine"


def test_existing_workspace_is_checked_without_being_changed(tmp_path, capsys, catalog, real_translations):
    data = tmp_path / "data"
    services = open_services(data, catalog=catalog)
    services.reviews.create(country_code="KE", title="Kenya", frameworks=["mnr"])
    services.close()
    before = hashlib.sha256((data / "workspace.sqlite3").read_bytes()).hexdigest()
    backups = sorted(p.name for p in (data / "backups").iterdir()) if (data / "backups").exists() else []

    assert selftest.run_self_test(data) == 0
    lines = check_lines(capsys.readouterr().out)
    assert lines["existing workspace"].startswith("ok: ")
    assert hashlib.sha256((data / "workspace.sqlite3").read_bytes()).hexdigest() == before
    assert (sorted(p.name for p in (data / "backups").iterdir()) if (data / "backups").exists() else []) == backups


def test_a_damaged_existing_workspace_fails_its_check(tmp_path, capsys, real_translations):
    data = tmp_path / "data"
    data.mkdir()
    (data / "workspace.sqlite3").write_bytes(b"this is not a database" * 100)
    assert selftest.run_self_test(data) == 1
    lines = check_lines(capsys.readouterr().out)
    assert lines["existing workspace"].startswith("FAILED: ")
    assert lines["database"].startswith("ok: ")  # the fresh one is still fine


def test_broken_installation_is_reported_one_line_per_failed_check(tmp_path, capsys, monkeypatch,
                                                                   real_translations):
    """A copy of resources/ with a damaged translation file and no Spanish Qt catalog."""
    resources = tmp_path / "resources"
    shutil.copytree(paths.resources_dir(), resources)
    with (resources / "i18n" / "common.yaml").open("a", encoding="utf-8") as f:
        f.write('"Only English here": {es: "Solo español"}\n')
    monkeypatch.setattr(paths, "resources_dir", lambda: resources)
    monkeypatch.setitem(selftest.QT_CANCEL, "es", "Cancelar del todo")

    assert selftest.run_self_test(tmp_path / "check") == 1
    out = capsys.readouterr().out
    lines = check_lines(out)
    assert lines["translations"].startswith("FAILED: ") and "needs an 'es' and an 'fr'" in lines["translations"]
    assert lines["Qt translations"].startswith("FAILED: ") and "Cancelar del todo" in lines["Qt translations"]
    assert lines["content packs"].startswith("ok: ")
    assert "Self-test FAILED: 2 of 7 checks failed" in out
    assert "Traceback" not in out


def test_failing_export_names_the_reason(tmp_path, capsys, monkeypatch, real_translations):
    from safeonline_desktop.services import reporting

    def broken_export(services, request, **kwargs):
        request.xlsx.write_bytes(b"not a workbook")
        request.pdf.write_bytes(b"%PDF-1.4 truncated")
        return [request.xlsx, request.pdf]

    monkeypatch.setattr(reporting, "export_review", broken_export)
    assert selftest.run_self_test(tmp_path / "check") == 1
    line = check_lines(capsys.readouterr().out)["workbook and PDF"]
    assert line.startswith("FAILED: ") and ("zip" in line.lower() or "workbook" in line.lower())


def test_new_database_is_migrated_to_the_latest_revision(tmp_path, capsys, real_translations):
    from safeonline_desktop.storage.migrate import head_revision

    assert selftest.run_self_test(tmp_path / "check") == 0
    capsys.readouterr()
    db = tmp_path / "check" / "self-test" / "workspace" / "workspace.sqlite3"
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone()[0] == head_revision(
            paths.migrations_dir())
