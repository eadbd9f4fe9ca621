"""Turn ISO 3166-1 alpha-2 codes into country names in the UN languages.

The code list and the translated names come from pycountry's ISO data and gettext
catalogues; the module is imported only where a country is checked or named.
"""

from __future__ import annotations

import gettext
from types import MappingProxyType

import pycountry

#: Each ISO 3166-1 alpha-2 code and its English short name, read once when the module is imported.
NAMES = MappingProxyType({c.alpha_2: getattr(c, "common_name", None) or c.name for c in pycountry.countries})


def is_country(code: str) -> bool:
    """Return whether `code` is an ISO 3166-1 alpha-2 code (upper case)."""
    return code in NAMES


def country_name(code: str, language: str = "en") -> str:
    """Return the short name of country `code` in `language` (English when untranslated)."""
    name = NAMES.get(code, code)
    base = language.split("-")[0]
    if base == "en":
        return name

    try:
        catalogue = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[base])
    except OSError:
        return name
    return catalogue.gettext(name)
