"""Registry download counts: the study's `downloads,registry,` file (no header, CRLF, one count
written "141,424,941") and its top-20 files (header rows that differ: `,model,monthly_downloads`,
`model,weekly_downloads`, `,repo,monthly_downloads`; the registry is named by the file name).

A top-20 file is only the head of a distribution, so download_concentration (which needs every
package's count) is not computed from it.
"""

from __future__ import annotations

import csv
import re
from array import array
from collections.abc import Iterator
from itertools import chain
from pathlib import Path

import numpy as np
import pandas as pd

from qualcode.evidence.loaded import Loaded, record_error, require_file
from qualcode.evidence.registry_data import ModelTable

REGISTRIES = {"huggingface": "huggingface", "hf": "huggingface", "model": "huggingface",
              "npm": "npm", "pypi": "pypi"}  # fmt: skip
NAME_COLUMNS = ("model", "repo", "package", "name")


def _count(path: Path, line: int, text: str) -> int:
    cleaned = text.strip().replace(",", "").replace("_", "")
    if not cleaned.isdecimal():  # what the pattern \d+ matches (Unicode decimal digits), faster
        raise record_error(path, f"line {line}", f"downloads '{text}' is not a whole number")
    return int(cleaned)


def _registry_from_name(path: Path) -> str:
    words = re.findall(r"[a-z]+", path.stem.lower().replace("top20", "top "))
    for word in words:
        if word in REGISTRIES:
            return REGISTRIES[word]
    raise record_error(
        path, "file name", "name the registry (npm, pypi, model or huggingface) in the file name"
    )


def _headed(
    path: Path, header_row: list[str], rows: Iterator[list[str]]
) -> tuple[pd.DataFrame, dict]:
    header = [h.strip().lower() for h in header_row]
    name_col = next((i for i, h in enumerate(header) if h in NAME_COLUMNS), None)
    count_col = next((i for i, h in enumerate(header) if h.endswith("downloads")), None)
    if name_col is None or count_col is None:
        raise record_error(
            path,
            "line 1",
            f"expected a name column ({', '.join(NAME_COLUMNS)}) and a *downloads column, found {header_row}",
        )
    registry = _registry_from_name(path)
    names, counts = [], array("q")
    for line, row in enumerate(rows, start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) <= max(name_col, count_col):
            raise record_error(
                path, f"line {line}", f"expected {len(header)} fields, found {len(row)}"
            )
        names.append(row[name_col].strip())
        counts.append(_count(path, line, row[count_col]))
    period = "weekly" if header[count_col].startswith("weekly") else "monthly"
    frame = pd.DataFrame({"model_id": names, "hub": registry, "downloads": np.asarray(counts)})
    return frame, {"layout": "top", "period": period, "registries": [registry]}


def _headless(path: Path, first: list[str], rows: Iterator[list[str]]) -> tuple[pd.DataFrame, dict]:
    counts, registries = array("q"), array("l")  # registry codes: a file of millions of rows
    names: dict[str, int] = {}
    for line, row in enumerate(chain([first], rows), start=1):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) < 2 or not row[1].strip():
            raise record_error(
                path, f"line {line}", "expected 'downloads,registry,' (missing field 'registry')"
            )
        counts.append(_count(path, line, row[0]))
        registries.append(names.setdefault(row[1].strip().lower(), len(names)))
    hub = pd.Categorical.from_codes(np.asarray(registries), categories=list(names))
    frame = pd.DataFrame({"hub": hub, "downloads": np.asarray(counts)})
    return frame, {"layout": "all", "period": "monthly", "registries": sorted(names)}


def load(path: Path) -> Loaded:
    """Read a downloads file; every row must carry a whole-number count (thousands separators allowed).

    Rows are read one at a time and kept as numbers, so a file of millions of rows fits the upload
    cap's memory budget."""
    try:
        with require_file(path).open(encoding="utf-8-sig", newline="") as handle:
            rows = csv.reader(handle)
            header = next(rows, None)
            if header is None:
                raise record_error(path, "file", "no rows")
            first = header[0].strip().replace(",", "") if header else ""
            frame, meta = (
                _headless(path, header, rows) if first.isdigit() else _headed(path, header, rows)
            )
    except UnicodeDecodeError as exc:
        raise record_error(path, "file", "not UTF-8 text (expected a downloads CSV)") from exc
    attributes = {"downloads"} if meta["layout"] == "all" else set()
    warnings = (
        []
        if attributes
        else ["only the top packages: download_concentration needs every package's count"]
    )
    return Loaded(ModelTable.from_frame(frame, attributes), len(frame), warnings, meta)
