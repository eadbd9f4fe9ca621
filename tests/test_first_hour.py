"""The new user's first hour, run from a fresh clone: `make demo`, then `brief` as the README reaches it, then a
workspace of their own (`brief init`) and a first paper of their own, with no warning printed on the way.

It installs the product as the README's quick start does (a venv, pip from the package index), so it is skipped,
saying why, when the index cannot be reached. The machine's own pip configuration (extra indexes, mirrors) is
left out: it is not the project's, and a user's machine has its own.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import urllib.request
from pathlib import Path

import pytest

from compiler import __version__
from tests.conftest import REPO

OWN_PAPER = """\
title: "Kazakhstan: Criminal Libel"
country: KZ
date: 2008-06-01
style: ngo-briefing
outputs: [docx, pdf]
sections:
  - theme: media.libel
"""

NOISE = re.compile(r"warn|deprecat|error|traceback|notice|!!", re.IGNORECASE)


def _index_reachable() -> str | None:
    """Return why the package index cannot be reached, or None when it can."""
    index = os.environ.get("PIP_INDEX_URL", "https://pypi.org/simple/").rstrip("/")
    try:
        with urllib.request.urlopen(f"{index}/pip/", timeout=10) as answer:
            answer.read(1)
    except OSError as exc:
        return f"the package index {index} cannot be reached ({exc}): make demo installs from it"
    return None


def _user_env(home: Path) -> dict[str, str]:
    """The environment of a user's shell: no venv active, no pip configuration but pip's own."""
    venv_bin = str(Path(os.environ.get("VIRTUAL_ENV", "/nonexistent")) / "bin")
    path = os.pathsep.join(p for p in os.environ.get("PATH", "").split(os.pathsep) if p and p != venv_bin)
    # nor the variables of a `make test` this runs under (its sub-make would say "Entering directory")
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("PIP_", "PYTHON", "BRIEF_")) and k not in ("VIRTUAL_ENV", "MAKELEVEL", "MAKEFLAGS", "MFLAGS")}
    cache = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "pip"  # pip's own cache: no download twice
    return env | {"PATH": path, "PIP_CONFIG_FILE": os.devnull, "PIP_CACHE_DIR": str(cache), "HOME": str(home)}


def _run(command: list[str], cwd: Path, env: dict[str, str], timeout: int) -> list[str]:
    """Run `command`; return the lines it printed (stdout and stderr together) after checking it succeeded."""
    done = subprocess.run(command, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True, timeout=timeout)
    assert done.returncode == 0, done.stdout
    return done.stdout.splitlines()


@pytest.mark.skipif(shutil.which("git") is None or shutil.which("make") is None, reason="needs git and make")
def test_clone_make_demo_then_a_first_paper_of_ones_own_prints_no_warning(tmp_path):
    if (why := _index_reachable()) is not None:
        pytest.skip(why)
    home = tmp_path / "home"
    home.mkdir()
    env = _user_env(home)
    clone = tmp_path / "brief"
    subprocess.run(["git", "clone", "--quiet", str(REPO), str(clone)], check=True, timeout=120)
    assert not (clone / ".venv").exists()

    # the README's first command
    demo = _run(["make", "demo"], clone, env, 600)
    noise = [line for line in demo if NOISE.search(line)]
    assert noise == [], "\n".join(demo)
    built = [line for line in demo if line.startswith("briefs/")]
    assert len(built) == len(list((clone / "briefs").glob("*.yaml"))), "\n".join(demo)
    said = [line for line in demo if line not in built and not line.startswith("installing:")]
    assert all(line.startswith(("python3 -m venv", ".venv/bin/", "touch .venv/")) for line in said), "\n".join(demo)

    # the checkout is on sys.path by one .pth line: no editable finder imported before every command
    site = next((clone / ".venv" / "lib").glob("python*/site-packages"))
    assert not list(site.glob("__editable__*finder*")), sorted(p.name for p in site.iterdir())
    assert (clone / "compiler").as_posix() in {Path(line).joinpath("compiler").as_posix()
                                                for pth in site.glob("__editable__*.pth") for line in pth.read_text().split()}

    # `brief` as the README reaches it after make demo: .venv/bin/brief, or `brief` in an activated venv
    assert _run([".venv/bin/brief", "-V"], clone, env, 60) == [f"brief {__version__}"]
    script = ("source .venv/bin/activate && brief init ../papers && cd ../papers && "
              "cat > briefs/libel.yaml && brief check briefs/libel.yaml && brief build briefs/libel.yaml")
    done = subprocess.run(["bash", "-c", script], cwd=clone, env=env, input=OWN_PAPER, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True, timeout=300)
    assert done.returncode == 0, done.stdout
    assert [line for line in done.stdout.splitlines() if NOISE.search(line)] == [], done.stdout
    papers = tmp_path / "papers"
    assert "briefs/libel.yaml: ok; 1 sections" in done.stdout
    for suffix in ("docx", "pdf"):
        assert (papers / "output" / f"libel.{suffix}").stat().st_size > 1000


@pytest.mark.skipif(shutil.which("git") is None or shutil.which("pipx") is None,
                    reason="needs git and pipx (make test installs pipx as root)")
def test_pipx_install_puts_a_brief_that_builds_on_the_path(tmp_path):
    if (why := _index_reachable()) is not None:
        pytest.skip(why)
    (tmp_path / "home").mkdir()
    env = _user_env(tmp_path / "home")
    env |= {"PIPX_HOME": str(tmp_path / "pipx"), "PIPX_BIN_DIR": str(tmp_path / "bin")}
    env["PATH"] = f"{tmp_path / 'bin'}{os.pathsep}{env['PATH']}"
    clone = tmp_path / "brief"
    subprocess.run(["git", "clone", "--quiet", str(REPO), str(clone)], check=True, timeout=120)
    installed = _run(["pipx", "install", "."], clone, env, 600)
    assert [line for line in installed if NOISE.search(line)] == [], installed
    assert _run(["brief", "-V"], tmp_path, env, 60) == [f"brief {__version__}"]
    _run(["brief", "init", "papers"], tmp_path, env, 60)
    built = _run(["brief", "build"], tmp_path / "papers", env, 300)  # with the styles installed in the package
    assert [line for line in built if NOISE.search(line)] == [], built
    assert (tmp_path / "papers" / "output" / "example.pdf").stat().st_size > 1000
