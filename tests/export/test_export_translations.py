"""Every sentence the packs and the export dialog show exists in Spanish and French (the
project-wide check only sees ``tr("...")``; the writers also use a ``self.t("...")`` shortcut)."""

from __future__ import annotations

import ast
from pathlib import Path

from safeonline_desktop import i18n, paths

ROOT = Path(__file__).resolve().parents[2] / "safeonline_desktop"
FILES = [*sorted((ROOT / "export").glob("*.py")), ROOT / "services" / "reporting.py",
         ROOT / "ui" / "export_dialog.py", ROOT / "ui" / "export_actions.py"]


def _literals() -> set[str]:
    found = set()
    for path in FILES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant)
                    and isinstance(node.args[0].value, str)):
                continue
            func = node.func
            if (isinstance(func, ast.Name) and func.id == "tr") or (isinstance(func, ast.Attribute) and func.attr == "t"):
                found.add(node.args[0].value)
    return found


def test_every_export_string_has_spanish_and_french():
    catalog = i18n.load_translations(paths.resources_dir() / "i18n")
    literals = _literals()
    assert len(literals) > 150
    missing = sorted(t for t in literals if not (catalog.get(t, {}).get("es") and catalog.get(t, {}).get("fr")))
    assert not missing, missing[:10]
