"""`evidence load --map FIELD=COLUMN`: a metric input read from a dataset's own column.

Published model-card studies ship their own columns (`has_modelcard`, `task_category`, ...)
instead of the Hub's fields; a mapping says which column holds which input. A mapped input
replaces the one qualcode would derive from the Hub's fields, and it gives the source the
attribute its metrics need. Values are read by the input's kind: yes/no (true/false, 1/0,
yes/no), text, a list of names (a list, or one name as text), or a whole number.
"""

from __future__ import annotations

from dataclasses import dataclass

from qualcode.errors import ValidationError


@dataclass(frozen=True)
class MapInput:
    """A metric input: the normalised column it fills, the attribute it gives, how it is read."""

    column: str
    attribute: str
    kind: str  # flag | text | names | count
    expected: str


MAP_INPUTS: dict[str, MapInput] = {
    "id": MapInput("model_id", "ids", "text", "a model id as text"),
    "card": MapInput("has_card", "card", "flag", "yes/no: true/false, 1/0, yes/no"),
    "claims": MapInput("has_claims", "claims", "flag", "yes/no: true/false, 1/0, yes/no"),
    "task": MapInput("task", "task", "text", "a task name as text"),
    "library": MapInput("library", "library", "text", "a library name as text"),
    "license": MapInput("license", "license", "text", "a licence name as text"),
    "dataset": MapInput("datasets", "dataset", "names", "a list of dataset names, or one as text"),
    "architecture": MapInput(
        "architectures", "architecture", "names", "a list of architecture names, or one as text"
    ),  # fmt: skip
    "paper": MapInput("papers", "paper", "names", "a list of paper ids, or one as text"),
    "downloads": MapInput("downloads", "downloads", "count", "a whole number"),
}

TRUE = "('true', 't', 'yes', 'y', '1', '1.0')"
FALSE = "('false', 'f', 'no', 'n', '0', '0.0', '')"


def parse_mapping(pairs: list[str] | tuple[str, ...]) -> dict[str, str]:
    """{input: column} from FIELD=COLUMN pairs; an unknown input or a repeated one is an error."""
    mapping: dict[str, str] = {}
    for pair in pairs:
        field, sep, column = pair.partition("=")
        field, column = field.strip(), column.strip()
        if not sep or not field or not column:
            raise ValidationError(
                f"mapping '{pair}': expected FIELD=COLUMN, e.g. card=has_modelcard"
            )
        if field not in MAP_INPUTS:
            raise ValidationError(
                f"mapping '{pair}': unknown input '{field}' (expected one of {', '.join(MAP_INPUTS)})"
            )
        if field in mapping:
            raise ValidationError(f"mapping '{pair}': input '{field}' is mapped twice")
        mapping[field] = column
    return mapping


def _value(kind: str, j: str) -> tuple[str, str]:
    """(value, unreadable) SQL expressions for a JSON expression `j`."""
    word = f"lower(trim({j}->>'$'))"
    if kind == "flag":
        return (f"CASE WHEN {word} IN {TRUE} THEN true WHEN {word} IN {FALSE} THEN false END",
                f"{j} IS NOT NULL AND json_type({j}) <> 'NULL' AND {word} NOT IN {TRUE} "
                f"AND {word} NOT IN {FALSE}")  # fmt: skip
    if kind == "text":
        return (f"CASE WHEN json_type({j}) = 'VARCHAR' THEN nullif(trim({j}->>'$'), '') END",
                f"coalesce(json_type({j}), 'NULL') NOT IN ('VARCHAR', 'NULL')")  # fmt: skip
    if kind == "names":
        return ("list_filter(CASE json_type(" + j + ") WHEN 'ARRAY' THEN TRY_CAST(" + j
                + " AS VARCHAR[]) WHEN 'VARCHAR' THEN [" + j + "->>'$'] END, "
                "lambda x: x IS NOT NULL AND trim(x) <> '')",
                f"coalesce(json_type({j}), 'NULL') NOT IN ('ARRAY', 'VARCHAR', 'NULL') OR "
                f"(json_type({j}) = 'ARRAY' AND TRY_CAST({j} AS VARCHAR[]) IS NULL)")  # fmt: skip
    number = f"TRY_CAST({j}->>'$' AS DOUBLE)"
    return (f"CAST(round({number}) AS BIGINT)",
            f"coalesce(json_type({j}), 'NULL') <> 'NULL' AND ({number} IS NULL "
            f"OR {number} <> round({number}))")  # fmt: skip


def mapped_sql(mapping: dict[str, str], fields: dict[str, str]) -> dict[str, tuple[str, str]]:
    """{input: (value, unreadable)} SQL expressions for a mapping, on the file's columns read
    with the types in `fields`."""
    expressions = {}
    for field, column in mapping.items():
        j = f'to_json("{column}")' if fields[column] == "VARCHAR" else f'"{column}"'
        value, unreadable = _value(MAP_INPUTS[field].kind, j)
        expressions[field] = (value, f"coalesce({unreadable}, false)")
    return expressions
