"""Turn a brief specification file into a checked Brief."""

from compiler.brief.model import Brief, Organisation, Section, Select

__all__ = ["Brief", "Organisation", "Section", "Select", "load_brief"]


def __getattr__(name: str):
    """Return `load_brief` on first use: it brings the Markdown parser, which `brief facts` never needs."""
    if name == "load_brief":
        from compiler.brief.load import load_brief

        return load_brief
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
