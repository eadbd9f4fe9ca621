"""Tests of compiler.store.load: every kind of broken source file gives one exact message."""

from __future__ import annotations


from compiler.errors import errors_in
from compiler.store import load_store
from compiler.store.load import BUILTIN_THEMES

# Line numbers in the messages below count the lines of these texts (written dedented).
ARCHIVE = (
    "In 2007 alone, the authorities opened 27 criminal\n"
    "cases against journal-\n"
    "ists for alleged \u201clibel\u201d, slander and defamation; it\u2019s\n"
    "a record.\n"
)


def load(workspace, files: dict[str, str] | None = None):
    """Write `files` into the workspace and return its (store, problems)."""
    for relative, text in (files or {}).items():
        workspace.write(relative, text)
    return load_store(workspace.root / "sources", workspace.root)


def messages(workspace, files: dict[str, str] | None = None) -> list[str]:
    """Return the one-line form of every problem of the workspace's store."""
    _, problems = load(workspace, files)
    return [p.format() for p in problems]


def one_fact(extra: str = "", fact_extra: str = "") -> str:
    """Return a source document with one fact; `extra` goes at the top, `fact_extra` into the fact."""
    return (
        "id: doc-a\n"
        "title: A report\n"
        "country: KZ\n"
        + extra
        + "facts:\n"
        "  - id: fact-a\n"
        "    text: Something happened.\n"
        "    themes: [media]\n"
        + fact_extra
    )


# --- the valid fixture --------------------------------------------------------------


def test_fixture_workspace_loads_without_problems(workspace):
    store, problems = load(workspace)
    assert problems == []
    assert list(store.sources) == ["hrw-memo"]
    assert list(store.facts) == ["libel-2007", "khabar-2008", "rally-2008", "baptists-2008"]


# --- YAML and schema ----------------------------------------------------------------


def test_yaml_syntax_error(workspace):
    assert messages(workspace, {"sources/kz/bad.yaml": "id: bad\ntitle: x: y\n"}) == [
        "sources/kz/bad.yaml:2: YAML syntax error: the value of 'title' holds ': ', so it must be quoted (\"...\" or '...')"
    ]


def test_unknown_key_in_a_fact_says_did_you_mean(workspace):
    text = one_fact(fact_extra="    tagz: [journalists]\n")
    assert messages(workspace, {"sources/kz/a.yaml": text}) == [
        "sources/kz/a.yaml:8: facts[0].tagz: unknown key; did you mean 'tags'?"
    ]


def test_unknown_key_in_a_document_says_did_you_mean(workspace):
    text = one_fact(extra="publsher: HRW\n")
    assert messages(workspace, {"sources/kz/a.yaml": text}) == [
        "sources/kz/a.yaml:4: publsher: unknown key; did you mean 'publisher'?"
    ]


def test_unknown_key_far_from_any_lists_the_keys(workspace):
    text = one_fact(fact_extra="    zzzz: 1\n")
    (message,) = messages(workspace, {"sources/kz/a.yaml": text})
    assert message.startswith("sources/kz/a.yaml:8: facts[0].zzzz: unknown key; expected one of: id, text, themes, date,")


def test_wrong_type_themes_a_number(workspace):
    text = one_fact().replace("themes: [media]", "themes: 5")
    found = messages(workspace, {"sources/kz/a.yaml": text})
    assert found[0] == (
        "sources/kz/a.yaml:7: facts[0].themes[0]: expected a theme id "
        "(lowercase letters, digits and '-', '.' before a sub-theme); got the number 5"
    )


def test_wrong_type_themes_a_number_is_reported_once(workspace):
    text = one_fact().replace("themes: [media]", "themes: 5")
    assert len(messages(workspace, {"sources/kz/a.yaml": text})) == 1


def test_wrong_type_tags_a_mapping(workspace):
    text = one_fact(fact_extra="    tags: {a: 1}\n")
    assert messages(workspace, {"sources/kz/a.yaml": text}) == [
        "sources/kz/a.yaml:8: facts[0].tags: expected a list; got a mapping"
    ]


def test_wrong_type_facts_a_mapping(workspace):
    text = "id: doc-a\ntitle: A\nfacts: {id: x}\n"
    assert messages(workspace, {"sources/kz/a.yaml": text}) == [
        "sources/kz/a.yaml:3: facts: expected a list; got a mapping"
    ]


def test_document_that_is_a_list_is_an_error(workspace):
    assert messages(workspace, {"sources/kz/a.yaml": "- a\n- b\n"}) == [
        "sources/kz/a.yaml:1: (top level): expected a mapping of keys; got a list"
    ]


def test_impossible_day(workspace):
    text = one_fact(fact_extra="    date: 2011-02-30\n")
    assert messages(workspace, {"sources/kz/a.yaml": text}) == [
        "sources/kz/a.yaml:8: facts[0].date: impossible date '2011-02-30': February 2011 has 28 days"
    ]


def test_impossible_month(workspace):
    text = one_fact(fact_extra="    date: 2011-13\n")
    assert messages(workspace, {"sources/kz/a.yaml": text}) == [
        "sources/kz/a.yaml:8: facts[0].date: impossible date '2011-13': month 13 does not exist"
    ]


def test_impossible_issued_date_of_a_document(workspace):
    text = one_fact(extra="issued: 2010-04-31\n")
    assert messages(workspace, {"sources/kz/a.yaml": text}) == [
        "sources/kz/a.yaml:4: issued: impossible date '2010-04-31': April 2010 has 30 days"
    ]


def test_leap_day_is_a_possible_date(workspace):
    text = one_fact(fact_extra="    date: 2008-02-29\n")
    assert messages(workspace, {"sources/kz/a.yaml": text}) == []


def test_accessed_must_be_a_full_date(workspace):
    text = one_fact(extra="accessed: 2016-05\n")
    assert messages(workspace, {"sources/kz/a.yaml": text}) == [
        "sources/kz/a.yaml:4: accessed: expected a full date YYYY-MM-DD; got '2016-05'"
    ]


def test_missing_required_fact_field(workspace):
    text = one_fact().replace("    text: Something happened.\n", "")
    assert messages(workspace, {"sources/kz/a.yaml": text}) == [
        "sources/kz/a.yaml:5: facts[0].text: required field is missing"
    ]


def test_empty_required_fact_field_is_reported_once(workspace):
    text = one_fact().replace("    text: Something happened.\n", "    text:\n")
    assert messages(workspace, {"sources/kz/a.yaml": text}) == [
        "sources/kz/a.yaml:6: facts[0].text: must not be empty"
    ]


def test_missing_required_document_title(workspace):
    text = one_fact().replace("title: A report\n", "")
    assert messages(workspace, {"sources/kz/a.yaml": text}) == [
        "sources/kz/a.yaml:1: title: required field is missing"
    ]


def test_empty_themes_list(workspace):
    text = one_fact().replace("themes: [media]", "themes: []")
    assert messages(workspace, {"sources/kz/a.yaml": text}) == [
        "sources/kz/a.yaml:7: facts[0].themes: at least one theme is required"
    ]


def test_bad_id_characters(workspace):
    text = one_fact().replace("id: fact-a", "id: Fact_A")
    assert messages(workspace, {"sources/kz/a.yaml": text}) == [
        "sources/kz/a.yaml:5: facts[0].id: expected an id of lowercase letters, digits and '-'; got 'Fact_A'"
    ]


def test_single_string_where_a_list_is_expected_is_accepted(workspace):
    text = one_fact(fact_extra="    tags: journalists\n").replace("themes: [media]", "themes: media")
    store, problems = load(workspace, {"sources/kz/a.yaml": text})
    assert problems == []
    assert store.facts["fact-a"].themes == ("media",)
    assert store.facts["fact-a"].tags == ("journalists",)


def test_author_as_single_string_is_accepted(workspace):
    store, problems = load(workspace, {"sources/kz/a.yaml": one_fact(extra="author: Human Rights Watch\n")})
    assert problems == []
    assert store.sources["doc-a"].author == ("Human Rights Watch",)


# --- ids across the store -----------------------------------------------------------


def test_duplicate_fact_id_across_two_files_names_both(workspace):
    text = one_fact().replace("id: fact-a", "id: libel-2007")
    assert messages(workspace, {"sources/uz/a.yaml": text}) == [
        "sources/uz/a.yaml:5: facts[0].id: duplicate id 'libel-2007', also in sources/kz/hrw-memo.yaml:9"
    ]


def test_duplicate_fact_keeps_the_first_in_path_order(workspace):
    text = one_fact().replace("id: fact-a", "id: libel-2007")
    store, _ = load(workspace, {"sources/uz/a.yaml": text})
    assert store.facts["libel-2007"].source == "hrw-memo"


def test_duplicate_fact_field_names_its_position_in_the_file(workspace):
    text = (
        "id: doc-a\n"
        "title: A\n"
        "country: KZ\n"
        "facts:\n"
        "  - id: broken\n"
        "    themes: [media]\n"
        "  - id: libel-2007\n"
        "    text: t\n"
        "    themes: [media]\n"
    )
    found = messages(workspace, {"sources/uz/a.yaml": text})
    assert "sources/uz/a.yaml:7: facts[1].id: duplicate id 'libel-2007', also in sources/kz/hrw-memo.yaml:9" in found


def test_duplicate_document_id(workspace):
    text = "id: hrw-memo\ntitle: Another\n"
    assert messages(workspace, {"sources/uz/other.yaml": text}) == [
        "sources/uz/other.yaml:1: id: duplicate id 'hrw-memo', also in sources/kz/hrw-memo.yaml:1"
    ]


def test_fact_id_equal_to_a_document_id(workspace):
    text = one_fact().replace("id: fact-a", "id: hrw-memo")
    assert messages(workspace, {"sources/uz/a.yaml": text}) == [
        "sources/uz/a.yaml:5: facts[0].id: duplicate id 'hrw-memo', also in sources/kz/hrw-memo.yaml:1"
    ]


def test_document_id_equal_to_an_earlier_fact_id(workspace):
    text = "id: libel-2007\ntitle: Another\n"
    assert messages(workspace, {"sources/uz/a.yaml": text}) == [
        "sources/uz/a.yaml:1: id: duplicate id 'libel-2007', also in sources/kz/hrw-memo.yaml:9"
    ]


def test_fact_id_equal_to_its_own_document_id(workspace):
    text = one_fact().replace("id: fact-a", "id: doc-a")
    assert messages(workspace, {"sources/kz/a.yaml": text}) == [
        "sources/kz/a.yaml:5: facts[0].id: duplicate id 'doc-a', also in sources/kz/a.yaml:1"
    ]


# --- themes and countries -----------------------------------------------------------


def test_unknown_theme_says_did_you_mean(workspace):
    text = one_fact().replace("themes: [media]", "themes: [media, relgion]")
    assert messages(workspace, {"sources/kz/a.yaml": text}) == [
        "sources/kz/a.yaml:7: facts[0].themes[1]: unknown theme 'relgion'; did you mean 'religion'?"
    ]


def test_unknown_theme_in_a_block_list_names_the_item_line(workspace):
    text = one_fact().replace("themes: [media]", "themes:\n      - media\n      - asembly")
    assert messages(workspace, {"sources/kz/a.yaml": text}) == [
        "sources/kz/a.yaml:9: facts[0].themes[1]: unknown theme 'asembly'; did you mean 'assembly'?"
    ]


def test_unknown_theme_without_near_match_has_no_hint(workspace):
    text = one_fact().replace("themes: [media]", "themes: [zoology]")
    assert messages(workspace, {"sources/kz/a.yaml": text}) == [
        "sources/kz/a.yaml:7: facts[0].themes[0]: unknown theme 'zoology'"
    ]


def test_unknown_document_country(workspace):
    text = one_fact().replace("country: KZ", "country: XX")
    assert messages(workspace, {"sources/kz/a.yaml": text}) == [
        "sources/kz/a.yaml:3: country: expected an ISO 3166-1 alpha-2 country code such as KZ; got 'XX'"
    ]


def test_unknown_fact_country(workspace):
    text = one_fact(fact_extra="    country: KAZ\n")
    assert messages(workspace, {"sources/kz/a.yaml": text}) == [
        "sources/kz/a.yaml:8: facts[0].country: expected an ISO 3166-1 alpha-2 country code such as KZ; got 'KAZ'"
    ]


def test_country_no_is_norway_and_lowercase_is_accepted(workspace):
    text = one_fact(fact_extra="    country: kz\n").replace("country: KZ", "country: NO")
    store, problems = load(workspace, {"sources/kz/a.yaml": text})
    assert problems == []
    assert store.sources["doc-a"].country == "NO"
    assert store.facts["fact-a"].country == "KZ"


def test_workspace_without_themes_yaml_uses_the_builtin_taxonomy(workspace):
    (workspace.root / "sources" / "themes.yaml").unlink()
    store, problems = load(workspace)
    assert problems == []
    assert BUILTIN_THEMES.name == "themes.yaml" and BUILTIN_THEMES.parent.name == "data"
    assert store.themes_path.endswith("compiler/data/themes.yaml")
    for theme in ("media", "assembly", "association", "religion", "labor", "elections", "torture",
                  "fair-trial", "defenders", "migrants", "women", "minorities", "lgbt", "death-penalty"):
        assert theme in store.themes, theme


def test_builtin_taxonomy_sub_themes_all_have_parents(workspace):
    (workspace.root / "sources" / "themes.yaml").unlink()
    store, _ = load(workspace)
    for ident in store.themes:
        if "." in ident:
            assert ident.rsplit(".", 1)[0] in store.themes


def test_sub_theme_without_parent_is_an_error(workspace):
    themes = "themes:\n  media:\n    title: Media\n  assembly.law:\n    title: Assembly law\n"
    source = one_fact().replace("themes: [media]", "themes: [media]")
    workspace.write("sources/kz/hrw-memo.yaml", source)
    assert messages(workspace, {"sources/themes.yaml": themes}) == [
        "sources/themes.yaml:4: themes.assembly.law: sub-theme of 'assembly', which is not defined"
    ]


def test_theme_without_title_is_an_error(workspace):
    themes = "themes:\n  media:\n    description: no title\n"
    workspace.write("sources/kz/hrw-memo.yaml", one_fact())
    found = messages(workspace, {"sources/themes.yaml": themes})
    assert found[0] in (
        "sources/themes.yaml:2: themes.media.title: required field is missing",
        "sources/themes.yaml:3: themes.media.title: required field is missing",
    )


# --- archived text and quotes -------------------------------------------------------


def test_archived_text_that_does_not_exist(workspace):
    text = one_fact(extra="text: texts/a.txt\n")
    assert messages(workspace, {"sources/kz/a.yaml": text}) == [
        "sources/kz/a.yaml:4: text: archived text 'texts/a.txt' does not exist (looked for sources/kz/texts/a.txt)"
    ]


def test_archived_text_outside_the_workspace(workspace):
    outside = workspace.root.parent / "secret.txt"
    outside.write_text("Something happened.", encoding="utf-8")
    text = one_fact(extra="text: ../../../secret.txt\n")
    assert messages(workspace, {"sources/kz/a.yaml": text}) == [
        "sources/kz/a.yaml:4: text: archived text '../../../secret.txt' lies outside the workspace; it is not read"
    ]


def test_archived_text_given_as_absolute_path_outside_is_refused(workspace):
    outside = workspace.root.parent / "secret.txt"
    outside.write_text("x", encoding="utf-8")
    text = one_fact(extra=f"text: {outside}\n")
    assert messages(workspace, {"sources/kz/a.yaml": text}) == [
        f"sources/kz/a.yaml:4: text: archived text '{outside}' lies outside the workspace; it is not read"
    ]


def test_quote_not_in_the_archived_text(workspace):
    text = one_fact(extra="text: a.txt\n", fact_extra="    quote: 27 civil cases\n")
    found = messages(workspace, {"sources/kz/a.txt": ARCHIVE, "sources/kz/a.yaml": text})
    assert len(found) == 1
    assert found[0].startswith("sources/kz/a.yaml:")
    assert found[0].split(":", 2)[2] == " facts[0].quote: the quote of 'fact-a' is not in the archived text 'a.txt'"


def test_quote_not_in_the_archived_text_names_the_quote_line(workspace):
    text = one_fact(extra="text: a.txt\n", fact_extra="    quote: 27 civil cases\n")
    assert messages(workspace, {"sources/kz/a.txt": ARCHIVE, "sources/kz/a.yaml": text}) == [
        "sources/kz/a.yaml:9: facts[0].quote: the quote of 'fact-a' is not in the archived text 'a.txt'"
    ]


def test_quote_problem_names_the_fact_position_in_the_file(workspace):
    text = (
        "id: doc-a\n"
        "title: A\n"
        "country: KZ\n"
        "text: a.txt\n"
        "facts:\n"
        "  - id: broken\n"
        "    themes: [media]\n"
        "  - id: fact-b\n"
        "    text: t\n"
        "    themes: [media]\n"
        "    quote: 27 civil cases\n"
    )
    found = messages(workspace, {"sources/kz/a.txt": ARCHIVE, "sources/kz/a.yaml": text})
    assert any(": facts[1].quote: the quote of 'fact-b'" in m for m in found), found


def test_quote_across_line_breaks_passes(workspace):
    text = one_fact(extra="text: a.txt\n", fact_extra="    quote: the authorities opened 27 criminal cases against\n")
    assert messages(workspace, {"sources/kz/a.txt": ARCHIVE, "sources/kz/a.yaml": text}) == []


def test_quote_folded_over_several_yaml_lines_passes(workspace):
    text = one_fact(
        extra="text: a.txt\n",
        fact_extra="    quote: >-\n      In 2007 alone, the authorities\n      opened 27 criminal cases\n",
    )
    assert messages(workspace, {"sources/kz/a.txt": ARCHIVE, "sources/kz/a.yaml": text}) == []


def test_quote_across_end_of_line_hyphenation_passes(workspace):
    text = one_fact(extra="text: a.txt\n", fact_extra="    quote: cases against journalists for alleged\n")
    assert messages(workspace, {"sources/kz/a.txt": ARCHIVE, "sources/kz/a.yaml": text}) == []


def test_straight_quote_marks_match_curly_ones_in_the_archive(workspace):
    fact_extra = "    quote: 'alleged \"libel\", slander and defamation; it''s a record.'\n"
    text = one_fact(extra="text: a.txt\n", fact_extra=fact_extra)
    assert messages(workspace, {"sources/kz/a.txt": ARCHIVE, "sources/kz/a.yaml": text}) == []


def test_curly_quote_marks_match_straight_ones_in_the_archive(workspace):
    archive = 'He said "libel is a crime" and it\'s true.\n'
    fact_extra = "    quote: \u201clibel is a crime\u201d and it\u2019s true\n"
    text = one_fact(extra="text: a.txt\n", fact_extra=fact_extra)
    assert messages(workspace, {"sources/kz/a.txt": archive, "sources/kz/a.yaml": text}) == []


def test_quote_with_genuine_hyphen_split_at_line_end_passes(workspace):
    archive = "the state-\nowned broadcaster\n"
    text = one_fact(extra="text: a.txt\n", fact_extra="    quote: the state-owned broadcaster\n")
    assert messages(workspace, {"sources/kz/a.txt": archive, "sources/kz/a.yaml": text}) == []


def test_quote_without_archived_text_is_not_checked(workspace):
    text = one_fact(fact_extra="    quote: words nobody can verify\n")
    assert messages(workspace, {"sources/kz/a.yaml": text}) == []


# --- order and problem collection ---------------------------------------------------


def test_facts_are_ordered_by_file_path_then_as_listed(workspace):
    def doc(ident: str, facts: list[str]) -> str:
        body = "".join(f"  - id: {f}\n    text: t\n    themes: [media]\n" for f in facts)
        return f"id: {ident}\ntitle: T\ncountry: KZ\nfacts:\n{body}"

    store, problems = load(workspace, {
        "sources/zz/z.yaml": doc("doc-z", ["z-2", "z-1"]),
        "sources/aa/b.yaml": doc("doc-b", ["b-9", "b-1"]),
        "sources/aa/a.yaml": doc("doc-a", ["a-5"]),
    })
    assert problems == []
    assert list(store.facts) == [
        "a-5", "b-9", "b-1",
        "libel-2007", "khabar-2008", "rally-2008", "baptists-2008",
        "z-2", "z-1",
    ]
    orders = [f.order for f in store.facts.values()]
    assert orders == sorted(orders)


def test_every_broken_file_is_reported_not_only_the_first(workspace):
    found = messages(workspace, {
        "sources/kz/a.yaml": "id: a\ntitle: x: y\n",
        "sources/kz/b.yaml": one_fact().replace("id: doc-a", "id: doc-b").replace("id: fact-a", "id: fact-b")
        .replace("themes: [media]", "themes: [medai]"),
    })
    assert [m.split(":")[0] for m in found] == ["sources/kz/a.yaml", "sources/kz/b.yaml"]
    assert errors_in(load(workspace)[1])
