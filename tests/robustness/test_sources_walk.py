"""Tests of what `brief` does with what is not a plain file or folder under `sources/`: a symbolic
link to a folder of the workspace is followed, and everything else it cannot read is a warning
naming its path, never skipped in silence; names with control characters are shown escaped."""

from __future__ import annotations

import os

import pytest

from compiler.errors import Problem, display, printable

OTHER_SOURCE = """\
id: other-doc
kind: report
title: "Another report"
author: [Human Rights Watch]
issued: 2009
country: KZ
facts:
  - id: other-fact
    text: Another fact happened.
    themes: [media]
    date: 2009
"""


def test_a_symlinked_folder_inside_the_workspace_is_read(workspace, run):
    workspace.write("shared/other.yaml", OTHER_SOURCE)
    (workspace.root / "sources" / "linked").symlink_to(workspace.root / "shared", target_is_directory=True)
    code, out, err = run("facts", "--format", "json")
    assert code == 0, err
    assert "other-fact" in out
    assert "warning" not in err


def test_a_symlinked_folder_outside_the_workspace_is_a_warning_with_its_path(workspace, run, tmp_path):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "other.yaml").write_text(OTHER_SOURCE)
    (workspace.root / "sources" / "away").symlink_to(outside, target_is_directory=True)
    code, out, err = run("check")
    assert code == 0, out + err
    assert ("sources/away: warning: a symbolic link to a folder outside the workspace; not followed, "
            "nothing under it is read") in (out + err).splitlines()


def test_a_symlink_loop_is_read_once(workspace, run):
    (workspace.root / "sources" / "kz" / "again").symlink_to(workspace.root / "sources", target_is_directory=True)
    code, out, err = run("check")
    assert code == 0, out + err
    assert "duplicate id" not in out + err


@pytest.mark.parametrize("kind", ["fifo", "dangling"])
def test_a_fifo_or_a_dangling_link_is_a_warning_with_its_path_and_check_does_not_hang(workspace, run, kind):
    path = workspace.root / "sources" / "kz" / "pipe.yaml"
    if kind == "fifo":
        os.mkfifo(path)
    else:
        path.symlink_to(workspace.root / "nowhere.yaml")
    code, out, err = run("check")
    assert code == 0, out + err
    reason = "a named pipe, not a regular file" if kind == "fifo" else "a symbolic link to nothing"
    assert f"sources/kz/pipe.yaml: warning: {reason}; not read" in (out + err).splitlines()


@pytest.mark.parametrize("kind", ["fifo", "dangling"])
@pytest.mark.parametrize("command", ["check", "build"])
def test_a_fifo_or_a_dangling_link_among_the_briefs_is_a_warning_and_nothing_hangs(workspace, run, kind, command):
    path = workspace.root / "briefs" / "pipe.yaml"
    if kind == "fifo":
        os.mkfifo(path)
    else:
        path.symlink_to(workspace.root / "nowhere.yaml")
    code, out, err = run(command, *(["--to", "html", "-j", "1"] if command == "build" else []))
    assert code == 0, out + err
    reason = "a named pipe, not a regular file" if kind == "fifo" else "a symbolic link to nothing"
    assert f"briefs/pipe.yaml: warning: {reason}; not read" in (out + err).splitlines()
    assert run(command, "--strict", *(["--to", "html", "-j", "1"] if command == "build" else []))[0] == 4


def test_control_characters_in_names_are_shown_escaped(workspace, run):
    workspace.write("sources/kz/evil\x1b[31mred\x07.yaml", "id: [unclosed\n")
    code, out, err = run("check")
    assert code == 3
    shown = [line for line in (out + err).splitlines() if "evil" in line]
    assert shown and shown[0].startswith("sources/kz/evil\\x1b[31mred\\x07.yaml:1: YAML syntax error")
    assert not any(ch in out + err for ch in "\x1b\x07")


def test_printable_escapes_every_control_character_and_only_those():
    assert printable("a\nb\tc\x1b[0m\x7f\x9b\u2028é") == "a\\nb\\tc\\x1b[0m\\x7f\\x9b\\u2028é"
    assert printable(printable("x\ny")) == "x\\ny"
    assert display("/nowhere/a\rb.yaml", here="/elsewhere") == "/nowhere/a\\rb.yaml"
    assert Problem("f\x1b.yaml", 2, "k", "bad \x1b value").format() == "f\\x1b.yaml:2: k: bad \\x1b value"
