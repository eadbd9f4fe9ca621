"""Hold a brief specification in memory: what paper to make from which facts.

Plain frozen dataclasses, which also declare the brief file format
(`compiler.declare`): each key a user writes, its type and meaning. Loading and
checking live in `compiler.brief.load`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar, Mapping

from compiler.dates import PartialDate
from compiler.declare import Group, computed, declaration, declared
from compiler.store.model import BODIES, RESPONSES
from compiler.style import NOTE_FORMS

CONSULTATIVE_STATUSES = ("general", "special", "roster")  # ECOSOC consultative status of an NGO

ORDERS = ("date", "date-desc", "given")
LAYOUTS = ("paragraphs", "bullets")
FOLLOW_UP_LAYOUTS = ("paragraphs", "table")
FORMATS = ("docx", "pdf", "html")
EDITORIAL_RULES = (
    "future-source", "unfindable-source", "placeholder-title", "self-sourcing", "repeated-citation", "old-fact",
    "fact-after-source", "spelling", "spelling-variant", "number-conflict",
)
"""The ids of `brief check`'s editorial rules (compiler.editorial; docs/checks.md), which `allow` may silence."""


@declaration
@dataclass(frozen=True, kw_only=True)
class Select:
    """A section's narrowing of its theme's facts."""

    tags: tuple[str, ...] = declared("strings", "Keep facts with any of these tags.", default=())
    since: PartialDate | None = declared("date", "Keep facts dated on or after this date.", default=None)
    until: PartialDate | None = declared("date", "Keep facts dated on or before this date.", default=None)
    include: tuple[str, ...] = declared("ids", "Add these facts whatever their theme, tags, date or country.", default=())
    exclude: tuple[str, ...] = declared("ids", "Never these facts.", default=())
    limit: int | None = declared(
        "integer", "At most this many facts, after ordering and after removing those the intro cites.", default=None)
    order: str = declared(
        "enum", "date (oldest first, ties by id), date-desc, or given (store order).", choices=ORDERS, default="date")


@declaration
@dataclass(frozen=True, kw_only=True)
class FollowUpSelect:
    """A section's narrowing of the earlier recommendations of its theme."""

    bodies: tuple[str, ...] = declared("enums", "Only recommendations of these bodies (default: every body).", choices=BODIES, default=())
    cycle: int | None = declared("integer", "Only recommendations of this UPR cycle.", default=None)
    documents: tuple[str, ...] = declared("ids", "Only recommendations of these documents.", default=())
    response: tuple[str, ...] = declared("enums", "Only UPR recommendations the State responded to so.", choices=RESPONSES, default=())
    include: tuple[str, ...] = declared("ids", "Add these recommendations whatever their theme.", default=())
    exclude: tuple[str, ...] = declared("ids", "Never these recommendations.", default=())


@declaration
@dataclass(frozen=True, kw_only=True)
class FollowUp:
    """The earlier recommendations a section reviews, and how it shows them."""

    select: FollowUpSelect = declared("object", "Narrowing of the recommendations of the section's theme.",
                                      model=FollowUpSelect, default=FollowUpSelect())
    layout: str = declared(
        "enum", "paragraphs: a numbered paragraph per recommendation; table: one table for the section.",
        choices=FOLLOW_UP_LAYOUTS, default="paragraphs")


@declaration
@dataclass(frozen=True, kw_only=True)
class Section:
    """One thematic section of the paper."""

    theme: str = declared("theme-id", "Picks the facts of this theme and its sub-themes.", default="")
    title: str = declared("string", "The section's heading; default: the theme's title.")  # the loader gives the default
    intro: str = declared("text", "Opening text of the section (Markdown, may cite).", default="")
    select: Select = declared("object", "Narrowing of the theme's facts.", model=Select, default=Select())
    layout: str = declared(
        "enum", "paragraphs: a numbered paragraph per fact; bullets: the intro, then the facts as a list.",
        choices=LAYOUTS, default="paragraphs")
    recommendations: tuple[str, ...] = declared(
        "strings", "Recommendations, as Markdown items listed under the section.", default=())
    follow_up: FollowUp | None = declared(
        "object", "Earlier recommendations reviewed in this section (UPR, treaty bodies).", model=FollowUp, default=None)
    index: int = computed()  # its place in the brief's `sections`
    line: int = computed(0)


@declaration
@dataclass(frozen=True, kw_only=True)
class Organisation:
    """One submitting organisation."""

    name: str = declared("string", "The organisation's full name.", required=True)
    short: str = declared("string", "Its acronym or short name.", default="")
    about: str = declared("text", "A paragraph describing it (Markdown).", default="")
    contact: str = declared("text", "Who to contact and how: a name and an e-mail address, a telephone number.",
                            default="")
    status: str = declared("enum", "Its ECOSOC consultative status: general, special or roster (HRC written "
                           "statements).", choices=CONSULTATIVE_STATUSES, default="")


@declaration
@dataclass(frozen=True, kw_only=True)
class Allow:
    """A brief's decision to silence one editorial rule for some facts, sources or sections, with its reason."""

    rule: str = declared("enum", "The id of the editorial rule (docs/checks.md).", choices=EDITORIAL_RULES, required=True)
    ids: tuple[str, ...] = declared(
        "strings", "The facts, sources or sections (by theme, or title) it is silenced for; none: the whole paper.",
        default=())
    why: str = declared("text", "Why the paper may do so: shown to editors, required.", required=True)
    line: int = computed(0)


@dataclass(frozen=True)
class Citing:
    """One citation written in a brief, with where it was written and the group (one note) it is written in."""

    id: str
    locator: str
    field: str
    line: int
    group: int = 0


@declaration
@dataclass(frozen=True, kw_only=True)
class Brief:
    """A brief specification: the paper's metadata, its sections, its wishes."""

    title: str = declared("string", "The paper's title.", required=True)
    subtitle: str = declared("string", "The line under the title: body, session, kind of paper.", default="")
    country: str = declared(
        "country", "ISO 3166-1 alpha-2 code; facts of other countries are never selected.", required=True)
    date: PartialDate | None = declared("date", "Publication date shown on the cover.", default=None)
    language: str = declared("language", "Language of the fixed wording: en, fr, es or ru.", default="en")
    profile: str = declared("string", "Submission profile (word limits, required parts).", default="none")
    style: str = declared("string", "A folder of styles/; default un-submission.", default="un-submission")
    notes: str = declared("enum", "The note form, un or chicago-notes; default: the style's (docs/citations.md).",
                          choices=NOTE_FORMS, default="")
    outputs: tuple[str, ...] = declared("enums", "Formats to build: docx, pdf, html.", choices=FORMATS, default=("docx", "pdf"))
    session: str = declared("string", "The session the paper is submitted to, as the body names it (\"59th session\").",
                            default="")
    agenda_item: str = declared("string", "The agenda item it is submitted under (\"Item 4\").", default="")
    period: ClassVar[Group] = Group("Only facts dated inside it.")
    period_from: PartialDate | None = declared(
        "date", "Only facts dated on or after this date.", key="from", within="period", default=None)
    period_to: PartialDate | None = declared(
        "date", "Only facts dated on or before this date.", key="to", within="period", default=None)
    submitted_by: tuple[Organisation, ...] = declared(
        "objects", "The organisations, listed on the cover.", model=Organisation, default=())
    summary: str = declared("text", "Executive summary (Markdown, not numbered).", default="")
    introduction: str = declared("text", "Introduction (Markdown).", default="")
    sections: tuple[Section, ...] = declared("objects", "The thematic sections, in order.", model=Section, default=())
    recommendations_summary: bool = declared("boolean", "Repeat all recommendations at the end.", default=False)
    annex_sources: bool = declared("boolean", "A closing list of every source cited; default true.", default=True)
    annex_recommendations: bool = declared(
        "boolean", "A closing matrix of every recommendation the paper reviews.", default=False)
    allow: tuple[Allow, ...] = declared(
        "objects", "Editorial rules silenced for some facts, sources or sections, each with its reason.", model=Allow,
        default=())
    path: str = computed()
    name: str = computed()
    citations: tuple[Citing, ...] = computed(())
    profile_line: int = computed(0)
    key_lines: Mapping[str, int] = field(default_factory=dict, compare=False)  # the line of each top-level key of the file
