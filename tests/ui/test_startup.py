"""Start-up dialogs: a damaged, foreign or newer database and broken content are explained,
the file is never overwritten, and a damaged database can be restored from its backup."""

from __future__ import annotations

import contextlib
import hashlib
import sqlite3
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from safeonline_desktop import paths
from safeonline_desktop.errors import ContentError
from safeonline_desktop.services import open_services
from safeonline_desktop.ui import application

pytestmark = pytest.mark.gui


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def dialogs(monkeypatch):
    shown: list[tuple[str, str]] = []
    answers: list[QMessageBox.StandardButton] = []

    def critical(parent, title, text, *a, **k):
        shown.append(("critical", text))
        return QMessageBox.StandardButton.Ok

    def question(parent, title, text, *a, **k):
        shown.append(("question", text))
        return answers.pop(0)

    monkeypatch.setattr(application.QMessageBox, "critical", critical)
    monkeypatch.setattr(application.QMessageBox, "question", question)
    return shown, answers


def _damaged_workspace_with_backup(root: Path, catalog) -> paths.DataPaths:
    data = paths.DataPaths(root)
    services = open_services(root, catalog=catalog)
    services.reviews.create(country_code="UG", title="Uganda 2026")
    services.close()
    open_services(root, catalog=catalog).close()  # start-up backup now holds the review
    raw = bytearray(data.database.read_bytes())
    raw[100:4096] = b"\x00" * (4096 - 100)
    data.database.write_bytes(bytes(raw))
    for side in ("-wal", "-shm"):
        Path(str(data.database) + side).unlink(missing_ok=True)
    return data


def test_damaged_database_is_restored_from_the_backup_when_the_user_agrees(qtbot, tmp_path, catalog, dialogs):
    shown, answers = dialogs
    data = _damaged_workspace_with_backup(tmp_path / "d", catalog)
    damaged = _sha(data.database)
    answers.append(QMessageBox.StandardButton.Yes)
    services = application.start_services(data)
    try:
        assert services is not None
        assert [e.review.title for e in services.reviews.list()] == ["Uganda 2026"]
    finally:
        services.close()
    assert shown[0][0] == "question" and "Restore the latest backup" in shown[0][1]
    kept = [p for p in data.root.iterdir() if p.name.startswith("workspace.sqlite3.replaced-")
            and not p.name.endswith(("-wal", "-shm"))]
    assert len(kept) == 1 and _sha(kept[0]) == damaged


def test_damaged_database_is_left_alone_when_the_user_declines(qtbot, tmp_path, catalog, dialogs):
    shown, answers = dialogs
    data = _damaged_workspace_with_backup(tmp_path / "d", catalog)
    before = _sha(data.database)
    answers.append(QMessageBox.StandardButton.No)
    assert application.start_services(data) is None
    assert _sha(data.database) == before


def test_a_file_that_is_not_a_database_and_has_no_backup_is_explained(qtbot, tmp_path, dialogs):
    shown, _ = dialogs
    data = paths.DataPaths(tmp_path)
    data.database.write_bytes(b"PK\x03\x04 this is a zip, not a database" * 50)
    before = _sha(data.database)
    assert application.start_services(data) is None
    assert shown[0][0] == "critical" and "no backup was found" in shown[0][1]
    assert _sha(data.database) == before


def test_a_database_from_a_newer_version_is_refused_untouched(qtbot, tmp_path, catalog, dialogs):
    shown, _ = dialogs
    data = paths.DataPaths(tmp_path)
    open_services(tmp_path, catalog=catalog).close()
    with contextlib.closing(sqlite3.connect(data.database)) as conn:
        conn.execute("UPDATE alembic_version SET version_num = 'ffff_newer'")
        conn.commit()
    before = _sha(data.database)
    assert application.start_services(data) is None
    assert "newer version" in shown[0][1]
    assert _sha(data.database) == before


def test_broken_content_stops_before_the_database_is_touched(qtbot, tmp_path, dialogs, monkeypatch):
    shown, _ = dialogs

    def broken(*_a, **_k):
        raise ContentError("resources/packs/mnr/items/d1.yaml", "items[0].name", "'fr' is a required property")

    monkeypatch.setattr("safeonline_desktop.services.load_content", broken)
    data = paths.DataPaths(tmp_path / "fresh")
    assert application.start_services(data) is None
    assert "d1.yaml" in shown[0][1] and "items[0].name" in shown[0][1]
    assert not data.database.exists()
