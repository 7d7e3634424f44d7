"""After `deid apply`: every other place a name can be gets the pseudonym too.

The text of a document changes only through reviewed proposals (offsets re-mapped). Everything
else is free text without offsets, and every mapped original in it is replaced: document titles
and file names, reader notes, speaker names, memo titles and texts, coding memos, participant
attributes, code definitions and examples (and the codebook's version snapshots), survey answers
(open text, "other" answers and imported response metadata: respondents name interviewees too),
and the audit trail. Matching ignores case, treats spaces, `_`, `-` and `.` alike (file names) and also finds
the name with its accents removed ("Zoë Müller", "zoe_muller.docx").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from typing import Any

from sqlmodel import Session, select

from qualcode.ingest.deid.mapping import mapped
from qualcode.store import audit
from qualcode.store.models import (
    AuditEvent,
    Code,
    Codebook,
    CodebookVersion,
    CodeGroup,
    Coding,
    Document,
    Memo,
    Participant,
    Project,
    SpeakerTurn,
)  # fmt: skip
from qualcode.store.survey_models import Survey, SurveyAnswer, SurveyResponse

Replace = Callable[[str], str]


def _folded(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


SEPARATORS = r"[\s_\-.]+"


def _pattern(original: str) -> str:
    return SEPARATORS.join(re.escape(w) for w in re.split(SEPARATORS, original.strip()) if w)


def _normal(text: str) -> str:
    return " ".join(re.split(SEPARATORS, _folded(text).casefold().strip()))


def replacer(pairs: list[tuple[str, str]]) -> Replace:
    """A function replacing every original (whole words, any case, accents optional) by its pseudonym."""
    pseudonyms: dict[str, str] = {}
    for original, pseudonym in pairs:
        pseudonyms.setdefault(_normal(original), pseudonym)
    variants = {_pattern(v) for o, _ in pairs for v in (o, _folded(o)) if o.strip()}
    if not variants:
        return lambda text: text
    regex = re.compile(
        r"(?<![^\W_])(?:" + "|".join(sorted(variants, key=len, reverse=True)) + r")(?![^\W_])",
        re.IGNORECASE,
    )
    return lambda text: regex.sub(lambda m: pseudonyms.get(_normal(m.group(0)), m.group(0)), text)


def scrub_value(value: Any, replace: Replace) -> Any:
    """`value` with every string in it (dict keys too, nested lists and dicts) scrubbed."""
    if isinstance(value, str):
        return replace(value)
    if isinstance(value, list):
        return [scrub_value(v, replace) for v in value]
    if isinstance(value, dict):
        return {scrub_value(k, replace): scrub_value(v, replace) for k, v in value.items()}
    return value


def _scrub_rows(session: Session, rows, fields: tuple[str, ...], replace: Replace) -> int:
    changed = 0
    for row in rows:
        dirty = False
        for name in fields:
            old = getattr(row, name)
            new = scrub_value(old, replace)
            if new != old:
                setattr(row, name, new)
                dirty = True
        if dirty:
            session.add(row)
            changed += 1
    return changed


def _scrub_survey_answers(session: Session, project: Project, replace: Replace) -> int:
    surveys = select(Survey.id).where(Survey.project_id == project.id)
    responses = select(SurveyResponse).where(SurveyResponse.survey_id.in_(surveys))
    changed = _scrub_rows(session, session.exec(select(Survey).where(Survey.project_id == project.id)),
                          ("title",), replace)  # fmt: skip
    changed += _scrub_rows(session, session.exec(responses), ("meta",), replace)
    answers = select(SurveyAnswer).where(SurveyAnswer.response_id.in_(
        select(SurveyResponse.id).where(SurveyResponse.survey_id.in_(surveys))))  # fmt: skip
    return changed + _scrub_rows(session, session.exec(answers), ("value", "other_text"), replace)


def scrub_project(session: Session, project: Project, actor: str = "") -> int:
    """Replace every mapped original outside the document texts; returns the rows changed."""
    pairs = [(original, pseudonym) for _, original, pseudonym in mapped(session, project)]
    if not pairs:
        return 0
    replace = replacer(pairs)
    speaker = replacer([(o, p.strip("[]")) for o, p in pairs])  # speaker labels have no brackets
    documents = list(session.exec(select(Document).where(Document.project_id == project.id)))
    ids = [d.id for d in documents]
    codebook_ids = [
        c.id for c in session.exec(select(Codebook).where(Codebook.project_id == project.id))
    ]
    changed = _scrub_rows(session, documents, ("title", "source_name", "meta"), replace)
    changed += _scrub_rows(
        session, session.exec(select(SpeakerTurn).where(SpeakerTurn.document_id.in_(ids))),
        ("speaker",), speaker,
    )  # fmt: skip
    changed += _scrub_rows(
        session, session.exec(select(Memo).where(Memo.project_id == project.id)),
        ("title", "text"), replace,
    )  # fmt: skip
    changed += _scrub_rows(
        session, session.exec(select(Coding).where(Coding.document_id.in_(ids))), ("memo",), replace
    )
    changed += _scrub_rows(
        session, session.exec(select(Participant).where(Participant.project_id == project.id)),
        ("attributes",), replace,
    )  # fmt: skip
    changed += _scrub_rows(
        session, session.exec(select(Code).where(Code.codebook_id.in_(codebook_ids))),
        ("name", "definition", "include", "exclude", "examples"), replace,
    )  # fmt: skip
    changed += _scrub_rows(
        session, session.exec(select(CodeGroup).where(CodeGroup.codebook_id.in_(codebook_ids))),
        ("name", "description"), replace,
    )  # fmt: skip
    changed += _scrub_rows(
        session,
        session.exec(select(CodebookVersion).where(CodebookVersion.codebook_id.in_(codebook_ids))),
        ("snapshot", "note"), replace,
    )  # fmt: skip
    changed += _scrub_survey_answers(session, project, replace)
    changed += _scrub_rows(
        session, session.exec(select(AuditEvent).where(AuditEvent.project_id == project.id)),
        ("detail",), replace,
    )  # fmt: skip
    session.flush()
    audit.record(session, "deid.scrub", project_id=project.id, actor=actor, entity="project",
                 entity_id=project.id, rows=changed)  # fmt: skip
    return changed
