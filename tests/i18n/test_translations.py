"""Every interface string written as tr("...") in the code has a Spanish and a French version,
and the translation files are well-formed."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from safeonline_desktop import i18n, paths

PACKAGE = Path(__file__).resolve().parents[2] / "safeonline_desktop"


def _tr_literals() -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "tr"
                    and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
                found.setdefault(node.args[0].value, []).append(f"{path.relative_to(PACKAGE)}:{node.lineno}")
    return found


def test_every_tr_string_is_translated_to_spanish_and_french():
    catalog = i18n.load_translations(paths.resources_dir() / "i18n")
    missing = {text: where for text, where in _tr_literals().items()
               if not (catalog.get(text, {}).get("es") and catalog.get(text, {}).get("fr"))}
    assert not missing, "untranslated: " + "; ".join(f"{t!r} ({w[0]})" for t, w in sorted(missing.items())[:20])


def test_translations_keep_their_placeholders():
    import string

    catalog = i18n.load_translations(paths.resources_dir() / "i18n")
    for source, targets in catalog.items():
        wanted = {f for _, f, _, _ in string.Formatter().parse(source) if f}
        for lang in ("es", "fr"):
            got = {f for _, f, _, _ in string.Formatter().parse(targets[lang]) if f}
            assert got == wanted, (source, lang, targets[lang])


def test_tr_uses_the_current_language_and_falls_back_to_english():
    i18n.load_translations(paths.resources_dir() / "i18n")
    assert i18n.tr("Saved") == "Saved"
    i18n.set_language("es")
    assert i18n.tr("Saved") == "Guardado"
    assert i18n.tr("Saved at {time}", time="10:05") == "Guardado a las 10:05"
    assert i18n.tr("Saved", lang="fr") == "Enregistré"
    assert i18n.tr("A sentence nobody translated") == "A sentence nobody translated"


def test_broken_translation_file_is_reported(tmp_path):
    from safeonline_desktop.errors import ContentError

    (tmp_path / "bad.yaml").write_text('"Hello": {es: "Hola"}\n', encoding="utf-8")
    try:
        with pytest.raises(ContentError, match="fr"):
            i18n.load_translations(tmp_path)
    finally:
        i18n.load_translations(paths.resources_dir() / "i18n")
