"""From codings to reliability data: which code each coder applied to each unit of analysis.

Units are whole documents, segments (turns, sentences, paragraphs) or characters. A coder's
span applies a code to a segment when it overlaps the segment by at least `min_overlap` of the
segment's length (0: any overlap). A coder who made no coding at all in a document has no
values (missing) for that document's units. Whole-document codings count only for the document
unit: they say that a participant mentioned a code, not where. Character units are grouped
into runs where no coding starts or ends, each run weighted by its length, which gives the same
coefficients as one unit per character at a fraction of the cost.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

UNITS = ("document", "turn", "sentence", "paragraph", "character")


@dataclass(frozen=True)
class SpanCoding:
    """One coding reduced to what agreement needs (coder and code as row indices)."""

    document_id: int
    coder: int
    code: int
    start: int | None
    end: int | None


@dataclass(frozen=True)
class CodingArrays:
    """Many codings as parallel arrays (start = end = -1 for whole-document codings)."""

    document_id: np.ndarray
    coder: np.ndarray
    code: np.ndarray
    start: np.ndarray
    end: np.ndarray

    @classmethod
    def of(cls, codings: list[SpanCoding]) -> CodingArrays:
        def column(values) -> np.ndarray:
            return np.fromiter(
                (-1 if v is None else v for v in values), dtype=np.int64, count=len(codings)
            )

        return cls(*(column(getattr(c, name) for c in codings)
                     for name in ("document_id", "coder", "code", "start", "end")))  # fmt: skip


@dataclass
class UnitTable:
    """Reliability data for every code at once: codes x coders x units, plus who coded what."""

    unit: str
    coders: list[str]
    codes: list[str]
    document_ids: np.ndarray  # per unit
    starts: np.ndarray  # per unit, offsets into the document's text
    ends: np.ndarray
    present: np.ndarray  # coders x units: the coder coded the unit's document
    applied: np.ndarray  # codes x coders x units
    weights: np.ndarray | None = None  # characters per unit (character unit only)
    min_overlap: float = 0.0
    notes: list[str] = field(default_factory=list)

    @property
    def n_units(self) -> int:
        return int(self.present.shape[1] if self.weights is None else self.weights.sum())

    def binary_values(self, code: int) -> np.ndarray:
        """Coders x units: 1.0 applied, 0.0 not applied, NaN missing."""
        return np.where(self.present, self.applied[code].astype(float), np.nan)

    def pooled_values(self, codes: list[int]) -> tuple[np.ndarray, np.ndarray | None]:
        """Several codes as one binary variable over (code, unit) pairs, with their weights."""
        values = np.concatenate([self.binary_values(c) for c in codes], axis=1)
        weights = None if self.weights is None else np.tile(self.weights, len(codes))
        return values, weights

    def nominal_values(self, codes: list[int]) -> tuple[np.ndarray, int]:
        """An exclusive group as one nominal variable: 0 no code of the group, k the k-th code.

        A coder who gave one unit two codes of the group has no value for it; the second
        element is how many such (coder, unit) conflicts there were.
        """
        chosen = self.applied[codes]
        count = chosen.sum(axis=0)
        values = (np.argmax(chosen, axis=0) + 1).astype(float)
        values[count == 0] = 0.0
        conflicts = (count > 1) & self.present
        values[conflicts | ~self.present] = np.nan
        weights = np.ones(count.shape[1]) if self.weights is None else self.weights
        return values, int((conflicts * weights[None, :]).sum())


def _apply_spans(
    unit_starts: np.ndarray,
    unit_ends: np.ndarray,
    spans: np.ndarray,
    min_overlap: float,
) -> tuple[np.ndarray, np.ndarray]:
    """(span row, unit index) pairs where a span covers a unit by at least min_overlap of it.

    Units and spans are in one global coordinate system (documents laid end to end), units sorted.
    """
    running_end = np.maximum.accumulate(unit_ends) if len(unit_ends) else unit_ends
    first = np.searchsorted(running_end, spans[:, 0], side="right")
    last = np.searchsorted(unit_starts, spans[:, 1], side="left")
    lengths = np.maximum(last - first, 0)
    rows = np.repeat(np.arange(len(spans)), lengths)
    offsets = np.arange(lengths.sum()) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    units = np.repeat(first, lengths) + offsets
    overlap = np.minimum(spans[rows, 1], unit_ends[units]) - np.maximum(
        spans[rows, 0], unit_starts[units]
    )
    size = np.maximum(unit_ends[units] - unit_starts[units], 1)
    keep = (overlap > 0) & (overlap >= min_overlap * size)
    return rows[keep], units[keep]


def character_runs(length: int, boundaries: list[int]) -> list[tuple[int, int]]:
    """The text [0, length) cut at every coding boundary: runs no coding starts or ends inside."""
    cuts = sorted({0, length, *(b for b in boundaries if 0 < b < length)})
    return list(zip(cuts[:-1], cuts[1:], strict=False))


def unit_table(
    unit: str,
    coders: list[str],
    codes: list[str],
    units_by_document: dict[int, list[tuple[int, int]]],
    codings: list[SpanCoding] | CodingArrays,
    coded_documents: set[tuple[int, int]],
    min_overlap: float = 0.0,
) -> UnitTable:
    """Build the reliability data of every code from units and codings (pure: no database).

    `units_by_document` maps each document to its units as (start, end) offsets, in text order
    (for the character unit: the character runs); `coded_documents` holds (coder, document)
    pairs where the coder made any coding at all. Time and memory linear in units and codings.
    """
    if not isinstance(codings, CodingArrays):
        codings = CodingArrays.of(codings)
    if unit not in UNITS:
        raise ValueError(f"unknown unit {unit!r} (expected one of: {', '.join(UNITS)})")
    if not 0.0 <= min_overlap <= 1.0:
        raise ValueError(f"min_overlap must be between 0 and 1, not {min_overlap}")
    document_ids, starts, ends, base = [], [], [], {}
    position, first_unit = {}, []
    offset = 0
    for document_id, spans in units_by_document.items():
        base[document_id] = offset
        position[document_id] = len(position)
        first_unit.append(len(document_ids))
        ordered = sorted(spans)
        document_ids.extend([document_id] * len(ordered))
        starts.extend(a for a, _ in ordered)
        ends.extend(b for _, b in ordered)
        offset += (max((b for _, b in ordered), default=0)) + 1
    document_ids = np.asarray(document_ids, dtype=np.int64)
    starts = np.asarray(starts, dtype=np.int64)
    ends = np.asarray(ends, dtype=np.int64)
    unit_document = np.asarray([position[d] for d in document_ids.tolist()], dtype=np.int64)
    bases = np.asarray([base[d] for d in units_by_document], dtype=np.int64)[unit_document]

    # Who coded which document, spread to its units in one step (linear in the units).
    coded = np.zeros((len(coders), len(position)), dtype=bool)
    pairs = [(coder, position[d]) for coder, d in coded_documents if d in position]
    if pairs:
        coded[tuple(np.asarray(pairs).T)] = True
    present = coded[:, unit_document]
    applied = np.zeros((len(codes), len(coders), len(document_ids)), dtype=bool)
    notes = []
    ids = np.asarray(list(units_by_document), dtype=np.int64)  # position -> document id
    order = np.argsort(ids)
    slot = np.minimum(np.searchsorted(ids[order], codings.document_id), max(len(ids) - 1, 0))
    inside = ids[order][slot] == codings.document_id if len(ids) else np.zeros(len(slot), bool)
    position_of = order[slot] if len(ids) else slot  # each coding's document position
    whole = inside & (codings.start < 0)
    located = inside & (codings.start >= 0)
    if unit == "document" and whole.any():  # one unit per document
        first = np.asarray(first_unit, dtype=np.int64)[position_of[whole]]
        applied[codings.code[whole], codings.coder[whole], first] = True
    elif whole.any():
        notes.append(
            f"{int(whole.sum())} whole-document codings were left out: they do not say where in the text a code applies"
        )
    if located.any():
        offset_of = np.asarray(list(base.values()), dtype=np.int64)[position_of[located]]
        spans = np.stack(
            [offset_of + codings.start[located], offset_of + codings.end[located]], axis=1
        )
        rows, units = _apply_spans(starts + bases, ends + bases, spans, min_overlap)
        applied[codings.code[located][rows], codings.coder[located][rows], units] = True
    weights = (ends - starts).astype(float) if unit == "character" else None
    return UnitTable(
        unit, coders, codes, document_ids, starts, ends, present, applied, weights, min_overlap,
        notes,
    )  # fmt: skip
