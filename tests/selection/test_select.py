"""Tests of compiler.selection.select: which facts each section states, in which order."""

from __future__ import annotations

from compiler.brief import load_brief
from compiler.errors import errors_in
from compiler.store import load_store
from compiler.selection import select_facts


def fact(ident: str, themes: str = "media", date: str | None = None, tags: str | None = None,
         country: str | None = None) -> str:
    """Return the YAML of one fact item."""
    text = f"  - id: {ident}\n    text: Fact {ident}.\n    themes: [{themes}]\n"
    if date is not None:
        text += f"    date: {date}\n"
    if tags is not None:
        text += f"    tags: [{tags}]\n"
    if country is not None:
        text += f"    country: {country}\n"
    return text


def doc(ident: str, *facts: str, country: str | None = "KZ") -> str:
    """Return the YAML of a source document holding `facts`."""
    head = f"id: {ident}\ntitle: Document {ident}\n"
    if country:
        head += f"country: {country}\n"
    return head + "facts:\n" + "".join(facts)


def select(workspace, sections: str, files: dict[str, str], head: str = "") -> list[list[str]]:
    """Replace the fixture's sources by `files`, write a KZ brief, return the fact ids of each section."""
    (workspace.root / "sources" / "kz" / "hrw-memo.yaml").unlink()
    for relative, text in files.items():
        workspace.write(relative, text)
    store, problems = load_store(workspace.root / "sources", workspace.root)
    assert problems == [], [p.format() for p in problems]
    path = workspace.write("briefs/t.yaml", "title: T\ncountry: KZ\n" + head + "sections:\n" + sections)
    brief, problems = load_brief(path, store)
    assert brief is not None and not errors_in(problems), [p.format() for p in problems]
    return [[f.id for f in s.facts] for s in select_facts(brief, store).sections]


def one_doc(*facts: str) -> dict[str, str]:
    return {"sources/kz/a.yaml": doc("doc-a", *facts)}


# --- theme and country --------------------------------------------------------------


def test_fixture_brief_selection(workspace):
    store, _ = load_store(workspace.root / "sources", workspace.root)
    brief, _ = load_brief(workspace.root / "briefs" / "paper.yaml", store)
    selection = select_facts(brief, store)
    assert [[f.id for f in s.facts] for s in selection.sections] == [["libel-2007", "khabar-2008"], ["rally-2008"]]
    assert selection.cited() == ["libel-2007", "khabar-2008", "rally-2008"]


def test_sub_theme_facts_match_their_parent(workspace):
    files = one_doc(fact("libel", "media.libel", "2007"), fact("plain", "media", "2008"), fact("demo", "assembly", "2008"))
    assert select(workspace, "  - theme: media\n", files) == [["libel", "plain"]]


def test_parent_theme_facts_do_not_match_a_sub_theme_section(workspace):
    files = one_doc(fact("libel", "media.libel", "2007"), fact("plain", "media", "2008"))
    assert select(workspace, "  - theme: media.libel\n", files) == [["libel"]]


def test_theme_matching_is_by_dotted_prefix_not_by_text_prefix(workspace):
    workspace.write("sources/themes.yaml", "themes:\n  media:\n    title: M\n  mediation:\n    title: Mediation\n")
    files = one_doc(fact("press", "media", "2008"), fact("talks", "mediation", "2008"))
    assert select(workspace, "  - theme: media\n", files) == [["press"]]


def test_fact_with_several_themes_appears_in_each_section(workspace):
    files = one_doc(fact("both", "media, assembly", "2008"))
    assert select(workspace, "  - theme: media\n  - theme: assembly\n", files) == [["both"], ["both"]]


def test_facts_of_another_country_are_never_selected(workspace):
    files = {
        "sources/kz/a.yaml": doc("doc-kz", fact("kz-fact", date="2008")),
        "sources/uz/b.yaml": doc("doc-uz", fact("uz-fact", date="2008"), country="UZ"),
    }
    assert select(workspace, "  - theme: media\n", files) == [["kz-fact"]]


def test_fact_country_overrides_the_documents(workspace):
    files = {
        "sources/kz/a.yaml": doc("doc-kz", fact("kz-plain", date="2008"), fact("uz-in-kz-doc", date="2008", country="UZ")),
        "sources/uz/b.yaml": doc("doc-uz", fact("uz-plain", date="2008"), fact("kz-in-uz-doc", date="2009", country="KZ"), country="UZ"),
    }
    assert select(workspace, "  - theme: media\n", files) == [["kz-plain", "kz-in-uz-doc"]]


def test_fact_without_any_country_is_not_selected(workspace):
    files = {"sources/a.yaml": doc("doc-none", fact("nowhere", date="2008"), country=None)}
    assert select(workspace, "  - theme: media\n", files) == [[]]


# --- period and partial dates -------------------------------------------------------


def test_year_fact_is_inside_a_period_covering_the_whole_year(workspace):
    files = one_doc(fact("y2008", date="2008"))
    head = "period: {from: 2008-01-01, to: 2008-12-31}\n"
    assert select(workspace, "  - theme: media\n", files, head) == [["y2008"]]


def test_year_fact_is_not_inside_a_period_starting_mid_year(workspace):
    files = one_doc(fact("y2008", date="2008"))
    head = "period: {from: 2008-06-01, to: 2008-12-31}\n"
    assert select(workspace, "  - theme: media\n", files, head) == [[]]


def test_month_fact_is_inside_a_period_ending_on_its_last_day(workspace):
    files = one_doc(fact("june", date="2008-06"))
    head = "period: {from: 2008-01-01, to: 2008-06-30}\n"
    assert select(workspace, "  - theme: media\n", files, head) == [["june"]]


def test_month_fact_is_not_inside_a_period_ending_mid_month(workspace):
    files = one_doc(fact("june", date="2008-06"))
    head = "period: {from: 2008-01-01, to: 2008-06-15}\n"
    assert select(workspace, "  - theme: media\n", files, head) == [[]]


def test_partial_period_bounds_cover_their_whole_span(workspace):
    files = one_doc(fact("jan1", date="2008-01-01"), fact("dec31", date="2008-12-31"), fact("next", date="2009-01-01"))
    head = "period: {from: 2008, to: 2008}\n"
    assert select(workspace, "  - theme: media\n", files, head) == [["jan1", "dec31"]]


def test_undated_facts_are_excluded_when_a_period_is_set(workspace):
    files = one_doc(fact("dated", date="2009-03"), fact("undated"))
    head = "period: {from: 2009-01-01, to: 2011-06-30}\n"
    assert select(workspace, "  - theme: media\n", files, head) == [["dated"]]


def test_undated_facts_are_kept_without_period_and_sort_last(workspace):
    files = one_doc(fact("a-undated"), fact("dated", date="2009-03"))
    assert select(workspace, "  - theme: media\n", files) == [["dated", "a-undated"]]


def test_period_with_only_a_start(workspace):
    files = one_doc(fact("old", date="2007"), fact("new", date="2010"))
    assert select(workspace, "  - theme: media\n", files, "period: {from: 2009-01-01}\n") == [["new"]]


# --- select: tags, since, until -----------------------------------------------------


def test_select_tags_keeps_facts_with_any_of_them(workspace):
    files = one_doc(
        fact("j", date="2008-01", tags="journalists"),
        fact("l", date="2008-02", tags="libel, other"),
        fact("n", date="2008-03", tags="internet"),
        fact("none", date="2008-04"),
    )
    section = "  - theme: media\n    select: {tags: [journalists, libel]}\n"
    assert select(workspace, section, files) == [["j", "l"]]


def test_select_since_uses_the_first_day_of_a_partial_date(workspace):
    files = one_doc(fact("y2008", date="2008"), fact("june", date="2008-06"), fact("july", date="2008-07-01"))
    section = "  - theme: media\n    select: {since: 2008-06-15}\n"
    assert select(workspace, section, files) == [["july"]]


def test_select_until_uses_the_last_day_of_a_partial_date(workspace):
    files = one_doc(fact("may", date="2008-05-31"), fact("june", date="2008-06"), fact("y2008", date="2008"))
    section = "  - theme: media\n    select: {until: 2008-06}\n"
    assert select(workspace, section, files) == [["may", "june"]]


def test_select_since_and_until_together(workspace):
    files = one_doc(fact("a", date="2007-12-31"), fact("b", date="2008-01-01"), fact("c", date="2008-12-31"), fact("d", date="2009"))
    section = "  - theme: media\n    select: {since: 2008, until: 2008}\n"
    assert select(workspace, section, files) == [["b", "c"]]


def test_select_since_excludes_undated_facts(workspace):
    files = one_doc(fact("undated"), fact("dated", date="2010"))
    assert select(workspace, "  - theme: media\n    select: {since: 2000}\n", files) == [["dated"]]


# --- include, exclude, limit --------------------------------------------------------


def test_include_adds_a_fact_of_another_theme_country_and_date(workspace):
    files = {
        "sources/kz/a.yaml": doc("doc-kz", fact("m", date="2009-01"), fact("demo", "assembly", "2001")),
        "sources/uz/b.yaml": doc("doc-uz", fact("uz-fact", "religion", "2000"), country="UZ"),
    }
    head = "period: {from: 2009-01-01, to: 2009-12-31}\n"
    section = "  - theme: media\n    select: {tags: [x], include: [uz-fact, demo]}\n"
    assert select(workspace, section, files, head) == [["uz-fact", "demo"]]


def test_include_of_an_already_selected_fact_is_not_repeated(workspace):
    files = one_doc(fact("a", date="2008"), fact("b", date="2009"))
    section = "  - theme: media\n    select: {include: [b, b, a]}\n"
    assert select(workspace, section, files) == [["a", "b"]]


def test_exclude_removes_a_fact(workspace):
    files = one_doc(fact("a", date="2008"), fact("b", date="2009"), fact("c", date="2010"))
    assert select(workspace, "  - theme: media\n    select: {exclude: [b]}\n", files) == [["a", "c"]]


def test_exclude_wins_over_include(workspace):
    files = one_doc(fact("a", date="2008"), fact("demo", "assembly", "2009"))
    section = "  - theme: media\n    select: {include: [demo], exclude: [demo]}\n"
    assert select(workspace, section, files) == [["a"]]


def test_limit_applies_after_ordering(workspace):
    files = one_doc(fact("a", date="2008"), fact("b", date="2010"), fact("c", date="2009"))
    section = "  - theme: media\n    select: {order: date-desc, limit: 2}\n"
    assert select(workspace, section, files) == [["b", "c"]]


def test_limit_applies_after_removing_intro_cited_facts(workspace):
    files = one_doc(fact("a", date="2008"), fact("b", date="2009"), fact("c", date="2010"))
    section = "  - theme: media\n    intro: As reported [@a].\n    select: {limit: 2}\n"
    assert select(workspace, section, files) == [["b", "c"]]


def test_limit_counts_included_facts(workspace):
    files = one_doc(fact("b", date="2009"), fact("c", date="2010"), fact("early", "assembly", "2001"))
    section = "  - theme: media\n    select: {include: [early], limit: 2}\n"
    assert select(workspace, section, files) == [["early", "b"]]


def test_limit_zero_gives_no_facts(workspace):
    files = one_doc(fact("a", date="2008"))
    assert select(workspace, "  - theme: media\n    select: {limit: 0}\n", files) == [[]]


# --- order --------------------------------------------------------------------------


def test_order_date_is_oldest_first_with_ties_by_id(workspace):
    files = one_doc(
        fact("zeta", date="2009-05-01"),
        fact("beta", date="2009-05-01"),
        fact("old", date="2001"),
        fact("alpha", date="2009-05-01"),
    )
    assert select(workspace, "  - theme: media\n", files) == [["old", "alpha", "beta", "zeta"]]


def test_order_date_places_a_partial_date_at_its_first_day(workspace):
    files = one_doc(fact("b-day", date="2009-01-01"), fact("a-year", date="2009"), fact("dec", date="2008-12"))
    assert select(workspace, "  - theme: media\n", files) == [["dec", "a-year", "b-day"]]


def test_order_date_desc_is_newest_first(workspace):
    files = one_doc(fact("a", date="2008"), fact("c", date="2010-03"), fact("b", date="2009-07-01"))
    assert select(workspace, "  - theme: media\n    select: {order: date-desc}\n", files) == [["c", "b", "a"]]


def test_order_date_desc_keeps_undated_facts_last(workspace):
    files = one_doc(fact("undated"), fact("a", date="2008"), fact("b", date="2010"))
    assert select(workspace, "  - theme: media\n    select: {order: date-desc}\n", files) == [["b", "a", "undated"]]


def test_order_given_is_store_order_files_by_path_then_as_listed(workspace):
    files = {
        "sources/zz/last.yaml": doc("doc-z", fact("z2", date="2001"), fact("z1", date="2000")),
        "sources/aa/first.yaml": doc("doc-a", fact("a9", date="2011"), fact("a1", date="2010")),
        "sources/mm.yaml": doc("doc-m", fact("m5", date="2005")),
    }
    section = "  - theme: media\n    select: {order: given}\n"
    assert select(workspace, section, files) == [["a9", "a1", "m5", "z2", "z1"]]


def test_order_given_puts_included_facts_after_as_listed(workspace):
    files = one_doc(
        fact("inc-late", "assembly", "2000"),
        fact("m2", date="2011"),
        fact("inc-early", "religion", "1999"),
        fact("m1", date="2010"),
    )
    section = "  - theme: media\n    select: {order: given, include: [inc-early, inc-late, m1]}\n"
    assert select(workspace, section, files) == [["m2", "m1", "inc-early", "inc-late"]]


def test_order_date_sorts_included_facts_among_the_others(workspace):
    files = one_doc(fact("m", date="2010"), fact("inc", "assembly", "2009"))
    assert select(workspace, "  - theme: media\n    select: {include: [inc]}\n", files) == [["inc", "m"]]


# --- intro citations and theme-less sections ----------------------------------------


def test_fact_cited_in_intro_leaves_that_section_only(workspace):
    files = one_doc(fact("a", date="2008"), fact("b", date="2009"))
    sections = "  - theme: media\n    intro: Already said [@a, p. 2].\n  - theme: media\n"
    assert select(workspace, sections, files) == [["b"], ["a", "b"]]


def test_grouped_intro_citation_removes_every_cited_fact(workspace):
    files = one_doc(fact("a", date="2008"), fact("b", date="2009"), fact("c", date="2010"))
    section = "  - theme: media\n    intro: See [@a; @c].\n"
    assert select(workspace, section, files) == [["b"]]


def test_intro_cited_fact_is_not_brought_back_by_include(workspace):
    files = one_doc(fact("a", date="2008"), fact("demo", "assembly", "2009"))
    section = "  - theme: media\n    intro: See [@demo].\n    select: {include: [demo]}\n"
    assert select(workspace, section, files) == [["a"]]


def test_intro_citing_a_document_removes_no_fact(workspace):
    files = one_doc(fact("a", date="2008"))
    assert select(workspace, "  - theme: media\n    intro: See [@doc-a].\n", files) == [["a"]]


def test_summary_citation_does_not_remove_a_fact_from_sections(workspace):
    files = one_doc(fact("a", date="2008"))
    assert select(workspace, "  - theme: media\n", files, "summary: See [@a].\n") == [["a"]]


def test_section_without_theme_takes_only_its_include(workspace):
    files = one_doc(fact("a", date="2008"), fact("b", "assembly", "2009"), fact("c", "religion", "2007"))
    section = "  - title: Other concerns\n    select: {include: [b, c]}\n"
    assert select(workspace, section, files) == [["c", "b"]]


def test_section_without_theme_or_include_is_empty(workspace):
    files = one_doc(fact("a", date="2008"))
    assert select(workspace, "  - title: Other concerns\n    intro: Words only.\n", files) == [[]]


def test_paragraph_numbers_compare_part_by_part_as_numbers():
    from compiler.selection.follow_up import paragraph_key

    written = ["125", "124.12", "10 (b)", "124.2", "10 (a)", "9", "124.10", "97.1"]
    assert sorted(written, key=paragraph_key) == ["9", "10 (a)", "10 (b)", "97.1", "124.2", "124.10", "124.12", "125"]


def test_recommendations_of_documents_issued_after_the_brief_or_of_another_country_are_not_reviewed(workspace):
    from compiler.brief import load_brief
    from compiler.selection import select_facts
    from compiler.store import load_store

    def document(ident: str, issued: str, country: str) -> str:
        issued_line = f"issued: {issued}\n" if issued else ""
        return (f"id: {ident}\ntitle: T\nsymbol: S/{ident}\nbody: CAT\ncountry: {country}\n{issued_line}recommendations:\n"
                f"  - id: {ident}-r\n    paragraph: '1'\n    text: Test.\n    themes: [media]\n")

    workspace.write("sources/un/a.yaml", document("before", "2011-07", "KZ"))  # its last day is after the brief's date
    workspace.write("sources/un/b.yaml", document("same-day", "2011-07-12", "KZ"))
    workspace.write("sources/un/c.yaml", document("undated", "", "KZ"))
    workspace.write("sources/un/d.yaml", document("elsewhere", "2010", "KG"))
    workspace.write("sources/un/e.yaml", document("earlier", "2009", "KZ"))
    path = workspace.write("briefs/b.yaml", "title: T\ncountry: KZ\ndate: 2011-07-12\nsections:\n  - theme: media\n    follow_up: {}\n")
    store, problems = load_store(workspace.root / "sources", workspace.root)
    assert problems == []
    brief, problems = load_brief(path, store)
    assert problems == []
    (section,) = select_facts(brief, store).sections
    assert [r.id for r in section.follow_up] == ["earlier-r", "same-day-r", "undated-r"]
