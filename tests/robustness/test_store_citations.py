"""Tests that what `build` would stumble on in a source document is caught by `check`, on its line:
a fact whose text cites an unknown id, a locator of more than one line."""

from __future__ import annotations

from tests.conftest import SOURCE

FACT_CITING = SOURCE.replace("libel cases against journalists.", "libel cases [@libel-2oo7-cases].")
assert FACT_CITING != SOURCE


def test_a_fact_citing_an_unknown_id_is_an_error_on_its_line(workspace, run):
    workspace.write("sources/kz/hrw-memo.yaml", FACT_CITING)
    for command in (("check",), ("build", "--to", "html", "-q")):
        code, out, err = run(*command)
        assert code == 3, (command, out, err)
        assert ("sources/kz/hrw-memo.yaml:10: facts[0].text: cites 'libel-2oo7-cases', which is neither a fact, "
                "a source nor a recommendation in the store; did you mean 'libel-2007'?") in (out + err).splitlines()


def test_a_fact_citing_a_known_id_passes(workspace, run):
    workspace.write("sources/kz/hrw-memo.yaml", FACT_CITING.replace("libel-2oo7-cases", "hrw-memo, p. 2"))
    code, out, err = run("check")
    assert code == 0, out + err


def test_a_locator_of_several_lines_is_an_error_of_check_on_its_line(workspace, run):
    workspace.write("sources/kz/hrw-memo.yaml", FACT_CITING.replace(" [@libel-2oo7-cases]", "").replace(
        "    locator: p. 3\n", "    locator: |\n      p. 3\n\n      p. 4\n"))
    code, out, err = run("check")
    assert code == 3, out + err
    assert ("sources/kz/hrw-memo.yaml:13: facts[0].locator: a locator is one line (\"p. 3\", \"para. 14\"); "
            "this one holds a line break") in (out + err).splitlines()


def test_a_citation_locator_wrapped_over_two_lines_is_one_line():
    from compiler.citations import citation_groups

    [[group]] = citation_groups("A claim [@hrw-memo, p.\n  3 and\n4].")
    assert group[0].locator == "p. 3 and 4"
