"""PTMTorrent's unified JSON (a list of models), checked against its schema.

Required per model: id, ModelHub{ModelHubName, ModelHubURL, MetadataFilePath, MetadataObjectID},
ModelName, ModelOwner, ModelURL, ModelOwnerURL, LatestGitCommitSHA. Real files deviate from the
schema in known ways (MetadataObjectID as a string; older files' single-string ModelPaperDOI): they
load, and each deviation is listed as a warning with the number of records it affects.
An optional field that no record carries (e.g. Datasets) was not collected for that hub, so the
metrics that need it are absent rather than 100% "missing".
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pandas as pd

from qualcode.evidence.loaded import Loaded, record_error, require_file
from qualcode.evidence.registry_data import ModelTable
from qualcode.validation import load_json

REQUIRED = ("id", "ModelHub", "ModelName", "ModelOwner", "ModelURL", "ModelOwnerURL",
            "LatestGitCommitSHA")  # fmt: skip
HUB_REQUIRED = ("ModelHubName", "ModelHubURL", "MetadataFilePath", "MetadataObjectID")
OPTIONAL = {"ModelTask": "task", "Datasets": "dataset", "ModelPaperDOIs": "paper",
            "ModelArchitecture": "architecture"}  # fmt: skip


def _read(path: Path) -> list:
    document = load_json(require_file(path).read_bytes(), str(path))
    if isinstance(document, dict):
        document = [document]
    if not isinstance(document, list):
        raise record_error(path, "file", "expected a JSON list of PTMTorrent models")
    return document


def _label(index: int, record: dict) -> str:
    return f"record {index + 1}" + (f" (id {record['id']})" if "id" in record else "")


def _check(path: Path, index: int, record: object, deviations: Counter) -> None:
    if not isinstance(record, dict):
        raise record_error(path, f"record {index + 1}", "expected an object (a PTMTorrent model)")
    for name in REQUIRED:
        if name not in record:
            raise record_error(path, _label(index, record), f"missing required field '{name}'")
    hub = record["ModelHub"]
    if not isinstance(hub, dict):
        raise record_error(path, _label(index, record), "field 'ModelHub' must be an object")
    for name in HUB_REQUIRED:
        if name not in hub:
            raise record_error(
                path, _label(index, record), f"missing required field 'ModelHub.{name}'"
            )
    if not isinstance(record["id"], int):
        deviations["'id' is not an integer"] += 1
    if not isinstance(hub["MetadataObjectID"], int):
        deviations["'ModelHub.MetadataObjectID' is a string, the schema says integer"] += 1
    if "ModelPaperDOI" in record:
        deviations["'ModelPaperDOI' (one string) instead of 'ModelPaperDOIs' (a list)"] += 1
    if "Datasets" in record and not isinstance(record["Datasets"], list):
        raise record_error(path, _label(index, record), "field 'Datasets' must be a list")


def _dois(record: dict) -> list[str]:
    if "ModelPaperDOIs" in record:
        value = record["ModelPaperDOIs"]
        return [v for v in (value if isinstance(value, list) else [value]) if v]
    single = record.get("ModelPaperDOI")
    return [single] if single else []


def _row(record: dict) -> dict:
    datasets = [
        str(d.get("DatasetName") if isinstance(d, dict) else d)
        for d in record.get("Datasets") or []
    ]
    architecture = record.get("ModelArchitecture")
    return {
        "model_id": f"{record['ModelOwner']}/{record['ModelName']}",
        "owner": record["ModelOwner"] or None,
        "name": record["ModelName"],
        "hub": record["ModelHub"]["ModelHubName"],
        "task": record.get("ModelTask") or None,
        "datasets": datasets,
        "papers": _dois(record),
        "architectures": [architecture] if architecture else [],
    }


def load(path: Path) -> Loaded:
    """Parse and check a PTMTorrent JSON file; every deviation from the schema becomes a warning."""
    records = _read(path)
    deviations: Counter = Counter()
    for index, record in enumerate(records):
        _check(path, index, record, deviations)
    warnings = [f"{text}: {n} of {len(records)} records" for text, n in deviations.items()]
    present = {field for record in records for field in record}
    if "ModelPaperDOI" in present:
        present.add("ModelPaperDOIs")
    attributes = set()
    for field, attribute in OPTIONAL.items():
        if field in present:
            attributes.add(attribute)
        else:
            warnings.append(
                f"no record carries '{field}' (optional in the schema): metrics needing "
                f"{attribute} are absent for this source"
            )
    frame = pd.DataFrame([_row(r) for r in records])
    hubs = sorted(set(frame["hub"])) if len(frame) else []
    return Loaded(ModelTable.from_frame(frame, attributes), len(records), warnings, {"hubs": hubs})
