"""Turn a workspace into its loaded Store and checked Briefs, and a brief into its compiled paper.

The one place the CLI commands get their inputs from, and the one compile path:
`compile_brief` turns a checked brief into its selection, its cited Document and
(given the pages, where the profile counts them) its report, for `check`, `build`,
`watch`, `serve` and `preview` alike.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from compiler.brief.model import Brief
from compiler.errors import InputError, Problem, UsageError, errors_in
from compiler.store import Store, load_store
from compiler.store.index import cache_disabled
from compiler.style import Style, find_style, style_names
from compiler.workspace import Workspace

if TYPE_CHECKING:  # what `check` and `build` need; `brief facts` does not import them
    from compiler.context import Context
    from compiler.document.model import Document
    from compiler.profiles import Profile
    from compiler.rules import Report
    from compiler.selection import Selection


@dataclass
class Loaded:
    """One brief file, its Brief (None when too broken to use), its own problems and its checked Style."""

    path: Path
    brief: Brief | None
    problems: list[Problem] = field(default_factory=list)
    style: Style | None = None


def load_workspace_store(workspace: Workspace, context: Context | None = None) -> tuple[Store, list[Problem]]:
    """Return the workspace's Store and the problems of its source files (from the context's memo when it keeps one).

    Without a context, as a one-shot command in this process: nothing kept.
    """
    if context is None:
        from compiler.context import Context

        context = Context.of_process()
    cache = not cache_disabled(context.env)
    if context.stores is not None and cache:
        return context.stores.load(workspace.sources, workspace.root)
    return load_store(workspace.sources, workspace.root, cache)
def brief_paths(workspace: Workspace, named: list[str]) -> list[Path]:
    """Return the brief files named on the command line, or all of the workspace's."""
    if not named:
        return workspace.brief_files()
    paths = []
    for name in named:
        path = Path(name)
        if not path.is_file():
            candidate = workspace.briefs / name
            candidate = candidate if candidate.suffix else candidate.with_suffix(".yaml")
            if candidate.is_file():
                path = candidate
            else:
                raise UsageError(f"no brief file '{name}'")
        paths.append(path)
    return paths


def load_briefs(workspace: Workspace, store: Store, paths: list[Path]) -> list[Loaded]:
    """Return each brief of `paths`, checked against `store`, with its style read and checked.

    The problems of a style.yaml are those of every brief using the style; each style is read once.
    """
    from compiler.brief.load import load_brief  # Markdown parsing: not needed by `brief facts`
    from compiler.profiles import profile_names

    styles = style_names(workspace.styles)
    profiles = profile_names(workspace.profiles)
    found: dict[str, tuple[Style | None, list[Problem]]] = {}
    loaded = []
    for path in paths:
        brief, problems = load_brief(path, store, styles, profiles)
        style = None
        if brief is not None and brief.style in styles:
            if brief.style not in found:
                found[brief.style] = _style(brief.style, workspace.styles)
            style, style_problems = found[brief.style]
            problems += style_problems
        loaded.append(Loaded(path, brief, problems, style))
    return loaded


def _style(name: str, workspace_styles: Path | None) -> tuple[Style | None, list[Problem]]:
    try:
        style = find_style(name, workspace_styles)
    except InputError as error:
        return None, error.problems
    if style.reference_docx is None:
        return style, []
    from compiler.reference_docx import reference_warnings  # lxml: only for a style with a reference.docx

    return style, reference_warnings(style)



@dataclass(frozen=True)
class Compiled:
    """One brief compiled: its selection, its problems so far and, when it has no errors, its cited Document."""

    brief: Brief
    selection: Selection
    problems: list[Problem]  # the brief's own, then its facts' missing translations
    document: Document | None = None
    style: Style | None = None
    profile: Profile | None = None

    @property
    def counts_pages(self) -> bool:
        """Whether the report needs the PDF's page count (the profile limits pages)."""
        return self.profile is not None and self.profile.pages is not None

    @property
    def page_job(self) -> str | None:
        """Return the render job that counts the pages the profile limits, or None when it limits none.

        A Word file's (`docx` among the profile's formats) as LibreOffice lays it out
        (`WORD_PAGES`), else the PDF's (`PAGES`): `check`, `build` and `preview` count alike.
        """
        from compiler.render.jobs import PAGES, WORD_PAGES

        if not self.counts_pages:
            return None
        return WORD_PAGES if "docx" in self.profile.formats else PAGES

    def judge(self, pages: int | None, pages_of: str = "pdf") -> tuple[Report, list[Problem]]:
        """Return the report (words, the profile's rules, `pages` of `pages_of` where counted) and every problem."""
        from compiler.rules import report, rule_problems

        assert self.document is not None and self.profile is not None, "a brief with errors is not judged"
        result = report(self.brief, self.document, self.profile, self.style, pages, follow_up_count(self.selection),
                        pages_of)
        return result, self.problems + rule_problems(self.brief, self.profile, list(result.results))


def compile_brief(workspace: Workspace, store: Store, store_problems: list[Problem], loaded: Loaded) -> Compiled:
    """Return the checked brief of `loaded` compiled: selected, and (without errors) assembled and cited."""
    from compiler.document.assemble import assemble
    from compiler.document.cite import cite
    from compiler.document.refer_back import refer_back
    from compiler.editorial import editorial_problems
    from compiler.profiles import load_profile
    from compiler.selection import select_facts

    brief = loaded.brief
    assert brief is not None, "a brief too broken to use is not compiled"
    selection = select_facts(brief, store)
    problems = loaded.problems + translation_problems(brief, selection) + follow_up_problems(brief, selection)
    if errors_in(store_problems + problems) or loaded.style is None:
        return Compiled(brief, selection, problems)
    profile = load_profile(brief.profile, workspace.profiles)
    style = loaded.style
    notes = style.settings.notes
    document = assemble(selection, profile.organisations_first, cover_page=profile.cover, contents_page=profile.contents)
    if notes.refer_back:
        document = refer_back(document)
    document = cite(document, store, brief.notes or notes.form, notes.ibid)
    problems = problems + editorial_problems(brief, store, document, style.settings.checks)
    return Compiled(brief, selection, problems, document, style, profile)


def follow_up_count(selection: Selection):
    """Return the recommendations of earlier UPR reviews to the brief's country in the store, and how many the brief reviews."""
    from compiler.rules import FollowUpCount

    brief, store = selection.brief, selection.store
    until = brief.date.last() if brief.date else None
    earlier = sum(
        1 for r in store.recommendations.values()
        if (d := store.sources[r.source]).body == "UPR" and d.country == brief.country
        and (until is None or d.issued is None or d.issued.last() <= until))
    reviewed = len({r.id for s in selection.sections for r in s.follow_up})
    return FollowUpCount(earlier, reviewed)


def follow_up_problems(brief: Brief, selection: Selection) -> list[Problem]:
    """Return a warning for each reviewed recommendation without an assessment as of the brief's date, and for an empty matrix."""
    problems = []
    if brief.annex_recommendations and not any(chosen.follow_up for chosen in selection.sections):
        problems.append(Problem(brief.path, None, "annex_recommendations",
                                "the paper reviews no recommendation (no section's follow_up selects one): no matrix is added",
                                "warning"))
    for chosen in selection.sections:
        for recommendation in chosen.follow_up:
            if selection.store.assessment(recommendation.id, brief.date) is None:
                when = f"as of {brief.date}" if brief.date else "at all"
                problems.append(Problem(brief.path, chosen.section.line, f"sections[{chosen.section.index}].follow_up", (
                    f"no assessment of '{recommendation.id}' {when} in sources/assessments/; the paper gives its "
                    "status as no information"), "warning"))
    return problems


def translation_problems(brief: Brief, selection: Selection) -> list[Problem]:
    """Return a warning for each fact the paper states in a language it has no translation into."""
    language = brief.language
    base = language.split("-")[0]
    problems = []
    seen: set[str] = set()
    for chosen in selection.sections:
        for fact in chosen.facts:
            source_language = selection.store.sources[fact.source].language.split("-")[0]
            if fact.id in seen or base == source_language or language in fact.translations or base in fact.translations:
                continue
            seen.add(fact.id)
            problems.append(Problem(fact.path, fact.line, "translations",
                                    f"fact '{fact.id}' has no '{base}' translation; {brief.path} prints it as written", "warning"))
    return problems
