"""Turn command-line arguments into a command run: check, facts, recommendations, build, review ...

Thin on purpose: it parses arguments, reads SOURCE_DATE_EPOCH (once, for every
command: a bad value is a usage error), calls the stages, prints, and maps errors to
the documented exit codes (0 ok, 1 internal error, 2 usage, 3 invalid input,
4 a --strict check failed, 5 rendering failed). `main(argv)` runs a command in this
process and returns the exit code; `run(argv, context)` runs it with the streams,
environment and warm state of a Context (`brief serve` gives one per request).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import traceback
from pathlib import Path
from types import MappingProxyType
from typing import Sequence

from compiler import __version__
from compiler.context import Context
from compiler.errors import (
    EXIT_INTERNAL,
    EXIT_INVALID,
    EXIT_OK,
    EXIT_STRICT,
    EXIT_USAGE,
    BriefError,
    Problem,
    UsageError,
    errors_in,
)
from compiler.workspace import display, find_workspace

REPORT_URL = "https://github.com/brief-compiler/brief/issues"


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, exit 2, through UsageError
        raise UsageError(f"{message} (see `{self.prog} --help`)")

    def _check_value(self, action: argparse.Action, value: object) -> None:
        """A value outside an argument's choices (a mistyped command or format): name the nearest one, else list them."""
        if action.choices is not None and value not in action.choices:
            from compiler.errors import did_you_mean

            choices = [str(c) for c in action.choices]
            hint = did_you_mean(value, choices) or f"; expected one of {', '.join(choices)}"
            if action.dest == "command":
                raise argparse.ArgumentError(None, f"unknown command '{value}'{hint}")
            raise argparse.ArgumentError(action, f"unknown choice '{value}'{hint}")


def _formats(value: str) -> tuple[str, ...]:
    names = tuple(v.strip() for v in value.split(",") if v.strip())
    bad = [n for n in names if n not in ("docx", "pdf", "html")]
    if bad or not names:
        raise argparse.ArgumentTypeError(f"expected formats among docx, pdf, html; got '{value}'")
    return names


def _date(value: str):
    from compiler.dates import parse_date

    try:
        return parse_date(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _path(action: argparse.Action, kind: str = "file") -> argparse.Action:
    """Mark `action` as taking a file (or a "directory"): `brief completion` has the shell complete paths there."""
    action.complete = kind  # shtab's name for the shell's own path completion
    return action


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser of the `brief` command."""
    parser = _Parser(prog="brief", description="Compile briefing papers for UN and OSCE reviews from a store of sourced facts.")
    parser.add_argument("-V", "--version", action="version", version=f"brief {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    check = commands.add_parser("check", help="validate the store and the briefs")
    _path(check.add_argument("briefs", nargs="*", metavar="BRIEF", help="brief files (default: every brief of the workspace)"))
    _path(check.add_argument("--workspace", metavar="DIR", help="the workspace folder (default: found from the current folder)"), "directory")
    check.add_argument("--strict", action="store_true", help="treat warnings as errors (exit 4)")
    check.add_argument("--format", choices=("text", "json"), default="text", help="output format (default text)")

    facts = commands.add_parser("facts", help="query the source store")
    facts.add_argument("--theme", action="append", default=[], metavar="T", help="facts of this theme or its sub-themes (repeatable)")
    facts.add_argument("--country", metavar="CC", help="facts of this country (ISO 3166-1 alpha-2)")
    facts.add_argument("--since", type=_date, metavar="D", help="facts dated on or after D")
    facts.add_argument("--until", type=_date, metavar="D", help="facts dated on or before D")
    facts.add_argument("--tag", action="append", default=[], metavar="T", help="facts with this tag (repeatable: any of them)")
    facts.add_argument("--format", choices=("table", "json", "yaml", "csv"), default="table",
                       help="output format (default table; csv has the columns `brief import csv` reads)")
    _path(facts.add_argument("--workspace", metavar="DIR", help="the workspace folder"), "directory")

    matrix = commands.add_parser("recommendations", help="list earlier UN recommendations with their latest status (the matrix)")
    matrix.add_argument("--country", metavar="CC", help="recommendations to this country (ISO 3166-1 alpha-2)")
    matrix.add_argument("--body", action="append", default=[], metavar="B",
                        help="made by this UN body: UPR, CCPR ... (repeatable: any of them)")
    matrix.add_argument("--cycle", type=int, metavar="N", help="of this UPR review cycle")
    matrix.add_argument("--theme", action="append", default=[], metavar="T", help="of this theme or its sub-themes (repeatable)")
    matrix.add_argument("--status", action="append", default=[], metavar="S",
                        help="with this status as of the date; no-information: no assessment (repeatable)")
    matrix.add_argument("--as-of", type=_date, metavar="DATE", help="the latest assessment on or before DATE (default: today)")
    matrix.add_argument("--format", choices=MATRIX_FORMATS, metavar="FORMAT",
                        help="table, json, csv or xlsx (default: from -o's suffix, else table)")
    _path(matrix.add_argument("-o", "--output", metavar="FILE", help="write to FILE (xlsx: required) instead of printing"))
    _path(matrix.add_argument("--workspace", metavar="DIR", help="the workspace folder"), "directory")

    build = commands.add_parser("build", help="build briefs into DOCX, PDF and HTML")
    _path(build.add_argument("briefs", nargs="*", metavar="BRIEF", help="brief files (default: every brief of the workspace)"))
    build.add_argument("--to", type=_formats, metavar="FORMATS", help="comma-separated formats: docx,pdf,html (default: the brief's outputs)")
    _path(build.add_argument("-o", "--output", metavar="DIR", help="output folder (default: <workspace>/output)"), "directory")
    _path(build.add_argument("--workspace", metavar="DIR", help="the workspace folder"), "directory")
    build.add_argument("--strict", action="store_true", help="treat warnings as errors (exit 4)")
    build.add_argument("-q", "--quiet", action="store_true", help="print nothing but problems")
    build.add_argument("-j", "--jobs", type=int, metavar="N", help="render in N worker processes (default: one per core)")

    watch = commands.add_parser("watch", help="rebuild a brief whenever it, a source or its style changes")
    _path(watch.add_argument("brief", metavar="BRIEF", help="the brief file to build and watch"))
    watch.add_argument("--to", type=_formats, metavar="FORMATS", help="comma-separated formats (default: the brief's outputs)")
    _path(watch.add_argument("-o", "--output", metavar="DIR", help="output folder (default: <workspace>/output)"), "directory")
    _path(watch.add_argument("--workspace", metavar="DIR", help="the workspace folder"), "directory")
    watch.add_argument("--interval", type=float, default=0.05, metavar="SECONDS",
                       help="how long the files must stay unchanged after a change before building (default 0.05)")

    preview = commands.add_parser("preview", help="show a brief in the browser, rebuilt at each save, with where each "
                                  "paragraph comes from")
    _path(preview.add_argument("brief", metavar="BRIEF", help="the brief file to show and watch"))
    preview.add_argument("--port", type=int, default=0, metavar="N", help="the port to listen on (default: a free one, printed)")
    preview.add_argument("--host", metavar="ADDRESS",
                         help="listen on ADDRESS instead of 127.0.0.1 (with a warning: others could read the paper)")
    preview.add_argument("--no-open", action="store_true", help="do not open a browser")
    preview.add_argument("--editor-url", metavar="TEMPLATE",
                         help="the address that opens a YAML line in your editor, e.g. vscode://file/{path}:{line} "
                              "(default: $BRIEF_EDITOR_URL)")
    _path(preview.add_argument("--workspace", metavar="DIR", help="the workspace folder"), "directory")

    serve = commands.add_parser("serve", help="keep a warm process that runs check, facts and build for this workspace")
    _path(serve.add_argument("--workspace", metavar="DIR", help="the workspace folder"), "directory")
    serve.add_argument("--idle", type=float, default=60, metavar="MINUTES",
                       help="stop after this many minutes without a request (default 60; 0: never)")

    imports = commands.add_parser("import", help="import source documents (CSL-JSON, BibTeX), facts (CSV, xlsx) or UN "
                                  "recommendations (UHRI)")
    imports.add_argument("kind", choices=("csl", "bibtex", "csv", "xlsx", "uhri"), metavar="FORMAT",
                         help="csl or bibtex: a source document per entry; csv or xlsx: facts appended to their documents; "
                              "uhri: an OHCHR Universal Human Rights Index export (xlsx or CSV), a UN document per symbol")
    _path(imports.add_argument("file", metavar="FILE", help="the file to import"))
    _path(imports.add_argument("--into", metavar="DIR",
                               help="csl, bibtex, uhri: the folder of sources/ for new documents (default: sources/imported)"),
          "directory")
    imports.add_argument("--country", metavar="CC", help="csl, bibtex: the country (ISO 3166-1 alpha-2) of every imported document")
    imports.add_argument("--theme", metavar="T", help="uhri: the theme of the rows none of whose UHRI themes the taxonomy maps")
    imports.add_argument("--force", action="store_true",
                         help="csl, bibtex, uhri: update documents imported before (their facts, comments, assessments are kept)")
    imports.add_argument("--dry-run", action="store_true", help="show what would be written, and write nothing")
    _path(imports.add_argument("--workspace", metavar="DIR", help="the workspace folder"), "directory")

    schema = commands.add_parser("schema", help="print the JSON Schema of a file format, for editors")
    from compiler.jsonschema import NAMES as formats
    schema.add_argument("name", choices=formats, metavar="FORMAT", help=", ".join(formats))
    _path(schema.add_argument("-o", "--output", metavar="FILE", help="write the schema to FILE (default: print it)"))

    review = commands.add_parser("review", help="list the edits and comments of a DOCX returned by a partner, and where "
                                 "to make each in the YAML")
    _path(review.add_argument("file", metavar="FILE.docx", help="the DOCX a partner returned (edited in Word or LibreOffice)"))
    _path(review.add_argument("brief", nargs="?", metavar="BRIEF",
                              help="the paper's brief, or the manifest (.json) of the build sent (default: found among output/'s)"))
    review.add_argument("--format", choices=("text", "json"), default="text", help="output format (default text)")
    _path(review.add_argument("--workspace", metavar="DIR", help="the workspace folder"), "directory")

    init = commands.add_parser("init", help="create a new workspace with an example source and brief")
    _path(init.add_argument("folder", metavar="DIR", help="an empty or new folder"), "directory")

    completion = commands.add_parser("completion", help="print the shell completion script of `brief`")
    completion.add_argument("shell", choices=SHELLS, metavar="SHELL", help=", ".join(SHELLS))
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the `brief` command with `argv` (default: sys.argv) in this process and return its exit code."""
    return run(list(sys.argv[1:] if argv is None else argv), Context.of_process())


def run(argv: Sequence[str], context: Context) -> int:
    """Run the `brief` command with `argv` in `context` (its streams, environment, warm state); return its exit code."""
    err = context.err
    try:
        parser = build_parser()
        args = parser.parse_args(list(argv))
        if args.command is None:
            parser.print_help(context.out)
            return EXIT_USAGE
        return COMMANDS[args.command](args, context.timed())
    except BriefError as exc:
        for problem in exc.problems:
            print(_format_error(problem), file=err)
        return exc.exit_code
    except SystemExit as exc:  # --help and --version
        return exc.code if isinstance(exc.code, int) else EXIT_OK
    except KeyboardInterrupt:
        print("brief: interrupted", file=err)
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception:  # noqa: BLE001 - the last guard: an internal error, never a user's fault
        print(f"brief: internal error; please report it at {REPORT_URL} with the lines below:", file=err)
        traceback.print_exc(file=err)
        return EXIT_INTERNAL


def _format_error(problem: Problem) -> str:
    return problem.format() if problem.file else f"brief: {problem.format()}"


# --- check ------------------------------------------------------------------------


def _check(args: argparse.Namespace, context: Context) -> int:
    from compiler.project import brief_paths, compile_brief, load_briefs, load_workspace_store

    workspace = find_workspace(_start(args.briefs), args.workspace)
    store, store_problems = load_workspace_store(workspace, context)
    if not args.briefs:  # the workspace's briefs: say which could not be read
        store_problems = store_problems + workspace.unread_briefs()
    loaded = load_briefs(workspace, store, brief_paths(workspace, args.briefs))
    checked = []
    for item in loaded:
        selection = report = None
        problems = item.problems
        if item.brief is not None:
            compiled = compile_brief(workspace, store, store_problems, item)
            selection, problems = compiled.selection, compiled.problems
            if compiled.document is not None:
                counted = _count_pages(compiled) if compiled.page_job else None
                report, problems = compiled.judge(counted and counted.pages, counted.pages_of if counted else "pdf")
        checked.append((item, selection, report, problems))

    every = store_problems + [p for *_, problems in checked for p in problems]
    out = context.out
    if args.format == "json":
        entries = []
        for item, selection, report, problems in checked:
            entry = {
                "brief": display(item.path),
                "sections": [
                    {"title": s.section.title, "theme": s.section.theme or None, "facts": [f.id for f in s.facts],
                     "follow_up": [r.id for r in s.follow_up]}
                    for s in (selection.sections if selection else ())
                ],
                "cited": selection.cited() if selection else [],
                "problems": [p.as_dict() for p in store_problems + problems],
            }
            if report is not None:
                entry.update(report.as_dict())
            entries.append(entry)
        if not loaded:
            entries.append({"brief": None, "sections": [], "cited": [], "problems": [p.as_dict() for p in store_problems]})
        json.dump(entries, out, indent=2, ensure_ascii=False)
        out.write("\n")
    else:
        for problem in dict.fromkeys(every):  # a style's problems are each of its briefs': said once
            print(problem.format(), file=out)
        facts = len(store.facts)
        recommendations = f", {len(store.recommendations)} recommendations" if store.recommendations else ""
        print(f"{display(store.themes_path)}: {len(store.themes)} themes; sources: {len(store.sources)} documents, {facts} facts"
              f"{recommendations}", file=out)
        for item, selection, report, problems in checked:
            if selection is None:
                print(f"{display(item.path)}: not checked further (see the errors above)", file=out)
                continue
            counts = ", ".join(str(len(s.facts)) for s in selection.sections)
            total = sum(len(s.facts) for s in selection.sections)
            # a brief is not built while the store has errors, so it is not ok either
            blocked = errors_in(store_problems) and not errors_in(problems)
            status = "errors" if blocked or errors_in(problems) else "ok"
            blocked_note = "; not built until the errors of the sources above are fixed" if blocked else ""
            reviewed = len({r.id for s in selection.sections for r in s.follow_up})
            reviews = f", {reviewed} earlier recommendations reviewed" if reviewed else ""
            sections = f"{len(selection.sections)} sections ({counts} facts)" if selection.sections else "no sections"
            print(f"{display(item.path)}: {status}; {sections}, {total} facts{reviews}, "
                  f"{len(selection.cited())} ids cited{blocked_note}", file=out)
            if report is not None:
                print(f"  {report.line()}", file=out)
    return _exit_for(every, args.strict)


def _count_pages(compiled):
    """Return the brief's pages (a Rendered without bytes), counted by its `page_job`; nothing is written."""
    from compiler.render.jobs import render_one

    return render_one(compiled.document, compiled.style, compiled.page_job)


def _exit_for(problems: list[Problem], strict: bool) -> int:
    if errors_in(problems):
        return EXIT_INVALID
    if strict and problems:
        return EXIT_STRICT
    return EXIT_OK


def _start(briefs: list[str]) -> Path | None:
    return Path(briefs[0]).resolve() if briefs and Path(briefs[0]).exists() else None


# --- facts ------------------------------------------------------------------------


def _facts(args: argparse.Namespace, context: Context) -> int:
    from compiler.countries import is_country
    from compiler.project import load_workspace_store
    from compiler.selection import query_facts
    from compiler.store.model import fact_as_dict

    workspace = find_workspace(None, args.workspace)
    store, problems = load_workspace_store(workspace, context)
    for problem in problems:
        print(problem.format(), file=context.err)
    country = args.country.upper() if args.country else None
    if country and not is_country(country):
        raise UsageError(f"--country: expected an ISO 3166-1 alpha-2 code such as KZ; got '{args.country}'")
    for theme in args.theme:
        if theme not in store.themes:
            from compiler.store.load import unknown_theme_message

            raise UsageError(f"--theme: {unknown_theme_message(theme, store.themes)}")
    found = query_facts(store, args.theme, country, args.since, args.until, args.tag)
    out = context.out
    if args.format in ("json", "yaml"):
        here = str(Path.cwd().resolve())
        shown = [{**fact_as_dict(f), "file": display(f.path, here)} for f in found]  # the Store holds absolute paths
    if args.format == "json":
        json.dump(shown, out, indent=2, ensure_ascii=False)
        out.write("\n")
    elif args.format == "yaml":
        import yaml

        yaml.safe_dump(shown, out, allow_unicode=True, sort_keys=False, width=100)
    elif args.format == "csv":
        from compiler.importers import write_facts_csv

        write_facts_csv(found, out)
    else:
        _print_table(found, context)
    return EXIT_INVALID if errors_in(problems) else EXIT_OK


def _columns(context: Context) -> int:
    """Return the width of the terminal the output goes to: COLUMNS, else its size, else 120 (not a terminal)."""
    columns = context.env.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    try:
        return os.get_terminal_size(context.out.fileno()).columns
    except (AttributeError, ValueError, OSError):  # a pipe, a file, or a stream with no descriptor
        return 120


def _print_table(facts, context: Context) -> None:
    width = max(_columns(context), 80)
    dates: dict = {}

    def date_text(date) -> str:  # the store shares one object per date: key by identity, not by value
        text = dates.get(id(date))
        if text is None:
            text = dates[id(date)] = str(date or "")
        return text

    def one_line(text: str) -> str:
        return text if "\n" not in text and "  " not in text else " ".join(text.split())

    rows = [(f.id, date_text(f.date), ",".join(f.themes), one_line(f.text)) for f in facts]
    head = ("ID", "DATE", "THEMES", "TEXT")
    widths = [max([len(head[i])] + [len(r[i]) for r in rows]) for i in range(3)]
    rest = max(width - sum(widths) - 6, 20)
    lines = [
        f"{a:<{widths[0]}}  {b:<{widths[1]}}  {c:<{widths[2]}}  {d if len(d) <= rest else d[: rest - 1] + '…'}".rstrip()
        for a, b, c, d in [head] + rows
    ]
    lines.append(f"{len(rows)} facts")
    context.out.write("\n".join(lines) + "\n")


# --- recommendations ----------------------------------------------------------------

MATRIX_FORMATS = ("table", "json", "csv", "xlsx")


def _recommendations(args: argparse.Namespace, context: Context) -> int:
    from compiler import matrix
    from compiler.countries import is_country
    from compiler.dates import PartialDate
    from compiler.errors import did_you_mean
    from compiler.project import load_workspace_store
    from compiler.store.model import BODIES, STATUSES

    output = Path(args.output) if args.output else None
    named = {".json": "json", ".csv": "csv", ".xlsx": "xlsx"}.get(output.suffix.lower()) if output else None
    fmt = args.format or named or "table"
    if named and fmt != named:
        raise UsageError(f"--output: '{args.output}' ends in .{named}, but --format is {fmt}")
    if fmt == "xlsx" and output is None:
        raise UsageError("--format xlsx writes a workbook: give the file with -o FILE")
    country = args.country.upper() if args.country else None
    if country and not is_country(country):
        raise UsageError(f"--country: expected an ISO 3166-1 alpha-2 code such as KZ; got '{args.country}'")
    for option, given, known in (("--body", args.body, BODIES), ("--status", args.status, STATUSES)):
        for value in given:
            if value not in known:
                hint = did_you_mean(value, known) or f"; expected one of {', '.join(known)}"
                raise UsageError(f"{option}: unknown {option[2:]} '{value}'{hint}")
    if args.cycle is not None and args.cycle < 1:
        raise UsageError(f"--cycle: expected a review cycle, 1 or more; got {args.cycle}")

    workspace = find_workspace(None, args.workspace)
    store, problems = load_workspace_store(workspace, context)
    for problem in problems:
        print(problem.format(), file=context.err)
    for theme in args.theme:
        if theme not in store.themes:
            from compiler.store.load import unknown_theme_message

            raise UsageError(f"--theme: {unknown_theme_message(theme, store.themes)}")
    today = context.today()
    as_of = args.as_of or PartialDate(today.year, today.month, today.day)
    found = matrix.select(store, country, args.body, args.cycle, args.theme, args.status, as_of)
    rows = matrix.matrix_rows(store, found, as_of, str(Path.cwd().resolve()))  # the Store holds absolute paths
    text = matrix.formatted(fmt, rows, as_of, max(_columns(context), 80), context.build_time)
    if output is None:
        context.out.write(text)
    else:
        from compiler.output import write_all

        write_all({output: text if isinstance(text, bytes) else text.encode("utf-8")})
        print(f"{display(output)}: {len(found)} recommendations, statuses as of {as_of}", file=context.out)
    return EXIT_INVALID if errors_in(problems) else EXIT_OK


# --- build ------------------------------------------------------------------------


def _build(args: argparse.Namespace, context: Context) -> int:
    from compiler.render.jobs import early_pool

    workspace = find_workspace(_start(args.briefs), args.workspace)
    if args.jobs is not None and args.jobs < 1:
        raise UsageError(f"--jobs: expected a whole number of at least 1; got {args.jobs}")
    # workers start before the rest of the build is imported: they import the renderers meanwhile
    pool = early_pool(args.jobs, args.to, len(args.briefs), context.pool)
    try:
        from compiler.build import build_briefs

        return build_briefs(workspace, args.briefs, args.to, Path(args.output) if args.output else None, args.strict,
                            context, quiet=args.quiet, jobs=args.jobs, pool=pool)
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)


def _watch(args: argparse.Namespace, context: Context) -> int:
    from compiler.project import brief_paths
    from compiler.watch import watch

    workspace = find_workspace(_start([args.brief]), args.workspace)
    brief = brief_paths(workspace, [args.brief])[0]
    if args.interval <= 0:
        raise UsageError(f"--interval: expected a number of seconds above 0; got {args.interval}")
    return watch(workspace, brief, args.to, Path(args.output) if args.output else None, context, args.interval)


def _preview(args: argparse.Namespace, context: Context) -> int:
    from compiler.preview.provenance import EDITOR_ENV, editor_template
    from compiler.preview.server import LOOPBACK, is_loopback, preview
    from compiler.project import brief_paths

    workspace = find_workspace(_start([args.brief]), args.workspace)
    brief = brief_paths(workspace, [args.brief])[0].resolve()
    if not 0 <= args.port <= 65535:
        raise UsageError(f"--port: expected a port number from 1 to 65535 (0: a free one); got {args.port}")
    host = args.host or LOOPBACK
    if not is_loopback(host):
        print(f"brief preview: warning: listening on {host}, not on this machine's loopback interface: whoever can reach "
              "it can read the paper, the problems and the paths of the workspace's files", file=context.err)
    editor = editor_template(args.editor_url if args.editor_url is not None else context.env.get(EDITOR_ENV, ""))
    return preview(workspace, brief, context, host, args.port, not args.no_open, editor)


def _serve(args: argparse.Namespace, context: Context) -> int:
    from compiler.server.serve import serve

    if args.idle < 0:
        raise UsageError(f"--idle: expected a number of minutes, 0 or more; got {args.idle:g}")
    return serve(find_workspace(None, args.workspace), args.idle, run, say=lambda line: print(line, file=context.err, flush=True))


# --- import, schema, init -----------------------------------------------------------


def _import(args: argparse.Namespace, context: Context) -> int:
    from compiler.importers import FACT_FORMATS, import_facts, import_references

    file = Path(args.file)
    if not file.is_file():
        raise UsageError(f"no file '{args.file}' to import")
    workspace = find_workspace(None, args.workspace)
    if args.theme and args.kind != "uhri":
        raise UsageError("--theme applies to `brief import uhri` only")
    if args.kind in FACT_FORMATS:
        for option, given in (("--into", args.into), ("--country", args.country), ("--force", args.force)):
            if given:
                raise UsageError(f"{option} applies to `brief import csl`, `bibtex` and `uhri` only")
        report = import_facts(args.kind, file, workspace, args.dry_run)
    elif args.kind == "uhri":
        from compiler.importers import import_uhri

        if args.country:
            raise UsageError("--country applies to `brief import csl` and `brief import bibtex` only; "
                             "a UHRI export names each row's country")
        report = import_uhri(file, workspace, Path(args.into) if args.into else None, args.force, args.dry_run, args.theme or "")
    else:
        from compiler.countries import is_country

        country = (args.country or "").upper()
        if country and not is_country(country):
            raise UsageError(f"--country: expected an ISO 3166-1 alpha-2 code such as KZ; got '{args.country}'")
        into = Path(args.into) if args.into else None
        report = import_references(args.kind, file, workspace, into, args.force, args.dry_run, country)
    for problem in report.warnings:
        print(problem.format(), file=context.err)
    for line in report.lines:
        print(line, file=context.out)
    return EXIT_OK


def _schema(args: argparse.Namespace, context: Context) -> int:
    from compiler.jsonschema import schema_text

    text = schema_text(args.name)
    if args.output is None:
        context.out.write(text)
        return EXIT_OK
    try:
        Path(args.output).write_text(text, encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"--output: cannot write {args.output}: {exc.strerror or exc}") from None
    return EXIT_OK


def _review(args: argparse.Namespace, context: Context) -> int:
    from compiler import returned
    from compiler.errors import InputError

    file = Path(args.file)
    if not file.is_file():
        raise UsageError(f"no file '{args.file}' to review")
    workspace = find_workspace(None, args.workspace)
    shown = display(file)
    parts = returned.read_docx(file, shown)
    fingerprints = returned.docx_fingerprints(parts)
    if not fingerprints:
        raise InputError(Problem(shown, None, "", "not one of this workspace's papers: it carries none of the bookmarks "
                                 "`brief build` puts in a DOCX"))
    if args.brief and args.brief.endswith(".json"):
        candidates = [Path(args.brief)]
    elif args.brief:
        from compiler.project import brief_paths

        name = f"{brief_paths(workspace, [args.brief])[0].stem}.manifest.json"
        candidates = [workspace.output / name, file.parent / name]
    else:
        candidates = sorted(workspace.output.glob("*.manifest.json")) + sorted(file.parent.glob("*.manifest.json"))
    found = returned.find_manifest(candidates, fingerprints)
    if found is not None:
        against, manifest = found[0], found[1]
        against = display(against)
    else:
        copy = parts["copy"]
        brief = _brief_of_copy(workspace, args.brief, copy, context) if copy and copy.get("paper") in fingerprints else None
        if brief is None:
            searched = display(candidates[0]) if len(candidates) == 1 else f"{display(workspace.output)} or beside it"
            raise InputError(Problem(shown, None, "", (
                f"no manifest of the build it came from (paper {', '.join(sorted(fingerprints))}) in {searched}, and no "
                "brief of the workspace it could be compared with: not one of this workspace's papers (give its brief, "
                f"or that build's manifest: brief review {args.file} BRIEF|MANIFEST.json)")))
        from compiler.provenance import Provenance

        store, _ = _store(workspace, context)
        manifest = returned.manifest_of_copy(copy, Provenance(brief, store, workspace.root))
        against = f"the copy it carries (lines as {display(brief.path)} and the store are now)"
    changes = returned.review(parts, manifest)

    def show(relative: str) -> str:
        return display(workspace.root / relative)

    if args.format == "json":
        json.dump([c.as_dict() | {"where": [dict(w, file=show(w["file"]) if w.get("file") else None) for w in c.where]}
                   for c in changes], context.out, indent=2, ensure_ascii=False)
        context.out.write("\n")
        return EXIT_OK
    for line in returned.text_report(changes, show):
        print(line, file=context.out)
    tracked = sum(1 for c in changes if c.tracked and c.change != "comment")
    comments = sum(1 for c in changes if c.change == "comment")
    untracked = len(changes) - tracked - comments
    print(f"{shown}: {_many(len(changes), 'change')} ({tracked} tracked, {_many(comments, 'comment')}, {untracked} "
          f"untracked) against {against}; nothing was written", file=context.out)
    return EXIT_OK


def _many(count: int, noun: str) -> str:
    """Return "1 change", "2 changes"."""
    return f"{count} {noun}" + ("" if count == 1 else "s")


def _store(workspace, context: Context):
    from compiler.project import load_workspace_store

    return load_workspace_store(workspace, context)


def _brief_of_copy(workspace, named: str | None, copy: dict, context: Context):
    """Return the brief a DOCX's copy of its anchors came from: the one named, else the workspace's of the same title."""
    from compiler.document.typography import typeset_text
    from compiler.project import brief_paths, load_briefs

    store, _ = _store(workspace, context)
    paths = brief_paths(workspace, [named] if named and not named.endswith(".json") else [])
    for item in load_briefs(workspace, store, paths):
        if item.brief is not None and (named or typeset_text(item.brief.title, item.brief.language) == copy.get("title")):
            return item.brief
    return None


def _init(args: argparse.Namespace, context: Context) -> int:
    from compiler.init import init_workspace

    folder = Path(args.folder)
    written = init_workspace(folder)
    print(f"created a workspace in {display(folder)} ({len(written)} files): themes, an example source and an example brief",
          file=context.out)
    print(f"next: cd {args.folder} && brief build   (see {display(folder / 'README.md')})", file=context.out)
    return EXIT_OK


SHELLS = ("bash", "zsh", "fish")


def _completion(args: argparse.Namespace, context: Context) -> int:
    """Print the completion script of `brief` for a shell, generated from this parser by shtab."""
    import shtab

    context.out.write(shtab.complete(build_parser(), shell=args.shell))
    return EXIT_OK


COMMANDS = MappingProxyType({"check": _check, "facts": _facts, "recommendations": _recommendations, "build": _build,
                             "watch": _watch, "preview": _preview, "serve": _serve, "import": _import, "schema": _schema,
                             "init": _init, "review": _review, "completion": _completion})

if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
