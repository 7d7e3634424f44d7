"""The same Hugging Face models written in each shape the Hub API and `huggingface_hub` produce.

Written from the Hub API's model records (`/api/models?full=true`) and from `huggingface_hub`'s
`ModelInfo` (snake_case attributes; `card_data` a `ModelCardData`, whose `str()` is its YAML and
whose `repr()` is a dict; `siblings` a list of `RepoSibling` dataclasses), as records saved by
`vars(info)` with `json.dumps(default=str)` or by `pandas.DataFrame(...).to_parquet()`.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import yaml

from qualcode.evidence import synth


def hub_records(n: int, seed: int) -> list[dict]:
    return [{k: v for k, v in r.items() if k != synth.MARKER} for r in synth.hf_records(n, seed)]


def repo_sibling(name: str) -> str:
    return f"RepoSibling(rfilename={name!r}, size=None, blob_id=None, lfs=None)"


def card_yaml(card: dict | None) -> str | None:
    """What `str(ModelCardData)` prints: the card's YAML, None values left out."""
    if card is None:
        return None
    plain = json.loads(json.dumps(card))  # plain Python numbers, as the library holds them
    return yaml.safe_dump({k: v for k, v in plain.items() if v is not None}, sort_keys=False)


def model_info(record: dict, style: str) -> dict:
    """A Hub API record as a saved `ModelInfo`: `style` picks how its objects became text."""
    card = record["cardData"]
    files = [s["rfilename"] for s in record["siblings"]]
    info = {
        "id": record["id"], "author": record["author"], "sha": record["sha"],
        "created_at": record["createdAt"], "last_modified": record["lastModified"],
        "private": False, "downloads": record["downloads"], "likes": record["likes"],
        "library_name": record["library_name"], "tags": record["tags"],
        "pipeline_tag": record["pipeline_tag"], "config": record["config"],
    }  # fmt: skip
    if style == "yaml":  # str() of each object
        info["card_data"] = card_yaml(card)
        info["siblings"] = [repo_sibling(f) for f in files]
    elif style == "repr":  # one str() for the whole list, reprs of dicts and lists
        info["card_data"] = repr({k: v for k, v in card.items() if v is not None}) if card else None
        info["siblings"] = "[" + ", ".join(repo_sibling(f) for f in files) + "]"
        info["tags"] = repr(record["tags"])
        info["config"] = repr(record["config"]) if record["config"] else None
    elif style == "objects":  # dataclasses.asdict: objects as dicts, model-index at the top
        card = dict(card) if card else None
        index = card.pop("model-index", None) if card else None
        info["card_data"] = card
        info["model_index"] = index
        info["siblings"] = [
            {"rfilename": f, "size": None, "blob_id": None, "lfs": None} for f in files
        ]
    return info


def write_json_lines(path: Path, records: list[dict]) -> Path:
    text = "".join(json.dumps(r, default=str) + "\n" for r in records)
    if path.suffix == ".gz":
        path.write_bytes(gzip.compress(text.encode()))
    else:
        path.write_text(text)
    return path


def write_json_array(path: Path, records: list[dict]) -> Path:
    text = json.dumps(records, default=str)
    if path.suffix == ".gz":
        path.write_bytes(gzip.compress(text.encode()))
    else:
        path.write_text(text)
    return path


def write_parquet(path: Path, records: list[dict]) -> Path:
    """Parquet as pandas writes it: nested values of varying types kept as text."""
    rows = [
        {k: (json.dumps(v) if isinstance(v, dict) else v) for k, v in r.items()} for r in records
    ]
    pq.write_table(pa.Table.from_pylist(rows), path)
    return path
