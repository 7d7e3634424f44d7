"""`qualcode suggest run`: the assistant's codings of some documents, each with its probability.

Suggestions are codings of the assistant coder, one per unit and code whose probability reaches
the threshold, so agreement measures the assistant like any coder. A new run replaces the
assistant's codings in those documents; what people decided about earlier suggestions stays
recorded. Nothing becomes a person's coding without that person accepting it (review.py).
"""

from __future__ import annotations

import numpy as np
from sqlmodel import Session, select

from qualcode.codebook import store as codebook_store
from qualcode.errors import NotFoundError, ValidationError
from qualcode.store import audit
from qualcode.store.live import live
from qualcode.store.models import Code, Coder, Coding, Document, Project, utcnow
from qualcode.store.suggestion_models import Suggestion, SuggestionModel
from qualcode.suggest.examples import Units, document_units
from qualcode.suggest.features import transform
from qualcode.suggest.stored import StoredModel, load_model


def choose_documents(session: Session, project: Project, refs: tuple[str, ...]) -> list[Document]:
    """Documents by id or title (all live documents when none is named)."""
    documents = list(session.exec(
        select(Document).where(Document.project_id == project.id, live(Document))
        .order_by(Document.id)
    ))  # fmt: skip
    if not refs:
        return documents
    by_ref = {str(d.id): d for d in documents} | {d.title: d for d in documents}
    missing = [r for r in refs if r not in by_ref]
    if missing:
        raise NotFoundError(f"no document {', '.join(missing)} (give document ids or titles)")
    return list({by_ref[r].id: by_ref[r] for r in refs}.values())


def predict(stored: StoredModel, texts: list[str]) -> np.ndarray:
    """codes x texts probabilities."""
    if not texts or not stored.classifiers:
        return np.zeros((len(stored.classifiers), len(texts)))
    features = transform(stored.space, texts)
    return np.vstack([classifier.probabilities(features) for _, classifier in stored.classifiers])


def write_suggestions(
    session: Session,
    project: Project,
    model: SuggestionModel,
    assistant: Coder,
    documents: list[Document],
    units: Units,
    hits: list[tuple[int, Code, float]],
) -> int:
    """Replace the assistant's codings in the documents by `hits` ((unit, code, probability));
    returns how many codings were replaced."""
    old = session.exec(select(Coding).where(
        Coding.coder_id == assistant.id, live(Coding),
        Coding.document_id.in_([d.id for d in documents]))).all()  # fmt: skip
    now = utcnow()
    for coding in old:
        coding.deleted_at = now
        session.add(coding)
    version = codebook_store.require_codebook(session, project).version
    for u, code, probability in hits:
        coding = Coding(document_id=units.document_ids[u], coder_id=assistant.id, code_id=code.id,
                        start=units.starts[u], end=units.ends[u], codebook_version=version)  # fmt: skip
        session.add(coding)
        session.flush()
        session.add(Suggestion(model_id=model.id, coding_id=coding.id, code_id=code.id,
                               document_id=coding.document_id, probability=round(probability, 6)))  # fmt: skip
    return len(old)


def run(
    session: Session,
    project: Project,
    documents: tuple[str, ...] = (),
    threshold: float = 0.5,
    assistant: str = "assistant",
    actor: str = "",
) -> dict:
    """Write the assistant's suggestions for the documents; returns counts per code."""
    if not 0.0 < threshold <= 1.0:
        raise ValidationError(f"the threshold must be above 0 and at most 1, not {threshold}")
    stored = load_model(session, project, assistant)
    chosen = choose_documents(session, project, documents)
    units = document_units(session, chosen, stored.model.unit)
    probabilities = predict(stored, units.texts)
    hits, counts = [], {}
    for row, (code, _) in enumerate(stored.classifiers):
        found = np.flatnonzero(probabilities[row] >= threshold)
        counts[code.key] = len(found)
        hits += [(int(u), code, float(probabilities[row, u])) for u in found]
    replaced = write_suggestions(
        session, project, stored.model, stored.assistant, chosen, units, hits
    )
    audit.record(session, "suggest.run", project_id=project.id, actor=actor,
                 entity="suggestionmodel", entity_id=stored.model.id, assistant=assistant,
                 documents=[d.id for d in chosen], threshold=threshold, replaced=replaced,
                 suggestions=sum(counts.values()))  # fmt: skip
    return {"assistant": assistant, "model_id": stored.model.id, "unit": stored.model.unit,
            "documents": len(chosen), "units": len(units.texts), "threshold": threshold,
            "suggestions": counts, "replaced": replaced,
            "warnings": [w for w in (stored.outdated(),) if w]}  # fmt: skip
