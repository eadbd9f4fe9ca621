"""Turn the origins of a paper's anchors into places in the YAML: which file, which line, what to change there.

An anchor (`compiler.document.anchors`) says a paragraph comes from a fact, a
recommendation, an assessment, a source, a field of the brief or the paper's fixed
wording; the manifest records, for each, the file (relative to the workspace) and
line where an editor makes a change, so `brief review` can say where a partner's edit
belongs. The brief's fields are found in its YAML again (the line of each key and list
item, then the Markdown paragraph inside a text field).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from compiler import yamlfile
from compiler.brief.model import Brief
from compiler.document.anchors import Origin
from compiler.store.model import Store

_FIELD = re.compile(r"([a-z_]+)(?:\[(\d+)\])?")


@dataclass(frozen=True)
class Place:
    """Where to change what an anchor shows: `kind` and `id` as in `Origin`, the file and line, and a hint."""

    kind: str
    id: str
    file: str | None
    line: int | None
    paragraph: int = 0
    hint: str = ""

    def as_dict(self) -> dict:
        """Return the manifest's form of the place."""
        out = {"kind": self.kind, "id": self.id, "file": self.file, "line": self.line}
        if self.paragraph:
            out["paragraph"] = self.paragraph
        if self.hint:
            out["hint"] = self.hint
        return out


class Provenance:
    """Find the places of one brief's anchors in its YAML and in the store."""

    def __init__(self, brief: Brief, store: Store, root: Path) -> None:
        self.brief = brief
        self.store = store
        self.root = root
        self.path = Path(brief.path).resolve()
        raw, _, text = yamlfile.read(self.path, brief.path, yamlfile.MAX_BRIEF_BYTES, "a brief")
        self.raw = raw if isinstance(raw, dict) else {}
        self.lines = text.splitlines()

    def relative(self, path: str | Path) -> str:
        """Return `path` relative to the workspace when inside it, else as it is."""
        text = os.fspath(path)
        try:
            return Path(text).resolve().relative_to(self.root.resolve()).as_posix()
        except (ValueError, OSError):
            return text

    def place(self, origin: Origin) -> Place:
        """Return where to change what `origin` names."""
        store = self.store
        if origin.kind == "cited":
            kind = "fact" if origin.id in store.facts else "recommendation" if origin.id in store.recommendations else "source"
            return self.place(Origin(kind, origin.id))
        if origin.kind == "brief":
            return self.brief_place(origin)
        if origin.kind == "label":
            return Place("label", origin.id, None, None, hint="the paper's fixed wording in its language: not in the YAML")
        if origin.kind == "assessment":
            found = store.assessment(origin.id, self.brief.date)
            if found is None:
                return Place("assessment", origin.id, None, None,
                             hint="no assessment as of the paper's date: add one in sources/assessments/")
            return Place("assessment", origin.id, self.relative(found.path), found.line)
        record = {"fact": store.facts, "recommendation": store.recommendations, "source": store.sources}[origin.kind].get(origin.id)
        if record is None:
            return Place(origin.kind, origin.id, None, None, hint="not in the store")
        return Place(origin.kind, origin.id, self.relative(record.path), record.line)

    def brief_place(self, origin: Origin) -> Place:
        """Return the line of a brief field ("sections[1].intro"), at the Markdown paragraph the origin names."""
        node: object = self.raw
        line = 1
        for name, index in _FIELD.findall(origin.id):
            if not isinstance(node, dict) or name not in node:
                if name == "title" and isinstance(node, dict) and node.get("theme") in self.store.themes:
                    return self.theme_place(node["theme"], line)
                return Place("brief", origin.id, self.relative(self.path), line, origin.paragraph)
            line = node.key_lines.get(name, line) if hasattr(node, "key_lines") else line
            node = node[name]
            if index:
                item_lines = getattr(node, "item_lines", None)
                if not isinstance(node, list) or int(index) >= len(node):
                    break
                line = item_lines[int(index)] if item_lines else line
                node = node[int(index)]
        if origin.paragraph:
            line = paragraph_line(self.lines, line, origin.paragraph)
        if origin.item > 1:
            line = item_line(self.lines, line, origin.item)
        return Place("brief", origin.id, self.relative(self.path), line, origin.paragraph)

    def theme_place(self, theme: str, section_line: int) -> Place:
        """Return the place of a section title that is its theme's: the theme's entry in themes.yaml."""
        themes = self.store.themes_path
        line = None
        if themes:
            raw, _, _ = yamlfile.read(Path(themes), themes)
            entries = raw.get("themes") if isinstance(raw, dict) else None
            line = entries.key_lines.get(theme) if isinstance(entries, yamlfile.LineDict) else None
        return Place("theme", theme, self.relative(themes) if themes else None, line,
                     hint=f"the theme's title; or give the section a title: in the brief (line {section_line})")


def paragraph_line(lines: list[str], key_line: int, paragraph: int) -> int:
    """Return the line where the `paragraph`th Markdown paragraph (from 1) of the text field at `key_line` starts.

    The field's text runs from its key's line (a value written on it) or the next line
    (a block scalar, `|` or `>`) while lines are indented deeper than the key; blank
    lines separate its paragraphs. The key's line when the field has fewer paragraphs.
    """
    if not 0 < key_line <= len(lines):
        return key_line
    first = lines[key_line - 1]
    indent = len(first) - len(first.lstrip(" -"))
    value = first.split(":", 1)[1].strip() if ":" in first else ""
    start = key_line if value and value[0] not in "|>" else key_line + 1
    found, blank = 0, True
    for number in range(start, len(lines) + 1):
        text = lines[number - 1]
        if not text.strip():
            blank = True
            continue
        if number > key_line and len(text) - len(text.lstrip(" ")) <= indent:
            break
        if blank:
            found += 1
            if found == paragraph:
                return number
        blank = False
    return key_line


_ITEM = re.compile(r"^(\s*)(?:[-*+]|\d+[.)])\s")


def item_line(lines: list[str], start: int, item: int) -> int:
    """Return the line of the `item`th item (from 1) of the Markdown list starting at line `start` ('start' when not found)."""
    first = _ITEM.match(lines[start - 1]) if 0 < start <= len(lines) else None
    if first is None:
        return start
    found = 1
    for number in range(start + 1, len(lines) + 1):
        text = lines[number - 1]
        if not text.strip():
            continue
        match = _ITEM.match(text)
        if match and len(match.group(1)) == len(first.group(1)):
            found += 1
            if found == item:
                return number
        elif len(text) - len(text.lstrip(" ")) < len(first.group(1)):
            break
    return start
