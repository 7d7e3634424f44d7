"""A REFI-QDA code set (<Set> with <MemberCode>s, as MAXQDA writes them) as a qualcode code group.

qualcode gives each code one group, so a set's codes join a new group of the set's name unless they
already belong to a group or sit under a parent code; those stay where they are and are counted."""

from __future__ import annotations

from dataclasses import dataclass

from qualcode.codebook.keys import make_key
from qualcode.codebook.schema import CodebookSpec, parse_codebook


@dataclass
class CodeSetResult:
    spec: CodebookSpec
    left_out: int


def add_code_set(spec: CodebookSpec, name: str, keys: list[str], source: str) -> CodeSetResult:
    """The codebook with a group `name` holding the set's free top-level codes (and their children)."""
    data = spec.to_dict()
    group_key = make_key(name, {g["key"] for g in data["groups"]})
    wanted, left_out = set(keys), 0
    by_key = {c["key"]: c for c in data["codes"]}
    moved: set[str] = set()
    for code in data["codes"]:
        if code["key"] not in wanted:
            continue
        if code.get("group") or code.get("parent"):
            left_out += 1
            continue
        moved.add(code["key"])
    if not moved:
        return CodeSetResult(spec, left_out)
    for code in data["codes"]:
        top = code
        while top.get("parent") and top["parent"] in by_key:
            top = by_key[top["parent"]]
        if top["key"] in moved:
            code["group"] = group_key
    data["groups"].append({"key": group_key, "name": name, "description": "", "exclusive": False})
    return CodeSetResult(parse_codebook(data, source), left_out)
