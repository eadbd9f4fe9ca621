"""Turn ISO 3166-1 alpha-2 codes into country names in the UN languages.

The code list and the translated names come from pycountry's ISO data and gettext
catalogues; the names are only read when a paper is assembled.
"""

from __future__ import annotations

import functools
import gettext


@functools.lru_cache(maxsize=1)
def _codes() -> dict[str, str]:
    import pycountry

    return {c.alpha_2: getattr(c, "common_name", None) or c.name for c in pycountry.countries}


def is_country(code: str) -> bool:
    """Return whether `code` is an ISO 3166-1 alpha-2 code (upper case)."""
    return code in _codes()


@functools.lru_cache(maxsize=64)
def country_name(code: str, language: str = "en") -> str:
    """Return the short name of country `code` in `language` (English when untranslated)."""
    name = _codes().get(code, code)
    base = language.split("-")[0]
    if base == "en":
        return name
    import pycountry

    try:
        catalogue = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[base])
    except OSError:
        return name
    return catalogue.gettext(name)
