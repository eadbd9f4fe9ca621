"""Measure `brief` against its references, side by side in one run, and print the ratios.

    .venv/bin/python bench/run.py            # the full run: 50,000 facts, 5 runs (`make bench`)
    .venv/bin/python bench/run.py --quick    # 5,000 facts, 2 runs
    .venv/bin/python bench/run.py --work /tmp/bench --runs 7 --markdown

Every figure is the wall time of a whole command as a user runs it (a subprocess of
`.venv/bin/brief`, or of the reference tool), the median over `--runs` runs. The two
sides of each ratio run one after the other in the same loop, their order swapped
every run, so that the noise of a shared machine hits both:

  (a) warm build, 50,000-fact store / sample store: `brief build` of the sample
      briefs/kazakhstan-ccpr-2011.yaml in the sample workspace grown by 50,000 facts of a
      coalition's other countries (generated) / in the sample workspace: the same paper,
      to its outputs (DOCX and PDF), index warm. Row a-big builds instead a generated
      brief of the sample's size from a 50,000-fact synthetic store (its paper is about a
      third longer, so it is shown for information);
  (b) `brief build --to docx` / `pandoc <our html> -o x.docx`;
  (c) `brief build --to pdf` / WeasyPrint alone (`python -c "import weasyprint; ..."`)
      on the HTML that `brief build --to html` writes;
      (b) and (c) on the sample paper (the targets), and again on the bench paper;
  (d) cold index, 50,000 facts: `brief facts --tag <none> --format json` with
      .brief-cache/ deleted / one Python process parsing every source file with
      `yaml.load(f, Loader=yaml.CSafeLoader)`;
  (e) peak memory of a warm and of a cold `brief build` at 50,000 facts: the main
      process's VmHWM and the sum of Pss over it and its workers, sampled every 20 ms;
  (f) `brief facts` (every fact, as a table) on the warm 50,000-fact store.

Rows a, b, c and f run a second time through `brief serve` (a-serve, b-serve, c-serve,
f-serve): a server is started in each workspace before the runs, and the bench stops with
an error if a server ran no request (its row would have run one-shot). Every other `brief`
command runs with BRIEF_NO_SERVER=1.

Results are printed as a table and written to bench/results.json (bench/results-quick.json with
--quick). Nothing is asserted: the table says which targets are met. docs/performance.md
explains the method and the results.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path.insert(0, str(BENCH))

from generate import generate  # noqa: E402  (bench/ is not a package)

BIN = Path(sys.executable).parent
SAMPLE_BRIEF = "kazakhstan-ccpr-2011.yaml"
NO_TAG = "bench-no-such-tag"

#: The targets of the issue: ratios ours / reference at most (a)-(d); (e) MB under; (f) seconds under.
TARGETS = {
    "a": 1.3, "b": 0.6, "c": 1.15, "d": 1.2, "e": 400.0, "f": 0.5,
}

PYYAML_SCRIPT = """\
import sys, yaml
from pathlib import Path
root = Path(sys.argv[1])
for path in sorted(root.rglob("*.yaml")):
    if path.relative_to(root).as_posix() == "themes.yaml":
        continue
    with path.open("rb") as handle:
        yaml.load(handle, Loader=yaml.CSafeLoader)
"""

#: How many layouts the PDF renderer needs for a brief (1, or more when it repairs a note that
#: WeasyPrint printed a page late): papers compared in (a) should need the same number.
LAYOUTS_SCRIPT = """\
import sys
from compiler.project import brief_paths, compile_brief, load_briefs, load_workspace_store
from compiler.render.pdf import lay_out
from compiler.workspace import find_workspace
workspace = find_workspace(None, None)
store, problems = load_workspace_store(workspace)
[item] = load_briefs(workspace, store, brief_paths(workspace, [sys.argv[1]]))
compiled = compile_brief(workspace, store, problems, item)
print(lay_out(compiled.document, compiled.style).layouts)
"""

WEASYPRINT_SCRIPT = "import sys, weasyprint; weasyprint.HTML(filename=sys.argv[1]).write_pdf(sys.argv[2])"


# --- running commands ------------------------------------------------------------------


@dataclass
class Sample:
    """One run of one command: wall time, and memory when it was watched."""

    seconds: float
    max_rss_mb: float  # ru_maxrss from wait4: the largest single process of the tree
    main_peak_mb: float | None = None  # VmHWM of the command's own process, sampled
    tree_peak_mb: float | None = None  # the largest sum of Pss over the process and its children, sampled


def _kb(text: str, key: str) -> int | None:
    for line in text.splitlines():
        if line.startswith(key):
            return int(line.split()[1])
    return None


def _children(pid: int) -> list[int]:
    """Return the pids of every descendant of `pid` (through /proc/<pid>/task/*/children)."""
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        try:
            tasks = os.listdir(f"/proc/{current}/task")
        except OSError:
            continue
        for task in tasks:
            try:
                with open(f"/proc/{current}/task/{task}/children") as handle:
                    kids = [int(k) for k in handle.read().split()]
            except OSError:
                continue
            found += kids
            todo += kids
    return found


class MemoryWatch(threading.Thread):
    """Sample a process tree's memory every `interval` seconds until stopped."""

    def __init__(self, pid: int, interval: float = 0.02):
        super().__init__(daemon=True)
        self.pid, self.interval = pid, interval
        self.main_hwm_kb = 0
        self.tree_peak_kb = 0
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.is_set():
            self.main_hwm_kb = max(self.main_hwm_kb, _hwm_kb(self.pid))
            self.tree_peak_kb = max(self.tree_peak_kb, _tree_pss_kb(self.pid))
            self.done.wait(self.interval)


def _hwm_kb(pid: int) -> int:
    """Return the peak resident set of process `pid` (VmHWM), 0 when it is gone."""
    try:
        with open(f"/proc/{pid}/status") as handle:
            return _kb(handle.read(), "VmHWM:") or 0
    except OSError:
        return 0


def _tree_pss_kb(pid: int) -> int:
    """Return the sum of Pss over process `pid` and its children (pages shared after fork count once)."""
    total = 0
    for each in [pid] + _children(pid):
        try:
            with open(f"/proc/{each}/smaps_rollup") as handle:
                total += _kb(handle.read(), "Pss:") or 0
        except OSError:
            pass
    return total


def run(argv: list[str], cwd: Path | None = None, watch: bool = False, stdout=subprocess.DEVNULL,
        served: bool = False) -> Sample:
    """Run `argv` to completion and return its Sample; raise RuntimeError when it fails.

    `brief` runs in its own process (BRIEF_NO_SERVER=1) unless `served`: then the
    `brief serve` of its workspace runs it.
    """
    env = {k: v for k, v in os.environ.items() if k not in ("BRIEF_NO_CACHE", "BRIEF_NO_SERVER")}
    if not served:
        env["BRIEF_NO_SERVER"] = "1"
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, cwd=cwd, stdout=stdout, stderr=err, env=env)
        watcher = MemoryWatch(proc.pid) if watch else None
        if watcher:
            watcher.start()
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        if watcher:
            watcher.done.set()
            watcher.join()
        if proc.returncode != 0:
            err.seek(0)
            raise RuntimeError(f"{' '.join(map(str, argv))} exited {proc.returncode}:\n{err.read().decode(errors='replace')}")
    sample = Sample(seconds, usage.ru_maxrss / 1024)
    if watcher:
        sample.main_peak_mb = watcher.main_hwm_kb / 1024
        sample.tree_peak_mb = watcher.tree_peak_kb / 1024
    return sample


class Servers:
    """The `brief serve` processes of the bench's workspaces, for the rows measured through them."""

    def __init__(self, workspaces: list[Path], logs: Path):
        logs.mkdir(parents=True, exist_ok=True)
        self.processes = []
        for ws in workspaces:
            log = (logs / f"serve-{ws.name}.log").open("w")
            process = subprocess.Popen(brief("serve", "--workspace", str(ws), "--idle", "0"), stderr=log,
                                       env={k: v for k, v in os.environ.items() if k != "BRIEF_NO_CACHE"})
            self.processes.append((ws, process, logs / f"serve-{ws.name}.log"))
        for ws, process, log in self.processes:
            deadline = time.time() + 120
            while "serving" not in log.read_text():
                if process.poll() is not None or time.time() > deadline:
                    raise RuntimeError(f"brief serve did not start in {ws}:\n{log.read_text()}")
                time.sleep(0.1)

    def memory(self) -> dict:
        """Return each server's peak resident set, and its current Pss with its workers (MB)."""
        out = {}
        for ws, process, _ in self.processes:
            out[ws.name] = {"main_peak_mb": _hwm_kb(process.pid) / 1024, "tree_pss_mb": _tree_pss_kb(process.pid) / 1024}
        return out

    def stop(self) -> dict:
        """Stop every server; return how many requests each ran (a row that ran alone would not count)."""
        served = {}
        for ws, process, log in self.processes:
            process.terminate()
            process.wait(timeout=60)
            served[ws.name] = sum(1 for line in log.read_text().splitlines() if line.startswith("brief serve: `brief "))
        return served


# --- the measurements ------------------------------------------------------------------


@dataclass
class Side:
    """One side of a comparison: a label, and how to run it once."""

    label: str
    command: Callable[[], Sample]
    samples: list[Sample] = field(default_factory=list)

    def median(self, attr: str = "seconds") -> float:
        """Return the median of one figure over the runs."""
        return statistics.median(getattr(s, attr) for s in self.samples)


@dataclass
class Measure:
    """A row of the table: our side, and a reference side for a ratio (or None)."""

    key: str
    title: str
    ours: Side
    reference: Side | None = None
    target: float | None = None
    kind: str = "ratio"  # ratio | memory | below-seconds | info | info-seconds
    versus: str | None = None  # a row whose reference this row's ratio is taken against (no run of its own)

    def result(self) -> dict:
        """Return the row's medians, ratio, target and verdict as JSON values."""
        ours = self.ours.median()
        out = {"key": self.key, "title": self.title, "ours": {"label": self.ours.label, "median_s": ours,
                                                              "runs_s": [s.seconds for s in self.ours.samples]}}
        value = ours
        if self.reference is not None:
            ref = self.reference.median()
            out["reference"] = {"label": self.reference.label, "median_s": ref,
                                "runs_s": [s.seconds for s in self.reference.samples]}
            value = ours / ref
            out["ratio"] = value
        out["target"] = self.target
        out["met"] = None if self.target is None else value <= self.target if self.kind == "ratio" else value < self.target
        return out


def brief(*args: str) -> list[str]:
    """Return the command line of the installed `brief`."""
    return [str(BIN / "brief"), *args]


def python(*args: str) -> list[str]:
    """Return a command line of this Python (the project's venv)."""
    return [sys.executable, *args]


def prepare(work: Path, facts: int, seed: int) -> tuple[Path, Path]:
    """Return the bench workspace (generated unless `work` already holds it) and a fresh copy of the sample one."""
    store = work / f"store-{facts}"
    stamp = store / "bench-store.json"
    wanted = {"facts": facts, "seed": seed, "generator": (BENCH / "generate.py").stat().st_mtime_ns}
    if not stamp.is_file() or json.loads(stamp.read_text()) != wanted:
        shutil.rmtree(store, ignore_errors=True)
        started = time.perf_counter()
        summary = generate(facts, store, seed)
        print(f"generated {store}: {summary['facts']} facts, {summary['files']} files, "
              f"{summary['bytes'] / 1e6:.1f} MB in {time.perf_counter() - started:.1f} s", flush=True)
        stamp.write_text(json.dumps(wanted))
    sample = work / "sample"
    shutil.rmtree(sample, ignore_errors=True)
    (sample / "briefs").mkdir(parents=True)
    shutil.copytree(REPO / "sources", sample / "sources")
    shutil.copytree(REPO / "styles", sample / "styles")
    shutil.copyfile(REPO / "briefs" / SAMPLE_BRIEF, sample / "briefs" / SAMPLE_BRIEF)
    # the sample workspace grown by the other countries' facts of a coalition: the same brief
    # selects the same facts and makes the same paper, from a 50,000-fact larger store
    others = work / f"others-{facts}"
    stamp = others / "bench-store.json"
    if not stamp.is_file() or json.loads(stamp.read_text()) != wanted:
        shutil.rmtree(others, ignore_errors=True)
        generate(facts, others, seed, ("KZ",))
        stamp.write_text(json.dumps(wanted))
    grown = work / "grown"
    shutil.rmtree(grown, ignore_errors=True)
    shutil.copytree(sample, grown)
    shutil.copytree(others / "sources", grown / "sources" / "others", ignore=shutil.ignore_patterns("themes.yaml"))
    return store, sample


def cold(store: Path, command: list[str], watch: bool = False) -> Sample:
    """Run `command` with the store index of `store` deleted first (not the socket of its `brief serve`)."""
    for path in (store / ".brief-cache").glob("index.sqlite*"):
        path.unlink()
    return run(command, watch=watch)


def measures(store: Path, sample: Path, out: Path, facts: int) -> list[Measure]:
    """Return every row of the benchmark, ready to run."""
    n = f"{facts // 1000}k" if facts >= 1000 else str(facts)
    big = store / "briefs" / "bench.yaml"
    small = sample / "briefs" / SAMPLE_BRIEF
    html = {name: out / "html" / name / f"{path.stem}.html" for name, path in (("sample", small), ("bench", big))}

    def build(path: Path, folder: str, *extra: str, watch: bool = False, served: bool = False) -> Callable[[], Sample]:
        return lambda: run(brief("build", str(path), "-o", str(out / folder), *extra), watch=watch, served=served)

    grown = sample.parent / "grown" / "briefs" / SAMPLE_BRIEF
    rows = [
        Measure("a", f"warm build of the sample brief, sample store + {n} facts / sample store (the same paper)",
                Side(f"brief build kazakhstan-ccpr-2011.yaml (sample + {n} other countries' facts)", build(grown, "a-grown")),
                Side("brief build kazakhstan-ccpr-2011.yaml (sample store)", build(small, "a-small")), TARGETS["a"]),
        Measure("a-big", f"warm build, {n}-fact synthetic store / sample store (a synthetic paper of the sample's size)",
                Side(f"brief build bench.yaml ({n} store)", build(big, "a-big")),
                Side("brief build kazakhstan-ccpr-2011.yaml (sample store)", build(small, "a-small")), kind="info"),
        Measure("b", "brief build --to docx / pandoc html->docx (sample paper)",
                Side("brief build --to docx", build(small, "b", "--to", "docx")),
                Side("pandoc x.html -o x.docx", lambda: run(["pandoc", str(html["sample"]), "-o", str(out / "b" / "pandoc.docx")])),
                TARGETS["b"]),
        Measure("c", "brief build --to pdf / WeasyPrint alone on our HTML (sample paper)",
                Side("brief build --to pdf", build(small, "c", "--to", "pdf")),
                Side("python -c 'weasyprint.HTML(x.html).write_pdf()'",
                     lambda: run(python("-c", WEASYPRINT_SCRIPT, str(html["sample"]), str(out / "c" / "weasyprint.pdf")))),
                TARGETS["c"]),
        Measure("b50", f"brief build --to docx / pandoc html->docx (bench paper, {n} store)",
                Side("brief build --to docx", build(big, "b50", "--to", "docx")),
                Side("pandoc x.html -o x.docx", lambda: run(["pandoc", str(html["bench"]), "-o", str(out / "b50" / "pandoc.docx")])),
                kind="info"),
        Measure("c50", f"brief build --to pdf / WeasyPrint alone (bench paper, {n} store)",
                Side("brief build --to pdf", build(big, "c50", "--to", "pdf")),
                Side("python -c 'weasyprint.HTML(x.html).write_pdf()'",
                     lambda: run(python("-c", WEASYPRINT_SCRIPT, str(html["bench"]), str(out / "c50" / "weasyprint.pdf")))),
                kind="info"),
        Measure("d", f"cold index, {n} facts / PyYAML CSafeLoader parsing the same files",
                Side(f"brief facts --tag {NO_TAG} --format json, .brief-cache deleted",
                     lambda: cold(store, brief("facts", "--workspace", str(store), "--tag", NO_TAG, "--format", "json"))),
                Side("python: yaml.load(f, Loader=yaml.CSafeLoader) per file",
                     lambda: run(python("-c", PYYAML_SCRIPT, str(store / "sources")))), TARGETS["d"]),
        Measure("e-warm", f"peak memory, warm brief build at {n} facts",
                Side("brief build bench.yaml, warm", build(big, "e-warm", watch=True)), target=TARGETS["e"], kind="memory"),
        Measure("e-cold", f"peak memory, cold brief build at {n} facts",
                Side("brief build bench.yaml, .brief-cache deleted",
                     lambda: cold(store, brief("build", str(big), "-o", str(out / "e-cold")), watch=True)),
                target=TARGETS["e"], kind="memory"),
        Measure("f", f"brief facts (every fact, table), warm {n} store",
                Side("brief facts > /dev/null", lambda: run(brief("facts", "--workspace", str(store)))),
                target=TARGETS["f"], kind="below-seconds"),
        Measure("f-query", f"brief facts --theme media.libel --country KZ, warm {n} store",
                Side("brief facts --theme media.libel --country KZ",
                     lambda: run(brief("facts", "--workspace", str(store), "--theme", "media.libel", "--country", "KZ"))),
                kind="info-seconds"),
        # the same rows through `brief serve` (one per workspace, started before the runs)
        Measure("a-serve", f"as (a), through brief serve: sample store + {n} facts / sample store",
                Side(f"brief build kazakhstan-ccpr-2011.yaml (sample + {n}), served", build(grown, "as-grown", served=True)),
                Side("brief build kazakhstan-ccpr-2011.yaml (sample store), served", build(small, "as-small", served=True)),
                TARGETS["a"]),
        Measure("b-serve", "as (b), through brief serve: brief build --to docx / pandoc html->docx",
                Side("brief build --to docx, served", build(small, "bs", "--to", "docx", served=True)),
                Side("pandoc x.html -o x.docx", lambda: run(["pandoc", str(html["sample"]), "-o", str(out / "bs" / "pandoc.docx")])),
                TARGETS["b"]),
        Measure("c-serve", "as (c), through brief serve: brief build --to pdf / WeasyPrint alone",
                Side("brief build --to pdf, served", build(small, "cs", "--to", "pdf", served=True)),
                Side("python -c 'weasyprint.HTML(x.html).write_pdf()'",
                     lambda: run(python("-c", WEASYPRINT_SCRIPT, str(html["sample"]), str(out / "cs" / "weasyprint.pdf")))),
                TARGETS["c"]),
        Measure("f-serve", f"as (f), through brief serve: brief facts (every fact, table), {n} store",
                Side("brief facts > /dev/null, served", lambda: run(brief("facts", "--workspace", str(store)), served=True)),
                target=TARGETS["f"], kind="below-seconds"),
    ]
    return rows


SERVED_ROWS = ("a-serve", "b-serve", "c-serve", "f-serve")


def paper_size(workspace: Path, brief_file: Path, pdf: Path) -> dict:
    """Return the size of a built paper: facts, ids cited, words, pages."""
    got = subprocess.run(brief("check", str(brief_file), "--format", "json"), capture_output=True, text=True, cwd=workspace)
    entry = json.loads(got.stdout)[0]
    size = {"facts": sum(len(s["facts"]) for s in entry["sections"]), "cited": len(entry["cited"])}
    words = entry.get("words") or {}
    if isinstance(words, dict):
        size["words"] = words
    try:
        from pypdf import PdfReader

        size["pages"] = len(PdfReader(str(pdf)).pages)
    except Exception:  # noqa: BLE001 - pypdf is a test dependency; the page count is only informative
        pass
    layouts = subprocess.run(python("-c", LAYOUTS_SCRIPT, str(brief_file)), capture_output=True, text=True, cwd=workspace)
    size["pdf_layouts"] = int(layouts.stdout.strip()) if layouts.stdout.strip().isdigit() else None
    size["store_bytes"] = sum(p.stat().st_size for p in (workspace / "sources").rglob("*.yaml"))
    return size


# --- the report ------------------------------------------------------------------------


def machine() -> dict:
    """Return what the machine is: cores, memory, CPU, load, versions."""
    info = {"nproc": os.cpu_count(), "platform": platform.platform(), "python": platform.python_version()}
    try:
        info["memory_gb"] = round(int(Path("/proc/meminfo").read_text().split()[1]) / 1024 / 1024, 1)
        info["cpu"] = next(line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                           if line.startswith("model name"))
    except (OSError, StopIteration, ValueError):
        pass
    info["loadavg_start"] = os.getloadavg()
    versions = {}
    for name, argv in (("brief", brief("--version")), ("pandoc", ["pandoc", "--version"]),
                       ("weasyprint", python("-c", "import weasyprint; print(weasyprint.__version__)")),
                       ("pyyaml", python("-c", "import yaml; print(yaml.__version__, 'libyaml' if yaml.__with_libyaml__ else 'pure')")),
                       ("git", ["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"])):
        try:
            versions[name] = subprocess.run(argv, capture_output=True, text=True, timeout=60).stdout.splitlines()[0].strip()
        except (OSError, IndexError, subprocess.SubprocessError):
            versions[name] = "?"
    try:
        changed = subprocess.run(["git", "--no-optional-locks", "-C", str(REPO), "status", "--porcelain"],
                                 capture_output=True, text=True, timeout=60).stdout.splitlines()
        versions["git"] += f" (+{len(changed)} files changed or new)" if changed else ""
    except (OSError, subprocess.SubprocessError):
        pass
    info["versions"] = versions
    return info


def table(rows: list[dict], markdown: bool = False) -> str:
    """Return the results as a text (or Markdown) table."""
    head = ("", "measurement", "ours", "reference", "ratio", "target", "met")
    lines = []
    for row in rows:
        key, kind = row["key"], row["kind"]
        if kind == "memory":
            ours = f"{row['main_peak_mb']:.0f} MB main, {row['tree_peak_mb']:.0f} MB tree"
            ref, ratio, target = "", "", f"< {row['target']:.0f} MB"
        else:
            ours = f"{row['ours']['median_s']:.2f} s"
            ref = f"{row['reference']['median_s']:.2f} s" if "reference" in row else ""
            ratio = f"{row['ratio']:.2f}" if "ratio" in row else ""
            target = "" if row["target"] is None else (f"<= {row['target']:g}" if kind == "ratio" else f"< {row['target']:g} s")
        met = "" if row["met"] is None else ("yes" if row["met"] else "NO")
        shadow = row.get("target_of_reference_row")
        if shadow is not None and "ratio" in row:
            target = f"(<= {shadow:g})"
            met = "(yes)" if row["ratio"] <= shadow else "(no)"
        elif shadow is not None:
            target = f"(< {shadow:g} s)"
            met = "(yes)" if row["ours"]["median_s"] < shadow else "(no)"
        lines.append((key, row["title"], ours, ref, ratio, target, met))
    if markdown:
        out = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        out += ["| " + " | ".join(line) + " |" for line in lines]
        return "\n".join(out)
    widths = [max(len(str(r[i])) for r in [head] + lines) for i in range(len(head))]
    return "\n".join("  ".join(str(c).ljust(w) for c, w in zip(r, widths)).rstrip() for r in [head] + lines)


def _run_rows(rows: list[Measure], runs: int, started: float) -> None:
    for number in range(runs):
        for row in rows:
            sides = [row.ours] + ([row.reference] if row.reference else [])
            if number % 2:
                sides.reverse()
            for side in sides:
                side.samples.append(side.command())
        # (a cold row deletes the index and its own command rebuilds it, so the warm rows stay warm)
        print(f"  run {number + 1}/{runs} done ({time.perf_counter() - started:.0f} s)", flush=True)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and return 0."""
    parser = argparse.ArgumentParser(description="Benchmark brief against pandoc, WeasyPrint and PyYAML.")
    parser.add_argument("--facts", type=int, help="facts in the generated store (default 50,000; 5,000 with --quick)")
    parser.add_argument("--runs", type=int, help="runs of each measurement (default 5; 2 with --quick)")
    parser.add_argument("--quick", action="store_true", help="a small, fast run: 5,000 facts, 2 runs")
    parser.add_argument("--work", type=Path, help="folder for the generated workspaces (kept; reused when it matches)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the generated store (default 1)")
    parser.add_argument("--results", type=Path, help="where to write the JSON results (default bench/results.json)")
    parser.add_argument("--markdown", action="store_true", help="also print the table as Markdown")
    parser.add_argument("--only", help="comma-separated row keys to run (a,a-big,b,c,b50,c50,d,e-warm,e-cold,f,f-query,"
                                             "a-serve,b-serve,c-serve,f-serve)")
    args = parser.parse_args(argv)
    facts = args.facts or (5_000 if args.quick else 50_000)
    runs = args.runs or (2 if args.quick else 5)
    results_path = args.results or BENCH / ("results-quick.json" if args.quick else "results.json")
    for tool in ("pandoc",):
        if shutil.which(tool) is None:
            parser.error(f"{tool} is not installed (apt-get install {tool})")
    if not (BIN / "brief").exists():
        parser.error(f"{BIN / 'brief'} does not exist: run `make venv` and use .venv/bin/python")

    temp = None
    if args.work is None:
        temp = tempfile.TemporaryDirectory(prefix="brief-bench-")
        work = Path(temp.name)
    else:
        work = args.work.resolve()
        work.mkdir(parents=True, exist_ok=True)
    try:
        info = machine()
        started = time.perf_counter()
        store, sample = prepare(work, facts, args.seed)
        out = work / "out"
        shutil.rmtree(out, ignore_errors=True)
        # the HTML the references read, and a first (untimed) build that warms each index
        for name, ws, path in (("sample", sample, sample / "briefs" / SAMPLE_BRIEF), ("bench", store, store / "briefs" / "bench.yaml")):
            run(brief("build", str(path), "-o", str(out / "html" / name), "--to", "html"))
            run(brief("build", str(path), "-o", str(out / "warmup" / name)))
        sizes = {"sample": paper_size(sample, sample / "briefs" / SAMPLE_BRIEF, out / "warmup" / "sample" / "kazakhstan-ccpr-2011.pdf"),
                 "bench": paper_size(store, store / "briefs" / "bench.yaml", out / "warmup" / "bench" / "bench.pdf")}
        rows = measures(store, sample, out, facts)
        if args.only:
            keep = set(args.only.split(","))
            rows = [r for r in rows if r.key in keep]
        print(f"{facts} facts, {runs} runs of {len(rows)} measurements on {info['nproc']} cores "
              f"(load average {info['loadavg_start'][0]:.2f})", flush=True)
        servers = None
        if any(row.key in SERVED_ROWS for row in rows):
            servers = Servers([sample, sample.parent / "grown", store], out / "serve")
        try:
            _run_rows(rows, runs, started)
        finally:
            server_memory = servers.memory() if servers else None
            served = servers.stop() if servers else None
        if served is not None and 0 in served.values():
            raise RuntimeError(f"a served row ran without its server: requests per server {served}")
        results = []
        by_key = {row.key: row for row in rows}
        for row in rows:
            entry = row.result()
            entry["kind"] = row.kind
            other = by_key.get(row.versus or "")
            if other is not None and other.reference is not None and other.reference.samples:
                entry["reference"] = {"label": other.reference.label + f" (the reference of ({other.key}))",
                                      "median_s": other.reference.median()}
                entry["ratio"] = entry["ours"]["median_s"] / entry["reference"]["median_s"]
                entry["target_of_reference_row"] = other.target
            elif other is not None and other.kind == "below-seconds":
                entry["target_of_reference_row"] = other.target
            if row.kind == "memory":
                samples = row.ours.samples
                entry["main_peak_mb"] = statistics.median(s.main_peak_mb for s in samples)
                entry["tree_peak_mb"] = statistics.median(s.tree_peak_mb for s in samples)
                entry["max_rss_mb"] = statistics.median(s.max_rss_mb for s in samples)
                entry["runs_main_peak_mb"] = [s.main_peak_mb for s in samples]
                entry["runs_tree_peak_mb"] = [s.tree_peak_mb for s in samples]
                entry["met"] = entry["main_peak_mb"] < row.target
                entry["tree_met"] = entry["tree_peak_mb"] < row.target
            elif row.kind == "below-seconds":
                entry["met"] = entry["ours"]["median_s"] < row.target
            elif row.kind.startswith("info"):
                entry["met"] = None
                entry["target"] = None
            results.append(entry)
        info["loadavg_end"] = os.getloadavg()
        report = {
            "date": dt.datetime.now().isoformat(timespec="seconds"),
            "facts": facts, "runs": runs, "seed": args.seed, "seconds": round(time.perf_counter() - started, 1),
            "machine": info, "papers": sizes, "results": results,
            "servers": {"requests": served, "memory": server_memory} if served is not None else None,
        }
        results_path.write_text(json.dumps(report, indent=2) + "\n")
        print()
        print(table(results))
        if args.markdown:
            print()
            print(table(results, markdown=True))
        print()
        print(f"papers: sample {sizes['sample']}; bench {sizes['bench']}")
        if server_memory:
            print("brief serve, after the runs: " + "; ".join(
                f"{name}: {m['main_peak_mb']:.0f} MB peak, {m['tree_pss_mb']:.0f} MB with its workers" for name, m in server_memory.items()))
        print(f"load average {info['loadavg_start'][0]:.2f} at the start, {info['loadavg_end'][0]:.2f} at the end; "
              f"results written to {results_path}")
    finally:
        if temp is not None:
            temp.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
