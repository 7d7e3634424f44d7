"""Suggestions under blind coding: a coder must not learn from the assistant what others coded.

A model trained on other coders' codings reproduces their coding, so while blind coding is on
(and reconciliation is closed) a coder sees only suggestions of models trained on their own
codings alone, on the consensus (reconciled before), or on no codings at all (an LLM that reads
only the codebook). The project owner and everyone after reconciliation opens see them all.
"""

from __future__ import annotations

from qualcode.coding.visibility import sees_everyone
from qualcode.store.models import Coder, Project
from qualcode.store.suggestion_models import SuggestionModel


def may_see_model(project: Project, viewer: Coder | None, model: SuggestionModel) -> bool:
    """Whether `viewer` (None: nobody has said who they are) may see the model's suggestions."""
    if not project.blind_coding or project.reconciliation_open:
        return True
    if viewer is not None and sees_everyone(project, viewer):
        return True
    if model.consensus:
        return True
    return set(model.coders) <= ({viewer.name} if viewer is not None else set())


def hidden_reason(model: SuggestionModel) -> str:
    """Why a coder may not see or decide a suggestion of this model now."""
    return (f"this suggestion comes from a model trained on {', '.join(model.coders)}'s codings: "
            "it stays hidden from other coders while blind coding is on")  # fmt: skip
