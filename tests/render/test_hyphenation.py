"""Check the print HTML's hyphenation: soft hyphens in lower-case words only, none in names, numbers, addresses or code."""

from __future__ import annotations

import dataclasses
import re

import pytest

from compiler.document.model import Code, Link, Paragraph, Part, Subheading, Text
from compiler.render import html, renderer
from compiler.render.hyphenation import LIMIT_CHARS, SOFT_HYPHEN, dictionary_for, soft_hyphens
from compiler.style import find_style
from tests.conftest import REPO
from tests.sample_document import sample_document

SHY = SOFT_HYPHEN


@pytest.mark.parametrize("language, written, expected", [
    ("en", "the international organisations", f"the inter{SHY}na{SHY}tional organ{SHY}isa{SHY}tions"),
    ("fr", "les organisations gouvernementales", f"les orga{SHY}ni{SHY}sa{SHY}tions gou{SHY}ver{SHY}ne{SHY}men{SHY}tales"),
    # a word that begins with a capital letter, a short word, a number: as written
    ("en", "detained in Zhanaozen in 2011, Mambetalin and Toguzbaev", "detained in Zhanaozen in 2011, Mambetalin and Toguzbaev"),
    ("en", "GE.14-23954 and A/HRC/14/10", "GE.14-23954 and A/HRC/14/10"),
    # no break nearer than three letters to either end
    ("en", "things", "things"),
])
def test_soft_hyphens_mark_the_hyphenation_points_of_lower_case_words_only(language, written, expected):
    assert soft_hyphens(written, dictionary_for(language)) == expected


def test_every_mark_is_a_point_of_pyphen_within_the_limits_and_the_text_is_otherwise_unchanged():
    import pyphen

    text = "l’organisation de défense de la liberté des médias Adil Soz réclame des documents supplémentaires"
    marked = soft_hyphens(text, dictionary_for("fr-CH"))
    assert marked.replace(SHY, "") == text
    dictionary = pyphen.Pyphen(lang="fr", left=LIMIT_CHARS[1], right=LIMIT_CHARS[2])
    for word in re.findall(r"[^\W\d_]+", text):
        expected = dictionary.inserted(word, hyphen=SHY) if word[0].islower() and len(word) >= LIMIT_CHARS[0] else word
        assert expected in marked.split(" ") or any(piece.endswith(expected) for piece in marked.split(" ")), word


def test_a_language_pyphen_does_not_know_gets_no_mark():
    assert dictionary_for("xx") is None and dictionary_for("") is None
    assert soft_hyphens("the international organisations", None) == "the international organisations"


def test_the_limits_are_those_base_css_gives_the_screen():
    css = (REPO / "compiler" / "assets" / "templates" / "base.css").read_text(encoding="utf-8")
    assert re.findall(r"hyphenate-limit-chars:\s*([\d ]+);", css) == [" ".join(map(str, LIMIT_CHARS))]


def test_only_the_print_html_is_marked_and_never_an_address_code_or_heading():
    paragraph = Paragraph((Text("Organisations in Zhanaozen, see "),
                           Link("https://example.org/organisations", (Text("https://example.org/organisations"),)),
                           Text(" and "), Code("organisations")))
    part = Part("summary", (Text("Organisations and international cooperation"),), "summary",
                (Subheading((Text("international cooperation"),)), paragraph))
    document = dataclasses.replace(sample_document(), parts=(part,))
    style = find_style("un-submission", None)
    page = html.print_html(document, style)
    assert f"Organisations in Zhanaozen, see" in page  # capitalised: no mark
    assert ">https://example.org/organisations</a>" in page and "<code>organisations</code>" in page
    assert f"inter{SHY}na{SHY}tional cooper{SHY}a{SHY}tion" in page  # headings are marked, and
    css = page[page.index("<style"):page.index("</style>")]
    assert re.search(r"@media print \{\s*body \{ hyphens: none; \}", css)  # the print CSS drops their marks
    screen = renderer("html").render(document, style).data.decode("utf-8")
    assert SHY not in screen


def test_the_sample_upr_paper_breaks_inside_a_word_only_where_it_prints_a_hyphen():
    """A line of WeasyPrint's layout that ends at a soft hyphen prints the hyphen (U+2010) there.

    WeasyPrint 70, cutting a line too long for a table cell at a soft hyphen and then
    breaking the word anyway (`overflow-wrap: break-word`), printed "pre / vent" without
    one: base.css sets `overflow-wrap: normal` where the print hyphenates.
    """
    from compiler.brief import load_brief
    from compiler.document.assemble import assemble
    from compiler.document.cite import cite
    from compiler.project import load_workspace_store
    from compiler.render.pdf import lay_out, page_boxes
    from compiler.selection import select_facts
    from compiler.workspace import Workspace

    workspace = Workspace(REPO)
    store, _ = load_workspace_store(workspace)
    brief, _ = load_brief(REPO / "briefs" / "kazakhstan-upr-joint.yaml", store)
    layout = lay_out(cite(assemble(select_facts(brief, store)), store), find_style(brief.style, REPO / "styles")).layout
    ends: list[str] = []

    def walk(box) -> None:
        if type(box).__name__ == "LineBox":
            texts = [child.text for child in box.descendants() if type(child).__name__ == "TextBox"]
            if texts:
                ends.append(texts[-1].rstrip(" "))
            return
        for child in getattr(box, "children", None) or ():
            walk(child)

    for page in layout.pages:
        for box in page_boxes(page):
            walk(box)
    assert sum(end.endswith("\u2010") for end in ends) > 20  # it hyphenates, in paragraphs and in the tables
    assert not [end[-30:] for end in ends if end.endswith(SHY)]
