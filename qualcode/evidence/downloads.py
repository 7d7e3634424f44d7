"""Registry download counts: the study's `downloads,registry,` file (no header, CRLF, one count
written "141,424,941") and its top-20 files (header rows that differ: `,model,monthly_downloads`,
`model,weekly_downloads`, `,repo,monthly_downloads`; the registry is named by the file name).

A top-20 file is only the head of a distribution, so download_concentration (which needs every
package's count) is not computed from it.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pandas as pd

from qualcode.evidence.loaded import Loaded, record_error, require_file
from qualcode.evidence.registry_data import ModelTable

REGISTRIES = {"huggingface": "huggingface", "hf": "huggingface", "model": "huggingface",
              "npm": "npm", "pypi": "pypi"}  # fmt: skip
NAME_COLUMNS = ("model", "repo", "package", "name")


def _count(path: Path, line: int, text: str) -> int:
    cleaned = text.strip().replace(",", "").replace("_", "")
    if not re.fullmatch(r"\d+", cleaned):
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


def _headed(path: Path, rows: list[list[str]]) -> tuple[pd.DataFrame, dict]:
    header = [h.strip().lower() for h in rows[0]]
    name_col = next((i for i, h in enumerate(header) if h in NAME_COLUMNS), None)
    count_col = next((i for i, h in enumerate(header) if h.endswith("downloads")), None)
    if name_col is None or count_col is None:
        raise record_error(
            path,
            "line 1",
            f"expected a name column ({', '.join(NAME_COLUMNS)}) and a *downloads column, found {rows[0]}",
        )
    registry = _registry_from_name(path)
    names, counts = [], []
    for line, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) <= max(name_col, count_col):
            raise record_error(
                path, f"line {line}", f"expected {len(header)} fields, found {len(row)}"
            )
        names.append(row[name_col].strip())
        counts.append(_count(path, line, row[count_col]))
    period = "weekly" if header[count_col].startswith("weekly") else "monthly"
    frame = pd.DataFrame({"model_id": names, "hub": registry, "downloads": counts})
    return frame, {"layout": "top", "period": period, "registries": [registry]}


def _headless(path: Path, rows: list[list[str]]) -> tuple[pd.DataFrame, dict]:
    counts, registries = [], []
    for line, row in enumerate(rows, start=1):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) < 2 or not row[1].strip():
            raise record_error(
                path, f"line {line}", "expected 'downloads,registry,' (missing field 'registry')"
            )
        counts.append(_count(path, line, row[0]))
        registries.append(row[1].strip().lower())
    frame = pd.DataFrame({"hub": registries, "downloads": counts})
    return frame, {"layout": "all", "period": "monthly", "registries": sorted(set(registries))}


def load(path: Path) -> Loaded:
    """Read a downloads file; every row must carry a whole-number count (thousands separators allowed)."""
    try:
        text = require_file(path).read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise record_error(path, "file", "not UTF-8 text (expected a downloads CSV)") from exc
    rows = list(csv.reader(io.StringIO(text)))
    if not rows:
        raise record_error(path, "file", "no rows")
    first = rows[0][0].strip().replace(",", "") if rows[0] else ""
    frame, meta = _headless(path, rows) if first.isdigit() else _headed(path, rows)
    attributes = {"downloads"} if meta["layout"] == "all" else set()
    warnings = (
        []
        if attributes
        else ["only the top packages: download_concentration needs every package's count"]
    )
    return Loaded(ModelTable.from_frame(frame, attributes), len(frame), warnings, meta)
