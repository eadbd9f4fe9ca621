"""Check French superscript ordinals: the Superscript inline, the typography pass that makes it, both renderers, the sample paper."""

from __future__ import annotations

import dataclasses
import io
import re

import docx
import pdfplumber
import pytest

from compiler.document import typography
from compiler.document.model import (
    Citation, Code, Cover, Emph, Link, Note, Paragraph, Part, Superscript, Text, map_inline, map_nested, plain_text, walk,
)
from compiler.render import renderer
from compiler.render.html import print_html
from compiler.style import find_style
from tests.sample_document import sample_document

SUP = Superscript


@pytest.mark.parametrize("written, expected", [
    ("la 102e session", (Text("la 102"), SUP((Text("e"),)), Text(" session"))),
    ("le 1er mai", (Text("le 1"), SUP((Text("er"),)), Text(" mai"))),
    ("la 1re fois, la 2nde", (Text("la 1"), SUP((Text("re"),)), Text(" fois, la 2"), SUP((Text("nde"),)))),
    ("au XXe siècle", (Text("au XX"), SUP((Text("e"),)), Text(" siècle"))),
    ("François Ier", (Text("François I"), SUP((Text("er"),)))),
    ("les 3es rencontres", (Text("les 3"), SUP((Text("es"),)), Text(" rencontres"))),
])
def test_a_french_ordinal_ending_becomes_a_superscript(written, expected):
    assert typography.ordinals((Text(written),)) == expected


@pytest.mark.parametrize("written", [
    "Le De Ce Me", "A/HRC/14/10", "GE.14-23954", "CCPR/C/KAZ/CO/1", "10e6", "l’article 2e’", "Vies", "3ème",
])
def test_what_is_no_ordinal_is_left_alone(written):
    assert typography.ordinals((Text(written),)) == (Text(written),)


def test_ordinals_look_into_emphasis_but_not_into_links_code_or_notes():
    inlines = (Emph((Text("la 102e"),)), Link("https://x.org/1er", (Text("1er"),)), Code("2e"),
               Note((Citation("a"),), 1, (Text("1er"),)))
    assert typography.ordinals(inlines) == (Emph((Text("la 102"), SUP((Text("e"),)))),) + inlines[1:]


def test_only_a_french_paper_gets_superscripts_in_its_body_notes_and_cover():
    def paper(language):
        document = sample_document(language=language)
        cover = dataclasses.replace(document.cover, subtitle="Comité des droits de l’homme, 102e session")
        part = Part("summary", (Text("Résumé"),), "summary", (Paragraph((Text("Au XXe siècle"),)),))
        return typography.apply(dataclasses.replace(document, cover=cover, parts=(part,)))

    french = paper("fr")
    assert french.parts[0].blocks[0].content == (Text("Au XX"), SUP((Text("e"),)), Text(" siècle"))
    assert french.cover.subtitle_inlines() == (Text("Comité des droits de l’homme, 102"), SUP((Text("e"),)), Text(" session"))
    assert french.cover.subtitle == "Comité des droits de l’homme, 102e session"  # the metadata keep the plain text
    english = paper("en")
    assert not [n for n in walk(english.parts[0].blocks[0].content) if isinstance(n, Superscript)]
    assert english.cover.subtitle_inlines() == (Text("Comité des droits de l’homme, 102e session"),)
    note = Note((Citation("a"),), 1, (Text("Rapport de la 102e session."),))
    notes = typography.apply_to_notes(dataclasses.replace(french, parts=(Part("summary", (), "s", (Paragraph((note,)),)),)))
    assert notes.notes()[0].content == (Text("Rapport de la 102"), SUP((Text("e"),)), Text(" session."))


def test_the_traversal_plain_text_and_walk_reach_a_superscript():
    inlines = (Text("102"), SUP((Text("e"),)), Text(" session"))
    assert plain_text(inlines) == "102e session"
    assert [type(n).__name__ for n in walk(inlines)] == ["Text", "Superscript", "Text", "Text"]
    upper = map_inline(inlines, lambda n: Text(n.text.upper()) if isinstance(n, Text) else n)
    assert upper[1] == SUP((Text("E"),))
    seen: list[tuple] = []
    map_nested(inlines, lambda seq: seen.append(seq) or seq)
    assert seen[0] == (Text("e"),)


def small_paper() -> object:
    document = sample_document(language="fr")
    cover = Cover(title="Au XXe siècle", subtitle="102e session", title_content=(Text("Au XX"), SUP((Text("e"),)), Text(" siècle")),
                  subtitle_content=(Text("102"), SUP((Text("e"),)), Text(" session")))
    part = Part("summary", (Text("Résumé"),), "summary", (Paragraph((Text("Le 1"), SUP((Text("er"),)), Text(" mai"))),))
    return dataclasses.replace(document, cover=cover, parts=(part,))


def test_the_html_raises_a_superscript_with_sup():
    page = print_html(small_paper(), find_style("un-submission", None)).replace("\u00ad", "")  # no hyphenation points
    assert "Le 1<sup>er</sup> mai" in page
    assert "Au XX<sup>e</sup> siècle" in page and "102<sup>e</sup> session" in page


def test_the_docx_raises_a_superscript_as_a_superscript_run():
    data = renderer("docx").render(small_paper(), find_style("un-submission", None)).data
    runs = [(run.text, run.font.superscript) for p in docx.Document(io.BytesIO(data)).paragraphs for run in p.runs]
    assert ("er", True) in runs and ("Le 1", None) in runs
    assert [text for text, raised in runs if raised] == ["e", "e", "er"]  # the cover's title and subtitle, the paragraph


def test_the_french_sample_paper_raises_its_102e(sample_papers):
    paragraphs = docx.Document(str(sample_papers / "kazakhstan-ccpr-2011-fr.docx")).paragraphs
    runs = [run for p in paragraphs for run in p.runs]
    raised = [(before.text, run.text) for before, run in zip(runs, runs[1:]) if run.font.superscript]
    assert any(before.endswith("102") and text == "e" for before, text in raised), raised
    with pdfplumber.open(sample_papers / "kazakhstan-ccpr-2011-fr.pdf") as pdf:
        chars = pdf.pages[0].chars
    text = "".join(c["text"] for c in chars)
    at = text.index("102e")
    two, e = chars[at + 2], chars[at + 3]
    assert e["size"] < two["size"] * 0.8 and e["bottom"] < two["bottom"] - 1, (two, e)
    english = docx.Document(str(sample_papers / "kazakhstan-ccpr-2011.docx")).paragraphs
    assert not [run.text for p in english for run in p.runs if run.font.superscript]
    assert re.search(r"102nd session", "".join(p.text for p in english))
