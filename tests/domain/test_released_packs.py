"""A released content pack never changes in place: changing its text needs a new version."""

from __future__ import annotations

import json
from pathlib import Path

from safeonline_desktop import paths
from safeonline_desktop.domain.release import pack_fingerprints

RELEASED = Path(__file__).parents[1] / "data" / "released-packs.json"


def test_released_packs_are_unchanged():
    released = json.loads(RELEASED.read_text(encoding="utf-8"))
    current = pack_fingerprints(paths.resources_dir())
    changed = [key for key, digest in current.items() if key in released and released[key] != digest]
    assert not changed, (
        f"{changed} changed in place. A released pack never changes: give it a new version in its pack.yaml "
        f"(reviews keep naming the version they were made with), then add the new fingerprint to {RELEASED.name}."
    )
    unreleased = [key for key in current if key not in released]
    assert not unreleased, f"{unreleased} are not recorded in {RELEASED.name}; add their fingerprints when releasing."


def test_fingerprint_ignores_comments_but_not_text(tmp_path):
    import shutil

    root = tmp_path / "resources"
    shutil.copytree(paths.resources_dir(), root)
    before = pack_fingerprints(root)
    path = root / "content/scales.yaml"
    path.write_text("# a new comment\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    assert pack_fingerprints(root) == before
    path.write_text(path.read_text(encoding="utf-8").replace("Not in place", "Absent"), encoding="utf-8")
    assert pack_fingerprints(root)["safeonline-scales@1.0"] != before["safeonline-scales@1.0"]
