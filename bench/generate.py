"""Write a synthetic workspace: a source store of N realistic facts and one brief to build from it.

    python bench/generate.py --facts 50000 --out /tmp/bench-50k [--seed 1]

The workspace holds `sources/themes.yaml` (a copy of the taxonomy installed with the
product), about 100 facts per source file in one folder per country (mostly KZ, the
rest other real ISO 3166-1 codes of the region), and `briefs/bench.yaml`: a paper like
the sample CCPR briefing paper (KZ, a period, four sections cut with `limit:`, a
summary and an introduction that cite facts and documents), so that a build from a
big store makes a paper of the same size as one from the sample store.

Facts are 2-3 sentences of varied human-rights reporting, with some Markdown
emphasis and links; themes and sub-themes come from the taxonomy; dates run from 2000
to 2020 as YYYY, YYYY-MM or YYYY-MM-DD; most facts have a locator, many a quote, all
some tags. At 50,000 facts the store is about 27 MB of YAML, the size DESIGN.md
assumes. The output depends only on --facts and --seed.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
THEMES_FILE = REPO / "compiler" / "data" / "themes.yaml"

FACTS_PER_FILE = 100
PERIOD = ("2007-01-01", "2011-06-30")

#: Countries of the store and their weights: mostly Kazakhstan, as in a real KZ programme.
COUNTRIES = {
    "KZ": 60, "KG": 6, "UZ": 6, "TJ": 4, "TM": 3, "RU": 5, "BY": 3, "AZ": 3,
    "AM": 2, "GE": 2, "UA": 2, "MD": 1, "MN": 1, "TR": 1, "CN": 1,
}

CITIES = {
    "KZ": ["Almaty", "Astana", "Shymkent", "Karaganda", "Aktobe", "Taraz", "Pavlodar", "Oskemen",
           "Semey", "Atyrau", "Kostanay", "Kyzylorda", "Uralsk", "Zhanaozen", "Aktau", "Petropavl"],
    "KG": ["Bishkek", "Osh", "Jalal-Abad", "Karakol", "Naryn"],
    "UZ": ["Tashkent", "Samarkand", "Andijan", "Namangan", "Bukhara", "Nukus"],
    "TJ": ["Dushanbe", "Khujand", "Khorog", "Kulob"],
    "TM": ["Ashgabat", "Turkmenabat", "Dashoguz", "Mary"],
    "RU": ["Moscow", "Saint Petersburg", "Kazan", "Grozny", "Novosibirsk", "Yekaterinburg"],
    "BY": ["Minsk", "Gomel", "Brest", "Grodno", "Vitebsk"],
    "AZ": ["Baku", "Ganja", "Sumqayit", "Lankaran"],
    "AM": ["Yerevan", "Gyumri", "Vanadzor"],
    "GE": ["Tbilisi", "Batumi", "Kutaisi", "Zugdidi"],
    "UA": ["Kyiv", "Kharkiv", "Odesa", "Lviv", "Dnipro"],
    "MD": ["Chisinau", "Balti", "Tiraspol"],
    "MN": ["Ulaanbaatar", "Erdenet", "Darkhan"],
    "TR": ["Ankara", "Istanbul", "Diyarbakir", "Izmir"],
    "CN": ["Urumqi", "Kashgar", "Ghulja", "Beijing"],
}

ORGANISATIONS = [
    ("Human Rights Watch", "hrw"), ("Amnesty International", "ai"),
    ("Kazakhstan International Bureau for Human Rights and Rule of Law", "kibhr"),
    ("International Partnership for Human Rights", "iphr"), ("Netherlands Helsinki Committee", "nhc"),
    ("Freedom House", "fh"), ("Adil Soz International Foundation for Protection of Freedom of Speech", "adilsoz"),
    ("Forum 18", "f18"), ("Norwegian Helsinki Committee", "nhc-no"), ("FIDH", "fidh"),
    ("World Organisation Against Torture", "omct"), ("Article 19", "a19"), ("Reporters Without Borders", "rsf"),
    ("Committee to Protect Journalists", "cpj"), ("OSCE Office for Democratic Institutions and Human Rights", "odihr"),
    ("UN Human Rights Committee", "ccpr"), ("UN Committee against Torture", "cat"),
    ("International Crisis Group", "icg"), ("Memorial Human Rights Centre", "memorial"),
    ("Public Foundation Dignity", "dignity"), ("Coalition against Torture", "cat-coalition"),
]

COUNTRY_NAMES = {
    "KZ": "Kazakhstan", "KG": "Kyrgyzstan", "UZ": "Uzbekistan", "TJ": "Tajikistan", "TM": "Turkmenistan",
    "RU": "Russia", "BY": "Belarus", "AZ": "Azerbaijan", "AM": "Armenia", "GE": "Georgia", "UA": "Ukraine",
    "MD": "Moldova", "MN": "Mongolia", "TR": "Turkey", "CN": "China",
}
TOPICS = ["Freedom of Expression", "Freedom of Assembly", "Torture and Ill-Treatment", "Religious Freedom",
          "Human Rights Defenders", "Labour Rights", "Fair Trial", "Civil Society", "Elections", "Media Freedom"]
TITLES = [
    "{country}: {topic} under Pressure",
    "Annual Report {year}: {country}",
    "{country}: Events of {year}",
    "Submission to the UN Human Rights Committee: {country}",
    "{topic} in {country}: Monitoring Report, {year}",
    "Letter on {topic} in {place}",
    "{country}: Briefing on {topic}",
]

KINDS = ["report", "report", "report", "memorandum", "press-release", "news", "news", "web-page",
         "un-document", "interview", "other"]

#: Theme weights: the rights a Central Asia programme writes most about come up most.
THEME_WEIGHTS = {
    "media": 3, "media.libel": 4, "media.journalists": 5, "media.internet": 3, "media.law": 3,
    "assembly": 3, "assembly.law": 2, "assembly.detentions": 4, "association": 2, "association.ngo-law": 2,
    "religion": 3, "religion.registration": 3, "political-participation": 1, "political-participation.parties": 1,
    "political-participation.opposition": 2, "elections": 2, "torture": 3, "torture.impunity": 2,
    "torture.detention": 3, "fair-trial": 2, "fair-trial.detention": 2, "fair-trial.judiciary": 2,
    "death-penalty": 1, "counter-terrorism": 1, "corruption": 1, "defenders": 4, "labor": 2,
    "labor.unions": 2, "labor.strikes": 2, "migrants": 2, "women": 2, "minorities": 1, "lgbt": 1,
    "international": 1,
}

#: Words each theme's facts draw on: (subjects of the story, what was done, why, tags).
THEME_WORDS = {
    "media": (["journalists", "editors", "bloggers", "independent newspapers", "the opposition weekly"],
              ["censored", "suspended", "fined", "warned", "sued"],
              ["for reporting on corruption", "for criticising the akim", "for publishing an interview with an opposition leader",
               "after covering a strike", "for printing a caricature of an official"],
              ["journalists", "censorship", "press", "broadcasting"]),
    "media.libel": (["the editor-in-chief", "a regional newspaper", "an investigative journalist", "a columnist"],
                    ["charged with criminal libel", "ordered to pay moral damages", "convicted of insulting an official",
                     "sued for defamation"],
                    ["over an article on land sales", "over a report on a bank's collapse", "for a satirical poem",
                     "for an open letter to the President"],
                    ["libel", "defamation", "insult", "moral-damages"]),
    "media.journalists": (["a freelance reporter", "a television cameraman", "the newspaper's photographer",
                           "a correspondent of an exiled outlet"],
                          ["beaten by unidentified men", "detained at the airport", "threatened by police officers",
                           "placed under surveillance", "abducted and later released"],
                          ["while investigating a fire at a mine", "while filming a protest", "while preparing a story on prison conditions",
                           "after interviewing relatives of detainees"],
                          ["journalists", "attacks", "impunity", "harassment"]),
    "media.internet": (["opposition websites", "a popular blogging platform", "social networks", "a video channel"],
                       ["blocked without a court order", "throttled during the protests", "shut down for weeks",
                        "declared extremist by a district court"],
                       ["for hosting critical comments", "after publishing leaked documents", "for streaming a rally",
                        "for carrying foreign news"],
                       ["internet", "blocking", "online-expression", "websites"]),
    "media.law": (["the Ministry of Information", "the media law", "a draft amendment", "the licensing commission"],
                  ["required re-registration of", "extended the grounds for closing", "tightened the rules on",
                   "refused licences to"],
                  ["foreign-owned outlets", "outlets that changed their address", "internet resources",
                   "newspapers with a print run under 100 copies"],
                  ["media-law", "registration", "licensing"]),
    "assembly": (["protesters", "residents", "pensioners", "opposition supporters", "mothers of large families"],
                 ["dispersed", "detained", "fined", "warned by prosecutors"],
                 ["at an unsanctioned rally", "at a picket outside the akimat", "during a march against evictions",
                  "at a gathering in support of a jailed journalist"],
                 ["protest", "assembly", "picket"]),
    "assembly.law": (["the law on assemblies", "the city maslikhat", "the draft law on peaceful assemblies",
                      "the local executive"],
                     ["kept the permission regime for", "restricted to designated areas", "banned near state buildings",
                      "required ten days' notice for"],
                     ["all public events", "pickets of a single person", "marches and demonstrations",
                      "meetings of more than three people"],
                     ["assembly-law", "permission", "designated-areas"]),
    "assembly.detentions": (["police", "special forces", "plain-clothes officers", "the district court"],
                            ["detained dozens of", "sentenced to administrative arrest", "fined and released",
                             "held without access to a lawyer"],
                            ["peaceful demonstrators", "observers of the rally", "activists who called for a protest",
                             "passers-by near the square"],
                            ["detentions", "administrative-arrest", "protest"]),
    "association": (["the Ministry of Justice", "registration authorities", "the prosecutor's office"],
                    ["refused to register", "suspended the activities of", "liquidated", "inspected"],
                    ["a human rights NGO", "an opposition movement", "a youth organisation", "a foundation for migrants"],
                    ["ngo", "registration", "association"]),
    "association.ngo-law": (["the new NGO law", "the tax code", "an amendment on foreign funding"],
                            ["obliged NGOs to report", "created a state operator for grants to", "imposed fines on",
                             "subjected to extra audits"],
                            ["organisations receiving foreign grants", "all public associations",
                             "NGOs that missed a filing deadline"],
                            ["ngo-law", "foreign-funding", "reporting"]),
    "religion": (["a Protestant congregation", "Jehovah's Witnesses", "a Baptist pastor", "Muslims praying at home",
                  "an Ahmadi community"],
                 ["raided", "fined", "banned from meeting", "warned by the police"],
                 ["for worshipping without registration", "for distributing religious literature",
                  "for holding a prayer meeting in a flat", "for teaching children about their faith"],
                 ["religion", "worship", "minorities"]),
    "religion.registration": (["the Agency for Religious Affairs", "the new religion law", "the regional akimat"],
                              ["refused re-registration to", "required 50 founders from", "dissolved",
                               "banned missionary work by"],
                              ["small religious communities", "unregistered churches", "foreign missionaries",
                               "local prayer groups"],
                              ["registration", "religion-law", "missionaries"]),
    "political-participation": (["citizens", "civil society groups", "opposition politicians"],
                                ["excluded from", "kept out of consultations on", "barred from"],
                                ["the drafting of the new constitution", "the work of local councils", "public hearings on the budget"],
                                ["participation", "opposition"]),
    "political-participation.parties": (["an opposition party", "the Communist Party", "a new social-democratic party"],
                                        ["denied registration", "suspended for six months", "banned by a court"],
                                        ["after irregularities in its founding documents", "for an unpaid fine",
                                         "after its leader was charged"],
                                        ["parties", "opposition"]),
    "political-participation.opposition": (["an opposition leader", "a former minister", "the party's deputy chair"],
                                           ["charged with embezzlement", "placed under house arrest",
                                            "sentenced to seven years", "forced into exile"],
                                           ["after announcing a presidential bid", "weeks before the elections",
                                            "after criticising the government abroad"],
                                           ["opposition", "political-prisoners"]),
    "elections": (["international observers", "the Central Election Commission", "domestic monitors"],
                  ["reported ballot stuffing at", "refused to register candidates for", "found restrictions on"],
                  ["the parliamentary elections", "the presidential election", "local elections",
                   "the constitutional referendum"],
                  ["elections", "observers", "fraud"]),
    "torture": (["detainees", "a teenager held at a police station", "a suspect in a murder case"],
                ["beaten to extract a confession", "suffocated with a plastic bag", "given electric shocks",
                 "denied medical care"],
                ["during the first hours of detention", "in a temporary holding facility", "during interrogation"],
                ["torture", "ill-treatment", "confessions"]),
    "torture.impunity": (["prosecutors", "the internal affairs department", "investigators"],
                         ["closed without inquiry", "refused to open a case on", "failed to investigate"],
                         ["the complaint of a man who said police had tortured him", "the death of a detainee",
                          "allegations of beatings in a colony"],
                         ["impunity", "investigation", "torture"]),
    "torture.detention": (["prisoners", "inmates of a penal colony", "women in a pre-trial centre"],
                          ["held in punishment cells", "subjected to mass beatings", "kept in overcrowded cells"],
                          ["after a hunger strike", "during a special-forces exercise", "for months without exercise"],
                          ["prisons", "detention-conditions"]),
    "fair-trial": (["the court", "the trial judge", "the appeal court"],
                   ["refused to hear defence witnesses for", "relied on a retracted confession against",
                    "closed the hearings of"],
                   ["an opposition activist", "a labour leader", "a journalist", "a human rights defender"],
                   ["fair-trial", "courts"]),
    "fair-trial.detention": (["the investigator", "a district court", "the prosecutor"],
                             ["extended the pre-trial detention of", "denied bail to", "held incommunicado"],
                             ["a suspect for eleven months", "a defender charged with fraud", "a student"],
                             ["pre-trial-detention", "bail"]),
    "fair-trial.judiciary": (["the Supreme Judicial Council", "the President", "the bar association"],
                             ["dismissed", "appointed without competition", "disbarred"],
                             ["judges who acquitted defendants", "a new chief justice", "a lawyer who spoke to the press"],
                             ["judiciary", "independence", "lawyers"]),
    "death-penalty": (["the courts", "parliament", "the President"],
                      ["kept the moratorium on", "imposed", "extended the scope of"],
                      ["executions", "death sentences for terrorism", "the death penalty"],
                      ["death-penalty", "moratorium"]),
    "counter-terrorism": (["the security service", "prosecutors", "a regional court"],
                          ["convicted", "banned", "arrested"],
                          ["members of a banned Islamic group", "readers of a religious website",
                           "people who watched a sermon online"],
                          ["extremism", "terrorism", "security"]),
    "corruption": (["officials", "deputy akims", "customs officers"],
                   ["were accused of embezzling", "took bribes for", "diverted"],
                   ["budget funds for housing", "land allocations", "school meals money"],
                   ["corruption", "accountability"]),
    "defenders": (["a human rights defender", "the head of a monitoring group", "a lawyer for victims of torture",
                   "an environmental activist", "two members of a monitoring commission"],
                  ["arrested", "sentenced to four years", "placed under travel ban", "followed and photographed"],
                  ["after documenting abuses in prisons", "for a post criticising the police",
                   "after meeting foreign diplomats", "for organising a seminar"],
                  ["defenders", "civil-society", "reprisals"]),
    "labor": (["workers", "oil workers", "miners", "teachers"],
              ["went unpaid for months at", "were dismissed from", "lost their bonuses at"],
              ["a state-owned company", "a subcontractor of the oil field", "a steel plant"],
              ["labour", "wages", "workers"]),
    "labor.unions": (["an independent trade union", "the confederation of free unions", "the union leader"],
                     ["was liquidated by court order", "was forced to re-register under the new union law",
                      "was charged with calling an illegal strike"],
                     ["after a dispute over wages", "after refusing to join the state-backed federation",
                      "weeks after its founding congress"],
                     ["unions", "labour-rights"]),
    "labor.strikes": (["strikers", "oil workers on hunger strike", "bus drivers"],
                      ["were dispersed", "were fined", "were dismissed en masse"],
                      ["after a strike over pay", "for a sit-in at the company's offices", "during a months-long strike"],
                      ["strikes", "labour-rights"]),
    "migrants": (["migrant workers", "refugees from Uzbekistan", "asylum seekers"],
                 ["were deported", "were held in a migration centre", "were denied registration"],
                 ["without a court hearing", "despite a risk of torture", "after a raid on a market"],
                 ["migrants", "refoulement", "asylum"]),
    "women": (["women", "survivors of domestic violence", "girls in rural areas"],
              ["lacked protection from", "were refused shelter after", "were pressed to withdraw complaints about"],
              ["domestic violence", "bride kidnapping", "harassment at work"],
              ["women", "domestic-violence", "gender"]),
    "minorities": (["ethnic minority villages", "members of a minority community", "Dungan families"],
                   ["were attacked by a mob", "faced discrimination in", "were denied schooling in"],
                   ["after a traffic accident", "access to land", "their own language"],
                   ["minorities", "discrimination"]),
    "lgbt": (["gay men", "transgender women", "LGBT activists"],
             ["were blackmailed by police", "were denied gender recognition", "were attacked at a meeting"],
             ["after an online sting", "under the new medical rules", "organised by a community group"],
             ["lgbt", "discrimination"]),
    "international": (["the UN Human Rights Committee", "the Special Rapporteur on torture", "the OSCE"],
                      ["reviewed", "commented on", "urged action on"],
                      ["the country's periodic report", "conditions in places of detention",
                       "reprisals against civil society"],
                      ["un", "review", "recommendations"]),
}

#: Themes whose verbs tell what was done to the subject ("journalists were fined ..."); the
#: others' verbs are whole predicates ("the court denied bail to ...").
PASSIVE = {"media", "media.libel", "media.journalists", "media.internet", "assembly", "religion",
           "political-participation", "political-participation.parties", "political-participation.opposition",
           "torture", "torture.detention", "defenders"}
OPENERS = [
    "{When} {subject} in {city} {pred} {why}.",
    "According to {org}, {when_lower} {subject} in {city} {pred} {why}.",
    "In {city}, {subject} {pred} {why} {when_lower}.",
]
SECOND = [
    "{org} documented at least {n} such cases in {region} that year.",
    "The authorities denied any wrongdoing and said the measures were lawful.",
    "No official was held responsible, and a complaint to the prosecutor's office went unanswered.",
    "Lawyers said the decision was not based on any provision of the law in force.",
    "The case drew statements from the OSCE and from several embassies.",
    "Local monitors counted {n} people affected, most of them without legal aid.",
    "The appeal was rejected within {n} days, without a public hearing.",
    "Relatives said they learned of the decision only after {n} days.",
    "The government said it would review the practice, but nothing changed by the end of the year.",
    "This followed a similar case in {city2} a few months earlier.",
]
THIRD = [
    "Observers saw it as a *chilling* signal to others.",
    "The pattern was repeated in at least {n} regions.",
    "Several of those affected later left the country.",
    "The courts have so far declined to examine the complaints on their merits.",
    "The measure remained in force at the time of writing.",
    "Similar restrictions were reported in {city2}.",
]
CONTEXT = [
    "The events took place against the background of a wider campaign against independent voices in {region}.",
    "{org} raised the case with the Ombudsman and with the diplomatic missions in {city}, without result.",
    "The measure was based on a provision that the UN Human Rights Committee has criticised as too broad.",
    "Those concerned had been under pressure for several months before the events described here.",
]
QUOTES = [
    "We recorded {n} cases of this kind in {city} alone, and in none of them was anyone held to account.",
    "The decision was taken without any hearing, and the people concerned were not even informed of it.",
    "Officials told us the measure was necessary to keep public order, but gave no example of any disorder.",
    "Our monitors were present and saw no violence on the part of the participants.",
    "Complaints filed with the prosecutor were returned unanswered or closed within days.",
]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
REGIONS = ["the region", "the country", "the capital", "the western regions", "the south"]


def _weighted(rng: random.Random, weights: dict[str, int]) -> list[str]:
    """Return a list where each key appears `weight` times, for rng.choice."""
    return [key for key, weight in weights.items() for _ in range(weight)]


def theme_ids(path: Path = THEMES_FILE) -> list[str]:
    """Return the theme ids defined in `path` (read the plain way, no compiler import)."""
    import yaml

    with path.open(encoding="utf-8") as handle:
        return list(yaml.load(handle, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))["themes"])


def wrap(text: str, indent: str, width: int = 92) -> str:
    """Return `text` as the lines of a YAML block scalar, each starting with `indent`."""
    lines, line = [], ""
    for word in text.split():
        if line and len(indent) + len(line) + 1 + len(word) > width:
            lines.append(indent + line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    if line:
        lines.append(indent + line)
    return "\n".join(lines)


def emphasise(rng: random.Random, sentence: str) -> str:
    """Return `sentence` with, sometimes, two or three words in Markdown emphasis or strong emphasis."""
    words = sentence.split(" ")
    if len(words) < 6 or rng.random() > 0.25:
        return sentence
    start = rng.randrange(1, len(words) - 3)
    span = rng.choice((1, 2, 2, 3))
    mark = rng.choice(("*", "*", "**"))
    picked = " ".join(words[start:start + span]).rstrip(",.;")
    tail = " ".join(words[start:start + span])[len(picked):]
    return " ".join(words[:start] + [f"{mark}{picked}{mark}{tail}"] + words[start + span:])


def date_text(rng: random.Random, year: int) -> str:
    """Return a date in `year` as YYYY, YYYY-MM or YYYY-MM-DD."""
    roll = rng.random()
    if roll < 0.3:
        return f"{year}"
    month = rng.randint(1, 12)
    if roll < 0.6:
        return f"{year}-{month:02d}"
    return f"{year}-{month:02d}-{rng.randint(1, 28):02d}"


def when_words(date: str) -> str:
    """Return a date as words for the fact's text ("In March 2008", "On 9 March 2008")."""
    parts = date.split("-")
    if len(parts) == 1:
        return f"In {parts[0]}"
    month = MONTHS[int(parts[1]) - 1]
    return f"On {int(parts[2])} {month} {parts[0]}" if len(parts) == 3 else f"In {month} {parts[0]}"


def is_plural(subject: str) -> bool:
    """Return whether a subject phrase takes "were" rather than "was"."""
    first = subject.split()[0].lower()
    if first in ("a", "an", "one"):
        return False
    if first == "the":
        return subject.split()[-1].endswith("s")
    return True


class Generator:
    """Write the facts of one synthetic store, document by document."""

    def __init__(self, facts: int, seed: int, without: tuple[str, ...] = ()):
        self.rng = random.Random(seed)
        self.total = facts
        known = set(theme_ids())
        self.themes = _weighted(self.rng, {t: w for t, w in THEME_WEIGHTS.items() if t in known})
        self.countries = _weighted(self.rng, {c: w for c, w in COUNTRIES.items() if c not in without})
        self.serial = 0
        self.kz_facts: list[tuple[str, tuple[str, ...], str]] = []  # (id, themes, date) of KZ facts, for the brief
        self.documents: list[tuple[str, str]] = []  # (id, country)

    def fact(self, country: str, year: int, org: str) -> tuple[str, str, tuple[str, ...]]:
        """Return the YAML of one fact, its date and its themes."""
        rng = self.rng
        self.serial += 1
        theme = rng.choice(self.themes)
        themes = (theme,) if rng.random() < 0.75 else (theme, rng.choice(self.themes))
        themes = tuple(dict.fromkeys(themes))
        subjects, verbs, whys, tags = THEME_WORDS[theme]
        fact_country = country if rng.random() > 0.05 else rng.choice(self.countries)
        cities = CITIES[fact_country]
        date = date_text(rng, max(2000, min(2020, year - rng.choice((0, 0, 1, 1, 2, 3)))))
        when = when_words(date)
        fill = {
            "When": when, "when_lower": when[0].lower() + when[1:], "city": rng.choice(cities), "city2": rng.choice(cities),
            "org": org, "n": rng.randint(2, 140), "region": rng.choice(REGIONS),
            "subject": rng.choice(subjects), "verb": rng.choice(verbs), "why": rng.choice(whys),
        }
        fill["Subject"] = fill["subject"][0].upper() + fill["subject"][1:]
        be = "were" if is_plural(fill["subject"]) else "was"
        fill["pred"] = f"{be} {fill['verb']}" if theme in PASSIVE else fill["verb"]
        sentences = [rng.choice(OPENERS).format(**fill), rng.choice(SECOND).format(**fill)]
        if rng.random() < 0.1:
            sentences.append(rng.choice(THIRD).format(**fill))
        if rng.random() < 0.05:
            sentences.insert(1, rng.choice(CONTEXT).format(**fill))
        if rng.random() < 0.05:
            sentences.append(f"See also the [full report](https://example.org/reports/{self.serial}).")
        text = " ".join(emphasise(rng, s) for s in sentences)
        slug = "-".join(fill["why"].split()[-2:]).strip(".,'").lower().replace("'", "")
        slug = "".join(c for c in slug if c.isalnum() or c == "-").strip("-") or "fact"
        ident = f"{fact_country.lower()}-{date[:4]}-{slug}-{self.serial:06d}"
        out = [f"  - id: {ident}", "    text: >-", wrap(text, "      "), f"    themes: [{', '.join(themes)}]"]
        if rng.random() > 0.02:
            out.append(f"    date: {date}")
        else:
            date = ""
        roll = rng.random()
        if roll < 0.5:
            out.append(f"    locator: p. {rng.randint(1, 120)}")
        elif roll < 0.75:
            out.append(f"    locator: para. {rng.randint(1, 90)}")
        elif roll < 0.85:
            out.append(f"    locator: section {rng.randint(1, 9)}")
        if rng.random() < 0.9:
            quote = " ".join(q.format(**fill) for q in rng.sample(QUOTES, rng.choice((1, 2))))
            out += ["    quote: >-", wrap(quote, "      ")]
        chosen = rng.sample(tags, k=min(len(tags), rng.randint(1, 3)))
        out.append(f"    tags: [{', '.join(chosen)}]")
        if fact_country != country:
            out.append(f"    country: {fact_country}")
        if fact_country == "KZ" and date:
            self.kz_facts.append((ident, themes, date))
        return "\n".join(out) + "\n", date, themes

    def document(self, count: int) -> tuple[str, str]:
        """Return the folder and YAML text of one source document holding `count` facts."""
        rng = self.rng
        country = rng.choice(self.countries)
        organisation, short = rng.choice(ORGANISATIONS)
        year = rng.randint(2001, 2020)
        kind = rng.choice(KINDS)
        ident = f"{short}-{year}-{country.lower()}-{len(self.documents) + 1:05d}"
        self.documents.append((ident, country))
        title = rng.choice(TITLES).format(country=COUNTRY_NAMES[country], year=year, place=rng.choice(CITIES[country]),
                                          topic=rng.choice(TOPICS))
        issued = f"{year}-12-31"  # after every fact it reports (facts are dated up to its year)
        head = [
            f"# Source: {kind} by {organisation} ({year}), generated by bench/generate.py.",
            f"id: {ident}",
            f"kind: {kind}",
            f"title: \"{title}\"",
            f"author: [{organisation}]",
            f"publisher: {organisation}",
            f"issued: {issued}",
        ]
        if rng.random() < 0.7:
            head.append(f"url: https://example.org/{short}/{year}/{ident}")
            head.append(f"accessed: {min(year + 1, 2021)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}")
        if kind == "un-document":
            head.append(f"symbol: CCPR/C/{country}/CO/{rng.randint(1, 3)}")
        head += [f"country: {country}", "language: en", "facts:"]
        body = [self.fact(country, year, organisation)[0] for _ in range(count)]
        return country.lower(), "\n".join(head) + "\n" + "\n".join(body)


BRIEF_HEAD = """\
# Brief: the benchmark paper, written by bench/generate.py; a paper the size of the sample
# CCPR briefing paper (briefs/kazakhstan-ccpr-2011.yaml), chosen from a store of {facts} facts.
title: "Kazakhstan: Freedom of Expression, Assembly, Religion and Human Rights Defenders"
subtitle: Benchmark briefing paper for the review of Kazakhstan by the UN Human Rights Committee
country: KZ
date: 2021-01-15
language: en
profile: ccpr
style: un-submission
outputs: [docx, pdf]
period: {{from: {start}, to: {end}}}

submitted_by:
  - name: Kazakhstan International Bureau for Human Rights and Rule of Law
    short: KIBHR
    about: >-
      A Kazakh human rights organisation that monitors and reports on the human rights
      situation in Kazakhstan.
    contact: "Roza Akylbekova, Acting Director, +7 701 713 6509"
  - name: International Partnership for Human Rights
    short: IPHR
    contact: "Brigitte Dufour, Director, +32 473 36 38 91"
"""

#: The brief's sections: theme, title, limit, order, layout. With seed 1 the paper has the
#: sample CCPR paper's 32 facts and 44 ids cited, and WeasyPrint lays it out in one pass, as it
#: does the sample (with a media limit of 9, one note lands a page late and the PDF renderer
#: lays the paper out twice: see docs/performance.md).
SECTIONS = [
    ("media", "Freedom of expression (article 19)", 10, "date-desc", "bullets"),
    ("assembly", "Freedom of peaceful assembly (article 21)", 8, "date", "bullets"),
    ("religion", "Freedom of religion or belief (article 18)", 7, "date-desc", "paragraphs"),
    ("defenders", "Human rights defenders (articles 9, 14 and 22)", 7, "date-desc", "paragraphs"),
]


def brief_yaml(gen: Generator) -> str:
    """Return the YAML of briefs/bench.yaml, citing facts and documents the store holds."""
    start, end = PERIOD
    in_period = [f for f in gen.kz_facts if len(f[2]) == 10 and start <= f[2] <= end]

    def pick(theme: str, count: int, taken: set[str]) -> list[str]:
        found = [f[0] for f in in_period if any(t == theme or t.startswith(theme + ".") for t in f[1]) and f[0] not in taken]
        chosen = found[:count]
        taken.update(chosen)
        return chosen

    taken: set[str] = set()
    summary_ids = [i for theme, *_ in SECTIONS for i in pick(theme, 1, taken)]
    kz_docs = [d for d, c in gen.documents if c == "KZ"][:2] or [gen.documents[0][0]]
    out = [BRIEF_HEAD.format(facts=gen.total, start=start, end=end)]
    out.append("summary: |")
    out.append(wrap(
        "Kazakhstan is reviewed by the Committee at a time of growing pressure on independent voices. "
        "Journalists face criminal libel charges and violence" + _cite(summary_ids[:1]) + ", protests are dispersed "
        "and their participants detained" + _cite(summary_ids[1:2]) + ", communities that worship without "
        "registration are fined" + _cite(summary_ids[2:3]) + " and human rights defenders are prosecuted for "
        "their work" + _cite(summary_ids[3:4]) + ".", "  "))
    out.append("")
    out.append("introduction: |")
    out.append(wrap(
        "This paper covers the period from January 2007 to June 2011. It draws on the monitoring of "
        "the submitting organisations and on reports by other non-governmental organisations"
        + _cite(kz_docs) + ". For each right it lists the main concerns, then the recommendations "
        "that the Committee may wish to address to the State party.", "  "))
    out.append("")
    out.append("sections:")
    for theme, title, limit, order, layout in SECTIONS:
        intro_ids = pick(theme, 2, taken)
        out += [f"  - theme: {theme}", f"    title: {title}", "    intro: |"]
        out.append(wrap("The situation has not improved since the last review" + _cite(intro_ids[:1])
                        + ", and the authorities continue to disregard the Committee's earlier concerns"
                        + _cite(intro_ids[1:]) + ". The main concerns are:", "      "))
        out += ["    select:", f"      limit: {limit}", f"      order: {order}", f"    layout: {layout}",
                "    recommendations:",
                "      - Bring the law and its application into line with the Covenant, and review every",
                "        conviction handed down under the provisions criticised in this section.",
                "      - Investigate promptly and impartially every complaint of the abuses described above,",
                "        and hold those responsible to account.", ""]
    out.append("recommendations_summary: true")
    return "\n".join(out) + "\n"


def _cite(ids: list[str]) -> str:
    return f" [{'; '.join('@' + i for i in ids)}]" if ids else ""


def generate(facts: int, out: Path, seed: int = 1, without: tuple[str, ...] = ()) -> dict:
    """Write the workspace of `facts` facts into `out` (its sources/ and briefs/ replaced); return a summary.

    `without` names countries no fact may have (the store of a coalition's other countries).
    """
    gen = Generator(facts, seed, without)
    sources = out / "sources"
    if sources.exists():
        shutil.rmtree(sources)
    sources.mkdir(parents=True)
    shutil.copyfile(THEMES_FILE, sources / "themes.yaml")
    written = files = 0
    while written < facts:
        count = min(facts - written, gen.rng.randint(FACTS_PER_FILE // 2, FACTS_PER_FILE * 3 // 2))
        folder, text = gen.document(count)
        path = sources / folder / f"{gen.documents[-1][0]}.yaml"
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written += count
        files += 1
    briefs = out / "briefs"
    briefs.mkdir(exist_ok=True)
    if gen.kz_facts:
        (briefs / "bench.yaml").write_text(brief_yaml(gen), encoding="utf-8")
    size = sum(p.stat().st_size for p in sources.rglob("*.yaml"))
    return {"facts": facts, "files": files, "bytes": size, "seed": seed}


def main(argv: list[str] | None = None) -> int:
    """Run the generator from the command line."""
    parser = argparse.ArgumentParser(description="Write a synthetic brief workspace of N facts.")
    parser.add_argument("--facts", type=int, required=True, help="how many facts (1,000 to 100,000)")
    parser.add_argument("--out", type=Path, required=True, help="the workspace folder to write")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--without", action="append", default=[], metavar="CC",
                        help="no fact of this country (repeatable; KZ leaves out the brief too)")
    args = parser.parse_args(argv)
    if args.facts < 1:
        parser.error("--facts must be at least 1")
    summary = generate(args.facts, args.out, args.seed, tuple(c.upper() for c in args.without))
    print(f"{args.out}: {summary['facts']} facts in {summary['files']} source files, "
          f"{summary['bytes'] / 1e6:.1f} MB of YAML")
    return 0


if __name__ == "__main__":
    sys.exit(main())
