"""The sample study shipped with qualcode: the PTM reuse codebook, short interviews, two coders, and a
survey with synthetic responses."""

from __future__ import annotations

from pathlib import Path

import yaml
from sqlmodel import Session

from qualcode.codebook import store as codebook_store
from qualcode.codebook.files import read_codebook_file
from qualcode.coding.csv_exchange import import_codings_csv
from qualcode.errors import ValidationError
from qualcode.ingest.documents import import_transcript_file
from qualcode.ingest.participants import import_demographics
from qualcode.project import create_project, find_project
from qualcode.store.models import Project
from qualcode.survey.instrument import read_instrument_file
from qualcode.survey.qualtrics_import import import_qualtrics
from qualcode.survey.surveys import create_survey, set_status

REPO_ROOT = Path(__file__).resolve().parents[1]
SAMPLE_DIR = REPO_ROOT / "transcripts_sample"
CODEBOOK_DIR = REPO_ROOT / "codebooks"
PTM_CODEBOOK = CODEBOOK_DIR / "ptm_reuse.yaml"
SYNTHETIC = "synthetic sample responses"


def load_sample_study(
    session: Session, sample_dir: Path = SAMPLE_DIR, actor: str = "demo"
) -> Project:
    """Create the sample project from `study.yaml` in the sample folder (refuses a database with a project)."""
    manifest_path = sample_dir / "study.yaml"
    if not manifest_path.is_file():
        raise ValidationError(f"{manifest_path}: sample study manifest not found")
    manifest = yaml.safe_load(manifest_path.read_text(encoding="utf-8"))
    existing = find_project(session)
    if existing is not None:
        raise ValidationError(
            f"this database already holds the project '{existing.name}'; use a new database for the demo"
        )
    project = create_project(session, manifest["name"], actor)
    codebook = read_codebook_file(REPO_ROOT / manifest["codebook"])
    codebook_store.import_spec(session, project, codebook, actor, manifest["codebook"])
    if manifest.get("demographics"):
        import_demographics(
            session,
            project,
            sample_dir / manifest["demographics"],
            manifest.get("id_column", "participant"),
            actor,
        )
    for entry in manifest["transcripts"]:
        import_transcript_file(
            session, project, sample_dir / entry["file"], entry.get("participant"), actor=actor
        )
    for name in manifest.get("codings", []):
        path = sample_dir / name
        import_codings_csv(
            session, project, path.read_text(encoding="utf-8"), path.name, actor=actor
        )
    if manifest.get("survey"):
        load_sample_survey(session, project, sample_dir, manifest["survey"], actor)
    return project


def load_sample_survey(
    session: Session, project: Project, sample_dir: Path, entry: dict, actor: str = "demo"
) -> dict:
    """The sample survey (closed) with its made-up responses, read from a Qualtrics-style export;
    its slug (from the manifest), title and source say the responses are synthetic."""
    instrument = read_instrument_file(REPO_ROOT / entry["instrument"])
    instrument.slug = entry.get("slug", instrument.slug)
    instrument.title = f"{instrument.title} ({SYNTHETIC})"
    survey = create_survey(session, project, instrument, source=f"sample: {SYNTHETIC}", actor=actor)
    set_status(session, survey, "closed", actor)
    return import_qualtrics(
        session, project, sample_dir / entry["responses"], instrument.slug, actor=actor
    )
