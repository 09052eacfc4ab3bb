"""Random bytes, truncated and damaged archives, and mutated JSON thrown at the importer: only
ImportRejected ever comes out, and a refused file writes nothing."""

from __future__ import annotations

import json
import shutil
import uuid
from pathlib import Path

import pytest
from exchange_helpers import exchange, read_entries, snapshot, write_entries
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from safeonline_desktop.errors import ImportRejected
from safeonline_desktop.exchange import container

FUZZ = settings(max_examples=60, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=40)
    | st.sampled_from(["", "MNR.C01", "in_place", "2026-02-30", "../x", "\ud800", "9999.1", "ZZ", "evidence/x"]),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
    max_leaves=12,
)


TEXT = st.sampled_from(["", "MNR.C01", "MNR.C99", "BBC.A01", "in_place", "embedded", "2026-02-30", "2026-01-01",
                        "2026-01-01T10:00:00", "ZZ", "KE", "XX", "mnr", "9999.1", "q1", "q99", "gap", "\ud800",
                        "00000000-0000-4000-8000-000000000000", "a" * 64]) | st.text(max_size=30)
SAME_TYPE = {str: TEXT, int: st.integers(-5, 2**40), bool: st.booleans(), type(None): TEXT | st.none(),
             list: st.lists(TEXT, max_size=3)}


class Fuzzer:
    """One workspace per test; every example is checked against a snapshot taken just before."""

    def __init__(self, services, folder: Path) -> None:
        self.services = services
        self.folder = folder
        self.service = exchange(services)

    def attempt(self, data: bytes, *, may_succeed: bool, passphrase: str | None = None) -> None:
        path = self.folder / f"{uuid.uuid4().hex}.safeonline"
        path.write_bytes(data)
        before = snapshot(self.services)
        try:
            self.service.import_file(path, passphrase=passphrase)
        except ImportRejected as exc:
            assert str(exc), "a refusal must say why"
            event(str(exc)[:60])
            assert snapshot(self.services) == before, "a refused file changed the workspace"
        else:
            assert may_succeed, "a file that cannot be valid was imported"
            # What was accepted is whole: the review exports again and that file verifies.
            for entry in self.services.reviews.list(include_archived=True):
                again = self.folder / "again.safeonline"
                self.service.export_review(entry.review.id, again)
                self.service.inspect(again)
                again.unlink()
        finally:
            path.unlink()


@pytest.fixture
def fuzzer(hq_with_content, tmp_path):
    folder = tmp_path / "fuzz"
    folder.mkdir()
    return Fuzzer(hq_with_content, folder)


@FUZZ
@given(data=st.binary(max_size=4096), prefix=st.sampled_from([b"", container.ZIP_MAGIC, container.ENCRYPTED_MAGIC,
                                                              b"PK\x05\x06"]))
def test_random_bytes(fuzzer, data, prefix):
    fuzzer.attempt(prefix + data, may_succeed=False, passphrase="whatever passphrase")


@FUZZ
@given(cut=st.floats(min_value=0.0, max_value=0.999), flips=st.lists(st.tuples(st.floats(0, 0.999),
                                                                                st.integers(1, 255)), max_size=4))
def test_truncated_and_damaged_archives(fuzzer, source_file, cut, flips):
    data = bytearray(source_file.read_bytes())
    for where, mask in flips:
        data[int(where * len(data))] ^= mask
    truncated = bytes(data[: int(cut * len(data))])
    fuzzer.attempt(truncated, may_succeed=False)
    # Damage alone (no truncation) may hit bytes zipfile ignores (a header's date, say).
    fuzzer.attempt(bytes(data), may_succeed=True)


@settings(FUZZ, max_examples=15)  # each try runs scrypt once or twice
@given(cut=st.floats(min_value=0.0, max_value=0.999), flip=st.floats(0, 0.999))
def test_truncated_and_damaged_encrypted_files(fuzzer, encrypted_file, cut, flip):
    from exchange_helpers import PASSPHRASE

    data = bytearray(encrypted_file.read_bytes())
    fuzzer.attempt(bytes(data[: int(cut * len(data))]), may_succeed=False, passphrase=PASSPHRASE)
    data[int(flip * len(data))] ^= 0x40
    fuzzer.attempt(bytes(data), may_succeed=False, passphrase=PASSPHRASE)


def _mutate(draw, node, depth: int = 0):
    """Replace, delete or add one value somewhere in ``node`` (a JSON document), in place."""
    containers = isinstance(node, dict) and node or isinstance(node, list) and node
    if not containers:
        return
    keys = list(node.keys()) if isinstance(node, dict) else list(range(len(node)))
    key = draw(st.sampled_from(keys))
    child = node[key]
    descend = isinstance(child, dict | list) and child and depth < 6 and draw(st.booleans())
    if descend:
        _mutate(draw, child, depth + 1)
        return
    action = draw(st.sampled_from(["replace", "same_type", "same_type", "delete", "add"]))
    if action == "replace":
        node[key] = draw(JSON_VALUES)
    elif action == "same_type":  # more likely to pass the schema and reach the checks of meaning
        node[key] = draw(SAME_TYPE.get(type(child), JSON_VALUES))
    elif action == "delete":
        del node[key]
    elif isinstance(node, dict):
        node[draw(st.text(max_size=12))] = draw(JSON_VALUES)
    else:
        node.append(draw(JSON_VALUES))


@FUZZ
@given(data=st.data(), target=st.sampled_from([container.REVIEW_JSON, container.REVIEW_JSON, container.MANIFEST]))
def test_mutated_json(fuzzer, source_file, data, target):
    entries = read_entries(source_file)
    doc = json.loads(entries[target])
    for _ in range(data.draw(st.integers(1, 3))):
        _mutate(data.draw, doc)
    entries[target] = json.dumps(doc, ensure_ascii=data.draw(st.booleans())).encode("utf-8", "surrogatepass")
    # The manifest's hashes are recomputed, so the mutation reaches the schema and meaning checks.
    path = write_entries(fuzzer.folder / "mutated.zip", entries, fix_manifest=target != container.MANIFEST)
    fuzzer.attempt(path.read_bytes(), may_succeed=True)


def test_the_fuzzer_can_see_a_write(fuzzer, source_file, tmp_path):
    """The harness itself: a valid file passes and changes the workspace (so the checks above bite)."""
    before = snapshot(fuzzer.services)
    copy = tmp_path / "valid.safeonline"
    shutil.copy(source_file, copy)
    fuzzer.service.import_file(copy)
    assert snapshot(fuzzer.services) != before
