"""Tests of the command line itself: mistyped commands and choices, the version, shell completion."""

from __future__ import annotations

import os
import pty
import re
import select
import shlex
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest

from compiler import __version__


@pytest.mark.parametrize("argv, said", [
    (["buld"], "brief: unknown command 'buld'; did you mean 'build'? (see `brief --help`)"),
    (["chek", "--strict"], "brief: unknown command 'chek'; did you mean 'check'? (see `brief --help`)"),
    (["frobnicate"], "brief: unknown command 'frobnicate'; expected one of check, facts, recommendations, build, watch, "
                     "preview, serve, import, schema, review, init, completion (see `brief --help`)"),
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


# --- shell completion ---------------------------------------------------------------------
# Each script is loaded into the real shell, which is asked what it completes a line being typed with.

LINES = {  # a line being typed -> what the shell must offer
    "brief bu": ["build"],
    "brief check --format ": ["json", "text"],
    "brief build briefs/": ["briefs/paper.yaml"],
    "brief completion ": ["bash", "fish", "zsh"],
}


def _bash(script: Path, line: str, cwd: Path, offered: list[str]) -> str:
    driver = (f"source {shlex.quote(str(script))}\n"
              f"line={shlex.quote(line)}\n"
              'read -ra COMP_WORDS <<< "$line"; [[ "$line" == *" " ]] && COMP_WORDS+=("")\n'
              'COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 )); COMP_LINE="$line"; COMP_POINT=${#line}; COMPREPLY=()\n'
              '_shtab_brief brief "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"\n'
              'printf "%s\\n" "${COMPREPLY[@]}"\n')
    return subprocess.run(["bash", "--norc", "--noprofile", "-c", driver], cwd=cwd, capture_output=True, text=True,
                          timeout=30, check=True).stdout


def _fish(script: Path, line: str, cwd: Path, offered: list[str]) -> str:
    driver = f"source {shlex.quote(str(script))}; complete -C {shlex.quote(line)}"
    out = subprocess.run(["fish", "--no-config", "-c", driver], cwd=cwd, capture_output=True, text=True, timeout=30,
                         check=True).stdout
    return "\n".join(entry.split("\t")[0] for entry in out.splitlines())


def _zsh(script: Path, line: str, cwd: Path, offered: list[str]) -> str:
    """Type `line` and a tab into an interactive zsh (on a pseudo-terminal) whose $fpath holds the script as _brief;
    return what it shows once it shows the last of `offered` (or after 15 s)."""
    functions = script.parent / "zsh-functions"
    functions.mkdir(exist_ok=True)
    (functions / "_brief").write_text(script.read_text(encoding="utf-8"), encoding="utf-8")
    pid, fd = pty.fork()
    if pid == 0:  # the child: an interactive zsh without any user's configuration
        os.chdir(cwd)
        os.environ.update(TERM="dumb", PS1="> ", HOME=str(functions))
        os.execvp("zsh", ["zsh", "-f", "-i"])

    def read_until(text: str) -> str:
        out, end = "", time.monotonic() + 15
        while text not in out and time.monotonic() < end:
            if select.select([fd], [], [], 0.1)[0]:
                try:
                    out += os.read(fd, 65536).decode("utf-8", errors="replace")
                except OSError:
                    break
        return out.replace("\r", "")

    try:
        os.write(fd, f"fpath=({functions} $fpath); autoload -U compinit; compinit -u -D; print COMPINIT-$((6*7))\n".encode())
        read_until("COMPINIT-42")
        os.write(fd, (line + "\t").encode())
        return read_until(offered[-1])
    finally:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        os.close(fd)


SHELL_RUNS = {"bash": _bash, "fish": _fish, "zsh": _zsh}


@pytest.mark.parametrize("shell", SHELL_RUNS)
def test_the_completion_script_completes_commands_choices_and_files_in_the_shell(workspace, run, tmp_path, shell):
    if shutil.which(shell) is None:
        pytest.skip(f"{shell} is not installed (make test installs it as root)")
    code, script, err = run("completion", shell)
    assert (code, err) == (0, "")
    path = tmp_path / f"brief.{shell}"
    path.write_text(script, encoding="utf-8")
    for line, offered in LINES.items():
        said = SHELL_RUNS[shell](path, line, workspace.root, offered)
        if shell == "zsh" and len(offered) == 1:  # the one completion is typed into the line
            assert f"{line.rsplit(' ', 1)[0]} {offered[0]}" in said, (line, said)
        elif shell == "zsh":  # the choices are listed under it
            assert re.search(r"\n" + r"\s+".join(offered) + r"\s*\n", said), (line, said)
        else:
            assert sorted(said.split()) == offered, (line, said)
