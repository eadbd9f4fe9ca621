"""Turn a cited Document into its manifest: which paragraph states which facts or reviews which recommendations, through which notes.

Written beside the outputs as `<name>.manifest.json`, so a reviewer can trace every
claim of the paper to the store. Its `anchors` list every bookmark the DOCX carries
(`compiler.document.anchors`): the paragraph it marks, its text as built and where to
change it (file and line, `compiler.provenance`), which `brief review` compares a
returned DOCX with; `paper` is the fingerprint their names share.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from compiler.document.anchors import anchor_entry, anchors, fingerprint_of
from compiler.document.model import (
    BulletList,
    Document,
    Note,
    Paragraph,
    Table,
    plain_text,
    walk,
)
from compiler.wordcount import count_words

if TYPE_CHECKING:
    from compiler.provenance import Provenance


def manifest(document: Document, brief_path: str, provenance: Provenance | None = None) -> dict:
    """Return the manifest of `document` as JSON-ready values; `provenance` gives its anchors' files and lines."""
    paragraphs = []
    for part in document.parts:
        for block in part.blocks:
            if isinstance(block, Paragraph) and block.number is not None:
                entry = {
                    "number": block.number,
                    "section": plain_text(part.title),
                    "facts": list(block.facts),
                    "notes": [n.number for n in walk(block.content) if isinstance(n, Note)],
                }
                if block.recommendations:
                    entry["recommendations"] = list(block.recommendations)
                paragraphs.append(entry)
            elif isinstance(block, Table):
                for index, row in enumerate(block.rows, 1):
                    if row.records:
                        paragraphs.append({
                            "number": None,
                            "section": plain_text(part.title),
                            "row": index,
                            "facts": [],
                            "records": list(row.records),
                            "notes": [n.number for cell in row.cells for n in walk(cell) if isinstance(n, Note)],
                        })
            elif isinstance(block, BulletList):
                for item in block.items:
                    if item.facts:
                        paragraphs.append({
                            "number": None,
                            "section": plain_text(part.title),
                            "facts": list(item.facts),
                            "notes": [n.number for n in walk(item.content) if isinstance(n, Note)],
                        })
    notes = [
        {"number": n.number, "text": plain_text(n.content), "cites": [c.id for c in n.citations]}
        for n in document.notes()
    ]
    sources = [entry.id for part in document.parts if part.kind == "sources" for block in part.blocks for entry in getattr(block, "entries", ())]
    words = count_words(document)
    marks = anchors(document)
    return {
        "brief": brief_path,
        "title": document.meta.title,
        "paragraphs": paragraphs,
        "notes": notes,
        "sources": sources,
        "words": {"body": words.body, "notes": words.notes},
        "paper": fingerprint_of(marks[0].name) if marks else "",
        "anchors": [_anchor_entry(anchor, provenance) for anchor in marks],
    }


def _anchor_entry(anchor, provenance: Provenance | None) -> dict:
    """Return one anchor as the manifest records it: its origins with their files and lines."""
    return anchor_entry(anchor, [(provenance.place(o).as_dict() | ({"span": list(o.span)} if o.span else {}))
                                 if provenance else o.as_dict() for o in anchor.origins])


def manifest_bytes(document: Document, brief_path: str, provenance: Provenance | None = None) -> bytes:
    """Return the manifest as stable, pretty JSON bytes."""
    return (json.dumps(manifest(document, brief_path, provenance), indent=2, ensure_ascii=False) + "\n").encode("utf-8")
