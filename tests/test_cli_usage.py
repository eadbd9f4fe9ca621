"""Tests of the command line itself: mistyped commands and choices, the version, shell completion."""

from __future__ import annotations

import pytest

from compiler import __version__


@pytest.mark.parametrize("argv, said", [
    (["buld"], "brief: unknown command 'buld'; did you mean 'build'? (see `brief --help`)"),
    (["chek", "--strict"], "brief: unknown command 'chek'; did you mean 'check'? (see `brief --help`)"),
    (["frobnicate"], "brief: unknown command 'frobnicate'; expected one of check, facts, recommendations, build, watch, "
                     "serve, import, schema, init (see `brief --help`)"),
    (["check", "--format", "jsn"], "brief: argument --format: unknown choice 'jsn'; did you mean 'json'? "
                                   "(see `brief check --help`)"),
    (["import", "zotero", "refs.json"], "brief: argument FORMAT: unknown choice 'zotero'; expected one of csl, bibtex, "
                                        "csv, xlsx, uhri (see `brief import --help`)"),
])
def test_a_mistyped_command_or_choice_says_did_you_mean_or_lists_them(workspace, run, argv, said):
    assert run(*argv) == (2, "", said + "\n")


@pytest.mark.parametrize("option", ["-V", "--version"])
def test_version(run, option):
    assert run(option) == (0, f"brief {__version__}\n", "")
