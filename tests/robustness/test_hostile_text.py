"""Tests that pasted text stays text: HTML, CSS, file:// and http:// URLs, Markdown images and
Jinja2 syntax in any field of a brief, a fact, a source or a theme reach the Document as
literal Text, never as a link to a file, an image, markup or a template; and that the
renderers neither interpret it nor fetch anything it names."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from compiler.brief import load_brief
from compiler.document.assemble import assemble
from compiler.document.cite import cite
from compiler.document.markdown import parse_inline
from compiler.document.model import Code, Document, Emph, Link, LineBreak, Note, Strong, Text, block_contents
from compiler.selection import select_facts
from compiler.store import load_store

HOSTILE = [
    "<script>alert('x')</script>",
    '<img src="http://evil.example/t.png" onerror="alert(1)">',
    "<style>@import url(http://evil.example/s.css); p{background:url(file:///etc/passwd)}</style>",
    "<link rel=stylesheet href=file:///etc/passwd>",
    "url(file:///etc/hostname)",
    "http://evil.example/plain",
    "file:///etc/passwd",
    "![tracker](http://evil.example/pixel.png)",
    "![local](file:///etc/passwd)",
    "[local link](file:///etc/passwd)",
    "[js](javascript:alert(1))",
    "[data](data:text/html;base64,PHNjcmlwdD4=)",
    "<file:///etc/shadow>",
    "{{ config.items() }}",
    "{% include '/etc/passwd' %}",
    "{# hidden #}",
    "<!-- hidden -->",
    "<?php system('id'); ?>",
]
PLAIN = " | ".join(HOSTILE)
MARKDOWN = "Opening. " + " and ".join(HOSTILE) + " closing [@hostile-fact]."


def hostile_workspace(root: Path) -> Path:
    """Write a valid workspace whose every free-text field holds the hostile strings."""
    (root / "sources" / "kz").mkdir(parents=True)
    (root / "briefs").mkdir()
    themes = {"themes": {"media": {"title": PLAIN, "description": MARKDOWN, "instruments": [PLAIN]}}}
    source = {
        "id": "hostile-doc", "kind": "report", "title": PLAIN, "short_title": PLAIN, "author": [PLAIN, "B"],
        "publisher": PLAIN, "issued": "2010", "url": "https://example.org/report", "accessed": "2016-05-29",
        "symbol": PLAIN, "container": PLAIN, "doi": PLAIN, "country": "KZ",
        "facts": [
            {"id": "hostile-fact", "text": MARKDOWN, "themes": ["media"], "date": "2009", "locator": PLAIN,
             "quote": MARKDOWN, "tags": [PLAIN]},
            {"id": "second-fact", "text": MARKDOWN, "themes": ["media"], "date": "2010"},
        ],
    }
    brief = {
        "title": PLAIN, "subtitle": PLAIN, "country": "KZ", "date": "2011-07-12",
        "submitted_by": [{"name": PLAIN, "short": PLAIN, "about": MARKDOWN, "contact": MARKDOWN}],
        "summary": MARKDOWN, "introduction": MARKDOWN + "\n\n- " + HOSTILE[0] + "\n- " + HOSTILE[7],
        "sections": [
            {"theme": "media", "title": PLAIN, "intro": MARKDOWN.replace("hostile-fact", "hostile-doc, " + "p. 1"),
             "layout": "paragraphs", "recommendations": [MARKDOWN, PLAIN]},
            {"theme": "media", "title": PLAIN, "layout": "bullets", "select": {"include": ["second-fact"]}},
            {"title": PLAIN, "intro": MARKDOWN},
        ],
        "recommendations_summary": True,
    }
    dump = lambda value: yaml.safe_dump(value, allow_unicode=True, sort_keys=False, width=10_000)  # noqa: E731
    (root / "sources" / "themes.yaml").write_text(dump(themes), encoding="utf-8")
    (root / "sources" / "kz" / "hostile.yaml").write_text(dump(source), encoding="utf-8")
    (root / "briefs" / "hostile.yaml").write_text(dump(brief), encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def hostile_document(tmp_path_factory) -> Document:
    root = hostile_workspace(tmp_path_factory.mktemp("hostile") / "ws")
    store, problems = load_store(root / "sources", root, cache=False)
    assert problems == []
    brief, problems = load_brief(root / "briefs" / "hostile.yaml", store, None, None)
    assert problems == [] and brief is not None
    return cite(assemble(select_facts(brief, store)), store)


def every_inline(document: Document):
    """Yield every inline of the Document, note contents included."""

    def walk(inlines):
        for node in inlines:
            yield node
            if isinstance(node, (Emph, Strong, Link)):
                yield from walk(node.children)
            elif isinstance(node, Note):
                yield from walk(node.content)

    for part in document.parts:
        yield from walk(part.title)
        for block in part.blocks:
            for content in block_contents(block):
                yield from walk(content)


def document_text(document: Document) -> str:
    cover, meta = document.cover, document.meta
    pieces = [cover.title, cover.subtitle, *cover.organisations, meta.title, meta.subject, *meta.authors]
    pieces += [n.text for n in every_inline(document) if isinstance(n, (Text, Code))]
    return "\n".join(pieces).translate(STRAIGHT)


#: The typography pass sets quotation marks and apostrophes; hostile text is otherwise as written.
STRAIGHT = str.maketrans({"\u201c": '"', "\u201d": '"', "\u2018": "'", "\u2019": "'"})


def test_every_inline_is_plain_text_or_a_safe_link(hostile_document):
    kinds = {type(n) for n in every_inline(hostile_document)}
    assert kinds <= {Text, Emph, Strong, Code, Link, LineBreak, Note}  # there is no image node at all
    links = [n for n in every_inline(hostile_document) if isinstance(n, Link)]
    assert {n.url for n in links} == {"https://example.org/report"}  # the source's own url, in its references


@pytest.mark.parametrize("hostile", HOSTILE)
def test_hostile_strings_reach_the_document_as_written(hostile_document, hostile):
    text = document_text(hostile_document)
    assert hostile in text
    # in every Markdown field (summary, introduction, intros, facts, recommendations, contacts)
    assert text.count(hostile) >= 8


@pytest.mark.parametrize(
    "markdown, expected",
    [
        ("![x](http://evil.example/p.png)", "![x](http://evil.example/p.png)"),
        ("See ![x](https://evil.example/p.png \"t\") here", "See ![x](https://evil.example/p.png \"t\") here"),
        ("[![x](http://i.example/p.png)](http://ok.example)", None),
        ("![x][ref]\n\n[ref]: http://evil.example/p.png", "![x][ref] [ref]: http://evil.example/p.png"),
        ("<file:///etc/passwd>", "<file:///etc/passwd>"),
        ("[a](file:///etc/passwd)", "[a](file:///etc/passwd)"),
        ("[a](FILE:///etc/passwd)", "[a](FILE:///etc/passwd)"),
        ("[a](//evil.example/x)", "[a](//evil.example/x)"),
        ("[a](/etc/passwd)", "[a](/etc/passwd)"),
        ("[a]( javascript:alert(1))", "[a]( javascript:alert(1))"),
        ("<b onclick=x>bold</b>", "<b onclick=x>bold</b>"),
        ("{{ '7' * 7 }}", "{{ '7' * 7 }}"),
        ("[]()", "[]()"),
        ("see [here]() now", "see [here]() now"),
    ],
)
def test_images_and_unsafe_links_stay_as_written(markdown, expected):
    inlines = parse_inline(markdown)
    links = [n for n in inlines if isinstance(n, Link)]
    assert all(n.url.startswith(("http://", "https://", "mailto:")) for n in links)
    assert not any("p.png" in n.url for n in links)  # an image never becomes a link to itself
    if expected is not None:
        assert "".join(n.text for n in inlines if isinstance(n, Text)) == expected
        assert links == []


def test_a_link_around_an_image_keeps_the_image_as_text():
    inlines = parse_inline("[![x](http://i.example/p.png)](http://ok.example)")
    assert inlines == (Link("http://ok.example", (Text("![x](http://i.example/p.png)"),)),)


def test_source_urls_other_than_http_are_refused(tmp_path, monkeypatch):
    root = tmp_path / "ws"
    (root / "sources").mkdir(parents=True)
    monkeypatch.chdir(root)
    bad = ["file:///etc/passwd", "javascript:alert(1)", "http://a b", 'https://x/"onmouseover="1', "//evil.example"]
    for index, url in enumerate(bad):
        (root / "sources" / f"d{index}.yaml").write_text(yaml.safe_dump({"id": f"d{index}", "title": "T", "url": url}))
    _, problems = load_store(root / "sources", root, cache=False)
    assert [p.field for p in problems] == ["url"] * len(bad)
    assert all(p.message.startswith("expected an http:// or https:// address") for p in problems)


# --- the renderers: nothing interpreted, nothing fetched -------------------------------------


def test_html_output_escapes_every_hostile_string(hostile_document):
    from compiler.render import renderer
    from compiler.style import find_style

    html = renderer("html").render(hostile_document, find_style("un-submission", None)).data.decode("utf-8")
    assert "<script>alert" not in html and "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in html
    assert "<img" not in html and "<style>@import" not in html and "<link rel=stylesheet" not in html
    assert "<!-- hidden -->" not in html and "&lt;!-- hidden --&gt;" in html
    for needle in ("{{ config.items() }}", "{% include &#39;/etc/passwd&#39; %}", "{# hidden #}"):
        assert needle in html  # shown, not run: Jinja2 never sees user text as a template
    for bad in ('href="file:', "href='file:", 'src="http', 'href="javascript:', 'href="data:', "evil.example/pixel.png\""):
        assert bad not in html


def test_pdf_rendering_fetches_nothing_the_text_names(hostile_document, monkeypatch):
    pytest.importorskip("weasyprint")
    from compiler.render import fetch, renderer
    from compiler.style import find_style

    asked: list[str] = []
    real = fetch.FetchPolicy.fetch

    def recording(self, url):
        asked.append(url)
        return real(self, url)

    monkeypatch.setattr(fetch.FetchPolicy, "fetch", recording)
    pdf = renderer("pdf").render(hostile_document, find_style("un-submission", None)).data
    assert pdf.startswith(b"%PDF")
    assert all(url.startswith(("data:", "file:")) for url in asked), asked
    assert not [url for url in asked if "evil" in url or "/etc/" in url]


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("style", "../../../etc", "style: expected a style folder name; got '../../../etc'"),
        ("style", "/etc", "style: expected a style folder name; got '/etc'"),
        ("style", "..", "style: expected a style folder name; got '..'"),
        ("profile", "../../../etc/passwd", "profile: no profile '../../../etc/passwd'; available: "),
        ("profile", "/etc/passwd", "profile: no profile '/etc/passwd'; available: "),
    ],
)
def test_style_and_profile_names_cannot_name_other_files(workspace, run, field, value, message):
    workspace.write("briefs/paper.yaml", f"title: T\ncountry: KZ\n{field}: '{value}'\n")
    code, out, err = run("build", "--to", "html")
    assert code == 3
    assert f"briefs/paper.yaml:3: {message}" in err
    assert not (workspace.root / "output").exists()
