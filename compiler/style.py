"""Turn a style name into a Style: its folder, settings, templates and optional reference.docx.

A style is a folder: the workspace's `styles/<name>/` first, then the styles
installed with the product. `style.yaml` holds the settings both renderers share
(page, fonts, sizes, colours), so the DOCX matches the PDF.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

from compiler import yamlfile
from compiler.errors import InputError, Problem
from compiler.workspace import PACKAGE_DIR, display

ASSETS_DIR = PACKAGE_DIR / "assets"


def builtin_styles_dir() -> Path:
    """Return the folder of the styles installed with the product."""
    installed = PACKAGE_DIR / "styles"
    return installed if installed.is_dir() else PACKAGE_DIR.parent / "styles"


@dataclass(frozen=True)
class Style:
    """One style folder and its settings."""

    name: str
    folder: Path
    settings: Mapping[str, Any] = field(default_factory=dict)

    @property
    def reference_docx(self) -> Path | None:
        """Return the style's reference.docx, if it has one."""
        path = self.folder / "reference.docx"
        return path if path.is_file() else None

    def get(self, dotted: str, default: Any = None) -> Any:
        """Return setting `dotted` ("fonts.body"), or `default`."""
        node: Any = self.settings
        for key in dotted.split("."):
            if not isinstance(node, Mapping) or key not in node:
                return default
            node = node[key]
        return node


def style_names(workspace_styles: Path | None) -> list[str]:
    """Return the names of every style available, the workspace's first."""
    names: list[str] = []
    for folder in (workspace_styles, builtin_styles_dir()):
        if folder is not None and folder.is_dir():
            names += [p.name for p in sorted(folder.iterdir()) if (p / "style.yaml").is_file() and p.name not in names]
    return names


def find_style(name: str, workspace_styles: Path | None) -> Style:
    """Return the style called `name`, or raise InputError listing those available."""
    for folder in (workspace_styles, builtin_styles_dir()):
        if folder is None:
            continue
        candidate = folder / name
        if (candidate / "style.yaml").is_file():
            shown = display(candidate / "style.yaml")
            settings, problems, _ = yamlfile.read(candidate / "style.yaml", shown)
            if problems:
                raise InputError(problems)
            if not isinstance(settings, dict):
                raise InputError(Problem(shown, 1, "", "expected a mapping of style settings"))
            return Style(name, candidate.resolve(), settings)
    raise InputError(Problem("", None, "style", f"no style '{name}'; available: {', '.join(style_names(workspace_styles))}"))
