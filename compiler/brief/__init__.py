"""Turn a brief specification file into a checked Brief."""

from compiler.brief.model import Brief, Organisation, Section, Select
from compiler.brief.load import load_brief

__all__ = ["Brief", "Organisation", "Section", "Select", "load_brief"]
