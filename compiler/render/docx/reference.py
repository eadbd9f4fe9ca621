"""Turn a user's reference.docx into its styles, numbering and theme, or refuse it with an InputError.

A reference.docx is user input: a zip of XML. Refuse one that is not a zip, whose
entries are too many, too large or too compressed (a zip bomb), or whose XML
declares a DTD or entities.
"""

from __future__ import annotations

import os
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any, Callable, Mapping, Sequence

from docx.oxml.ns import qn
from docx.oxml.parser import parse_xml
from lxml import etree

from compiler.errors import InputError, Problem

PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"

# A reference.docx is user input: limits that refuse zip bombs and oversized parts.
MAX_ENTRY_BYTES = 20 * 2**20
MAX_TOTAL_BYTES = 100 * 2**20
MAX_ENTRIES = 2000
MAX_RATIO = 100


@dataclass(frozen=True)
class Reference:
    """The parts taken over from a reference.docx, checked and parsed."""

    styles: Any
    numbering: Any | None
    theme: bytes | None


def read_reference(path: Path) -> Reference:
    """Return the styles, numbering and theme of the reference.docx at `path`, or raise InputError.

    A reference.docx is user input: refuse one that is not a zip, whose entries are
    too large or too compressed (a zip bomb), or whose XML declares a DTD or entities.
    """
    shown = str(path)

    def refuse(message: str) -> InputError:
        return InputError(Problem(shown, None, "", f"cannot use this reference.docx: {message}"))

    entries = read_xml_entries(path, refuse)
    main = relationship_target(entries, "_rels/.rels", "", "officeDocument", refuse) or "word/document.xml"
    folder = str(PurePosixPath(main).parent)
    rels = f"{folder}/_rels/{PurePosixPath(main).name}.rels"
    targets = {kind: relationship_target(entries, rels, folder, kind, refuse) for kind in ("styles", "numbering", "theme")}
    if not targets["styles"] or targets["styles"] not in entries:
        raise refuse("it holds no styles part (word/styles.xml)")
    styles = safe_xml(entries[targets["styles"]], targets["styles"], refuse)
    if styles.tag != qn("w:styles"):
        raise refuse(f"{targets['styles']} is not a WordprocessingML styles part")
    numbering = None
    if targets["numbering"] in entries:
        numbering = safe_xml(entries[targets["numbering"]], targets["numbering"], refuse)
        if numbering.tag != qn("w:numbering"):
            raise refuse(f"{targets['numbering']} is not a WordprocessingML numbering part")
    theme = None
    if targets["theme"] in entries:
        theme = etree.tostring(safe_xml(entries[targets["theme"]], targets["theme"], refuse),
                               xml_declaration=True, encoding="UTF-8", standalone=True)
    return Reference(styles, numbering, theme)


def read_xml_entries(path: Path, refuse: Callable[[str], InputError]) -> dict[str, bytes]:
    """Return the XML entries of the zip at `path`, after checking every entry's size and ratio."""
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            check_entries(infos, refuse)
            entries: dict[str, bytes] = {}
            total = 0
            for info in infos:
                if info.filename.endswith((".xml", ".rels")):
                    entries[info.filename] = bounded_read(archive, info, refuse)
                    total += len(entries[info.filename])
                    if total > MAX_TOTAL_BYTES:
                        raise refuse(f"its XML parts hold more than {MAX_TOTAL_BYTES // 2**20} MB")
            return entries
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError, ValueError) as error:
        raise refuse(f"it is not a readable DOCX file (a zip archive): {error}") from None
    except OSError as error:
        raise refuse(f"cannot read it: {error.strerror or error}") from None


def check_entries(infos: Sequence[zipfile.ZipInfo], refuse: Callable[[str], InputError]) -> None:
    """Refuse too many entries, an entry too large uncompressed, or a compression ratio of a zip bomb."""
    if len(infos) > MAX_ENTRIES:
        raise refuse(f"it holds {len(infos)} entries; at most {MAX_ENTRIES} are allowed")
    total = 0
    for info in infos:
        if info.file_size > MAX_ENTRY_BYTES:
            raise refuse(f"entry {info.filename} is {info.file_size // 2**20} MB uncompressed; "
                         f"at most {MAX_ENTRY_BYTES // 2**20} MB are allowed")
        if info.file_size > 2**20 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise refuse(f"entry {info.filename} is compressed {info.file_size // max(info.compress_size, 1)} to 1, "
                         "as zip bombs are")
        total += info.file_size
    if total > MAX_TOTAL_BYTES:
        raise refuse(f"its entries hold {total // 2**20} MB uncompressed; at most {MAX_TOTAL_BYTES // 2**20} MB are allowed")


def bounded_read(archive: zipfile.ZipFile, info: zipfile.ZipInfo, refuse: Callable[[str], InputError]) -> bytes:
    """Return one entry's bytes, refusing it if it inflates beyond the limit whatever its header says."""
    with archive.open(info) as stream:
        data = stream.read(MAX_ENTRY_BYTES + 1)
    if len(data) > MAX_ENTRY_BYTES:
        raise refuse(f"entry {info.filename} inflates to more than {MAX_ENTRY_BYTES // 2**20} MB")
    return data


def safe_parser() -> etree.XMLParser:
    """Return an XML parser that loads no DTD, resolves no entity and never touches the network."""
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, remove_blank_text=True)


def safe_xml(data: bytes, name: str, refuse: Callable[[str], InputError]) -> Any:
    """Return the root of the XML `data` as a python-docx element, refusing DTDs and entities."""
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise refuse(f"{name} declares a DTD or entities (<!DOCTYPE or <!ENTITY), which a Word document never needs")
    try:
        root = etree.fromstring(data, safe_parser())
    except etree.XMLSyntaxError as error:
        raise refuse(f"{name} is not well-formed XML: {error}") from None
    docinfo = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None:
        raise refuse(f"{name} declares a DTD or entities, which a Word document never needs")
    return parse_xml(etree.tostring(root))


def relationship_target(entries: Mapping[str, bytes], rels: str, folder: str, kind: str,
                        refuse: Callable[[str], InputError]) -> str | None:
    """Return the zip name of the part a relationship of type `.../kind` in `rels` points to."""
    if rels not in entries:
        return None
    root = safe_xml(entries[rels], rels, refuse)
    for rel in root.iter(f"{{{PKG_REL_NS}}}Relationship"):
        if rel.get("Type", "").rsplit("/", 1)[-1] == kind and rel.get("TargetMode") != "External":
            target = rel.get("Target", "")
            joined = target.lstrip("/") if target.startswith("/") else f"{folder}/{target}" if folder else target
            return os.path.normpath(joined).replace(os.sep, "/")
    return None
