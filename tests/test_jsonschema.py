"""Tests of `brief schema` and the committed JSON Schemas: generated from the Field definitions, never drifting,
accepting what the loaders accept and rejecting, where JSON Schema can say it, what they reject."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from compiler import yamlfile
from compiler.jsonschema import NAMES, schema_file_name, schema_for, schema_text
from tests.conftest import REPO

SCHEMAS = REPO / "schemas"
MODELINE = re.compile(r"^# yaml-language-server: \$schema=(\S+)$")
CHECK_JSONSCHEMA = Path(sys.executable).with_name("check-jsonschema")


@pytest.mark.parametrize("name", NAMES)
def test_committed_schema_matches_the_code(name):
    committed = (SCHEMAS / schema_file_name(name)).read_text(encoding="utf-8")
    assert committed == schema_text(name), (
        f"schemas/{schema_file_name(name)} is out of date: run `brief schema {name} -o schemas/{schema_file_name(name)}`")


@pytest.mark.parametrize("name", NAMES)
def test_schema_is_valid_draft_07(name):
    schema = schema_for(name)
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
    jsonschema.Draft7Validator.check_schema(schema)


def _objects(node, path="#"):
    """Yield every schema of an object with properties inside `node`, with where it is."""
    if isinstance(node, dict):
        if "properties" in node:
            yield path, node
        for key, value in node.items():
            yield from _objects(value, f"{path}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _objects(value, f"{path}/{index}")


@pytest.mark.parametrize("name", [n for n in NAMES if n != "spellings"])  # spellings: a mapping of any names
def test_every_field_has_a_description_and_no_unknown_key_is_allowed(name):
    found = list(_objects(schema_for(name)))
    assert found
    for path, node in found:
        assert node.get("additionalProperties") is False, path
        for key, spec in node["properties"].items():
            assert spec.get("description"), f"{path}/{key}"


def test_the_spellings_schema_takes_any_name_with_a_list_of_variants():
    import jsonschema

    validator = jsonschema.Draft7Validator(schema_for("spellings"))
    assert validator.is_valid({"Nazarbayev": ["Nazarbaev"], "Zhanaozen": "Janaozen"})
    assert not validator.is_valid({"Nazarbayev": {"variants": ["Nazarbaev"]}})
    assert not validator.is_valid(["Nazarbayev"])


def test_schema_command_prints_and_writes(workspace, run, tmp_path):
    code, out, _ = run("schema", "brief")
    assert (code, out) == (0, schema_text("brief"))
    target = tmp_path / "source.schema.json"
    code, out, _ = run("schema", "source", "-o", str(target))
    assert (code, out) == (0, "")
    assert target.read_text(encoding="utf-8") == schema_text("source")
    for name in ("style", "profile"):
        assert run("schema", name) == (0, schema_text(name), "")
    code, _, err = run("schema", "paper")
    assert code == 2 and "unknown choice 'paper'" in err


# --- the sample files and check-jsonschema --------------------------------------------


def _samples() -> list[tuple[Path, str]]:
    def kind(path: Path) -> str:
        relative = path.relative_to(REPO / "sources").as_posix()
        if relative in ("themes.yaml", "spellings.yaml"):
            return relative.removesuffix(".yaml")
        return "assessments" if relative.startswith("assessments/") else "source"

    files = [(p, kind(p)) for p in sorted((REPO / "sources").rglob("*.yaml"))]
    return files + [(p, "brief") for p in sorted((REPO / "briefs").glob("*.yaml"))]


def _template() -> list[tuple[Path, str]]:
    root = REPO / "compiler" / "data" / "init"
    return [(p, "source") for p in sorted((root / "sources").rglob("*.yaml"))] + [(p, "brief") for p in sorted((root / "briefs").glob("*.yaml"))]


@pytest.mark.parametrize("path, name", _samples(), ids=lambda v: v.name if isinstance(v, Path) else v)
def test_every_sample_file_points_at_its_schema(path, name):
    first = path.read_text(encoding="utf-8").splitlines()[0]
    match = MODELINE.match(first)
    assert match, f"{path.relative_to(REPO)} does not start with a yaml-language-server modeline"
    target = (path.parent / match.group(1)).resolve()
    assert target == (SCHEMAS / schema_file_name(name)).resolve()
    assert target.is_file()


@pytest.mark.parametrize("path, name", _template(), ids=lambda v: v.name if isinstance(v, Path) else v)
def test_every_template_file_points_at_its_schema(path, name):
    match = MODELINE.match(path.read_text(encoding="utf-8").splitlines()[0])
    assert match and match.group(1) == f"../schemas/{schema_file_name(name)}"


def _shipped() -> list[tuple[Path, str]]:
    """Return the style and profile files shipped with the product."""
    return ([(p, "style") for p in sorted((REPO / "styles").glob("*/style.yaml"))]
            + [(p, "profile") for p in sorted((REPO / "compiler" / "profiles").glob("*.yaml"))])


def _check_jsonschema(schema: Path, files: list[Path]) -> subprocess.CompletedProcess:
    return subprocess.run([str(CHECK_JSONSCHEMA), "--schemafile", str(schema), *map(str, files)],
                          capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("name", NAMES)
def test_check_jsonschema_accepts_every_sample_file(name, tmp_path):
    files = [p for p, kind in _samples() + _template() + _shipped() if kind == name]
    if not files and name != "themes":
        pytest.skip(f"no sample file of the format '{name}'")
    schema = tmp_path / schema_file_name(name)
    schema.write_text(schema_text(name), encoding="utf-8")  # as `brief schema` prints it
    if name == "themes":
        themes = tmp_path / "themes.yaml"
        shutil.copy(REPO / "compiler" / "data" / "themes.yaml", themes)
        files.append(themes)
    result = _check_jsonschema(schema, files)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("change, message", [
    (("subtitle:", "subtitel:"), "Additional properties are not allowed ('subtitel' was unexpected)"),
    (("layout: bullets", "layout: bulets"), "'bulets' is not one of ['paragraphs', 'bullets']"),
    (("country: KZ", "country: XK1"), "does not match"),
])
def test_check_jsonschema_rejects_a_brief_with_a_mistake(tmp_path, change, message):
    schema = tmp_path / "brief.schema.json"
    schema.write_text(schema_text("brief"), encoding="utf-8")
    brief = tmp_path / "brief.yaml"
    text = (REPO / "briefs" / "kazakhstan-ccpr-2011.yaml").read_text(encoding="utf-8")
    assert change[0] in text
    brief.write_text(text.replace(change[0], change[1], 1), encoding="utf-8")
    result = _check_jsonschema(schema, [brief])
    assert result.returncode == 1
    assert message in result.stdout


def test_check_jsonschema_rejects_a_source_with_a_bad_id(tmp_path):
    schema = tmp_path / "source.schema.json"
    schema.write_text(schema_text("source"), encoding="utf-8")
    source = tmp_path / "doc.yaml"
    source.write_text("id: Bad_Id\ntitle: T\nfacts:\n  - id: ok\n    text: T\n    themes: media\n    tagz: [x]\n", encoding="utf-8")
    result = _check_jsonschema(schema, [source])
    assert result.returncode == 1
    assert "'Bad_Id' does not match" in result.stdout
    assert "'tagz' was unexpected" in result.stdout


# --- the schemas agree with the loaders ------------------------------------------------

BRIEF = "title: T\ncountry: KZ\n"
SOURCE = "id: doc\ntitle: T\n"
FACT = "id: doc\ntitle: T\nfacts:\n  - id: f\n    text: T\n    themes: [media]\n"

# (kind, file text, accepted): the loader and the schema must both give `accepted`.
AGREEMENT = [
    ("brief", BRIEF, True),
    ("brief", BRIEF + "title2: x\n", False),
    ("brief", "title: 2008\ncountry: KZ\n", True),
    ("brief", "title: ''\ncountry: KZ\n", False),
    ("brief", "title: [a]\ncountry: KZ\n", False),
    ("brief", "title: T\n", False),
    ("brief", "title: T\ncountry: kz\n", True),
    ("brief", "title: T\ncountry: XX\n", False),
    ("brief", BRIEF + "subtitle:\n", True),
    ("brief", BRIEF + "date: 2007\n", True),
    ("brief", BRIEF + "date: 2011-07-12\n", True),
    ("brief", BRIEF + "date: '2011-7'\n", True),
    ("brief", BRIEF + "date: 2011-13-01\n", False),
    ("brief", BRIEF + "date: 11-07-12\n", False),
    ("brief", BRIEF + "date: true\n", False),
    ("brief", BRIEF + "language: fr\n", True),
    ("brief", BRIEF + "language: French\n", False),
    ("brief", BRIEF + "outputs: docx\n", True),
    ("brief", BRIEF + "outputs: [docx, pdf, html]\n", True),
    ("brief", BRIEF + "outputs: [docx, odt]\n", False),
    ("brief", BRIEF + "period: {from: 2009, to: 2010-06}\n", True),
    ("brief", BRIEF + "period: {from: 2009, till: 2010}\n", False),
    ("brief", BRIEF + "period: 2009\n", False),
    ("brief", BRIEF + "recommendations_summary: true\n", True),
    ("brief", BRIEF + "recommendations_summary: yes\n", False),
    ("brief", BRIEF + "annex_sources: 'false'\n", False),
    ("brief", BRIEF + "submitted_by:\n  - name: NGO\n    short: N\n", True),
    ("brief", BRIEF + "submitted_by:\n  - short: N\n", False),
    ("brief", BRIEF + "submitted_by:\n  - name: NGO\n    website: x\n", False),
    ("brief", BRIEF + "sections:\n  - theme: media\n    select: {tags: journalists, limit: 3, order: date-desc}\n", True),
    ("brief", BRIEF + "sections:\n  - theme: media\n    select: {limit: -1}\n", False),
    ("brief", BRIEF + "sections:\n  - theme: media\n    select: {order: newest}\n", False),
    ("brief", BRIEF + "sections:\n  - theme: Media\n", False),
    ("brief", BRIEF + "sections:\n  - theme: media\n    layout: table\n", False),
    ("brief", BRIEF + "sections:\n  - theme: media\n    them: x\n", False),
    ("brief", BRIEF + "sections:\n  - theme: media\n    recommendations: Do this.\n", True),
    ("brief", BRIEF + "sections:\n  - theme: media\n    select: {include: [libel-2007], exclude: Bad_Id}\n", False),
    ("source", SOURCE, True),
    ("source", "id: Bad_Id\ntitle: T\n", False),
    ("source", "id: doc\n", False),
    ("source", SOURCE + "kind: memorandum\n", True),
    ("source", SOURCE + "kind: memo\n", False),
    ("source", SOURCE + "author: Human Rights Watch\n", True),
    ("source", SOURCE + "author: [Human Rights Watch, Amnesty International]\n", True),
    ("source", SOURCE + "author: {name: x}\n", False),
    ("source", SOURCE + "issued: 2008-05\n", True),
    ("source", SOURCE + "accessed: 2016-05\n", False),
    ("source", SOURCE + "accessed: 2016-05-29\n", True),
    ("source", SOURCE + "url: https://example.org/a b\n", False),
    ("source", SOURCE + "url: HTTPS://example.org/a\n", True),
    ("source", SOURCE + "url: ftp://example.org/a\n", False),
    ("source", SOURCE + "language: en-GB\n", True),
    ("source", SOURCE + "country: NO\n", True),
    ("source", FACT, True),
    ("source", FACT + "    date: 2007\n    tags: libel\n    country: kz\n", True),
    ("source", FACT + "    translations: {fr: Le texte}\n", True),
    ("source", FACT + "    translations: {French: Le texte}\n", False),
    ("source", FACT + "    translations: Le texte\n", False),
    ("source", FACT + "    tagz: [x]\n", False),
    ("source", FACT + "    date: 2007-00\n", False),
    ("source", "id: doc\ntitle: T\nfacts:\n  - id: f\n    text: T\n    themes: media\n", True),
    ("source", "id: doc\ntitle: T\nfacts:\n  - id: f\n    text: T\n    themes: []\n", False),
    ("source", "id: doc\ntitle: T\nfacts:\n  - id: f\n    text: T\n", False),
    ("source", "id: doc\ntitle: T\nfacts:\n  - id: f\n    text: T\n    themes: [Media]\n", False),
    ("source", "id: doc\ntitle: T\nfacts:\n  - just text\n", False),
    ("themes", "themes:\n  media:\n    title: Media\n", True),
    ("themes", "themes:\n  media:\n    title: {en: Media, fr: Médias}\n    instruments: ICCPR art. 19\n", True),
    ("themes", "themes:\n  media:\n    title: Media\n    labels: {upr-info: [Freedom of the press]}\n", True),
    ("themes", "themes:\n  media:\n    title: Media\n    labels: {wikidata: [x]}\n", False),
    ("themes", "themes:\n  media:\n    titel: Media\n", False),
    ("themes", "themes:\n  Media:\n    title: Media\n", False),
    ("themes", "themes:\n  media:\n    description: no title\n", False),
    ("themes", "themes:\n  media: Media\n", False),
    ("themes", "topics:\n  media:\n    title: Media\n", False),
    ("style", "{}\n", True),
    ("style", "name: s\npage: {size: letter Landscape, margins: {top: 1in, left: ' 2.5 cm ', right: 20.25mm}}\n", True),
    ("style", "page: {size: A2}\n", False),
    ("style", "page: {size: A4 sideways}\n", False),
    ("style", "page:\n  margins: {top: 1 inch}\n", False),
    ("style", "page:\n  margins: {top: -5mm}\n", False),
    ("style", "page:\n", True),
    ("style", "fonts: {body: {family: ' Liberation Sans '}}\n", True),
    ("style", "fonts: {heading: {word: Arial}}\n", False),
    ("style", "fonts: {body: {family: 'Serif\"; }'}}\n", False),
    ("style", "sizes: {body: 10.5, notes: 4, title: 96}\n", True),
    ("style", "sizes: {notes: 200}\n", False),
    ("style", "sizes: {body: big}\n", False),
    ("style", "spacing: {line: 0}\n", False),
    ("style", "spacing: {line: 3, after: 0}\n", True),
    ("style", "colours: {text: '#1f5c99', accent: 222222}\n", True),
    ("style", "colours: {text: 000000}\n", False),
    ("style", "colours: {text: red}\n", False),
    ("style", "justify: false\n", True),
    ("style", "justify: yes\n", False),
    ("style", "justfy: true\n", False),
    ("profile", "name: P\n", True),
    ("profile", "body: B\n", False),
    ("profile", "name: P\nlimits: {words: 5000, pages: 10, notes_count: false}\n", True),
    ("profile", "name: P\nlimits: {words: -1}\n", False),
    ("profile", "name: P\nrequires: {summary: true, contacts: false}\n", True),
    ("profile", "name: P\nrequires: {sumary: true}\n", False),
    ("profile", "name: P\nfonts: {family: Times New Roman, body_size: 12, justified: true}\n", True),
    ("profile", "name: P\nsources:\n  - rule: R\n    source: S\n    checked: 2024-05\n", True),
    ("profile", "name: P\nsources:\n  - rule: R\n    source: S\n", False),
]


def _loader_accepts(kind: str, text: str, workspace) -> bool:
    from compiler.brief import load_brief
    from compiler.errors import InputError
    from compiler.profiles import load_profile
    from compiler.store import load_store
    from compiler.style import read_settings

    if kind == "style":
        return read_settings(workspace.write("styles/case/style.yaml", text))[0] is not None
    if kind == "profile":
        workspace.write("profiles/case.yaml", text)
        try:
            load_profile("case", workspace.root / "profiles")
        except InputError:
            return False
        return True

    if kind == "themes":
        workspace.write("sources/themes.yaml", text)
        _, problems = load_store(workspace.root / "sources", workspace.root)
        return not [p for p in problems if p.severity == "error" and p.file.endswith("themes.yaml")]
    if kind == "source":
        path = workspace.write("sources/kz/case.yaml", text)
        _, problems = load_store(workspace.root / "sources", workspace.root)
        return not [p for p in problems if p.severity == "error" and p.file.endswith("case.yaml")]
    path = workspace.write("briefs/case.yaml", text)
    store, _ = load_store(workspace.root / "sources", workspace.root)
    _, problems = load_brief(path, store)
    return not [p for p in problems if p.severity == "error"]


@pytest.mark.parametrize("kind, text, accepted", AGREEMENT, ids=[f"{k}-{i}" for i, (k, _, _) in enumerate(AGREEMENT)])
def test_schema_and_loader_agree(workspace, kind, text, accepted):
    value, problems = yamlfile.parse(text, "case.yaml")
    assert problems == []
    schema_accepts = jsonschema.Draft7Validator(schema_for(kind)).is_valid(json.loads(json.dumps(value)))
    assert (_loader_accepts(kind, text, workspace), schema_accepts) == (accepted, accepted)


@pytest.mark.parametrize("kind, text", [
    ("brief", BRIEF + "date: 2011-02-30\n"),        # days in a month: only `brief check` knows
    ("brief", BRIEF + "sections:\n  - theme: nonexistent\n"),  # themes of the taxonomy: only `brief check` knows
])
def test_what_only_the_loader_rejects(workspace, kind, text):
    value, _ = yamlfile.parse(text, "case.yaml")
    assert jsonschema.Draft7Validator(schema_for(kind)).is_valid(json.loads(json.dumps(value)))
    assert not _loader_accepts(kind, text, workspace)
