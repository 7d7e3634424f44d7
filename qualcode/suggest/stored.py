"""A stored suggestion model read back: its assistant, feature space and per-code classifiers."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, select

from qualcode.errors import NotFoundError
from qualcode.store.live import live
from qualcode.store.models import Code, Coder, Project
from qualcode.store.suggestion_models import SuggestionCodeModel, SuggestionModel
from qualcode.suggest.classifier import PARAMETERS, CodeClassifier
from qualcode.suggest.features import FeatureSpace


@dataclass
class StoredModel:
    model: SuggestionModel
    assistant: Coder
    space: FeatureSpace
    classifiers: list[tuple[Code, CodeClassifier]]

    def outdated(self) -> str | None:
        """Why the model should be trained again, or None. Models trained before the calibration
        fix gave every unit the base rate, so their suggestions and evaluations mislead."""
        trained = (self.model.parameters or {}).get("classifier", {}).get("model")
        if not self.model.features or trained == PARAMETERS["model"]:
            return None  # a language-model assistant has no classifier to go stale
        return (f"model {self.model.id} of '{self.assistant.name}' was trained with an older "
                f"classifier ({trained or 'unrecorded'}); its probabilities are not calibrated "
                "as now: train it again (qualcode suggest train)")  # fmt: skip


def load_model(session: Session, project: Project, assistant: str = "assistant") -> StoredModel:
    """The current model of the assistant coder called `assistant`."""
    found = session.exec(
        select(SuggestionModel, Coder)
        .join(Coder, SuggestionModel.assistant_id == Coder.id)
        .where(SuggestionModel.project_id == project.id, Coder.name == assistant,
               live(SuggestionModel))
        .order_by(SuggestionModel.id.desc())
    ).first()  # fmt: skip
    if found is None:
        raise NotFoundError(
            f"no suggestion model for '{assistant}': train one first (qualcode suggest train)"
        )
    model, coder = found
    rows = session.exec(
        select(SuggestionCodeModel, Code)
        .join(Code, SuggestionCodeModel.code_id == Code.id)
        .where(SuggestionCodeModel.model_id == model.id, live(Code))
        .order_by(Code.position, Code.id)
    ).all()
    classifiers = [
        (code, CodeClassifier.from_stored(row.weights, row.intercept, row.a, row.b))
        for row, code in rows
    ]
    space = FeatureSpace.from_json(model.features) if model.features else None
    return StoredModel(model, coder, space, classifiers)
