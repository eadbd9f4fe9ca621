"""Test turning a Document into HTML: structure, notes, labels, style settings, escaping, the sandbox."""

from __future__ import annotations

import dataclasses
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

from compiler.document.model import Document, Link, Note, Paragraph, Part, Text
from compiler.errors import RenderError
from compiler.render import html, renderer
from compiler.style import Style, find_style
from tests.sample_document import LABELS_EN, note, sample_document

HOSTILE = (
    '<img src="file:///etc/passwd">',
    '<link rel="attachment" href="file:///etc/passwd">',
    "@import url(file:///etc/passwd);",
    "{{ 7*7 }}",
    "{% raw %}x{% endraw %}",
    '</style><script>alert("x")</script>',
)


class TagCollector(HTMLParser):
    """Collect the start tags of a page and the text of its <style> elements."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.style_text: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.style_text.append(data)


def tags_of(page: str) -> TagCollector:
    """Return the parsed tags of `page`."""
    parser = TagCollector()
    parser.feed(page)
    return parser


def hostile_document() -> Document:
    """Return the sample paper with hostile text in its paragraphs, notes, cover, metadata and contacts."""
    doc = sample_document()
    bad = " ".join(HOSTILE)
    part = Part("section", (Text(bad),), "hostile",
                (Paragraph((Text(bad), note(99, bad)), number=42),), label="IV.")
    return dataclasses.replace(
        doc,
        meta=dataclasses.replace(doc.meta, title=bad, short_title=bad, authors=(bad,)),
        cover=dataclasses.replace(doc.cover, title=bad, subtitle=bad, organisations=(bad,)),
        parts=doc.parts + (part,),
    )


@pytest.fixture(scope="module")
def un() -> Style:
    return find_style("un-submission", None)


@pytest.fixture(scope="module")
def ngo() -> Style:
    return find_style("ngo-briefing", None)


def test_renderer_table_finds_this_module() -> None:
    assert renderer("html") is html
    assert html.EXTENSION == "html"


def test_page_is_standalone_html5_in_utf8(un: Style) -> None:
    out = html.render(sample_document(), un).data
    page = out.decode("utf-8")
    assert page.startswith("<!DOCTYPE html>\n<html lang=\"en\">")
    assert '<meta charset="utf-8">' in page
    assert "<title>Kazakhstan: Freedom of Expression</title>" in page
    assert page.count('<meta name="author"') == 2
    tags = tags_of(page).tags
    assert "style" in tags
    assert "link" not in tags and "script" not in tags and "img" not in tags
    urls = re.findall(r'url\("?([^")]*)', "".join(tags_of(page).style_text))
    assert all(u.startswith("data:") for u in urls)  # no font file, no link: the page stands alone


def test_html_bytes_are_identical_across_runs(un: Style, ngo: Style) -> None:
    for style in (un, ngo):
        assert html.render(sample_document(), style).data == html.render(sample_document(), style).data


def test_numbered_paragraphs_parts_and_lists(un: Style) -> None:
    doc = sample_document(facts=8)
    page = html.render(doc, un).data.decode()
    numbers = [int(n) for n in re.findall(r'id="para-(\d+)"', page)]
    assert numbers == [p.number for p in doc.numbered_paragraphs()]
    assert '<span class="para-no">2.</span>Fact 1:' in page
    assert '<span class="part-label">II.</span> Freedom of expression</h2>' in page
    assert page.count('<ol class="lettered">') == 4
    assert '<ul class="bullets">' in page and '<ul class="sources">' in page
    assert '<strong>International Partnership for Human Rights</strong>' in page
    summary = page.split('id="summary"')[1].split("</section>")[0]
    assert "para-no" not in summary


def test_every_note_has_a_call_and_an_endnote_on_screen(un: Style) -> None:
    doc = sample_document(facts=10)
    page = html.render(doc, un).data.decode()
    for n in doc.notes():
        assert page.count(f'href="#fn-{n.number}"') == 1
        assert page.count(f'<li id="fn-{n.number}" value="{n.number}">') == 1
    assert "<em>The Madrid Promises</em>" in page


def test_print_html_floats_each_note_where_it_is_called(un: Style) -> None:
    doc = sample_document(facts=10)
    page = html.print_html(doc, un)
    for n in doc.notes():
        assert page.count(f'<span class="fn" id="fn-{n.number}" data-note="{n.number}">') == 1
    assert "endnotes" not in page.split("<main>")[1]
    assert "float: footnote" in page
    faces = re.findall(r'src: url\("([^"]+)"\)', page)
    assert len(faces) == 4 and "LiberationSans" not in " ".join(faces) and all(f.startswith("file://") and "/compiler/assets/fonts/" in f for f in faces)
    # the note call stays where the citation pass put it, before or after punctuation
    assert "prosecuted for <strong>libel</strong>.&#8288;<span class=\"fn\" id=\"fn-1\"" in page.replace("\u00ad", "")


def test_style_settings_reach_the_css(un: Style, ngo: Style) -> None:
    un_page = html.print_html(sample_document(), un)
    ngo_page = html.print_html(sample_document(), ngo)
    assert "font-size: 12pt" in un_page and "text-align: justify" in un_page
    assert "margin: 25mm 25mm 25mm 25mm" in un_page
    assert "#1F5C99" in ngo_page and "text-align: left" in ngo_page
    assert "margin: 22mm 22mm 22mm 22mm" in ngo_page
    assert '"Liberation Sans"' in ngo_page


def test_fixed_wording_comes_from_the_labels(un: Style) -> None:
    labels = dict(LABELS_EN, contents="Содержание", contact="Контакт", page_of="стр. {page} из {pages}")
    doc = sample_document(language="ru")
    doc = dataclasses.replace(doc, meta=dataclasses.replace(doc.meta, labels=labels))
    page = html.print_html(doc, un)
    assert '<html lang="ru">' in page
    assert ">Содержание</h2>" in page and "Contents" not in page
    assert 'content: "стр. " counter(page) " из " counter(pages);' in page


def test_page_of_label_becomes_css_counters() -> None:
    assert html.page_of_content("page {page} of {pages}") == '"page " counter(page) " of " counter(pages)'
    assert html.page_of_content("{page}/{pages}") == 'counter(page) "/" counter(pages)'


def test_css_strings_cannot_break_out() -> None:
    quoted = html.css_string('a"; } body { display: none } </style> \\')
    assert quoted.startswith('"') and quoted.endswith('"')
    inner = quoted[1:-1]
    assert not set(inner) & set("\"'<>&{}") and "\\5c " in inner


def test_hostile_text_is_escaped_everywhere(un: Style, ngo: Style) -> None:
    for style in (un, ngo):
        for page in (html.render(hostile_document(), style).data.decode(), html.print_html(hostile_document(), style)):
            parsed = tags_of(page)
            assert parsed.tags.count("style") == 1 and "img" not in parsed.tags
            assert "link" not in parsed.tags and "script" not in parsed.tags
            assert page.count("</style>") == 1
            assert "&lt;img src=&#34;file:///etc/passwd&#34;&gt;" in page
            assert "&lt;link rel=&#34;attachment&#34;" in page
            assert "{{ 7*7 }}" in page and "49" not in page
            assert "{% raw %}x{% endraw %}" in page
            css = re.sub(r'"(\\.|[^"\\])*"', '""', "".join(parsed.style_text))  # outside CSS strings
            assert "@import" not in css and "etc/passwd" not in css


def test_links_only_for_web_and_mail_addresses(un: Style) -> None:
    doc = sample_document()
    para = Paragraph((Link("javascript:alert(1)", (Text("click"),)), Text(" "),
                      Link("file:///etc/passwd", (Text("file"),)), Text(" "),
                      Link("mailto:info@example.org", (Text("mail"),))), number=50)
    doc = dataclasses.replace(doc, parts=doc.parts + (Part("section", (Text("Links"),), "links", (para,)),))
    page = html.render(doc, un).data.decode()
    assert "javascript:" not in page and "file:///etc" not in page
    assert ">click<" not in page and "click" in page
    assert '<a href="mailto:info@example.org">mail</a>' in page


def copy_style(style: Style, folder: Path, name: str) -> Path:
    """Return a copy of `style`'s folder under `folder`, called `name`."""
    target = folder / name
    shutil.copytree(style.folder, target)
    return target


def test_templates_run_in_the_sandbox(tmp_path: Path, un: Style) -> None:
    folder = copy_style(un, tmp_path, "evil")
    (folder / "paper.html").write_text('{% extends "base.html" %}{% block head %}{{ "".__class__.__mro__ }}{% endblock %}')
    with pytest.raises(RenderError, match="template error"):
        html.render(sample_document(), find_style("evil", tmp_path))


def test_a_style_folder_without_templates_uses_the_products(tmp_path: Path, un: Style) -> None:
    folder = tmp_path / "bare"
    folder.mkdir()
    shutil.copy(un.folder / "style.yaml", folder / "style.yaml")
    page = html.render(sample_document(), find_style("bare", tmp_path)).data.decode()
    assert '<h2 class="part-title" id="section-1"' in page and "float: footnote" in page


def test_notes_inside_notes_are_not_rendered_twice(un: Style) -> None:
    inner = note(2, "inner")
    outer = Note(inner.citations, 1, (Text("outer"), inner))
    doc = sample_document()
    doc = dataclasses.replace(doc, parts=(Part("section", (Text("X"),), "x", (Paragraph((Text("a"), outer)),)),))
    page = html.print_html(doc, un)
    assert page.count('class="fn"') == 1
