"""Tests of text no real paper holds but a hostile or careless one may: a word longer than a line
(broken, never clipped), and paragraphs calling more notes than a page can hold (refused before
any layout, or named when the layout cannot place them)."""

from __future__ import annotations

import dataclasses
import io
import re
import time

import pdfplumber
import pytest

from compiler.document.model import Note, Paragraph, Part, Text
from compiler.errors import RenderError
from compiler.render import html, pdf
from compiler.style import Style, find_style
from tests.sample_document import note, sample_document

WORD = "".join(chr(ord("a") + (i * 7) % 26) for i in range(5000))  # 5,000 letters, no hyphenation point kept


@pytest.fixture(scope="module")
def un() -> Style:
    return find_style("un-submission", None)


def with_part(part: Part):
    """Return the sample paper with `part` before its recommendations, sources and contacts."""
    base = sample_document(2)
    return dataclasses.replace(base, parts=base.parts[:-2] + (part,) + base.parts[-2:])


def runs(data: bytes, letters: str) -> str:
    """Return every run of 20 or more of `letters` the PDF's text holds (or fewer before " ends"), joined: the word
    whole again. Only the characters inside the page count: text run off the page is clipped."""
    with pdfplumber.open(io.BytesIO(data)) as doc:
        text = "\n".join(page.within_bbox((0, 0, page.width, page.height), strict=True).extract_text() or ""
                          for page in doc.pages).replace("\u200b", "")
    return "".join(re.findall(f"[{letters}]{{20,}}|[{letters}]+(?= ends)", text))


def test_a_word_longer_than_a_line_is_broken_not_clipped_in_the_pdf(un):
    base = sample_document(2)
    number = len(base.notes()) + 1
    part = Part("section", (Text("Long words"),), "section-9",
                (Paragraph((Text(f"The word {WORD.upper()} ends here. "), note(number, f"Note {WORD} ends.")), 9),))
    data = pdf.render(with_part(part), un).data
    assert runs(data, "A-Z") == WORD.upper()  # every letter, in order, on the pages of the paragraph
    assert runs(data, "a-z") == WORD  # and in the note


def test_print_html_breaks_only_runs_longer_than_any_line():
    assert html.breakable("an ordinary sentence with https://example.org/a/b") == "an ordinary sentence with https://example.org/a/b"
    broken = html.breakable("x" * 150)
    assert broken.replace("\u200b", "") == "x" * 150
    assert [len(run) for run in broken.split("\u200b")] == [60, 60, 30]
    assert html.breakable("y" * 50 + "-" + "z" * 50) == "y" * 50 + "-" + "z" * 50


def intro_brief(workspace, first: str, second: str) -> None:
    """Write a brief whose one section's intro holds the paragraphs `first` and `second` (its line 9)."""
    workspace.write("briefs/paper.yaml", f"""\
        title: "Kazakhstan: Test Paper"
        country: KZ
        date: 2011-07-12
        sections:
          - theme: media
            intro: |
              {first}

              {second}
        """)


def claims(count: int) -> str:
    return " ".join(f"Claim {i} [@libel-2007, p. {i}]." for i in range(count))


def test_a_paragraph_citing_250_times_is_refused_by_check_before_any_layout(workspace, run):
    intro_brief(workspace, "A short first paragraph [@khabar-2008].", claims(250))
    started = time.monotonic()
    for command in (("check",), ("build", "--to", "pdf", "-q")):
        code, out, err = run(*command)
        assert code == 3, (command, out, err)
        [line] = [line for line in (out + err).splitlines() if "notes" in line]
        assert line.startswith("briefs/paper.yaml:9: sections[0].intro: ")
        assert "a paragraph calling 250 notes; the limit is 50 in one paragraph" in line
    assert time.monotonic() - started < 30
    assert not (workspace.root / "output" / "paper.pdf").exists()


def test_fifty_notes_in_a_paragraph_and_more_in_a_field_pass_check(workspace, run):
    intro_brief(workspace, claims(50), claims(50))
    code, out, err = run("check")
    assert code == 0, out + err


def test_notes_a_page_cannot_hold_name_their_paragraph_and_fail_in_seconds(un):
    base = sample_document(2)
    first = len(base.notes()) + 1
    calls = tuple(note(first + i, f"Source document number {first + i} on the situation of the freedom of expression "
                               f"in the country, a report published in 2008, page {i}.") for i in range(45))
    part = Part("section", (Text("Dense notes"),), "section-9",
                (Paragraph((Text("Packed claims stand here"),) + calls + (Text("."),), 9),))
    started = time.monotonic()
    with pytest.raises(RenderError) as caught:
        pdf.render(with_part(part), un)
    message = caught.value.problems[0].message
    assert "could not be placed at the foot of the page of their call" in message
    assert ": called in paragraph 9 'Packed claims stand here.'; note " in message, message
    assert time.monotonic() - started < 120


def test_the_layout_gives_up_once_a_paragraph_has_had_every_repair(un, monkeypatch):
    base = sample_document(2)
    first = len(base.notes()) + 1
    parts = []
    for section in range(2):
        start = first + section * 35
        calls = tuple(note(start + i, f"Source document number {start + i} on the situation of the freedom of "
                                      f"expression in the country, a report published in 2008, page {i}.")
                      for i in range(35))
        parts.append(Part("section", (Text(f"Dense {section}"),), f"section-{9 + section}",
                          (Paragraph((Text(f"Packed claims of section {section}"),) + calls + (Text("."),), 9 + section),)))
    document = dataclasses.replace(base, parts=base.parts[:-2] + tuple(parts) + base.parts[-2:])
    layouts = []
    real_layout_of = pdf.layout_of
    monkeypatch.setattr(pdf, "layout_of", lambda *args: layouts.append(1) or real_layout_of(*args))
    with pytest.raises(RenderError, match="paragraph 9 'Packed claims of section 0.'"):
        pdf.lay_out(document, un)
    assert len(layouts) <= 4  # the first layout and the three repairs of the first paragraph; not those of the second


def test_a_fact_or_an_assessment_citing_too_often_is_refused_by_check(workspace, run):
    from tests.conftest import SOURCE

    cites = " ".join(f"[@khabar-2008, p. {i}]" for i in range(60))
    workspace.write("sources/kz/hrw-memo.yaml", SOURCE.replace(
        "libel cases against journalists.", f"libel cases against journalists {cites}."))
    code, out, err = run("check")
    assert code == 3, out + err
    assert ("sources/kz/hrw-memo.yaml:10: facts[0].text: a paragraph calling 60 notes; the limit is 50 in one "
            "paragraph (split it, or cite several sources in one note: [@a; @b])") in (out + err).splitlines()
