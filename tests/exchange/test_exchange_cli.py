"""`safeonline pack export/import/label` and `safeonline compare` from the command line."""

from __future__ import annotations

import json
import shutil

import openpyxl
import pytest
from exchange_helpers import read_entries

from safeonline_desktop import cli
from safeonline_desktop.exchange import container


@pytest.fixture
def folders(templates, tmp_path):
    laptop = tmp_path / "laptop"
    hq = tmp_path / "hq"
    shutil.copytree(templates.laptop, laptop)
    shutil.copytree(templates.hq, hq)
    return laptop, hq


def run(capsys, *argv) -> tuple[int, str, str]:
    code = cli.main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_export_encrypted_and_redacted_then_import_a_batch(folders, tmp_path, capsys, templates):
    laptop, hq = folders
    secret = tmp_path / "passphrase.txt"
    secret.write_text("a long enough passphrase\n", encoding="utf-8")
    target = tmp_path / "aravia.safeonline"

    code, out, _ = run(capsys, "pack", "export", "1", "-o", target, "--passphrase-file", secret, "--redact",
                       "--data-dir", laptop, "--json")
    assert code == 0
    report = json.loads(out)
    assert report["encrypted"] and report["redacted"] and report["file"] == str(target)
    assert target.read_bytes().startswith(container.ENCRYPTED_MAGIC)

    junk = tmp_path / "junk.safeonline"
    junk.write_bytes(b"not a review file")
    code, out, _ = run(capsys, "pack", "import", target, junk, "--passphrase-file", secret, "--dry-run",
                       "--data-dir", hq, "--json")
    assert code == 1  # one of the two was refused
    report = json.loads(out)
    assert report["dry_run"] and report["refused"] == 1
    good, bad = report["files"]
    assert good["status"] == "dry_run" and good["action"] == "new" and good["redacted"]
    assert good["counts"]["assessments"]["added"] > 0
    assert bad["status"] == "refused" and "not a SafeOnline review file" in bad["error"]

    code, out, _ = run(capsys, "pack", "import", target, templates.demo_file, junk, "--passphrase-file", secret,
                       "--data-dir", hq)
    assert code == 1
    assert "IMPORTED  aravia.safeonline: new review" in out
    assert "IMPORTED  demo.safeonline: merged into review" in out
    assert "REFUSED   junk.safeonline" in out
    code, out, _ = run(capsys, "review", "list", "--data-dir", hq, "--json")
    titles = sorted(r["title"] for r in json.loads(out)["reviews"])
    assert titles == ["Demonstration review: Republic of Aravia (fictional)", "Kenya 2025"]


def test_import_with_conflicts_needs_a_choice(folders, tmp_path, capsys, templates):
    laptop, hq = folders
    run(capsys, "pack", "import", templates.demo_file, "--data-dir", hq)
    run(capsys, "review", "list", "--data-dir", hq)
    # Both sides change the same item.
    from safeonline_desktop.services import open_services

    for folder, status in ((hq, "embedded"), (laptop, "not_in_place")):
        svc = open_services(folder, backup_on_start=False)
        try:
            rid = next(e.review.id for e in svc.reviews.list() if e.review.country_code == "ZZ")
            svc.assessments.record(rid, "MNR.C01", status=status)
        finally:
            svc.close()
    newer = tmp_path / "newer.safeonline"
    assert run(capsys, "pack", "export", "1", "-o", newer, "--data-dir", laptop)[0] == 0
    code, out, _ = run(capsys, "pack", "import", newer, "--data-dir", hq)
    assert code == 1 and "need a choice" in out
    code, out, _ = run(capsys, "pack", "import", newer, "--conflicts", "theirs", "--data-dir", hq)
    assert code == 0 and "merged into review" in out
    code, out, _ = run(capsys, "review", "show", "2", "--data-dir", hq, "--json")
    assert json.loads(out)["review"]["country_code"] == "ZZ"


def test_label_is_used_in_exported_files(folders, tmp_path, capsys):
    laptop, _ = folders
    code, out, _ = run(capsys, "pack", "label", "--data-dir", laptop)
    assert code == 0 and "laptop-" in out
    code, out, _ = run(capsys, "pack", "label", "Field laptop 2", "--data-dir", laptop, "--json")
    assert json.loads(out)["label"] == "Field laptop 2"
    target = tmp_path / "labelled.safeonline"
    run(capsys, "pack", "export", "1", "-o", target, "--data-dir", laptop)
    assert json.loads(read_entries(target)[container.MANIFEST])["source_label"] == "Field laptop 2"
    code, _, err = run(capsys, "pack", "label", "   ", "--data-dir", laptop)
    assert code == 1 and "cannot be empty" in err


def test_export_errors_are_one_line(folders, tmp_path, capsys):
    laptop, _ = folders
    short = tmp_path / "short.txt"
    short.write_text("short\n", encoding="utf-8")
    code, _, err = run(capsys, "pack", "export", "1", "-o", tmp_path / "x.safeonline", "--passphrase-file", short,
                       "--data-dir", laptop)
    assert code == 1 and err.startswith("safeonline: error:") and "at least 8 characters" in err
    code, _, err = run(capsys, "pack", "export", "99", "-o", tmp_path / "x.safeonline", "--data-dir", laptop)
    assert code == 1 and "does not exist" in err
    code, _, err = run(capsys, "pack", "export", "1", "-o", tmp_path / "x.safeonline", "--passphrase-file",
                       tmp_path / "missing.txt", "--data-dir", laptop)
    assert code == 1 and "cannot be read" in err
    assert not (tmp_path / "x.safeonline").exists()


def test_compare_prints_a_table_and_writes_the_workbook(folders, tmp_path, capsys, templates):
    _, hq = folders
    run(capsys, "pack", "import", templates.demo_file, "--data-dir", hq)
    target = tmp_path / "comparison.xlsx"
    code, out, _ = run(capsys, "compare", "--xlsx", target, "--framework", "mnr", "--data-dir", hq)
    assert code == 0
    assert "C01" in out and "KE · Kenya 2025" in out and "No scores" in out
    wb = openpyxl.load_workbook(target)
    assert wb.worksheets[0]["D5"].value == "C01"
    code, out, _ = run(capsys, "compare", "--domain", "MNR.D1", "--data-dir", hq, "--json")
    data = json.loads(out)
    assert data["items"] == ["MNR.C01", "MNR.C02", "MNR.C03"]
    aravia = next(r for r in data["reviews"] if r["country_code"] == "ZZ")
    assert aravia["statuses"]["MNR.C01"] == "partly_in_place"
    code, _, err = run(capsys, "compare", "--framework", "nist", "--data-dir", hq)
    assert code == 1 and "Unknown framework" in err
