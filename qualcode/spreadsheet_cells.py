"""Cells that are safe to open in a spreadsheet: the one guard every CSV and XLSX writer uses.

Excel, LibreOffice and Google Sheets run a cell as a formula when its text starts with `=`, `+`,
`-` or `@` (and some treat a leading tab or carriage return the same way). A respondent's answer
or a line of transcript could then exfiltrate data (`=HYPERLINK(...)`) or run commands. OWASP's
advice is followed: such text gets a leading apostrophe, which every spreadsheet shows as text.
Numbers (int, float, bool) are never touched, so they stay numbers.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
GUARD = "'"


def neutralise(value: object) -> object:
    """`value` with a leading apostrophe when it is text a spreadsheet would run as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return GUARD + value
    return value


def restore(value: str) -> str:
    """Undo `neutralise` on text read back from one of our own CSV files (for re-import)."""
    if value.startswith(GUARD) and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value


def neutralise_frame(frame):  # pandas.DataFrame -> pandas.DataFrame (pandas imported lazily)
    """A copy of the DataFrame whose text cells (and column names) are neutralised."""
    safe = frame.copy()
    safe.columns = [neutralise(c) for c in safe.columns]
    for position, dtype in enumerate(safe.dtypes):
        if getattr(dtype, "kind", "O") not in "biufcmM":  # text, object or category columns
            safe.isetitem(position, safe.iloc[:, position].astype(object).map(neutralise))
    return safe


def csv_text(header: Sequence[str], rows: Iterable[Sequence[object] | Mapping[str, object]]) -> str:
    """CSV text (header + rows, `\\n` line ends) with every text cell neutralised.

    Rows are sequences in header order or mappings keyed by header names (missing keys are empty,
    extra keys are ignored).
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    # With `\n` line ends the csv module would leave a lone `\r` unquoted; such rows quote all.
    quoting_all = csv.writer(out, lineterminator="\n", quoting=csv.QUOTE_ALL)
    for values in _rows(header, rows):
        cells = ["" if _missing(v) else neutralise(v) for v in values]
        has_cr = any(isinstance(c, str) and "\r" in c for c in cells)
        (quoting_all if has_cr else writer).writerow(cells)
    return out.getvalue()


def frame_csv_text(frame) -> str:  # pandas.DataFrame -> str
    """A DataFrame as CSV text through `csv_text` (missing values empty, no index)."""
    return csv_text(list(frame.columns), frame.itertuples(index=False, name=None))


def _missing(value: object) -> bool:
    """None, NaN and pandas' NA/NaT are written as empty cells."""
    if value is None:
        return True
    try:
        return bool(value != value)
    except TypeError:  # pandas.NA refuses bool()
        return True


def _rows(header: Sequence[str], rows: Iterable[Sequence[object] | Mapping[str, object]]):
    yield header
    for row in rows:
        yield [row.get(h) for h in header] if isinstance(row, Mapping) else row
