"""The sample papers as pdftotext reads them: typographic quotes and apostrophes, en dashes in ranges, unbroken addresses.

Issue 14's checks on every sample PDF: no straight double quote or straight apostrophe
in the body, the notes or the annexes; no hyphen between two numbers (a range); no
capitalised word, address or number hyphenated at a line end; every address printed a
live link, in the PDF and in the DOCX.
"""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from tests.conftest import REPO

BRIEFS = sorted(p.stem for p in (REPO / "briefs").glob("*.yaml"))


@pytest.fixture(scope="module")
def texts(sample_papers) -> dict[str, str]:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) not installed")
    return {name: subprocess.run(["pdftotext", str(sample_papers / f"{name}.pdf"), "-"], capture_output=True, text=True,
                                 check=True).stdout for name in BRIEFS}


@pytest.mark.parametrize("name", BRIEFS)
def test_no_straight_quote_apostrophe_or_range_hyphen(texts, name):
    text = texts[name]
    assert '"' not in text, [line for line in text.splitlines() if '"' in line][:5]
    assert "'" not in text, [line for line in text.splitlines() if "'" in line][:5]
    ranges = re.findall(r"(?<![\w./-])\d{1,4}-\d{1,4}(?![\w/-])", text)
    assert not ranges, ranges[:5]


def hyphenated_words(text: str) -> list[str]:
    """Return the last word of each line hyphenated at its end.

    WeasyPrint's hyphenation character is U+2010 (HYPHEN); a line ending with U+002D ends
    at a hyphen of the text itself ("cross-", "…/kazakhstan-"), where a line may break.
    """
    return [line.split()[-1] for line in text.splitlines() if line.rstrip().endswith("\u2010") and line.split()]


@pytest.mark.parametrize("name", BRIEFS)
def test_no_capitalised_word_address_or_number_is_hyphenated(texts, name):
    words = hyphenated_words(texts[name])
    assert words, "the paper hyphenates no word at all: this test would check nothing"
    capitalised = [w for w in words if w.lstrip("([«“‘\u201e")[:1].isupper()]
    addresses = [w for w in words if "/" in w or "www." in w or "@" in w or "http" in w]
    numbers = [w for w in words if any(c.isdigit() for c in w)]
    assert not capitalised and not addresses and not numbers, (capitalised, addresses, numbers)
    assert "\u00ad" not in texts[name]  # the soft hyphens that mark the hyphenation points print nothing


# --- links: every address printed is a live link (issue 14, "Done when") ------------------

URL_START = re.compile(r"(?:https?://|(?<![/\w.])www\.)\S*")
URL_BREAKS = tuple("/.-?&=")


def pdf_links(path) -> tuple[list[tuple[str, list[str]]], list[str]]:
    """Return each link of a PDF as (its address, the text under it line by line), and the first line of each printed address.

    A link broken over lines (or pages) is one annotation rectangle per line; they are
    joined while their texts, end to end, begin its address.
    """
    import pdfplumber

    links: list[tuple[str, list[str]]] = []
    starts: list[str] = []
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            for link in page.hyperlinks:
                inside = [c for c in page.chars if link["x0"] - 1 <= (c["x0"] + c["x1"]) / 2 <= link["x1"] + 1
                          and link["top"] - 1 <= (c["top"] + c["bottom"]) / 2 <= link["bottom"] + 1]
                text = "".join(c["text"] for c in sorted(inside, key=lambda c: (round(c["top"]), c["x0"]))).strip()
                uri = link.get("uri") or ""
                if links and links[-1][0] == uri and "".join(links[-1][1]) != uri and uri.startswith("".join(links[-1][1])):
                    links[-1][1].append(text)
                else:
                    links.append((uri, [text]))
            # an address broken after its "//" goes on with "www." on the next line: one address
            text = re.sub(r"(https?://)\n", r"\1", page.extract_text() or "")
            starts += [m.group(0).rstrip(".,;)") for m in URL_START.finditer(text)]
    return links, starts


@pytest.mark.parametrize("name", BRIEFS)
def test_every_address_printed_in_the_pdf_is_a_link_broken_only_after_a_separator(sample_papers, name):
    links, starts = pdf_links(sample_papers / f"{name}.pdf")
    printed = [(uri, pieces) for uri, pieces in links if URL_START.match(pieces[0])]
    assert starts, "the paper prints no address: this test would check nothing"
    for start in starts:  # every address printed starts a link whose text is that address
        assert any("".join(pieces).startswith(start) for uri, pieces in printed), (start, printed)
    assert len(printed) == len(starts), (starts, printed)
    for uri, pieces in printed:
        assert "".join(pieces) == uri, (uri, pieces)  # every line of it is linked, and nothing else
        assert all(piece.endswith(URL_BREAKS) for piece in pieces[:-1]), pieces


W_NS = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


@pytest.mark.parametrize("name", BRIEFS)
def test_every_address_printed_in_the_docx_is_a_hyperlink_to_it(sample_papers, name):
    import zipfile

    from lxml import etree

    linked = 0
    with zipfile.ZipFile(sample_papers / f"{name}.docx") as archive:
        for part in ("document", "footnotes"):
            root = etree.fromstring(archive.read(f"word/{part}.xml"))
            rels = etree.fromstring(archive.read(f"word/_rels/{part}.xml.rels"))
            targets = {rel.get("Id"): (rel.get("Target"), rel.get("TargetMode")) for rel in rels}
            for paragraph in root.iter(f"{W_NS}p"):
                outside = "".join(t.text or "" for t in paragraph.iter(f"{W_NS}t")
                                  if not any(a.tag == f"{W_NS}hyperlink" for a in t.iterancestors()))
                assert not URL_START.search(outside), (part, outside)
                for link in paragraph.iter(f"{W_NS}hyperlink"):
                    text = "".join(t.text or "" for t in link.iter(f"{W_NS}t"))
                    if URL_START.match(text):
                        assert targets[link.get(R_ID)] == (text, "External"), (text, targets[link.get(R_ID)])
                        linked += 1
    assert linked, "the paper prints no address: this test would check nothing"


@pytest.mark.parametrize("name", BRIEFS)
def test_a_part_numeral_never_touches_its_title(sample_papers, name):
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) not installed")
    # -raw keeps the glyphs' own spacing: "VIII.Migrant workers" where the numeral outgrows its column
    raw = subprocess.run(["pdftotext", "-raw", str(sample_papers / f"{name}.pdf"), "-"], capture_output=True, text=True,
                         check=True).stdout
    touching = re.findall(r"^[IVXLC]+\.[^\s\d.]\S*", raw, re.M)
    assert not touching, touching
