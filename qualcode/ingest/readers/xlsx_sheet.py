"""The first sheet of an uploaded XLSX file as rows of cell text, for every sheet importer (answer
sheets, demographics, Qualtrics exports). The archive is checked for expansion bombs before a byte
is decompressed; then the sheet's XML is parsed as a stream (lxml iterparse), one `<row>` at a
time, each row let go once read: calamine held every cell of the sheet in memory (700 MB for a
40 MB Qualtrics export) and openpyxl took ~8 s for 24,000 answers.

Cells come out as they always have (calamine's reading, pandas' text; see xlsx_values): shared
and inline strings, numbers, booleans, dates, durations, formulas' saved results ("" when none
was saved), errors as "". Rows are numbered from the top of the sheet and columns from column A,
so row numbers in errors are the spreadsheet's."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator

from lxml import etree

from qualcode.errors import ValidationError
from qualcode.ingest.readers.safety import check_archive
from qualcode.ingest.readers.xlsx_package import (
    Workbook,
    excel_text,
    open_workbook,
    parser_options,
    t_text,
)
from qualcode.ingest.readers.xlsx_values import (
    DATE,
    DURATION,
    date_text,
    duration_text,
    iso_text,
    number_text,
    parse_number,
)

XLSX_SUFFIXES = (".xlsx", ".xlsm")
DIGITS = "0123456789"


def xlsx_rows(name: str, data: bytes) -> list[list[str]]:
    """Every row of the first sheet as cell texts, all as wide as the sheet's last column, empty
    cells "" (literal texts such as "NA" or "None" stay text, as in CSV)."""
    rows = list(xlsx_sheet(name, data))
    width = max(map(len, rows), default=0)
    for row in rows:
        row.extend([""] * (width - len(row)))
    return rows


def xlsx_sheet(name: str, data: bytes) -> XlsxSheet:
    """The first sheet of an XLSX file, read row by row (see XlsxSheet)."""
    return XlsxSheet(name, data)


class XlsxSheet:
    """The first sheet, its rows parsed from the file each time it is iterated. A row holds its
    cells up to its last filled one; an empty row between filled ones is [""], and empty rows
    after the last filled one are left out (as calamine did)."""

    def __init__(self, name: str, data: bytes) -> None:
        check_archive(name, data, None, "xlsx files")
        self.name = name
        try:
            self.book: Workbook = open_workbook(zipfile.ZipFile(io.BytesIO(data)))
        except Exception as exc:  # zipfile, lxml and a broken package raise many kinds
            raise self.unreadable(exc) from exc

    def unreadable(self, exc: Exception) -> ValidationError:
        return ValidationError(
            f"{self.name}: not a readable Excel file ({type(exc).__name__}: {exc})"
        )

    def __iter__(self) -> Iterator[list[str]]:
        try:
            yield from SheetCells(self.book).rows()
        except ValidationError:
            raise
        except Exception as exc:
            raise self.unreadable(exc) from exc


class SheetCells:
    """One pass over the sheet's XML: each `<c>` placed by its reference (or after the cell
    before it, when it has none), rows given in order once complete."""

    def __init__(self, book: Workbook) -> None:
        self.book = book
        self.columns: dict[str, int] = {}  # column letters -> index, as met

    def rows(self) -> Iterator[list[str]]:
        book, value_of = self.book, self.value
        namespace = tag_c = tag_v = tag_is = tag_f = tag_t = None
        row_index, current, done, cells = 0, -1, 0, []
        with book.open_sheet() as stream:
            for _, row in etree.iterparse(
                stream, events=("end",), tag="{*}row", **parser_options()
            ):
                if row.tag[:-3] != namespace:  # "{namespace}row"
                    namespace = row.tag[:-3]
                    tag_c, tag_v, tag_is, tag_f, tag_t = (
                        namespace + n for n in "c v is f t".split()
                    )
                number = row.get("r")
                if number is not None:
                    row_index = _row_number(number)
                column, unplaced = 0, None  # the next cell's column, or the last reference not read
                for c in row.iterchildren(tag_c):
                    ref = c.get("r")
                    value = None
                    for child in c:  # the last of <f>, <v>, <is> gives the value, as in calamine
                        tag = child.tag
                        if tag == tag_is:
                            first = child[0] if len(child) == 1 else None
                            if first is not None and first.tag == tag_t:
                                value = t_text(first)
                            else:
                                value = excel_text(child)
                        elif tag == tag_v:
                            value = value_of(c, child.text or "")
                        elif tag == tag_f:
                            value = None  # a formula: its saved result is the <v> after it
                        else:
                            raise ValueError(
                                f"unexpected <{etree.QName(child).localname}> in a cell"
                            )
                    if value is None:  # empty: no part of the sheet's extent (calamine)
                        if ref is None:
                            column = self.after(unplaced) if unplaced else column + 1
                            unplaced = None
                        else:
                            unplaced = ref
                        continue
                    at = row_index
                    if ref is None:
                        if unplaced:
                            column, unplaced = self.after(unplaced), None
                    else:
                        unplaced = None
                        letters = ref.rstrip(DIGITS)
                        column = self.columns.get(letters, -1)
                        if column < 0 or ref[len(letters) :] != number:
                            at, column = self.position(ref)
                    if at != current:
                        if at < current:
                            raise ValueError(f"row {at + 1} comes after row {current + 1}")
                        if cells:
                            yield from _blank_rows(done, current)
                            yield cells
                            done = current + 1
                        current, cells = at, []
                    if column == len(cells):
                        cells.append(value)
                    else:
                        cells.extend([""] * (column + 1 - len(cells)))
                        cells[column] = value
                    column += 1
                row_index += 1
                row.clear()
                while row.getprevious() is not None:
                    del row.getparent()[0]
        if cells:
            yield from _blank_rows(done, current)
            yield cells

    def after(self, ref: str) -> int:
        """The column after the cell `ref` (a cell without a reference follows it)."""
        return self.position(ref)[1] + 1

    def position(self, ref: str) -> tuple[int, int]:
        """(row, column) from 0 of a cell reference such as "AB12" (calamine's rules)."""
        letters = ref.rstrip(DIGITS)
        digits = ref[len(letters) :]
        if not (letters.isascii() and letters.isalpha() and digits):
            raise ValueError(f"'{ref}' is not a cell reference")
        if letters not in self.columns:
            index = 0
            for letter in letters.upper():
                index = index * 26 + ord(letter) - 64
            self.columns[letters] = index - 1
        return _row_number(digits), self.columns[letters]

    def value(self, c, text: str) -> str | None:
        """The text of a cell's `<v>` by the cell's type; None for an empty cell."""
        kind, book = c.get("t"), self.book
        if kind is None or kind == "n":
            if not text:
                return None
            number = parse_number(text)
            if number is None:
                if kind is None:
                    return text  # no type given: calamine keeps a text that is not a number
                raise ValueError(f"{text!r} in cell {c.get('r')} is not a number")
            shown = _style(book.styles, c.get("s"))
            if shown == DATE:
                return date_text(number, book.is_1904)
            return duration_text(number) if shown == DURATION else number_text(number)
        if kind == "s":
            if not text:
                return None
            index = int(text) if text.isascii() and text.isdigit() else 0
            if index >= len(book.strings):
                raise ValueError(f"cell {c.get('r')} names shared string {index}, not in the table")
            return book.strings[index]
        if kind in ("inlineStr", "is"):
            return None  # its text is in <is>; a <v> beside it is ignored
        if kind == "str":
            return text
        if kind == "b":
            return ("False" if text == "0" else "True") if text else None
        if kind == "e":
            return "" if text else None  # #N/A, #DIV/0! ...: read as an empty cell
        if kind == "d":
            return iso_text(text)
        raise ValueError(f"cell {c.get('r')} has the unknown type {kind!r}")


def _row_number(digits: str) -> int:
    """A row's index from 0, from its 1-based number."""
    if not (digits.isascii() and digits.isdigit()) or int(digits) < 1:
        raise ValueError(f"'{digits}' is not a row number")
    return int(digits) - 1


def _blank_rows(start: int, stop: int) -> Iterator[list[str]]:
    for _ in range(start, stop):
        yield [""]


def _style(styles: list[str], style: str | None) -> str:
    """The kind of number a cell style shows; calamine reads an unreadable index as 0."""
    if style is None:
        return ""
    index = int(style) if style.isascii() and style.isdigit() else 0
    return styles[index] if index < len(styles) else ""
