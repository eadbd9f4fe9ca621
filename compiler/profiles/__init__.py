"""Turn the submission profile files (YAML, one per UN or OSCE body) into Profiles.

The product ships one file per body in this folder; a workspace may add or
override profiles in its own `profiles/` folder.
"""

from __future__ import annotations

from pathlib import Path

PROFILES_DIR = Path(__file__).resolve().parent


def profile_names(workspace_profiles: Path | None = None) -> list[str]:
    """Return the names of every profile available: the product's and the workspace's."""
    names = {p.stem for p in PROFILES_DIR.glob("*.yaml")}
    if workspace_profiles is not None and workspace_profiles.is_dir():
        names |= {p.stem for p in workspace_profiles.glob("*.yaml")}
    return sorted(names)
