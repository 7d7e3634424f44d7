"""Finding personal data in a text without a trained model: rules (e-mail, URL, phone, handle),
a spaCy EntityRuler over known names (speakers, participants, the researcher's list) and
organisation suffixes; the trained pipeline QUALCODE_SPACY_MODEL names adds people and
organisations (a name that is not installed is an error, as for sentence units)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from qualcode.ingest.spacy_model import configured_model, load_model

KINDS = ("person", "org", "email", "url", "phone", "handle", "other")
RULES = {
    "email": re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b"),
    "url": re.compile(r"\b(?:https?://|www\.)[^\s<>\"')\]]+[^\s<>\"')\].,;:!?]"),
    "phone": re.compile(
        r"(?<![\w:+])(?:\+\d{1,3}[ .-]?)?\(?\d{2,4}\)?(?:[ .-]\d{2,4}){2,4}(?![\w:])"
    ),
    "handle": re.compile(r"(?<![\w@])@[A-Za-z0-9_]{2,30}\b"),
}
ORG_SUFFIX = r"(?:Inc|Corp|Corporation|Ltd|LLC|GmbH|AG|SA|Labs?|University|Institute)"
LEADING = r"(?!(?:At|The|In|With|For|From|And|Our|My|We|I|A|An|Of|On|To|By|So|But)\b)"
ORG_RULE = re.compile(
    rf"\b{LEADING}(?:[A-Z][\w&-]+ ){{1,3}}{ORG_SUFFIX}\b\.?|\bUniversity of [A-Z][\w-]+(?: [A-Z][\w-]+){{0,2}}"
)
GENERIC_SPEAKERS = re.compile(
    r"^(speaker|interviewer|interviewee|participant|respondent|moderator|researcher|protocol|unknown|p)\s*\d*$",
    re.IGNORECASE,
)
NER_KINDS = {"PERSON": "person", "ORG": "org"}


@dataclass(frozen=True)
class Candidate:
    start: int
    end: int
    text: str
    kind: str
    source: str


def is_personal_label(label: str) -> bool:
    """A speaker label that is a name ("David"), not a role or number ("Speaker 2", "P3")."""
    return bool(label.strip()) and not GENERIC_SPEAKERS.match(label.strip())


RULES_ONLY = "find names by rules and known names only (the candidates depend on the model)"


@lru_cache(maxsize=2)
def _ner_pipeline(name: str):
    """The trained pipeline QUALCODE_SPACY_MODEL names, or None when the variable is unset; a name
    that is not installed is an error naming it (never downloaded, never a silent fallback)."""
    return load_model(name, ["lemmatizer", "textcat"], RULES_ONLY) if name else None


def _ruler(terms: tuple[tuple[str, str, str], ...]):
    """A blank English pipeline with an EntityRuler matching the terms case-insensitively."""
    import spacy

    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "LOWER"})
    ruler.add_patterns(
        [{"label": f"{kind}|{source}", "pattern": term} for term, kind, source in terms]
    )
    return nlp


def find_candidates(text: str, terms: list[tuple[str, str, str]] | None = None) -> list[Candidate]:
    """Candidates in text order, overlaps resolved in favour of the longer span.
    `terms` are (name, kind, source) triples: known speaker/participant names and the user's list."""
    found: list[Candidate] = []
    for kind, pattern in RULES.items():
        found += [
            Candidate(m.start(), m.end(), m.group(0), kind, "rule") for m in pattern.finditer(text)
        ]
    found += [
        Candidate(m.start(), m.end(), m.group(0).rstrip("."), "org", "rule")
        for m in ORG_RULE.finditer(text)
    ]
    usable = tuple(sorted({(t.strip(), k, s) for t, k, s in terms or [] if len(t.strip()) >= 2}))
    if usable:
        doc = _ruler(usable)(text)
        for ent in doc.ents:
            kind, source = ent.label_.split("|", 1)
            found.append(Candidate(ent.start_char, ent.end_char, ent.text, kind, source))
    ner = _ner_pipeline(configured_model())
    if ner is not None:
        found += [
            Candidate(e.start_char, e.end_char, e.text, NER_KINDS[e.label_], "ner")
            for e in ner(text).ents
            if e.label_ in NER_KINDS
        ]
    return _without_overlaps(found)


def _without_overlaps(found: list[Candidate]) -> list[Candidate]:
    chosen: list[Candidate] = []
    for candidate in sorted(found, key=lambda c: (-(c.end - c.start), c.start)):
        if all(candidate.end <= c.start or candidate.start >= c.end for c in chosen):
            chosen.append(candidate)
    return sorted(chosen, key=lambda c: c.start)
