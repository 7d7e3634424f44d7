"""Hugging Face model metadata (JSON, JSON Lines, Parquet, each optionally gzip-compressed) read
with DuckDB, in every shape the Hub and its client library produce:

- the Hub API's (`id`/`modelId`, `downloads`, `library_name`, `tags`, `pipeline_tag`,
  `cardData{license, datasets, model-index}`, `siblings[].rfilename`, `config`), search-API
  records (a subset of those fields) included;
- `huggingface_hub` `ModelInfo` objects saved as records: snake_case `card_data` (an object, or
  the YAML / Python repr its `str()` writes), a top-level `model_index`, `siblings` as the text
  of `RepoSibling(...)` objects;
- the `librarian-bots/model_cards_with_metadata` dump's (`modelId`, ..., `card`: the model card's
  Markdown, whose YAML front matter takes the place of `cardData`).

DuckDB streams the file into one normalised table (see registry_data.COLUMNS); values written as
text are parsed in Python (hf_fields), only for the records that need it. An attribute no record
carries is absent, and so are the metrics that need it; a field that some records carry in a form
that cannot be read is a warning naming the field and the count, and the metrics depending on it
are left out too (never a silent zero). `--map FIELD=COLUMN` reads a metric input from a
dataset's own column (see mapping.py).
"""

from __future__ import annotations

import gzip
import json
from datetime import date, datetime
from pathlib import Path

import duckdb
import pyarrow as pa

from qualcode.evidence import hf_fields
from qualcode.evidence.frontmatter import FrontMatterError, card_metadata
from qualcode.evidence.hf_mapping import MAP_INPUTS, mapped_sql
from qualcode.evidence.id_parts import NAME_SQL, OWNER_SQL
from qualcode.evidence.loaded import Loaded, record_error, require_file
from qualcode.evidence.metrics import METRICS
from qualcode.evidence.registry_data import ModelTable
from qualcode.evidence.workspace import connect, memory_problem

CARD_KEYS = ("license", "datasets", "model-index")
BATCH = 50_000

# Keys whose presence in any record gives the source an attribute.
KEY_ATTRIBUTES = {
    "siblings": {"card"}, "card": {"card", "license", "dataset", "claims"},
    "cardData": {"license", "dataset", "claims"}, "card_data": {"license", "dataset", "claims"},
    "model_index": {"claims"}, "tags": {"license", "dataset", "paper"},
    "pipeline_tag": {"task"}, "library_name": {"library"}, "config": {"architecture"},
    "downloads": {"downloads"},
}  # fmt: skip

NESTED = ("tags", "cardData", "card_data", "model_index", "config", "siblings")
# The fields read from each record: scalars as text, nested values as JSON.
FIELDS = {"id": "JSON", "modelId": "JSON", "pipeline_tag": "VARCHAR", "library_name": "VARCHAR",
          "downloads": "JSON", "tags": "JSON", "cardData": "JSON", "card_data": "JSON",
          "model_index": "JSON", "config": "JSON", "siblings": "JSON", "card": "VARCHAR"}  # fmt: skip

CARD_DATA = """coalesce(CASE WHEN json_type("cardData") <> 'NULL' THEN "cardData" END,
                        CASE WHEN json_type(card_data) <> 'NULL' THEN card_data END)"""
TEXT_SIBLINGS = "coalesce(json_type(siblings->'$[0]'), 'NULL') = 'VARCHAR'"

STAGE = """
CREATE TABLE stage AS SELECT
  coalesce({mapped_id}CASE WHEN json_type("id") = 'VARCHAR' THEN "id"->>'$' END,
           CASE WHEN json_type("modelId") = 'VARCHAR' THEN "modelId"->>'$' END) AS model_id,
  nullif(trim(pipeline_tag), '') AS task,
  nullif(trim(library_name), '') AS library,
  downloads->>'$' AS downloads_text,
  TRY_CAST(downloads->>'$' AS BIGINT) AS downloads,
  CASE WHEN json_type(tags) = 'ARRAY' THEN TRY_CAST(tags AS VARCHAR[]) END AS tags,
  CASE WHEN json_type({card_data}) = 'OBJECT' THEN {card_data} END AS card_data,
  CASE WHEN json_type(model_index) = 'ARRAY' THEN model_index END AS model_index,
  CASE WHEN json_type(config) = 'OBJECT'
       THEN TRY_CAST(config->'$.architectures' AS VARCHAR[]) END AS architectures,
  CASE WHEN json_type(siblings) = 'ARRAY' AND NOT {text_siblings}
       THEN list_contains(json_extract_string(siblings, '$[*].rfilename'), 'README.md') END AS readme,
  card,
  -- values written as text, parsed in Python; and values of a type nothing can read
  CASE WHEN json_type(tags) = 'VARCHAR' THEN tags->>'$' END AS text_tags,
  CASE WHEN json_type({card_data}) = 'VARCHAR' THEN {card_data}->>'$' END AS text_card_data,
  CASE WHEN json_type(model_index) = 'VARCHAR' THEN model_index->>'$' END AS text_model_index,
  CASE WHEN json_type(config) = 'VARCHAR' THEN config->>'$' END AS text_config,
  CASE WHEN json_type(siblings) = 'VARCHAR' THEN siblings->>'$'
       WHEN json_type(siblings) = 'ARRAY' AND {text_siblings} THEN siblings::VARCHAR END
    AS text_siblings,
  json_type(tags) NOT IN ('ARRAY', 'VARCHAR', 'NULL') AS bad_tags,
  json_type({card_data}) NOT IN ('OBJECT', 'VARCHAR', 'NULL') AS bad_card_data,
  json_type(model_index) NOT IN ('ARRAY', 'VARCHAR', 'NULL') AS bad_model_index,
  json_type(config) NOT IN ('OBJECT', 'VARCHAR', 'NULL') AS bad_config,
  json_type(siblings) NOT IN ('ARRAY', 'VARCHAR', 'NULL')
    OR (json_type(siblings) = 'ARRAY' AND NOT {text_siblings}
        AND len(json_extract_string(siblings, '$[*].rfilename')) < json_array_length(siblings))
    AS bad_siblings,
  {mapped}
  {keys}
FROM ({source})
"""

# Each column of the normalised table, computed from the stage (a mapped input replaces it).
NORMALISED = {
    "model_id": "model_id",
    "owner": OWNER_SQL,
    "name": NAME_SQL,
    "hub": "'Hugging Face'",
    "task": "task",
    "library": "library",
    "license": """nullif(trim(coalesce(
        CASE json_type(card_data->'$.license') WHEN 'VARCHAR' THEN card_data->>'$.license'
          WHEN 'ARRAY' THEN card_data->>'$.license[0]' END,
        substr(list_filter(tags, lambda x: starts_with(x, 'license:'))[1], 9))), '')""",
    "has_card": "coalesce(readme, CASE WHEN has_card_text IS NOT NULL THEN has_card_text END)",
    "has_claims": """coalesce(len(json_extract(card_data, '$."model-index"[*].results[*]')) > 0, false)
        OR coalesce(len(json_extract(model_index, '$[*].results[*]')) > 0, false)""",
    "downloads": "downloads",
    "datasets": """list_filter(list_distinct(list_concat(
        CASE json_type(card_data->'$.datasets') WHEN 'VARCHAR' THEN [card_data->>'$.datasets']
          WHEN 'ARRAY' THEN TRY_CAST(card_data->'$.datasets' AS VARCHAR[]) ELSE [] END,
        list_transform(list_filter(coalesce(tags, []), lambda x: starts_with(x, 'dataset:')),
                       lambda x: substr(x, 9))
      )), lambda x: x IS NOT NULL AND trim(x) <> '')""",
    "architectures": "list_filter(architectures, lambda x: x IS NOT NULL AND x <> '')",
    "papers": "list_filter(coalesce(tags, []), "
    "lambda x: starts_with(x, 'arxiv:') OR starts_with(x, 'doi:'))",
}

# What each field read in Python yields, and the reader that yields it.
TEXT_FIELDS = {
    "tags": ("tags", "tags", hf_fields.string_list),
    "card_data": ("cardData / card_data", "card_data", hf_fields.card_data),
    "model_index": ("model_index", "model_index", hf_fields.records),
    "config": ("config", "architectures", hf_fields.mapping),
    "siblings": ("siblings", "readme", hf_fields.sibling_files),
}
FIELD_ATTRIBUTES = {"tags": KEY_ATTRIBUTES["tags"], "card_data": KEY_ATTRIBUTES["cardData"],
                    "model_index": {"claims"}, "config": {"architecture"},
                    "siblings": {"card"}}  # fmt: skip


def _quoted(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def _parquet_source(connection: duckdb.DuckDBPyConnection, path: Path, fields: dict) -> str:
    quoted = _quoted(path)
    try:
        described = connection.execute(f"DESCRIBE SELECT * FROM read_parquet({quoted})").fetchall()
    except duckdb.Error as exc:
        raise record_error(path, "file", f"not a readable Parquet file ({exc})") from exc
    schema = {row[0]: row[1] for row in described}
    columns = []
    for name, kind in fields.items():
        if name not in schema:
            value = "NULL"
        elif kind == "VARCHAR":
            value = f'CAST("{name}" AS VARCHAR)'
        elif schema[name] == "VARCHAR":  # nested values stored as JSON text, or other text
            value = (f'CASE WHEN json_type(TRY_CAST("{name}" AS JSON)) IN (\'OBJECT\', \'ARRAY\') '
                     f'THEN TRY_CAST("{name}" AS JSON) ELSE to_json("{name}") END')  # fmt: skip
        else:
            value = f'to_json("{name}")'
        columns.append(f'CAST({value} AS {kind}) AS "{name}"')
    return f"SELECT {', '.join(columns)} FROM read_parquet({quoted})"


def _head(path: Path) -> bytes:
    opener = gzip.open if path.suffix.lower() == ".gz" else open
    try:
        with opener(path, "rb") as handle:
            return handle.read(4096).lstrip()
    except (OSError, EOFError) as exc:
        raise record_error(path, "file", f"not readable ({exc})") from exc


def _source_sql(connection: duckdb.DuckDBPyConnection, path: Path, fields: dict) -> str:
    """A query yielding `fields` of every record as typed columns, whatever the file format."""
    if path.suffix.lower() == ".parquet":
        return _parquet_source(connection, path, fields)
    form = "array" if _head(path).startswith(b"[") else "newline_delimited"
    types = ", ".join(f"'{name}': '{kind}'" for name, kind in fields.items())
    return (f"SELECT * FROM read_json({_quoted(path)}, format='{form}', columns={{{types}}}, "
            f"maximum_object_size=67108864, compression='auto')")  # fmt: skip


def _jsonable(value):
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


def _update(connection: duckdb.DuckDBPyConnection, name: str, columns: dict, sets: str) -> None:
    connection.register(name, pa.table(columns))
    connection.execute(f"UPDATE stage SET {sets} FROM {name} f WHERE stage.rowid = f.rid")
    connection.unregister(name)


def _parse_text_fields(connection: duckdb.DuckDBPyConnection) -> dict[str, tuple[int, str]]:
    """Read the values written as text (see TEXT_FIELDS) into the stage; returns, per field, the
    number of records whose text could not be read and one reason."""
    texts = [f"text_{field}" for field in TEXT_FIELDS]
    cursor = connection.execute(
        f"SELECT rowid, {', '.join(texts)} FROM stage WHERE " + " OR ".join(f"{t} IS NOT NULL" for t in texts)
    )  # fmt: skip
    out: dict[str, list] = {"rid": [], "tags": [], "card_data": [], "model_index": [],
                            "architectures": [], "readme": []}  # fmt: skip
    unreadable: dict[str, tuple[int, str]] = {}
    while batch := cursor.fetchmany(BATCH):
        for rowid, *values in batch:
            out["rid"].append(rowid)
            parsed = {column: None for column in out if column != "rid"}
            for (field, (_, column, reader)), text in zip(TEXT_FIELDS.items(), values, strict=True):
                if text is None:
                    continue
                try:
                    value = reader(text)
                except hf_fields.Unreadable as exc:
                    count, reason = unreadable.get(field, (0, str(exc)))
                    unreadable[field] = (count + 1, reason)
                    continue
                parsed[column] = _converted(field, value)
            for column, value in parsed.items():
                out[column].append(value)
    if out["rid"]:
        _update(connection, "text_fields", {
            "rid": pa.array(out["rid"], pa.int64()), "tags": pa.array(out["tags"], pa.list_(pa.string())),
            "card_data": pa.array(out["card_data"], pa.string()), "model_index": pa.array(out["model_index"], pa.string()),
            "architectures": pa.array(out["architectures"], pa.list_(pa.string())),
            "readme": pa.array(out["readme"], pa.bool_()),
        }, "tags = coalesce(f.tags, stage.tags), card_data = coalesce(TRY_CAST(f.card_data AS JSON), stage.card_data), "
           "model_index = coalesce(TRY_CAST(f.model_index AS JSON), stage.model_index), "
           "architectures = coalesce(f.architectures, stage.architectures), readme = coalesce(f.readme, stage.readme)")  # fmt: skip
    return unreadable


def _converted(field: str, value):
    """A parsed value in the stage column's form."""
    if field in ("card_data", "model_index"):
        return json.dumps(value, default=_jsonable)
    if field == "config":
        architectures = value.get("architectures")
        if architectures is None:
            return None
        if not isinstance(architectures, list):
            raise hf_fields.Unreadable("config.architectures is not a list")
        return [str(a) for a in architectures if a is not None]
    if field == "siblings":
        return "README.md" in value
    return value


def _parse_cards(connection: duckdb.DuckDBPyConnection) -> list[str]:
    """Fill `card_data` from each card's front matter (dump shape); returns warnings."""
    cursor = connection.execute("SELECT rowid, card FROM stage WHERE card IS NOT NULL")
    rowids, payloads, has_text, broken = [], [], [], 0
    while batch := cursor.fetchmany(BATCH):
        for rowid, card in batch:
            try:
                meta = card_metadata(card)
            except FrontMatterError:
                meta, broken = None, broken + 1
            subset = {k: meta[k] for k in CARD_KEYS if meta and k in meta}
            rowids.append(rowid)
            payloads.append(json.dumps(subset, default=_jsonable) if subset else None)
            has_text.append(bool(card.strip()))
    _update(connection, "front_matter", {
        "rid": pa.array(rowids, pa.int64()), "meta": pa.array(payloads, pa.string()),
        "has_text": pa.array(has_text, pa.bool_())},
        "card_data = coalesce(card_data, TRY_CAST(f.meta AS JSON)), has_card_text = f.has_text")  # fmt: skip
    if broken:
        return [
            f"{broken} model cards have front matter that is not valid YAML: read as no metadata"
        ]
    return []


def _first_bad(connection: duckdb.DuckDBPyConnection, condition: str) -> int | None:
    row = connection.execute(f"SELECT min(rowid) FROM stage WHERE {condition}").fetchone()
    return None if row[0] is None else int(row[0]) + 1


def _validate(connection: duckdb.DuckDBPyConnection, path: Path) -> None:
    if (n := _first_bad(connection, "model_id IS NULL OR trim(model_id) = ''")) is not None:
        raise record_error(
            path,
            f"record {n}",
            "missing required field 'id' (or 'modelId') holding a model id string: is this Hugging Face model metadata?",
        )
    if (
        n := _first_bad(connection, "downloads IS NULL AND downloads_text IS NOT NULL")
    ) is not None:
        raise record_error(path, f"record {n}", "field 'downloads' must be a whole number")


def _left_out(attributes: set[str]) -> str:
    """The metrics that need any of these attributes, for a warning."""
    ids = [m.id for m in METRICS if m.needs in attributes and "hf-metadata" in m.kinds]
    return ", ".join(ids) or "no metric"


def _unreadable_warnings(
    connection: duckdb.DuckDBPyConnection, parsed: dict[str, tuple[int, str]], records: int
) -> tuple[list[str], set[str]]:
    """Warnings for fields some records carry in an unreadable form, and the attributes lost."""
    counts = connection.execute(
        "SELECT " + ", ".join(f"count(*) FILTER (WHERE bad_{f})" for f in TEXT_FIELDS) + " FROM stage"
    ).fetchone()  # fmt: skip
    warnings, lost = [], set()
    for (field, (label, _, _)), bad_type in zip(TEXT_FIELDS.items(), counts, strict=True):
        unreadable, reason = parsed.get(field, (0, "a value of the wrong type"))
        total = unreadable + int(bad_type)
        if total == 0:
            continue
        if bad_type and not unreadable:
            reason = "a value of the wrong type"
        lost |= FIELD_ATTRIBUTES[field]
        warnings.append(
            f"field '{label}' is unreadable in {total:,} of {records:,} records ({reason}): "
            f"left out {_left_out(FIELD_ATTRIBUTES[field])}"
        )
    return warnings, lost


def _repeated_ids(connection: duckdb.DuckDBPyConnection, records: int) -> list[str]:
    """A warning when some model is in several records: each record counts, so say so."""
    repeated, example = connection.execute(
        "SELECT count(*) - count(DISTINCT model_id), "
        "(SELECT model_id FROM models GROUP BY model_id HAVING count(*) > 1 ORDER BY model_id LIMIT 1) "
        "FROM models"
    ).fetchall()[0]  # fmt: skip
    if not repeated:
        return []
    return [f"{repeated:,} of {records:,} records repeat a model id already listed (e.g. {example}): "
            "every record is counted, so remove the repeats if they are not separate models"]  # fmt: skip


def load(path: Path, mapping: dict[str, str] | None = None) -> Loaded:
    """Load Hugging Face model metadata into a normalised DuckDB table; `mapping` reads metric
    inputs (see hf_mapping.MAP_INPUTS) from the file's own columns."""
    require_file(path)
    mapping = dict(mapping or {})
    connection = connect()
    fields = {**FIELDS, **{c: "JSON" for c in mapping.values() if c not in FIELDS}}
    mapped = mapped_sql(mapping, fields)
    columns_sql = "".join(f'{value} AS "map_{f}", {bad} AS "bad_map_{f}", '
                          for f, (value, bad) in mapped.items())  # fmt: skip
    keys = ", ".join(f'"{key}" IS NOT NULL AS "k_{key}"' for key in KEY_ATTRIBUTES)
    keys += "".join(f', "{c}" IS NOT NULL AS "k_map_{f}"' for f, c in mapping.items())
    stage = STAGE.format(card_data=CARD_DATA, text_siblings=TEXT_SIBLINGS, keys=keys,
                         mapped=columns_sql, mapped_id=f"{mapped['id'][0]}, " if "id" in mapped else "",
                         source=_source_sql(connection, path, fields))  # fmt: skip
    try:
        connection.execute(stage)
    except duckdb.OutOfMemoryException as exc:
        raise record_error(path, "file", memory_problem()) from exc
    except duckdb.Error as exc:
        message = str(exc).splitlines()[0]
        raise record_error(
            path, "file", f"not Hugging Face metadata in JSON, JSON Lines or Parquet ({message})"
        ) from exc
    records = connection.execute("SELECT count(*) FROM stage").fetchone()[0]
    if records == 0:
        raise record_error(path, "file", "no records")
    _validate(connection, path)
    present = dict(zip(
        [*KEY_ATTRIBUTES, *(f"map_{f}" for f in mapping)],
        connection.execute("SELECT " + ", ".join(
            [f'bool_or("k_{key}")' for key in KEY_ATTRIBUTES] + [f'bool_or("k_map_{f}")' for f in mapping]
        ) + " FROM stage").fetchone(), strict=True))  # fmt: skip
    for field, column in mapping.items():
        if not present[f"map_{field}"]:
            raise record_error(
                path, "file", f"--map {field}={column}: no record has a column '{column}'"
            )
    attributes = {"ids"}
    for key, is_present in present.items():
        if is_present and key in KEY_ATTRIBUTES:
            attributes |= KEY_ATTRIBUTES[key]
    connection.execute("ALTER TABLE stage ADD COLUMN has_card_text BOOLEAN")
    shape = "dump" if present["card"] else "hub-api"
    warnings, lost = _unreadable_warnings(connection, _parse_text_fields(connection), records)
    attributes -= lost
    warnings += _parse_cards(connection) if shape == "dump" else []
    for field, column in mapping.items():
        attribute = MAP_INPUTS[field].attribute
        bad = connection.execute(
            f'SELECT count(*) FILTER (WHERE "bad_map_{field}") FROM stage'
        ).fetchone()[0]
        if bad:
            warnings.append(f"column '{column}' (--map {field}) is unreadable in {bad:,} of {records:,} "
                            f"records (expected {MAP_INPUTS[field].expected}): left out {_left_out({attribute})}")  # fmt: skip
            attributes.discard(attribute)
        else:
            attributes.add(attribute)
    columns = {name: (f'"map_{f}"' if (f := _mapped_input(name, mapping)) else sql)
               for name, sql in NORMALISED.items()}  # fmt: skip
    connection.execute(
        "CREATE TABLE models AS SELECT "
        + ", ".join(f"{sql} AS {name}" for name, sql in columns.items())
        + " FROM stage ORDER BY rowid"
    )
    connection.execute("DROP TABLE stage")
    warnings += _repeated_ids(connection, records)
    missing = sorted({"card", "license", "dataset", "paper", "task", "library", "architecture",
                      "claims", "downloads"} - attributes)  # fmt: skip
    if missing:
        warnings.append(f"no record carries {', '.join(missing)}: metrics needing them are absent")
    meta = {"shape": shape, **({"map": mapping} if mapping else {})}
    return Loaded(ModelTable(connection, attributes), int(records), warnings, meta)


def _mapped_input(column: str, mapping: dict[str, str]) -> str | None:
    """The mapped input that fills this normalised column, if any."""
    for field in mapping:
        if field != "id" and MAP_INPUTS[field].column == column:
            return field
    return None
