"""Check that WeasyPrint still lays out what the PDF renderer's footnote check reads from its private box tree.

WeasyPrint has no public API for its laid-out boxes, so `compiler/render/pdf.py` reads
`Page._page_box` (through `pdf.page_boxes`) and the boxes' `children`, `element`,
`element_tag`, `padding_bottom` and `border_bottom_width`, and finds the footnote area
as a `FootnoteAreaBox`. pyproject.toml pins the WeasyPrint releases these tests passed
on; when an upgrade breaks one, the failure names the attribute, and `pdf.py` is
adapted before the pin is widened.
"""

from __future__ import annotations

import importlib
import tomllib
from numbers import Real

import pytest
import weasyprint
from packaging.requirements import Requirement

from tests.conftest import REPO
from tests.sample_document import sample_document

SEEN = f"WeasyPrint {weasyprint.__version__}"


def private(obj: object, name: str, what: str) -> object:
    """Return `obj.name`, or fail saying which attribute the PDF renderer reads is gone."""
    if not hasattr(obj, name):
        pytest.fail(f"{SEEN}: {what} has no attribute `{name}` any more; compiler/render/pdf.py reads it "
                    "to check the footnotes (adapt pdf.page_boxes and its callers, then the pin in pyproject.toml)")
    return getattr(obj, name)


@pytest.fixture(scope="module")
def pdf():
    """Return compiler.render.pdf, failing with the missing name if WeasyPrint's box classes moved."""
    boxes = importlib.import_module("weasyprint.formatting_structure.boxes")
    private(boxes, "FootnoteAreaBox", "weasyprint.formatting_structure.boxes")
    private(boxes, "Box", "weasyprint.formatting_structure.boxes")
    return importlib.import_module("compiler.render.pdf")


@pytest.fixture(scope="module")
def laid_out(pdf):
    """Return a small paper (two facts, four notes) and WeasyPrint's layout of it in the UN style."""
    from compiler.render.html import print_html
    from compiler.style import find_style

    style = find_style("un-submission", None)
    document = sample_document(facts=2)
    return document, style, pdf.layout_of(print_html(document, style), style)


def test_the_installed_weasyprint_is_one_the_pin_allows():
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    pins = [Requirement(d) for d in project["dependencies"] if Requirement(d).name == "weasyprint"]
    assert len(pins) == 1 and pins[0].specifier.contains(weasyprint.__version__), (SEEN, str(pins))
    assert "<" in str(pins[0].specifier), "the pin must refuse releases not yet tested: " + str(pins[0])


def test_each_page_gives_its_page_box_and_its_boxes(pdf, laid_out):
    from weasyprint.formatting_structure.boxes import Box

    _, _, layout = laid_out
    assert layout.pages
    for page in layout.pages:
        page_box = private(page, "_page_box", "weasyprint.Page")
        children = private(page_box, "children", "the page box")
        assert isinstance(children, (list, tuple)) and children, f"{SEEN}: the page box has no sequence of children"
        assert pdf.page_boxes(page) is children
        assert all(isinstance(box, Box) for box in children), f"{SEEN}: a page's children are not Boxes"


def test_boxes_carry_their_element_and_tag(pdf, laid_out):
    _, _, layout = laid_out
    for page in layout.pages:
        for top in pdf.page_boxes(page):
            for box, _, _ in pdf._descendants(top):
                element = private(box, "element", type(box).__name__)
                tag = private(box, "element_tag", type(box).__name__)
                assert element is None or callable(getattr(element, "get", None)), f"{SEEN}: a box's element has no get()"
                assert tag is None or isinstance(tag, str), f"{SEEN}: element_tag is {type(tag).__name__}, not str"


def test_notes_show_as_footnote_calls_in_the_body_and_as_their_element_in_a_footnote_area(pdf, laid_out):
    from weasyprint.formatting_structure.boxes import FootnoteAreaBox

    document, _, layout = laid_out
    calls, areas = [], []
    for page in layout.pages:
        for top in pdf.page_boxes(page):
            in_area = isinstance(top, FootnoteAreaBox)
            for box, _, _ in pdf._descendants(top):
                if box.element is not None and box.element.get("data-note"):
                    (areas if in_area else calls).append((box.element.get("data-note"), box.element_tag or ""))
    numbers = [str(n.number) for n in document.notes()]
    assert sorted({n for n, tag in calls if tag.endswith("::footnote-call")}, key=int) == numbers, \
        f"{SEEN}: no box tagged '…::footnote-call' outside FootnoteAreaBox for each note: {calls}"
    assert sorted({n for n, tag in areas if "::" not in tag}, key=int) == numbers, \
        f"{SEEN}: the notes' own boxes are not inside a FootnoteAreaBox: {areas}"
    positions = pdf.note_positions(layout)
    assert sorted(positions[0]) == sorted(positions[1]) == [int(n) for n in numbers]


def test_a_footnote_area_gives_its_bottom_padding_and_border(pdf, laid_out):
    from weasyprint.formatting_structure.boxes import FootnoteAreaBox

    document, style, layout = laid_out
    areas = [box for page in layout.pages for box in pdf.page_boxes(page) if isinstance(box, FootnoteAreaBox) and box.children]
    assert areas, f"{SEEN}: no FootnoteAreaBox among the pages' boxes"
    for area in areas:
        for name in ("padding_bottom", "border_bottom_width"):
            value = private(area, name, "FootnoteAreaBox")
            assert isinstance(value, Real), f"{SEEN}: FootnoteAreaBox.{name} is {value!r}, not a length in px"
    assert not pdf.area_unpadded(layout)  # the style pads the area's bottom
    from compiler.render.html import print_html

    bare = pdf.layout_of(print_html(document, style), style,
                         ["@page { @footnote { padding-bottom: 0 !important; border-bottom: none !important; } }"])
    assert pdf.area_unpadded(bare), f"{SEEN}: a footnote area without bottom padding or border does not read as 0"
