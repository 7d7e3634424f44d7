"""Drafting an instrument from a codebook group: one Likert item per code, built from its definition.

The draft is a starting point the researcher edits: the wording follows the definition, every item
links back to its code (`codes:`), and each gets an optional comment box.
"""

from __future__ import annotations

import re

from qualcode.codebook.schema import CodebookSpec
from qualcode.errors import NotFoundError, ValidationError
from qualcode.survey.instrument import DEFAULT_CONSENT, Instrument, Page, Question


def _clause(definition: str) -> str:
    """The definition's first sentence up to any colon, without the final full stop."""
    first = re.split(r"(?<=[.!?])\s+", definition.strip(), maxsplit=1)[0].rstrip(".!? ")
    return first.split(":")[0].strip()


def likert_item(key: str, name: str, definition: str) -> Question:
    """ "How often have you experienced ...?" from a code's definition (or its name)."""
    situation = _clause(definition) if definition else name.lower()
    return Question(
        id=key, type="likert", required=False, codes=[key],
        options=["Never", "Rarely", "Sometimes", "Often", "Always"],
        text=f"{name}: how often have you experienced the following? {situation[:1].upper()}{situation[1:]}.",
    )  # fmt: skip


def draft_from_group(spec: CodebookSpec, group_key: str, slug: str | None = None) -> Instrument:
    """An instrument with consent, then one page per code of the group (Likert + optional comment)."""
    group = spec.group(group_key)
    if group is None:
        known = ", ".join(g.key for g in spec.groups) or "none"
        raise NotFoundError(f"no code group '{group_key}' in the codebook (groups: {known})")
    codes = [c for c in spec.codes if c.group == group_key]
    if not codes:
        raise ValidationError(f"the code group '{group_key}' holds no codes to draft items from")
    slug = slug or re.sub(r"[^a-z0-9]+", "-", f"{spec.name} {group.key}".lower()).strip("-")
    consent = Question(
        id="consent", type="consent", required=True, options=list(DEFAULT_CONSENT),
        text="Do you agree to take part in this survey? Your answers are anonymous.",
    )  # fmt: skip
    pages = [Page(title="Consent", questions=[consent])]
    items = []
    for code in codes:
        items.append(likert_item(code.key, code.name, code.definition))
        items.append(
            Question(
                id=f"{code.key}_comment",
                type="long_text",
                max_length=2000,
                text=f"Anything you would like to add about {code.name.lower()}? (optional)",
            )  # fmt: skip
        )
    pages.append(Page(title=group.name, questions=items))
    return Instrument(
        slug=slug, title=f"{spec.name}: {group.name.lower()}", pages=pages,
        intro=f"This survey asks how often you meet the {group.name.lower()} our interviews found.",
    )  # fmt: skip
