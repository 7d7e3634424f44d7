"""Saturation: cumulative unique codes by participant in interview order, and where new codes stopped.

The order is by interview date (a participant's earliest document; undated participants last, by id),
by participant id (natural order: P2 before P10), or an order the user gives (one id per line).
Saturation is reached at the first participant after whom the next k participants added no new code.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from qualcode.analysis.study import Study, require_codes
from qualcode.errors import ValidationError
from qualcode.ingest.participants import natural_key

ORDERS = ("date", "id")


@dataclass
class Saturation:
    """The result: order, one row per participant, where saturation was reached, and in words."""

    order: list[str]
    rows: pd.DataFrame  # participant, new_codes, cumulative, codes (new code keys, ", "-joined)
    saturated_at: str | None
    k: int
    total_codes: int
    left_out: list[str] = field(default_factory=list)
    statement: str = ""

    def to_dict(self) -> dict:
        """The JSON shape of `qualcode report saturation`."""
        return {
            "order": self.order,
            "rows": [
                {"participant": p, "new_codes": int(n), "cumulative": int(c)}
                for p, n, c in zip(
                    self.rows["participant"],
                    self.rows["new_codes"],
                    self.rows["cumulative"],
                    strict=True,
                )
            ],
            "saturated_at": self.saturated_at,
        }


def read_order_file(path: str | Path) -> list[str]:
    """Participant ids, one per line (first CSV column; blank lines and '#' comments skipped)."""
    path = Path(path)
    if not path.is_file():
        raise ValidationError(f"{path}: no such order file (expected one participant id per line)")
    ids = []
    for line in path.read_text(encoding="utf-8-sig").splitlines():
        value = line.split(",")[0].strip()
        if value and not value.startswith("#"):
            ids.append(value)
    if not ids:
        raise ValidationError(f"{path}: no participant ids in the order file")
    return ids


def participant_order(study: Study, order: str | list[str]) -> tuple[list[str], list[str]]:
    """The participants in the chosen order, and those a given order leaves out."""
    known = study.ordered_participants()
    if order == "id":
        return known, []
    if order == "date":
        dates = {
            who: date if isinstance(date, str) and date else None
            for who, date in zip(study.participants["who"], study.participants["date"], strict=True)
        }
        dated = sorted((p for p in known if dates[p]), key=lambda p: (dates[p], natural_key(p)))
        return dated + [p for p in known if not dates[p]], []
    if isinstance(order, str):
        raise ValidationError(f"unknown order {order!r} (expected date, id, or a file of ids)")
    unknown = [p for p in order if p not in set(known)]
    if unknown:
        raise ValidationError(
            f"the order names unknown participants: {', '.join(unknown)} (participants: {', '.join(known)})"
        )
    repeated = sorted({p for p in order if order.count(p) > 1}, key=natural_key)
    if repeated:
        raise ValidationError(f"the order names participants more than once: {', '.join(repeated)}")
    return list(order), [p for p in known if p not in set(order)]


def saturation(
    study: Study, order: str | list[str] = "date", k: int = 2, group: str | None = None
) -> Saturation:
    """New and cumulative unique codes per participant in order; saturation point for k."""
    if k < 1:
        raise ValidationError(f"k must be at least 1, got {k}")
    codes = require_codes(study, group)
    sequence, left_out = participant_order(study, order)
    codings = study.codings[study.codings["code"].isin(set(codes["code"]))]
    mentioned = codings.groupby("who")["code"].agg(set).to_dict()
    seen: set[str] = set()
    rows = []
    for who in sequence:
        new = [c for c in codes["code"] if c in mentioned.get(who, set()) and c not in seen]
        seen.update(new)
        rows.append((who, len(new), len(seen), ", ".join(new)))
    table = pd.DataFrame(rows, columns=["participant", "new_codes", "cumulative", "codes"])
    new_counts = list(table["new_codes"])
    saturated_at = None
    for index in range(len(sequence) - k):
        if all(n == 0 for n in new_counts[index + 1 : index + 1 + k]):
            saturated_at = sequence[index]
            break
    result = Saturation(sequence, table, saturated_at, k, len(seen), left_out)
    result.statement = describe(result)
    return result


def describe(result: Saturation) -> str:
    """The saturation result in plain words, as a paper would state it."""
    order = " → ".join(result.order)
    if result.saturated_at is None:
        text = (
            f"Saturation was not reached: no run of {result.k} consecutive participants without new "
            f"codes (order {order}; {result.total_codes} codes in all)."
        )
    else:
        index = result.order.index(result.saturated_at)
        following = result.order[index + 1 : index + 1 + result.k]
        by_then = int(result.rows["cumulative"].iloc[index])
        text = (
            f"Saturation was reached at {result.saturated_at}: the next {result.k} participants "
            f"({', '.join(following)}) added no new codes; {by_then} of the {result.total_codes} codes "
            f"had appeared by then (order {order}, k = {result.k})."
        )
        later = result.rows.iloc[index + 1 + result.k :]
        late = later[later["new_codes"] > 0]
        if not late.empty:
            text += (
                " Later participants still added new codes: "
                + "; ".join(
                    f"{p} ({n})"
                    for p, n in zip(late["participant"], late["new_codes"], strict=True)
                )
                + "."
            )
    if result.left_out:
        text += f" Left out of the given order: {', '.join(result.left_out)}."
    return text
