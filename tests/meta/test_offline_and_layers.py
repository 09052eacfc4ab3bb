"""Project rules that a reviewer would otherwise check by hand."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "safeonline_desktop"
NETWORK_MODULES = {"requests", "httpx", "urllib.request", "http.client", "aiohttp", "socket", "ftplib",
                   "smtplib", "PySide6.QtNetwork", "PySide6.QtWebEngineCore"}


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{a.name}" for a in node.names)
    return names


def test_nothing_in_the_app_imports_a_network_library():
    offenders = {}
    for path in PACKAGE.rglob("*.py"):
        bad = {n for n in _imports(path) if n in NETWORK_MODULES or n.split(".")[0] in {"requests", "httpx", "aiohttp"}}
        if bad:
            offenders[str(path.relative_to(PACKAGE))] = sorted(bad)
    assert not offenders


def test_only_the_gui_layer_imports_qt():
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        rel = path.relative_to(PACKAGE)
        if rel.parts[0] == "ui" or rel.name in {"app.py", "selftest.py"}:
            continue
        if any(n.startswith("PySide6") for n in _imports(path)):
            offenders.append(str(rel))
    assert not offenders
