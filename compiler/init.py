"""Turn an empty (or new) folder into a workspace that builds: themes, an example source and brief.

The template is `compiler/data/init/` (a README for users, an example source document
and an example brief); the themes are a copy of the taxonomy installed with the product
and the JSON Schemas are generated from the code, so a new workspace has editor support
at once. No styles are copied: briefs use the styles installed with the product.
"""

from __future__ import annotations

from pathlib import Path

from compiler.errors import UsageError
from compiler.jsonschema import NAMES, schema_file_name, schema_text
from compiler.workspace import DATA_DIR

TEMPLATE = DATA_DIR / "init"
THEMES_MODELINE = "# yaml-language-server: $schema=../schemas/themes.schema.json\n"
GITIGNORE = "# What `brief build` writes\noutput/\n"


def workspace_files() -> dict[str, bytes]:
    """Return every file of a new workspace, by path relative to its folder."""
    files: dict[str, bytes] = {}
    for path in sorted(TEMPLATE.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            files[path.relative_to(TEMPLATE).as_posix()] = path.read_bytes()
    themes = (DATA_DIR / "themes.yaml").read_text(encoding="utf-8")
    if not themes.startswith("# yaml-language-server:"):
        themes = THEMES_MODELINE + themes
    files["sources/themes.yaml"] = themes.encode("utf-8")
    for name in NAMES:
        files[f"schemas/{schema_file_name(name)}"] = schema_text(name).encode("utf-8")
    files[".gitignore"] = GITIGNORE.encode("utf-8")
    return files


def init_workspace(folder: Path) -> list[Path]:
    """Create a new workspace in `folder` and return the files written.

    Raise UsageError when `folder` is a file or a folder that is not empty.
    """
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"{folder} is a file, not a folder")
    if folder.is_dir() and any(folder.iterdir()):
        raise UsageError(f"{folder} is not empty; `brief init` makes a workspace only in an empty or new folder")
    written = []
    try:
        for relative, data in workspace_files().items():
            target = folder / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
            written.append(target)
    except OSError as exc:
        raise UsageError(f"cannot write in {folder}: {exc.strerror or exc}") from None
    return written
