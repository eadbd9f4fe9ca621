"""Check the DOCX's hyphenation settings: none automatic, and words in capitals kept whole if a user turns it on."""

from __future__ import annotations

import io
import zipfile

from lxml import etree

from compiler.render import renderer
from compiler.style import find_style
from tests.sample_document import sample_document

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def test_the_docx_leaves_hyphenation_off_and_would_keep_capitals_whole():
    data = renderer("docx").render(sample_document(), find_style("un-submission", None)).data
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        settings = etree.fromstring(archive.read("word/settings.xml"))
    names = [child.tag.replace(W, "w:") for child in settings]
    assert settings.find(f"{W}autoHyphenation").get(f"{W}val") == "false"
    assert settings.find(f"{W}doNotHyphenateCaps") is not None
    assert names.count("w:autoHyphenation") == 1 and names.count("w:doNotHyphenateCaps") == 1
    # in the schema's order (ECMA-376 CT_Settings), which Word checks: after the tab stop,
    # before the character spacing and updateFields
    assert names.index("w:defaultTabStop") < names.index("w:autoHyphenation") < names.index("w:doNotHyphenateCaps") \
        < names.index("w:characterSpacingControl") < names.index("w:updateFields")
