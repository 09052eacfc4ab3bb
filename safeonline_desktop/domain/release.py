"""Fingerprints of content packs, so a released pack can be proven unchanged.

A review records the id and version of each pack it was made with; if the text behind a
version could change, two laptops would show different checklists for the same review. The
fingerprint covers the parsed data (not comments or layout) of every file of the pack.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import yaml


def _canonical(path: Path) -> bytes:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def pack_fingerprints(resources: Path) -> dict[str, str]:
    """``"<id>@<version>" -> sha256`` for every framework pack and content file."""
    out: dict[str, str] = {}
    for pack_dir in sorted(p for p in (resources / "packs").iterdir() if p.is_dir()):
        files = [pack_dir / "pack.yaml", *sorted((pack_dir / "items").glob("*.yaml"))]
        meta = yaml.safe_load((pack_dir / "pack.yaml").read_text(encoding="utf-8"))
        digest = hashlib.sha256()
        for f in files:
            digest.update(f.relative_to(pack_dir).as_posix().encode() + b"\0" + _canonical(f) + b"\0")
        out[f"{meta['id']}@{meta['version']}"] = digest.hexdigest()
    for f in sorted((resources / "content").glob("*.yaml")):
        meta = yaml.safe_load(f.read_text(encoding="utf-8"))
        out[f"{meta['id']}@{meta['version']}"] = hashlib.sha256(_canonical(f)).hexdigest()
    return out
