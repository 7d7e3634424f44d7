"""Checking the links between the codebook and the surveys, both ways: a code's `survey_items`
must name a question of some survey (`ID`, or `SLUG:ID` for one survey), and a question's
`codes:` must name codes of the codebook. Broken links silently drop survey results from the
joint display, so they are reported, never guessed at.
"""

from __future__ import annotations

from qualcode.survey.instrument import Instrument


def _item_problem(item: str, instruments: dict[str, Instrument]) -> str | None:
    slug, _, question_id = item.rpartition(":")
    if slug:
        if slug not in instruments:
            known = ", ".join(instruments) or "none yet"
            return f"'{item}': no survey '{slug}' (surveys: {known})"
        if instruments[slug].question(question_id) is None:
            return f"'{item}': survey '{slug}' has no question '{question_id}'"
        return None
    if not any(i.question(question_id) for i in instruments.values()):
        known = ", ".join(instruments) or "none yet"
        return f"'{item}' is not a question of any survey (surveys: {known})"
    return None


def link_problems(
    survey_items: dict[str, list[str]],
    instruments: dict[str, Instrument],
    checked: list[str] | None = None,
) -> list[str]:
    """Problems with the links between codes (key -> survey_items) and the instruments (by slug);
    `checked` limits the `codes:` check to some surveys (all by default)."""
    problems = []
    for key, items in survey_items.items():
        for item in items:
            problem = _item_problem(str(item), instruments)
            if problem:
                problems.append(f"code '{key}', field 'survey_items': {problem}")
    for slug in instruments if checked is None else checked:
        for question in instruments[slug].questions:
            for key in question.codes:
                if key not in survey_items:
                    problems.append(
                        f"survey '{slug}', question '{question.id}', field 'codes': "
                        f"no code '{key}' in the codebook"
                    )
    return problems
