"""Turn a style's reference.docx into its checked XML parts, and its Word styles into warnings where they disagree with style.yaml.

A reference.docx is user input: a zip of XML. Refuse one that is not a zip, whose
entries are too many, too large or too compressed (a zip bomb), or whose XML declares a
DTD or entities. Its styles and numbering are plain lxml elements: `brief check` reads
them without python-docx, and the DOCX renderer (`render/docx/reference.py`) takes them over.

Its styles replace ours in the DOCX, but the PDF follows style.yaml: where the styles
name other fonts, sizes, colours, spacing or justification than style.yaml, the two
outputs differ, so `brief check` warns (`reference_warnings`).
"""

from __future__ import annotations

import os
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any, Callable, Mapping, Sequence

from lxml import etree

from compiler.errors import InputError, Problem
from compiler.style import Style, StyleSettings
from compiler.workspace import display

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"

# A reference.docx is user input: limits that refuse zip bombs and oversized parts.
MAX_ENTRY_BYTES = 20 * 2**20
MAX_TOTAL_BYTES = 100 * 2**20
MAX_ENTRIES = 2000
MAX_RATIO = 100


@dataclass(frozen=True)
class Reference:
    """The parts of a reference.docx the DOCX takes over, checked: styles and numbering parsed, the theme as bytes."""

    styles: Any
    numbering: Any | None
    theme: bytes | None


def w(name: str) -> str:
    """Return the Clark name of a WordprocessingML tag or attribute ("sz" -> "{...main}sz")."""
    return f"{{{W_NS}}}{name}"


def read_parts(path: Path) -> Reference:
    """Return the styles, numbering and theme of the reference.docx at `path`, or raise InputError."""
    shown = display(path)

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
    if styles.tag != w("styles"):
        raise refuse(f"{targets['styles']} is not a WordprocessingML styles part")
    numbering = None
    if targets["numbering"] in entries:
        numbering = safe_xml(entries[targets["numbering"]], targets["numbering"], refuse)
        if numbering.tag != w("numbering"):
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
    """Return the root of the XML `data`, refusing DTDs and entities."""
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise refuse(f"{name} declares a DTD or entities (<!DOCTYPE or <!ENTITY), which a Word document never needs")
    try:
        root = etree.fromstring(data, safe_parser())
    except etree.XMLSyntaxError as error:
        raise refuse(f"{name} is not well-formed XML: {error}") from None
    docinfo = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None:
        raise refuse(f"{name} declares a DTD or entities, which a Word document never needs")
    return root


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


# --- what style.yaml decides of Word's styles ---------------------------------------------


def decided_styles(settings: StyleSettings) -> dict[str | None, dict[str, object]]:
    """Return what style.yaml decides of Word's styles, by Word's style name (None: the document defaults).

    Each holds some of: font (the `word` name), size (points), colour (six hex digits),
    line (times the font size), after (points) and jc (w:jc). These are the values the
    renderer gives the same styles when a style has no reference.docx.
    """
    fonts, sizes, colours, spacing = settings.fonts, settings.sizes, settings.colours, settings.spacing
    body = {"font": fonts.body.word, "size": sizes.body, "line": spacing.line, "after": spacing.after}
    return {
        None: body,
        "Normal": {**body, "colour": colours.text, "jc": "both" if settings.justify else "left"},
        "Title": {"font": fonts.heading.word, "size": sizes.title, "colour": colours.accent},
        "Subtitle": {"font": fonts.heading.word, "size": sizes.subtitle, "colour": colours.text},
        "heading 1": {"font": fonts.heading.word, "size": sizes.heading1, "colour": colours.accent},
        "heading 2": {"font": fonts.heading.word, "size": sizes.heading2, "colour": colours.accent},
    }


#: Where each decided setting is held: element under w:rPr or w:pPr, attribute, and its value in style.yaml's units.
HELD: dict[str, tuple[str, str, Callable[[str], object]]] = {
    "font": ("rPr/rFonts", "ascii", str),
    "size": ("rPr/sz", "val", lambda value: int(value) / 2),
    "colour": ("rPr/color", "val", str.upper),
    "line": ("pPr/spacing", "line", lambda value: int(value) / 240),
    "after": ("pPr/spacing", "after", lambda value: int(value) / 20),
    "jc": ("pPr/jc", "val", lambda value: "left" if value == "start" else value),
}
#: What Word assumes where neither a style nor the document defaults say.
WORD_DEFAULTS = {"font": None, "size": 10.0, "colour": "000000", "line": 1.0, "after": 0.0, "jc": "left"}


@dataclass(frozen=True)
class WordStyles:
    """A w:styles element and its styles by (lower-case) name and by styleId."""

    root: Any
    by_name: dict[str, Any]
    by_id: dict[str, Any]

    @classmethod
    def of(cls, root: Any) -> WordStyles:
        """Return the styles of the w:styles element `root`, indexed once."""
        styles = list(root.iter(w("style")))
        names = {s: s.find(w("name")) for s in styles}
        return cls(root, {n.get(w("val"), "").lower(): s for s, n in names.items() if n is not None},
                   {s.get(w("styleId")): s for s in styles})

    def held(self, name: str | None, setting: str) -> object:
        """Return what style `name` says of `setting`, following w:basedOn to the document defaults and Word's own."""
        path, attribute, convert = HELD[setting]
        element_path = "/".join(w(part) for part in path.split("/"))
        style, seen = self.by_name.get(name.lower()) if name else None, set()
        while style is not None and id(style) not in seen:
            seen.add(id(style))
            found = style.find(element_path)
            if found is not None and found.get(w(attribute)) is not None:
                return read(found.get(w(attribute)), convert)
            based = style.find(w("basedOn"))
            style = self.by_id.get(based.get(w("val"))) if based is not None else None
        kind = "rPrDefault" if path.startswith("rPr") else "pPrDefault"
        default = self.root.find(f"{w('docDefaults')}/{w(kind)}/{element_path}")
        if default is not None and default.get(w(attribute)) is not None:
            return read(default.get(w(attribute)), convert)
        return WORD_DEFAULTS[setting]


def read(value: str, convert: Callable[[str], object]) -> object:
    """Return an attribute's `value` converted, or as written if it is not what Word would write there."""
    try:
        return convert(value)
    except ValueError:
        return value


def disagreements(styles: Any, settings: StyleSettings) -> list[str]:
    """Return, as "Normal font Cambria (style.yaml: Georgia)", where the w:styles element `styles` says other than `settings`."""
    words, out = WordStyles.of(styles), []
    for name, decided in decided_styles(settings).items():
        for setting, wanted in decided.items():
            wanted = wanted.upper() if setting == "colour" else wanted
            found = words.held(name, setting)
            numbers = isinstance(found, (int, float)) and isinstance(wanted, (int, float))
            if not (abs(found - wanted) < 1e-6 if numbers else found == wanted):
                out.append(f"{name or 'document defaults'} {setting} {shown(found)} (style.yaml: {shown(wanted)})")
    return out


def shown(value: object) -> str:
    """Return a setting's value as a message shows it: 10 for 10.0, "unset" for None."""
    return "unset" if value is None else f"{value:g}" if isinstance(value, float) else str(value)


def reference_warnings(style: Style) -> list[Problem]:
    """Return a warning if the reference.docx of `style` (which has one) disagrees with its style.yaml, or the problem reading it."""
    try:
        parts = read_parts(style.reference_docx)
    except InputError as error:
        return list(error.problems)
    found = disagreements(parts.styles, style.settings)
    if not found:
        return []
    return [Problem(display(style.reference_docx), None, "", "its Word styles say other than style.yaml, so the DOCX "
                    f"will not look like the PDF: {'; '.join(found)}", "warning")]
