"""Check that the user documentation keeps up with the code: every field and command is documented."""

from __future__ import annotations

import re

import pytest

from compiler.brief.load import BRIEF_FIELDS, ORGANISATION_FIELDS, PERIOD_FIELDS, SECTION_FIELDS, SELECT_FIELDS
from compiler.store.load import FACT_FIELDS, SOURCE_FIELDS, THEME_FIELDS
from compiler.cli import build_parser
from tests.conftest import REPO


@pytest.mark.parametrize("fields", [BRIEF_FIELDS, ORGANISATION_FIELDS, PERIOD_FIELDS, SECTION_FIELDS, SELECT_FIELDS,
                                    FACT_FIELDS, SOURCE_FIELDS, THEME_FIELDS])
def test_every_field_is_in_the_format_reference(fields):
    text = (REPO / "docs" / "format.md").read_text(encoding="utf-8")
    for field in fields:
        assert f"`{field.name}`" in text, field.name


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
