"""Plain lists of model ids, one a line (`owner/name`, or a bare name for the Hub's early models).

The list's order is kept: with no download counts, it stands for popularity (most popular first),
which is how the study's 2022-08 list is ordered.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from qualcode.evidence.loaded import Loaded, record_error, require_file
from qualcode.evidence.registry_data import ModelTable

MODEL_ID = re.compile(r"^[A-Za-z0-9][\w.\-]*(/[\w.\-]+)?$")


def load(path: Path) -> Loaded:
    """Read a model id list; a line that is not a model id is an error naming its line.

    Read line by line and split into owner and name inside DuckDB, so a list of millions of ids
    holds each id once in Python (the upload cap's memory budget), not a text, its lines and parts.
    """
    ids: list[str] = []
    duplicates = 0
    seen: set[str] = set()
    try:
        with require_file(path).open(encoding="utf-8") as lines:
            for number, line in enumerate(lines, start=1):
                model_id = line.strip()
                if not model_id:
                    continue
                if not MODEL_ID.match(model_id):
                    raise record_error(
                        path, f"line {number}", f"'{model_id[:80]}' is not a model id (owner/name)"
                    )
                if model_id in seen:
                    duplicates += 1
                    continue
                seen.add(model_id)
                ids.append(model_id)
    except UnicodeDecodeError as exc:
        raise record_error(path, "file", "not UTF-8 text (expected one model id a line)") from exc
    del seen
    if not ids:
        raise record_error(path, "file", "no model ids")
    table = ModelTable.from_frame(pd.DataFrame({"model_id": ids, "hub": "Hugging Face"}), {"ids"})
    count = len(ids)
    del ids
    table.split_owner_and_name()
    warnings = [f"{duplicates} repeated ids read once"] if duplicates else []
    return Loaded(table, count, warnings)
