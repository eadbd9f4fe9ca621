"""Turn a language tag into the paper's fixed wording and its way of writing dates.

The wording lives in `compiler/data/labels.yaml` (en, fr, es, ru); other languages
fall back on English.
"""

from __future__ import annotations

import datetime as dt
from types import MappingProxyType

import yaml

from compiler.dates import PartialDate
from compiler.workspace import DATA_DIR

LANGUAGES = ("en", "fr", "es", "ru")


def _read_labels() -> MappingProxyType:
    with open(DATA_DIR / "labels.yaml", encoding="utf-8") as handle:
        return MappingProxyType(yaml.load(handle, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)))


#: The wording of every language, read once when the module is imported.
LABELS = _read_labels()


def labels_for(language: str) -> dict:
    """Return the fixed wording for `language` (English where it has none)."""
    base = language.split("-")[0].lower()
    return LABELS.get(base, LABELS["en"])


def format_date(date: PartialDate | dt.date | None, language: str) -> str:
    """Return `date` written out in `language`: "12 July 2011", "juillet 2011", "2011"."""
    if date is None:
        return ""
    if isinstance(date, dt.date):
        date = PartialDate(date.year, date.month, date.day)
    words = labels_for(language)
    if date.month is None:
        return str(date.year)
    if date.day is None:
        names = words.get("month_names", words["months"])
        return words["month_format"].format(month=names[date.month - 1], year=date.year)
    return words["date_format"].format(day=date.day, month=words["months"][date.month - 1], year=date.year)
