"""Turn imported records and facts into YAML text, keeping what a user's file already holds.

New source documents are written whole. Facts are appended to a document's file by
splicing their text after its last fact, so every existing line (comments, key order,
quoting, folding, blank lines) stays byte for byte as it was; ruamel.yaml's round-trip
reader finds where the list ends and how it is indented, and its writer renders the
new items in that indentation. Only a file whose `facts:` is empty or written in flow
style (`facts: []`) is rewritten by the round-trip writer as a whole.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any, Callable

from ruamel.yaml import YAML, YAMLError
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import FoldedScalarString, LiteralScalarString
from ruamel.yaml.util import load_yaml_guess_indent

from compiler.dates import parse_date

FOLD_AT = 84  # folded text wraps before this column, as the sample files do


class CannotUpdate(ValueError):
    """A document file that the round-trip reader cannot read, so nothing can be added to it."""


def yaml_date(text: str) -> int | str | dt.date:
    """Return date `text` as it is best written in YAML: 2007, 2008-05 or 2008-05-28, unquoted."""
    date = parse_date(text)
    if date.month is None:
        return date.year
    if date.day is None:
        return str(date)
    return dt.date(date.year, date.month, date.day)


def flow_list(items: list[Any]) -> CommentedSeq:
    """Return `items` as a list written on one line: `[a, b]`."""
    seq = CommentedSeq(items)
    seq.fa.set_flow_style()
    return seq


def flow_map(items: dict[str, Any]) -> CommentedMap:
    """Return a mapping written on one line: `{family: Café, given: Zoë}`; empty values left out."""
    mapping = CommentedMap((k, v) for k, v in items.items() if v not in ("", None))
    mapping.fa.set_flow_style()
    return mapping


def long_text(text: str, indent: int) -> str | FoldedScalarString | LiteralScalarString:
    """Return `text` as a folded block (`>-`) when long, a literal block (`|-`) when it has line breaks."""
    if text != text.strip() or not text:
        return text
    if "\n" in text:
        return LiteralScalarString(text)
    if indent + len(text) + 8 <= FOLD_AT:
        return text
    folded = FoldedScalarString(text)
    width = FOLD_AT - indent - 2
    folded.fold_pos = _fold_positions(text, width)  # type: ignore[attr-defined]
    return folded


def _fold_positions(text: str, width: int) -> list[int]:
    """Return the single spaces of `text` at which lines of at most `width` characters break."""
    positions: list[int] = []
    line_start = 0
    last_space = -1
    for index, char in enumerate(text):
        if char == " " and text[index - 1 : index] != " " and text[index + 1 : index + 2] not in (" ", ""):
            if index - line_start > width and last_space > line_start:
                positions.append(last_space)
                line_start = last_space + 1
            last_space = index
    if len(text) - line_start > width and last_space > line_start:
        positions.append(last_space)
    return positions


def _writer(mapping: int = 2, sequence: int = 4, offset: int = 2) -> YAML:
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.allow_duplicate_keys = True  # the loader warns about them; appending must not fail on them
    yaml.width = 4096
    yaml.indent(mapping=mapping, sequence=sequence, offset=offset)
    return yaml


def _guessed_writer(text: str) -> tuple[YAML, Any, tuple[int, int, int]]:
    """Return a round-trip writer indenting as `text` does, the value of `text` and the indents (mapping, sequence, dash offset)."""
    _, indent, block_seq_indent = load_yaml_guess_indent(text, yaml=_writer())
    if block_seq_indent is None:
        mapping = indent or 2
        indents = (mapping, mapping + 2, 2)
    else:
        indents = ((indent - block_seq_indent) or 2, indent, block_seq_indent)
    yaml = _writer(*indents)
    return yaml, yaml.load(text), indents


def _dump(yaml: YAML, value: Any) -> str:
    out = io.StringIO()
    yaml.dump(value, out)
    return out.getvalue()


def document_text(values: dict[str, Any], header: list[str]) -> str:
    """Return the text of a new source document file: `header` lines as comments, then `values`."""
    body = CommentedMap()
    for key, value in values.items():
        body[key] = value
    comments = "".join(f"# {line}".rstrip() + "\n" for line in header)
    return comments + _dump(_writer(), body)


def _in_file_form(text: str, change: Callable[[str], str]) -> str:
    """Return `change` applied to `text` read plainly, with its byte-order mark and CRLF line ends put back."""
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    crlf = "\r\n" in text
    plain = text[len(bom):].replace("\r\n", "\n")
    try:
        changed = change(plain)
    except YAMLError as exc:
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise CannotUpdate(f"the round-trip YAML reader cannot read it ({problem})") from None
    return bom + (changed.replace("\n", "\r\n") if crlf else changed)


def update_document_text(text: str, values: dict[str, Any]) -> str:
    """Return document `text` with the keys of `values` set, every other key (its facts too) kept."""
    return _in_file_form(text, lambda plain: _updated(plain, values))


def _updated(text: str, values: dict[str, Any]) -> str:
    yaml, data, _ = _guessed_writer(text)
    if not isinstance(data, CommentedMap):
        raise CannotUpdate("the file does not hold a mapping of keys")
    for key, value in values.items():
        if key in data:
            data[key] = value
        elif "facts" in data:
            data.insert(list(data).index("facts"), key, value)
        else:
            data[key] = value
    return _dump(yaml, data)


def fact_items(facts: list[dict[str, Any]], content_column: int) -> list[CommentedMap]:
    """Return `facts` as mappings ready to write, long texts folded for items at `content_column`."""
    items = []
    for fact in facts:
        item = CommentedMap()
        for key, value in fact.items():
            if key in ("text", "quote") and isinstance(value, str):
                value = long_text(value, content_column + 2)
            elif key in ("themes", "tags") and isinstance(value, list):
                value = flow_list(value)
            item[key] = value
        items.append(item)
    return items


def append_facts_text(text: str, facts: list[dict[str, Any]]) -> str:
    """Return document `text` with `facts` added after its last fact, every existing line kept."""
    return _in_file_form(text, lambda plain: _appended(plain, facts))


def _appended(text: str, facts: list[dict[str, Any]]) -> str:
    yaml, data, (_, sequence, offset) = _guessed_writer(text)
    if not isinstance(data, CommentedMap):
        raise CannotUpdate("the file does not hold a mapping of keys")
    existing = data.get("facts")
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    if isinstance(existing, CommentedSeq) and len(existing) and not existing.fa.flow_style():
        first_line, content_column = existing.lc.item(0)
        before = lines[first_line][:content_column].rstrip()
        dash_column = len(before) - 1 if before.endswith("-") else max(content_column - 2, 0)
        writer = _writer(2, content_column, dash_column)
        rendered = _dump(writer, {"facts": fact_items(facts, content_column)}).split("\n", 1)[1]
        separated = len(existing) > 1 and _blank_before(lines, existing.lc.item(1)[0])
        if separated:
            rendered = _separate(rendered, dash_column)
        end = _end_of_facts(data, lines)
        return "".join(lines[:end]) + ("\n" if separated else "") + rendered + "".join(lines[end:])
    if "facts" not in data:
        return "".join(lines) + _dump(_writer(2, sequence, offset), {"facts": fact_items(facts, sequence)})
    data["facts"] = CommentedSeq(fact_items(facts, sequence))
    return _dump(yaml, data)


def _blank_before(lines: list[str], index: int) -> bool:
    """Return whether a blank line comes before line `index`, above the comments heading it."""
    index -= 1
    while index > 0 and lines[index].lstrip().startswith("#"):
        index -= 1
    return not lines[index].strip()


def _separate(rendered: str, dash_column: int) -> str:
    """Return rendered list items with a blank line between items, as the file has them."""
    marker = " " * dash_column + "- "
    out = []
    for index, line in enumerate(rendered.splitlines(keepends=True)):
        if index and line.startswith(marker):
            out.append("\n")
        out.append(line)
    return "".join(out)


def _end_of_facts(data: CommentedMap, lines: list[str]) -> int:
    """Return the index of the line after the last fact: before the next top-level key and its comments."""
    facts_line = data.lc.key("facts")[0]
    later = [data.lc.key(key)[0] for key in data if data.lc.key(key)[0] > facts_line]
    end = min(later) if later else len(lines)
    while end > facts_line + 1 and (not lines[end - 1].strip() or lines[end - 1].startswith("#")):
        end -= 1
    return end


# --- recommendations (brief import uhri) --------------------------------------------------------

RECOMMENDATION_KEYS = ("id", "paragraph", "text", "by", "response", "themes")


def recommendation_items(recommendations: list[dict[str, Any]], content_column: int) -> list[CommentedMap]:
    """Return `recommendations` as mappings ready to write: paragraphs quoted, long texts folded, lists on one line."""
    return [_recommendation_item(r, content_column) for r in recommendations]


def _recommendation_item(recommendation: dict[str, Any], content_column: int) -> CommentedMap:
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString

    item = CommentedMap()
    for key, value in recommendation.items():
        if key == "text":
            value = long_text(value, content_column + 2)
        elif key == "paragraph":
            value = DoubleQuotedScalarString(value)
        elif key in ("by", "themes"):
            value = flow_list(list(value))
        item[key] = value
    return item


def _set_in_order(mapping: CommentedMap, key: str, value: Any, order: tuple[str, ...]) -> None:
    """Set `key` of `mapping`; a new key goes before the first key that `order` puts after it."""
    if key in mapping:
        mapping[key] = value
        return
    later = order[order.index(key) + 1:] if key in order else ()
    for index, existing in enumerate(mapping):
        if existing in later:
            mapping.insert(index, key, value)
            return
    mapping[key] = value


def update_recommendations_text(
    text: str, document: dict[str, Any], recommendations: list[dict[str, Any]],
    merge_themes: Callable[[list[str], list[str]], list[str]],
) -> tuple[str, dict[str, str], list[str]]:
    """Return document `text` with `recommendations` updated or added, what happened to each, and the ids it keeps unlisted.

    The document's keys that `text` lacks are added from `document`; those it has are kept.
    A recommendation already there gets the text, `by` and response given (an empty one
    keeps its own) and its themes through `merge_themes`; new ones go after the others;
    the file's other recommendations, comments and layout stay as they were.
    """
    outcome: dict[str, Any] = {}

    def change(plain: str) -> str:
        yaml, data, (_, sequence, _) = _guessed_writer(plain)
        if not isinstance(data, CommentedMap):
            raise CannotUpdate("the file does not hold a mapping of keys")
        touched = False
        for key, value in document.items():
            if key not in data:
                _set_in_order(data, key, value, (*document, "url", "language", "text", "recommendations", "facts"))
                touched = True
        existing = data.get("recommendations")
        if not isinstance(existing, CommentedSeq) or not len(existing) or existing.fa.flow_style():
            existing = CommentedSeq(list(existing) if isinstance(existing, list) else [])
            _set_in_order(data, "recommendations", existing, ("recommendations", "facts"))
            column = sequence
        else:
            column = existing.lc.item(0)[1]
        by_id = {item.get("id"): item for item in existing if isinstance(item, CommentedMap)}
        changes: dict[str, str] = {}
        new = []
        for recommendation in recommendations:
            ident = recommendation["id"]
            item = by_id.get(ident)
            if item is None:
                new.append(recommendation)
                changes[ident] = "new"
                continue
            changed = []
            if str(item.get("text", "")) != recommendation["text"]:
                _set_in_order(item, "text", long_text(recommendation["text"], column + 2), RECOMMENDATION_KEYS)
                changed.append("text")
            if recommendation.get("by") and [str(s) for s in item.get("by") or []] != list(recommendation["by"]):
                _set_in_order(item, "by", flow_list(list(recommendation["by"])), RECOMMENDATION_KEYS)
                changed.append("by")
            if recommendation.get("response") and item.get("response") != recommendation["response"]:
                _set_in_order(item, "response", recommendation["response"], RECOMMENDATION_KEYS)
                changed.append("response")
            old_themes = [str(t) for t in item.get("themes") or []]
            themes = merge_themes(old_themes, list(recommendation["themes"]))
            if themes != old_themes:
                _set_in_order(item, "themes", flow_list(themes), RECOMMENDATION_KEYS)
                changed.append("themes")
            changes[ident] = f"updated: {', '.join(changed)}" if changed else "unchanged"
        existing.extend(recommendation_items(new, column))
        listed = {r["id"] for r in recommendations}
        outcome["changes"] = changes
        outcome["kept"] = [ident for ident in by_id if ident not in listed]
        if not touched and not new and all(c == "unchanged" for c in changes.values()):
            return plain
        return _dump(yaml, data)

    updated = _in_file_form(text, change)
    return updated, outcome["changes"], outcome["kept"]
