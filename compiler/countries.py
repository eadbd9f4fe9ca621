"""Turn ISO 3166-1 alpha-2 codes into country names in the UN languages, and English names into codes.

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


def _name_key(name: str) -> str:
    """Return a country name as names are compared: case, accents, "the" and spacing ignored."""
    import unicodedata

    decomposed = unicodedata.normalize("NFKD", name.replace("’", "'"))
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    words = plain.replace(",", " , ").replace("(", " ( ").replace(")", " ) ").split()
    if words[:1] == ["the"]:
        words = words[1:]
    return " ".join(words)


def _name_forms(name: str) -> list[str]:
    """Return the ways the UN and ISO write a country name: "Korea, Republic of" is also "Republic of Korea".

    ISO's "Venezuela, Bolivarian Republic of" is the UN's "Venezuela (Bolivarian Republic
    of)"; ISO's "Holy See (Vatican City State)" is also "Holy See".
    """
    forms = [name]
    if ", " in name:
        head, tail = name.split(", ", 1)
        forms += [f"{tail} {head}", f"{head} ({tail})"]
    if name.endswith(")") and " (" in name:
        forms.append(name[: name.index(" (")])
    return forms


#: Every English name of each country (ISO's name, official and common names, and the UN's order of
#: their words) by its compared form, read once when the module is imported.
CODES_BY_NAME = MappingProxyType({
    _name_key(form): c.alpha_2
    for c in pycountry.countries
    for name in (c.name, getattr(c, "official_name", None), getattr(c, "common_name", None)) if name
    for form in _name_forms(name)
})


def country_code(name: str) -> str:
    """Return the ISO 3166-1 alpha-2 code of a country named in English as the UN or ISO writes it, or ''."""
    text = name.strip()
    if is_country(text.upper()) and len(text) == 2:
        return text.upper()
    if not text:
        return ""
    found = CODES_BY_NAME.get(_name_key(text), "")
    if not found and text.endswith(")") and " (" in text:  # the UN's "Netherlands (Kingdom of the)"
        head, tail = text[:-1].split(" (", 1)
        found = CODES_BY_NAME.get(_name_key(f"{tail} {head}"), "")
    return found
