"""Check that the benchmark's generated workspace is one `brief` accepts (timing is never asserted)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO

BRIEF = Path(sys.executable).parent / "brief"


def _brief(*argv: str, cwd: Path) -> subprocess.CompletedProcess:
    command = [str(BRIEF)] if BRIEF.exists() else [sys.executable, "-m", "compiler"]
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    env.pop("BRIEF_NO_CACHE", None)
    return subprocess.run(command + list(argv), cwd=cwd, capture_output=True, text=True, env=env, timeout=300)


def test_a_generated_store_of_1000_facts_checks_clean(tmp_path):
    made = subprocess.run([sys.executable, str(REPO / "bench" / "generate.py"), "--facts", "1000", "--out", str(tmp_path)],
                          capture_output=True, text=True, timeout=120)
    assert made.returncode == 0, made.stderr
    assert "1000 facts in" in made.stdout

    checked = _brief("check", "--strict", "--format", "json", cwd=tmp_path)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    [report] = json.loads(checked.stdout)
    assert report["brief"].endswith("bench.yaml")
    assert report["problems"] == []
    assert [s["theme"] for s in report["sections"]] == ["media", "assembly", "religion", "defenders"]
    assert sum(len(s["facts"]) for s in report["sections"]) > 10


def test_the_generator_is_deterministic(tmp_path):
    for name in ("one", "two"):
        subprocess.run([sys.executable, str(REPO / "bench" / "generate.py"), "--facts", "300", "--out", str(tmp_path / name),
                        "--seed", "7"], check=True, capture_output=True, timeout=120)
    one = {p.relative_to(tmp_path / "one"): p.read_bytes() for p in (tmp_path / "one").rglob("*.yaml")}
    two = {p.relative_to(tmp_path / "two"): p.read_bytes() for p in (tmp_path / "two").rglob("*.yaml")}
    assert one == two and len(one) >= 4
