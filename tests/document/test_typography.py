"""Tests of the typography pass: quotation marks, apostrophes and ranges per language; links and code as written."""

from __future__ import annotations

import pytest

from compiler.document.model import Code, Emph, Link, Text
from compiler.document.typography import typeset, typeset_text


@pytest.mark.parametrize("language, expected", [
    ("en", "He said \u201cno\u201d on 14\u201315 July, Kazakhstan\u2019s \u2018word\u2019. It\u2019s \u2018the people\u2019s\u2019."),
    ("fr", "He said «no» on 14\u201315 July, Kazakhstan\u2019s \u201cword\u201d. It\u2019s \u201cthe people\u2019s\u201d."),
    ("ru", "He said «no» on 14\u201315 July, Kazakhstan\u2019s \u201eword\u201c. It\u2019s \u201ethe people\u2019s\u201c."),
    ("es", "He said «no» on 14\u201315 July, Kazakhstan\u2019s \u201cword\u201d. It\u2019s \u201cthe people\u2019s\u201d."),
])
def test_quotes_apostrophes_and_ranges_per_language(language, expected):
    written = "He said \"no\" on 14-15 July, Kazakhstan's 'word'. It's 'the people's'."
    assert typeset_text(written, language) == expected


def test_what_is_not_a_range_keeps_its_hyphen():
    written = "GE.14-23954, 2011-07-12, ICCPR-OP 2, article 130-1b, 1990s-era, from 2011-2016 and pp. 3-5"
    assert typeset_text(written, "en") == (
        "GE.14-23954, 2011-07-12, ICCPR-OP 2, article 130-1b, 1990s-era, from 2011\u20132016 and pp. 3\u20135")


def test_a_quote_opened_in_one_inline_closes_in_another_and_links_and_code_stay_as_written():
    inlines = (Text('See "'), Emph((Text("the report"),)), Text('" at '),
               Link("https://example.org/a-1-2?x='y'", (Text("https://example.org/a-1-2?x='y'"),)),
               Text(" and "), Code('"raw" 1-2'), Text(' "after".'))
    assert typeset(inlines, "en") == (
        Text("See \u201c"), Emph((Text("the report"),)), Text("\u201d at "),
        Link("https://example.org/a-1-2?x='y'", (Text("https://example.org/a-1-2?x='y'"),)),
        Text(" and "), Code('"raw" 1-2'), Text(" \u201cafter\u201d."))


def test_a_telephone_number_stays_on_one_line():
    written = "Contact: +7 701 713 6509, or +44 (0)20 7000 1234; 12 of 14 +2 points."
    assert typeset_text(written, "en") == (
        "Contact: +7\u00a0701\u00a0713\u00a06509, or +44\u00a0(0)20\u00a07000\u00a01234; 12 of 14 +2 points.")


def test_a_hyphen_between_spaces_becomes_a_dash_and_others_stay():
    from compiler.document.model import Text
    from compiler.document.typography import typeset

    text = (Text("Annual Report 2007 - Kazakhstan; pp. 4-5; GE.14-23954; self-censorship"),)
    assert typeset(text, "en") == (Text("Annual Report 2007 \u2013 Kazakhstan; pp. 4\u20135; GE.14-23954; self-censorship"),)
    assert typeset((Text("Rapport - Kazakhstan"),), "ru") == (Text("Rapport \u2014 Kazakhstan"),)
