"""Each Qualtrics question type (a .qsf question payload) as instrument questions.

Multiple choice of any selector and any number of choices becomes single / multi (consent or
Likert where the labels say so), NPS a number from 0 to 10. A matrix with one answer per row
(radio, dropdown, drag and drop, bipolar, MaxDiff) is a matrix; with several answers per row, one
multi question per row; text entry, constant sum and rank order matrices one question per cell.
Side by side is one question set per column. Sliders and constant sum are numbers per statement;
text entry is text, long text or a number, form fields a text question per field; rank order a
ranking. Descriptive text is kept as the page's text. Timing and browser meta info are no
questions (their columns are reported as timing and metadata). Any other type is imported as
text, with a warning naming it exactly.

Every question keeps its export tag as written and its ImportId in `qualtrics`, so the export's
columns are found again however the tag is spelled; its id is a safe form of the tag.
"""

from __future__ import annotations

import re
from typing import Any

from qualcode.errors import ValidationError
from qualcode.survey.instrument import parse_instrument
from qualcode.survey.qualtrics_logic import plain
from qualcode.survey.qualtrics_loops import Iteration
from qualcode.survey.scales import consent_options, likert_labels

SINGLE_SELECTORS = {"SAVR", "SAHR", "SACOL", "DL", "SB"}
MULTI_SELECTORS = {"MAVR", "MAHR", "MACOL", "MSB"}
CELL_MATRICES = {"TE": "text", "CS": "number", "RO": "number"}
NOT_QUESTIONS = {"Timing": "timing", "Meta": "browser meta info", "Captcha": "captcha"}


class Ids:
    """Safe, unique question ids made from export tags (`Q 1` -> `Q_1`, `1a` -> `Q1a`)."""

    def __init__(self) -> None:
        self.used: set[str] = set()

    def make(self, tag: str) -> str:
        clean = re.sub(r"[^A-Za-z0-9_.\-]", "_", tag.strip()) or "Q"
        clean = clean if clean[:1].isalpha() else f"Q{clean}"
        candidate, n = clean, 2
        while candidate.casefold() in self.used:
            candidate, n = f"{clean}_{n}", n + 1
        self.used.add(candidate.casefold())
        return candidate


TEXT_FIELDS = (
    "QuestionType",
    "Selector",
    "SubSelector",
    "DataExportTag",
    "QuestionID",
    "QuestionText",
)
MAPPING_FIELDS = (
    "Validation",
    "Randomization",
    "Configuration",
    "AdditionalQuestions",
    "DisplayLogic",
)


def cleaned(payload: dict[str, Any]) -> dict[str, Any]:
    """The payload with its text fields as text and its mappings as mappings (a hand-edited or
    broken .qsf may hold anything), so that reading it never fails on a field's kind."""
    clean = dict(payload)
    for name in TEXT_FIELDS:
        value = clean.get(name)
        clean[name] = (
            str(value)
            if isinstance(value, (str, int, float)) and not isinstance(value, bool)
            else ""
        )
    for name in MAPPING_FIELDS:
        if not isinstance(clean.get(name), dict):
            clean[name] = {}
    settings = clean["Validation"].get("Settings")
    clean["Validation"] = {"Settings": settings if isinstance(settings, dict) else {}}
    return clean


def kind_of(payload: dict[str, Any]) -> str:
    """The question's type as Qualtrics names it: QuestionType/Selector[/SubSelector]."""
    parts = [payload.get(k) for k in ("QuestionType", "Selector", "SubSelector")]
    return "/".join(str(p) for p in parts if p)


def ordered(choices: Any, order: Any) -> list[tuple[str, dict]]:
    """(key, choice) in display order; choices missing from the order come last."""
    if not isinstance(choices, dict):
        return []
    keys = [str(k) for k in order] if isinstance(order, list) else []
    keys += [str(k) for k in choices if str(k) not in keys]
    by_key = {str(k): v for k, v in choices.items()}
    return [(k, by_key[k] if isinstance(by_key[k], dict) else {}) for k in keys if k in by_key]


def unique_labels(choices: list[tuple[str, dict]], fallback: str) -> list[str]:
    """Choice texts as labels: empty ones named by key, repeated ones numbered (Qualtrics allows both)."""
    labels: list[str] = []
    for key, choice in choices:
        label = plain(str(choice.get("Display", ""))) or f"{fallback} {key}"
        base, n = label, 2
        while label in labels:
            label, n = f"{base} ({n})", n + 1
        labels.append(label)
    return labels


def _source(tag: str, qid: str, keys: list[str], labels: list[str], recodes: Any) -> dict:
    source: dict[str, Any] = {"tag": tag, "qid": qid}
    if keys:
        source["choices"] = dict(zip(keys, labels, strict=True))
        if isinstance(recodes, dict):
            by_key = dict(zip(keys, labels, strict=True))
            source["recodes"] = {
                str(v): by_key[str(k)] for k, v in recodes.items() if str(k) in by_key
            }
    return source


def _number_bounds(configuration: Any) -> dict[str, float]:
    bounds = {}
    for name, key in (("min", "CSSliderMin"), ("max", "CSSliderMax")):
        value = (configuration or {}).get(key) if isinstance(configuration, dict) else None
        try:
            bounds[name] = float(value)
        except (TypeError, ValueError):
            continue
    return bounds if len(bounds) < 2 or bounds["min"] <= bounds["max"] else {}


class QuestionMaker:
    """Turns question payloads into instrument entries, sharing one id maker and warning list."""

    def __init__(self, warnings: list[str], payloads: dict[str, dict] | None = None) -> None:
        self.ids, self.warnings = Ids(), warnings
        self.payloads = payloads or {}  # by QuestionID: where carried-forward choices come from
        self.loop: Iteration | None = None  # the loop iteration whose questions are being made

    def _carried(self, payload: dict[str, Any]) -> dict[str, Any]:
        """A question whose choices are carried forward from an earlier one (DynamicChoices)
        gets that question's choices; Qualtrics exports them under keys `x1`, `x2` ..."""
        dynamic = payload.get("DynamicChoices")
        if ordered(payload.get("Choices"), payload.get("ChoiceOrder")) or not isinstance(
            dynamic, dict
        ):
            return payload
        source_qid = str(dynamic.get("Locator", "")).removeprefix("q://").split("/")[0]
        source = self.payloads.get(source_qid)
        if not isinstance(source, dict) or not isinstance(source.get("Choices"), dict):
            return payload
        return {**payload, "Choices": source["Choices"], "ChoiceOrder": source.get("ChoiceOrder"),
                "CarriedFrom": source_qid}  # fmt: skip

    def _checked(self, entry: dict[str, Any], payload: dict[str, Any]) -> dict[str, Any]:
        """The entry if the instrument schema takes it, else a text question with a warning (so
        no Qualtrics question can refuse the whole survey)."""
        alone = {k: v for k, v in entry.items() if k != "show_if"}
        try:
            parse_instrument({"slug": "check", "title": "check", "pages": [{"questions": [alone]}]})
        except ValidationError as exc:
            problem = str(exc).splitlines()[-1].strip(" -")
            self.warnings.append(
                f"question {entry['qualtrics']['tag']} ({kind_of(payload)}) is imported as text: {problem}"
            )
            return self.entry_as_text(entry)
        return entry

    def entry_as_text(self, entry: dict[str, Any]) -> dict[str, Any]:
        keep = ("id", "text", "qualtrics", "required")
        return {**{k: entry[k] for k in keep if k in entry}, "type": "text"}

    def entry(self, tag: str, qid: str, text: str, kind: str, **fields: Any) -> dict[str, Any]:
        source = fields.pop("qualtrics", None) or {"tag": tag, "qid": qid}
        name = f"{tag}_loop{self.loop.number}" if self.loop else tag
        made = {"id": self.ids.make(name), "type": kind, "text": text or tag, **fields,
                "qualtrics": source}  # fmt: skip
        return self.loop.mark(made) if self.loop else made

    def questions(self, payload: dict[str, Any]) -> tuple[list[dict[str, Any]], str]:
        """(instrument entries, descriptive text for the page) of one question payload."""
        payload = self._carried(payload)
        kind = payload.get("QuestionType")
        tag = str(payload.get("DataExportTag") or payload.get("QuestionID") or "Q").strip()
        qid = str(payload.get("QuestionID") or "")
        text = plain(str(payload.get("QuestionText", ""))) or tag
        settings = (payload.get("Validation") or {}).get("Settings") or {}
        required = settings.get("ForceResponse") == "ON"
        if kind == "DB":
            return [], text if text != tag else ""
        if kind in NOT_QUESTIONS:
            return [], ""
        if kind == "MC":
            made = [self._choice(payload, tag, qid, text)]
        elif kind == "Matrix":
            made = self._matrix(payload, tag, qid, text)
        elif kind == "SBS":
            made = self._side_by_side(payload, tag, qid, text)
        elif kind in ("Slider", "CS"):
            made = self._per_choice(
                payload, tag, qid, text, "number", _number_bounds(payload.get("Configuration"))
            )
        elif kind == "TE":
            made = self._text_entry(payload, tag, qid, text, settings)
        elif kind == "RO":
            choices = ordered(payload.get("Choices"), payload.get("ChoiceOrder"))
            labels = unique_labels(choices, "Item")
            source = _source(tag, qid, [k for k, _ in choices], labels, payload.get("RecodeValues"))
            made = [self.entry(tag, qid, text, "ranking", options=labels, qualtrics=source)]
        else:
            self.warnings.append(
                f"question {tag} ({kind_of(payload)}) has no qualcode counterpart: "
                "its answers are imported as text"
            )
            made = [self.entry(tag, qid, text, "text")]
        for entry in made:
            entry["required"] = required
            carried = entry["qualtrics"].get("choices")
            if payload.get("CarriedFrom") and carried:
                entry["qualtrics"]["choices"] = {
                    **carried,
                    **{f"x{k}": v for k, v in carried.items()},
                }
        return [self._checked(entry, payload) for entry in made], ""

    def _choice(self, payload: dict, tag: str, qid: str, text: str) -> dict[str, Any]:
        selector = payload.get("Selector")
        choices = ordered(payload.get("Choices"), payload.get("ChoiceOrder"))
        labels = unique_labels(choices, "Choice")
        keys = [k for k, _ in choices]
        source = _source(tag, qid, keys, labels, payload.get("RecodeValues"))
        if selector == "NPS":
            return self.entry(tag, qid, text, "number", min=0, max=10, integer=True)
        other = next(
            (label for (_, c), label in zip(choices, labels, strict=True)
             if str(c.get("TextEntry", "")).lower() in ("true", "1")),
            None,
        )  # fmt: skip
        options = [label for label in labels if label != other]
        extra: dict[str, Any] = {"other": other} if other else {}
        if (payload.get("Randomization") or {}).get("Type") == "All":
            extra["randomize"] = True
        if selector not in SINGLE_SELECTORS | MULTI_SELECTORS:
            self.warnings.append(
                f"question {tag}: multiple choice selector {kind_of(payload)} is read as "
                + ("several answers" if str(selector).startswith("MA") else "one answer")
            )
        if selector in MULTI_SELECTORS or str(selector).startswith("MA"):
            return self.entry(tag, qid, text, "multi", options=options, qualtrics=source, **extra)
        if "consent" in f"{tag} {text}".lower() and len(labels) == 2 and not other:
            return self.entry(
                tag, qid, text, "consent", options=consent_options(labels), qualtrics=source
            )
        if len(labels) >= 2 and likert_labels(labels) and not other:
            return self.entry(tag, qid, text, "likert", labels=labels, qualtrics=source)
        return self.entry(tag, qid, text, "single", options=options, qualtrics=source, **extra)

    def _matrix(self, payload: dict, tag: str, qid: str, text: str) -> list[dict[str, Any]]:
        selector, sub = payload.get("Selector"), payload.get("SubSelector")
        rows = ordered(payload.get("Choices"), payload.get("ChoiceOrder"))
        answers = ordered(payload.get("Answers"), payload.get("AnswerOrder"))
        labels = unique_labels(answers, "Column")
        source = _source(tag, qid, [k for k, _ in answers], labels, payload.get("RecodeValues"))
        row_texts = unique_labels(rows, "Row")
        if selector in CELL_MATRICES:
            kind = CELL_MATRICES[selector]
            if selector == "TE" and sub == "Long":
                kind = "long_text"
            cells = answers or [("1", {})]
            return [
                self.entry(f"{tag}_{r}_{a}", f"{qid}_{r}_{a}",
                           f"{text} - {row}" + (f" - {label}" if answers else ""), kind)
                for (r, _), row in zip(rows, row_texts, strict=True)
                for (a, _), label in zip(cells, labels or [""], strict=True)
            ]  # fmt: skip
        if sub == "MultipleAnswer":
            return [
                self.entry(f"{tag}_{r}", f"{qid}_{r}", f"{text} - {row}", "multi", options=labels,
                           qualtrics={**source, "tag": f"{tag}_{r}", "qid": f"{qid}_{r}"})
                for (r, _), row in zip(rows, row_texts, strict=True)
            ]  # fmt: skip
        if selector not in ("Likert", "Bipolar", "MaxDiff", "Profile") or sub not in (
            None, "SingleAnswer", "DL", "DND", "SL",
        ):  # fmt: skip
            self.warnings.append(
                f"question {tag}: matrix {kind_of(payload)} is read as one answer per row"
            )
        items = [{"id": r, "text": row} for (r, _), row in zip(rows, row_texts, strict=True)]
        row_tags = payload.get("ChoiceDataExportTags")
        if isinstance(row_tags, dict):  # rows exported under their own tags, not TAG_ROW
            source["rows"] = {
                str(t): str(k) for k, t in row_tags.items() if t and str(k) in dict(rows)
            }
        return [self.entry(tag, qid, text, "matrix", labels=labels or ["Selected"], items=items,
                           qualtrics=source)]  # fmt: skip

    def _side_by_side(self, payload: dict, tag: str, qid: str, text: str) -> list[dict[str, Any]]:
        made = []
        columns = payload["AdditionalQuestions"]
        for number, column in sorted(
            columns.items(), key=lambda kv: int(kv[0]) if str(kv[0]).isdigit() else 0
        ):
            if not isinstance(column, dict):
                continue
            column = cleaned(column)
            header = plain(str(column.get("QuestionText", ""))) or f"column {number}"
            sub = {
                **column,
                "Choices": payload.get("Choices"),
                "ChoiceOrder": payload.get("ChoiceOrder"),
            }
            sub_tag, sub_qid = f"{tag}#{number}", f"{qid}#{number}"
            if column.get("QuestionType") == "Matrix":
                made.extend(self._matrix(sub, sub_tag, sub_qid, f"{text} - {header}"))
            else:
                made.extend(
                    self._per_choice(sub, sub_tag, sub_qid, f"{text} - {header}", "text", {})
                )
        return made

    def _per_choice(
        self, payload: dict, tag: str, qid: str, text: str, kind: str, extra: dict
    ) -> list[dict[str, Any]]:
        choices = ordered(payload.get("Choices"), payload.get("ChoiceOrder"))
        if not choices:
            return [self.entry(tag, qid, text, kind, **extra)]
        labels = unique_labels(choices, "Statement")
        return [
            self.entry(f"{tag}_{k}", f"{qid}_{k}", f"{text} - {label}" if len(choices) > 1 else text, kind, **extra)
            for (k, _), label in zip(choices, labels, strict=True)
        ]  # fmt: skip

    def _text_entry(
        self, payload: dict, tag: str, qid: str, text: str, settings: dict
    ) -> list[dict]:
        selector = payload.get("Selector")
        if selector == "FORM":
            return self._per_choice(payload, tag, qid, text, "text", {})
        if settings.get("ContentType") == "ValidNumber":
            return [self.entry(tag, qid, text, "number")]
        kind = "long_text" if selector in ("ML", "ESTB") else "text"
        if selector not in ("SL", "ML", "ESTB", "PW"):
            self.warnings.append(f"question {tag}: text entry {kind_of(payload)} is read as text")
        return [self.entry(tag, qid, text, kind)]
