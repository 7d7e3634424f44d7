"""Sample evidence for the demo: small synthetic Hugging Face metadata and a PeaTMOSS-shaped SQLite,
generated (seeded) next to the project database and registered as sources marked synthetic."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.engine import make_url
from sqlmodel import Session

from qualcode.config import load_settings
from qualcode.evidence import synth
from qualcode.evidence.sources import load_source
from qualcode.store.evidence_models import EvidenceSource
from qualcode.store.models import Project

SEED = 2023


def sample_evidence_dir(session: Session) -> Path:
    """Beside an SQLite project file, else under the data folder (QUALCODE_DATA_DIR)."""
    url = make_url(str(session.get_bind().url))
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        return Path(url.database).resolve().parent / "sample-evidence"
    return load_settings().data_dir.resolve() / "sample-evidence"


def load_sample_evidence(
    session: Session, project: Project, actor: str = "demo"
) -> list[EvidenceSource]:
    """Generate and load the synthetic sources (2,000 HF records, 3,000 PeaTMOSS models)."""
    folder = sample_evidence_dir(session)
    folder.mkdir(parents=True, exist_ok=True)
    hf_path = folder / "synthetic_hf_metadata.jsonl"
    synth.write_hf_metadata(hf_path, 2000, SEED)
    peatmoss_path = folder / "synthetic_peatmoss.db"
    peatmoss_path.unlink(missing_ok=True)
    synth.write_peatmoss(peatmoss_path, 3000, SEED)
    return [
        load_source(
            session, project, "hf-metadata", hf_path, "synthetic-hf", synthetic=True, actor=actor
        ),
        load_source(
            session,
            project,
            "peatmoss",
            peatmoss_path,
            "synthetic-peatmoss",
            synthetic=True,
            actor=actor,
        ),
    ]
