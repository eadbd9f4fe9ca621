"""Turn a DOCX returned by a partner into the changes it holds, each with where to make it in the YAML.

A paper's DOCX carries a bookmark on every paragraph, list item, table cell and
footnote (`compiler.document.anchors`), and its manifest records, per bookmark, the
text as built and where it comes from. Reading the returned DOCX with the standard
library alone (a zip of WordprocessingML), this module finds:

- tracked changes (`w:ins`, `w:del`, and moves), an insertion and a deletion side by
  side by the same author being one replacement, with their author and date;
- comments (`word/comments.xml`) and the text their range covers;
- untracked edits: an anchored paragraph whose text, tracked changes rejected, is not
  the text built; an anchored paragraph gone;
- new paragraphs, headings and notes, without an anchor, reported against the nearest
  anchored paragraph before them (a note against the paragraph calling it).

Each change is reported once, on its paragraph, with the origins the manifest records:
the fact, recommendation, assessment, source or brief field, with its file and line.
Without the manifest of its build (the paper was built again since), the copy of the
anchors the DOCX carries stands for it (`manifest_of_copy`), its origins placed in the
YAML as it is now. Nothing is written. A file that is not a DOCX, is damaged, or is
not one of the workspace's papers (no anchors; neither a manifest of its build nor a
copy) is an InputError (exit 3).
"""

from __future__ import annotations

import difflib
import json
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator
from xml.etree import ElementTree

from compiler.document.anchors import COPY_NAMESPACE, PREFIX, Origin, fingerprint_of
from compiler.errors import InputError, Problem

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
CORE = {"cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
        "dc": "http://purl.org/dc/elements/1.1/"}
MAX_PART_BYTES = 64 * 1024 * 1024
"""The largest part of a DOCX read (64 MB): a paper's document.xml is under 1 MB."""
CONTEXT = 40
"""How many characters of unchanged text a change shows on each side."""

_INSERTED = {W + "ins", W + "moveTo"}
_DELETED = {W + "del", W + "moveFrom"}
_SKIPPED = {W + "pPr", W + "rPr", W + "instrText", W + "delInstrText", W + "footnotes", W + "endnotes",
            "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"}  # the same content again, for older readers


@dataclass
class Piece:
    """A stretch of a paragraph's text: unchanged ("same"), tracked as inserted ("ins") or deleted ("del")."""

    text: str
    state: str = "same"
    author: str = ""
    date: str = ""


@dataclass
class Para:
    """One paragraph of the returned DOCX: its pieces, anchors, comments, notes called, heading or not."""

    pieces: list[Piece] = field(default_factory=list)
    anchors: list[str] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)  # ids of the comments whose range starts (or which are called) here
    notes: list[str] = field(default_factory=list)  # ids of the footnotes called here
    heading: bool = False
    inserted_by: tuple[str, str] | None = None  # (author, date) of a tracked new paragraph mark

    def text(self, *states: str) -> str:
        """Return the text of the pieces in `states`."""
        return "".join(p.text for p in self.pieces if p.state in states)


@dataclass
class Change:
    """One change of the returned DOCX, on one paragraph, with where to make it."""

    change: str  # insertion, deletion, replacement, comment, edit, new paragraph, new heading, new note, deleted paragraph
    place: str
    number: int | None
    anchor: str
    old: str
    new: str
    author: str = ""
    date: str = ""
    tracked: bool = True
    comment: str = ""
    where: list = field(default_factory=list)

    def as_dict(self) -> dict:
        """Return the JSON form of `brief review --format json`."""
        return {"paragraph": self.number, "place": self.place, "anchor": self.anchor or None, "change": self.change,
                "old": self.old, "new": self.new, "author": self.author or None, "date": self.date or None,
                "tracked": self.tracked, **({"comment": self.comment} if self.change == "comment" else {}),
                "where": self.where}


# --- reading the DOCX ------------------------------------------------------------------


def read_docx(path: Path, shown: str) -> dict[str, ElementTree.Element | None]:
    """Return the parsed document, footnotes, comments and core properties of the DOCX at `path` (None when absent)."""
    def fail(message: str) -> InputError:
        return InputError(Problem(shown, None, "", message))

    try:
        package = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise fail(f"not a DOCX: not a readable zip file ({getattr(exc, 'strerror', None) or exc})") from None
    parts: dict[str, ElementTree.Element | None] = {}
    with package:
        names = set(package.namelist())
        if "word/document.xml" not in names:
            raise fail("not a DOCX: it has no word/document.xml")
        for key, name in (("document", "word/document.xml"), ("footnotes", "word/footnotes.xml"),
                          ("comments", "word/comments.xml"), ("core", "docProps/core.xml")):
            if name not in names:
                parts[key] = None
                continue
            parts[key] = _parse(package, name, fail)
        parts["copy"] = None
        for name in sorted(names):  # Word may renumber the custom XML parts: the copy is found by its namespace
            if name.startswith("customXml/") and name.count("/") == 1 and name.endswith(".xml"):
                root = _parse(package, name, fail)
                if root.tag == f"{{{COPY_NAMESPACE}}}anchors":
                    try:
                        copy = json.loads(root.text or "")
                    except ValueError:
                        raise fail(f"damaged DOCX: {name} does not hold the copy of the anchors it should") from None
                    parts["copy"] = copy if isinstance(copy, dict) and isinstance(copy.get("anchors"), list) else None
    return parts


def _parse(package: zipfile.ZipFile, name: str, fail) -> ElementTree.Element:
    """Return the parsed XML part `name` of the DOCX; a part too large, unreadable or not XML is `fail`ed."""
    info = package.getinfo(name)
    if info.file_size > MAX_PART_BYTES:
        raise fail(f"damaged DOCX: {name} is larger than {MAX_PART_BYTES // (1024 * 1024)} MB")
    try:
        return ElementTree.fromstring(package.read(name))
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, zlib.error, NotImplementedError) as exc:  # a bad CRC, a truncated member
        raise fail(f"damaged DOCX: cannot read {name} ({exc})") from None
    except ElementTree.ParseError as exc:
        raise fail(f"damaged DOCX: {name} is not well-formed XML ({exc})") from None


def paragraphs(root: ElementTree.Element) -> Iterator[Para]:
    """Yield the paragraphs of a part in document order (those in table cells too), with their pieces and marks."""
    for node in root.iter(W + "p"):
        para = Para()
        props = node.find(W + "pPr")
        if props is not None:
            style = props.find(W + "pStyle")
            style_id = style.get(W + "val", "") if style is not None else ""
            para.heading = style_id.lower().startswith("heading") or props.find(W + "outlineLvl") is not None
            mark = props.find(f"{W}rPr/{W}ins")
            if mark is not None:
                para.inserted_by = (mark.get(W + "author", ""), mark.get(W + "date", ""))
        _collect(node, para, "same", "", "")
        yield para


def _collect(node: ElementTree.Element, para: Para, state: str, author: str, date: str) -> None:
    """Add the text and marks under `node` to `para`, in order; a nested paragraph is its own."""
    for child in node:
        tag = child.tag
        if tag in _SKIPPED or tag == W + "p":
            continue
        if tag in _INSERTED or tag in _DELETED:
            _collect(child, para, "ins" if tag in _INSERTED else "del", child.get(W + "author", ""), _date(child.get(W + "date", "")))
        elif tag == W + "t" or tag == W + "delText":
            _add(para, child.text or "", state, author, date)
        elif tag in (W + "tab", W + "ptab"):
            _add(para, "\t", state, author, date)
        elif tag in (W + "br", W + "cr"):
            _add(para, "\n", state, author, date)
        elif tag == W + "noBreakHyphen":
            _add(para, "\u2011", state, author, date)
        elif tag == W + "softHyphen":
            _add(para, "\u00ad", state, author, date)
        elif tag == W + "bookmarkStart":
            name = child.get(W + "name", "")
            if name.startswith(PREFIX):
                para.anchors.append(name)
        elif tag in (W + "commentRangeStart", W + "commentReference"):
            ident = child.get(W + "id", "")
            if ident not in para.comments:
                para.comments.append(ident)
        elif tag == W + "footnoteReference":
            para.notes.append(child.get(W + "id", ""))
        else:
            _collect(child, para, state, author, date)


def _date(value: str) -> str:
    """Return a change's date as written, or '' for none or LibreOffice's stand-in for none (year 0)."""
    return "" if not value or value.startswith(("0-", "0000-")) else value


def _add(para: Para, text: str, state: str, author: str, date: str) -> None:
    last = para.pieces[-1] if para.pieces else None
    if last is not None and (last.state, last.author, last.date) == (state, author, date):
        last.text += text
    else:
        para.pieces.append(Piece(text, state, author, date))


def comment_texts(root: ElementTree.Element | None) -> dict[str, tuple[str, str, str]]:
    """Return each comment's (author, date, text) by id."""
    if root is None:
        return {}
    out = {}
    for comment in root.iter(W + "comment"):
        text = "\n".join(p.text("same", "ins") for p in paragraphs(comment)).strip()
        out[comment.get(W + "id", "")] = (comment.get(W + "author", ""), _date(comment.get(W + "date", "")), text)
    return out


def covered_texts(root: ElementTree.Element) -> dict[str, str]:
    """Return, by comment id, the text between its w:commentRangeStart and w:commentRangeEnd (deletions left out)."""
    open_ranges: dict[str, list[str]] = {}
    done: dict[str, str] = {}
    for node in root.iter():
        tag = node.tag
        if tag == W + "commentRangeStart":
            open_ranges[node.get(W + "id", "")] = []
        elif tag == W + "commentRangeEnd":
            ident = node.get(W + "id", "")
            if ident in open_ranges:
                done[ident] = " ".join("".join(open_ranges.pop(ident)).split())
        elif tag == W + "t" and open_ranges:
            for pieces in open_ranges.values():
                pieces.append(node.text or "")
        elif tag == W + "p" and open_ranges:
            for pieces in open_ranges.values():
                pieces.append(" ")
    return done


def last_saved_by(core: ElementTree.Element | None) -> str:
    """Return who saved the DOCX last, as its core properties say ('' when they do not, or name its authors as built)."""
    if core is None:
        return ""
    saved, made = (((node.text or "").strip() if node is not None else "")
                   for node in (core.find("cp:lastModifiedBy", CORE), core.find("dc:creator", CORE)))
    return "" if saved == made else saved


# --- the manifest ----------------------------------------------------------------------


def docx_fingerprints(parts: dict) -> set[str]:
    """Return the paper fingerprints of the anchors a DOCX carries."""
    found = set()
    for key in ("document", "footnotes"):
        root = parts.get(key)
        if root is not None:
            for mark in root.iter(W + "bookmarkStart"):
                print_ = fingerprint_of(mark.get(W + "name", ""))
                if print_:
                    found.add(print_)
    return found


def find_manifest(candidates: list[Path], fingerprints: set[str]) -> tuple[Path, dict] | None:
    """Return the first manifest among `candidates` of the build the DOCX came from, and its content."""
    for path in candidates:
        try:
            content = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if isinstance(content, dict) and content.get("paper") in fingerprints and isinstance(content.get("anchors"), list):
            return path, content
    return None


def manifest_of_copy(copy: dict, provenance) -> dict:
    """Return a manifest made of the copy of the anchors a DOCX carries, their origins placed by `provenance` (the YAML now)."""
    anchors = []
    for entry in copy["anchors"]:
        origins = [provenance.place(origin).as_dict() | ({"span": list(origin.span)} if origin.span else {})
                   for origin in map(Origin.of, entry.get("origins", ()))]
        anchors.append({**entry, "origins": origins})
    return {"paper": copy.get("paper", ""), "anchors": anchors}


# --- comparing -------------------------------------------------------------------------


def review(parts: dict, manifest: dict) -> list[Change]:
    """Return the changes of a returned DOCX (its `parts`, from `read_docx`) against the manifest of its build."""
    anchors = {a["name"]: a for a in manifest["anchors"]}
    order = [a["name"] for a in manifest["anchors"]]
    comments = comment_texts(parts.get("comments"))
    saved_by = last_saved_by(parts.get("core"))
    changes: list[Change] = []
    present: set[str] = set()
    reported_comments: set[str] = set()
    body = parts["document"]
    covered = covered_texts(body)
    if parts.get("footnotes") is not None:
        covered.update(covered_texts(parts["footnotes"]))

    notes: dict[str, list[Para]] = {}
    if parts.get("footnotes") is not None:
        for note in parts["footnotes"].iter(W + "footnote"):
            if note.get(W + "type") in (None, "normal"):
                notes[note.get(W + "id", "")] = list(paragraphs(note))

    def on(para: Para, anchor: dict | None, where_new: dict | None) -> None:
        """Report the changes of one paragraph: its own anchor's, or (None) a new one after `where_new`."""
        for ident in para.comments:
            if ident in comments and ident not in reported_comments:
                reported_comments.add(ident)
                author, date, text = comments[ident]
                target = anchor or where_new
                quoted = covered.get(ident, "")
                changes.append(_change(target, "comment", quoted, quoted, author, date, comment=text,
                                       after=anchor is None))
        if anchor is None:
            return
        present.add(anchor["name"])
        built = anchor["text"].strip()
        before = _without_label(para.text("same", "del"), anchor).strip()
        if before != built:
            old, new, at = _difference(built, before)
            changes.append(_change(anchor, "edit", old, new, saved_by, "", tracked=False, at=at))
        changes.extend(_tracked(para, anchor))

    following_notes: dict[str, list[str]] = {}  # the notes each anchored paragraph calls, in order
    caller = ""
    for name in order:
        if anchors[name]["kind"] == "note":
            following_notes.setdefault(caller, []).append(name)
        else:
            caller = name
    previous: dict | None = None
    for para in paragraphs(body):
        mine = [anchors[n] for n in para.anchors if n in anchors]
        anchor = mine[0] if mine else None
        present.update(a["name"] for a in mine[1:])
        if anchor is not None:
            on(para, anchor, None)
            previous = anchor
        elif previous is not None:
            text = para.text("same", "ins").strip()
            if text:
                author, date = para.inserted_by or next(((p.author, p.date) for p in para.pieces if p.state == "ins"),
                                                        (saved_by, ""))
                tracked = para.inserted_by is not None or all(p.state != "same" for p in para.pieces if p.text.strip())
                kind = "new heading" if para.heading else "new paragraph"
                changes.append(_change(previous, kind, "", text, author if tracked else saved_by, date if tracked else "",
                                       tracked=tracked, after=True))
            on(para, None, previous)
        called = [note_para for ident in para.notes for note_para in notes.pop(ident, [])]
        expected = [anchors[n] for n in following_notes.get(anchor["name"], ())] if anchor is not None else []
        for note_para, note_anchor in _match_notes(called, expected, anchors):
            if note_anchor is not None:
                on(note_para, note_anchor, None)
            elif previous is not None and note_para.text("same", "ins").strip():
                text = note_para.text("same", "ins").strip()
                inserted = [p for p in note_para.pieces if p.state == "ins"]
                author, date = (inserted[0].author, inserted[0].date) if inserted else (saved_by, "")
                changes.append(_change(previous, "new note", "", text, author, date, tracked=bool(inserted)))
                on(note_para, None, previous)
    for ident, (author, date, text) in comments.items():  # on the cover or the contents, before every anchor
        if ident not in reported_comments:
            quoted = covered.get(ident, "")
            changes.append(Change("comment", "cover or contents", None, "", quoted, quoted, author, date, True, text, []))
    for name in order:  # anchors gone: deleted without tracking (a note only when the paragraph calling it stayed)
        anchor = anchors[name]
        if name in present or not anchor["text"].strip():
            continue
        if anchor["kind"] == "note":
            caller = next((anchors[n] for n in reversed(order[:order.index(name)]) if anchors[n]["kind"] != "note"), None)
            if caller is not None and caller["name"] not in present:
                continue
        changes.append(_change(anchor, "deleted paragraph" if anchor["kind"] != "note" else "deleted note",
                               anchor["text"].strip(), "", saved_by, "", tracked=False))
    position = {name: index for index, name in enumerate(order)}
    return sorted(changes, key=lambda change: position.get(change.anchor, -1))  # in reading order; stable


def _match_notes(called: list[Para], expected: list[dict], anchors: dict) -> list[tuple[Para, dict | None]]:
    """Return each footnote a paragraph calls with its anchor: its own bookmark's, else one of the notes built there.

    Word keeps a footnote's bookmark, LibreOffice drops it: a footnote without one is
    the note built at its place among the paragraph's notes when they are as many as
    built, else the built one whose text is nearest (None: a note added).
    """
    out: list[tuple[Para, dict | None]] = []
    loose = []
    for note_para in called:
        own = [anchors[n] for n in note_para.anchors if n in anchors]
        out.append((note_para, own[0] if own else None))
        if not own:
            loose.append(len(out) - 1)
    claimed = {a["name"] for _, a in out if a is not None}
    free = [a for a in expected if a["name"] not in claimed]
    if len(free) == len(loose):
        for index, anchor in zip(loose, free):
            out[index] = (out[index][0], anchor)
        return out
    for index in loose:
        text = out[index][0].text("same", "del").strip()
        scored = [(difflib.SequenceMatcher(None, a["text"], text, autojunk=False).ratio(), -n, a) for n, a in enumerate(free)]
        best = max(scored, default=None, key=lambda item: item[:2])
        if best is not None and best[0] >= 0.6:
            free.remove(best[2])
            out[index] = (out[index][0], best[2])
    return out


def _without_label(text: str, anchor: dict) -> str:
    """Return a heading's text without the label the DOCX types before it ("II." and a tab)."""
    label = anchor.get("label")
    if label and text.lstrip().startswith(label):
        rest = text.lstrip()[len(label):]
        if rest[:1] in ("\t", " "):
            return rest[1:]
    return text


def _tracked(para: Para, anchor: dict) -> list[Change]:
    """Return the tracked changes of an anchored paragraph: each run of insertions and deletions by one author is one change."""
    out = []
    pieces = para.pieces
    index = 0
    while index < len(pieces):
        if pieces[index].state == "same":
            index += 1
            continue
        start = index
        author = pieces[index].author
        while index < len(pieces) and pieces[index].state != "same" and pieces[index].author == author:
            index += 1
        group = pieces[start:index]
        deleted = "".join(p.text for p in group if p.state == "del")
        inserted = "".join(p.text for p in group if p.state == "ins")
        before = "".join(p.text for p in pieces[:start] if p.state != "ins")
        after = "".join(p.text for p in pieces[index:] if p.state != "ins")
        kind = "replacement" if deleted and inserted else "insertion" if inserted else "deletion"
        left, right = _left(before), _right(after)
        out.append(_change(anchor, kind, left + deleted + right, left + inserted + right, author, group[0].date,
                           at=len(_without_label(before, anchor))))
    return out


def _difference(old: str, new: str) -> tuple[str, str, int]:
    """Return the part of `old` and `new` that differ, with some unchanged text on each side, and where in `old` it starts."""
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    blocks = [op for op in matcher.get_opcodes() if op[0] != "equal"]
    if not blocks:
        return old, new, 0
    i1, j1 = blocks[0][1], blocks[0][3]
    i2, j2 = blocks[-1][2], blocks[-1][4]
    left, right = _left(old[:i1]), _right(old[i2:])
    return left + old[i1:i2] + right, left + new[j1:j2] + right, i1


def _left(text: str) -> str:
    """Return the end of `text` that a change shows before it: whole words, at most CONTEXT characters."""
    if len(text) <= CONTEXT:
        return text
    cut = text[-CONTEXT:]
    space = cut.find(" ")
    return "…" + (cut[space + 1:] if 0 <= space < CONTEXT - 1 else cut)


def _right(text: str) -> str:
    """Return the start of `text` that a change shows after it: whole words, at most CONTEXT characters."""
    if len(text) <= CONTEXT:
        return text
    cut = text[:CONTEXT]
    space = cut.rfind(" ")
    return (cut[:space] if space > 0 else cut) + "…"


def _change(anchor: dict, kind: str, old: str, new: str, author: str, date: str, *, tracked: bool = True,
            comment: str = "", after: bool = False, at: int | None = None) -> Change:
    """Return a change of (or after) `anchor`; `at`, where it starts in the text, picks the origins whose span holds it."""
    place = f"after {anchor['place']}" if after else anchor["place"]
    origins = list(anchor.get("origins", ()))
    if at is not None:
        end = len(anchor.get("text", ""))  # a change at the end (or beyond: the text grew) belongs to the last span
        origins = [o for o in origins if "span" not in o or o["span"][0] <= at < o["span"][1] or at >= o["span"][1] == end
                   ] or origins
    return Change(kind, place, None if after else anchor.get("number"), anchor["name"], old, new, author, date, tracked,
                  comment, origins)


# --- showing ---------------------------------------------------------------------------


def where_text(origin: dict, show) -> str:
    """Return where to make a change, as a report line says it: "fact kz-2016-x, sources/hrw.yaml:302"."""
    kind, ident = origin.get("kind", ""), origin.get("id", "")
    what = {"brief": f"brief field {ident}" + (f" (paragraph {origin['paragraph']})" if origin.get("paragraph") else ""),
            "label": f"fixed wording '{ident}'"}.get(kind, f"{kind} {ident}")
    if origin.get("file"):
        what += f", {show(origin['file'])}" + (f":{origin['line']}" if origin.get("line") else "")
    if origin.get("hint"):
        what += f" ({origin['hint']})"
    return what


def text_report(changes: list[Change], show) -> list[str]:
    """Return the lines of `brief review`'s text report."""
    lines = []
    for change in changes:
        by = f" by {change.author}" if change.author else ""
        if not change.tracked and change.author:
            by = f" (untracked; last saved by {change.author})"
        elif not change.tracked:
            by = " (untracked)"
        when = f", {change.date}" if change.date else ""
        lines.append(f"{change.place}: {change.change}{by}{when}")
        if change.change == "comment":
            lines.append(f"  comment: {_one_line(change.comment)}")
            lines.append(f"  on: {_one_line(change.old)}")
        else:
            lines.append(f"  old: {_one_line(change.old)}")
            lines.append(f"  new: {_one_line(change.new)}")
        for origin in change.where:
            lines.append(f"  {'near' if change.place.startswith('after ') else 'change'}: {where_text(origin, show)}")
    return lines


def _one_line(text: str) -> str:
    return " ".join(text.split()) if text.strip() else "(nothing)"
