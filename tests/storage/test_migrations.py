"""Start-up of the workspace database: migrations, backups, refusals that leave files untouched."""

from __future__ import annotations

import contextlib
import hashlib
import shutil
import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory

from safeonline_desktop import paths
from safeonline_desktop.errors import DatabaseCorruptError, DatabaseTooNewError
from safeonline_desktop.services import open_services
from safeonline_desktop.storage.engine import make_engine
from safeonline_desktop.storage.migrate import _alembic_config, current_revision, head_revision, open_workspace
from safeonline_desktop.storage.models import Base

pytestmark = pytest.mark.migration
GOLDEN = Path(__file__).parent.parent / "data" / "db"


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_exactly_one_head():
    script = ScriptDirectory.from_config(_alembic_config(paths.migrations_dir()))
    assert len(script.get_heads()) == 1


def test_empty_database_upgrades_to_head_and_matches_the_models(tmp_path):
    data = paths.DataPaths(tmp_path)
    workspace, outcome = open_workspace(data, paths.migrations_dir())
    workspace.close()
    assert outcome.previous_revision is None
    assert outcome.revision == head_revision(paths.migrations_dir())
    engine = make_engine(data.database)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    engine.dispose()
    assert diff == []


def test_new_database_is_private_and_durable(tmp_path):
    data = paths.DataPaths(tmp_path / "d")
    workspace, _ = open_workspace(data, paths.migrations_dir())
    with workspace.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    workspace.close()
    assert data.database.stat().st_mode & 0o077 == 0
    assert data.root.stat().st_mode & 0o077 == 0


@pytest.mark.parametrize("golden", sorted(GOLDEN.glob("workspace-*.sqlite3")), ids=lambda p: p.name)
def test_golden_database_of_each_released_schema_upgrades_with_its_rows(golden, tmp_path, catalog):
    data = paths.DataPaths(tmp_path)
    data.root.mkdir(exist_ok=True)
    shutil.copyfile(golden, data.database)
    before = _sha(data.database)
    old_revision = current_revision(data.database)
    services = open_services(data.root, catalog=catalog)
    try:
        assert services.startup.previous_revision == old_revision
        assert services.startup.revision == head_revision(paths.migrations_dir())
        # The backup taken before the upgrade is the untouched old file, content-wise.
        assert services.startup.backup is not None
        assert current_revision(services.startup.backup) == old_revision
        reviews = services.reviews.list(include_archived=True)
        assert {e.review.title for e in reviews} >= {"Golden review: Ghana 2025"}
        golden_review = next(e.review for e in reviews if e.review.title == "Golden review: Ghana 2025")
        assessments = services.assessments.all(golden_review.id)
        assert assessments["MNR.C01"].status == "partly_in_place"
        assert assessments["MNR.C01"].rationale.startswith("A national council")
        assert "مرحبا" in assessments["MNR.C03"].notes
        evidence = services.evidence.list(golden_review.id)
        assert evidence and evidence[0].item_ids
        assert services.planning.recommendations(golden_review.id)[0].lead_actor == "Ministry of Gender"
        assert services.planning.actions(golden_review.id)
        assert services.audit.entries(golden_review.id)
    finally:
        services.close()
    assert before != _sha(data.database) or old_revision == head_revision(paths.migrations_dir())


def test_database_from_a_newer_version_is_refused_and_untouched(tmp_path):
    data = paths.DataPaths(tmp_path)
    workspace, _ = open_workspace(data, paths.migrations_dir())
    workspace.close()
    with contextlib.closing(sqlite3.connect(data.database)) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
        conn.commit()
    before = _sha(data.database)
    backups_before = sorted(data.backups.glob("*")) if data.backups.exists() else []
    with pytest.raises(DatabaseTooNewError, match="newer version"):
        open_workspace(data, paths.migrations_dir())
    assert _sha(data.database) == before
    assert (sorted(data.backups.glob("*")) if data.backups.exists() else []) == backups_before


def test_file_that_is_not_sqlite_is_refused_untouched(tmp_path):
    data = paths.DataPaths(tmp_path)
    data.database.write_bytes(b"this is a spreadsheet, not a database" * 100)
    before = _sha(data.database)
    with pytest.raises(DatabaseCorruptError) as err:
        open_workspace(data, paths.migrations_dir())
    assert "not a SQLite database" in str(err.value)
    assert err.value.latest_backup is None
    assert _sha(data.database) == before


def test_corrupt_database_offers_the_latest_backup_and_is_never_overwritten(tmp_path, catalog):
    data = paths.DataPaths(tmp_path)
    services = open_services(data.root, catalog=catalog)
    services.reviews.create(country_code="PE", title="Peru")
    services.close()
    services = open_services(data.root, catalog=catalog)  # takes a backup holding the review
    services.close()
    raw = bytearray(data.database.read_bytes())
    raw[100:4096] = b"\xff" * (4096 - 100)  # wipe the schema page after the header
    data.database.write_bytes(bytes(raw))
    for side in ("-wal", "-shm"):
        Path(str(data.database) + side).unlink(missing_ok=True)
    before = _sha(data.database)
    with pytest.raises(DatabaseCorruptError) as err:
        open_workspace(data, paths.migrations_dir())
    assert err.value.latest_backup
    assert _sha(data.database) == before

    from safeonline_desktop.storage.backup import restore_backup

    kept = restore_backup(Path(err.value.latest_backup), data.database)
    assert kept is not None and _sha(kept) == before  # the damaged file is kept
    services = open_services(data.root, catalog=catalog)
    assert [e.review.title for e in services.reviews.list()] == ["Peru"]
    services.close()


def test_backups_are_thinned_to_the_last_few(tmp_path, catalog):
    from safeonline_desktop.storage.backup import KEEP_BACKUPS, list_backups

    data = paths.DataPaths(tmp_path)
    for _ in range(KEEP_BACKUPS + 3):
        open_services(data.root, catalog=catalog).close()
    assert len(list_backups(data.backups)) == KEEP_BACKUPS
