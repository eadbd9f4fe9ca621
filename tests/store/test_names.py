"""Check a source's authors: organisations as text, persons as {family, given}, through the checks and the index."""

from __future__ import annotations

from compiler.names import Person, family, inverted, sort_key, written
from compiler.store.load import load_store


def test_a_person_is_written_inverted_and_sorted_by_the_family_name():
    person = Person("Karimova", "Dilnoza")
    assert (written(person), inverted(person), family(person)) == ("Dilnoza Karimova", "Karimova, Dilnoza", "Karimova")
    assert (written("Human Rights Watch"), inverted("Human Rights Watch")) == ("Human Rights Watch", "Human Rights Watch")
    assert sorted([Person("Schmidt", "Anna"), "Human Rights Watch", Person("Karimova", "D")], key=sort_key) == [
        "Human Rights Watch", Person("Karimova", "D"), Person("Schmidt", "Anna")]


def test_persons_and_organisations_load_the_same_with_and_without_the_index(workspace):
    workspace.write("sources/kz/article.yaml", """\
        id: article
        title: An article
        author: [{family: Karimova, given: Dilnoza}, Human Rights Watch, {family: UNHCR}]
        volume: 8
        issue: 2
        pages: 123-145
        """)
    plain, problems = load_store(workspace.root / "sources", workspace.root, cache=False)
    assert problems == []
    assert plain.sources["article"].author == (Person("Karimova", "Dilnoza"), "Human Rights Watch", Person("UNHCR", ""))
    assert (plain.sources["article"].volume, plain.sources["article"].issue) == ("8", "2")  # numbers read as text
    cold, _ = load_store(workspace.root / "sources", workspace.root, cache=True)
    warm, _ = load_store(workspace.root / "sources", workspace.root, cache=True)
    assert plain == cold == warm
    assert isinstance(warm.sources["article"].author[0], Person)


def test_a_person_without_a_family_name_or_with_an_unknown_key_is_an_error(workspace, run):
    workspace.write("sources/kz/bad.yaml", """\
        id: bad
        title: Bad
        author:
          - {given: Dilnoza}
          - {family: Schmidt, givn: Jonas}
          - [Karimova]
        """)
    code, out, err = run("check")
    lines = [line for line in (out + err).splitlines() if "bad.yaml" in line]
    assert code == 3
    assert [line.split("bad.yaml")[1] for line in lines] == [
        ":4: author[0].family: required field is missing",
        ":5: author[1].givn: unknown key; did you mean 'given'?",
        ":6: author[2]: expected text; got a list",
    ]
