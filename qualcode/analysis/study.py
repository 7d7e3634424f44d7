"""Everything the analysis tables read, loaded once: codings of a coder choice, codes, participants, documents.

The tables themselves are plain functions over these frames, so they are fast (pandas) and testable
without a database. Participants are the people interviewed; a live document without a participant
counts as its own participant.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from sqlmodel import Session, select

from qualcode.analysis.codings_frame import CoderChoice, codings_frame
from qualcode.codebook import store as codebook_store
from qualcode.errors import NotFoundError
from qualcode.ingest.participants import natural_key
from qualcode.store.live import live
from qualcode.store.models import Codebook, Document, Participant, Project

CODE_COLUMNS = ["code", "name", "group", "group_name", "parent", "description", "color", "position"]


@dataclass
class Study:
    """The inputs of every table for one coder choice."""

    codings: pd.DataFrame  # codings_frame columns + "who" (participant, or document title)
    codes: pd.DataFrame  # CODE_COLUMNS, codebook order
    groups: pd.DataFrame  # key, name, description, codebook order
    participants: pd.DataFrame  # who, attributes (dict), date (earliest interview date or None)
    documents: pd.DataFrame  # document_id, title, who, interview_date, text
    choice: CoderChoice

    @property
    def n_participants(self) -> int:
        return len(self.participants)

    def group_codes(self, group: str | None) -> pd.DataFrame:
        """Codes of one group (key or name, case-insensitive), or all codes when group is None."""
        if group is None:
            return self.codes
        wanted = group.strip().casefold()
        match = self.groups[
            (self.groups["key"].str.casefold() == wanted)
            | (self.groups["name"].str.casefold() == wanted)
        ]
        if match.empty:
            known = ", ".join(self.groups["key"]) or "none"
            raise NotFoundError(f"no code group {group!r} (groups: {known})")
        return self.codes[self.codes["group"] == match.iloc[0]["key"]]

    def ordered_participants(self) -> list[str]:
        """Participant ids in natural order (P2 before P10)."""
        return sorted(self.participants["who"], key=natural_key)


def _participant_rows(session: Session, project: Project, documents: pd.DataFrame) -> pd.DataFrame:
    people = {
        p.label: p.attributes or {}
        for p in session.exec(select(Participant).where(Participant.project_id == project.id))
    }
    rows = []
    for who, docs in documents.groupby("who", sort=False):
        dates = [d for d in docs["interview_date"] if d]
        rows.append(
            {"who": who, "attributes": people.get(who, {}), "date": min(dates) if dates else None}
        )
    return pd.DataFrame(rows, columns=["who", "attributes", "date"])


def codebook_frames(session: Session, codebook: Codebook) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The live codes (CODE_COLUMNS) and the groups (key, name, description), in codebook order."""
    group_rows = codebook_store.groups(session, codebook)
    group_by_id = {g.id: g for g in group_rows}
    code_rows = codebook_store.codes(session, codebook)
    key_by_id = {c.id: c.key for c in code_rows}
    codes = pd.DataFrame(
        [
            (
                c.key, c.name, group_by_id[c.group_id].key if c.group_id in group_by_id else "",
                group_by_id[c.group_id].name if c.group_id in group_by_id else "",
                key_by_id.get(c.parent_id, ""), c.definition, c.color, i,
            )
            for i, c in enumerate(code_rows)
        ],
        columns=CODE_COLUMNS,
    )  # fmt: skip
    groups = pd.DataFrame(
        [(g.key, g.name, g.description) for g in group_rows], columns=["key", "name", "description"]
    )
    return codes, groups


def load_study(session: Session, project: Project, choice: CoderChoice = CoderChoice()) -> Study:
    """Read the codebook, live documents, participants and the choice's codings."""
    codes, groups = codebook_frames(session, codebook_store.require_codebook(session, project))
    labels = {
        p.id: p.label
        for p in session.exec(select(Participant).where(Participant.project_id == project.id))
    }
    docs = session.exec(select(Document).where(Document.project_id == project.id, live(Document)))
    documents = pd.DataFrame(
        [
            (d.id, d.title, labels.get(d.participant_id) or d.title, d.interview_date, d.text)
            for d in docs
        ],
        columns=["document_id", "title", "who", "interview_date", "text"],
    )
    codings = codings_frame(session, project, choice)
    codings["who"] = codings["participant"].where(codings["participant"] != "", codings["document"])
    codings = codings[codings["code"].isin(set(codes["code"]))].reset_index(drop=True)
    return Study(
        codings=codings,
        codes=codes,
        groups=groups,
        participants=_participant_rows(session, project, documents),
        documents=documents,
        choice=choice,
    )


def require_codes(study: Study, group: str | None) -> pd.DataFrame:
    """The group's codes; a clear error when the group holds none."""
    codes = study.group_codes(group)
    if codes.empty:
        raise NotFoundError(
            f"the group {group!r} holds no codes" if group else "the codebook holds no codes"
        )
    return codes
