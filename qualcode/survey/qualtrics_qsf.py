"""A Qualtrics survey definition (.qsf, JSON) read as an instrument, keeping its exact option lists.

Blocks become pages (split at page breaks), in survey-flow order (blocks inside branches,
randomisers and groups included); every question type maps (see `qualtrics_types`). Display
logic becomes `show_if` where it maps (see `qualtrics_logic`); logic that does not map, on options
or in the survey flow, is left out with a warning naming the question and every condition.
A .qsf nested too deeply to read, or not JSON, is refused with the reason.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from qualcode.errors import ValidationError
from qualcode.survey.instrument import Instrument, parse_instrument
from qualcode.survey.qualtrics_logic import KnownQuestion, Unmappable, display_condition
from qualcode.survey.qualtrics_loops import block_iterations
from qualcode.survey.qualtrics_types import (
    NOT_QUESTIONS,
    QuestionMaker,
    cleaned,
    kind_of,
    ordered,
    unique_labels,
)


def _flow_items(flow: Any) -> list[dict]:
    """Every element of the survey flow, depth first, without recursion (flows nest deeply)."""
    found, stack = [], [flow]
    while stack:
        item = stack.pop()
        if not isinstance(item, dict):
            continue
        found.append(item)
        children = item.get("Flow")
        if isinstance(children, list):
            stack.extend(reversed(children))
    return found


def _blocks(elements: list[dict]) -> list[dict]:
    """The survey's blocks in flow order (trash left out; blocks outside the flow last)."""
    payload = next((e.get("Payload") for e in elements if e.get("Element") == "BL"), [])
    blocks = list(payload.values()) if isinstance(payload, dict) else payload
    blocks = blocks if isinstance(blocks, list) else []
    blocks = [b for b in blocks if isinstance(b, dict) and b.get("Type") != "Trash"]
    flow = next((e.get("Payload") for e in elements if e.get("Element") == "FL"), None)
    order = [f.get("ID") for f in _flow_items(flow) if f.get("ID")]
    blocks.sort(key=lambda b: order.index(b.get("ID")) if b.get("ID") in order else len(order))
    return blocks


def _carry_logic(
    payload: dict, entries: list[dict], known: dict[str, KnownQuestion], warnings: list[str]
) -> None:
    """Set the entries' show_if from the question's display logic (or warn), and remember the
    question for later logic."""
    qid = str(payload.get("QuestionID"))
    choices = ordered(payload.get("Choices"), payload.get("ChoiceOrder"))
    labels = dict(zip([k for k, _ in choices], unique_labels(choices, "Choice"), strict=True))
    if not entries:
        kind = "descriptive text" if payload.get("QuestionType") == "DB" else NOT_QUESTIONS.get(
            str(payload.get("QuestionType")), kind_of(payload))  # fmt: skip
        known[qid] = KnownQuestion(str(payload.get("DataExportTag") or qid), "none", note=kind)
        return
    first = entries[0]
    tag = first["qualtrics"]["tag"]
    name = tag if tag == first["id"] else f"{tag} (id {first['id']})"
    question = KnownQuestion(first["id"], first["type"] if len(entries) == 1 else "group", labels)
    logic = payload.get("DisplayLogic")
    if isinstance(logic, dict) and logic:
        try:
            question.show_if = display_condition(logic, known)
        except Unmappable as exc:
            question.logic_mapped = False
            warnings.append(
                f"question {name}: display logic not carried over, every respondent sees "
                f"the question; {exc}"
            )
        if question.show_if:
            for entry in entries:
                entry["show_if"] = question.show_if
    hidden = [
        label
        for (_, c), label in zip(choices, labels.values(), strict=True)
        if c.get("DisplayLogic")
    ]
    if hidden:
        warnings.append(
            f"question {name}: display logic on options {', '.join(repr(h) for h in hidden)} "
            "is not carried over: every option is shown"
        )
    known[qid] = question


def _embedded_fields(flow: Any) -> list[str]:
    """The embedded data fields the survey flow sets (export columns that are no questions)."""
    names = [
        str(field.get("Field")).strip()
        for item in _flow_items(flow) if item.get("Type") == "EmbeddedData"
        for field in item.get("EmbeddedData") or [] if isinstance(field, dict) and field.get("Field")
    ]  # fmt: skip
    return [n for n in dict.fromkeys(names) if n]


def _flow_warnings(flow: Any) -> list[str]:
    kinds = {item.get("Type") for item in _flow_items(flow)}
    notes = {
        "Branch": "branch logic is not carried over: every block is shown",
        "BlockRandomizer": "block randomisation is not carried over: blocks keep their order",
        "EndSurvey": "an early end of survey is not carried over",
    }
    return [f"survey flow: {text}" for kind, text in notes.items() if kind in kinds]


def _pass_pages(
    block: dict, questions: dict[str, dict], maker: QuestionMaker, known: dict[str, KnownQuestion]
) -> list[dict[str, Any]]:
    """One pass through a block (the only one, or one loop iteration: `maker.loop`): its pages,
    split at page breaks, with questions, and descriptive text as page text; warnings go to
    the maker's."""
    pages: list[dict[str, Any]] = []
    current: list[dict[str, Any]] = []
    intro: list[str] = []
    listed = block.get("BlockElements")
    elements = [e for e in listed if isinstance(e, dict)] if isinstance(listed, list) else []
    title = str(block.get("Description") or "")
    if maker.loop:
        title = f"{title} ({maker.loop.describe()})".strip()
    for element in [*elements, {"Type": "Page Break"}]:
        if element.get("Type") == "Page Break":
            if current or intro:
                page = {"title": title, "questions": current}
                pages.append({**page, **({"intro": "\n\n".join(intro)} if intro else {})})
            current, intro = [], []
        elif element.get("Type") == "Question" and str(element.get("QuestionID")) in questions:
            payload = questions[str(element["QuestionID"])]
            payload = cleaned(maker.loop.fill(payload) if maker.loop else payload)
            entries, text = maker.questions(payload)
            _carry_logic(payload, entries, known, maker.warnings)
            current.extend(entries)
            intro.extend([text] if text else [])
    return pages


def _block_pages(
    block: dict,
    questions: dict[str, dict],
    maker: QuestionMaker,
    known: dict[str, KnownQuestion],
    warnings: list[str],
) -> list[dict[str, Any]]:
    """A block's pages; a loop & merge block's pages once per iteration, each iteration's display
    logic resolved against its own questions."""
    iterations = block_iterations(block, questions, warnings)
    if not iterations:
        return _pass_pages(block, questions, maker, known)
    pages: list[dict[str, Any]] = []
    for iteration in iterations:
        maker.loop = iteration
        pages.extend(_pass_pages(block, questions, maker, dict(known)))
    maker.loop = None
    listed = block.get("BlockElements")
    for element in listed if isinstance(listed, list) else []:
        qid = str(element.get("QuestionID")) if isinstance(element, dict) else ""
        if qid in questions:  # later logic on a looped question cannot say which iteration
            tag = str(questions[qid].get("DataExportTag") or qid)
            known[qid] = KnownQuestion(tag, "none", note="a looped question (one per iteration)")
    return pages


def _merge_text_pages(pages: list[dict]) -> list[dict]:
    """A page of descriptive text only is shown with the page after it (its text first)."""
    merged: list[dict] = []
    waiting: list[str] = []
    for page in pages:
        if not page["questions"]:
            waiting.append(page.get("intro", ""))
            continue
        if waiting:
            page = {
                **page,
                "intro": "\n\n".join([*waiting, *([page["intro"]] if page.get("intro") else [])]),
            }
            waiting = []
        merged.append(page)
    if waiting and merged:
        merged[-1]["intro"] = "\n\n".join(
            [*([merged[-1]["intro"]] if merged[-1].get("intro") else []), *waiting]
        )
    return merged


def qsf_to_instrument(
    data: Any, slug: str, source: str = "survey.qsf"
) -> tuple[Instrument, list[str]]:
    """The instrument a .qsf structure describes, and warnings about what was left out."""
    if not isinstance(data, dict) or not isinstance(data.get("SurveyElements"), list):
        raise ValidationError(f"{source}: not a Qualtrics survey file (no SurveyElements)")
    elements = [e for e in data["SurveyElements"] if isinstance(e, dict)]
    questions = {
        str(e.get("PrimaryAttribute")): e.get("Payload") for e in elements
        if e.get("Element") == "SQ" and isinstance(e.get("Payload"), dict)
    }  # fmt: skip
    warnings: list[str] = []
    maker = QuestionMaker(warnings, questions)
    known: dict[str, KnownQuestion] = {}
    pages: list[dict[str, Any]] = []
    for block in _blocks(elements):
        pages.extend(_block_pages(block, questions, maker, known, warnings))
    pages = _merge_text_pages(pages)
    warnings[:] = list(dict.fromkeys(warnings))  # a looped question's warning comes once per pass
    flow = next((e.get("Payload") for e in elements if e.get("Element") == "FL"), None)
    warnings.extend(_flow_warnings(flow))
    if not any(p["questions"] for p in pages):
        raise ValidationError(
            f"{source}: the survey holds no questions (only descriptive text or none)"
        )
    title = (data.get("SurveyEntry") or {}).get("SurveyName") or slug
    structure = {
        "slug": slug,
        "title": title,
        "pages": pages,
        "embedded_data": _embedded_fields(flow),
    }
    return parse_instrument(structure, source), warnings


def read_qsf(path: str | Path, slug: str) -> tuple[Instrument, list[str]]:
    """Read a .qsf file as an instrument (see `qsf_to_instrument`)."""
    path = Path(path)
    if not path.is_file():
        raise ValidationError(f"{path}: no such .qsf file")
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except RecursionError as exc:
        raise ValidationError(
            f"{path}: not a readable Qualtrics .qsf file (nested too deeply)"
        ) from exc
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValidationError(f"{path}: not a readable Qualtrics .qsf file ({exc})") from exc
    return qsf_to_instrument(data, slug, str(path))
