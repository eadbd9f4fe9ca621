"""Turn the earlier recommendations a paper reviews, with their assessments, into Document blocks.

Each reviewed recommendation becomes a numbered paragraph that quotes it, says who
made it and how the State responded, gives its status as of the brief's date and the
organisation's comment, and cites the recommendation and the evidence; or, with
`layout: table`, one row of the section's table. The annex matrix lists every
recommendation the paper reviews, once, in the order the paper reviews them. The
wording (statuses, responses, headings, quotation marks) is the paper's language's
(`compiler/data/labels.yaml`).
"""

from __future__ import annotations

from compiler.dates import PartialDate
from compiler.document.forms import names_text
from compiler.document.labels import format_date
from compiler.document.markdown import parse_inline
from compiler.document.model import Citation, Inline, Note, Paragraph, Strong, Table, TableRow, Text, walk
from compiler.store.model import Assessment, Recommendation, Store

MATRIX_WIDTHS = (10, 6, 4, 5, 9)
"""The relative widths of the columns: recommendation, by, response, status, comment."""


class Reviewer:
    """Write reviewed recommendations in one paper's language, with the assessments as of its date."""

    def __init__(self, store: Store, words: dict, language: str, date: PartialDate | None):
        self.store = store
        self.words = words
        self.language = language
        self.date = date

    def assessment(self, recommendation: Recommendation) -> Assessment | None:
        """Return the latest assessment of `recommendation` as of the paper's date."""
        return self.store.assessment(recommendation.id, self.date)

    def name(self, recommendation: Recommendation) -> str:
        """Return how the paper names a recommendation: "Recommendation 124.12" (UPR), "CCPR/C/KAZ/CO/2, para. 10"."""
        document = self.store.sources[recommendation.source]
        if document.body == "UPR" or not document.symbol:
            return f"{self.words['recommendation']} {recommendation.paragraph}"
        return f"{document.symbol}, {self.words['para']} {recommendation.paragraph}"

    def by_and_response(self, recommendation: Recommendation) -> str:
        """Return "Estonia and Latvia; supported", or what of it is known ("" when nothing)."""
        parts = [names_text(recommendation.by, self.words["and"])] if recommendation.by else []
        if recommendation.response:
            parts.append(self.response(recommendation))
        return "; ".join(parts)

    def response(self, recommendation: Recommendation) -> str:
        """Return the State's response in the paper's language ("" when unknown)."""
        return self.words["responses"].get(recommendation.response, recommendation.response) if recommendation.response else ""

    def status(self, assessment: Assessment | None) -> str:
        """Return the status in the paper's language: "not implemented", "no information" when unassessed."""
        return self.words["statuses"][assessment.status if assessment else "no-information"]

    def quoted(self, recommendation: Recommendation) -> str:
        """Return the recommendation's words between the language's quotation marks, ending with a full stop."""
        opening, closing = self.words["quotes"]
        text = " ".join(recommendation.text.split())
        end = "" if text.endswith((".", "!", "?")) else "."
        return f"{opening}{text}{closing}{end}"

    def comment(self, assessment: Assessment | None) -> tuple[Inline, ...]:
        """Return the comment (Markdown, may cite) followed by a note citing the evidence it does not cite itself.

        When the comment ends with a note (before its closing punctuation), the evidence
        joins that note: two calls side by side would read as one number ("56").
        """
        if assessment is None:
            return ()
        out: tuple[Inline, ...] = parse_inline(assessment.comment) if assessment.comment else ()
        cited = {c.id for node in walk(out) if isinstance(node, Note) for c in node.citations}
        evidence = tuple(Citation(ident) for ident in assessment.evidence if ident not in cited)
        if not evidence:
            return out
        last = len(out) - 1
        while last >= 0 and isinstance(out[last], Text) and not out[last].text.strip(" .;:!?"):
            last -= 1
        if last >= 0 and isinstance(out[last], Note):
            return out[:last] + (Note(out[last].citations + evidence),) + out[last + 1:]
        return out + (Note(evidence),)

    def paragraph(self, recommendation: Recommendation, number: int) -> Paragraph:
        """Return the numbered paragraph reviewing `recommendation`."""
        assessment = self.assessment(recommendation)
        details = self.by_and_response(recommendation)
        lead = self.name(recommendation)
        content: list[Inline] = [Strong((Text(lead),))]
        content.append(Text(f" ({details}): " if details else ": "))
        content.append(Text(self.quoted(recommendation)))
        content.append(Note((Citation(recommendation.id),)))
        status_label = self.words["status"]
        if assessment is not None:
            status_label += f" ({format_date(assessment.as_of, self.language)})"
        content.append(Text(" "))
        content.append(Strong((Text(f"{status_label}:"),)))
        content.append(Text(f" {self.status(assessment)}."))
        comment = self.comment(assessment)
        if comment:
            content.append(Text(" "))
            content.extend(comment)
        return Paragraph(tuple(content), number, role="review", recommendations=(recommendation.id,))

    def table(self, recommendations: tuple[Recommendation, ...], cite: bool) -> Table:
        """Return the table of `recommendations`: recommendation, by, response, status, comment with evidence.

        With `cite`, each recommendation's cell ends with a note citing it (the table of
        a section); without, it names the document's symbol instead (the annex matrix).
        """
        header = tuple((Text(self.words[key]),) for key in ("recommendation", "recommended_by", "response", "status", "comment"))
        rows = []
        for recommendation in recommendations:
            assessment = self.assessment(recommendation)
            document = self.store.sources[recommendation.source]
            lead = recommendation.paragraph if cite or not document.symbol else f"{document.symbol}, {recommendation.paragraph}"
            first: tuple[Inline, ...] = (Strong((Text(lead),)), Text(" " + self.quoted(recommendation)))
            if cite:
                first += (Note((Citation(recommendation.id),)),)
            status = self.status(assessment)
            if assessment is not None:
                status += f" ({format_date(assessment.as_of, self.language)})"
            cells = (
                first,
                (Text(names_text(recommendation.by, self.words["and"])),) if recommendation.by else (),
                (Text(self.response(recommendation)),) if recommendation.response else (),
                (Text(status),),
                self.comment(assessment),
            )
            rows.append(TableRow(cells, (recommendation.id,)))
        return Table(header, tuple(rows), MATRIX_WIDTHS)
