"""Hold a brief specification in memory: what paper to make from which facts.

Plain frozen dataclasses; loading and checking live in `compiler.brief.load`.
"""

from __future__ import annotations

from dataclasses import dataclass

from compiler.dates import PartialDate

ORDERS = ("date", "date-desc", "given")
LAYOUTS = ("paragraphs", "bullets")
FORMATS = ("docx", "pdf", "html")


@dataclass(frozen=True)
class Select:
    """A section's narrowing of its theme's facts."""

    tags: tuple[str, ...] = ()
    since: PartialDate | None = None
    until: PartialDate | None = None
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    limit: int | None = None
    order: str = "date"


@dataclass(frozen=True)
class Section:
    """One thematic section of the paper."""

    index: int
    title: str
    theme: str = ""
    intro: str = ""
    select: Select = Select()
    layout: str = "paragraphs"
    recommendations: tuple[str, ...] = ()
    line: int = 0


@dataclass(frozen=True)
class Organisation:
    """One submitting organisation."""

    name: str
    short: str = ""
    about: str = ""
    contact: str = ""


@dataclass(frozen=True)
class Citing:
    """One citation written in a brief, with where it was written."""

    id: str
    locator: str
    field: str
    line: int


@dataclass(frozen=True)
class Brief:
    """A brief specification: the paper's metadata, its sections, its wishes."""

    path: str
    name: str
    title: str
    country: str
    subtitle: str = ""
    date: PartialDate | None = None
    language: str = "en"
    profile: str = "none"
    style: str = "un-submission"
    outputs: tuple[str, ...] = ("docx", "pdf")
    period_from: PartialDate | None = None
    period_to: PartialDate | None = None
    submitted_by: tuple[Organisation, ...] = ()
    summary: str = ""
    introduction: str = ""
    sections: tuple[Section, ...] = ()
    recommendations_summary: bool = False
    annex_sources: bool = True
    citations: tuple[Citing, ...] = ()
    profile_line: int = 0
