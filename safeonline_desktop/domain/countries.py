"""ISO 3166-1 countries with names in the interface languages, from pycountry's bundled data
(offline: the standard and its translations ship inside the package)."""

from __future__ import annotations

import functools
import gettext
from dataclasses import dataclass

import pycountry


@dataclass(frozen=True)
class Country:
    code: str  # ISO 3166-1 alpha-2
    alpha3: str
    name: str  # in the requested language


@functools.lru_cache(maxsize=8)
def _translator(lang: str) -> gettext.NullTranslations:
    if lang == "en":
        return gettext.NullTranslations()
    try:
        return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang])
    except OSError:
        return gettext.NullTranslations()


def _english(c) -> str:
    return getattr(c, "common_name", None) or c.name


@functools.lru_cache(maxsize=8)
def countries(lang: str = "en") -> tuple[Country, ...]:
    """Every country, sorted by its name in ``lang``."""
    tr = _translator(lang)
    out = [Country(c.alpha_2, c.alpha_3, tr.gettext(c.name) if lang != "en" else _english(c)) for c in pycountry.countries]
    out.append(Country(FICTIONAL, "ZZZ", _FICTIONAL_NAME.get(lang, _FICTIONAL_NAME["en"])))
    return tuple(sorted(out, key=lambda c: c.name.casefold()))


#: ISO 3166 leaves ZZ to its users; SafeOnline uses it for fictional countries (the demo, training).
FICTIONAL = "ZZ"
_FICTIONAL_NAME = {"en": "Fictional country", "es": "País ficticio", "fr": "Pays fictif"}


def is_country(code: str) -> bool:
    if not isinstance(code, str) or len(code) != 2:
        return False
    return code.upper() == FICTIONAL or pycountry.countries.get(alpha_2=code.upper()) is not None


def country_name(code: str, lang: str = "en") -> str:
    if (code or "").upper() == FICTIONAL:
        return _FICTIONAL_NAME.get(lang, _FICTIONAL_NAME["en"])
    c = pycountry.countries.get(alpha_2=(code or "").upper())
    if c is None:
        return code
    return _english(c) if lang == "en" else _translator(lang).gettext(c.name)
