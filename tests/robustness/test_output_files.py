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
