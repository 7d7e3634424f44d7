"""A Qualtrics survey definition (.qsf, JSON) read as an instrument, keeping its exact option lists.

Question ids are the Qualtrics export tags (Q1, Q2 ...), the same names the CSV export uses as
column headers. Types without a counterpart (descriptive text, sliders, forms ...) are skipped with
a warning. Display logic becomes `show_if` where it maps (see `qualtrics_logic`); logic that does
not map, on options or in the survey flow, is left out with a warning naming question and condition.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from qualcode.errors import ValidationError
from qualcode.survey.instrument import Instrument, parse_instrument
from qualcode.survey.qualtrics_logic import KnownQuestion, Unmappable, display_condition, plain
from qualcode.survey.scales import consent_options, likert_labels
from qualcode.validation import load_json

SINGLE_SELECTORS = {"SAVR", "SAHR", "SACOL", "DL", "SB"}
MULTI_SELECTORS = {"MAVR", "MAHR", "MACOL", "MSB"}


def safe_id(tag: str) -> str:
    clean = re.sub(r"[^A-Za-z0-9_.\-]", "_", tag.strip())
    return clean if clean[:1].isalpha() else f"Q{clean}"


def _ordered(choices: dict, order: list | None) -> list[tuple[str, dict]]:
    keys = [str(k) for k in (order or choices.keys())]
    return [(k, choices[k]) for k in keys if k in choices]


def _question(payload: dict[str, Any], warnings: list[str]) -> dict[str, Any] | None:
    kind, selector = payload.get("QuestionType"), payload.get("Selector")
    tag = safe_id(str(payload.get("DataExportTag") or payload.get("QuestionID")))
    text = plain(payload.get("QuestionText", "")) or tag
    settings = (payload.get("Validation") or {}).get("Settings") or {}
    entry: dict[str, Any] = {
        "id": tag,
        "text": text,
        "required": settings.get("ForceResponse") == "ON",
    }
    choices = _ordered(payload.get("Choices") or {}, payload.get("ChoiceOrder"))
    labels = [plain(c.get("Display", "")) for _, c in choices]
    if kind == "MC" and (selector in SINGLE_SELECTORS or selector in MULTI_SELECTORS):
        other = [
            plain(c.get("Display", ""))
            for _, c in choices
            if str(c.get("TextEntry", "")).lower() == "true"
        ]
        options = [label for label in labels if label not in other[:1]]
        if selector in MULTI_SELECTORS:
            entry.update(type="multi", options=options)
        elif "consent" in f"{tag} {text}".lower() and len(labels) == 2 and not other:
            entry.update(type="consent", options=consent_options(labels))
        elif likert_labels(labels) and not other:
            entry.update(type="likert", labels=labels)
        else:
            entry.update(type="single", options=options)
        if other:
            entry["other"] = other[0]
        if (payload.get("Randomization") or {}).get("Type") == "All":
            entry["randomize"] = True
        return entry
    if kind == "Matrix" and payload.get("SubSelector") == "SingleAnswer":
        answers = _ordered(payload.get("Answers") or {}, payload.get("AnswerOrder"))
        entry.update(
            type="matrix", labels=[plain(a.get("Display", "")) for _, a in answers],
            items=[{"id": key, "text": plain(c.get("Display", ""))} for key, c in choices],
        )  # fmt: skip
        return entry
    if kind == "RO":
        entry.update(type="ranking", options=labels)
        return entry
    if kind == "TE" and selector in ("SL", "ML", "ESTB"):
        if settings.get("ContentType") == "ValidNumber":
            entry["type"] = "number"
        else:
            entry["type"] = "text" if selector == "SL" else "long_text"
        return entry
    if kind != "DB":
        warnings.append(f"question {tag} ({kind}/{selector}) has no qualcode counterpart: skipped")
    return None


def _blocks(elements: list[dict]) -> list[dict]:
    """The survey's blocks in flow order (trash left out)."""
    blocks_payload = next((e["Payload"] for e in elements if e.get("Element") == "BL"), [])
    blocks = (
        list(blocks_payload.values()) if isinstance(blocks_payload, dict) else list(blocks_payload)
    )
    blocks = [b for b in blocks if isinstance(b, dict) and b.get("Type") != "Trash"]
    flow = next((e["Payload"] for e in elements if e.get("Element") == "FL"), None)
    if isinstance(flow, dict):
        order = [f.get("ID") for f in flow.get("Flow", []) if isinstance(f, dict)]
        blocks.sort(key=lambda b: order.index(b.get("ID")) if b.get("ID") in order else len(order))
    return blocks


def _carry_logic(
    payload: dict, entry: dict, known: dict[str, KnownQuestion], warnings: list[str]
) -> None:
    """Set the entry's show_if from the question's display logic (or warn), and remember the question."""
    choices = payload.get("Choices") or {}
    labels = {
        str(k): plain(c.get("Display", "")) for k, c in choices.items() if isinstance(c, dict)
    }
    question = KnownQuestion(entry["id"], entry["type"], labels)
    logic = payload.get("DisplayLogic")
    if isinstance(logic, dict) and logic:
        try:
            question.show_if = display_condition(logic, known)
        except Unmappable as exc:
            question.logic_mapped = False
            warnings.append(
                f"question {entry['id']}: display logic not carried over, every respondent sees "
                f"the question; {exc}"
            )
        if question.show_if:
            entry["show_if"] = question.show_if
    if any(isinstance(c, dict) and c.get("DisplayLogic") for c in choices.values()):
        warnings.append(
            f"question {entry['id']}: display logic on its options is not carried over: "
            "every option is shown"
        )
    known[str(payload.get("QuestionID"))] = question


def _has_branch(flow: Any) -> bool:
    items = flow.get("Flow", []) if isinstance(flow, dict) else []
    return any(isinstance(i, dict) and (i.get("Type") == "Branch" or _has_branch(i)) for i in items)


def qsf_to_instrument(
    data: Any, slug: str, source: str = "survey.qsf"
) -> tuple[Instrument, list[str]]:
    """The instrument a .qsf structure describes, and warnings about what was left out."""
    if not isinstance(data, dict) or not isinstance(data.get("SurveyElements"), list):
        raise ValidationError(f"{source}: not a Qualtrics survey file (no SurveyElements)")
    elements = data["SurveyElements"]
    questions = {
        e.get("PrimaryAttribute"): e.get("Payload") for e in elements
        if e.get("Element") == "SQ" and isinstance(e.get("Payload"), dict)
    }  # fmt: skip
    warnings: list[str] = []
    known: dict[str, KnownQuestion] = {}
    pages: list[dict[str, Any]] = []
    for block in _blocks(elements):
        current: list[dict[str, Any]] = []
        for element in block.get("BlockElements", []):
            if element.get("Type") == "Page Break" and current:
                pages.append({"title": block.get("Description") or "", "questions": current})
                current = []
            elif element.get("Type") == "Question" and element.get("QuestionID") in questions:
                payload = questions[element["QuestionID"]]
                question = _question(payload, warnings)
                if question:
                    _carry_logic(payload, question, known, warnings)
                    current.append(question)
        if current:
            pages.append({"title": block.get("Description") or "", "questions": current})
    flow = next((e["Payload"] for e in elements if e.get("Element") == "FL"), None)
    if _has_branch(flow):
        warnings.append("survey flow: branch logic is not carried over: every block is shown")
    title = (data.get("SurveyEntry") or {}).get("SurveyName") or slug
    return parse_instrument({"slug": slug, "title": title, "pages": pages}, source), warnings


def read_qsf(path: str | Path, slug: str) -> tuple[Instrument, list[str]]:
    """Read a .qsf file as an instrument (see `qsf_to_instrument`)."""
    path = Path(path)
    try:
        data = load_json(path.read_bytes(), str(path))
    except OSError as exc:
        raise ValidationError(f"{path}: not a readable Qualtrics .qsf file ({exc})") from exc
    if not isinstance(data, dict):
        raise ValidationError(f"{path}: not a Qualtrics .qsf file (expected a JSON object)")
    try:
        return qsf_to_instrument(data, slug, str(path))
    except (AttributeError, TypeError, KeyError, IndexError) as exc:  # a field of the wrong shape
        raise ValidationError(
            f"{path}: not a Qualtrics .qsf file this reader understands (unexpected structure: "
            f"{type(exc).__name__}: {exc})"
        ) from exc
