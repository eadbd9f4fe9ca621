"""Property tests: any input to the loaders, the Markdown and citation parsers and the
selection gives a result or one of our errors (BriefError), never another exception."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings, strategies as st

from compiler.brief import load_brief
from compiler.brief.model import ORDERS, Select
from compiler.dates import PartialDate
from compiler.document.assemble import assemble
from compiler.document.cite import cite
from compiler.citations import citations_in, parse_citation_group
from compiler.document.markdown import parse_blocks, parse_inline
from compiler.document.model import (
    BulletList,
    Code,
    Emph,
    LineBreak,
    Link,
    Note,
    Paragraph,
    Strong,
    Text,
)
from compiler.errors import BriefError, Problem, errors_in
from compiler.selection import select_facts
from compiler.selection.select import select_section
from compiler.store import load_store
from compiler.yamlfile import parse
from tests.conftest import BRIEF, SOURCE, THEMES

# Deterministic runs: the same examples every time, nothing stored in the repository.
# BRIEF_FUZZ_EXAMPLES=5000 explores further, with fresh random examples on each run.
FUZZ = int(os.environ.get("BRIEF_FUZZ_EXAMPLES", "0"))
SETTINGS = settings(
    max_examples=FUZZ or 150,
    deadline=None,
    derandomize=not FUZZ,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# --- strategies -----------------------------------------------------------------------

JUNK = [
    "[", "{", "]", "}", "null", "~", "-1", "0", "2011-02-30", "2011-13", "0000", "yes", "no", "NO", "on",
    "\t", "&anchor", "*alias", "!!python/object", "x" * 10_000, "", " ", "\x00", "\u202e", "é",
    "media", "media.libel", "Media", "nope.sub", "KZ", "kz", "ZZ", "2008", "2008-05", "2008-05-31",
    "p. 3", "[@libel-2007]", "[@nope]", "[@hrw-memo, p. 4]", "[@a; @b]", "<script>alert(1)</script>",
    "{{ config }}", "{% include '/etc/passwd' %}", "file:///etc/passwd", "http://example.org/x.png",
    "![img](http://example.org/x.png)", "[l](file:///etc/passwd)", "libel-2007", "khabar-2008", "hrw-memo",
    "en", "fr", "ru", "date", "date-desc", "given", "bullets", "paragraphs", "docx", "html", "pdf",
    "report", "un-submission", "../../etc/passwd", "ccpr", "none", "**bold** *em* `code`",
]

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.sampled_from(JUNK),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.one_of(st.text(max_size=8), st.sampled_from(JUNK[:40])), inner, max_size=4),
    ),
    max_leaves=12,
)


def record(keys: dict, junk_keys: bool = True):
    """Return a strategy of mappings holding some of `keys` (each a strategy), sometimes odd keys."""
    extra = st.dictionaries(st.text(max_size=10), values, max_size=2) if junk_keys else st.just({})
    return st.tuples(st.fixed_dictionaries({}, optional=keys), extra).map(lambda kv: {**kv[1], **kv[0]})


def mostly(good, weight: int = 3):
    """Return a strategy giving a plausible value most of the time, else any value."""
    return st.one_of(*([good] * weight), values)


ids = st.sampled_from(["libel-2007", "khabar-2008", "rally-2008", "baptists-2008", "hrw-memo", "new-fact", "x"])
themes_ids = st.sampled_from(["media", "media.libel", "assembly", "religion", "medai", "media.nope"])
dates = st.sampled_from(["2007", "2008-02", "2008-06-30", "2011-02-30", "2009", "1999-12-31"])
markdown = st.one_of(st.text(max_size=60), st.sampled_from(JUNK), st.just("Cases [@libel-2007] and [@hrw-memo, p. 3]."))

fact = record({
    "id": mostly(ids),
    "text": mostly(markdown),
    "themes": mostly(st.lists(themes_ids, max_size=3)),
    "date": mostly(dates),
    "locator": mostly(st.text(max_size=10)),
    "quote": mostly(markdown),
    "tags": mostly(st.lists(st.sampled_from(["journalists", "libel", "protest"]), max_size=3)),
    "country": mostly(st.sampled_from(["KZ", "kz", "UZ", "XX"])),
    "translations": mostly(st.dictionaries(st.sampled_from(["fr", "ru", "EN", "x y"]), markdown, max_size=2)),
})
source = record({
    "id": mostly(st.sampled_from(["hrw-memo", "second-doc", "libel-2007"])),
    "kind": mostly(st.sampled_from(["report", "memorandum", "blog"])),
    "title": mostly(st.text(max_size=40)),
    "short_title": markdown,
    "author": mostly(st.lists(st.text(max_size=10), max_size=3)),
    "issued": mostly(dates),
    "url": mostly(st.sampled_from(["https://example.org/r", "file:///etc/passwd", "ftp://x", "http://a b"])),
    "accessed": mostly(dates),
    "country": mostly(st.sampled_from(["KZ", "UZ", "kz"])),
    "language": mostly(st.sampled_from(["en", "ru", "EN", "english"])),
    "text": mostly(st.sampled_from(["texts/a.txt", "../../../etc/passwd", "/etc/passwd", "texts", "a\x00b", "x" * 5000])),
    "facts": mostly(st.lists(mostly(fact), max_size=4)),
})
select = record({
    "tags": mostly(st.lists(st.sampled_from(["journalists", "libel", "protest", "none"]), max_size=2)),
    "since": mostly(dates),
    "until": mostly(dates),
    "include": mostly(st.lists(ids, max_size=3)),
    "exclude": mostly(st.lists(ids, max_size=3)),
    "limit": mostly(st.integers(min_value=-2, max_value=5)),
    "order": mostly(st.sampled_from(list(ORDERS) + ["newest"])),
})
section = record({
    "theme": mostly(themes_ids),
    "title": mostly(st.text(max_size=20)),
    "intro": mostly(markdown),
    "select": mostly(select),
    "layout": mostly(st.sampled_from(["paragraphs", "bullets", "table"])),
    "recommendations": mostly(st.lists(markdown, max_size=3)),
})
organisation = record({"name": mostly(st.text(max_size=20)), "short": values, "about": mostly(markdown), "contact": mostly(markdown)})
brief = record({
    "title": mostly(st.text(max_size=30)),
    "subtitle": markdown,
    "country": mostly(st.sampled_from(["KZ", "kz", "UZ", "NO"])),
    "date": mostly(dates),
    "language": mostly(st.sampled_from(["en", "fr", "ru", "es", "de"])),
    "profile": mostly(st.sampled_from(["none", "ccpr", "upr-joint", "nope", "../x"])),
    "style": mostly(st.sampled_from(["un-submission", "ngo-briefing", "../../etc", "nope"])),
    "outputs": mostly(st.lists(st.sampled_from(["docx", "pdf", "html", "odt"]), max_size=3)),
    "period": mostly(record({"from": mostly(dates), "to": mostly(dates)})),
    "submitted_by": mostly(st.lists(mostly(organisation), max_size=2)),
    "summary": mostly(markdown),
    "introduction": mostly(markdown),
    "sections": mostly(st.lists(mostly(section), max_size=4)),
    "recommendations_summary": mostly(st.booleans()),
    "annex_sources": mostly(st.booleans()),
})


def dump(value) -> str:
    return yaml.safe_dump(value, allow_unicode=True, sort_keys=False)


def tokens(alphabet: str, extra: list[str], size: int):
    """Return a strategy of texts joined from single characters and longer tokens."""
    return st.lists(st.sampled_from(list(alphabet) + extra), max_size=size).map("".join)


YAMLISH = tokens("-:[]{}?&*!|>'\"#%@,. \n\t\\abcxyz019", ["- ", ": ", "\n  ", "&a ", "*a", "!!str ", "<<: "], 60)

# --- yamlfile.parse ---------------------------------------------------------------------


def assert_parse_outcome(text: str) -> None:
    value, problems = parse(text, "p.yaml")
    assert isinstance(problems, list) and all(isinstance(p, Problem) for p in problems)
    for problem in problems:  # one line `p.yaml:line: message`, whatever the text (a YAML error included)
        shown = problem.format()
        assert shown.startswith("p.yaml") and shown.splitlines() == [shown], shown


@SETTINGS
@given(st.text(max_size=200))
def test_parse_any_text(text):
    assert_parse_outcome(text)


@SETTINGS
@given(st.text(alphabet=st.characters(blacklist_categories=()), max_size=50))
def test_parse_any_code_points_even_surrogates(text):
    assert_parse_outcome(text)


@SETTINGS
@given(YAMLISH)
def test_parse_yaml_like_text(text):
    assert_parse_outcome(text)


@SETTINGS
@given(values)
def test_parse_dumped_values_round_trip(value):
    got, problems = parse(dump(value), "p.yaml")
    assert [p for p in problems if "appears twice" not in p.message] == []


# --- the store, the brief, the selection, the Document -----------------------------------


class Folder:
    """A workspace folder reused across examples (function fixtures do not mix with @given)."""

    def __init__(self) -> None:
        self.temp = tempfile.TemporaryDirectory(prefix="brief-props-")
        self.root = Path(self.temp.name)
        (self.root / "sources" / "kz").mkdir(parents=True)
        (self.root / "briefs").mkdir()
        (self.root / "texts").mkdir()
        (self.root / "sources" / "kz" / "texts").mkdir()
        (self.root / "sources" / "kz" / "texts" / "a.txt").write_text("In 2007 alone, 27 cases.\n")
        (self.root / "sources" / "themes.yaml").write_text(THEMES)

    def write(self, relative: str, text: str) -> Path:
        path = self.root / relative
        path.write_text(text, encoding="utf-8")
        return path


FOLDER = Folder()


def run_pipeline(source_texts: list[str], brief_text: str) -> None:
    """Load the store and the brief, select, assemble and cite: only our errors may stop it."""
    for old in (FOLDER.root / "sources" / "kz").glob("*.yaml"):
        old.unlink()
    for index, text in enumerate(source_texts):
        FOLDER.write(f"sources/kz/doc{index}.yaml", text)
    store, store_problems = load_store(FOLDER.root / "sources", FOLDER.root, cache=False)
    path = FOLDER.write("briefs/b.yaml", brief_text)
    loaded, problems = load_brief(path, store, ["un-submission", "ngo-briefing"], ["none", "ccpr", "upr-joint"])
    for problem in store_problems + problems:
        assert isinstance(problem, Problem)
        assert problem.format().splitlines() == [problem.format()], problem.format()
    if loaded is None:
        return
    selection = select_facts(loaded, store)
    for chosen in selection.sections:
        assert len({f.id for f in chosen.facts}) == len(chosen.facts)
    try:
        document = cite(assemble(selection), store)
    except BriefError:
        assert errors_in(problems)  # a citation the store lacks was already reported
        return
    assert document == cite(assemble(selection), store)  # same inputs, same Document


@SETTINGS
@given(st.lists(source, min_size=1, max_size=2), brief)
def test_pipeline_on_generated_workspaces(sources, brief_value):
    run_pipeline([dump(s) for s in sources], dump(brief_value))


@SETTINGS
@given(st.lists(st.one_of(source, values), min_size=1, max_size=2), st.one_of(brief, values))
def test_pipeline_on_any_yaml_values(sources, brief_value):
    run_pipeline([dump(s) for s in sources], dump(brief_value))


@SETTINGS
@given(YAMLISH, YAMLISH)
def test_pipeline_on_yaml_like_text(source_text, brief_text):
    run_pipeline([SOURCE, source_text], BRIEF + brief_text)


@SETTINGS
@given(st.data())
def test_pipeline_on_the_fixture_with_lines_replaced(data):
    source_lines, brief_lines = SOURCE.splitlines(), BRIEF.splitlines()
    for lines in (source_lines, brief_lines):
        for _ in range(data.draw(st.integers(0, 3))):
            index = data.draw(st.integers(0, len(lines) - 1))
            head = lines[index][: len(lines[index]) - len(lines[index].lstrip())]
            key = lines[index].strip().split(":")[0] + ": " if ":" in lines[index] else ""
            lines[index] = head + key + data.draw(st.sampled_from(JUNK[:45]))
    run_pipeline(["\n".join(source_lines) + "\n"], "\n".join(brief_lines) + "\n")


# --- Markdown and citations -----------------------------------------------------------------

MARKDOWNISH = tokens(
    "[]()@;,*_`!<>&#\\:/.- \nabcp0123",
    ["[@", "](", "http://", "https://x.org", "mailto:", "file:", "p. 4", "\n\n", "- ", "1. ", "  ", "![", "<http://a>"],
    80,
)
INLINE_TYPES = (Text, Emph, Strong, Code, Link, LineBreak, Note)


def walk(inlines):
    for node in inlines:
        assert isinstance(node, INLINE_TYPES), node
        yield node
        if isinstance(node, (Emph, Strong, Link)):
            yield from walk(node.children)


def check_inlines(inlines) -> None:
    for node in walk(inlines):
        if isinstance(node, Link):
            assert node.url.lower().startswith(("http://", "https://", "mailto:")), node
        if isinstance(node, Note):
            assert node.citations and all(c.id for c in node.citations)


@SETTINGS
@given(st.one_of(st.text(max_size=200), MARKDOWNISH))
def test_markdown_parsers_on_any_text(text):
    blocks = parse_blocks(text)
    for block in blocks:
        assert isinstance(block, (Paragraph, BulletList))
        for content in [block.content] if isinstance(block, Paragraph) else [i.content for i in block.items]:
            check_inlines(content)
    check_inlines(parse_inline(text))
    found = citations_in(text)
    notes = [c for n in walk(parse_inline(text)) if isinstance(n, Note) for c in n.citations]
    assert found == notes


@SETTINGS
@given(st.one_of(st.text(max_size=80), MARKDOWNISH))
def test_citation_group_on_any_text(text):
    group = parse_citation_group(text)
    assert group is None or (group and all(c.id and "@" not in c.id for c in group))


# --- selection ------------------------------------------------------------------------------


def _fixture_store():
    folder = Path(tempfile.mkdtemp(prefix="brief-sel-"))
    (folder / "sources").mkdir()
    (folder / "sources" / "themes.yaml").write_text(THEMES)
    (folder / "sources" / "memo.yaml").write_text(SOURCE)
    store, problems = load_store(folder / "sources", folder, cache=False)
    assert problems == []
    return store


STORE = _fixture_store()
partial_dates = st.builds(
    lambda y, m, d: PartialDate(y, m, d if m else None),
    st.integers(2000, 2012),
    st.one_of(st.none(), st.integers(1, 12)),
    st.one_of(st.none(), st.integers(1, 28)),
)
fact_ids = st.sampled_from(sorted(STORE.facts) + ["hrw-memo", "missing"])


@SETTINGS
@given(
    st.sampled_from(["", "media", "media.libel", "assembly", "religion", "unknown"]),
    st.builds(
        Select,
        tags=st.lists(st.sampled_from(["journalists", "libel", "protest", "x"]), max_size=2).map(tuple),
        since=st.one_of(st.none(), partial_dates),
        until=st.one_of(st.none(), partial_dates),
        include=st.lists(fact_ids, max_size=4).map(tuple),
        exclude=st.lists(fact_ids, max_size=3).map(tuple),
        limit=st.one_of(st.none(), st.integers(0, 5)),
        order=st.sampled_from(ORDERS),
    ),
    st.one_of(st.none(), partial_dates),
    st.one_of(st.none(), partial_dates),
    st.sampled_from(["", "Cases [@libel-2007].", "[@rally-2008; @hrw-memo, p. 2]"]),
)
def test_selection_follows_its_rules_for_any_select(theme, rule, period_from, period_to, intro):
    from compiler.brief.model import Brief, Section

    section = Section(index=0, title="S", theme=theme, intro=intro, select=rule)
    brief_ = Brief(path="b.yaml", name="b", title="T", country="KZ", period_from=period_from,
                   period_to=period_to, sections=(section,))
    chosen = select_section(brief_, STORE, section)
    got = [f.id for f in chosen.facts]
    assert len(set(got)) == len(got)
    assert not set(got) & set(rule.exclude)
    assert not set(got) & set(chosen.intro_cited)
    assert set(got) <= set(STORE.facts)
    if rule.limit is not None:
        assert len(got) <= rule.limit
    for ident in got:
        if ident not in rule.include:
            fact_ = STORE.facts[ident]
            assert fact_.matches_theme(theme) and STORE.country_of(fact_) == "KZ"
    assert select_section(brief_, STORE, section) == chosen  # deterministic
