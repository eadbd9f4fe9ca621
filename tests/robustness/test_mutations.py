"""Mutation test: valid workspaces broken in hundreds of seeded ways, each checked through main().

Lines deleted, duplicated, swapped, truncated and re-indented; values replaced by junk
(`[`, `null`, `2011-02-30`, `yes`, a 10,000-character string, a tab, anchors and
aliases, Python tags ...). `brief check` must answer each with exit 0, 3 or 4 and
never with a traceback or an internal error.
"""

from __future__ import annotations

import contextlib
import io
import random
import shutil
from pathlib import Path


from compiler.cli import main
from tests.conftest import BRIEF, REPO, SOURCE, THEMES

JUNK = [
    "[", "]", "{", "}", "null", "~", "-1", "0", "2011-02-30", "2011-13-01", "yes", "no", "NO", "x" * 10_000, "\t",
    "&anchor", "*alias", "&a [1, 2]", "*a", "!!python/object:os.system", "!!python/object/apply:os.system [id]",
    "!!binary aGVsbG8=", "!!set {a}", "!!bool maybe", "!!int x", '""', "''", "|", ">-", "- x", "? x", ": x",
    "[@nope]", "<script>alert(1)</script>", "{{ 7 * 7 }}", "file:///etc/passwd", "../../etc/passwd",
    "\"\\x00\"", "'\u202e'", "1e400", "0x1F", "2e3", "[[[[[[]]]]]]", "{a: {b: {c: [1]}}}", "%", "@x", "`x`",
]


def _value_line(line: str, rng: random.Random) -> str:
    head = line[: len(line) - len(line.lstrip())]
    body = line.strip()
    if body.startswith("- "):
        head, body = head + "- ", body[2:]
    if ":" in body and not body.startswith(("'", '"')):
        key = body.split(":", 1)[0]
        return f"{head}{key}: {rng.choice(JUNK)}"
    return f"{head}{rng.choice(JUNK)}"


def mutate(text: str, rng: random.Random) -> tuple[str, list[str]]:
    """Return `text` broken by one to three random operations, and their names."""
    lines = text.splitlines()
    done = []
    for _ in range(rng.randint(1, 3)):
        if not lines:
            lines = [rng.choice(JUNK)]
        i = rng.randrange(len(lines))
        op = rng.choice(["delete", "duplicate", "swap", "truncate-line", "truncate-file", "indent", "dedent",
                         "tab", "value", "value", "value", "insert", "char"])
        if op == "delete":
            del lines[i]
        elif op == "duplicate":
            lines.insert(i, lines[i])
        elif op == "swap":
            j = rng.randrange(len(lines))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "truncate-line":
            lines[i] = lines[i][: rng.randrange(len(lines[i]) + 1)]
        elif op == "truncate-file":
            joined = "\n".join(lines)
            lines = joined[: rng.randrange(len(joined) + 1)].splitlines()
        elif op == "indent":
            lines[i] = " " * rng.randint(1, 4) + lines[i]
        elif op == "dedent":
            lines[i] = lines[i][min(rng.randint(1, 4), len(lines[i]) - len(lines[i].lstrip())):]
        elif op == "tab":
            lines[i] = "\t" + lines[i].lstrip()
        elif op == "value":
            lines[i] = _value_line(lines[i], rng)
        elif op == "insert":
            lines.insert(i, " " * rng.choice([0, 2, 4]) + rng.choice(["x: ", "- ", "", "id: "]) + rng.choice(JUNK))
        elif op == "char" and lines[i]:
            k = rng.randrange(len(lines[i]))
            lines[i] = lines[i][:k] + rng.choice("[]{}:-?&*!|>'\"#%@,\t") + lines[i][k + 1:]
        done.append(f"{op}@{i + 1}")
    return "\n".join(lines) + rng.choice(["\n", ""]), done


def run_main(*argv: str) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(argv))
    return code, out.getvalue() + err.getvalue()


def sample_workspace(root: Path) -> Path:
    for folder in ("sources", "briefs"):
        shutil.copytree(REPO / folder, root / folder, ignore=shutil.ignore_patterns(".*"))
    return root


def fixture_workspace(root: Path) -> Path:
    (root / "sources" / "kz").mkdir(parents=True)
    (root / "briefs").mkdir()
    (root / "sources" / "themes.yaml").write_text(THEMES)
    (root / "sources" / "kz" / "hrw-memo.yaml").write_text(SOURCE)
    (root / "briefs" / "paper.yaml").write_text(BRIEF)
    return root


def mutation_run(root: Path, count: int, seed: int) -> int:
    """Break `root`'s YAML files `count` times, check each, restore; return how many were invalid."""
    files = sorted(p for p in root.rglob("*.yaml") if ".brief-cache" not in p.parts)
    briefs = sorted((root / "briefs").glob("*.yaml"))
    originals = {p: p.read_text(encoding="utf-8") for p in files}
    code, output = run_main("check", "--workspace", str(root))
    assert code in (0, 4), output  # the unbroken workspace is valid
    invalid = 0
    for number in range(count):
        rng = random.Random(seed * 100_003 + number)
        path = rng.choice(files)
        broken, ops = mutate(originals[path], rng)
        path.write_text(broken, encoding="utf-8")
        try:
            brief = path if path in briefs else rng.choice(briefs)
            argv = ["check", "--workspace", str(root), str(brief)]
            if number % 7 == 0:
                argv = ["check", "--workspace", str(root), "--format", "json"]
            code, output = run_main(*argv)
            where = f"mutation {number} (seed {seed}) of {path.relative_to(root)}: {ops}"
            assert code in (0, 3, 4), f"{where}: exit {code}\n{output[-3000:]}"
            assert "Traceback" not in output and "internal error" not in output, f"{where}\n{output[-3000:]}"
            invalid += code == 3
            if number % 10 == 0:
                code, output = run_main("facts", "--workspace", str(root), "--format", "json")
                assert code in (0, 3), f"{where}: facts exit {code}\n{output[-3000:]}"
                assert "Traceback" not in output, f"{where}\n{output[-3000:]}"
        finally:
            path.write_text(originals[path], encoding="utf-8")
    return invalid


def test_mutated_sample_workspace(tmp_path, monkeypatch):
    root = sample_workspace(tmp_path / "sample")
    monkeypatch.chdir(root)
    invalid = mutation_run(root, 300, seed=1)
    assert invalid > 100  # most mutations do break something, and were reported as such


def test_mutated_fixture_workspace(tmp_path, monkeypatch):
    root = fixture_workspace(tmp_path / "fixture")
    monkeypatch.chdir(root)
    invalid = mutation_run(root, 150, seed=2)
    assert invalid > 50
