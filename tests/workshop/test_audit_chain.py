"""The hash-chained audit trail: intact after real use, and an edited, deleted or truncated
entry is caught -- by editing the SQLite file directly, as someone tampering would."""

from __future__ import annotations

import contextlib
import json
import shutil
import sqlite3
import threading
from pathlib import Path

import pytest

from safeonline_desktop import paths
from safeonline_desktop.cli import main
from safeonline_desktop.errors import StorageError
from safeonline_desktop.services import open_services
from safeonline_desktop.services.context import Actor
from safeonline_desktop.storage.audit import GENESIS, verify_database

GOLDEN = Path(__file__).resolve().parents[1] / "data" / "db"


@pytest.fixture
def used(services, review):
    """A workspace after a little real work."""
    rid = review.id
    p = services.participants.add(rid, name="Ruth Police", organisation="National Police", sector="police")
    services.assessments.record(rid, "MNR.C01", status="planned", notes="Sensitive: مرحبا 🙂")
    services.workshop.propose(rid, "MNR.C01", status="in_place", participant_id=p.id)
    services.workshop.agree(rid, "MNR.C01", status="partly_in_place")
    services.evidence.add(rid, title="Act 12", item_ids=["MNR.C01"])
    services.assessments.record(rid, "MNR.C02", status="in_place")
    services.close()
    return services.data.database


def _sql(db: Path, statement: str, *params) -> None:
    with contextlib.closing(sqlite3.connect(db)) as conn:
        conn.execute(statement, params)
        conn.commit()


def _ids(db: Path) -> list[int]:
    with contextlib.closing(sqlite3.connect(db)) as conn:
        return [r[0] for r in conn.execute("SELECT id FROM audit_log ORDER BY id")]


def test_chain_is_intact_after_real_use(used):
    report = verify_database(used)
    assert report.ok and report.entries == len(_ids(used)) >= 7
    with contextlib.closing(sqlite3.connect(used)) as conn:
        rows = conn.execute("SELECT prev_hash, hash FROM audit_log ORDER BY id").fetchall()
    assert rows[0][0] == GENESIS
    assert all(rows[n][0] == rows[n - 1][1] for n in range(1, len(rows)))
    assert report.head_hash == rows[-1][1]


@pytest.mark.parametrize("column, value", [
    ("actor", "Someone else"),
    ("after", json.dumps({"status": "embedded"})),
    ("at", "2020-01-01 00:00:00.000000"),
    ("action", "assessment.view"),
])
def test_an_edited_entry_is_caught_at_its_id(used, column, value):
    target = _ids(used)[3]
    _sql(used, f"UPDATE audit_log SET {column} = ? WHERE id = ?", value, target)
    report = verify_database(used)
    assert not report.ok and report.broken_id == target and report.kind == "edited"


def test_an_edited_entry_with_a_recomputed_hash_is_caught_at_the_next(used):
    from safeonline_desktop.storage.audit import entry_hash

    ids = _ids(used)
    target = ids[2]
    with contextlib.closing(sqlite3.connect(used)) as conn:
        conn.row_factory = sqlite3.Row
        conn.execute("UPDATE audit_log SET actor = 'Forger' WHERE id = ?", (target,))
        row = dict(conn.execute("SELECT * FROM audit_log WHERE id = ?", (target,)).fetchone())
        conn.execute("UPDATE audit_log SET hash = ? WHERE id = ?", (entry_hash(row, row["prev_hash"]), target))
        conn.commit()
    report = verify_database(used)
    assert report.broken_id == ids[3] and report.kind == "gap"


def test_a_deleted_entry_is_caught(used):
    ids = _ids(used)
    _sql(used, "DELETE FROM audit_log WHERE id = ?", ids[4])
    report = verify_database(used)
    assert not report.ok and report.broken_id == ids[5] and report.kind == "gap"
    assert f"entry {ids[5]} does not follow entry {ids[3]}" in report.problem


def test_deleting_the_first_or_the_newest_entries_is_caught(used, tmp_path):
    copy = tmp_path / "copy.sqlite3"
    shutil.copyfile(used, copy)
    ids = _ids(used)
    _sql(used, "DELETE FROM audit_log WHERE id = ?", ids[0])
    assert verify_database(used).broken_id == ids[1]
    _sql(copy, "DELETE FROM audit_log WHERE id >= ?", ids[-2])
    report = verify_database(copy)
    assert report.kind == "truncated" and report.broken_id == ids[-1]


def test_new_entries_after_a_deletion_do_not_hide_it(used, catalog):
    ids = _ids(used)
    _sql(used, "DELETE FROM audit_log WHERE id = ?", ids[-1])  # the newest: its id will be reused
    services = open_services(used.parent, catalog=catalog, actor=Actor("Tester"))
    try:
        [review] = services.reviews.list()
        services.assessments.record(review.review.id, "MNR.C03", status="planned")
    finally:
        services.close()
    report = verify_database(used)
    assert not report.ok and report.broken_id == ids[-1]


def test_the_cli_command_reports_intact_and_broken_chains(used, capsys):
    data_dir = str(used.parent)
    assert main(["db", "verify-audit", "--data-dir", data_dir]) == 0
    out = capsys.readouterr().out
    assert "chain intact" in out and "Head hash:" in out
    target = _ids(used)[1]
    _sql(used, "UPDATE audit_log SET before = ? WHERE id = ?", json.dumps({"status": "in_place"}), target)
    assert main(["db", "verify-audit", "--data-dir", data_dir, "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["ok"] is False and report["broken_id"] == target and report["kind"] == "edited"
    assert main(["db", "verify-audit", "--file", str(used.parent / "nothing.sqlite3")]) == 1
    assert "There is no database" in capsys.readouterr().err


def test_verify_audit_refuses_an_unchained_0001_file_and_checks_backups(tmp_path, capsys):
    old = tmp_path / "old.sqlite3"
    shutil.copyfile(GOLDEN / "workspace-0001.sqlite3", old)
    assert main(["db", "verify-audit", "--file", str(old)]) == 1
    assert "before the audit trail was hash-chained" in capsys.readouterr().err


@pytest.mark.parametrize("golden", sorted(GOLDEN.glob("workspace-*.sqlite3")), ids=lambda p: p.name)
def test_every_golden_workspace_opens_with_an_intact_chain(golden, tmp_path, catalog):
    """Old entries are chained during the upgrade from 0001; later goldens were written chained."""
    data = paths.DataPaths(tmp_path)
    shutil.copyfile(golden, data.database)
    with contextlib.closing(sqlite3.connect(data.database)) as conn:
        old_entries = conn.execute("SELECT id, actor, action, before, after FROM audit_log ORDER BY id").fetchall()
    services = open_services(tmp_path, catalog=catalog)
    try:
        report = verify_database(data.database)
        assert report.ok and report.entries == len(old_entries) > 0
        [golden_review] = [e for e in services.reviews.list() if e.review.title.startswith("Golden review")]
        services.assessments.record(golden_review.review.id, "MNR.C02", status="planned")
    finally:
        services.close()
    assert verify_database(data.database).ok
    assert verify_database(data.database).entries == len(old_entries) + 1
    with contextlib.closing(sqlite3.connect(data.database)) as conn:
        kept = conn.execute("SELECT id, actor, action, before, after FROM audit_log ORDER BY id").fetchall()
    assert kept[: len(old_entries)] == old_entries


def test_two_programs_writing_at_once_never_fork_the_chain(services, review, catalog):
    """The GUI and a script on the same workspace: each entry chains onto the one committed
    before it, because the head is read only after the write lock is taken."""
    other = open_services(services.data.root, catalog=catalog, actor=Actor("Script"), backup_on_start=False)
    errors: list[BaseException] = []

    def work(svc, item_ids):
        for item in item_ids:
            for _attempt in range(50):
                try:
                    svc.assessments.record(review.id, item, rationale=f"by {svc.ctx.actor.name}")
                    break
                except StorageError:  # busy: the other program holds the lock; try again
                    continue
            else:
                errors.append(RuntimeError(f"{item} never saved"))

    items = [i.id for i in catalog.framework("mnr").items]
    threads = [threading.Thread(target=work, args=(services, items[:10])),
               threading.Thread(target=work, args=(other, items[10:20]))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    other.close()
    assert not errors
    report = verify_database(services.data.database)
    assert report.ok, report.problem
    assert report.entries == 1 + 20  # review.create + one entry per saved item
