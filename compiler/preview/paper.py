"""Turn a brief into what one build of `brief preview` shows: the page, the report, the problems, the provenance.

The brief is checked and compiled as `brief check` does (`compiler.project`): the
store's problems and the brief's, the profile's report and rules. A paper without
errors becomes the print HTML of the PDF renderer (`compiler.render.html.print_html`),
the same page WeasyPrint lays out, with the preview's style sheet and script added
and the bundled fonts served by the preview. A build with errors has no page: the
previewer keeps showing the last good one, with the problems over it.
"""

from __future__ import annotations

import dataclasses
import html as html_text
from dataclasses import dataclass, field
from pathlib import Path

from compiler.context import Context
from compiler.errors import BriefError, Problem, errors_in
from compiler.preview.provenance import problem_entry, provenance
from compiler.project import Compiled, compile_brief, load_briefs, load_workspace_store
from compiler.render.html import FONTS_DIR, print_html
from compiler.workspace import Workspace

ASSETS = "/_brief"  # where the page finds the preview's script, style sheet and the bundled fonts
FONTS_URL = FONTS_DIR.as_uri() + "/"


@dataclass(frozen=True)
class Built:
    """One build: the print HTML (None when the brief has errors), the JSON the panel shows, and the compiled brief."""

    page: str | None
    problems: list[dict]
    warnings: list[dict]
    report: dict | None = None
    provenance: dict | None = None
    compiled: Compiled | None = field(default=None, compare=False)
    checked: tuple[Problem, ...] = ()  # the store's and the brief's own problems, before the profile's rules

    @property
    def style_folder(self) -> Path | None:
        """The folder of the paper's style, against which its style sheets' relative addresses resolve (as in the PDF)."""
        return self.compiled.style.folder if self.compiled is not None and self.compiled.style is not None else None


def build(workspace: Workspace, brief: Path, context: Context, editor: str = "") -> Built:
    """Check and compile `brief` as `brief check` does, and return what the preview shows of it."""
    try:
        store, store_problems = load_workspace_store(workspace, context)
        loaded = load_briefs(workspace, store, [brief])[0]
        if loaded.brief is None:
            return _failed(store_problems + loaded.problems, editor)
        compiled = compile_brief(workspace, store, store_problems, loaded)
        if compiled.document is None:
            return _failed(store_problems + compiled.problems, editor)
        page = print_html(compiled.document, compiled.style)
        built = Built(page, [], [], None, provenance(compiled, store, editor), compiled,
                      tuple(store_problems + compiled.problems))
        return judged(built, None, editor)  # the pages, where the profile counts them, come later
    except BriefError as exc:  # a template error, a profile that cannot be read
        return _failed(exc.problems, editor)


def judged(built: Built, pages: int | None, editor: str = "", pages_of: str = "pdf") -> Built:
    """Return `built` with its report and the profile's rules judged (knowing the `pages` of `pages_of`, where counted)."""
    compiled = built.compiled
    assert compiled is not None
    report, problems = compiled.judge(pages, pages_of)
    every = list(dict.fromkeys(list(built.checked) + problems[len(compiled.problems):]))
    return dataclasses.replace(built, warnings=[problem_entry(p, editor) for p in every],
                               report={**report.as_dict(), "line": report.line()})


def _failed(problems: list[Problem], editor: str) -> Built:
    every = list(dict.fromkeys(problems))
    errors = errors_in(every)
    return Built(None, [problem_entry(p, editor) for p in errors],
                 [problem_entry(p, editor) for p in every if p not in errors])


def preview_page(page: str, paper: int) -> str:
    """Return the print HTML `page` as the preview serves it: its fonts from the preview, its script and style sheet added."""
    page = page.replace(FONTS_URL, f"{ASSETS}/fonts/")
    added = (f'<meta name="brief-paper" content="{paper}">\n<link rel="icon" href="data:,">\n'
             f'<link rel="stylesheet" href="{ASSETS}/preview.css">\n'
             f'<script src="{ASSETS}/preview.js" defer></script>\n')
    at = page.find("</head>")
    return page[:at] + added + page[at:] if at >= 0 else added + page


def waiting_page(title: str) -> str:
    """Return the page shown before the brief was ever built without errors: the problems alone."""
    return preview_page(f"<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n<title>{html_text.escape(title)}</title>\n"
                        "</head>\n<body>\n<main class=\"brief-waiting\"></main>\n</body>\n</html>\n", 0)
