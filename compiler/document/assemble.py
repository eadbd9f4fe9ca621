"""Turn a Selection into a Document: cover, summary, introduction, sections, annexes.

Paragraph numbers run 1, 2, 3 ... through the paper (introduction, section intros,
facts, reviewed recommendations); the summary, lists, tables and contacts are not
numbered. A section's reviewed recommendations (`compiler.document.review`) follow its
facts under a subheading; the annex matrix of every reviewed recommendation comes
before the annex of sources. Each fact paragraph ends
with one note citing the fact, which the citation pass turns into its source and
locator. The paper built, the typography pass (`compiler.document.typography`) sets
it in its language's conventions; notes are still unnumbered here.
"""

from __future__ import annotations

import datetime as dt

from compiler.countries import country_name
from compiler.document.labels import format_date, labels_for
from compiler.document.markdown import parse_blocks, parse_inline
from compiler.document.model import (
    BulletList,
    Citation,
    Emph,
    Contact,
    Contacts,
    Cover,
    Document,
    Inline,
    ListItem,
    Meta,
    Note,
    Paragraph,
    Part,
    Recommendations,
    SourceList,
    Subheading,
    Text,
)
from compiler.document import typography
from compiler.document.review import Reviewer
from compiler.selection import Selection
from compiler.store.model import Fact

_ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
          (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))


def roman(number: int) -> str:
    """Return `number` in upper-case roman numerals."""
    out = []
    for value, letters in _ROMAN:
        while number >= value:
            out.append(letters)
            number -= value
    return "".join(out)


def short_title(title: str, limit: int = 70) -> str:
    """Return the title for the running head: whole when short, else the part before its colon."""
    if len(title) <= limit:
        return title
    head = title.split(":", 1)[0].strip()
    return head if len(head) <= limit else head[: limit - 1].rstrip() + "…"


def fact_text(fact: Fact, language: str) -> str:
    """Return the fact's claim in `language` when translated, else as written."""
    base = language.split("-")[0]
    return fact.translations.get(language) or fact.translations.get(base) or fact.text


class _Numbers:
    def __init__(self) -> None:
        self.value = 0

    def next(self) -> int:
        self.value += 1
        return self.value


def assemble(selection: Selection, organisations_first: bool = False, *, cover_page: bool = True,
             contents_page: bool = True) -> Document:
    """Return the Document of `selection` in its language's typography, notes not yet numbered.

    With `organisations_first` (a profile's choice: UPR guidelines want the submitting
    organisations described at the top), their part comes right after the summary.
    `cover_page` and `contents_page` (a profile's choice too) say whether the renderers
    draw a cover and a contents page.
    """
    brief = selection.brief
    language = brief.language
    words = labels_for(language)
    numbers = _Numbers()
    parts: list[Part] = []
    reviewer = Reviewer(selection.store, words, language, brief.date)

    if brief.summary:
        parts.append(Part("summary", (Text(words["summary"]),), "summary", _blocks(brief.summary, None)))
    label_no = 0
    if brief.introduction:
        label_no += 1
        parts.append(Part("introduction", (Text(words["introduction"]),), "introduction",
                          _blocks(brief.introduction, numbers), label=f"{roman(label_no)}."))
    for chosen in selection.sections:
        section = chosen.section
        label_no += 1
        blocks: list = list(_blocks(section.intro, numbers))
        if section.layout == "bullets":
            if chosen.facts:
                blocks.append(BulletList(tuple(
                    ListItem(_fact_inlines(f, language), (f.id,)) for f in chosen.facts)))
        else:
            blocks += [Paragraph(_fact_inlines(f, language), numbers.next(), (f.id,), "fact") for f in chosen.facts]
        if chosen.follow_up:
            blocks.append(Subheading((Text(words["follow_up"]),), f"follow-up-{section.index + 1}"))
            if section.follow_up.layout == "table":
                blocks.append(reviewer.table(chosen.follow_up, cite=True))
            else:
                blocks += [reviewer.paragraph(r, numbers.next()) for r in chosen.follow_up]
        if section.recommendations:
            blocks.append(Recommendations(tuple(ListItem(parse_inline(r)) for r in section.recommendations),
                                          words["recommendations"]))
        parts.append(Part("section", (Text(section.title),), f"section-{section.index + 1}", tuple(blocks),
                          label=f"{roman(label_no)}.", theme=section.theme))
    if brief.recommendations_summary and any(s.recommendations for s in brief.sections):
        label_no += 1
        blocks = []
        for section in brief.sections:
            if section.recommendations:
                blocks.append(Subheading((Text(section.title),), f"recommendations-{section.index + 1}"))
                blocks.append(Recommendations(tuple(ListItem(parse_inline(r)) for r in section.recommendations), ""))
        parts.append(Part("recommendations", (Text(words["recommendations_summary"]),), "recommendations",
                          tuple(blocks), label=f"{roman(label_no)}."))
    reviewed = tuple({r.id: r for chosen in selection.sections for r in chosen.follow_up}.values())
    if brief.annex_recommendations and reviewed:
        parts.append(Part("matrix", (Text(words["annex_recommendations"]),), "annex-recommendations",
                          (reviewer.table(reviewed, cite=False),)))
    if brief.annex_sources:
        parts.append(Part("sources", (Text(words["sources"]),), "sources", (SourceList(),)))
    if any(o.about or o.contact for o in brief.submitted_by):
        organisations = tuple(
            Contact(o.name, o.short, parse_inline(o.about) if o.about else (),
                    (Emph((Text(f"{words['contact']}:"),)), Text(" ")) + parse_inline(o.contact) if o.contact else ())
            for o in brief.submitted_by
        )
        contacts = Part("contacts", (Text(words["contacts"]),), "contacts", (Contacts(organisations),))
        if organisations_first:
            parts.insert(1 if brief.summary else 0, contacts)
        else:
            parts.append(contacts)

    date = brief.date.first() if brief.date else dt.date.today()
    title, subtitle = typography.typeset_text(brief.title, language), typography.typeset_text(brief.subtitle, language)
    authors = tuple(o.name for o in brief.submitted_by)
    themes = [s.theme for s in brief.sections if s.theme]
    return typography.apply(Document(
        meta=Meta(
            title=title,
            short_title=short_title(title),
            authors=authors,
            language=language,
            date=date,
            subject=subtitle,
            keywords=tuple(dict.fromkeys([country_name(brief.country)] + themes)),
            labels={k: v for k, v in words.items() if isinstance(v, str)},
        ),
        cover=Cover(
            title=title,
            subtitle=subtitle,
            country=country_name(brief.country, language),
            date=format_date(brief.date, language) if brief.date else "",
            organisations=authors,
            submitted_by=words["submitted_by"],
        ),
        parts=tuple(parts),
        cover_page=cover_page,
        contents_page=contents_page,
    ))


def _fact_inlines(fact: Fact, language: str) -> tuple[Inline, ...]:
    return parse_inline(fact_text(fact, language)) + (Note((Citation(fact.id),)),)


def _blocks(markdown: str, numbers: _Numbers | None) -> tuple:
    out = []
    for block in parse_blocks(markdown):
        if isinstance(block, Paragraph):
            out.append(Paragraph(block.content, numbers.next() if numbers else None))
        else:
            out.append(block)
    return tuple(out)

