"""The survey instrument format (YAML): pages of typed questions, and its validation.

Validation reports every problem at once, each naming the file, the question and the field,
so a researcher can fix the file in one pass. Nothing is stored from an invalid instrument.
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from qualcode.errors import ValidationError
from qualcode.survey.conditions import Rule, parse_condition
from qualcode.validation import INDEX, Folded, Problems, load_yaml

QUESTION_TYPES = (
    "consent", "single", "multi", "likert", "matrix", "ranking", "number", "text", "long_text",
)  # fmt: skip
CHOICE_TYPES = ("consent", "single", "multi", "likert", "ranking")
SCALES = {
    ("frequency", 5): ["Never", "Rarely", "Sometimes", "Often", "Always"],
    ("frequency", 7): ["Never", "Very rarely", "Rarely", "Sometimes", "Often", "Very often", "Always"],
    ("agreement", 5): ["Strongly disagree", "Disagree", "Neither agree nor disagree", "Agree", "Strongly agree"],
    ("agreement", 7): ["Strongly disagree", "Disagree", "Somewhat disagree", "Neither agree nor disagree",
                       "Somewhat agree", "Agree", "Strongly agree"],
}  # fmt: skip
DEFAULT_CONSENT = ["I agree to take part", "I do not agree"]
DEFAULT_OTHER = "Other (please specify)"
ID_PATTERN = re.compile(r"^[A-Za-z][A-Za-z0-9_.\-]*$")
SLUG_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_\-]*$")
TOP_FIELDS = {
    "slug",
    "title",
    "intro",
    "thank_you",
    "anonymous",
    "open_link",
    "pages",
    "embedded_data",
}
PAGE_FIELDS = {"title", "intro", "questions"}
QUESTION_FIELDS = {
    "id", "type", "text", "help", "required", "options", "other", "scale", "labels", "items",
    "min", "max", "integer", "max_length", "min_choices", "max_choices", "show_if", "randomize",
    "codes", "demographic", "qualtrics",
}  # fmt: skip
QUALTRICS_FIELDS = {"tag", "qid", "choices", "recodes", "rows", "loop"}
QUESTION_PLACE = ("pages", INDEX, "questions", INDEX)  # where a question sits in the file


@dataclass(slots=True)  # slots: a large instrument holds many questions
class Question:
    id: str
    type: str
    text: str
    help: str = ""
    required: bool = False
    options: list[str] = field(default_factory=list)  # choices; for likert/matrix the scale labels
    other: str | None = None  # label of the "Other (please specify)" choice, when offered
    items: list[tuple[str, str]] = field(default_factory=list)  # matrix rows: (id, text)
    min: float | None = None
    max: float | None = None
    integer: bool = False
    max_length: int | None = None
    min_choices: int | None = None
    max_choices: int | None = None
    show_if: Rule | None = None
    randomize: bool = False
    codes: list[str] = field(default_factory=list)
    demographic: bool = False
    # Where an imported question came from: its export tag as written, its ImportId (QID...),
    # and the Qualtrics choice keys and recode values of its labels (what export columns hold).
    qualtrics: dict[str, Any] = field(default_factory=dict)

    @property
    def choices(self) -> list[str]:
        """Every selectable label, the "Other" choice last."""
        return [*self.options, self.other] if self.other else list(self.options)

    @property
    def top_categories(self) -> list[str]:
        """The positive end of a Likert scale (e.g. Often, Always): what the joint display reports."""
        return self.options[len(self.options) - len(self.options) // 2 :]

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "type": self.type, "text": self.text}
        optional = {
            "help": self.help, "required": self.required, "other": self.other,
            "min": self.min, "max": self.max, "integer": self.integer, "max_length": self.max_length,
            "min_choices": self.min_choices, "max_choices": self.max_choices,
            "randomize": self.randomize, "codes": list(self.codes), "demographic": self.demographic,
        }  # fmt: skip
        if self.type in ("likert", "matrix"):
            data["labels"] = list(self.options)
        elif self.options:
            data["options"] = list(self.options)
        if self.items:
            data["items"] = [{"id": i, "text": t} for i, t in self.items]
        if self.show_if:
            data["show_if"] = self.show_if.to_dict()
        if self.qualtrics:
            data["qualtrics"] = dict(self.qualtrics)
        data.update(
            {
                k: v
                for k, v in optional.items()
                if v is not None and v is not False and v not in ("", [])
            }
        )
        return data


@dataclass
class Page:
    title: str
    questions: list[Question]
    intro: str = ""

    def _head(self) -> dict[str, Any]:
        return {"title": self.title, **({"intro": self.intro} if self.intro else {})}

    def to_dict(self) -> dict[str, Any]:
        return {**self._head(), "questions": [q.to_dict() for q in self.questions]}

    def json_parts(self, parts: list[str]) -> None:
        """The page as JSON (json.dumps(self.to_dict())), appended to `parts` in pieces."""
        parts += [json.dumps(self._head())[:-1], ', "questions": [']
        for number, question in enumerate(self.questions):
            parts += (
                [", ", json.dumps(question.to_dict())]
                if number
                else [json.dumps(question.to_dict())]
            )
        parts.append("]}")


@dataclass
class Instrument:
    slug: str
    title: str
    pages: list[Page]
    intro: str = ""
    thank_you: str = "Thank you for taking part."
    anonymous: bool = True
    open_link: bool = False
    embedded_data: list[str] = field(
        default_factory=list
    )  # Qualtrics embedded data fields (no questions)

    @property
    def questions(self) -> list[Question]:
        return [q for page in self.pages for q in page.questions]

    def question(self, question_id: str) -> Question | None:
        return next((q for q in self.questions if q.id == question_id), None)

    def to_dict(self) -> dict[str, Any]:
        """The file structure (what the YAML holds and the database stores)."""
        return {**self._head(), "pages": [p.to_dict() for p in self.pages], **self._tail()}

    def to_json(self) -> str:
        """json.dumps(self.to_dict()), written page by page and question by question so that a
        large instrument is never built as dicts at once (what the database stores)."""
        parts = [json.dumps(self._head())[:-1], ', "pages": [']
        for number, page in enumerate(self.pages):
            parts += [", "] if number else []
            page.json_parts(parts)
        tail = json.dumps(self._tail())
        parts += ["]", ", " + tail[1:] if self.embedded_data else "}"]
        return "".join(parts)

    def _head(self) -> dict[str, Any]:
        return {
            "slug": self.slug, "title": self.title, "intro": self.intro, "thank_you": self.thank_you,
            "anonymous": self.anonymous, "open_link": self.open_link,
        }  # fmt: skip

    def _tail(self) -> dict[str, Any]:
        return {"embedded_data": list(self.embedded_data)} if self.embedded_data else {}


def _shared(text: str) -> str:
    """One copy of a text that many questions repeat (labels, scales, loop copies of a question)."""
    return sys.intern(text)


def _text(entry: dict, name: str, where: str, problems: Problems, required: bool = False) -> str:
    value = entry.get(name)
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            problems.add(where, f"field '{name}' is required")
        return ""
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        problems.add(where, f"field '{name}' must be text, got {type(value).__name__}")
        return ""
    return _shared(str(value).strip())


def _flag(entry: dict, name: str, where: str, problems: Problems, default: bool = False) -> bool:
    value = entry.get(name, default)
    if not isinstance(value, bool):
        problems.add(where, f"field '{name}' must be true or false, got {value!r}")
        return default
    return value


def _number(entry: dict, name: str, where: str, problems: Problems) -> float | None:
    value = entry.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        problems.add(where, f"field '{name}' must be a number, got {value!r}")
        return None
    return value


def _labels(entry: dict, name: str, where: str, problems: Problems) -> list[str]:
    value = entry.get(name)
    if value is None:
        return []
    if not isinstance(value, list) or not all(
        isinstance(v, (str, int, float)) and not isinstance(v, bool) for v in value
    ):
        problems.add(where, f"field '{name}' must be a list of text")
        return []
    labels = [_shared(str(v).strip()) for v in value]
    for label in sorted({x for x in labels if labels.count(x) > 1}):
        problems.add(where, f"field '{name}': option {label!r} appears more than once")
    if "" in labels:
        problems.add(where, f"field '{name}': options must not be empty")
    return labels


def _scale(entry: dict, where: str, problems: Problems) -> list[str]:
    scale = entry.get("scale", 5)
    labels = entry.get("labels", "frequency")
    if isinstance(labels, list):
        values = _labels(entry, "labels", where, problems)
        if "scale" in entry and len(values) != scale:
            problems.add(where, f"field 'labels' has {len(values)} labels but 'scale' is {scale}")
        if not values:
            problems.add(where, "field 'labels' must hold at least one label")
        return values
    if scale not in (5, 7):
        problems.add(where, f"field 'scale' must be 5 or 7, got {scale!r}")
        return []
    if labels not in ("frequency", "agreement"):
        problems.add(where, "field 'labels' must be 'frequency', 'agreement' or a list of labels")
        return []
    return list(SCALES[(labels, scale)])


def _items(entry: dict, where: str, problems: Problems) -> list[tuple[str, str]]:
    raw = entry.get("items")
    if not isinstance(raw, list) or not raw:
        problems.add(where, "field 'items' must be a list of {id, text} rows for a matrix")
        return []
    items = []
    for index, item in enumerate(raw, start=1):
        if isinstance(item, str):
            item = {"id": f"{index}", "text": item}
        if not isinstance(item, dict) or not item.get("id") or not item.get("text"):
            problems.add(where, f"field 'items', row {index}: needs an 'id' and a 'text'")
            continue
        items.append((_shared(str(item["id"])), _shared(str(item["text"]))))
    ids = [i for i, _ in items]
    for item_id in sorted({i for i in ids if ids.count(i) > 1}):
        problems.add(where, f"field 'items': row id {item_id!r} appears more than once")
    return items


def _qualtrics(entry: dict, where: str, problems: Problems) -> dict[str, Any]:
    """The `qualtrics` source of an imported question: tag and qid as text; choices, recodes,
    rows and loop (the loop & merge iteration: number, of, total, label) as mappings of text."""
    value = entry.get("qualtrics")
    if value is None:
        return {}
    if not isinstance(value, dict):
        problems.add(where, "field 'qualtrics' must be a mapping (tag, qid, choices, recodes)")
        return {}
    for name in sorted(set(value) - QUALTRICS_FIELDS):
        problems.add(where, f"field 'qualtrics': unknown field '{name}'")
    clean: dict[str, Any] = {}
    for name in ("tag", "qid"):
        if value.get(name) is not None:
            clean[name] = str(value[name])
    for name in ("choices", "recodes", "rows", "loop"):
        mapping = value.get(name)
        if mapping is None:
            continue
        if not isinstance(mapping, dict):
            problems.add(where, f"field 'qualtrics': '{name}' must map values to labels")
            continue
        clean[name] = {_shared(str(k)): _shared(str(v)) for k, v in mapping.items()}
    return clean


def _question(entry: Any, where: str, problems: Problems) -> Question | None:
    if not isinstance(entry, dict):
        problems.add(where, "must be a mapping with id, type and text")
        return None
    if entry.get("id"):
        where = f"{where}, question '{entry['id']}'"
    for name in sorted(set(entry) - QUESTION_FIELDS):
        problems.add(where, f"unknown field '{name}'")
    question_id = _text(entry, "id", where, problems, required=True)
    if question_id and not ID_PATTERN.match(question_id):
        problems.add(
            where,
            f"field 'id': {question_id!r} must start with a letter and hold letters, digits, '_', '-' or '.'",
        )
    kind = entry.get("type")
    if kind not in QUESTION_TYPES:
        problems.add(
            where, f"field 'type' must be one of {', '.join(QUESTION_TYPES)}; got {kind!r}"
        )
        return None
    question = Question(
        id=question_id, type=kind, text=_text(entry, "text", where, problems, required=True),
        help=_text(entry, "help", where, problems),
        required=_flag(entry, "required", where, problems, default=kind == "consent"),
        min=_number(entry, "min", where, problems), max=_number(entry, "max", where, problems),
        integer=_flag(entry, "integer", where, problems),
        randomize=_flag(entry, "randomize", where, problems),
        demographic=_flag(entry, "demographic", where, problems),
        codes=_labels(entry, "codes", where, problems),
        show_if=(
            parse_condition(entry["show_if"], where, problems)
            if entry.get("show_if") is not None
            else None
        ),
    )  # fmt: skip
    for name in ("max_length", "min_choices", "max_choices"):
        number = _number(entry, name, where, problems)
        if number is not None and (number != int(number) or number < 1):
            problems.add(where, f"field '{name}' must be a whole number from 1 up")
        setattr(question, name, int(number) if number is not None else None)
    if kind in ("likert", "matrix"):
        question.options = _scale(entry, where, problems)
    elif kind == "consent":
        question.options = _labels(entry, "options", where, problems) or list(DEFAULT_CONSENT)
        if len(question.options) < 2:
            problems.add(where, "field 'options': consent needs an agree and a decline option")
    elif kind in CHOICE_TYPES:
        question.options = _labels(entry, "options", where, problems)
        if not question.options and not entry.get("other"):
            problems.add(where, "field 'options' must list at least one option")
    if kind == "matrix":
        question.items = _items(entry, where, problems)
    other = entry.get("other")
    if other not in (None, False):
        if kind not in ("single", "multi"):
            problems.add(where, "field 'other' is only allowed on single and multi questions")
        elif other is True:
            question.other = DEFAULT_OTHER
        elif isinstance(other, str) and other.strip():
            question.other = _shared(other.strip())
        else:
            problems.add(where, "field 'other' must be true or the label of the Other choice")
        if question.other in question.options:
            problems.add(where, f"field 'other': {question.other!r} is also listed in 'options'")
    question.qualtrics = _qualtrics(entry, where, problems)
    if question.min is not None and question.max is not None and question.min > question.max:
        problems.add(where, "field 'min' is greater than 'max'")
    return question


def _fold_question(place: tuple, entry: Any) -> Any:
    """A question as it is read from the file: validated at once (its problems kept for the
    report, in file order), so the file's values need not all be held until the end."""
    if not isinstance(entry, dict):
        return entry
    problems = Problems("", "")
    question = _question(entry, f"page {place[1] + 1}", problems)
    return Folded((question, tuple(problems.items)), entry, len(place) + 1)


def _page_question(entry: Any, where: str, problems: Problems) -> Question | None:
    """A question of a page: validated now, or already while the file was read."""
    if isinstance(entry, Folded):
        question, found = entry.value
        problems.items.extend(found)
        return question
    return _question(entry, where, problems)


def _check_conditions(instrument: Instrument, problems: Problems) -> None:
    seen: dict[str, Question] = {}
    for question in instrument.questions:
        where = f"question '{question.id}'"
        if question.id in seen:
            problems.add(where, "id is used more than once")
        conditions = question.show_if.leaves() if question.show_if is not None else []
        for condition in conditions:
            target = seen.get(condition.question)
            if target is None:
                problems.add(
                    where,
                    f"field 'show_if': question '{condition.question}' must come before this one",
                )
            elif target.type in CHOICE_TYPES and condition.op != "answered":
                wanted = condition.value if condition.op == "in" else [condition.value]
                for value in wanted:
                    if value not in target.choices:
                        problems.add(
                            where,
                            f"field 'show_if': {value!r} is not an option of '{target.id}' "
                            f"(options: {', '.join(target.choices)})",
                        )
        seen[question.id] = question


def parse_instrument(data: Any, source: str = "instrument") -> Instrument:
    """Validate a loaded YAML structure; raise ValidationError listing every problem."""
    problems = Problems(source, "survey instrument")
    if not isinstance(data, dict):
        raise ValidationError(
            f"{source}: an instrument must be a mapping with slug, title and pages"
        )
    for name in sorted(set(data) - TOP_FIELDS):
        problems.add("top level", f"unknown field '{name}'")
    slug = _text(data, "slug", "top level", problems, required=True)
    if slug and not SLUG_PATTERN.match(slug):
        problems.add(
            "top level", f"field 'slug': {slug!r} must be lower-case letters, digits, '-' or '_'"
        )
    pages = []
    raw_pages = data.get("pages")
    if not isinstance(raw_pages, list) or not raw_pages:
        problems.add("top level", "field 'pages' must be a list of pages with questions")
        raw_pages = []
    for number, raw_page in enumerate(raw_pages, start=1):
        where = f"page {number}"
        if not isinstance(raw_page, dict) or not isinstance(raw_page.get("questions"), list):
            problems.add(where, "must be a mapping with 'title' and a list of 'questions'")
            continue
        for name in sorted(set(raw_page) - PAGE_FIELDS):
            problems.add(where, f"unknown field '{name}'")
        questions = [_page_question(entry, where, problems) for entry in raw_page["questions"]]
        pages.append(
            Page(
                title=_text(raw_page, "title", where, problems) or f"Page {number}",
                intro=_text(raw_page, "intro", where, problems),
                questions=[q for q in questions if q is not None],
            )
        )
    instrument = Instrument(
        slug=slug, title=_text(data, "title", "top level", problems, required=True), pages=pages,
        intro=_text(data, "intro", "top level", problems),
        thank_you=_text(data, "thank_you", "top level", problems) or "Thank you for taking part.",
        anonymous=_flag(data, "anonymous", "top level", problems, default=True),
        open_link=_flag(data, "open_link", "top level", problems),
        embedded_data=_labels(data, "embedded_data", "top level", problems),
    )  # fmt: skip
    _check_conditions(instrument, problems)
    problems.raise_if_any()
    return instrument


def parse_instrument_text(text: str, source: str) -> Instrument:
    """Parse instrument YAML text, naming the line of a syntax error; each question is validated
    as it is read."""
    return parse_instrument(load_yaml(text, source, QUESTION_PLACE, _fold_question), source)


def read_instrument_file(path: str | Path) -> Instrument:
    """Read and validate an instrument YAML file."""
    path = Path(path)
    if not path.is_file():
        raise ValidationError(f"{path}: no such instrument file")
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValidationError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from exc
    return parse_instrument_text(text, str(path))


def dump_instrument(instrument: Instrument) -> str:
    """The instrument as YAML (what `survey draft` writes)."""
    return yaml.safe_dump(instrument.to_dict(), sort_keys=False, allow_unicode=True, width=100)
