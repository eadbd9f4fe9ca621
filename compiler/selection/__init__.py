"""Turn a Brief and a Store into a Selection: the facts each section states, in order."""

from compiler.selection.select import Selection, SectionSelection, select_facts, query_facts

__all__ = ["Selection", "SectionSelection", "select_facts", "query_facts"]
