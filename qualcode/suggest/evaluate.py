"""`qualcode suggest evaluate`: how well the assistant codes, measured as a coder.

Leave one document out: for each document the training coders coded, a model is trained on the
other documents (same unit, coders and parameters as the stored model) and codes the held-out
one. Per code: precision, recall and F1 against the coders' own codings (every (coder, unit)
pair counts), and Krippendorff's alpha between the assistant and each human coder on the same
units, printed beside the human-human alpha of the same code and unit. A code whose alpha with
the coders is near zero is said to agree no better than chance. Beside them, how people decided
the assistant's suggestions of each code: accepted and rejected, in all and per coder.
"""

from __future__ import annotations

import numpy as np
from sqlmodel import Session, select

from qualcode.agreement.coefficients import alpha
from qualcode.agreement.entries import interpretation
from qualcode.codebook import store as codebook_store
from qualcode.project import is_person
from qualcode.store.models import Coder, Project
from qualcode.suggest.examples import Examples, build_examples, training_coders
from qualcode.suggest.features import transform
from qualcode.suggest.review import decision_counts
from qualcode.suggest.stored import load_model
from qualcode.suggest.train import fit_examples

CHANCE = 0.2  # |alpha| below this reads as agreement no better than chance


def _round(value: float | None) -> float | None:
    return None if value is None or np.isnan(value) else round(float(value), 4)


def held_out_predictions(examples: Examples, min_examples: int, threshold: float):
    """codes x units predictions, each unit predicted by a model that never saw its document;
    and per code the number of documents whose model could not learn it."""
    documents = np.asarray(examples.units.document_ids)
    pair_document = documents[examples.pair_unit]
    predicted = np.zeros((len(examples.codes), len(documents)), dtype=bool)
    unlearnt = np.zeros(len(examples.codes), dtype=int)
    for document in np.unique(documents):
        train_rows = np.flatnonzero(pair_document != document)
        test_units = np.flatnonzero(documents == document)
        space, classifiers, _ = fit_examples(examples, min_examples, train_rows)
        features = (
            transform(space, [examples.units.texts[u] for u in test_units]) if space else None
        )
        for index in range(len(examples.codes)):
            if index not in classifiers:
                unlearnt[index] += 1
                continue
            predicted[index, test_units] = classifiers[index].probabilities(features) >= threshold
    return predicted, unlearnt


def _scores(predicted: np.ndarray, labels: np.ndarray) -> dict:
    tp = int((predicted & labels).sum())
    fp, fn = int((predicted & ~labels).sum()), int((~predicted & labels).sum())
    precision = tp / (tp + fp) if tp + fp else None
    recall = tp / (tp + fn) if tp + fn else None
    f1 = (2 * precision * recall / (precision + recall)
          if precision is not None and recall is not None and precision + recall else None)  # fmt: skip
    return {"precision": _round(precision), "recall": _round(recall), "f1": _round(f1),
            "true_positive": tp, "false_positive": fp, "false_negative": fn}  # fmt: skip


def _coder_values(examples: Examples, code: int, coder: int) -> np.ndarray:
    return np.where(examples.present[coder], examples.applied[code, coder].astype(float), np.nan)


def _reading(value: float | None) -> str | None:
    if value is None:
        return None
    if abs(value) < CHANCE:
        return "no better than chance"
    return interpretation(value)


def evaluate(
    session: Session, project: Project, assistant: str = "assistant", threshold: float = 0.5
) -> dict:
    """The leave-one-document-out report of the assistant's current model."""
    stored = load_model(session, project, assistant)
    model = stored.model
    people = training_coders(session, project, tuple(model.coders), model.consensus)
    codebook = codebook_store.require_codebook(session, project)
    learnt = {code.id for code, _ in stored.classifiers}
    codes = [c for c in codebook_store.codes(session, codebook) if c.id in learnt]
    examples = build_examples(session, project, people, codes, model.unit)
    min_examples = model.parameters.get("min_examples", 5)
    predicted, unlearnt = held_out_predictions(examples, min_examples, threshold)
    humans = [c for c in session.exec(select(Coder).where(Coder.project_id == project.id).order_by(Coder.name))
              if is_person(c)]  # fmt: skip
    others = (
        build_examples(session, project, humans, codes, model.unit) if len(humans) >= 2 else None
    )
    decisions = decision_counts(session, project, assistant=assistant)
    rows = []
    for index, code in enumerate(codes):
        labels = examples.labels[index]
        row = {"code": code.key, "name": code.name, "documents_unlearnt": int(unlearnt[index]),
               **_scores(predicted[index, examples.pair_unit], labels), "alpha": {}}  # fmt: skip
        for c, name in enumerate(examples.coders):
            values = np.vstack([predicted[index].astype(float), _coder_values(examples, index, c)])
            row["alpha"][name] = _round(alpha(values).value)
        if others is not None:
            values = np.vstack([_coder_values(others, index, c) for c in range(len(humans))])
            row["human_alpha"] = _round(alpha(values).value)
            row["human_coders"] = [h.name for h in humans]
        else:
            row["human_alpha"], row["human_coders"] = None, [h.name for h in humans]
        values = [v for v in row["alpha"].values() if v is not None]
        row["reading"] = _reading(float(np.mean(values)) if values else None)
        row["decisions"] = decisions.get(code.key, {"accepted": 0, "rejected": 0, "coders": {}})
        rows.append(row)
    return {"assistant": assistant, "model_id": model.id, "unit": model.unit,
            "coders": examples.coders, "threshold": threshold,
            "documents": len(set(examples.units.document_ids)), "method": "leave one document out",
            "codes": rows, "skipped": model.skipped}  # fmt: skip
