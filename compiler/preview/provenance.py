"""Turn a compiled brief into the provenance of its blocks: for each id the manifest records, what the store holds about it.

The paragraphs, table rows, list items and notes are the manifest's own entries
(`compiler.manifest.manifest`); to them this adds, for every fact, recommendation
and source they name, its text, its source's full reference (as the list of sources
writes it, in the brief's note form), the locator, the quote (and whether it was
checked against the source's archived text), the assessment of a recommendation as
of the brief's date, and the YAML file and line it comes from, as links: a `file://`
address and, given a template, an editor's.
"""

from __future__ import annotations

import os
import re
import urllib.parse
from pathlib import Path

from compiler.document.forms import form_named
from compiler.document.labels import labels_for
from compiler.errors import Problem, UsageError, display
from compiler.manifest import manifest
from compiler.project import Compiled
from compiler.render.html import inline_html
from compiler.store.model import Fact, Recommendation, Source, Store

EDITOR_ENV = "BRIEF_EDITOR_URL"
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_REFUSED_SCHEMES = ("javascript", "data", "vbscript", "blob")


def editor_template(value: str) -> str:
    """Return an editor URL template (`vscode://file/{path}:{line}`) checked, or raise a UsageError naming what is wrong."""
    if not value:
        return ""
    scheme = _SCHEME.match(value)
    if scheme is None or scheme.group(0)[:-1].lower() in _REFUSED_SCHEMES:
        raise UsageError(f"--editor-url (or BRIEF_EDITOR_URL): expected an address such as vscode://file/{{path}}:{{line}}; got '{value}'")
    if "{path}" not in value:
        raise UsageError(f"--editor-url (or BRIEF_EDITOR_URL): the address must hold {{path}} (and may hold {{line}}); got '{value}'")
    unknown = set(re.findall(r"\{([^}]*)\}", value)) - {"path", "line"}
    if unknown:
        raise UsageError(f"--editor-url (or BRIEF_EDITOR_URL): unknown placeholder {{{sorted(unknown)[0]}}}; only {{path}} and {{line}} are filled")
    return value


def place(path: str, line: int | None, editor: str) -> dict:
    """Return where a YAML value is: the file as messages show it, its line, and links that open it."""
    absolute = os.path.abspath(path)
    found = {"file": display(path), "line": line or None, "file_url": Path(absolute).as_uri()}
    if editor:
        quoted = urllib.parse.quote(absolute, safe="/:\\")
        found["editor_url"] = editor.replace("{path}", quoted).replace("{line}", str(line or 1))
    return found


def problem_entry(problem: Problem, editor: str) -> dict:
    """Return a problem as the page shows it: the line `brief check` prints, its parts, and where to edit."""
    entry = {"text": problem.format(), **problem.as_dict()}
    if problem.file:
        entry["place"] = place(problem.file, problem.line, editor)
    return entry


def provenance(compiled: Compiled, store: Store, editor: str = "") -> dict:
    """Return the provenance of `compiled`'s paper: the manifest's paragraphs and notes, and what each id they name stands for."""
    document, brief = compiled.document, compiled.brief
    assert document is not None and compiled.style is not None, "only a paper without errors has provenance"
    record = manifest(document, brief.path)
    language = document.meta.language
    form = form_named(brief.notes or compiled.style.settings.notes.form, language, labels_for(language))
    named: list[str] = []
    for entry in record["paragraphs"]:
        named += entry["facts"] + entry.get("recommendations", []) + entry.get("records", [])
    for note in record["notes"]:
        named += note["cites"]
    records, sources = {}, {}

    def source_entry(source: Source) -> str:
        if source.id not in sources:
            sources[source.id] = {
                "id": source.id, "reference": str(inline_html(form.entry(source))), "url": source.url or None,
                "archived_text": source.text or None, **place(source.path, source.line, editor)}
        return source.id

    for ident in dict.fromkeys(named):
        found = store.find(ident)
        if isinstance(found, Fact):
            records[ident] = _fact(found, store, language, editor, source_entry)
        elif isinstance(found, Recommendation):
            records[ident] = _recommendation(found, compiled, store, editor, source_entry)
        elif isinstance(found, Source):
            records[ident] = {"kind": "source", "id": ident, "source": source_entry(found)}
    return {"brief": display(brief.path), "paragraphs": record["paragraphs"], "notes": record["notes"],
            "records": records, "sources": sources}


def _fact(fact: Fact, store: Store, language: str, editor: str, source_entry) -> dict:
    source = store.source_of(fact)
    base = language.split("-")[0]
    translation = fact.translations.get(language) or fact.translations.get(base) or ""
    return {
        "kind": "fact", "id": fact.id, "text": fact.text, "translation": translation or None,
        "source": source_entry(source), "locator": fact.locator or None, "quote": fact.quote or None,
        # a store with errors gives no paper, and a quote missing from the archived text is an error
        "verified": bool(source.text) if fact.quote else None,
        **place(fact.path, fact.line, editor),
    }


def _recommendation(recommendation: Recommendation, compiled: Compiled, store: Store, editor: str, source_entry) -> dict:
    assessment = store.assessment(recommendation.id, compiled.brief.date)
    assessed = None
    if assessment is not None:
        assessed = {"status": assessment.status, "as_of": str(assessment.as_of), "by": assessment.by or None,
                    "comment": assessment.comment or None, "evidence": list(assessment.evidence),
                    **place(assessment.path, assessment.line, editor)}
    return {
        "kind": "recommendation", "id": recommendation.id, "text": recommendation.text,
        "paragraph": recommendation.paragraph, "by": list(recommendation.by), "response": recommendation.response or None,
        "source": source_entry(store.sources[recommendation.source]), "locator": f"para. {recommendation.paragraph}",
        "assessment": assessed, **place(recommendation.path, recommendation.line, editor),
    }
