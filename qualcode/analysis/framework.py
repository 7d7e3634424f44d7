"""Framework matrix (framework analysis): participants x codes (or groups), each cell holding that
participant's coded quotes and memos for the code, in document order.
"""

from __future__ import annotations

import pandas as pd

from qualcode.analysis.study import Study, require_codes
from qualcode.errors import ValidationError

BY = ("code", "group")
WHOLE_DOCUMENT = "(whole document)"


def _cell(part: pd.DataFrame, with_code: bool) -> str:
    lines = []
    for quote, memo, coder, name in zip(
        part["quote"], part["memo"], part["coder"], part["code_name"], strict=True
    ):
        prefix = f"[{name}] " if with_code else ""
        text = f"“{quote.strip()}”" if quote.strip() else WHOLE_DOCUMENT
        lines.append(f"{prefix}{text} ({coder})")
        if memo and memo.strip():
            lines.append(f"  Memo: {memo.strip()}")
    return "\n".join(lines)


def framework_matrix(study: Study, group: str | None = None, by: str = "code") -> pd.DataFrame:
    """Rows: participants (natural order); columns: code names (or group names); cells: quotes and memos."""
    if by not in BY:
        raise ValidationError(f"unknown framework columns {by!r} (expected code or group)")
    codes = require_codes(study, group)
    codings = study.codings[study.codings["code"].isin(set(codes["code"]))]
    codings = codings.sort_values(["who", "document_id", "start", "coding_id"], na_position="first")
    if by == "code":
        columns = list(codes["name"])
        key = codings["code"].map(dict(zip(codes["code"], codes["name"], strict=True)))
    else:
        names = study.groups.set_index("key")["name"].to_dict()
        used = [g for g in dict.fromkeys(codes["group"]) if g]
        columns = [names[g] for g in used]
        key = codings["group"].map(names)
    cells = {
        (who, column): _cell(part, with_code=by == "group")
        for (who, column), part in codings.groupby([codings["who"], key], sort=False)
    }
    participants = study.ordered_participants()
    matrix = pd.DataFrame(
        [[cells.get((who, column), "") for column in columns] for who in participants],
        columns=columns,
    )
    matrix.insert(0, "participant", participants)
    return matrix


def framework_sheets(study: Study, group: str | None = None) -> dict[str, pd.DataFrame]:
    """One matrix per group (sheet name: group name), or just the one group when given."""
    if group is not None:
        codes = require_codes(study, group)
        name = study.groups.set_index("key")["name"].get(codes["group"].iloc[0]) or group
        return {name: framework_matrix(study, group)}
    sheets = {}
    for key, name in zip(study.groups["key"], study.groups["name"], strict=True):
        if (study.codes["group"] == key).any():
            sheets[name] = framework_matrix(study, key)
    if (study.codes["group"] == "").any():
        ungrouped = study.codes[study.codes["group"] == ""]
        sub = Study(
            study.codings,
            ungrouped,
            study.groups,
            study.participants,
            study.documents,
            study.choice,
        )
        sheets["Ungrouped"] = framework_matrix(sub)
    return sheets
