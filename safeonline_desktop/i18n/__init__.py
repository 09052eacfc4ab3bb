"""Interface translations usable below the GUI (exports, messages) and by the GUI.

Messages are written in English in the code, wrapped in :func:`tr`. Their Spanish and French
versions live in ``resources/i18n/*.yaml`` as ``"English text": {es: ..., fr: ...}``. One file
per area keeps them easy to review; a test checks that every ``tr("...")`` in the code has
both translations. Content packs carry their own translations.

The current language is process-wide (like gettext's); functions that render in another
language (an export in Spanish from an English interface) pass ``lang`` explicitly.
"""

from __future__ import annotations

import threading
from pathlib import Path

import yaml

from safeonline_desktop.errors import ContentError

LANGUAGES = ("en", "es", "fr")
LANGUAGE_NAMES = {"en": "English", "es": "Español", "fr": "Français"}

_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when available: faster start-up
_lock = threading.Lock()
_catalog: dict[str, dict[str, str]] = {}
_loaded_from: Path | None = None
_current = "en"


def load_translations(folder: Path) -> dict[str, dict[str, str]]:
    """Read every ``*.yaml`` in ``folder`` into one catalog (and make it the active one)."""
    global _catalog, _loaded_from
    catalog: dict[str, dict[str, str]] = {}
    for path in sorted(folder.glob("*.yaml")):
        try:
            data = yaml.load(path.read_text(encoding="utf-8"), Loader=_YAML_LOADER) or {}  # noqa: S506
        except (OSError, yaml.YAMLError) as exc:
            raise ContentError(str(path), "(file)", f"cannot be read: {exc}") from exc
        if not isinstance(data, dict):
            raise ContentError(str(path), "(top level)", "must map English text to its translations")
        for source, targets in data.items():
            if not isinstance(targets, dict) or not all(isinstance(targets.get(lang), str) for lang in ("es", "fr")):
                raise ContentError(str(path), repr(source)[:60], "needs an 'es' and an 'fr' translation")
            catalog[str(source)] = {k: str(v) for k, v in targets.items()}
    with _lock:
        _catalog = catalog
        _loaded_from = folder
    return catalog


def _ensure_loaded() -> None:
    if _loaded_from is None:
        from safeonline_desktop.paths import resources_dir

        load_translations(resources_dir() / "i18n")


def set_language(lang: str) -> None:
    global _current
    if lang not in LANGUAGES:
        raise ValueError(f"Unknown language {lang!r}")
    _current = lang


def current_language() -> str:
    return _current


def tr(text: str, /, lang: str | None = None, **values: object) -> str:
    """``text`` in ``lang`` (default: the current language), with ``{name}`` fields filled in.

    Falls back to the English text when a translation is missing, never to nothing.
    """
    lang = lang or _current
    if lang != "en":
        _ensure_loaded()
        text = _catalog.get(text, {}).get(lang) or text
    return text.format(**values) if values else text


def catalog() -> dict[str, dict[str, str]]:
    _ensure_loaded()
    return dict(_catalog)
