"""The `safeonline` command, run as a user would (a real process for the key paths)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from safeonline_desktop.cli import main


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_demo_then_list_and_show_as_json(tmp_path, capsys):
    d = str(tmp_path)
    code, out, _ = run(capsys, "--data-dir", d, "demo", "--json")
    assert code == 0
    demo = json.loads(out)["review"]
    code, out, _ = run(capsys, "review", "list", "--data-dir", d, "--json")
    assert code == 0
    [listed] = json.loads(out)["reviews"]
    assert listed["id"] == demo["id"] and listed["items_rated"] > 0
    code, out, _ = run(capsys, "review", "show", str(demo["id"]), "--data-dir", d, "--json")
    shown = json.loads(out)["review"]
    assert shown["country_code"] == "ZZ"
    assert {dm["id"] for dm in shown["domains"]} >= {"MNR.D1", "MNR.D6", "BBC.D1"}
    assert shown["evidence"] > 0 and shown["recommendations"] > 0
    code, out, _ = run(capsys, "review", "show", str(demo["id"]), "--data-dir", d)
    assert "Progress:" in out and "MNR.D1" in out


def test_create_list_rename_archive_duplicate_delete(tmp_path, capsys):
    d = str(tmp_path)
    code, out, _ = run(capsys, "--data-dir", d, "review", "create", "--country", "pe", "--title", "Perú 2026",
                       "--framework", "mnr", "--period-start", "2026-01-01", "--json")
    assert code == 0
    rid = json.loads(out)["review"]["id"]
    assert json.loads(out)["review"]["frameworks"] == [{"id": "mnr", "version": "2016.1"}]
    assert run(capsys, "--data-dir", d, "review", "rename", str(rid), "Peru review")[0] == 0
    code, out, _ = run(capsys, "--data-dir", d, "review", "duplicate", str(rid), "--json")
    copy_id = json.loads(out)["review"]["id"]
    assert run(capsys, "--data-dir", d, "review", "archive", str(copy_id))[0] == 0
    code, out, _ = run(capsys, "--data-dir", d, "review", "list")
    assert "Peru review" in out and "(copy)" not in out
    code, out, _ = run(capsys, "--data-dir", d, "review", "list", "--all")
    assert "[archived]" in out
    code, _, err = run(capsys, "--data-dir", d, "review", "delete", str(rid))
    assert code == 1 and "--yes" in err
    assert run(capsys, "--data-dir", d, "review", "delete", str(rid), "--yes")[0] == 0


def test_frameworks_lists_both_packs(capsys):
    code, out, _ = run(capsys, "frameworks", "--json")
    data = json.loads(out)
    assert [f["id"] for f in data["frameworks"]] == ["mnr", "bbc2019"]
    code, out, _ = run(capsys, "frameworks", "--lang", "es")
    assert "Liderazgo" in out and "paráfrasis" in out


@pytest.mark.parametrize("args, fragment", [
    (["review", "show", "999"], "does not exist"),
    (["review", "show", "abc"], "is a number"),
    (["review", "create", "--country", "QQ", "--title", "x"], "ISO 3166"),
    (["review", "create", "--country", "KE", "--title", "x", "--period-start", "May"], "YYYY-MM-DD"),
])
def test_errors_are_one_line_on_stderr_and_non_zero(tmp_path, capsys, args, fragment):
    code, out, err = run(capsys, "--data-dir", str(tmp_path), *args)
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and fragment in err and "Traceback" not in err


def test_db_check_backup_and_restore(tmp_path, capsys):
    d = str(tmp_path)
    run(capsys, "--data-dir", d, "review", "create", "--country", "KE", "--title", "K")
    code, out, _ = run(capsys, "--data-dir", d, "db", "check", "--json")
    report = json.loads(out)
    assert code == 0 and report["problems"] == [] and report["revision"] == report["supported_revision"]
    code, out, _ = run(capsys, "--data-dir", d, "db", "backup", "--json")
    backup = Path(json.loads(out)["backup"])
    assert backup.exists()
    run(capsys, "--data-dir", d, "review", "create", "--country", "PE", "--title", "P")
    assert run(capsys, "--data-dir", d, "db", "restore", str(backup), "--yes")[0] == 0
    code, out, _ = run(capsys, "--data-dir", d, "review", "list", "--json")
    assert [r["title"] for r in json.loads(out)["reviews"]] == ["K"]


def test_corrupt_database_is_reported_in_one_line_and_kept(tmp_path, capsys):
    (tmp_path / "workspace.sqlite3").write_bytes(b"garbage" * 1000)
    code, _, err = run(capsys, "--data-dir", str(tmp_path), "review", "list")
    assert code == 1 and "cannot be read" in err and err.count("\n") == 1
    assert (tmp_path / "workspace.sqlite3").read_bytes() == b"garbage" * 1000
    code, out, _ = run(capsys, "--data-dir", str(tmp_path), "db", "check")
    assert code == 1 and "Integrity check failed" in out


def test_real_process_uses_the_environment_data_dir_and_prints_no_traceback(tmp_path):
    env = dict(os.environ, SAFEONLINE_DATA_DIR=str(tmp_path))
    ok = subprocess.run([sys.executable, "-m", "safeonline_desktop.cli", "review", "create", "--country", "KE",
                         "--title", "Env", "--json"], env=env, capture_output=True, text=True, timeout=120)
    assert ok.returncode == 0, ok.stderr
    assert (tmp_path / "workspace.sqlite3").exists()
    bad = subprocess.run([sys.executable, "-m", "safeonline_desktop.cli", "review", "show", "77"], env=env,
                         capture_output=True, text=True, timeout=120)
    assert bad.returncode == 1 and "Traceback" not in bad.stderr and bad.stderr.strip().startswith("safeonline: error:")


def test_db_check_names_missing_and_damaged_files(tmp_path, capsys):
    from safeonline_desktop.services import open_services

    services = open_services(tmp_path)
    review = services.reviews.create(country_code="KE", title="Kenya")
    for name, text in (("law.txt", "law"), ("minutes.txt", "minutes")):
        f = tmp_path / name
        f.write_text(text)
        services.evidence.add(review.id, title=name, file=f)
    law, minutes = services.evidence.list(review.id)
    services.close()
    services_files = tmp_path / "evidence"
    (services_files / law.file_sha256[:2] / law.file_sha256).unlink()
    (services_files / minutes.file_sha256[:2] / minutes.file_sha256).write_text("changed")
    code, out, _ = run(capsys, "--data-dir", str(tmp_path), "db", "check")
    assert code == 1
    assert "missing" in out and "law.txt" in out and "checksum" in out and "minutes.txt" in out
