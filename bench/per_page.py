"""Measure the time per page of building one sample paper in two checkouts, side by side in one run.

    .venv/bin/python bench/per_page.py --before /path/to/old/checkout [--brief kazakhstan-upr-joint] [--runs 7]

Each checkout builds its own copy of the brief (`brief build BRIEF --to docx,pdf`, one
process, its own `.venv`, the store index warm, BRIEF_NO_SERVER=1) into a fresh folder;
the two builds alternate, their order swapped every run, so that the noise of a shared
machine hits both. Printed: each side's median wall time, its PDF's pages, the seconds
per page, and the ratio after / before of the time per page. Issue 13 asks that building
the sample UPR paper, which grew by its review of earlier recommendations, cost no more
than 10 % more time per page than before. Nothing is asserted; docs/performance.md
records the result.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def build_once(checkout: Path, brief: str, out: Path) -> float:
    """Return the wall time of one `brief build` of `brief` in `checkout` into `out`."""
    env = dict(os.environ, BRIEF_NO_SERVER="1", SOURCE_DATE_EPOCH="1700000000")
    started = time.perf_counter()
    subprocess.run([str(checkout / ".venv" / "bin" / "brief"), "build", f"briefs/{brief}.yaml", "--to", "docx,pdf",
                    "-o", str(out), "-q"], cwd=checkout, env=env, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def pages(pdf: Path) -> int:
    """Return the number of pages of `pdf`."""
    from pypdf import PdfReader

    return len(PdfReader(str(pdf)).pages)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--before", type=Path, required=True, help="the checkout to compare with (its .venv made)")
    parser.add_argument("--after", type=Path, default=REPO, help="the checkout measured (default: this one)")
    parser.add_argument("--brief", default="kazakhstan-upr-joint", help="the sample brief's name")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args(argv)
    sides = {"before": args.before.resolve(), "after": args.after.resolve()}
    times: dict[str, list[float]] = {name: [] for name in sides}
    with tempfile.TemporaryDirectory() as folder:
        outs = {name: Path(folder) / name for name in sides}
        for name, checkout in sides.items():  # warm the index and the file cache
            build_once(checkout, args.brief, outs[name])
        for run in range(args.runs):
            order = list(sides) if run % 2 == 0 else list(reversed(sides))
            for name in order:
                times[name].append(build_once(sides[name], args.brief, outs[name]))
        counted = {name: pages(outs[name] / f"{args.brief}.pdf") for name in sides}
    result = {}
    for name in sides:
        median = statistics.median(times[name])
        result[name] = {"checkout": str(sides[name]), "median_s": round(median, 3), "pages": counted[name],
                        "s_per_page": round(median / counted[name], 4)}
    result["ratio_per_page"] = round(result["after"]["s_per_page"] / result["before"]["s_per_page"], 3)
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
