"""Hugging Face model metadata (JSON, JSON Lines, Parquet) read with DuckDB, in two shapes:

- the Hub API's (`id`/`modelId`, `author`, `downloads`, `likes`, `library_name`, `tags`,
  `pipeline_tag`, `cardData{license, datasets, model-index}`, `siblings[].rfilename`, `config`);
- the `librarian-bots/model_cards_with_metadata` dump's (`modelId`, ..., `card`: the model card's
  Markdown, whose YAML front matter takes the place of `cardData`).

DuckDB streams the file into one normalised table (see registry_data.COLUMNS); only the card
front matter of the dump shape is parsed in Python. An attribute no record carries (e.g. no
`siblings`, so no way to see a README) is absent, and so are the metrics that need it.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import duckdb
import pyarrow as pa

from qualcode.evidence.frontmatter import FrontMatterError, card_metadata
from qualcode.evidence.loaded import Loaded, record_error, require_file
from qualcode.evidence.registry_data import ModelTable

CARD_KEYS = ("license", "datasets", "model-index")
BATCH = 50_000

# Keys whose presence in any record gives the source an attribute.
KEY_ATTRIBUTES = {
    "siblings": {"card"}, "card": {"card", "license", "dataset", "claims"},
    "cardData": {"license", "dataset", "claims"}, "tags": {"license", "dataset", "paper"},
    "pipeline_tag": {"task"}, "library_name": {"library"}, "config": {"architecture"},
    "downloads": {"downloads"},
}  # fmt: skip

NESTED = ("tags", "cardData", "config", "siblings")
# The fields read from each record: scalars as text, nested values as JSON (parsed once per record).
FIELDS = {"id": "JSON", "modelId": "JSON", "pipeline_tag": "VARCHAR", "library_name": "VARCHAR",
          "downloads": "JSON", "tags": "JSON", "cardData": "JSON", "config": "JSON",
          "siblings": "JSON", "card": "VARCHAR"}  # fmt: skip

STAGE = """
CREATE TABLE stage AS SELECT
  coalesce(CASE WHEN json_type("id") = 'VARCHAR' THEN "id"->>'$' END,
           CASE WHEN json_type("modelId") = 'VARCHAR' THEN "modelId"->>'$' END) AS model_id,
  nullif(trim(pipeline_tag), '') AS task,
  nullif(trim(library_name), '') AS library,
  downloads->>'$' AS downloads_text,
  TRY_CAST(downloads->>'$' AS BIGINT) AS downloads,
  TRY_CAST(tags AS VARCHAR[]) AS tags,
  CASE WHEN json_type("cardData") = 'OBJECT' THEN "cardData" END AS card_data,
  TRY_CAST(config->'$.architectures' AS VARCHAR[]) AS architectures,
  CASE WHEN json_type(siblings) = 'ARRAY'
       THEN list_contains(json_extract_string(siblings, '$[*].rfilename'), 'README.md') END AS readme,
  card,
  {keys}
FROM ({source})
"""

NORMALISE = """
CREATE TABLE models AS SELECT
  model_id,
  CASE WHEN contains(model_id, '/') THEN split_part(model_id, '/', 1) END AS owner,
  CASE WHEN contains(model_id, '/') THEN substr(model_id, strpos(model_id, '/') + 1) ELSE model_id END AS name,
  'Hugging Face' AS hub, task, library,
  nullif(trim(coalesce(
    CASE json_type(card_data->'$.license') WHEN 'VARCHAR' THEN card_data->>'$.license'
      WHEN 'ARRAY' THEN card_data->>'$.license[0]' END,
    substr(list_filter(tags, lambda x: starts_with(x, 'license:'))[1], 9))), '') AS license,
  coalesce(readme, CASE WHEN has_card_text IS NOT NULL THEN has_card_text END) AS has_card,
  len(json_extract(card_data, '$."model-index"[*].results[*]')) > 0 AS has_claims,
  downloads,
  list_filter(list_distinct(list_concat(
    CASE json_type(card_data->'$.datasets') WHEN 'VARCHAR' THEN [card_data->>'$.datasets']
      WHEN 'ARRAY' THEN TRY_CAST(card_data->'$.datasets' AS VARCHAR[]) ELSE [] END,
    list_transform(list_filter(coalesce(tags, []), lambda x: starts_with(x, 'dataset:')), lambda x: substr(x, 9))
  )), lambda x: x IS NOT NULL AND trim(x) <> '') AS datasets,
  list_filter(architectures, lambda x: x IS NOT NULL AND x <> '') AS architectures,
  list_filter(coalesce(tags, []), lambda x: starts_with(x, 'arxiv:') OR starts_with(x, 'doi:')) AS papers
FROM stage ORDER BY rowid
"""


def _source_sql(connection: duckdb.DuckDBPyConnection, path: Path) -> str:
    """A query yielding the FIELDS of every record as typed columns, whatever the file format."""
    quoted = "'" + str(path).replace("'", "''") + "'"
    if path.suffix.lower() == ".parquet":
        try:
            described = connection.execute(
                f"DESCRIBE SELECT * FROM read_parquet({quoted})"
            ).fetchall()
        except duckdb.Error as exc:
            raise record_error(path, "file", f"not a readable Parquet file ({exc})") from exc
        schema = {row[0]: row[1] for row in described}
        columns = []
        for name, kind in FIELDS.items():
            if name not in schema:
                value = "NULL"
            elif kind == "VARCHAR":
                value = f'CAST("{name}" AS VARCHAR)'
            elif schema[name] == "VARCHAR" and name in NESTED:  # nested values stored as JSON text
                value = f'TRY_CAST("{name}" AS JSON)'
            else:
                value = f'to_json("{name}")'
            columns.append(f'CAST({value} AS {kind}) AS "{name}"')
        return f"SELECT {', '.join(columns)} FROM read_parquet({quoted})"
    head = path.open("rb").read(4096).lstrip()
    form = "array" if head.startswith(b"[") else "newline_delimited"
    types = ", ".join(f"'{name}': '{kind}'" for name, kind in FIELDS.items())
    return (f"SELECT * FROM read_json({quoted}, format='{form}', columns={{{types}}}, "
            f"maximum_object_size=67108864)")  # fmt: skip


def _jsonable(value):
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


def _parse_cards(connection: duckdb.DuckDBPyConnection, path: Path) -> list[str]:
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
    table = pa.table({"rid": pa.array(rowids, pa.int64()), "meta": pa.array(payloads, pa.string()),
                      "has_text": pa.array(has_text, pa.bool_())})  # fmt: skip
    connection.register("front_matter", table)
    connection.execute(
        "UPDATE stage SET card_data = coalesce(card_data, TRY_CAST(f.meta AS JSON)), "
        "has_card_text = f.has_text FROM front_matter f WHERE stage.rowid = f.rid"
    )
    connection.unregister("front_matter")
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


def load(path: Path) -> Loaded:
    """Load Hugging Face model metadata into a normalised DuckDB table."""
    require_file(path)
    connection = duckdb.connect()
    keys = ", ".join(f'"{key}" IS NOT NULL AS "k_{key}"' for key in KEY_ATTRIBUTES)
    try:
        connection.execute(STAGE.format(keys=keys, source=_source_sql(connection, path)))
    except duckdb.Error as exc:
        message = str(exc).splitlines()[0]
        raise record_error(
            path, "file", f"not Hugging Face metadata in JSON, JSON Lines or Parquet ({message})"
        ) from exc
    records = connection.execute("SELECT count(*) FROM stage").fetchone()[0]
    if records == 0:
        raise record_error(path, "file", "no records")
    _validate(connection, path)
    present = connection.execute(
        "SELECT " + ", ".join(f'bool_or("k_{key}")' for key in KEY_ATTRIBUTES) + " FROM stage"
    ).fetchone()
    attributes = {"ids"}
    for key, is_present in zip(KEY_ATTRIBUTES, present, strict=True):
        if is_present:
            attributes |= KEY_ATTRIBUTES[key]
    connection.execute("ALTER TABLE stage ADD COLUMN has_card_text BOOLEAN")
    shape = "dump" if present[list(KEY_ATTRIBUTES).index("card")] else "hub-api"
    warnings = _parse_cards(connection, path) if shape == "dump" else []
    connection.execute(NORMALISE)
    connection.execute("DROP TABLE stage")
    missing = sorted({"card", "license", "dataset", "paper", "task", "library", "architecture",
                      "claims", "downloads"} - attributes)  # fmt: skip
    if missing:
        warnings.append(f"no record carries {', '.join(missing)}: metrics needing them are absent")
    return Loaded(ModelTable(connection, attributes), int(records), warnings, {"shape": shape})
