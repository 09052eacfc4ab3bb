"""Nothing lost: a process killed right after a service call returns keeps the change, and a
full disk or an unwritable folder gives a clear error and leaves the database as it was."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from sqlalchemy import event

from safeonline_desktop.errors import DataFolderError, StorageError
from safeonline_desktop.services import open_services

CHILD = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from safeonline_desktop.services import open_services

    services = open_services(Path(sys.argv[1]))
    review = services.reviews.create(country_code="KE", title="Killed mid-session")
    for n, item in enumerate(["MNR.C01", "MNR.C02", "MNR.C03"]):
        services.assessments.record(review.id, item, status="planned", rationale=f"note {n} \u0645\u0631\u062d\u0628\u0627")
    services.evidence.add(review.id, title="Minutes", evidence_type="minutes", item_ids=["MNR.C01"])
    print("SAVED", review.id, flush=True)
    sys.stdin.read()   # wait to be killed, connection open, nothing closed or checkpointed
    """
)


def test_sigkill_right_after_a_service_call_loses_nothing(tmp_path, catalog):
    data = tmp_path / "data"
    proc = subprocess.Popen([sys.executable, "-c", CHILD, str(data)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            text=True)
    try:
        line = proc.stdout.readline()
        assert line.startswith("SAVED"), line
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == -signal.SIGKILL
    review_id = int(line.split()[1])
    services = open_services(data, catalog=catalog)
    try:
        got = services.assessments.all(review_id)
        assert {k: a.rationale for k, a in got.items()} == {
            "MNR.C01": "note 0 مرحبا", "MNR.C02": "note 1 مرحبا", "MNR.C03": "note 2 مرحبا"}
        assert [e.title for e in services.evidence.list(review_id)] == ["Minutes"]
    finally:
        services.close()


def _dump(services) -> list[tuple]:
    with services.ctx.workspace.engine.connect() as conn:
        raw = conn.connection.dbapi_connection
        return list(raw.iterdump())


def test_full_disk_gives_a_clear_error_and_keeps_the_database_as_it_was(services, review):
    services.assessments.record(review.id, "MNR.C01", rationale="before")
    before = _dump(services)

    # Simulate a full disk: SQLite answers SQLITE_FULL once the file may not grow further.
    @event.listens_for(services.ctx.workspace.engine, "connect")
    def _cap(dbapi_conn, _):
        dbapi_conn.execute("PRAGMA max_page_count=1")

    services.ctx.workspace.engine.dispose()
    with pytest.raises(StorageError, match="disk is full"):
        services.assessments.record(review.id, "MNR.C01", rationale="x" * 500_000)
    event.remove(services.ctx.workspace.engine, "connect", _cap)
    services.ctx.workspace.engine.dispose()
    assert _dump(services) == before
    assert services.assessments.get(review.id, "MNR.C01").rationale == "before"


def test_data_folder_that_cannot_be_created_is_a_clear_error(tmp_path, catalog):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    with pytest.raises(DataFolderError, match="cannot be created"):
        open_services(blocker / "data", catalog=catalog)


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root can write to read-only folders")
def test_read_only_data_folder_is_a_clear_error(tmp_path, catalog):
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(DataFolderError, match="cannot be written"):
            open_services(folder, catalog=catalog)
    finally:
        folder.chmod(0o700)


def test_read_only_error_words(tmp_path, catalog, monkeypatch):
    """Whatever the user (root or not), a read-only failure reads as such."""
    import errno

    from safeonline_desktop.storage import engine as engine_mod

    real_open = open

    def fake_open(path, *args, **kwargs):
        if Path(path).name.startswith(".write-test-"):
            raise OSError(errno.EROFS, "Read-only file system")
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr("builtins.open", fake_open)
    with pytest.raises(DataFolderError, match="read-only"):
        engine_mod.ensure_private_dir(tmp_path / "x")


def test_evidence_file_on_a_full_disk_leaves_no_row(services, review, tmp_path, monkeypatch):
    import errno

    f = tmp_path / "big.pdf"
    f.write_bytes(b"%PDF" * 1000)

    def no_space(*_a, **_k):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("safeonline_desktop.storage.files.os.fsync", no_space)
    with pytest.raises(DataFolderError, match="disk is full"):
        services.evidence.add(review.id, title="Big", file=f)
    assert services.evidence.list(review.id) == []
    assert not any(p.name.startswith(".incoming-") for p in services.ctx.files.root.rglob("*"))
