"""`qualcode suggest train`: a model per code from the units some coders coded and did not code.

The model is stored under its assistant coder (default `assistant`), replacing that assistant's
previous model; codes with fewer than `min_examples` coded units (or too few uncoded ones) are
listed as skipped, never guessed.
"""

from __future__ import annotations

import platform
from dataclasses import dataclass, field

import numpy as np
from sqlmodel import Session, select

from qualcode import __version__
from qualcode.codebook import store as codebook_store
from qualcode.errors import ValidationError
from qualcode.project import ASSISTANT_ROLE
from qualcode.store import audit
from qualcode.store.live import live
from qualcode.store.models import Coder, Project, utcnow
from qualcode.store.suggestion_models import SuggestionCodeModel, SuggestionModel
from qualcode.suggest.classifier import PARAMETERS, fit_codes
from qualcode.suggest.examples import Examples, build_examples, check_unit, training_coders
from qualcode.suggest.features import BLOCKS, FeatureSpace, fit_features

ASSISTANT = "assistant"


@dataclass
class TrainingResult:
    """What a training run made: the model, the codes learnt and the codes skipped (with counts)."""

    model: SuggestionModel
    learnt: dict[str, tuple[int, int]] = field(default_factory=dict)  # key -> (positive, negative)
    skipped: dict[str, int] = field(default_factory=dict)  # key -> coded units

    def as_dict(self) -> dict:
        return {"assistant": self.model.parameters.get("assistant"), "model_id": self.model.id,
                "unit": self.model.unit, "coders": self.model.coders, "consensus": self.model.consensus,
                "codebook_version": self.model.codebook_version, "training_hash": self.model.training_hash,
                "codes": {k: {"positive": p, "negative": n} for k, (p, n) in self.learnt.items()},
                "skipped": self.skipped, "versions": self.model.versions}  # fmt: skip


def library_versions() -> dict[str, str]:
    import scipy
    import sklearn

    return {"qualcode": __version__, "python": platform.python_version(), "numpy": np.__version__,
            "scipy": scipy.__version__, "scikit-learn": sklearn.__version__}  # fmt: skip


def assistant_coder(session: Session, project: Project, name: str, actor: str) -> Coder:
    """The assistant coder called `name`, created on first use; a person's name is refused."""
    name = name.strip()
    if not name:
        raise ValidationError("an assistant needs a name")
    coder = session.exec(
        select(Coder).where(Coder.project_id == project.id, Coder.name == name)
    ).first()
    if coder is None:
        coder = Coder(project_id=project.id, name=name, role=ASSISTANT_ROLE)
        session.add(coder)
        session.flush()
        audit.record(session, "coder.create", project_id=project.id, actor=actor,
                     entity="coder", entity_id=coder.id, name=name, role=ASSISTANT_ROLE)  # fmt: skip
    elif coder.role != ASSISTANT_ROLE:
        raise ValidationError(f"'{name}' is a {coder.role}, not an assistant: choose another name")
    return coder


def fit_examples(
    examples: Examples, min_examples: int, rows: np.ndarray | None = None
) -> tuple[FeatureSpace | None, dict, dict[str, int]]:
    """Fit the feature space and one classifier per code with enough examples on the given
    example rows (all by default); returns (space, {code index: classifier}, skipped)."""
    rows = np.arange(len(examples.pair_unit)) if rows is None else rows
    unit_rows, pair_rows = np.unique(examples.pair_unit[rows], return_inverse=True)
    if not len(unit_rows):
        return None, {}, {c.key: 0 for c in examples.codes}
    texts = [examples.units.texts[u] for u in unit_rows]
    space, unit_features = fit_features(texts)
    skipped, chosen = {}, []
    for index, code in enumerate(examples.codes):
        positive = int(examples.labels[index, rows].sum())
        if positive < min_examples or len(rows) - positive < 2:
            skipped[code.key] = positive
        else:
            chosen.append(index)
    groups = np.asarray(examples.units.document_ids)[examples.pair_unit[rows]]
    fitted = (
        fit_codes(unit_features, pair_rows, examples.labels[chosen][:, rows], groups)
        if chosen
        else []
    )
    classifiers = dict(zip(chosen, fitted, strict=True))
    return space, classifiers, skipped


def train(
    session: Session,
    project: Project,
    coders: tuple[str, ...] = (),
    consensus: bool = False,
    unit: str = "turn",
    min_examples: int = 5,
    name: str = ASSISTANT,
    actor: str = "",
) -> TrainingResult:
    """Train and store a suggestion model for every code with at least `min_examples` coded units."""
    check_unit(unit)
    if min_examples < 1:
        raise ValidationError(f"min_examples must be at least 1, not {min_examples}")
    people = training_coders(session, project, coders, consensus)
    codebook = codebook_store.require_codebook(session, project)
    codes = codebook_store.codes(session, codebook)
    examples = build_examples(session, project, people, codes, unit)
    if len(examples.pair_unit) == 0:
        raise ValidationError(
            f"{', '.join(examples.coders)} coded no document yet: nothing to learn from"
        )
    space, classifiers, skipped = fit_examples(examples, min_examples)
    assistant = assistant_coder(session, project, name, actor)
    for old in session.exec(select(SuggestionModel).where(
            SuggestionModel.assistant_id == assistant.id, live(SuggestionModel))):  # fmt: skip
        old.deleted_at = utcnow()
        session.add(old)
    model = SuggestionModel(
        project_id=project.id, assistant_id=assistant.id, codebook_version=codebook.version,
        unit=unit, coders=[] if consensus else examples.coders, consensus=consensus,
        training_hash=examples.training_hash, versions=library_versions(),
        parameters={"assistant": assistant.name, "features": {k: {**v, "ngram_range": list(v["ngram_range"])}
                    for k, v in BLOCKS.items()}, "classifier": PARAMETERS, "min_examples": min_examples},
        skipped=skipped, features=space.to_json() if space else "",
    )  # fmt: skip
    session.add(model)
    session.flush()
    result = TrainingResult(model, skipped=skipped)
    for index, classifier in classifiers.items():
        code = codes[index]
        positive = int(examples.labels[index].sum())
        result.learnt[code.key] = (positive, int(examples.labels.shape[1] - positive))
        session.add(SuggestionCodeModel(
            model_id=model.id, code_id=code.id, n_positive=positive,
            n_negative=result.learnt[code.key][1], weights=classifier.weight_bytes(),
            intercept=classifier.intercept, a=classifier.a, b=classifier.b,
        ))  # fmt: skip
    audit.record(session, "suggest.train", project_id=project.id, actor=actor,
                 entity="suggestionmodel", entity_id=model.id, assistant=assistant.name, unit=unit,
                 coders=model.coders, consensus=consensus, codes=sorted(result.learnt),
                 skipped=skipped, training_hash=model.training_hash)  # fmt: skip
    return result
