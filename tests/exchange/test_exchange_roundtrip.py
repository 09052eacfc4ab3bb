"""A review exported and imported into an empty data folder comes back whole: every field of
every table that belongs to it, and every evidence file byte for byte."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import sqlite3
import zipfile
from pathlib import Path

import pytest
from exchange_helpers import exchange, read_entries

from safeonline_desktop.exchange import container, spec
from safeonline_desktop.storage.models import Base

ODD = "Ελληνικά · русский · العربية · 中文 · हिन्दी · 🧒🏽👩‍💻 · \x07\x1b\t\r\n · \x00 · \u200f RTL mark · 'quotes\" <tags> & =SUM(A1)"
LONG = ("Nota larga con acentos — " + ODD + " ") * 200
LONG = LONG[:20_000]

#: Columns that are this laptop's own business, not the review's content.
LOCAL_COLUMNS = {"reviews": {"origin"}, "audit_log": {"prev_hash", "hash"}}


def review_rows(database: Path, uid: str) -> dict[str, list[dict]]:
    """Everything in ``database`` that belongs to review ``uid``, with row ids replaced by uids.

    Works from the table definitions, so a table or column added later is compared too.
    """
    out: dict[str, list[dict]] = {}
    with contextlib.closing(sqlite3.connect(f"file:{database}?mode=ro", uri=True)) as conn:
        conn.row_factory = sqlite3.Row
        existing = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        review_id = conn.execute("SELECT id FROM reviews WHERE uid = ?", (uid,)).fetchone()[0]
        uids: dict[str, dict[int, str]] = {}
        ids_in_review: dict[str, set[int]] = {"reviews": {review_id}}
        for table in Base.metadata.sorted_tables:
            if table.name not in existing or table.name in spec.NOT_CARRIED:
                continue
            cols = table.c
            if table.name == "reviews":
                rows = conn.execute("SELECT * FROM reviews WHERE id = ?", (review_id,)).fetchall()
            elif table.name == "audit_log":
                rows = conn.execute("SELECT * FROM audit_log WHERE review_uid = ?", (uid,)).fetchall()
            elif "review_id" in cols:
                rows = conn.execute(f'SELECT * FROM "{table.name}" WHERE review_id = ?', (review_id,)).fetchall()
            else:
                parents = [fk for fk in table.foreign_keys if fk.column.table.name in ids_in_review]
                if not parents:
                    continue
                fk = parents[0]
                wanted = ids_in_review[fk.column.table.name]
                rows = [r for r in conn.execute(f'SELECT * FROM "{table.name}"') if r[fk.parent.name] in wanted]
            if "id" in cols:
                ids_in_review[table.name] = {r["id"] for r in rows}
                if "uid" in cols:
                    uids[table.name] = {r["id"]: r["uid"] for r in rows}
            converted = []
            for r in rows:
                row = dict(r)
                for fk in table.foreign_keys:
                    name = fk.parent.name
                    target = fk.column.table.name
                    if name == "review_id" or row.get(name) is None:
                        row.pop(name, None) if name == "review_id" else None
                        continue
                    row[name] = ("->", target, uids.get(target, {}).get(row[name], f"id:{row[name]}"))
                row.pop("id", None)
                for local in LOCAL_COLUMNS.get(table.name, ()):
                    row.pop(local, None)
                converted.append(row)
            out[table.name] = sorted(converted, key=lambda d: json.dumps(d, sort_keys=True, default=str))
    return out


def _fill_with_odd_text(services, review_id: int, tmp_path: Path) -> None:
    svc = services
    svc.reviews.update(review_id, title="Revisión — " + ODD[:200], scope=LONG)
    svc.assessments.record(review_id, "MNR.C06", status="not_applicable", rationale=ODD, notes=LONG,
                           confidence="low")
    svc.participants.add(review_id, name="اسم المشارك " + ODD[:40], organisation=ODD, sector="ngo",
                         role="informant", consent_named=False)
    binary = tmp_path / "all-bytes.bin"
    binary.write_bytes(bytes(range(256)) * 300)
    svc.evidence.add(review_id, title=ODD, evidence_type="statistics", citation=LONG, provided_by=ODD,
                     document_date=dt.date(2025, 12, 31), file=binary, item_ids=["MNR.C06", "BBC.A01"])
    svc.planning.add_finding(review_id, statement=LONG, kind="good_practice", item_id="MNR.C06")
    rec = svc.planning.add_recommendation(review_id, text=ODD, lead_actor=ODD, supporting_actors=ODD * 10,
                                          item_ids=["MNR.C06"])
    svc.planning.add_action(review_id, activity=ODD, recommendation_id=rec.id, owner=ODD, indicator=ODD * 10,
                            start_date=dt.date(2026, 7, 1), due_date=dt.date(2027, 6, 30), status="in_progress")
    _fill_workshop(svc, review_id)


def _fill_workshop(svc, review_id: int) -> None:
    """Workshop mode's records: sessions with attendance, attributed notes, proposals, consensus, dissent."""
    people = svc.participants.list(review_id)
    ws = svc.workshop
    session = ws.add_session(review_id, title="Validation " + ODD[:60], kind="validation",
                             held_on=dt.date(2026, 5, 20), location=ODD[:80], notes=LONG,
                             attendee_ids=[people[0].id, people[-1].id])
    ws.add_note(review_id, "MNR.C06", LONG, participant_id=people[-1].id, session_id=session.id)
    ws.propose(review_id, "MNR.C06", status="planned", participant_id=people[0].id, comment=ODD,
               session_id=session.id)
    ws.propose(review_id, "MNR.C06", status="in_place", organisation="Ministère — " + ODD[:30], sector="government")
    ws.set_self_assessment(review_id, "MNR.C06", "in_place", source=ODD[:300])
    ws.agree(review_id, "MNR.C06", status="partly_in_place", session_id=session.id)
    ws.record_dissent(review_id, "MNR.C06", reason=LONG, participant_id=people[1].id, proposed_status="in_place",
                      session_id=session.id)
    evidence = svc.evidence.list(review_id)[0]
    ws.attribute_evidence(evidence.id, people[2].id)


@pytest.fixture
def services(laptop):
    """The source laptop: a copy of a workspace holding the demonstration review."""
    return laptop


@pytest.fixture
def full_review(laptop, tmp_path):
    demo = laptop.reviews.list()[0].review
    _fill_with_odd_text(laptop, demo.id, tmp_path)
    return laptop.reviews.get(demo.id)


@pytest.mark.parametrize("passphrase", [None, "pässphrase with ünïcode ✓"])
def test_export_then_import_into_an_empty_folder_brings_back_everything(services, full_review, make_services,
                                                                        tmp_path, passphrase):
    target = tmp_path / "out" / "review.safeonline"
    summary = exchange(services).export_review(full_review.id, target, passphrase=passphrase)
    assert summary.encrypted is bool(passphrase) and summary.evidence_files >= 5

    fresh = make_services("empty-laptop", "HQ")
    assert fresh.reviews.list() == []
    outcome = exchange(fresh).import_file(target, passphrase=passphrase)
    assert outcome.written and outcome.preview.action == "new"

    before = review_rows(services.data.database, full_review.uid)
    after = review_rows(fresh.data.database, full_review.uid)
    # The importing laptop's log gains exactly one entry: the import itself. (The source's
    # log also gained "review.export" after the file was written, so it is not in the file.)
    exported_audit = [a for a in before.pop("audit_log")
                      if not (a["action"] == "review.export" and json.loads(a["after"])["file"] == target.name)]
    imported_audit = after.pop("audit_log")
    extra = [a for a in imported_audit if a not in exported_audit]
    assert [a["action"] for a in extra] == ["review.import"]
    assert [a for a in imported_audit if a["action"] != "review.import"] == exported_audit
    assert before == after
    # Every kind of row was exercised (so the comparison above is not vacuous).
    for table in Base.metadata.sorted_tables:
        if table.name not in spec.NOT_CARRIED and table.name in before:
            assert before[table.name], table.name
    long_notes = [a for a in after["assessments"] if a["item_id"] == "MNR.C06"][0]["notes"]
    assert long_notes == LONG and len(long_notes) == 20_000

    src_files = {e.file_sha256 for e in services.evidence.list(full_review.id) if e.file_sha256}
    assert src_files == fresh.ctx.files.all_hashes()
    for sha in src_files:
        assert fresh.ctx.files.read_bytes(sha) == services.ctx.files.read_bytes(sha)
        assert fresh.ctx.files.verify(sha)

    imported = fresh.reviews.find_by_uid(full_review.uid)
    assert "file review.safeonline" in imported.origin
    from safeonline_desktop.storage.audit import verify_session

    with fresh.ctx.workspace.read() as s:
        assert verify_session(s).ok  # imported history joined the hash chain properly


def test_file_layout_and_manifest(services, full_review, catalog, tmp_path):
    target = tmp_path / "plain.safeonline"
    exchange(services).export_review(full_review.id, target)
    with zipfile.ZipFile(target) as zf:
        names = zf.namelist()
        for info in zf.infolist():
            assert not info.filename.startswith("/") and ".." not in info.filename
    manifest = json.loads(read_entries(target)[container.MANIFEST])
    assert manifest["format"] == "safeonline-review" and manifest["format_version"] == spec.FORMAT_VERSION
    assert manifest["review_uid"] == full_review.uid
    assert {(p["id"], p["version"]) for p in manifest["packs"]} == {
        (fw.id, fw.version) for fw in catalog.frameworks.values()}
    assert manifest["redacted"] is False and manifest["encryption"] is None
    assert set(manifest["entries"]) == set(names) - {container.MANIFEST}
    assert manifest["source_label"].startswith("laptop-")
    import getpass
    import socket

    # Neither the computer's name nor the login name goes into the file by default.
    manifest_text = read_entries(target)[container.MANIFEST].decode()
    for private in {socket.gethostname(), getpass.getuser()} - {""}:
        assert private not in manifest["source_label"] and private not in manifest["source_id"]
        assert f'"{private}"' not in manifest_text


def test_encrypted_file_hides_everything_but_the_header(services, full_review, tmp_path):
    target = tmp_path / "secret.safeonline"
    exchange(services).export_review(full_review.id, target, passphrase="correct horse battery")
    data = target.read_bytes()
    assert data.startswith(container.ENCRYPTED_MAGIC)
    for visible in (b"manifest.json", b"review.json", b"evidence/", full_review.uid.encode(), b"Aravia", b"PK\x03\x04"):
        assert visible not in data
    header, _ = container.parse_header(data)
    assert header["n"] >= container.SCRYPT_MIN_N and header["r"] >= 8 and len(header["salt"]) >= 16
    # Salt and nonce are fresh each time: two exports of the same review differ entirely.
    again = tmp_path / "secret2.safeonline"
    exchange(services).export_review(full_review.id, again, passphrase="correct horse battery")
    assert container.parse_header(again.read_bytes())[0]["salt"] != header["salt"]


def test_app_default_scrypt_cost_is_memory_hard():
    assert container.SCRYPT_N >= 2**15 and container.SCRYPT_R >= 8
    assert 128 * container.SCRYPT_N * container.SCRYPT_R >= 32 * 1024 * 1024


def test_redacted_file_leaves_out_sensitive_content(services, full_review, catalog, tmp_path, make_services):
    rid = full_review.id
    services.evidence.add(rid, title="Confidential staffing memo", sensitive=True, item_ids=["MNR.C04"],
                          file=_write(tmp_path / "memo.txt", b"staffing figures"))
    services.planning.add_finding(rid, statement="Sensitive gap about investigators", sensitive=True)
    sensitive_item = next(i.id for i in catalog.framework("mnr").items if i.sensitive)
    services.assessments.record(rid, sensitive_item, status="planned", rationale="SENSITIVE RATIONALE")
    target = tmp_path / "redacted.safeonline"
    exchange(services).export_review(rid, target, redact=True)

    entries = read_entries(target)
    manifest = json.loads(entries[container.MANIFEST])
    doc = json.loads(entries[container.REVIEW_JSON])
    assert manifest["redacted"] is True
    assert all(a["notes"] == "" and a["updated_by"] == "" for a in doc["assessments"])
    assert [a for a in doc["assessments"] if a["item_id"] == sensitive_item][0]["rationale"] == ""
    assert any(a["rationale"] for a in doc["assessments"])  # ordinary rationale stays
    assert all(p["name"] == "" for p in doc["participants"])
    assert all(p["organisation"] for p in doc["participants"][:3])  # organisation, sector, role stay
    assert not any(e["sensitive"] for e in doc["evidence"])
    assert not any(f["sensitive"] for f in doc["findings"])
    assert "audit" not in doc
    memo_sha = next(e.file_sha256 for e in services.evidence.list(rid) if e.title == "Confidential staffing memo")
    assert f"evidence/{memo_sha}" not in entries
    raw = target.read_bytes()
    for secret in (b"SENSITIVE RATIONALE", b"Sensitive gap", b"Dr Mirela Kostan", b"staffing figures"):
        assert secret not in raw and secret not in b"".join(entries.values())

    fresh = make_services("hq-redacted")
    outcome = exchange(fresh).import_file(target)
    assert outcome.written and outcome.preview.redacted


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def test_every_table_of_a_review_is_carried_or_declared_local():
    """A table added later (with a review_id) must be added to the spec or to NOT_CARRIED."""
    carried = {s.model.__table__.name for s in (spec.REVIEW, spec.PACKS, *spec.SECTIONS)}
    carried |= {c.model.__table__.name for s in spec.SECTIONS for c in s.children}
    for table in Base.metadata.sorted_tables:
        if "review_id" in table.c:
            assert table.name in carried or table.name in spec.NOT_CARRIED, table.name


def test_every_column_of_a_carried_table_is_written():
    for sec in (spec.REVIEW, spec.PACKS, *spec.SECTIONS):
        handled = set(sec.fields) | {r.column for r in sec.refs} | {"id", "review_id"}
        handled |= LOCAL_COLUMNS.get(sec.model.__table__.name, set())
        missing = set(sec.model.__table__.c.keys()) - handled
        assert not missing, (sec.name, missing)
    for sec in spec.SECTIONS:
        for child in sec.children:
            cols = set(child.model.__table__.c.keys())
            parent_fks = {fk.parent.name for fk in child.model.__table__.foreign_keys
                          if fk.column.table is sec.model.__table__}
            assert cols - parent_fks == {child.value}, (sec.name, child.name)
