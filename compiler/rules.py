"""Turn a brief, its Document and its profile into the profile's rules, each met or not.

A rule not met is a warning (an error with `--strict`, exit 4), named with the
brief file and the line of its `profile:` key, and saying the limit and the count.
A rule met with a note (a language the body accepts but does not prefer) is no
warning: the note is printed on the report's line.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from compiler.brief.model import Brief
from compiler.document.model import Document
from compiler.errors import Problem
from compiler.profiles import Profile
from compiler.style import Style
from compiler.wordcount import WordCount, count_words


@dataclass(frozen=True)
class RuleResult:
    """One rule of a profile and whether the brief meets it."""

    rule: str
    met: bool
    message: str
    note: bool = False  # met, but worth telling: the message is printed on the report's line

    def as_dict(self) -> dict:
        """Return the JSON form used by `brief check --format json`; `"note": true` on a rule met with a note."""
        return {"rule": self.rule, "met": self.met, "message": self.message} | ({"note": True} if self.note else {})


_EMAIL = re.compile(r"[^\s@<>()\[\]:;,]+@[^\s@<>()\[\]:;,]+\.[^\W_]{2,}")


def counted_words(words: WordCount, profile: Profile) -> int:
    """Return the words the profile counts: body and, where the body counts them, notes."""
    return words.total if profile.notes_count else words.body


@dataclass(frozen=True)
class FollowUpCount:
    """What the store holds for a brief's follow-up rule: earlier UPR recommendations to its country, and how many it reviews."""

    earlier: int
    reviewed: int


#: what a page count was taken from, as the rule's message says it
PAGES_OF = {"pdf": "the PDF as laid out", "docx": "the DOCX as LibreOffice lays it out"}


def evaluate(brief: Brief, document: Document, profile: Profile, style: Style | None, pages: int | None,
             follow_up: FollowUpCount | None = None, pages_of: str = "pdf") -> list[RuleResult]:
    """Return every rule of `profile` with whether `brief` meets it (`follow_up` counts for the follow-up rule)."""
    results: list[RuleResult] = []
    words = count_words(document)
    if profile.words is not None:
        count = counted_words(words, profile)
        what = "words (body and notes)" if profile.notes_count else "words (body; notes not counted)"
        met = count <= profile.words
        verb = "within" if met else "over"
        results.append(RuleResult("words", met, f"{count:,} {what}, {verb} the limit of {profile.words:,}"))
    if profile.pages is not None:
        if pages is None:
            results.append(RuleResult("pages", True, f"pages not counted (no PDF); the limit is {profile.pages}"))
        else:
            met = pages <= profile.pages
            of = PAGES_OF[pages_of]
            if pages_of == "pdf" and "docx" in profile.formats:
                of += "; LibreOffice, which counts the DOCX's, is not installed"
            results.append(RuleResult("pages", met, f"{pages} pages ({of}), {'within' if met else 'over'} the limit of {profile.pages}"))
    req = profile.requires
    if req.summary:
        results.append(RuleResult("summary", bool(brief.summary), "an executive summary is given" if brief.summary else "an executive summary is required (summary:)"))
    if req.recommendations_each_section:
        missing = [s.title for s in brief.sections if not s.recommendations]
        results.append(RuleResult("recommendations", not missing,
                                  "every section has recommendations" if not missing else f"sections without recommendations: {', '.join(missing)}"))
    if req.organisation_description:
        missing = [o.short or o.name for o in brief.submitted_by if not o.about]
        ok = bool(brief.submitted_by) and not missing
        results.append(RuleResult("organisation_description", ok,
                                  "every organisation is described" if ok else
                                  ("no submitting organisation is named (submitted_by:)" if not brief.submitted_by
                                   else f"organisations without a description (about:): {', '.join(missing)}")))
    if req.contacts:
        ok = any(_EMAIL.search(o.contact) for o in brief.submitted_by)
        given = any(o.contact for o in brief.submitted_by)
        results.append(RuleResult("contacts", ok, "contact details with an e-mail address are given" if ok else
                                  "contact details with an e-mail address are required (submitted_by[].contact)"
                                  + ("; those given have none" if given else "")))
    if req.form:
        results.append(_form_rule(brief))
    if req.follow_up and follow_up is not None:
        if not follow_up.earlier:
            results.append(RuleResult("follow_up", True, "no recommendation of an earlier UPR review in the store"))
        else:
            ok = follow_up.reviewed > 0
            results.append(RuleResult("follow_up", ok, f"reviews {follow_up.reviewed} earlier recommendations" if ok else
                                      f"reviews none of the {follow_up.earlier} recommendations of earlier UPR reviews in "
                                      "the store (give a section `follow_up:`)"))
    if profile.period_years is not None:
        results.append(_period_rule(brief, profile.period_years))
    if profile.statuses:
        results.append(_status_rule(brief, profile))
    if profile.languages or profile.accepted_languages:
        results.append(_language_rule(brief.language, profile))
    if profile.formats:
        ok = any(f in profile.formats for f in brief.outputs)
        results.append(RuleResult("formats", ok, f"outputs {', '.join(brief.outputs)}" + ("" if ok else f" include none of the formats the body accepts: {', '.join(profile.formats)}")))
    if style is not None:
        results.extend(_font_rules(profile, style))
    return results


def _language_rule(language: str, profile: Profile) -> RuleResult:
    """The language rule: met for a preferred language, met with a note for one only accepted."""
    base = language.split("-")[0]
    preferred = ", ".join(profile.languages)
    if base in profile.languages:
        return RuleResult("language", True, f"language '{language}'")
    if base in profile.accepted_languages:
        return RuleResult("language", True, f"language '{language}' is accepted; the body prefers {preferred}", note=True)
    accepted = ", ".join(profile.languages + profile.accepted_languages)
    return RuleResult("language", False, f"language '{language}' is not among those accepted: {accepted}")


def _period_rule(brief: Brief, years: float) -> RuleResult:
    """The period rule: the brief states its period, which spans at most `years` years."""
    most = f"{years:g} years"
    if brief.period_from is None or brief.period_to is None:
        return RuleResult("period", False, f"the paper states no period (period: {{from, to}}); the body asks for at most {most}")
    start, end = brief.period_from.first(), brief.period_to.last()
    after = _add_months(start, round(years * 12))  # the first day past the longest period
    span = f"period {brief.period_from} to {brief.period_to}"
    if end < after:
        return RuleResult("period", True, f"{span}, within the {most} the body asks for")
    last = after - dt.timedelta(days=1)
    return RuleResult("period", False, f"{span}, longer than the {most} the body asks for (from {start} it ends by {last})")


def _add_months(day: dt.date, months: int) -> dt.date:
    """Return `day` moved on by `months` calendar months (the month's last day where it is shorter)."""
    year, month = divmod(day.month - 1 + months, 12)
    year += day.year
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def _status_rule(brief: Brief, profile: Profile) -> RuleResult:
    """The status rule: every organisation states a consultative status the profile is for."""
    statuses = ", ".join(profile.statuses)
    wrong = [f"{o.short or o.name} ({o.status or 'none given'})" for o in brief.submitted_by if o.status not in profile.statuses]
    if not brief.submitted_by:
        return RuleResult("status", False, f"no submitting organisation is named; the profile is for status {statuses}")
    if wrong:
        return RuleResult("status", False, f"the profile is for status {statuses}; not: {', '.join(wrong)}")
    return RuleResult("status", True, f"consultative status {', '.join(dict.fromkeys(o.status for o in brief.submitted_by))}")


def _form_rule(brief: Brief) -> RuleResult:
    """The form rule: title, session, agenda item, and each organisation's name and status are given."""
    missing = [key for key, value in (("session", brief.session), ("agenda_item", brief.agenda_item)) if not value]
    if not brief.submitted_by:
        missing.append("submitted_by")
    missing += [f"submitted_by[{i}].status" for i, o in enumerate(brief.submitted_by) if not o.status]
    if missing:
        return RuleResult("form", False, f"the body's form asks for: {', '.join(missing)}")
    return RuleResult("form", True, "the form's fields are given (title, session, agenda item, organisations and status)")


def _font_rules(profile: Profile, style: Style) -> list[RuleResult]:
    out = []
    settings = style.settings
    family = profile.fonts.family
    if family:
        used = settings.fonts.body.word
        out.append(RuleResult("font", used == family, f"body font {used}" + ("" if used == family else f"; the body requires {family}")))
    for key, setting, used in (("body_size", "sizes.body", settings.sizes.body),
                               ("notes_size", "sizes.notes", settings.sizes.notes)):
        want = getattr(profile.fonts, key)
        if want:
            out.append(RuleResult(key, used == want, f"{setting} {used} pt" + ("" if used == want else f"; the body requires {want} pt")))
    if profile.fonts.justified:
        ok = settings.justify
        out.append(RuleResult("justified", ok, "text justified" if ok else "the body requires justified text (style justify: true)"))
    return out


def rule_problems(brief: Brief, profile: Profile, results: list[RuleResult]) -> list[Problem]:
    """Return a warning for each rule not met."""
    return [
        Problem(brief.path, brief.profile_line or None, "profile", f"{profile.id}: {r.message}", "warning")
        for r in results
        if not r.met
    ]


@dataclass(frozen=True)
class Report:
    """A brief's counts and its profile's rules, as `check` and `build` print them."""

    profile: Profile
    words: WordCount
    pages: int | None
    results: tuple[RuleResult, ...]
    pages_of: str = "pdf"

    def line(self) -> str:
        """Return the one-line summary: words, pages, rules met."""
        counted = counted_words(self.words, self.profile)
        limit = f" of {self.profile.words:,}" if self.profile.words is not None else ""
        pages = f", {self.pages} pages" + (f" of {self.profile.pages}" if self.profile.pages else "") if self.pages is not None else ""
        met = sum(r.met for r in self.results)
        broken = [r.rule for r in self.results if not r.met]
        rules = f"{met}/{len(self.results)} rules met" + (f" (not met: {', '.join(broken)})" if broken else "")
        if not self.results:
            rules = "no rules to meet"
        rules += "".join(f"; note: {r.message}" for r in self.results if r.note)
        return (f"profile {self.profile.id}: {self.words.body:,} words in the body + {self.words.notes:,} in notes"
                f" = {counted:,} counted{limit}{pages}; {rules}")

    def as_dict(self) -> dict:
        """Return the JSON form: words, pages and rules."""
        return {
            "profile": self.profile.id,
            "words": {"body": self.words.body, "notes": self.words.notes, "total": counted_words(self.words, self.profile)},
            "pages": self.pages,
            "pages_of": self.pages_of if self.pages is not None else None,
            "rules": [r.as_dict() for r in self.results],
        }


def report(brief: Brief, document: Document, profile: Profile, style: Style | None, pages: int | None = None,
           follow_up: FollowUpCount | None = None, pages_of: str = "pdf") -> Report:
    """Return the Report of a brief under its profile; `pages` are those of its `pages_of` ("pdf" or "docx")."""
    results = evaluate(brief, document, profile, style, pages, follow_up, pages_of)
    return Report(profile, count_words(document), pages, tuple(results), pages_of)
