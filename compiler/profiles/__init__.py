"""Turn submission profile files (YAML, one per UN or OSCE body) into Profiles.

The product ships one file per body in this folder; a workspace may add profiles,
or override the product's, in its own `profiles/` folder (same file name). Every
number lives in these files, never in code: bodies change their rules each cycle.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping

from compiler import yamlfile
from compiler.errors import InputError
from compiler.schema import Checker, Field, check_mapping
from compiler.workspace import display

PROFILES_DIR = Path(__file__).resolve().parent

LIMIT_FIELDS = (
    Field("words", "integer", "Most words the body allows; empty for none."),
    Field("pages", "integer", "Most pages the body allows; empty for none."),
    Field("notes_count", "boolean", "Whether the words of the notes count towards the limit."),
)
REQUIRE_FIELDS = (
    Field("summary", "boolean", "An executive summary is required."),
    Field("recommendations_each_section", "boolean", "Every section must end with recommendations."),
    Field("organisation_description", "boolean", "Every submitting organisation must be described (`about`)."),
    Field("contacts", "boolean", "Contact details must be given."),
)
FONT_FIELDS = (
    Field("family", "string", "The font family the body requires (as Word names it)."),
    Field("body_size", "integer", "The body text size in points."),
    Field("notes_size", "integer", "The footnote size in points."),
    Field("justified", "boolean", "Whether text must be justified."),
)
RULE_SOURCE_FIELDS = (
    Field("rule", "string", "The rule, as the body states it.", required=True),
    Field("source", "string", "Where it was found.", required=True),
    Field("checked", "date", "When it was last checked.", required=True),
)
PROFILE_FIELDS = (
    Field("name", "string", "The profile's name.", required=True),
    Field("body", "string", "The UN or OSCE body that receives the submission."),
    Field("limits", "object", "Length limits.", fields=LIMIT_FIELDS),
    Field("requires", "object", "Parts the body requires.", fields=REQUIRE_FIELDS),
    Field("languages", "strings", "Languages the body accepts (empty: any)."),
    Field("formats", "strings", "Formats the body accepts."),
    Field("fonts", "object", "Font rules where the body sets them.", fields=FONT_FIELDS),
    Field("organisations_first", "boolean",
          "Describe the submitting organisations at the top, after the summary, instead of last (UPR guidelines)."),
    Field("sources", "objects", "Where each rule comes from and when it was checked.", fields=RULE_SOURCE_FIELDS),
)


@dataclass(frozen=True)
class Profile:
    """The rules of one body for the submissions it receives."""

    id: str
    name: str
    body: str = ""
    words: int | None = None
    pages: int | None = None
    notes_count: bool = True
    requires: Mapping[str, bool] = field(default_factory=dict)
    languages: tuple[str, ...] = ()
    formats: tuple[str, ...] = ()
    fonts: Mapping[str, object] = field(default_factory=dict)
    sources: tuple[Mapping[str, object], ...] = ()
    path: str = ""
    organisations_first: bool = False


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
    limits = values.get("limits", {})
    return Profile(
        id=name,
        name=values["name"],
        body=values.get("body", ""),
        words=limits.get("words"),
        pages=limits.get("pages"),
        notes_count=limits.get("notes_count", True),
        requires={k: v for k, v in values.get("requires", {}).items()},
        languages=values.get("languages", ()),
        formats=values.get("formats", ()),
        fonts=values.get("fonts", {}),
        sources=tuple({k: v for k, v in s.items() if not k.startswith("_")} for s in values.get("sources", ())),
        path=shown,
        organisations_first=values.get("organisations_first", False),
    )
