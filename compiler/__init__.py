"""Compile briefing papers for UN and OSCE reviews from a store of sourced facts.

The pipeline runs one way: the store and a brief are loaded (`compiler.store`,
`compiler.brief`), facts are selected (`compiler.selection`), a format-neutral
Document is assembled and its citations numbered (`compiler.document`), and
renderers turn it into DOCX, HTML and PDF (`compiler.render`).
"""

__version__ = "0.1.0"
__all__ = ["__version__"]
