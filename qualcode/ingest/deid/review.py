"""The de-identification workflow: propose pseudonyms for a document, review each proposal
(accept, reject, edit, add; in the UI or from a CSV), then apply the accepted ones.

Applying replaces text once and re-maps every span that points into it (turns, codings, memos,
markers). The mapping original -> pseudonym is stored in its own table, apart from the text,
and leaves the project only through `export_mapping`. Applying also scrubs every other place a
name can be (titles, file names, memos, coding memos, attributes, speakers; see `scrub`)."""

from __future__ import annotations

import csv
import io
import re

from sqlmodel import Session, select

from qualcode.errors import NotFoundError, ValidationError
from qualcode.ingest.deid import mapping as pseudonyms
from qualcode.ingest.deid.detect import KINDS, find_candidates, is_personal_label
from qualcode.ingest.deid.mapping import export_mapping  # noqa: F401 - callers' entry point
from qualcode.ingest.deid.scrub import scrub_project
from qualcode.ingest.documents import document_turns, resolve_document
from qualcode.ingest.offsets import Edit, apply_edits
from qualcode.spreadsheet_cells import csv_text, restore
from qualcode.store import audit
from qualcode.store.deid_models import DeidProposal
from qualcode.store.models import Coding, Document, Memo, Participant, Project, utcnow
from qualcode.store.sealing import seal, unseal

DECISIONS = {
    "accept": "accepted",
    "reject": "rejected",
    "proposed": "proposed",
    "accepted": "accepted",
    "rejected": "rejected",
}
PREFIX = {
    "person": "PERSON",
    "org": "ORG",
    "email": "EMAIL",
    "url": "URL",
    "phone": "PHONE",
    "handle": "HANDLE",
    "other": "REDACTED",
}
SPEAKER_LABEL = -1  # start/end of a proposal that renames a speaker label, not a passage
CSV_COLUMNS = [
    "id",
    "document",
    "start",
    "end",
    "original",
    "kind",
    "source",
    "replacement",
    "decision",
]


def known_terms(
    session: Session, project: Project, document: Document, extra: list[str] | None = None
) -> list[tuple[str, str, str]]:
    """Names to look for: the document's named speakers, participants' recorded names, the user's list
    (project setting `deid_terms` plus `extra`)."""
    terms = [
        (t.speaker, "person", "speaker")
        for t in document_turns(session, document)
        if is_personal_label(t.speaker)
    ]
    for participant in session.exec(
        select(Participant).where(Participant.project_id == project.id)
    ):
        name = participant.attributes.get("name")
        if isinstance(name, str) and name.strip():
            terms.append((name, "person", "participant"))
    for kind, original, _ in pseudonyms.mapped(session, project):  # names found in other documents
        terms.append((original, kind, "mapping"))
    for term in [*project.settings.get("deid_terms", []), *(extra or [])]:
        text, _, kind = term.partition(":") if ":" in term else (term, "", "other")
        terms.append((text.strip(), kind.strip() if kind.strip() in KINDS else "other", "user"))
    return list(dict.fromkeys(terms))


def _assigned(session: Session, project: Project) -> dict[tuple[str, str], str]:
    """(kind, original casefolded) -> pseudonym, from the mapping and from open proposals."""
    assigned = {
        (kind, original.casefold()): pseudonym
        for kind, original, pseudonym in pseudonyms.mapped(session, project)
    }
    for proposal in session.exec(
        select(DeidProposal).where(
            DeidProposal.project_id == project.id, DeidProposal.status != "rejected"
        )
    ):
        assigned.setdefault((proposal.kind, proposal.original.casefold()), proposal.replacement)
    return assigned


def _speaker_participants(session: Session, project: Project) -> dict[str, str]:
    """Named speakers with the participant role -> the label of their document's participant."""
    labels = {
        p.id: p.label
        for p in session.exec(select(Participant).where(Participant.project_id == project.id))
    }
    found: dict[str, str] = {}
    for document in session.exec(
        select(Document).where(
            Document.project_id == project.id, Document.participant_id.is_not(None)
        )
    ):
        for turn in document_turns(session, document):
            if turn.role == "participant" and is_personal_label(turn.speaker):
                found.setdefault(turn.speaker.casefold(), labels[document.participant_id])
    for participant in session.exec(
        select(Participant).where(Participant.project_id == project.id)
    ):
        name = participant.attributes.get("name")
        if isinstance(name, str) and name.strip():
            found.setdefault(name.strip().casefold(), participant.label)
    return found


def pseudonym_for(
    assigned: dict[tuple[str, str], str], kind: str, original: str, participants: dict[str, str]
) -> str:
    """The project-wide pseudonym: the same original always gets the same one; a participant's own
    name becomes their id ([P3]); others are numbered per kind ([ORG-2])."""
    key = (kind, original.casefold())
    if key not in assigned:
        if kind == "person" and original.casefold() in participants:
            assigned[key] = f"[{participants[original.casefold()]}]"
        else:
            prefix = PREFIX.get(kind, "REDACTED")
            used = [
                int(m.group(1))
                for v in assigned.values()
                if (m := re.fullmatch(rf"\[{prefix}-(\d+)\]", v))
            ]
            assigned[key] = f"[{prefix}-{max(used, default=0) + 1}]"
    return assigned[key]


def propose(
    session: Session,
    project: Project,
    document: Document,
    extra_terms: list[str] | None = None,
    actor: str = "",
) -> list[DeidProposal]:
    """Fresh proposals for one document (earlier undecided ones are replaced; decided ones kept)."""
    existing = list(
        session.exec(
            select(DeidProposal).where(
                DeidProposal.document_id == document.id, DeidProposal.status != "applied"
            )
        )
    )
    decided = {(p.start, p.end, p.original) for p in existing if p.status != "proposed"}
    for proposal in existing:
        if proposal.status == "proposed":
            session.delete(proposal)
    session.flush()
    assigned, participants = _assigned(session, project), _speaker_participants(session, project)
    created = []
    for candidate in find_candidates(
        document.text, known_terms(session, project, document, extra_terms)
    ):
        if (candidate.start, candidate.end, candidate.text) in decided:
            continue
        proposal = DeidProposal(
            project_id=project.id, document_id=document.id, start=candidate.start, end=candidate.end,
            original=candidate.text, kind=candidate.kind, source=candidate.source,
            replacement=pseudonym_for(assigned, candidate.kind, candidate.text, participants),
        )  # fmt: skip
        session.add(proposal)
        created.append(proposal)
    for label in dict.fromkeys(t.speaker for t in document_turns(session, document)):
        if is_personal_label(label) and (SPEAKER_LABEL, SPEAKER_LABEL, label) not in decided:
            proposal = DeidProposal(
                project_id=project.id, document_id=document.id, start=SPEAKER_LABEL, end=SPEAKER_LABEL,
                original=label, kind="person", source="speaker label",
                replacement=pseudonym_for(assigned, "person", label, participants),
            )  # fmt: skip
            session.add(proposal)
            created.append(proposal)
    session.flush()
    audit.record(
        session,
        "deid.propose",
        project_id=project.id,
        actor=actor,
        entity="document",
        entity_id=document.id,
        count=len(created),
    )
    return created


def proposals(
    session: Session, project: Project, document: Document | None = None, status: str | None = None
) -> list[DeidProposal]:
    """Proposals of the project (or one document), in text order."""
    query = select(DeidProposal).where(DeidProposal.project_id == project.id)
    if document is not None:
        query = query.where(DeidProposal.document_id == document.id)
    if status is not None:
        query = query.where(DeidProposal.status == status)
    return list(session.exec(query.order_by(DeidProposal.document_id, DeidProposal.start)))


def decide(
    session: Session,
    project: Project,
    proposal_id: int,
    decision: str,
    replacement: str | None = None,
    actor: str = "",
) -> DeidProposal:
    """Accept or reject one proposal, optionally with an edited replacement."""
    proposal = session.get(DeidProposal, proposal_id)
    if proposal is None or proposal.project_id != project.id:
        raise NotFoundError(f"no de-identification proposal {proposal_id}")
    if proposal.status == "applied":
        raise ValidationError(f"proposal {proposal_id} is already applied to the text")
    if decision not in DECISIONS:
        raise ValidationError(
            f"proposal {proposal_id}: decision {decision!r} must be accept or reject"
        )
    proposal.status = DECISIONS[decision]
    if replacement is not None and replacement.strip():
        proposal.replacement = replacement.strip()
    proposal.updated_at = utcnow()
    session.add(proposal)
    audit.record(
        session,
        "deid.decide",
        project_id=project.id,
        actor=actor,
        entity="deid_proposal",
        entity_id=proposal.id,
        status=proposal.status,
    )
    return proposal


def add_proposal(
    session: Session,
    project: Project,
    document: Document,
    start: int,
    end: int,
    kind: str = "other",
    replacement: str = "",
    actor: str = "",
) -> DeidProposal:
    """A passage the researcher marks by hand; accepted at once."""
    if not 0 <= start < end <= len(document.text):
        raise ValidationError(
            f"'{document.title}': span {start}-{end} is outside the text (0-{len(document.text)})"
        )
    if kind not in KINDS:
        raise ValidationError(f"kind {kind!r} must be one of: {', '.join(KINDS)}")
    original = document.text[start:end]
    replacement = replacement.strip() or pseudonym_for(
        _assigned(session, project), kind, original, _speaker_participants(session, project)
    )
    proposal = DeidProposal(
        project_id=project.id,
        document_id=document.id,
        start=start,
        end=end,
        original=original,
        kind=kind,
        source="manual",
        replacement=replacement,
        status="accepted",
    )
    session.add(proposal)
    session.flush()
    audit.record(
        session,
        "deid.add",
        project_id=project.id,
        actor=actor,
        entity="deid_proposal",
        entity_id=proposal.id,
    )
    return proposal


def proposals_csv(
    session: Session, project: Project, document: Document | None = None,
    show_originals: bool = False,
) -> str:  # fmt: skip
    """Proposals as CSV for review in a spreadsheet (decision column: accept / reject / proposed).
    The original text is left out unless `show_originals` (it stays in the text until applied)."""
    titles = {
        d.id: d.source_name or d.title
        for d in session.exec(select(Document).where(Document.project_id == project.id))
    }
    rows = []
    for p in proposals(session, project, document):
        decision = {"accepted": "accept", "rejected": "reject"}.get(p.status, p.status)
        rows.append(
            [
                p.id,
                titles[p.document_id],
                p.start,
                p.end,
                unseal(session, p.original) if show_originals else "",
                p.kind,
                p.source,
                p.replacement,
                decision,
            ]
        )
    return csv_text(CSV_COLUMNS, rows)


def review_csv(
    session: Session, project: Project, text: str, source: str = "review.csv", actor: str = ""
) -> int:
    """Apply a reviewed CSV: rows with an id update that proposal; rows without one add a passage
    (document, start, end). All rows or none: the first bad row raises naming its line."""
    reader = csv.DictReader(io.StringIO(text))
    missing = {"id", "decision"} - set(reader.fieldnames or [])
    if missing:
        raise ValidationError(
            f"{source}: missing column(s) {', '.join(sorted(missing))} (expected {', '.join(CSV_COLUMNS)})"
        )
    count = 0
    for line, raw in enumerate(reader, start=2):
        row = {k: v if not isinstance(v, str) else restore(v) for k, v in raw.items()}
        try:
            decision = (row.get("decision") or "").strip().lower()
            replacement = row.get("replacement")
            if (row.get("id") or "").strip():
                decide(session, project, int(row["id"]), decision, replacement, actor)
            else:
                document = resolve_document(session, project, row.get("document") or "")
                proposal = add_proposal(
                    session,
                    project,
                    document,
                    int(row["start"]),
                    int(row["end"]),
                    (row.get("kind") or "other").strip(),
                    replacement or "",
                    actor,
                )
                if decision == "reject":
                    proposal.status = "rejected"
        except (ValueError, TypeError) as exc:
            raise ValidationError(f"{source}, line {line}: {exc}") from exc
        except (ValidationError, NotFoundError) as exc:
            raise ValidationError(f"{source}, line {line}: {exc}") from exc
        count += 1
    return count


def apply_accepted(session: Session, project: Project, document: Document, actor: str = "") -> int:
    """Replace the accepted passages in the text; re-map turns, codings, memos and markers; record
    the pseudonyms in the mapping. Returns the number of replacements."""
    every = proposals(session, project, document, "accepted")
    if not every:
        return 0
    accepted = [p for p in every if p.start != SPEAKER_LABEL]
    for a, b in zip(accepted, accepted[1:], strict=False):
        if b.start < a.end:
            raise ValidationError(
                f"'{document.title}': accepted proposals {a.id} and {b.id} overlap; reject one"
            )
    for p in accepted:
        if document.text[p.start : p.end] != p.original:
            raise ValidationError(
                f"'{document.title}': proposal {p.id} no longer matches the text; propose again"
            )
    text, mapping = apply_edits(
        document.text, [Edit(p.start, p.end, p.replacement) for p in accepted]
    )
    for turn in document_turns(session, document):
        turn.start, turn.end = mapping.span(turn.start, turn.end)
        session.add(turn)
    for coding in session.exec(
        select(Coding).where(Coding.document_id == document.id, Coding.start.is_not(None))
    ):
        coding.start, coding.end = mapping.span(coding.start, coding.end)
        session.add(coding)
    for memo in session.exec(
        select(Memo).where(
            Memo.target == "document", Memo.target_id == document.id, Memo.start.is_not(None)
        )
    ):
        memo.start, memo.end = mapping.span(memo.start, memo.end)
        session.add(memo)
    markers = [
        {**m, "start": s, "end": e}
        for m in document.meta.get("markers", [])
        for s, e in [mapping.span(m["start"], m["end"])]
    ]
    renames = {
        p.original.casefold(): p.replacement.strip("[]") for p in every if p.kind == "person"
    }
    for turn in document_turns(session, document):
        if turn.speaker.casefold() in renames:
            turn.speaker = renames[turn.speaker.casefold()]
            session.add(turn)
    document.text, document.meta = text, {**document.meta, "markers": markers, "deidentified": True}
    session.add(document)
    pseudonyms.record_mapping(session, project, every)
    for p in every:  # the original now lives only in the sealed mapping
        p.status, p.updated_at, p.original = "applied", utcnow(), seal(session, p.original)
        session.add(p)
    scrub_project(session, project)
    audit.record(
        session,
        "deid.apply",
        project_id=project.id,
        actor=actor,
        entity="document",
        entity_id=document.id,
        replacements=len(every),
    )
    return len(every)
