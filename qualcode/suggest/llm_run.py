"""`qualcode suggest run --backend llm`: suggestions from the team's chosen language model.

The model's codes are written like the local model's (codings of an assistant coder, probability
1.0 as the model gives no probability), under a model record that names the endpoint; every
call is audited with the host, the model and the prompt's hash.
"""

from __future__ import annotations

from sqlmodel import Session, select

from qualcode.codebook import store as codebook_store
from qualcode.errors import ValidationError
from qualcode.store import audit
from qualcode.store.live import live
from qualcode.store.models import Project, utcnow
from qualcode.store.suggestion_models import SuggestionModel
from qualcode.suggest.examples import check_unit, document_units
from qualcode.suggest.llm import code_units, configured_endpoint
from qualcode.suggest.run import choose_documents, write_suggestions
from qualcode.suggest.train import assistant_coder


def run_llm(
    session: Session,
    project: Project,
    documents: tuple[str, ...] = (),
    unit: str = "turn",
    assistant: str = "llm-assistant",
    confirmed: bool = False,
    actor: str = "",
) -> dict:
    """Ask the configured endpoint to code the units of the documents; write its suggestions."""
    check_unit(unit)
    endpoint = configured_endpoint()
    if endpoint is None:
        raise ValidationError(
            "no language model is configured: set QUALCODE_LLM_URL (it is off by default)"
        )
    codebook = codebook_store.require_codebook(session, project)
    codes = codebook_store.codes(session, codebook)
    chosen = choose_documents(session, project, documents)
    units = document_units(session, chosen, unit)
    answers, calls = code_units(endpoint, codes, units.texts, confirmed)
    coder = assistant_coder(session, project, assistant, actor)
    model = session.exec(select(SuggestionModel).where(
        SuggestionModel.assistant_id == coder.id, live(SuggestionModel))).first()  # fmt: skip
    parameters = {
        "assistant": coder.name,
        "backend": "llm",
        "url": endpoint.url,
        "model": endpoint.model,
    }
    if model is None or model.parameters != parameters or model.unit != unit:
        if model is not None:
            model.deleted_at = utcnow()
            session.add(model)
        model = SuggestionModel(project_id=project.id, assistant_id=coder.id, unit=unit,
                                codebook_version=codebook.version, parameters=parameters)  # fmt: skip
        session.add(model)
        session.flush()
    by_key = {c.key: c for c in codes}
    hits = [(u, by_key[key], 1.0) for u, keys in enumerate(answers) for key in sorted(keys)]
    replaced = write_suggestions(session, project, model, coder, chosen, units, hits)
    for call in calls:
        audit.record(session, "suggest.llm_call", project_id=project.id, actor=actor,
                     entity="suggestionmodel", entity_id=model.id, **call)  # fmt: skip
    counts = {key: sum(key in keys for keys in answers) for key in by_key}
    return {"assistant": coder.name, "model_id": model.id, "unit": unit, "documents": len(chosen),
            "units": len(units.texts), "threshold": None, "backend": "llm", "host": endpoint.host,
            "calls": len(calls), "suggestions": {k: n for k, n in counts.items() if n},
            "replaced": replaced}  # fmt: skip
