"""Recognising answer scales in imported data: Likert label sets and consent agree/decline options."""

from __future__ import annotations

import re

from qualcode.survey.instrument import SCALES

DECLINE = re.compile(r"\b(no|not|don't|do not|decline|disagree)\b", re.IGNORECASE)


def likert_labels(values: list[str]) -> list[str] | None:
    """The known Likert scale (in order) whose labels include every value, matched case-insensitively."""
    wanted = {v.strip().casefold() for v in values if v.strip()}
    if not wanted:
        return None
    for labels in sorted(SCALES.values(), key=len):
        if wanted <= {label.casefold() for label in labels}:
            return list(labels)
    return None


def is_decline(value: str) -> bool:
    return bool(DECLINE.search(value))


def consent_options(values: list[str]) -> list[str]:
    """Consent options with the agreeing one first (what the consent filter keeps)."""
    agree = [v for v in values if not is_decline(v)]
    decline = [v for v in values if is_decline(v)]
    return agree + decline if agree and decline else list(values)
