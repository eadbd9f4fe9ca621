"""Build a small, complete Document by hand, for renderer tests that need no store."""

from __future__ import annotations

import datetime as dt

from compiler.document.model import (
    BulletList, Citation, Contact, Contacts, Cover, Document, Emph, Link, ListItem, Meta, Note,
    Paragraph, Part, Recommendations, SourceEntry, SourceList, Strong, Subheading, Text,
)

LABELS_EN = {
    "contents": "Contents", "summary": "Summary", "introduction": "Introduction",
    "recommendations": "Recommendations", "recommendations_summary": "Summary of recommendations",
    "sources": "Sources", "contacts": "Submitted by", "contact": "Contact", "submitted_by": "Submitted by",
    "ibid": "Ibid.", "page": "page", "page_of": "page {page} of {pages}", "p": "p.", "para": "para.",
    "accessed": "accessed",
}


def note(number: int, *content) -> Note:
    """Return a numbered note whose content is `content` (Text for plain strings)."""
    inl = tuple(Text(c) if isinstance(c, str) else c for c in content)
    return Note((Citation(f"src-{number}"),), number, inl)


def sample_document(facts: int = 6, language: str = "en") -> Document:
    """Return a paper with a summary, an introduction, two sections, recommendations, sources and contacts."""
    n = 0
    para_no = 0

    def next_note(*content):
        nonlocal n
        n += 1
        return note(n, *content)

    def fact_para(i: int) -> Paragraph:
        nonlocal para_no
        para_no += 1
        return Paragraph(
            (Text(f"Fact {i}: in 2008 the authorities opened criminal cases against journalists, "
                  "an example of the pressure on the media described in detail by the source. "),
             next_note("Human Rights Watch, ", Emph((Text("The Madrid Promises"),)), f", p. {i}.")),
            number=para_no, facts=(f"fact-{i}",), role="fact")

    summary = Part("summary", (Text("Summary"),), "summary",
                   (Paragraph((Text("Journalists are prosecuted for "), Strong((Text("libel"),)), Text("."),
                               next_note("Ibid."))),))
    para_no += 1
    intro = Part("introduction", (Text("Introduction"),), "introduction",
                 (Paragraph((Text("This paper is submitted by three organisations; see "),
                             Link("https://example.org/", (Text("our site"),)), Text(".")), number=para_no),),
                 label="I.")
    half = facts // 2
    sec1 = Part("section", (Text("Freedom of expression"),), "section-1",
                tuple(fact_para(i) for i in range(1, half + 1))
                + (Recommendations((ListItem((Text("Decriminalise libel."),)),
                                    ListItem((Text("Release imprisoned journalists."),))), "Recommendations"),),
                label="II.", theme="media")
    para_no += 1
    sec2_intro = Paragraph((Text("Peaceful protesters are detained."), next_note("Ibid., p. 9.")), number=para_no)
    bullets = BulletList(tuple(
        ListItem((Text(f"Bullet fact {i} about assembly in Almaty."), next_note(f"Short note {i}.")), facts=(f"fact-{i}",))
        for i in range(half + 1, facts + 1)))
    sec2 = Part("section", (Text("Freedom of peaceful assembly"),), "section-2",
                (sec2_intro, bullets, Recommendations((ListItem((Text("Repeal the permit rule."),)),), "Recommendations")),
                label="III.", theme="assembly")
    recs = Part("recommendations", (Text("Summary of recommendations"),), "recommendations",
                (Subheading((Text("Freedom of expression"),)),
                 Recommendations((ListItem((Text("Decriminalise libel."),)),
                                  ListItem((Text("Release imprisoned journalists."),))), ""),
                 Subheading((Text("Freedom of peaceful assembly"),)),
                 Recommendations((ListItem((Text("Repeal the permit rule."),)),), "")))
    sources = Part("sources", (Text("Sources"),), "sources",
                   (SourceList((SourceEntry("hrw-2008", (Text("Human Rights Watch, "), Emph((Text("The Madrid Promises"),)),
                                                         Text(", memorandum, 2008."))),)),))
    contacts = Part("contacts", (Text("Submitted by"),), "contacts",
                    (Contacts((Contact("International Partnership for Human Rights", "IPHR",
                                       (Text("An independent NGO based in Brussels."),),
                                       (Emph((Text("Contact:"),)), Text(" Brigitte Dufour, +32 2 227 6145"))),)),))
    return Document(
        meta=Meta(title="Kazakhstan: Freedom of Expression", short_title="Kazakhstan: Freedom of Expression",
                  authors=("IPHR", "KIBHR"), language=language, date=dt.date(2011, 7, 12),
                  subject="Briefing paper", labels=LABELS_EN),
        cover=Cover(title="Kazakhstan: Freedom of Expression", subtitle="Briefing paper for the Human Rights Committee",
                    country="Kazakhstan", date="12 July 2011",
                    organisations=("International Partnership for Human Rights", "Kazakhstan International Bureau for Human Rights")),
        parts=(summary, intro, sec1, sec2, recs, sources, contacts),
    )
