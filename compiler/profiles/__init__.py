"""Turn submission profile files (YAML, one per UN or OSCE body) into Profiles.

The product ships one file per body in this folder; a workspace may add profiles,
or override the product's, in its own `profiles/` folder (same file name). Every
number lives in these files, never in code: bodies change their rules each cycle.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from compiler import yamlfile
from compiler.brief.model import CONSULTATIVE_STATUSES
from compiler.dates import PartialDate
from compiler.declare import Group, build, computed, declaration, declared, fields_of
from compiler.errors import InputError
from compiler.schema import Checker, check_mapping
from compiler.workspace import display

PROFILES_DIR = Path(__file__).resolve().parent

@declaration
@dataclass(frozen=True, kw_only=True)
class Requires:
    """The parts a body requires in every submission."""

    summary: bool = declared("boolean", "An executive summary is required.", default=False)
    recommendations_each_section: bool = declared("boolean", "Every section must end with recommendations.", default=False)
    organisation_description: bool = declared(
        "boolean", "Every submitting organisation must be described (`about`).", default=False)
    contacts: bool = declared(
        "boolean", "Contact details with an e-mail address must be given (a telephone number alone is not enough).",
        default=False)
    form: bool = declared(
        "boolean", "The body's form is filled: the title, the session (`session`), the agenda item (`agenda_item`) "
        "and each organisation's name and consultative status (`submitted_by[].status`).", default=False)
    follow_up: bool = declared(
        "boolean", "The submission follows up the recommendations of the previous review (UPR, second cycle on).",
        default=False)


@declaration
@dataclass(frozen=True, kw_only=True)
class Fonts:
    """The font rules a body sets; None where it sets none."""

    family: str | None = declared("string", "The font family the body requires (as Word names it).", default=None)
    body_size: int | None = declared("integer", "The body text size in points.", default=None)
    notes_size: int | None = declared("integer", "The footnote size in points.", default=None)
    justified: bool = declared("boolean", "Whether text must be justified.", default=False)


@declaration
@dataclass(frozen=True, kw_only=True)
class RuleSource:
    """Where one rule of a profile comes from, and when it was last checked."""

    rule: str = declared("string", "The rule, as the body states it.", required=True)
    source: str = declared("string", "Where it was found: the document, its author and date.", required=True)
    address: str = declared("string", "The web address it was read at; empty where none is recorded.", default="")
    checked: PartialDate = declared("date", "When it was last checked.", required=True)


@declaration
@dataclass(frozen=True, kw_only=True)
class Profile:
    """The rules of one body for the submissions it receives."""

    name: str = declared("string", "The profile's name.", required=True)
    body: str = declared("string", "The UN or OSCE body that receives the submission.", default="")
    limits: ClassVar[Group] = Group("Length limits.")
    words: int | None = declared("integer", "Most words the body allows; empty for none.", within="limits", default=None)
    pages: int | None = declared("integer", "Most pages the body allows; empty for none.", within="limits", default=None)
    notes_count: bool = declared(
        "boolean", "Whether the words of the notes count towards the limit.", within="limits", default=True)
    period_years: float | None = declared(
        "number", "Most years the paper's period (the brief's `period: {from, to}`) may span; empty for none.",
        within="limits", bounds=(0, 100), default=None)
    requires: Requires = declared("object", "Parts the body requires.", model=Requires, default=Requires())
    languages: tuple[str, ...] = declared(
        "strings", "Languages the body accepts without remark, its preferred ones (empty: any).", default=())
    accepted_languages: tuple[str, ...] = declared(
        "strings", "Languages the body also accepts, though it prefers `languages`: a paper in one meets the rule "
        "with a note.", default=())
    formats: tuple[str, ...] = declared("strings", "Formats the body accepts.", default=())
    fonts: Fonts = declared("object", "Font rules where the body sets them.", model=Fonts, default=Fonts())
    statuses: tuple[str, ...] = declared(
        "enums", "The consultative statuses (ECOSOC) of the organisations the profile is for (empty: any).",
        choices=CONSULTATIVE_STATUSES, default=())
    cover: bool = declared("boolean", "The paper opens with a cover page (title, country, date, organisations); false: with its title alone.",
                           default=True)
    contents: bool = declared("boolean", "The paper has a contents page.", default=True)
    organisations_first: bool = declared(
        "boolean",
        "Describe the submitting organisations at the top, after the summary, instead of last (UPR guidelines).",
        default=False)
    sources: tuple[RuleSource, ...] = declared(
        "objects", "Where each rule comes from and when it was checked.", model=RuleSource, default=())
    id: str = computed()  # the file's name
    path: str = computed("")


PROFILE_FIELDS = fields_of(Profile)


def _folders(workspace_profiles: Path | None) -> list[Path]:
    folders = [PROFILES_DIR]
    if workspace_profiles is not None and workspace_profiles.is_dir():
        folders.append(workspace_profiles)
    return folders


def profile_names(workspace_profiles: Path | None = None) -> list[str]:
    """Return the names of every profile available: the product's and the workspace's."""
    return sorted({p.stem for folder in _folders(workspace_profiles) for p in folder.glob("*.yaml")})


def load_profile(name: str, workspace_profiles: Path | None = None) -> Profile:
    """Return profile `name`, the workspace's file winning over the product's; raise InputError if invalid."""
    path = None
    for folder in _folders(workspace_profiles):
        if (folder / f"{name}.yaml").is_file():
            path = folder / f"{name}.yaml"
    if path is None:
        raise InputError(f"no profile '{name}'; available: {', '.join(profile_names(workspace_profiles))}")
    shown = display(path)
    raw, problems, _ = yamlfile.read(path, shown)
    checker = Checker(shown, problems)
    values = check_mapping(raw, PROFILE_FIELDS, "", 1, checker) if raw is not None else None
    if checker.problems or values is None:
        raise InputError(checker.problems)
    return build(Profile, values, id=name, path=shown)
