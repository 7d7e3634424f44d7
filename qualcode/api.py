"""qualcode from Python: open a study, read its tables as pandas DataFrames, compute what the CLI does.

A thin layer over the core for notebooks and scripts. Each call runs in its own transaction, so a
notebook holds no lock between cells, and a failed import stores nothing. Errors are the core's
exceptions (ValidationError is a ValueError, NotFoundError a LookupError), naming the Python
arguments to change. The heavy stacks (SQLModel, pandas, the agreement code) load on first use,
so `import qualcode` stays instant.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from qualcode.config import resolve_db_url
from qualcode.errors import ValidationError

if TYPE_CHECKING:
    import pandas as pd
    from sqlmodel import Session

    from qualcode.analysis.saturation import Saturation
    from qualcode.analysis.study import Study as AnalysisStudy
    from qualcode.store.models import Project


def open_study(url: str | None = None) -> Study:
    """The study in the database at `url` (default: the CLI's, i.e. QUALCODE_DB or
    sqlite:///qualcode-data/qualcode.db); LookupError-like NoProjectError when it holds none."""
    study = Study(resolve_db_url(url))
    with study.session():
        pass  # migrates an older database and checks that it holds a project
    return study


def _names(value: str | Iterable[str] | None) -> tuple[str, ...]:
    """One name or several, as a tuple ('' and None: none)."""
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,) if value.strip() else ()
    return tuple(value)


def _offset_cell(value: Any) -> Any:
    """A start/end cell as the CSV contract writes it: a whole number, or empty for none
    (pandas holds offsets with gaps as floats, 12.0, which the contract rejects)."""
    import pandas as pd

    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _csv_text(frame: pd.DataFrame) -> str:
    """A codings DataFrame as the text of a codings CSV."""
    frame = frame.copy()
    for column in ("start", "end"):
        if column in frame.columns:
            frame[column] = frame[column].astype(object).map(_offset_cell)
    return frame.to_csv(index=False)


@dataclass(frozen=True)
class AgreementReport:
    """Inter-rater agreement as in `qualcode agree`: overall, per code, per group.

    `data` is the CLI's JSON report; `overall` its overall coefficients; `codes` and `groups` one
    row per code or group (alpha, alpha_ci, kappa, fleiss_kappa, percent, ac1, n_units, ...)."""

    data: dict[str, Any]
    codes: pd.DataFrame = field(repr=False)
    groups: pd.DataFrame = field(repr=False)

    @property
    def overall(self) -> dict[str, Any]:
        return self.data["overall"]

    @property
    def notes(self) -> list[str]:
        return self.data["notes"]

    def to_json(self) -> str:
        """The report as JSON, exactly what `qualcode agree --format json` prints."""
        return json.dumps(self.data, indent=2, ensure_ascii=False)

    def render(self, format: str) -> str:
        """The report as csv, md, html or latex (the CLI's --format)."""
        from qualcode.agreement.report import render

        return render(self.data, format)


class Study:
    """One study (the project a database holds). Get one with `qualcode.open(url)`."""

    def __init__(self, url: str) -> None:
        self.url = url

    def __repr__(self) -> str:
        return f"<qualcode.Study {self.url!r}>"

    @contextmanager
    def session(self) -> Iterator[tuple[Session, Project]]:
        """One transaction on the study's database and its project: commit, or roll back on error."""
        from qualcode.project import current_project
        from qualcode.store import session_scope

        with session_scope(self.url) as session:
            yield session, current_project(session)

    # --- reading -------------------------------------------------------------------------------

    def documents(self) -> pd.DataFrame:
        """Live documents: document_id, title, participant, kind, format, interview_date, words."""
        import pandas as pd
        from sqlmodel import select

        from qualcode.ingest.documents import list_documents
        from qualcode.store.models import Participant

        with self.session() as (session, project):
            labels = dict(
                session.exec(
                    select(Participant.id, Participant.label).where(
                        Participant.project_id == project.id
                    )
                ).all()
            )
            rows = [
                (d.id, d.title, labels.get(d.participant_id, ""), d.kind, d.format,
                 d.interview_date, len(d.text.split()), d.source_name)
                for d in list_documents(session, project)
            ]  # fmt: skip
        columns = ["document_id", "title", "participant", "kind", "format", "interview_date",
                   "words", "source_name"]  # fmt: skip
        return pd.DataFrame(rows, columns=columns)

    def participants(self) -> pd.DataFrame:
        """One row per participant (natural order: P2 before P10): participant, documents, then
        one column per attribute from the demographics sheet."""
        import pandas as pd

        from qualcode.ingest.documents import list_documents
        from qualcode.ingest.participants import list_participants, natural_key

        with self.session() as (session, project):
            counts: dict[int, int] = {}
            for document in list_documents(session, project):
                counts[document.participant_id] = counts.get(document.participant_id, 0) + 1
            rows = [
                {"participant": p.label, "documents": counts.get(p.id, 0), **(p.attributes or {})}
                for p in sorted(list_participants(session, project), key=lambda p: natural_key(p.label))
            ]  # fmt: skip
        return pd.DataFrame(rows, columns=None if rows else ["participant", "documents"])

    def codebook(self) -> pd.DataFrame:
        """The live codes in codebook order: code, name, group, group_name, parent, description,
        color, position."""
        from qualcode.analysis.study import codebook_frames
        from qualcode.codebook.store import require_codebook

        with self.session() as (session, project):
            codes, _ = codebook_frames(session, require_codebook(session, project))
        return codes

    def codings(
        self, coders: str | Iterable[str] | None = None, consensus: bool = False
    ) -> pd.DataFrame:
        """Live codings, one row each (coding_id, document, participant, coder, code, group,
        start, end, memo, quote): of the named coders, the consensus, or all coders but consensus."""
        from qualcode.analysis.codings_frame import codings_frame

        with self.session() as (session, project):
            return codings_frame(session, project, self._choice(coders, consensus))

    # --- analysis ------------------------------------------------------------------------------

    def agreement(
        self,
        unit: str = "document",
        coders: str | Iterable[str] | None = None,
        codes: str | Iterable[str] | None = None,
        group: str | None = None,
        resamples: int = 1000,
        seed: int | None = 1,
        min_overlap: float = 0.0,
        ci: str = "documents",
    ) -> AgreementReport:
        """Agreement of the coders (default: all but consensus) on `unit` (document, turn,
        sentence, paragraph, character), for the given codes, one group, or all codes; alpha's
        interval from `resamples` bootstrap draws with `seed` (0 resamples: no interval), resampling
        `ci` ("documents", "units" or "krippendorff", as `qualcode agree --ci`)."""
        import pandas as pd

        from qualcode.agreement.compute import run_agreement
        from qualcode.agreement.data import Selection

        selection = Selection(
            unit, _names(coders) or None, _names(codes) or None, group, min_overlap
        )
        with self.session() as (session, project):
            data = run_agreement(session, project, selection, resamples, seed, ci)
        return AgreementReport(data, pd.DataFrame(data["codes"]), pd.DataFrame(data["groups"]))

    def _study(self, coders, consensus) -> AnalysisStudy:
        from qualcode.analysis.study import load_study

        with self.session() as (session, project):
            return load_study(session, project, self._choice(coders, consensus))

    @staticmethod
    def _choice(coders, consensus):
        from qualcode.analysis.codings_frame import CoderChoice

        names = _names(coders)
        if names and consensus:
            raise ValidationError("give `coders` or `consensus`, not both")
        return CoderChoice(coders=names, consensus=consensus)

    def code_table(
        self,
        group: str | None = None,
        count: str = "participants",
        coders: str | Iterable[str] | None = None,
        consensus: bool = False,
    ) -> pd.DataFrame:
        """How many participants (and codings, documents) mentioned each code of `group`, with a
        representative quote; sorted by `count` ("participants", "codings" or "codebook")."""
        from qualcode.analysis.tables import code_table

        return code_table(self._study(coders, consensus), group, sort=count)

    def saturation(
        self,
        order: str | list[str] = "date",
        k: int = 2,
        group: str | None = None,
        coders: str | Iterable[str] | None = None,
        consensus: bool = False,
    ) -> Saturation:
        """New and cumulative codes per participant in `order` ("date", "label", or a list of
        participant ids); `.rows` the table, `.saturated_at` where k interviews added nothing new."""
        from qualcode.analysis.saturation import saturation

        return saturation(self._study(coders, consensus), order, k, group)

    def framework_matrix(
        self,
        group: str | None = None,
        by: str = "code",
        coders: str | Iterable[str] | None = None,
        consensus: bool = False,
    ) -> pd.DataFrame:
        """Participants x codes (or groups, by="group"), each cell the coded quotes."""
        from qualcode.analysis.framework import framework_matrix

        return framework_matrix(self._study(coders, consensus), group, by)

    def evidence_metrics(self, source: str | None = None) -> pd.DataFrame:
        """Registry metrics per loaded source (metric, title, codes, source, value, numerator,
        denominator, reference); without `source`, metrics no source computes appear once."""
        import pandas as pd

        from qualcode.evidence.report import metric_rows

        with self.session() as (session, project):
            return pd.DataFrame(metric_rows(session, project, source))

    # --- writing -------------------------------------------------------------------------------

    def import_transcripts(
        self,
        paths: str | Path | Iterable[str | Path],
        participant: str | None = None,
        participant_pattern: str | None = None,
        participant_format: str = "{}",
        format: str = "auto",
        id_column: str | None = None,
        text_column: str | None = None,
        actor: str = "",
    ) -> pd.DataFrame:
        """Import transcript files all or none (one bad file stores nothing and raises
        ValidationError naming it); identical files already stored are skipped. One row per file."""
        import pandas as pd

        from qualcode.ingest.bulk import import_transcript_files
        from qualcode.ingest.documents import ImportOptions

        if participant and participant_pattern:
            raise ValidationError("give `participant` or `participant_pattern`, not both")
        options = ImportOptions(
            fmt=format, participant=participant, participant_pattern=participant_pattern,
            participant_format=participant_format, id_column=id_column, text_column=text_column,
        )  # fmt: skip
        files = [paths] if isinstance(paths, str | Path) else list(paths)
        with self.session() as (session, project):
            results = import_transcript_files(session, project, files, options, actor)
        columns = ["file", "document_id", "participant", "format", "turns", "speakers", "words",
                   "memos", "skipped", "warnings"]  # fmt: skip
        return pd.DataFrame([{c: getattr(r, c) for c in columns} for r in results], columns=columns)

    def import_codings(
        self, frame_or_path: pd.DataFrame | str | Path, create_missing_codes: bool = False,
        actor: str = "",
    ) -> int:  # fmt: skip
        """Import codings (the CSV contract's columns: document, participant, coder, code, group,
        start, end, memo) from a DataFrame or a CSV file, all rows or none; the number stored."""
        from qualcode.coding.csv_exchange import import_codings_csv

        if isinstance(frame_or_path, str | Path):
            from qualcode.ingest.readers.text_reader import decode

            path = Path(frame_or_path)
            if not path.is_file():
                raise ValidationError(f"{path}: no such file")
            text, source = decode(path.name, path.read_bytes()), path.name
        else:
            text, source = _csv_text(frame_or_path), "DataFrame"
        with self.session() as (session, project):
            return import_codings_csv(session, project, text, source, create_missing_codes, actor)
