"""Every way a review file is refused: a clear ImportRejected, and the workspace exactly as it
was (the database's logical content and the evidence folder, compared before and after)."""

from __future__ import annotations

import io
import json
import stat
import zipfile
from pathlib import Path

import pytest
from exchange_helpers import (
    PASSPHRASE,
    edit_manifest,
    edit_review_json,
    exchange,
    read_entries,
    snapshot,
    write_entries,
)

from safeonline_desktop.errors import ImportRejected
from safeonline_desktop.exchange import container
from safeonline_desktop.exchange.container import Limits, PassphraseRequired
from safeonline_desktop.services.exchange import ExchangeService


def assert_refused(hq, path: Path, match: str, *, passphrase: str | None = None, limits: Limits | None = None,
                   error: type[ImportRejected] = ImportRejected) -> ImportRejected:
    before = snapshot(hq)
    service = ExchangeService(hq.ctx, limits=limits or container.DEFAULT_LIMITS)
    with pytest.raises(error, match=match) as info:
        service.import_file(path, passphrase=passphrase)
    with pytest.raises(error, match=match):
        service.inspect(path, passphrase=passphrase)
    assert snapshot(hq) == before, "a refused file changed the workspace"
    message = str(info.value)
    assert message.endswith((".", ")")) and message[0].isupper()
    return info.value


# -- the container ------------------------------------------------------------------------

def test_wrong_passphrase(hq_with_content, encrypted_file):
    assert_refused(hq_with_content, encrypted_file, "wrong passphrase or damaged file", passphrase="not the one")


def test_encrypted_file_without_passphrase_asks_for_it(hq_with_content, encrypted_file):
    assert_refused(hq_with_content, encrypted_file, "encrypted", error=PassphraseRequired)


@pytest.mark.parametrize("where", ["header", "ciphertext", "tag"])
def test_tampered_encrypted_file(hq_with_content, encrypted_file, tmp_path, where):
    data = bytearray(encrypted_file.read_bytes())
    _, offset = container.parse_header(bytes(data))
    position = {"header": offset - 5, "ciphertext": offset + 100, "tag": len(data) - 1}[where]
    data[position] ^= 0x01
    bad = tmp_path / "tampered.safeonline"
    bad.write_bytes(bytes(data))
    assert_refused(hq_with_content, bad, "damaged", passphrase=PASSPHRASE)


def test_hostile_scrypt_parameters_are_refused_before_any_work(hq_with_content, encrypted_file, tmp_path):
    data = encrypted_file.read_bytes()
    header, offset = container.parse_header(data)
    start = len(container.ENCRYPTED_MAGIC) + 4
    raw = json.loads(data[start:offset])
    raw["kdf"]["n"] = 2**30
    new_header = json.dumps(raw).encode()
    bad = tmp_path / "greedy.safeonline"
    bad.write_bytes(container.ENCRYPTED_MAGIC + len(new_header).to_bytes(4, "big") + new_header + data[offset:])
    assert_refused(hq_with_content, bad, "encryption settings", passphrase=PASSPHRASE)


@pytest.mark.parametrize("content", [b"", b"hello", b"%PDF-1.7\n", b"PK\x03\x04" + b"\x00" * 40])
def test_not_a_review_file(hq_with_content, tmp_path, content):
    bad = tmp_path / "odd.safeonline"
    bad.write_bytes(content)
    assert_refused(hq_with_content, bad, "not a SafeOnline review file|damaged")


@pytest.mark.parametrize("keep", [0.3, 0.6, 0.95])
def test_truncated_file(hq_with_content, source_file, tmp_path, keep):
    data = source_file.read_bytes()
    bad = tmp_path / "truncated.safeonline"
    bad.write_bytes(data[: int(len(data) * keep)])
    assert_refused(hq_with_content, bad, "damaged|not a SafeOnline")


# -- entries and the manifest -------------------------------------------------------------

def test_changed_entry(hq_with_content, source_file, tmp_path):
    entries = read_entries(source_file)
    entries[container.REVIEW_JSON] = entries[container.REVIEW_JSON].replace(b"Aravia", b"Arovia", 1)
    bad = write_entries(tmp_path / "changed.safeonline", entries, fix_manifest=False)
    assert_refused(hq_with_content, bad, "changed or damaged")


def test_changed_evidence_file(hq_with_content, source_file, tmp_path):
    entries = read_entries(source_file)
    name = next(n for n in entries if n.startswith("evidence/"))
    entries[name] = entries[name] + b" (edited)"
    bad = write_entries(tmp_path / "changed-evidence.safeonline", entries, fix_manifest=True)
    # With the manifest recomputed too, the file's own name (its SHA-256) still gives it away.
    assert_refused(hq_with_content, bad, "checksum")


def test_missing_entry(hq_with_content, source_file, tmp_path):
    entries = read_entries(source_file)
    name = next(n for n in entries if n.startswith("evidence/"))
    del entries[name]
    bad = write_entries(tmp_path / "missing.safeonline", entries, fix_manifest=False)
    assert_refused(hq_with_content, bad, "incomplete")


def test_missing_review_json(hq_with_content, source_file, tmp_path):
    entries = read_entries(source_file)
    del entries[container.REVIEW_JSON]
    bad = write_entries(tmp_path / "no-json.safeonline", entries, fix_manifest=True)
    assert_refused(hq_with_content, bad, "review.json is missing")


def test_entry_not_in_manifest(hq_with_content, source_file, tmp_path):
    entries = read_entries(source_file)
    entries["evidence/" + "ab" * 32] = b"smuggled"
    bad = write_entries(tmp_path / "extra.safeonline", entries, fix_manifest=False)
    assert_refused(hq_with_content, bad, "does not list")


def test_attached_file_no_evidence_refers_to(hq_with_content, source_file, tmp_path):
    import hashlib

    entries = read_entries(source_file)
    data = b"unreferenced"
    entries["evidence/" + hashlib.sha256(data).hexdigest()] = data
    bad = write_entries(tmp_path / "unreferenced.safeonline", entries, fix_manifest=True)
    assert_refused(hq_with_content, bad, "no evidence refers to")


def test_duplicate_entry_names(hq_with_content, source_file, tmp_path):
    entries = read_entries(source_file)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
        import warnings

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            zf.writestr(container.REVIEW_JSON, entries[container.REVIEW_JSON])
    bad = tmp_path / "dupes.safeonline"
    bad.write_bytes(buf.getvalue())
    assert_refused(hq_with_content, bad, "twice")


# -- paths that escape the archive --------------------------------------------------------

@pytest.mark.parametrize("name", ["../escape.txt", "/etc/passwd", "evidence/../../x", "evidence\\..\\x",
                                  "C:/Windows/x", "c:evil", "./manifest.json", "evidence//x"])
def test_paths_that_escape_the_archive(hq_with_content, source_file, tmp_path, name):
    entries = read_entries(source_file)
    entries[name] = b"escape"
    bad = write_entries(tmp_path / "escape.safeonline", entries, fix_manifest=True)
    assert_refused(hq_with_content, bad, "outside the archive|does not belong")


def test_symlink_entry(hq_with_content, source_file, tmp_path):
    entries = read_entries(source_file)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
        link = zipfile.ZipInfo("evidence/" + "cd" * 32)
        link.external_attr = (stat.S_IFLNK | 0o777) << 16
        zf.writestr(link, "/etc/passwd")
    bad = tmp_path / "link.safeonline"
    bad.write_bytes(buf.getvalue())
    assert_refused(hq_with_content, bad, "link")


# -- sizes --------------------------------------------------------------------------------

def test_zip_bomb_ratio(hq_with_content, source_file, tmp_path):
    entries = read_entries(source_file)
    entries[container.REVIEW_JSON] = entries[container.REVIEW_JSON] + b" " * (3 * 1024 * 1024)
    bad = write_entries(tmp_path / "bomb.safeonline", entries, fix_manifest=True)
    assert_refused(hq_with_content, bad, "compressed more than 100 to 1")


def test_archive_too_large_when_unpacked(hq_with_content, source_file):
    assert_refused(hq_with_content, source_file, "unpack to more than",
                   limits=Limits(max_total_bytes=20_000))


def test_file_too_large(hq_with_content, source_file):
    assert_refused(hq_with_content, source_file, "review files up to", limits=Limits(max_file_bytes=10_000))


def test_too_many_entries(hq_with_content, source_file):
    assert_refused(hq_with_content, source_file, "more than 3 entries", limits=Limits(max_entries=3))


def test_entry_too_large(hq_with_content, source_file):
    assert_refused(hq_with_content, source_file, "too large", limits=Limits(max_review_json_bytes=1000))


# -- versions and content -----------------------------------------------------------------

def test_future_format_version(hq_with_content, source_file, tmp_path):
    bad = edit_manifest(source_file, tmp_path / "future.safeonline", lambda m: m.update(format_version=99))
    error = assert_refused(hq_with_content, bad, "newer version of SafeOnline Desktop")
    assert "99" in str(error)


def test_unknown_content_pack(hq_with_content, source_file, tmp_path):
    def change(doc):
        doc["packs"][0]["pack_id"] = "nist-csf"

    bad = edit_review_json(source_file, tmp_path / "unknown-pack.safeonline", change)
    bad = edit_manifest(bad, tmp_path / "unknown-pack2.safeonline",
                        lambda m: m["packs"][0].update(id="nist-csf"))
    assert_refused(hq_with_content, bad, "content pack nist-csf")


def test_newer_content_pack_version(hq_with_content, source_file, tmp_path):
    bad = edit_review_json(source_file, tmp_path / "newer.safeonline",
                           lambda d: d["packs"][0].update(pack_version="9999.1"))
    bad = edit_manifest(bad, tmp_path / "newer2.safeonline", lambda m: m["packs"][0].update(version="9999.1"))
    assert_refused(hq_with_content, bad, "newer than this app's version")


def test_manifest_and_review_disagree_on_packs(hq_with_content, source_file, tmp_path):
    bad = edit_review_json(source_file, tmp_path / "disagree.safeonline",
                           lambda d: d["packs"][0].update(pack_version="1.0"))
    assert_refused(hq_with_content, bad, "different content packs")


def test_unknown_item(hq_with_content, source_file, tmp_path):
    bad = edit_review_json(source_file, tmp_path / "item.safeonline",
                           lambda d: d["assessments"][0].update(item_id="MNR.C99"))
    assert_refused(hq_with_content, bad, "MNR.C99")


@pytest.mark.parametrize("change,match", [
    (lambda d: d["assessments"][0].update(status=3), "published format"),
    (lambda d: d["review"].update(hacked=True), "published format"),
    (lambda d: d.pop("findings"), "published format"),
    (lambda d: d["evidence"][0].update(uid="not-a-uuid"), "published format"),
    (lambda d: d["review"].update(period_start="2026-02-30"), "impossible date"),
    (lambda d: d["assessments"][0].update(status="excellent"), "unknown value"),
    (lambda d: d["participants"][0].update(sector="mafia"), "unknown value"),
    (lambda d: d["review"].update(country_code="XX"), "unknown country"),
    (lambda d: d["actions"][0].update(recommendation_uid="00000000-0000-4000-8000-000000000000"), "missing"),
    (lambda d: d["findings"].append(dict(d["findings"][0])), "same identity"),
    (lambda d: d["assessments"][0].update(questions_done=["q99"]), "guiding questions"),
    (lambda d: d["review"].update(title="   "), "no title"),
])
def test_review_json_that_breaks_the_rules(hq_with_content, source_file, tmp_path, change, match):
    bad = edit_review_json(source_file, tmp_path / "rules.safeonline", change)
    assert_refused(hq_with_content, bad, match)


def test_duplicate_json_keys_and_nan(hq_with_content, source_file, tmp_path):
    entries = read_entries(source_file)
    entries[container.REVIEW_JSON] = b'{"format": "safeonline-review", "format": "x"}'
    bad = write_entries(tmp_path / "dupkey.safeonline", entries)
    assert_refused(hq_with_content, bad, "not valid JSON")
    entries[container.REVIEW_JSON] = b'{"format_version": NaN}'
    bad = write_entries(tmp_path / "nan.safeonline", entries)
    assert_refused(hq_with_content, bad, "not valid JSON")


def test_lone_surrogate_text(hq_with_content, source_file, tmp_path):
    entries = read_entries(source_file)
    entries[container.REVIEW_JSON] = entries[container.REVIEW_JSON].replace(
        b'"title": "Demonstration', b'"title": "\\ud800Demonstration', 1)
    bad = write_entries(tmp_path / "surrogate.safeonline", entries)
    assert_refused(hq_with_content, bad, "cannot be stored")


def test_record_belonging_to_another_review(hq_with_content, source_file, tmp_path):
    kenya = hq_with_content.reviews.list()[0].review
    kenya_evidence_uid = hq_with_content.evidence.list(kenya.id)[0].uid
    bad = edit_review_json(source_file, tmp_path / "clash.safeonline",
                           lambda d: d["evidence"][0].update(uid=kenya_evidence_uid))
    assert_refused(hq_with_content, bad, "already belongs to another review")


def test_unresolved_conflicts_refuse_the_merge(hq_with_content, laptop, source_file, tmp_path):
    exchange(hq_with_content).import_file(source_file)
    review = laptop.reviews.list()[0].review
    laptop.assessments.record(review.id, "MNR.C01", status="embedded")
    mine = hq_with_content.reviews.find_by_uid(review.uid)
    hq_with_content.assessments.record(mine.id, "MNR.C01", status="not_in_place")
    newer = tmp_path / "newer.safeonline"
    exchange(laptop).export_review(review.id, newer)
    before = snapshot(hq_with_content)
    with pytest.raises(ImportRejected, match="need a choice"):
        exchange(hq_with_content).import_file(newer)
    assert snapshot(hq_with_content) == before


def test_a_failed_write_removes_the_evidence_files_it_stored(hq_with_content, source_file, monkeypatch):
    """Files go in before the transaction; if the transaction fails they are taken out again."""
    from safeonline_desktop.exchange import importer

    before = snapshot(hq_with_content)

    def boom(*args, **kwargs):
        raise RuntimeError("disk trouble")

    monkeypatch.setattr(importer, "apply", boom)
    with pytest.raises(RuntimeError):
        exchange(hq_with_content).import_file(source_file)
    assert snapshot(hq_with_content) == before


def test_dry_run_writes_nothing(hq_with_content, source_file):
    before = snapshot(hq_with_content)
    outcome = exchange(hq_with_content).import_file(source_file, dry_run=True)
    assert not outcome.written and outcome.preview.action == "new"
    assert outcome.preview.counts["assessments"].added > 0
    assert snapshot(hq_with_content) == before


def test_file_changed_after_preview(hq_with_content, source_file, tmp_path):
    preview = exchange(hq_with_content).inspect(source_file)
    source_file.write_bytes(source_file.read_bytes() + b"\x00")  # trailing bytes: still a valid zip
    before = snapshot(hq_with_content)
    with pytest.raises(ImportRejected, match="changed after it was previewed"):
        exchange(hq_with_content).import_file(source_file, expect_sha256=preview.file_sha256)
    assert snapshot(hq_with_content) == before


def test_the_messages_are_translated(hq_with_content, tmp_path):
    from safeonline_desktop import i18n

    bad = tmp_path / "x.safeonline"
    bad.write_bytes(b"nonsense")
    i18n.set_language("es")
    with pytest.raises(ImportRejected, match="no es un archivo de evaluación de SafeOnline"):
        exchange(hq_with_content).import_file(bad)


def test_progress_only_moves_forward_and_cancel_stops(hq_with_content, source_file):
    seen: list[tuple[int, int]] = []
    exchange(hq_with_content).inspect(source_file, progress=lambda done, total: seen.append((done, total)))
    fractions = [d / t for d, t in seen]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0 and all(t == 1000 for _, t in seen)
    from safeonline_desktop.exchange import ImportCancelled

    before = snapshot(hq_with_content)
    with pytest.raises(ImportCancelled, match="cancelled"):
        exchange(hq_with_content).import_file(source_file, cancelled=lambda: True)
    assert snapshot(hq_with_content) == before


@pytest.mark.parametrize("depth", [70, 980, 50_000])
def test_deeply_nested_values(hq_with_content, source_file, tmp_path, depth):
    entries = read_entries(source_file)
    doc = json.loads(entries[container.REVIEW_JSON])
    text = json.dumps(doc)
    deep = "[" * depth + "]" * depth
    marker = '"audit": ['
    assert marker in text
    entries[container.REVIEW_JSON] = text.replace('"before": null', f'"before": {{"x": {deep}}}', 1).encode()
    bad = write_entries(tmp_path / "deep.safeonline", entries)
    assert_refused(hq_with_content, bad, "nested too deeply")


@pytest.mark.parametrize("number", ["1e999", "-1e999", "1" * 5000])
def test_numbers_that_cannot_be_stored(hq_with_content, source_file, tmp_path, number):
    entries = read_entries(source_file)
    text = entries[container.REVIEW_JSON].decode()
    entries[container.REVIEW_JSON] = text.replace('"before": null', f'"before": {{"x": {number}}}', 1).encode()
    bad = write_entries(tmp_path / "number.safeonline", entries)
    assert_refused(hq_with_content, bad, "too large|not valid JSON")
