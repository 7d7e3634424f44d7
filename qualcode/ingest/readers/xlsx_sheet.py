"""The first sheet of an uploaded XLSX file as rows of cell text, for every sheet importer (answer
sheets, demographics, Qualtrics exports). The archive is checked for expansion bombs before a byte
is decompressed; then calamine (Rust) reads it in linear time, where openpyxl took ~8 s for
24,000 answers. pandas turns calamine's cells into the same values openpyxl gives (dates as
datetimes, whole numbers as integers), so either engine yields the same rows."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import date, datetime

from qualcode.errors import ValidationError
from qualcode.ingest.readers.safety import check_archive

XLSX_SUFFIXES = (".xlsx", ".xlsm")


def xlsx_rows(name: str, data: bytes, engine: str = "calamine") -> list[list[str]]:
    """Every row of the first sheet as cell texts, empty cells "" (literal texts such as "NA" or
    "None" stay text, as in CSV); formulas give their cached value, or "" when none was saved."""
    if engine == "calamine":
        return list(xlsx_sheet(name, data))
    return _pandas_rows(name, data, engine)


def _cell_text(value: object) -> str:
    """A calamine cell as pandas' read_excel(dtype=str) writes it: whole floats as integers,
    dates as midnight datetimes, everything else its str()."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, date) and not isinstance(value, datetime):
        return str(datetime(value.year, value.month, value.day))
    return str(value)


class XlsxSheet:
    """The first sheet, its rows given one at a time (as often as iterated): calamine keeps the
    cells in compact Rust memory and each row becomes Python text only when it is read, where a
    pandas frame held every cell as a Python object at once (hundreds of MB for a 50 MB sheet)."""

    def __init__(self, name: str, data: bytes) -> None:
        from python_calamine import CalamineWorkbook

        check_archive(name, data, None, "xlsx files")
        try:
            self.sheet = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0)
            start = self.sheet.start  # iter_rows leaves out the empty columns left of it
            self.padding = [""] * (start[1] if start else 0)
        except Exception as exc:  # calamine raises many kinds for broken files
            raise ValidationError(
                f"{name}: not a readable Excel file ({type(exc).__name__}: {exc})"
            ) from exc

    def __iter__(self) -> Iterator[list[str]]:
        for row in self.sheet.iter_rows():
            yield self.padding + [_cell_text(cell) for cell in row]


def xlsx_sheet(name: str, data: bytes) -> XlsxSheet:
    """The first sheet of an XLSX file, read row by row (see XlsxSheet); errors as xlsx_rows."""
    return XlsxSheet(name, data)


def _pandas_rows(name: str, data: bytes, engine: str) -> list[list[str]]:
    import pandas as pd

    check_archive(name, data, None, "xlsx files")
    try:
        frame = pd.read_excel(
            io.BytesIO(data), sheet_name=0, header=None, dtype=str, na_filter=False, engine=engine
        )
    except Exception as exc:  # the engines raise many kinds for broken files
        raise ValidationError(
            f"{name}: not a readable Excel file ({type(exc).__name__}: {exc})"
        ) from exc
    return frame.to_numpy().tolist()
