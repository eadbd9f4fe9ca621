"""Tests of writing outputs: atomic, all rendered before any is written, no temporary file left,
previous outputs unchanged on failure, a clear error (never a traceback) when the folder is
unusable, and the same bytes for the same inputs."""

from __future__ import annotations

import errno
import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from compiler import output
from compiler.errors import BriefError, RenderError
from compiler.output import safe_name, write_all


def listing(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_files_are_written_whole_and_no_temporary_file_stays(tmp_path):
    folder = tmp_path / "out"
    write_all({folder / "a.pdf": b"%PDF new", folder / "a.docx": b"PK new"})
    assert listing(folder) == {"a.docx": b"PK new", "a.pdf": b"%PDF new"}


def test_a_failure_while_writing_leaves_the_previous_outputs_and_no_temporary_file(tmp_path, monkeypatch):
    folder = tmp_path / "out"
    write_all({folder / "a.pdf": b"old pdf", folder / "a.docx": b"old docx"})
    calls = []
    real_fsync = os.fsync

    def failing_fsync(fd):
        calls.append(fd)
        if len(calls) == 2:
            raise OSError(errno.ENOSPC, "No space left on device")
        real_fsync(fd)

    monkeypatch.setattr(output.os, "fsync", failing_fsync)
    with pytest.raises(RenderError) as caught:
        write_all({folder / "a.pdf": b"new pdf", folder / "a.docx": b"new docx"})
    assert listing(folder) == {"a.docx": b"old docx", "a.pdf": b"old pdf"}
    [problem] = caught.value.problems
    assert problem.format().endswith("a.docx: cannot write the output (No space left on device); nothing was replaced")


def test_an_output_folder_that_cannot_exist_is_a_clear_error(tmp_path):
    blocker = tmp_path / "file.txt"
    blocker.write_text("not a folder")
    with pytest.raises(BriefError) as caught:
        write_all({blocker / "out" / "a.pdf": b"x"})
    assert "cannot write the output" in caught.value.problems[0].message
    assert blocker.read_text() == "not a folder"


def test_a_folder_in_the_way_of_an_output_is_a_clear_error_and_nothing_is_replaced(tmp_path):
    folder = tmp_path / "out"
    write_all({folder / "a.docx": b"old docx"})
    (folder / "a.pdf").mkdir()
    with pytest.raises(BriefError):
        write_all({folder / "a.docx": b"new docx", folder / "a.pdf": b"new pdf"})
    assert (folder / "a.docx").read_bytes() == b"old docx"
    assert sorted(p.name for p in folder.iterdir()) == ["a.docx", "a.pdf"]


@pytest.mark.parametrize("name", ["", ".", "..", "../x.pdf", "a/b.pdf", "a\\b.pdf", "a\x00.pdf"])
def test_output_names_cannot_leave_the_folder(tmp_path, name):
    with pytest.raises(BriefError):
        safe_name(tmp_path, name)


def test_build_into_an_unusable_folder_exits_5_with_one_line(workspace, run):
    blocker = workspace.root / "blocker"
    blocker.write_text("")
    code, out, err = run("build", "--to", "html", "-o", str(blocker / "out"))
    assert code == 5
    assert "Traceback" not in out + err and "internal error" not in err
    assert [line for line in err.splitlines() if "cannot write the output" in line] == [
        "blocker/out/paper.html: cannot write the output (Not a directory); nothing was replaced"
    ]


@pytest.mark.parametrize("epoch", [None, "1310428800"])
def test_same_inputs_give_the_same_bytes_whatever_the_process(workspace, epoch):
    digests = []
    for seed, folder in (("1", "out-a"), ("2", "out-b")):
        env = {**os.environ, "PYTHONHASHSEED": seed, "BRIEF_NO_CACHE": "1" if seed == "1" else "0"}
        env.pop("SOURCE_DATE_EPOCH", None)
        if epoch:
            env["SOURCE_DATE_EPOCH"] = epoch
        done = subprocess.run([sys.executable, "-m", "compiler", "build", "--to", "docx,pdf,html", "-o", folder],
                              cwd=workspace.root, env=env, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        digests.append({p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted((workspace.root / folder).iterdir())})
    assert sorted(digests[0]) == ["paper.docx", "paper.html", "paper.manifest.json", "paper.pdf"]
    assert digests[0] == digests[1]


OLD = {"a.docx": b"old docx", "a.pdf": b"old pdf", "a.manifest.json": b"old manifest"}
NEW = {"a.docx": b"new docx", "a.pdf": b"new pdf", "a.manifest.json": b"new manifest"}


def fail_second_rename(monkeypatch, code: int) -> None:
    """Make the second os.replace of write_all fail with OSError `code` (the first goes through)."""
    real_replace = os.replace
    renames = []

    def failing_replace(source, target):
        renames.append(target)
        if len(renames) == 2:
            raise OSError(code, os.strerror(code))
        real_replace(source, target)

    monkeypatch.setattr(output.os, "replace", failing_replace)


def test_a_rename_failing_midway_puts_the_previous_set_back(tmp_path, monkeypatch):
    folder = tmp_path / "out"
    write_all({folder / name: data for name, data in OLD.items()})
    fail_second_rename(monkeypatch, errno.EACCES)
    with pytest.raises(RenderError) as caught:
        write_all({folder / name: data for name, data in NEW.items()})
    assert listing(folder) == OLD  # the first file renamed was put back; no temporary file, backup or journal left
    assert caught.value.problems[0].message == "cannot write the output (Permission denied); nothing was replaced"


def test_a_rename_failing_midway_removes_the_new_files_that_had_no_previous_one(tmp_path, monkeypatch):
    folder = tmp_path / "out"
    fail_second_rename(monkeypatch, errno.EIO)
    with pytest.raises(RenderError):
        write_all({folder / name: data for name, data in NEW.items()})
    assert listing(folder) == {}


KILLED_IN_THE_RENAME_WINDOW = """
import os, sys
from pathlib import Path
from compiler import output
folder = Path(sys.argv[1])
real_replace = os.replace
calls = []
def replace_then_die(source, target):
    calls.append(target)
    if len(calls) == 2:
        os._exit(9)  # as kill -9 between two renames: no clean-up runs
    real_replace(source, target)
output.os.replace = replace_then_die
output.write_all({folder / "a.docx": b"new docx", folder / "a.pdf": b"new pdf", folder / "a.manifest.json": b"new manifest"})
"""


def test_a_kill_in_the_rename_window_is_finished_by_the_next_write_into_the_folder(tmp_path):
    folder = tmp_path / "out"
    write_all({folder / name: data for name, data in OLD.items()})
    done = subprocess.run([sys.executable, "-c", KILLED_IN_THE_RENAME_WINDOW, str(folder)], cwd=Path(__file__).parents[2],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 9, done.stderr
    assert {name: data for name, data in listing(folder).items() if not name.startswith(".")} != NEW  # killed midway
    write_all({folder / "b.pdf": b"another paper"})
    assert listing(folder) == {**NEW, "b.pdf": b"another paper"}


@pytest.mark.parametrize("umask, mode", [(0o022, 0o644), (0o027, 0o640), (0o002, 0o664), (0o077, 0o600)])
def test_outputs_follow_the_umask(tmp_path, umask, mode):
    previous = os.umask(umask)
    try:
        write_all({tmp_path / "out" / "a.pdf": b"x"})
    finally:
        os.umask(previous)
    assert (tmp_path / "out" / "a.pdf").stat().st_mode & 0o777 == mode


def test_two_briefs_of_one_name_in_one_build_are_refused_before_anything_is_written(workspace, run):
    brief = (workspace.root / "briefs" / "paper.yaml").read_text()
    workspace.write("briefs/a/x.yaml", brief)
    workspace.write("briefs/b/x.yaml", brief.replace("Test Paper", "Other Paper"))
    code, out, err = run("build", "--to", "html", "briefs/a/x.yaml", "briefs/b/x.yaml")
    assert code == 2, out + err
    assert err.splitlines() == ["brief: briefs/a/x.yaml and briefs/b/x.yaml would both write output/x.html: "
                                "build them one at a time, each with its own -o DIR, or rename one"]
    assert not (workspace.root / "output").exists()


def test_one_brief_named_twice_is_built_once(workspace, run):
    code, out, err = run("build", "--to", "html", "briefs/paper.yaml", "paper")
    assert code == 0, err
    assert out.count("-> output/paper.html") == 1
