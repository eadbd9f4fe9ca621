"""Check that the user documentation keeps up with the code: every field and command is documented."""

from __future__ import annotations

import re

import pytest

from compiler.brief.load import BRIEF_FIELDS
from compiler.cli import build_parser
from compiler.jsonschema import field_table, tables_of
from compiler.profiles import PROFILE_FIELDS
from compiler.store.load import ASSESSMENT_FILE_FIELDS, SOURCE_FIELDS, THEMES_FILE_FIELDS
from tests.conftest import REPO

# Each file format's declaration, and the page of docs/ that shows its field tables.
FORMAT_PAGES = [(BRIEF_FIELDS, "format.md"), (SOURCE_FIELDS, "format.md"), (THEMES_FILE_FIELDS[0].fields, "format.md"),
                (ASSESSMENT_FILE_FIELDS, "format.md"), (PROFILE_FIELDS, "profiles.md")]


@pytest.mark.parametrize("fields, page", FORMAT_PAGES, ids=["brief", "source", "themes", "assessments", "profile"])
def test_every_field_table_of_a_format_is_in_its_docs_page(fields, page):
    text = (REPO / "docs" / page).read_text(encoding="utf-8")
    for table in tables_of(fields):
        assert field_table(table) in text, f"docs/{page}: the table of {table[0].name}, ... differs from the code:\n{field_table(table)}"


def test_every_style_setting_is_in_the_styles_table_with_its_default():
    from compiler.style import STYLE_FIELDS

    rows = {line.split("|")[1].strip(): line for line in (REPO / "docs" / "styles.md").read_text(encoding="utf-8").splitlines()
            if line.startswith("| `")}

    def check(fields, prefix=""):
        for field in fields:
            key = f"{prefix}{field.name}"
            if field.type == "object" and field.default is None:  # a group of settings: its keys have rows
                check(field.fields, f"{key}.")
                continue
            assert f"`{key}`" in rows, key
            default = field.default
            if isinstance(default, dict):
                default = "{" + ", ".join(f"{k}: {v}" for k, v in default.items()) + "}"
            if default is not None:
                shown = rows[f"`{key}`"].split("|")[3]
                assert f"`{str(default).lower()}`" in shown.lower() or f'`"{default}"`' in shown, key
            check(field.fields, f"{key}.")

    check(STYLE_FIELDS)


def test_every_command_and_exit_code_is_in_the_readme():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert readme.splitlines()[3:5] == ["make demo   # creates .venv, installs brief, builds every brief in briefs/ into output/",
                                        "make test   # the whole test suite (installs the readers it uses when run as root)"]
    commands = build_parser()._subparsers._group_actions[0].choices
    for name, parser in commands.items():
        assert f"`brief {name}" in readme, name
        for action in parser._actions:
            for option in action.option_strings:
                if option not in ("-h", "--help"):
                    assert option in readme, f"{name} {option}"
    for code in range(6):
        assert re.search(rf"^\| {code} \|", readme, re.M), code
