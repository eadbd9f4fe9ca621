"""Tests of the style stage: style.yaml read and checked once into StyleSettings, its problems reported by check and build."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings, strategies as st

from compiler.errors import InputError
from compiler.render import html
from compiler.style import PAGE_SIZES_MM, Length, builtin_styles_dir, find_style, read_settings
from tests.conftest import BRIEF
from tests.sample_document import sample_document

WRONG = """\
name: wrong
page:
  size: B6
  margins: {top: 25mm, bottom: 25 furlongs, left: 25mm, right: 25mm}
colours: {text: "000000", accent: "red; background: url(http://x)"}
sizes: {body: big, notes: 200}
justfy: false
"""


def style_file(folder: Path, name: str, text: str) -> Path:
    """Write `text` as styles/<name>/style.yaml under `folder` and return the path."""
    path = folder / name / "style.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_every_problem_of_a_style_file_is_named_with_its_line(tmp_path: Path) -> None:
    style_file(tmp_path, "wrong", WRONG)
    with pytest.raises(InputError) as caught:
        find_style("wrong", tmp_path)
    assert caught.value.exit_code == 3
    got = sorted(p.format().split("style.yaml:", 1)[1] for p in caught.value.problems)
    assert got == [
        "3: page.size: expected a page size (A3, A4, A5, A6, B4, B5, Letter, Legal, Ledger), optionally followed by "
        "portrait or landscape; got 'B6'",
        "4: page.margins.bottom: expected a length such as 25mm, 2.5cm, 1in or 72pt; got '25 furlongs'",
        "5: colours.accent: expected a colour as six hex digits in quotes, e.g. \"1F5C99\"; got 'red; background: url(http://x)'",
        "6: sizes.body: expected a number from 4 to 96; got 'big'",
        "6: sizes.notes: expected a number from 4 to 96; got the number 200",
        "7: justfy: unknown key; did you mean 'justify'?",
    ]


@pytest.mark.parametrize(("text", "expected"), [
    ("fonts:\n  body: {family: 'Serif\"; } body { x: url(y)'}\n",
     "2: fonts.body.family: expected a font name of letters, digits, spaces, '-' and '_'"),
    ("fonts:\n  heading: {word: Arial}\n", "2: fonts.heading.family: required field is missing"),
    ("page: {size: A4 sideways}\n", "1: page.size: expected a page size"),
    ("page: {margins: {left: -5mm}}\n", "1: page.margins.left: expected a length"),
    ("page:\n  size: A6\n  margins: {left: 50mm, right: 40mm}\n",
     "3: page.margins: the margins leave less than 20mm of the page's width (105mm) to write on"),
    ("spacing: {line: 0}\n", "1: spacing.line: expected a number from 0.8 to 3; got the number 0"),
    ("colours: {text: 000000}\n", "1: colours.text: expected a colour as six hex digits in quotes"),
    ("justify: yes\n", "1: justify: expected true or false; got 'yes'"),
    ("page: [A4]\n", "1: page: expected a mapping of keys; got a list"),
    ("page: {size: A4}\npage: {size: A5}\n", "2: page: key appears twice"),
])
def test_a_wrong_value_is_refused_at_its_line(tmp_path: Path, text: str, expected: str) -> None:
    settings, problems = read_settings(style_file(tmp_path, "s", text))
    assert settings is None
    assert [p.format().split("style.yaml:", 1)[1] for p in problems][0].startswith(expected)


def test_values_are_read_into_typed_settings(tmp_path: Path) -> None:
    settings, problems = read_settings(style_file(tmp_path, "s", (
        "page: {size: letter Landscape, margins: {top: 1in, left: ' 2.5 cm '}}\n"
        "fonts: {body: {family: Liberation Sans}}\n"
        "colours: {accent: '#1f5c99', text: 222222}\n"
        "spacing: {after: 6.0}\n")))
    assert problems == []
    page = settings.page
    assert (page.size, page.orientation, page.width_mm, page.height_mm) == ("Letter", "landscape", 279.4, 215.9)
    assert page.margins.top == Length(1, "in") and page.margins.top.mm == pytest.approx(25.4)
    assert page.margins.left == Length(2.5, "cm") and page.margins.right == Length(25, "mm")
    assert (settings.fonts.body.family, settings.fonts.body.word) == ("Liberation Sans", "Liberation Sans")
    assert (settings.colours.accent, settings.colours.text) == ("1F5C99", "222222")
    assert settings.spacing.after == 6 and isinstance(settings.spacing.after, int)
    with pytest.raises(AttributeError):
        settings.justify = False  # type: ignore[misc]


def test_an_empty_style_takes_the_un_submission_settings(tmp_path: Path) -> None:
    settings, problems = read_settings(style_file(tmp_path, "empty", ""))
    assert problems == []
    assert settings == find_style("un-submission", None).settings
    assert settings.justify is True


@pytest.mark.parametrize("size", sorted(PAGE_SIZES_MM))
def test_every_page_size_reaches_the_css_as_its_keyword(tmp_path: Path, size: str) -> None:
    style_file(tmp_path, "s", f"page: {{size: {size.lower()} landscape}}\n")
    page = html.print_html(sample_document(), find_style("s", tmp_path))
    assert f"size: {size} landscape;" in page


def test_the_shipped_styles_set_every_value(tmp_path: Path) -> None:
    """The sample papers do not depend on the defaults: each shipped style.yaml sets every setting."""
    for folder in builtin_styles_dir().iterdir():
        if not (folder / "style.yaml").is_file():
            continue
        text = (folder / "style.yaml").read_text(encoding="utf-8")
        for key in ("size", "top", "bottom", "left", "right", "body", "heading", "word", "notes", "title",
                    "subtitle", "heading1", "heading2", "line", "after", "text", "accent", "justify"):
            assert re.search(rf"\b{key}:", text), (folder.name, key)


# --- brief check and brief build ------------------------------------------------------


def test_check_reports_a_bad_style_with_file_and_line_once(workspace, run) -> None:
    workspace.write("styles/mine/style.yaml", "page:\n  size: A4\n  margins: {top: 1 inch}\ncolours: {accent: blue}\n")
    workspace.write("briefs/paper.yaml", BRIEF + "style: mine\n")
    workspace.write("briefs/other.yaml", BRIEF + "style: mine\n")
    code, out, _ = run("check")
    assert code == 3
    problems = [line for line in out.splitlines() if "style.yaml" in line]
    assert problems == [
        "styles/mine/style.yaml:3: page.margins.top: expected a length such as 25mm, 2.5cm, 1in or 72pt; got '1 inch'",
        "styles/mine/style.yaml:4: colours.accent: expected a colour as six hex digits in quotes, e.g. \"1F5C99\"; got 'blue'",
    ]
    assert "briefs/paper.yaml: errors" in out and "briefs/other.yaml: errors" in out


def test_check_json_gives_each_brief_its_style_problems(workspace, run) -> None:
    import json

    workspace.write("styles/mine/style.yaml", "pagee: {}\n")
    workspace.write("briefs/paper.yaml", BRIEF + "style: mine\n")
    code, out, _ = run("check", "--format", "json")
    assert code == 3
    [entry] = json.loads(out)
    assert [(p["file"], p["line"], p["field"]) for p in entry["problems"]] == [("styles/mine/style.yaml", 1, "pagee")]


def test_build_stops_at_a_bad_style_before_rendering(workspace, run) -> None:
    workspace.write("styles/mine/style.yaml", "page: {size: A2}\n")
    workspace.write("briefs/paper.yaml", BRIEF + "style: mine\n")
    code, out, err = run("build", "--to", "html")
    assert code == 3
    assert err.splitlines() == ["styles/mine/style.yaml:1: page.size: expected a page size (A3, A4, A5, A6, B4, B5, "
                                "Letter, Legal, Ledger), optionally followed by portrait or landscape; got 'A2'"]
    assert not (workspace.root / "output").exists()


def test_a_copied_style_with_other_settings_builds(workspace, run) -> None:
    shutil.copytree(builtin_styles_dir() / "un-submission", workspace.root / "styles" / "mine")
    path = workspace.root / "styles" / "mine" / "style.yaml"
    path.write_text(path.read_text().replace("size: A4", "size: B5 landscape").replace("justify: true", ""))
    workspace.write("briefs/paper.yaml", BRIEF + "style: mine\n")
    code, _, err = run("build", "--to", "html", "-q")
    assert (code, err) == (0, "")
    page = (workspace.root / "output" / "paper.html").read_text()
    assert "size: B5 landscape;" in page and "text-align: justify" in page


# --- any style.yaml -------------------------------------------------------------------

ODD = st.one_of(st.none(), st.booleans(), st.integers(-10**6, 10**7), st.floats(allow_nan=True), st.text(max_size=12),
                st.sampled_from(["A4", "a5 landscape", "Ledger portrait", "B5 sideways", "25mm", "1 in", "99999mm",
                                 "0mm", "#1f5c99", "1F5C99", "red", "Liberation Sans", 'a"; }', "\u202e", ""]))
LENGTHS = st.one_of(ODD, st.sampled_from(["10mm", "2.5cm", "1in", "72pt", "6pc", "96px", "300mm"]))


def loose(keys: dict) -> st.SearchStrategy:
    """Return mappings holding some of `keys`, sometimes one odd key, sometimes something else entirely."""
    extra = st.dictionaries(st.sampled_from(["justfy", "colour", "x"]), ODD, max_size=1)
    mapping = st.tuples(st.fixed_dictionaries({}, optional=keys), extra).map(lambda kv: {**kv[1], **kv[0]})
    return st.one_of(mapping, mapping, ODD)


FONT = loose({"family": ODD, "word": ODD})
STYLE = loose({
    "name": ODD, "description": ODD,
    "page": loose({"size": ODD, "margins": loose({side: LENGTHS for side in ("top", "bottom", "left", "right")})}),
    "fonts": loose({"body": FONT, "heading": FONT}),
    "sizes": loose({key: ODD for key in ("body", "notes", "title", "subtitle", "heading1", "heading2")}),
    "spacing": loose({"line": st.one_of(ODD, st.floats(0.5, 4)), "after": ODD}),
    "colours": loose({"text": ODD, "accent": ODD}),
    "justify": ODD,
})
CSS_SAFE = re.compile(r"^[A-Za-z0-9 #._-]*$")


@settings(max_examples=200, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(STYLE)
def test_any_style_file_gives_settings_both_renderers_take_or_one_line_problems(tmp_path: Path, value) -> None:
    from compiler.render.docx.look import look_of

    path = style_file(tmp_path, "any", yaml.safe_dump(value, allow_unicode=True))
    settings_, problems = read_settings(path)
    assert (settings_ is None) == bool(problems)
    for problem in problems:
        assert problem.line is not None and "\n" not in problem.format()
    if settings_ is None:
        return
    style = find_style("any", tmp_path)
    css = html.style_settings(style)
    for text in (css["page"]["size"], *css["page"]["margins"].values(), *css["fonts"].values(), *css["colours"].values()):
        assert CSS_SAFE.match(text), text
    look = look_of(settings_)
    assert 0 < look.text_width < look.page_width and look.margin_top + look.margin_bottom < look.page_height
